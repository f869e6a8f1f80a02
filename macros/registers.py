"""The registers' column specs: the system inventory, the action plan and the statement of applicability.

A new field of a register is one `Column` here (besides the model and the documentation): it then
appears in the page table (when it has a page header), on the record's own page (when it names a
section), in the .xlsx/.csv export and, for the system inventory, in the import and the YAML the
import writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from markupsafe import Markup

from . import models as m
from . import soa, status
from .collation import swedish_key
from .columns import OWN_STAMP, Column, Table, parse_int, stamp_columns
from .documents import GoverningDoc
from .law_views import _page_title
from .loader import Handbook
from .pages import object_page, system_page
from .render import iso, ja_nej, link, relative_href, text
from .review import action_state

# --- The system inventory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemContext:
    """What the inventory's cells and a system page's facts need besides the system."""

    as_of: date
    scale: m.Scale
    objects: Mapping[str, m.ManagementObject]  # by id
    follow_ups: Mapping[str, status.FollowUp]  # by system id: the next yearly follow-up
    page_src: str = ""  # the page the links start from

    @property
    def aspects(self) -> tuple[str, ...]:
        return tuple(a.code.value for a in self.scale.aspects)


def system_context(hb: Handbook, as_of: date, page_src: str = "") -> SystemContext:
    return SystemContext(as_of, hb.scale, {o.id: o for o in hb.objects},
                         {f.system.id: f for f in status.follow_ups(hb.systems, as_of)}, page_src)


def _classification(s: m.System, x: SystemContext) -> m.Classification | None:
    """The classification counted on the reference date (none when it is dated later)."""
    return s.classification if status.classification_date(s, x.as_of) else None


def _level(code: str) -> Column[m.System, SystemContext]:
    def value(s: m.System, x: SystemContext) -> int | None:
        c = _classification(s, x)
        return c.level(code) if c else None

    def fact(s: m.System, x: SystemContext) -> tuple[str, object]:
        aspect = next(a for a in x.scale.aspects if a.code.value == code)
        level = value(s, x)
        names = {lv.value: lv.name for lv in x.scale.levels}
        return f"{aspect.name} ({code})", "–" if level is None else f"{level} – {names[level]}"

    return Column(code, f"klassning.{code}", parse=parse_int, page="", numeric=True,
                  cell=lambda s, x: "–" if (v := value(s, x)) is None else v,
                  shown=lambda x: code in x.aspects, section=CLASSIFICATION, fact=fact)


def _object_link(s: m.System, x: SystemContext) -> Markup:
    return link(relative_href(x.page_src, object_page(s.management_object)), x.objects[s.management_object].name)


def _next_follow_up(s: m.System, x: SystemContext) -> object:
    follow = x.follow_ups.get(s.id)
    return Markup(f"{iso(follow.due)} ({status.bucket(follow.due, x.as_of).value})") if follow else "–"


FACTS, CLASSIFICATION, DATA_PROTECTION = "Fakta", "Informationsklassning", "PUB-avtal och konsekvensbedömning"

SYSTEM_COLUMNS: tuple[Column[m.System, SystemContext], ...] = (
    Column("Id", "id", section=FACTS),
    Column("Namn", "namn", page="System", sort=lambda s: swedish_key(s.name),
           cell=lambda s, x: link(relative_href(x.page_src, system_page(s.id)), s.name)),
    Column("Syfte", "syfte"),
    Column("Förvaltningsobjekt", "förvaltningsobjekt", page="", cell=_object_link, section=FACTS,
           fact=lambda s, x: ("Förvaltningsobjekt", _object_link(s, x))),
    Column("Systemägare", "systemägare", section=FACTS,
           fact=lambda s, x: ("Systemägare", s.owner or "ansvar oklart")),
    Column("Leverantör", "leverantör", section=FACTS),
    Column("Stadsgemensamt", "stadsgemensamt", page="", section=FACTS),
    Column("Personuppgifter", "personuppgifter", page="", section=FACTS),
    Column("Samhällsviktig", "samhällsviktig", page="", section=FACTS,
           fact=lambda s, x: ("Samhällsviktig verksamhet", ja_nej(s.essential))),
    Column("I drift sedan", "i_drift_sedan", section=FACTS),
    Column("Avvecklat", "avvecklat", section=FACTS),
    Column("Klassningsprotokoll", "klassningsprotokoll", page="", section=CLASSIFICATION,
           cell=lambda s, x: iso(status.protocol_date(s, x.as_of)),
           fact=lambda s, x: ("Klassningsprotokoll", iso(status.protocol_date(s, x.as_of)))),
    Column("Klassning datum", "klassning.datum", page="Klassning", section=CLASSIFICATION,
           cell=lambda s, x: iso(status.classification_date(s, x.as_of)),
           fact=lambda s, x: ("Fullständig klassning", iso(status.classification_date(s, x.as_of)))),
    *(_level(code) for code in ("K", "R", "T", "S")),
    Column("Uppföljd", "uppföljd", section=CLASSIFICATION,
           fact=lambda s, x: ("Senast uppföljd", iso(status.follow_up_date(s, x.as_of)))),
    Column("Nästa uppföljning", page="", section=CLASSIFICATION,
           cell=lambda s, x: iso(f.due if (f := x.follow_ups.get(s.id)) else None),
           fact=lambda s, x: ("Nästa uppföljning", _next_follow_up(s, x))),
    Column("PUB-avtal", "pub_avtal", page="", section=DATA_PROTECTION),
    Column("Konsekvensbedömning krävs", "konsekvensbedömning.krävs", page="Konsekvensbedömning",
           cell=lambda s, x: status.dpia_summary(s, x.as_of), section=DATA_PROTECTION),
    Column("Konsekvensbedömning status", "konsekvensbedömning.status", section=DATA_PROTECTION,
           fact=lambda s, x: ("Status", status.dpia_state(s, x.as_of) or "–")),
    Column("Konsekvensbedömning klar", "konsekvensbedömning.datum", section=DATA_PROTECTION,
           fact=lambda s, x: ("Klar", iso(s.dpia.done))),
)


def system_table(hb: Handbook, systems: Iterable[m.System], as_of: date, page_src: str = "") -> Table[
        m.System, SystemContext]:
    return Table(SYSTEM_COLUMNS, tuple(systems), system_context(hb, as_of, page_src))


# --- The action plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedContext:
    """A register whose computed columns depend on the reference date only."""

    as_of: date


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


@dataclass(frozen=True)
class SoaContext:
    """What the statement of applicability's cells need besides the control."""

    as_of: date
    version: str  # the edition every exported row is stamped with
    hb: Handbook
    docs: Sequence[GoverningDoc] = ()  # for the titles of the routines' pages
    page_src: str = ""

    @cached_property  # read for every control: built once per table
    def actions(self) -> dict[str, m.Action]:
        return {a.id: a for a in self.hb.actions}


def control_routines(c: m.Control, x: SoaContext) -> Markup:
    """Links to the pages that carry out the control, by their titles."""
    links = [link(relative_href(x.page_src, p), _page_title(p, list(x.docs))) for p in c.routines]
    return Markup(", ").join(links) if links else text("–")


def control_actions(c: m.Control, x: SoaContext) -> str:
    """The control's actions with their state on the reference date."""
    return "; ".join(f"{i} ({action_state(x.actions[i], x.as_of).value})" for i in c.actions) or "–"


SOA_COLUMNS: tuple[Column[m.Control, SoaContext], ...] = (
    Column("Kontroll", "kontroll", page=""),
    Column("Benämning", "benämning", page=""),
    Column("Tillämplig", "tillämplig", page=""),
    Column("Motivering", "motivering", page="", cell=lambda c, x: c.reasoning or "–"),
    Column("Status", "status", page="", cell=lambda c, x: soa.status_text(c)),
    Column("Ägare", "ägare", page="", cell=lambda c, x: x.hb.role(c.owner).name),
    Column("Rutiner", "rutiner", page="", cell=control_routines),
    Column("Åtgärder", "åtgärder", page="", cell=control_actions),
    Column("Punkter i 2 kap. 3 §", "nis2_punkter", page="Punkt i 2 kap. 3 §"),
    Column("Granskad", "granskad", page="", cell=lambda c, x: iso(c.reviewed)),
    *stamp_columns(OWN_STAMP),  # every exported row says which edition and which reference date it shows
)


def soa_table(hb: Handbook, as_of: date, docs: Sequence[GoverningDoc] = (), page_src: str = "") -> Table[
        m.Control, SoaContext]:
    controls = hb.soa.controls if hb.soa is not None else []
    return Table(SOA_COLUMNS, tuple(controls), SoaContext(as_of, hb.soa.version if hb.soa else "", hb, docs,
                                                          page_src))
