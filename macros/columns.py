"""Columns and tables: one `Column` class and one `Table` class for every table the handbook shows or exports.

A `Column` says everything about one column: its Swedish header, the dotted YAML key it is exported
and imported under, how an imported cell becomes a YAML value, and how it shows on the page (header,
cell, numeric alignment, sort key), on a record's own page, and who may read it. A `Table` holds rows
and a context (reference date, page, lookups) and can be filtered, sorted and rendered; the export
reads the same columns. The pattern is the one of pydantic's documentation (`conversion_table.py`):
typed rows, one table object, named predicates. A register declares its columns once, in
macros/registers/<name>.py; `table()` renders a small table that is no register (a scale, a matrix).

Tables are emitted as raw HTML blocks, one row per line: Python-Markdown leaves them alone, so a `|`,
`*` or newline in data can never shift a column or become formatting. Every cell that is not Markup
passes through `render.text()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any, Generic

from markupsafe import Markup
from pydantic import BaseModel
from typing_extensions import TypeVar

from .audience import Audience
from .render import NOT_INDEXED, text

# A small table that is no register (`Column("Nivå", numeric=True)`) needs neither: both default to Any.
R = TypeVar("R", default=Any)  # one row: a record of the register, or a record with what is computed for it
X = TypeVar("X", default=Any)  # what the cells need besides the row: reference date, page, lookups


# --- Cells: spreadsheet text <-> YAML values ------------------------------------------------------

# Control characters Excel files cannot hold. Word's soft line break (vertical tab) becomes a line break.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text without control characters: a vertical tab becomes a line break, the others are dropped."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: "\n" if m.group() == "\v" else "", text)


def parse_text(raw: Any) -> Any:
    """An imported cell as a YAML value: a date as ISO text, text cleaned and trimmed, others unchanged."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return clean_text(raw).strip() if isinstance(raw, str) else raw


def parse_int(raw: Any) -> Any:
    """An imported cell that holds a whole number (a level, a year): 3.0 and "3" become 3."""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    value = parse_text(raw)
    return int(value) if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value) else value  # not ٣ or ³


def export_cell(value: Any) -> Any:
    """A YAML value as a spreadsheet cell: ja/nej, lists joined with commas, enums as their Swedish text."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "value"):  # enums
        return value.value
    return clean_text(value) if isinstance(value, str) else value


@cache
def field_names(model: type[BaseModel]) -> dict[str, str]:
    """YAML name (alias) -> attribute name of a model's fields."""
    return {(f.alias or name): name for name, f in model.model_fields.items()}


def lookup(record: object, key: str) -> Any:
    """The value at a dotted YAML key (`klassning.K`) of a record; None when absent."""
    node: Any = record
    for part in key.split("."):
        if not isinstance(node, BaseModel):
            return None
        node = getattr(node, field_names(type(node)).get(part, ""), None)
    return node


# --- The spec ---------------------------------------------------------------------------------------


class Stamp(StrEnum):
    """What a stamp column says about every exported row."""

    OWN_VERSION = "version"  # the register's own version (the SoA, the audit programme, the exercises)
    HANDBOOK_VERSION = "handbook"  # the handbook's edition (edition.py)
    AS_OF = "as_of"  # the reference date the row is computed for


@dataclass(frozen=True)
class Column(Generic[R, X]):
    """One column of a register: spreadsheet header and key, import parser, page header and cell."""

    header: str  # Swedish header in the spreadsheet; also on the page unless `page` says otherwise
    key: str | None = None  # dotted YAML key: exported from and imported into this key
    parse: Callable[[Any], Any] = parse_text  # imported cell -> YAML value (only with `key`)
    export: Callable[[R, X], Any] | None = None  # a computed export value (a column without `key`)
    dated: bool = False  # the export header says which reference date the value is computed for
    page: str | None = None  # header on the page; "" keeps `header`; None: not on the page
    cell: Callable[[R, X], object] | None = None  # page cell; default: the exported value
    numeric: bool = False
    sort: Callable[[R], Any] | None = None  # sort key of the register's default order
    shown: Callable[[X], bool] | None = None  # on the page only when this holds (e.g. aspects in the scale)
    section: str | None = None  # heading of the record's own page that lists this fact; None: not there
    fact: Callable[[R, X], tuple[str, object]] | None = None  # (label, value) there; default: header, value
    audience: Audience | None = None  # who may read this field; None: the register's audience
    stamp: Stamp | None = None  # a stamp column: the same value on every exported row

    @property
    def exported(self) -> bool:
        return self.key is not None or self.export is not None

    def export_header(self, as_of: date) -> str:
        return f"{self.header} per {as_of.isoformat()}" if self.dated else self.header

    def export_value(self, record: R, context: X) -> Any:
        if self.export is not None:  # a computed value may hold record text too: cleaned the same way
            return export_cell(self.export(record, context))
        return export_cell(lookup(record, self.key)) if self.key else None

    def on_page(self, context: X) -> bool:
        return self.page is not None and (self.shown is None or self.shown(context))

    def fact_row(self, record: R, context: X) -> tuple[str, object]:
        """This column as one row of the record's own page (label, value); "–" for an empty value."""
        if self.fact is not None:
            return self.fact(record, context)
        value = self.export_value(record, context)
        return self.header, "–" if value is None or value == "" else value

    def page_cell(self, record: R, context: X) -> object:
        """The cell on the page: `cell`, else the exported value, with "–" for an empty one (as on a record's page)."""
        if self.cell is not None:
            return self.cell(record, context)
        value = self.export_value(record, context)
        return "–" if value is None or value == "" else value


# The stamp on every exported row: which edition it shows and which reference date it is computed for.
HANDBOOK_STAMP = ("Handbokens version", "Beräknat per")  # registers without a version of their own
OWN_STAMP = ("Version", "Beräknat per")  # registers with a version of their own (the SoA, the audit programme)


# While the handbook holds made-up example data (organisation.yaml, exempeldata: ja), every exported row
# says so in a last column: a copied row must not pass for the district's own record.
EXAMPLE_HEADER = "Exempeldata"
EXAMPLE_VALUE = "ja, påhittade uppgifter"


def marked_as_example(headers: list[str], rows: list[list[Any]], example: bool) -> tuple[list[str], list[list[Any]]]:
    """`headers` and `rows` with the example column added when `example` is true, else as they are."""
    if not example:
        return headers, rows
    return [*headers, EXAMPLE_HEADER], [[*row, EXAMPLE_VALUE] for row in rows]


def stamp_columns(names: tuple[str, str]) -> tuple[Column[Any, Any], Column[Any, Any]]:
    """The two stamp columns, for a register whose context has `version` and `as_of`."""
    version = Stamp.OWN_VERSION if names == OWN_STAMP else Stamp.HANDBOOK_VERSION
    return (Column(names[0], export=lambda r, x: x.version, stamp=version),
            Column(names[1], export=lambda r, x: x.as_of, stamp=Stamp.AS_OF))


@dataclass(frozen=True)
class Table(Generic[R, X]):
    """Rows of one register with their columns: filter, sort, render as HTML, export as cells."""

    columns: tuple[Column[R, X], ...]
    rows: tuple[R, ...]
    context: X

    def filtered(self, predicate: Callable[[R], bool]) -> Table[R, X]:
        return replace(self, rows=tuple(r for r in self.rows if predicate(r)))

    def sorted(self) -> Table[R, X]:
        """Rows in the order of the columns that have a sort key, leftmost first."""
        keys = [c.sort for c in self.columns if c.sort is not None]
        return replace(self, rows=tuple(sorted(self.rows, key=lambda r: tuple(k(r) for k in keys))))

    def sliced(self, start: int, stop: int) -> Table[R, X]:
        return replace(self, rows=self.rows[start:stop])

    def showing(self, columns: Sequence[Column[R, X]]) -> Table[R, X]:
        """The same rows with other columns of the register (a view: the dashboard's, the review's)."""
        return replace(self, columns=tuple(columns))

    def readable_by(self, audience: Audience) -> Table[R, X]:
        """The same rows without the columns `audience` may not read (the staff edition: no restricted field)."""
        if audience is Audience.LIS:
            return self
        return replace(self, columns=tuple(c for c in self.columns if c.audience is not Audience.LIS))

    def __len__(self) -> int:
        return len(self.rows)

    def page_columns(self) -> list[Column[R, X]]:
        return [c for c in self.columns if c.on_page(self.context)]

    def html(self, caption: str, **options: Any) -> str:
        """The page table: one HTML row per record, every cell escaped by `render.table`."""
        shown = self.page_columns()
        rows = [tuple(c.page_cell(r, self.context) for c in shown) for r in self.rows]
        return table(caption, shown, rows, **options)

    def export_headers(self, as_of: date) -> list[str]:
        return [c.export_header(as_of) for c in self.columns if c.exported]

    def export_rows(self) -> list[list[Any]]:
        exported = [c for c in self.columns if c.exported]
        return [[c.export_value(r, self.context) for c in exported] for r in self.rows]


def fact_sections(columns: Iterable[Column[R, X]], record: R, context: X) -> list[tuple[str, list[
        tuple[str, object]]]]:
    """The record's own page: (heading, [(label, value), …]) per section, in column order."""
    sections: dict[str, list[tuple[str, object]]] = {}
    for column in columns:
        if column.section is not None and (column.shown is None or column.shown(context)):
            sections.setdefault(column.section, []).append(column.fact_row(record, context))
    return list(sections.items())


def importable(columns: Iterable[Column[R, X]]) -> dict[str, Column[R, X]]:
    """Header -> column for every column a spreadsheet may bring back (those with a YAML key)."""
    return {c.header: c for c in columns if c.key is not None}


def position(columns: Sequence[Column[R, X]], header: str) -> int:
    """The 1-based spreadsheet column of `header` among the exported columns."""
    return [c.header for c in columns if c.exported].index(header) + 1


# --- HTML --------------------------------------------------------------------------------------------


def table(caption: str, columns: Sequence[Column[Any, Any]], rows: Iterable[Sequence[object]],
          empty: str = "Inga poster.", sortable: bool = False, searchable: bool | None = None) -> str:
    """An HTML table with a caption; cells that are not Markup are escaped with `text()`.

    The header of a column is its page header (`page`, else `header`). A sortable table gets sort
    buttons and a filter field in the browser (tabeller.js). A table that lists records (sortable ones
    unless told otherwise) stays out of the search index: the records are found through their own
    pages (the indexing step skips `data-pagefind-ignore`)."""
    body = [
        "<tr>" + "".join(_cell(value, col) for value, col in zip(row, columns, strict=True)) + "</tr>"
        for row in rows
    ]
    if not body:
        return f"\n\n<p class=\"lis-tom\"><strong>{text(caption)}</strong>: {text(empty)}</p>\n\n"
    head = "".join(f'<th scope="col">{text(c.page or c.header)}</th>' for c in columns)
    in_search = not sortable if searchable is None else searchable
    hidden = "" if in_search else f" {NOT_INDEXED}"
    opening = f"<table{' data-lis-sortera' if sortable else ''}{hidden}>"
    title = [f"<caption>{text(caption)}</caption>"] if caption else []
    lines = [opening, *title, f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody>", "</table>"]
    return "\n\n" + "\n".join(lines) + "\n\n"


def _cell(value: object, column: Column[Any, Any]) -> str:
    content = value if isinstance(value, Markup) else text(value, newline="<br>")
    attr = ' class="lis-tal"' if column.numeric else ""
    return f"<td{attr}>{content}</td>"
