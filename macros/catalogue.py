"""What a register declaration is made of: the records every module in macros/registers/ fills in.

A register (the systems, the risks, the SoA …) is declared once, as one `Register` in its own module
under macros/registers/. The declaration holds its data file (`DataFile`: model, lists, how an entry
is named, unique keys, schema title, the pages the file's header names), its references to other
registers, its column spec (page table and export, macros/columns.py), its export, the pages that
show it, whether its table stays out of search, and who may read it. The loader, the reference
check, the schemas, `lis export`, `lis tillsyn`, `make serve` and the tests read these records; none
of them keeps a list of its own. macros/registers/__init__.py finds the declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from .audience import Audience
from .columns import Table, field_names
from .documents import GoverningDoc
from .errors import DataIssue
from .handbook import Handbook
from .yamlsource import LineDict, describe_location, line_of, read_yaml_file

M = TypeVar("M", bound=BaseModel)

# A reference whose target is a page under docs/ rather than an entry of a data file.
PAGES = "docs/"


@dataclass(frozen=True)
class Entries:
    """A list of entries in a data file: how one entry is named in messages, and its unique key."""

    key: str  # the YAML key that holds the list, e.g. "system"
    label: str  # one entry as a message names it, e.g. "system"
    names: tuple[str, ...] = ("id",)  # keys whose values name an entry (several are joined)
    unique: str | None = None  # the key each entry must have a value of its own for
    # When other registers refer to these entries by id: the message for an id that is not there,
    # with {ref} (the id written) and {known} (the ids there are, sorted).
    unknown: str | None = None


def ids(entries: Entries) -> str:
    """The key whose value other registers refer to an entry by."""
    return entries.unique or entries.names[0]


@dataclass(frozen=True)
class Reference:
    """A field whose values are ids of entries in another list (or pages under docs/).

    `path` is the dotted YAML path from the top of the file, with `*` for every entry of a list:
    "åtgärder.*.system" is the `system` field of every action. A field that holds a list of ids is
    checked id by id."""

    path: str
    file: str  # the data file that holds the list referred to, or PAGES
    key: str = ""  # that list's YAML key
    hint: str = ""  # for a page: what to write instead, after "sidan … finns inte under docs/; "


class Reporter(Protocol):
    """Collects issues that point at an entry's field in the raw YAML (crossref's)."""

    def add(self, file: str, loc: tuple[Any, ...], message: str) -> None: ...


@dataclass(frozen=True)
class DataFile(Generic[M]):
    """One data file under data/: its model, its lists, its references, and what it gives the Handbook."""

    name: str
    model: type[M]
    title: str  # the JSON Schema's title
    shown_on: str  # the pages that show it, as the header comment says "Visas på: ..."
    entries: tuple[Entries, ...] = ()
    references: tuple[Reference, ...] = ()
    optional: bool = False  # a missing optional file means "no entries yet", not an error
    # The Handbook's own typed attributes this file fills in (attribute -> model attribute, None: the
    # whole record). A new register needs none: `DataFile.of(hb)` reads its record from `Handbook.files`.
    handbook: Mapping[str, str | None] = field(default_factory=dict)
    settings: bool = False  # its values may show on any page (roles, the scale): every page's input
    # Its values may show on the generated page of a system or förvaltningsobjekt, so `make serve` renders
    # such a page again when one changes (incremental.PageInputs). False only when none does: the
    # incremental-build test changes every value of the file and fails if a generated page then changes.
    item_pages: bool = True
    checks: Callable[[Reporter, Handbook], None] | None = None  # domain rules across its records
    # Rules against the pages (an auditor who owns the routine she audits): (location, Swedish message).
    page_checks: Callable[[Handbook, Sequence[GoverningDoc]], Iterable[tuple[tuple[Any, ...], str]]] | None = None
    # What the file holds, for the coordinator: its row in the table of data files on Om handboken
    # (docs/om-handboken/datafiler.md, `{{ datafiler() }}`). Swedish Markdown written by the developer (links
    # relative to that page, `code`), one line, no "|"; "Filen får saknas." follows by itself when `optional`.
    about: str = ""
    naming: Mapping[str, Entries] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "naming", {e.key: e for e in self.entries})

    def of(self, hb: Handbook) -> M | None:
        """This file's validated record in `hb`; None when an optional file is missing."""
        record = hb.files.get(self.name)
        return record if isinstance(record, self.model) else None


@dataclass(frozen=True)
class Scope:
    """What a register's table is computed from: the data, the reference date, the edition and the pages."""

    hb: Handbook
    as_of: date
    version: str = ""  # the handbook's edition, stamped on exported rows (edition.py)
    docs: Sequence[GoverningDoc] = ()  # the governing documents (titles of routines, the document register)
    page_src: str = ""  # the page the table's links start from
    titles: Mapping[str, str] = field(default_factory=dict)  # every page's title (for links)


@dataclass(frozen=True)
class Export:
    """How a register is written as .xlsx and .csv by `lis export` and in the `lis tillsyn` package."""

    stem: str  # file name without suffix
    sheet: str  # the sheet's name (and the register's name in the package's notes)
    title: str  # the register in a sentence, definite form: "riskregistret"
    # Swedish description in the package's innehall.txt (needed when `in_supervision`)
    what: Callable[[Scope, Table[Any, Any]], str] | None = None
    source: Callable[[Handbook], str] | None = None  # where it comes from; default: its data file
    in_export: bool = True  # written by `lis export`
    in_supervision: bool = False  # put in the supervision package (`lis tillsyn`)
    order: int = 1000  # where it stands in both lists; a new register may leave it last


@dataclass(frozen=True)
class Macro:
    """A page macro a register gives: the function, and its row on Om handboken's page of macros."""

    call: Callable[..., str]  # takes the page's Scope first, then the page's own arguments
    # What it shows, in Swedish Markdown (one line, no "|"): its row in `{{ registermakron() }}` on
    # docs/om-handboken/makron.md.
    about: str = ""
    example: str = ""  # the call as the page of macros shows it when it takes arguments, e.g. "riskregister(2025)"


@dataclass(frozen=True)
class Register:
    """One register, declared once as `REGISTER` in macros/registers/<name>.py."""

    data: DataFile[Any] | None  # its data file; None for the document register (read from the pages)
    table: Callable[[Scope], Table[Any, Any]] | None = None  # its rows and its one column spec
    export: Export | None = None
    pages: tuple[str, ...] = ()  # the pages under docs/ that show it
    search_excluded: bool = False  # its table on its page is kept out of the search index
    audience: Audience = Audience.LIS  # who may read it; a column may say otherwise for its field
    # Page macros it gives, by the name pages call them with, each with its row on Om handboken's page of macros.
    macros: Mapping[str, Macro] = field(default_factory=dict)
    # The top-level section of the menu (its title in mkdocs.yml's nav) that its pages go in when the nav does
    # not list them; the menu shows each page under its first heading (macros/menu.py). "": the nav lists them.
    menu: str = ""
    module: str = ""  # where it is declared (filled in when the registers are found)

    @property
    def source(self) -> str:
        return f"macros/registers/{self.module}.py"


# --- Walking a record along a declared path ------------------------------------------------------


def walk(node: object, path: Sequence[str], loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value at `path` (YAML keys, `*` for every list entry) under a validated record, with its location.

    A list at the end of the path gives each item with its index; absent and empty values give nothing."""
    found: list[tuple[tuple[Any, ...], Any]] = []
    _collect(node, tuple(path), 0, loc, found)
    return iter(found)


def _collect(node: object, path: tuple[str, ...], at: int, loc: tuple[Any, ...],
             found: list[tuple[tuple[Any, ...], Any]]) -> None:
    """walk's steps as plain calls rather than nested generators (every value passed up through each level)."""
    if at == len(path):
        if isinstance(node, list | tuple):
            found.extend(((*loc, j), item) for j, item in enumerate(node) if item is not None)
        elif node is not None:
            found.append((loc, node))
        return
    head = path[at]
    if head == "*":
        if isinstance(node, list | tuple):
            for i, item in enumerate(node):
                _collect(item, path, at + 1, (*loc, i), found)
    elif isinstance(node, BaseModel):
        _collect(getattr(node, field_names(type(node)).get(head, ""), None), path, at + 1, (*loc, head), found)


def entry_ids(record: BaseModel | None, entries: Entries) -> set[str]:
    """The ids of the entries of one list of a validated record."""
    return {str(value) for _, value in walk(record, (entries.key, "*", ids(entries)))}


def located_issues(data_dir: Path, spec: DataFile[Any], problems: Iterable[tuple[tuple[Any, ...], str]]) -> list[
        DataIssue]:
    """Problems found after loading (checks against pages), each pointed at its line in data/`spec.name`."""
    problems = list(problems)
    if not problems:
        return []
    label = f"{data_dir.name}/{spec.name}"
    data, unreadable = read_yaml_file(data_dir / spec.name, label)
    raw = data if isinstance(data, LineDict) and not unreadable else LineDict()
    issues = []
    for loc, message in problems:
        entry, field_path = describe_location(raw, loc, spec.naming)
        issues.append(DataIssue(label, line_of(raw, loc), entry, field_path, message))
    return issues
