"""The registers' column specs: the system inventory, the action plan and the statement of applicability.

A new field of a register is one `Column` here (besides the model and the documentation): it then
appears in the page table (when it has a page header), the .xlsx/.csv export and, for the system
inventory, the import and the YAML the import writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from . import models as m
from . import status
from .collation import swedish_key
from .columns import Column, Table, parse_int
from .followup import object_page, system_page
from .loader import Handbook
from .render import iso, link, relative_href
from .review import action_state

# --- The system inventory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemContext:
    """What the inventory's cells need besides the system."""

    as_of: date
    page_src: str = ""
    objects: dict[str, str] = field(default_factory=dict)  # förvaltningsobjekt id -> name
    due: dict[str, date] = field(default_factory=dict)  # system id -> next yearly follow-up
    aspects: tuple[str, ...] = ()  # the aspect codes of the classification scale


def system_context(hb: Handbook, as_of: date, page_src: str = "") -> SystemContext:
    return SystemContext(as_of, page_src, {o.id: o.name for o in hb.objects},
                         {f.system.id: f.due for f in status.follow_ups(hb.systems, as_of)},
                         tuple(a.code.value for a in hb.scale.aspects))


def _classification(s: m.System, x: SystemContext) -> m.Classification | None:
    """The classification counted on the reference date (none when it is dated later)."""
    return s.classification if status.classification_date(s, x.as_of) else None


def _level(code: str) -> Column[m.System, SystemContext]:
    def cell(s: m.System, x: SystemContext) -> object:
        c = _classification(s, x)
        value = c.level(code) if c else None
        return "–" if value is None else value

    return Column(code, f"klassning.{code}", parse=parse_int, page="", cell=cell, numeric=True,
                  shown=lambda x: code in x.aspects)


SYSTEM_COLUMNS: tuple[Column[m.System, SystemContext], ...] = (
    Column("Id", "id"),
    Column("Namn", "namn", page="System", sort=lambda s: swedish_key(s.name),
           cell=lambda s, x: link(relative_href(x.page_src, system_page(s.id)), s.name)),
    Column("Syfte", "syfte"),
    Column("Förvaltningsobjekt", "förvaltningsobjekt", page="",
           cell=lambda s, x: link(relative_href(x.page_src, object_page(s.management_object)),
                                  x.objects[s.management_object])),
    Column("Systemägare", "systemägare"),
    Column("Leverantör", "leverantör"),
    Column("Stadsgemensamt", "stadsgemensamt", page=""),
    Column("Personuppgifter", "personuppgifter", page=""),
    Column("Samhällsviktig", "samhällsviktig", page=""),
    Column("I drift sedan", "i_drift_sedan"),
    Column("Avvecklat", "avvecklat"),
    Column("Klassningsprotokoll", "klassningsprotokoll", page="",
           cell=lambda s, x: iso(status.protocol_date(s, x.as_of))),
    Column("Klassning datum", "klassning.datum", page="Klassning",
           cell=lambda s, x: iso(status.classification_date(s, x.as_of))),
    *(_level(code) for code in ("K", "R", "T", "S")),
    Column("Uppföljd", "uppföljd"),
    Column("Nästa uppföljning", page="", cell=lambda s, x: iso(x.due.get(s.id))),
    Column("PUB-avtal", "pub_avtal", page=""),
    Column("Konsekvensbedömning krävs", "konsekvensbedömning.krävs", page="Konsekvensbedömning",
           cell=lambda s, x: status.dpia_summary(s, x.as_of)),
    Column("Konsekvensbedömning status", "konsekvensbedömning.status"),
    Column("Konsekvensbedömning klar", "konsekvensbedömning.datum"),
)


def system_table(hb: Handbook, systems: Iterable[m.System], as_of: date, page_src: str = "") -> Table[
        m.System, SystemContext]:
    return Table(SYSTEM_COLUMNS, tuple(systems), system_context(hb, as_of, page_src))


# --- The action plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedContext:
    """A register whose computed columns depend on the reference date only."""

    as_of: date
    version: str = ""  # the edition of the register (the statement of applicability has one)


ACTION_COLUMNS: tuple[Column[m.Action, DatedContext], ...] = (
    Column("Id", "id"),
    Column("År", "år", parse=parse_int),
    Column("Område", "område"),
    Column("Åtgärd", "åtgärd"),
    Column("Ansvarig", "ansvarig"),
    Column("Senast", "senast"),
    Column("Påbörjad", "påbörjad"),
    Column("Klar", "klar"),
    Column("Källa", "källa"),
    Column("Genomgång", "genomgång", parse=parse_int),
    Column("System", "system"),
    Column("Resultat", "resultat"),
    Column("Status", export=lambda a, x: action_state(a, x.as_of).value, dated=True),
)


def action_table(hb: Handbook, as_of: date) -> Table[m.Action, DatedContext]:
    return Table(ACTION_COLUMNS, tuple(hb.actions), DatedContext(as_of))


# --- The statement of applicability ------------------------------------------------------------------


SOA_COLUMNS: tuple[Column[m.Control, DatedContext], ...] = (
    Column("Kontroll", "kontroll"),
    Column("Benämning", "benämning"),
    Column("Tillämplig", "tillämplig"),
    Column("Motivering", "motivering"),
    Column("Status", "status"),
    Column("Ägare", "ägare"),
    Column("Rutiner", "rutiner"),
    Column("Åtgärder", "åtgärder"),
    Column("Punkter i 2 kap. 3 §", "nis2_punkter"),
    Column("Granskad", "granskad"),
    # Every row says which edition and which reference date it shows.
    Column("Version", export=lambda c, x: x.version),
    Column("Beräknat per", export=lambda c, x: x.as_of),
)


def soa_table(hb: Handbook, as_of: date) -> Table[m.Control, DatedContext]:
    controls = hb.soa.controls if hb.soa is not None else []
    return Table(SOA_COLUMNS, tuple(controls), DatedContext(as_of, hb.soa.version if hb.soa else ""))
