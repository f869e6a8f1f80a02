"""A template for a new register: copy it to macros/registers/<name>.py and fill in every ÄNDRA.

The module is skipped when the registers are found (its name starts with _), but it is type-checked and
tested like the others, so it stays a working example. CONTRIBUTING.md, "Where do I add a register?",
walks through it. Everything below marked ÄNDRA is an example to replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import Field

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Macro, Reference, Register, Scope
from ..columns import HANDBOOK_STAMP, Column, Table, stamp_columns
from ..handbook import Handbook
from ..render import caption, iso
from .organisation import ROLES

# --- The data contract: what one entry of data/<file>.yaml holds (Swedish keys, English names) --------


class Entry(m.Record):  # ÄNDRA: the record's name
    """One entry of the register."""

    id: m.Slug
    name: m.Text = Field(alias="namn", description="Vad posten heter.")  # ÄNDRA: the fields
    owner: m.Slug = Field(alias="ansvarig", description="Roll-id från data/organisation.yaml.")
    reviewed: m.IsoDate | None = Field(None, alias="granskad", description="Dag då posten senast granskades.")


class EntriesFile(m.Record):  # ÄNDRA
    """The whole file: its list of entries under one Swedish key."""

    entries: list[Entry] = Field(default_factory=list, alias="poster")  # ÄNDRA: the list's key


DATA = DataFile(
    "mall.yaml",  # ÄNDRA: the file under data/
    EntriesFile,
    "Mall för ett register",  # ÄNDRA: the JSON Schema's title
    "Mallsidan",  # ÄNDRA: the pages that show it, as the file's header says "Visas på: …."
    (Entries("poster", "post", unique="id"),),  # how an entry is named in messages; its unique key
    (Reference("poster.*.ansvarig", *ROLES),),  # fields that hold ids of other registers' entries
    optional=True,  # a missing file means "no entries yet"
    # ÄNDRA: item_pages=False if no value of the file shows on a system's or förvaltningsobjekt's generated page
    # (make serve then skips those pages when the file changes; tests/test_serve_incremental.py checks it)
    item_pages=True,
    # ÄNDRA: what the file holds, for the coordinator: its row on Om handboken's page of data files (Swedish
    # Markdown, links relative to docs/om-handboken/; "Filen får saknas." is added for an optional file)
    about="Mallens poster med namn, ansvarig roll och dag då de granskades. Se [Mallsidan](mall.md).",
)


# --- Columns: one spec for the page table and the export ---------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the cells need besides the entry."""

    as_of: date
    version: str  # the handbook's edition, stamped on exported rows
    hb: Handbook


EntryColumn = Column[Entry, Context]
COLUMNS: tuple[EntryColumn, ...] = (
    EntryColumn("Id", "id"),  # exported only: no page= header
    EntryColumn("Namn", "namn", page=""),  # on the page too, with the same header
    EntryColumn("Ansvarig", "ansvarig", page="", cell=lambda e, x: x.hb.role(e.owner).name),  # the role's name there
    EntryColumn("Granskad", "granskad", page="", cell=lambda e, x: iso(e.reviewed)),
    *stamp_columns(HANDBOOK_STAMP),  # every exported row says which edition and which date it shows
)


def table(scope: Scope) -> Table[Entry, Context]:
    found = DATA.of(scope.hb)  # the validated file, or None when it is missing
    return Table(COLUMNS, tuple(found.entries) if found else (), Context(scope.as_of, scope.version, scope.hb))


def page_table(scope: Scope) -> str:
    """The macro the page calls: `{{ mall() }}`."""
    rows = table(scope)
    return rows.html(caption(f"Mall: {len(rows)} poster", scope.as_of), empty="Inga poster ännu.", sortable=True,
                     searchable=not REGISTER.search_excluded)


REGISTER = Register(
    DATA,
    table,
    Export("mall", "Mall", "mallen",  # ÄNDRA: file stem, sheet name, the register in a sentence
           lambda scope, rows: f"Mallen: {len(rows)} poster.",  # its line in the package's innehall.txt
           in_supervision=False),  # ÄNDRA: True puts it in lis tillsyn
    pages=("om-handboken/mall.md",),  # ÄNDRA: the page that shows it
    search_excluded=True,  # its table is a list of records: keep it out of the search index
    audience=Audience.LIS,  # ÄNDRA: Audience.ALL for what everyone may read
    # ÄNDRA: the macro's name, as pages call it, and what it shows (its row on Om handboken's page of macros)
    macros={"mall": Macro(page_table, "Mallens poster")},
    # ÄNDRA: the title of the top-level menu section in nav: in mkdocs.yml that the page goes in (the menu
    # shows it under its first heading, last in the section); mkdocs.yml needs no line for it
    menu="Om handboken",
)
