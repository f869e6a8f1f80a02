"""Every register to (and the system inventory from) spreadsheets, as each register declares its export.

Which registers `lis export` writes, under which file and sheet names, and with which columns, is
declared once per register in macros/registers/. Swedish headers; .xlsx and semicolon-separated .csv."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import atomic, pii, systemtext
from . import models as m
from .catalogue import Register, Scope
from .columns import EXAMPLE_HEADER, Table, importable, marked_as_example
from .errors import UserError
from .handbook import Handbook
from .registers import exported
from .registers.systems import SYSTEM_COLUMNS
from .sheetfile import read_rows
from .validation import swedish_message

# Every register's columns are declared once, in macros/registers/ (page, export and import); the import
# reads the system inventory's.
SYSTEM_IMPORT = importable(SYSTEM_COLUMNS)  # header -> column
UNKNOWN_VERSION = "okänd"

# --- Cell text that spreadsheet programs cannot run (OWASP "CSV injection") ---------------------

# Excel, LibreOffice and Google Sheets start a formula with = + - @ (also the full-width forms),
# and also after leading spaces, tabs or line breaks; a leading tab or carriage return alone is
# dangerous too.
_FORMULA = re.compile(r"[\t\r\n]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def formula_like(text: str) -> bool:
    """True when a spreadsheet program could read the text as a formula."""
    return _FORMULA.match(text.lstrip("'")) is not None


def csv_text(text: str) -> str:
    """CSV cell text: an apostrophe in front of anything formula-like (removed again on import)."""
    return "'" + text if formula_like(text) else text


def csv_value(text: str) -> str:
    """A cell's text as data: the protective apostrophe that `csv_text` added is removed."""
    return text[1:] if text.startswith("'") and formula_like(text) else text


def xlsx_text(text: str) -> str:
    """Text for an .xlsx cell. A formula-like text is a text cell there (no apostrophe needed); one that
    starts with an apostrophe gets one more, because on import an apostrophe in front of a formula-like
    text is taken for the CSV guard: a spreadsheet program that opens the .csv shows the guard as part
    of the text and keeps it when the sheet is saved as .xlsx. So every route through .csv and .xlsx
    gives back the text that went out."""
    return "'" + text if text.startswith("'") and formula_like(text) else text


def write_xlsx(path: Path, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl import Workbook  # here: openpyxl takes a fifth of every lis command's start
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for r, row in enumerate([list(headers), *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, xlsx_text(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: never a formula, whatever it starts with
                if formula_like(value):
                    cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(header) + 4))
    with atomic.replacing(path) as stream:
        book.save(stream)


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Semicolon-separated UTF-8 with BOM: what Excel in Swedish opens directly."""
    with atomic.replacing_text(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date)
                             else csv_text(v) if isinstance(v, str) else v for v in row])


def export_files(folder: Path) -> list[Path]:
    """The files `export_all` writes, in order: .xlsx and .csv of every exported register."""
    return [folder / f"{r.export.stem}.{suffix}" for r in exported() if r.export for suffix in ("xlsx", "csv")]


def export_tables(hb: Handbook, as_of: date, version: str) -> list[tuple[Register, Table[Any, Any]]]:
    """Every register `lis export` writes, with its table, in the registers' declared order."""
    scope = Scope(hb, as_of, version)
    return [(register, register.table(scope)) for register in exported() if register.table is not None]


def export_all(hb: Handbook, folder: Path, as_of: date, version: str = UNKNOWN_VERSION) -> list[Path]:
    """Write every table as .xlsx and .csv into `folder` (which must exist); return the paths.

    `version` is the handbook's edition that stamps the registers without a version of their own (the
    risk register, the registration, ledningen's training); the SoA, the internal audit programme and the
    exercises carry their own."""
    written = []
    for register, table in export_tables(hb, as_of, version):
        assert register.export is not None
        headers, rows = marked_as_example(table.export_headers(as_of), table.export_rows(),
                                          hb.organisation.example_data)
        xlsx, csv_path = folder / f"{register.export.stem}.xlsx", folder / f"{register.export.stem}.csv"
        write_xlsx(xlsx, register.export.sheet, headers, rows)
        write_csv(csv_path, headers, rows)
        written += [xlsx, csv_path]
    return written


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"rad {self.row}" + (f", kolumn {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportError_(UserError):  # noqa: N801 - not the builtin ImportError
    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_table(path: Path) -> tuple[list[str], list[list[Any]], list[str]]:
    """Headers, rows and the column labels (A, B, … for xlsx; 1, 2, … for csv) of the first sheet."""
    all_rows, labels = read_rows(path)
    # The guard apostrophe comes back from .csv, and from .xlsx that a spreadsheet program saved from our .csv
    all_rows = [[csv_value(v) if isinstance(v, str) else v for v in row] for row in all_rows]
    if not all_rows or not any(v not in (None, "") for v in all_rows[0]):
        raise ImportError_([RowProblem(1, None, "filen är tom")])
    headers = [str(h).strip() if h is not None else "" for h in all_rows[0]]
    rows = [r for r in all_rows[1:] if any(v not in (None, "") for v in r)]
    return headers, rows, labels


# Longest text one imported cell may hold, by field (characters): an id is part of a page address and
# a name a heading; only the purpose is a sentence or two. Stated in Om handboken.
MAX_ID_CHARS = 80  # as lis nytt-system allows
MAX_TEXT_CHARS = 2_000
MAX_SHORT_CHARS = 200
FREE_TEXT_KEYS = frozenset({"syfte"})


def cell_limit(key: str) -> int:
    """The most characters an imported cell of the field `key` may hold."""
    return MAX_ID_CHARS if key == "id" else MAX_TEXT_CHARS if key in FREE_TEXT_KEYS else MAX_SHORT_CHARS


def rows_to_entries(headers: list[str], rows: list[list[Any]], labels: list[str]) -> tuple[
        list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """Each row as a nested YAML-like dict, or problems naming row and column."""
    problems = []
    unknown = [h for h in headers if h and h not in SYSTEM_IMPORT and h != EXAMPLE_HEADER]
    expected = ", ".join(SYSTEM_IMPORT)
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:  # which of the two would win is a guess: refuse
            problems.append(RowProblem(1, None, f'kolumnen "{header}" finns två gånger'))
        seen.add(header)
    if unknown:
        problems.append(RowProblem(1, None, f"okända rubriker: {', '.join(unknown)}; "
                                            f"rubrikerna ska vara: {expected}"))
    if "Id" not in headers:
        problems.append(RowProblem(1, None, f'kolumnen "Id" saknas; rubrikerna ska vara: {expected}'))
    if problems:
        return [], problems
    entries = []
    for offset, row in enumerate(rows, start=2):
        entry: dict[str, Any] = {}
        for label, header, raw in zip(labels, headers, row, strict=False):
            if not header or header == EXAMPLE_HEADER or raw in (None, ""):  # the example mark is no data
                continue
            column = SYSTEM_IMPORT[header]
            limit = cell_limit(str(column.key))
            if len(str(raw)) > limit:
                problems.append(RowProblem(offset, f"{label} ({header})", f"cellen har {len(str(raw))} tecken; högst "
                                                                          f"{limit} är tillåtna i {header}"))
                continue
            target = entry
            *parents, leaf = str(column.key).split(".")
            for parent in parents:
                target = target.setdefault(parent, {})
            target[leaf] = column.parse(raw)
        entries.append((offset, entry))
    return entries, problems


def _column(headers: list[str], labels: list[str], loc: tuple[Any, ...]) -> str | None:
    path = ".".join(str(p) for p in loc if isinstance(p, str))
    keys = {header: str(column.key) for header, column in SYSTEM_IMPORT.items()}
    for i, header in enumerate(headers):
        if keys.get(header) == path or (len(loc) == 1 and keys.get(header, "").startswith(path)):
            return f"{labels[i]} ({header})"
    missing = [h for h, key in keys.items() if key == path or key.startswith(path + ".")]
    return f"{missing[0]} (finns inte i filen)" if missing else None


def validate_entries(entries: list[tuple[int, dict[str, Any]]], headers: list[str], labels: list[str],
                     hb: Handbook) -> tuple[list[tuple[int, m.System, dict[str, Any]]], list[RowProblem]]:
    problems, valid = [], []
    objects = {o.id for o in hb.objects}
    seen: dict[str, int] = {}
    for row, entry in entries:
        try:
            system = m.System.model_validate(entry)
        except ValidationError as err:
            for error in err.errors(include_url=False):
                loc = tuple(error["loc"])
                problems.append(RowProblem(row, _column(headers, labels, loc), swedish_message(error, m.System)))
            continue
        if system.management_object not in objects:
            problems.append(RowProblem(row, _column(headers, labels, ("förvaltningsobjekt",)),
                                       f'okänt förvaltningsobjekt "{system.management_object}"'))
        if system.id in seen:
            problems.append(RowProblem(row, _column(headers, labels, ("id",)),
                                       f'id "{system.id}" finns redan på rad {seen[system.id]}'))
        seen[system.id] = row
        valid.append((row, system, entry))
    return valid, problems


def entry_spans(text: str) -> dict[str, tuple[int, int]]:
    """Start and end offsets of every system's entry in data/system.yaml, found in one pass."""
    starts = [(m.group(1), m.start()) for m in re.finditer(r"^  - id: ([^\s#]+)[ \t]*$", text, re.M)]
    boundaries = [m.start() for m in re.finditer(r"^  (?:- |#)", text, re.M)] + [len(text)]
    spans, b = {}, 0
    for system_id, at in starts:
        while boundaries[b] <= at:
            b += 1
        spans[system_id] = (at, boundaries[b])
    return spans


def personal_numbers(headers: list[str], rows: list[list[Any]], labels: list[str],
                     allowed: set[str]) -> list[RowProblem]:
    """The personal-data guard on every cell: an identity number is never imported."""
    allowed_digits = {pii.normalise(n) for n in allowed}
    problems = []
    for offset, row in enumerate(rows, start=2):
        for i, value in enumerate(row):
            if value is None or i >= len(headers):
                continue
            for _, number in pii.identity_numbers(str(value)):
                if pii.normalise(number) not in allowed_digits:
                    problems.append(RowProblem(offset, f"{labels[i]} ({headers[i]})",
                                               f"{number} ser ut som ett personnummer eller samordningsnummer; "
                                               "personuppgifter får inte finnas i handboken"))
    return problems


def import_inventory(data_dir: Path, hb: Handbook, source: Path, replace: bool) -> tuple[str, list[str]]:
    """The new text of data/system.yaml with the spreadsheet's systems, and a summary per system.

    Raises ImportError_ naming row and column for every problem; nothing is written here."""
    headers, rows, labels = read_table(source)
    entries, problems = rows_to_entries(headers, rows, labels)
    if problems:
        raise ImportError_(problems)
    problems = personal_numbers(headers, rows, labels, set(hb.organisation.test_numbers))
    valid, invalid = validate_entries(entries, headers, labels, hb)
    problems += invalid
    if problems:
        raise ImportError_(sorted(problems, key=lambda p: p.row))
    existing = {s.id: s for s in hb.systems}
    text = (data_dir / "system.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^system:[ \t]*\[\][ \t]*(#.*)?$", "system:", text, flags=re.M)  # an empty list gets entries
    spans = entry_spans(text)
    added: list[str] = []
    replaced: dict[int, tuple[int, str]] = {}
    summary = []
    keys = [str(column.key) for column in SYSTEM_IMPORT.values()]
    for row, system, _entry in valid:
        if system.id not in existing:
            added.append(systemtext.entry_text(system, keys))
            summary.append(f"nytt: {system.id}")
        elif existing[system.id] == system:
            summary.append(f"oförändrat: {system.id}")
        elif not replace:
            problems.append(RowProblem(row, _column(headers, labels, ("id",)),
                                       f'systemet "{system.id}" finns redan i data/system.yaml med andra uppgifter; '
                                       "använd --ersatt om raden ska ersätta det"))
        elif system.id not in spans:
            problems.append(RowProblem(row, None, f'hittar inte "{system.id}" i data/system.yaml att ersätta'))
        else:
            begin, end = spans[system.id]  # unchanged fields keep their lines: a one-field change is a one-line diff
            replaced[begin] = (end, systemtext.patched_entry(text[begin:end], existing[system.id], system, keys))
            summary.append(f"ersatt: {system.id}")
    if problems:
        raise ImportError_(problems)
    pieces, at = [], 0
    for begin in sorted(replaced):
        end, new = replaced[begin]
        pieces += [text[at:begin], new]
        at = end
    pieces.append(text[at:])
    text = "".join(pieces)
    if added:  # with the blank line the file puts between entries, if it does
        blank = "\n" if re.search(r"\n\n  - id: ", text) else ""
        text = text.rstrip("\n") + "\n" + blank + blank.join(added)
    return text, summary
