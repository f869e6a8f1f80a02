"""The system inventory (data/system.yaml): its column spec drives the inventory page, each system's own page,
the export, the import and the YAML the import writes.

A new field of a system is one `Column` in SYSTEM_COLUMNS (besides the model and the documentation): it
then appears in the page table (when it has a page header), on the system's own page (when it names a
section), in the .xlsx/.csv export, in the import and in the YAML the import writes. The other tables
of systems (the dashboard's lists, the förvaltningsobjekt's agenda) show some of the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import Markup

from .. import followup as fu
from .. import models as m
from .. import pages, status
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Reference, Register, Scope
from ..collation import swedish_key
from ..columns import Column, Table, parse_int
from ..handbook import Handbook
from ..pages import object_page, system_page
from ..render import iso, ja_nej, link, relative_href

LIS = Audience.LIS  # fields that show the state of security work: the restricted edition only

# --- The system inventory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemContext:
    """What the inventory's cells and a system page's facts need besides the system."""

    as_of: date
    scale: m.Scale
    objects: Mapping[str, m.ManagementObject]  # by id
    follow_ups: Mapping[str, status.FollowUp]  # by system id: the next yearly follow-up
    page_src: str = ""  # the page the links start from
    places: Mapping[str, int] = field(default_factory=dict)  # by system id: the place in the classification queue

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

    return Column(code, f"klassning.{code}", parse=parse_int, page="", numeric=True, audience=LIS,
                  cell=lambda s, x: "–" if (v := value(s, x)) is None else v,
                  shown=lambda x: code in x.aspects, section=CLASSIFICATION, fact=fact)


def _object_link(s: m.System, x: SystemContext) -> Markup:
    return link(relative_href(x.page_src, object_page(s.management_object)), x.objects[s.management_object].name)


def _next_follow_up(s: m.System, x: SystemContext) -> object:
    follow = x.follow_ups.get(s.id)
    return Markup(f"{iso(follow.due)} ({status.bucket(follow.due, x.as_of).value})") if follow else "–"


def _agreement(s: m.System) -> str:
    """The PUB-avtal as the inventory shows it: "finns, undertecknat 2026-03-15" when the date is known."""
    signed = s.agreement_signed
    return f"{s.processor_agreement.value}, undertecknat {signed}" if signed else s.processor_agreement.value


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
    Column("Klassningsprotokoll", "klassningsprotokoll", page="", section=CLASSIFICATION, audience=LIS,
           cell=lambda s, x: iso(status.protocol_date(s, x.as_of)),
           fact=lambda s, x: ("Klassningsprotokoll", iso(status.protocol_date(s, x.as_of)))),
    Column("Klassning datum", "klassning.datum", page="Klassning", section=CLASSIFICATION, audience=LIS,
           cell=lambda s, x: iso(status.classification_date(s, x.as_of)),
           fact=lambda s, x: ("Fullständig klassning", iso(status.classification_date(s, x.as_of)))),
    *(_level(code) for code in ("K", "R", "T", "S")),
    Column("Uppföljd", "uppföljd", section=CLASSIFICATION, audience=LIS,
           fact=lambda s, x: ("Senast uppföljd", iso(status.follow_up_date(s, x.as_of)))),
    Column("Nästa uppföljning", page="", section=CLASSIFICATION, audience=LIS,
           cell=lambda s, x: iso(f.due if (f := x.follow_ups.get(s.id)) else None),
           fact=lambda s, x: ("Nästa uppföljning", _next_follow_up(s, x))),
    Column("PUB-avtal", "pub_avtal", page="", section=DATA_PROTECTION, audience=LIS,
           cell=lambda s, x: _agreement(s)),
    Column("PUB-avtal undertecknat", "pub_avtal_undertecknat", section=DATA_PROTECTION, audience=LIS,
           fact=lambda s, x: ("PUB-avtal undertecknat", iso(s.agreement_signed))),
    Column("PUB-avtal referens", "pub_avtal_referens", section=DATA_PROTECTION, audience=LIS,
           fact=lambda s, x: ("PUB-avtalets referens", s.agreement_reference or "–")),
    Column("Konsekvensbedömning krävs", "konsekvensbedömning.krävs", page="Konsekvensbedömning",
           cell=lambda s, x: status.dpia_summary(s, x.as_of), section=DATA_PROTECTION, audience=LIS),
    Column("Konsekvensbedömning status", "konsekvensbedömning.status", section=DATA_PROTECTION, audience=LIS,
           fact=lambda s, x: ("Status", status.dpia_state(s, x.as_of) or "–")),
    Column("Konsekvensbedömning klar", "konsekvensbedömning.datum", section=DATA_PROTECTION, audience=LIS,
           fact=lambda s, x: ("Klar", iso(s.dpia.done))),
)


def system_table(hb: Handbook, systems: Iterable[m.System], as_of: date, page_src: str = "") -> Table[
        m.System, SystemContext]:
    return Table(SYSTEM_COLUMNS, tuple(systems), system_context(hb, as_of, page_src))


# --- Other tables of systems: the same columns, some shown otherwise --------------------------------

_BY_HEADER = {c.header: c for c in SYSTEM_COLUMNS}


def _shown(header: str, **changes: object) -> Column[m.System, SystemContext]:
    """A column of the spec as another table shows it (on the page, perhaps with another cell)."""
    column = _BY_HEADER[header]
    return replace(column, page=column.page or "", **changes)  # type: ignore[arg-type]


def for_everyone(table: Table[m.System, SystemContext]) -> Table[m.System, SystemContext]:
    """The inventory as the staff edition shows it: no restricted field, and names without links (the systems'
    and förvaltningsobjekt's own pages are in the LIS edition only)."""
    plain = {"Namn": lambda s, x: s.name, "Förvaltningsobjekt": lambda s, x: x.objects[s.management_object].name}
    readable = table.readable_by(Audience.ALL)
    return readable.showing([replace(c, cell=plain[c.header]) if c.header in plain else c for c in readable.columns])


NAME = _BY_HEADER["Namn"]  # "System", a link to the system's page
OBJECT_NAME = _shown("Förvaltningsobjekt", cell=lambda s, x: x.objects[s.management_object].name)

# The dashboard's gap lists (Uppföljning) and a förvaltningsobjekt's agenda.
GAP_COLUMNS = (NAME, OBJECT_NAME, _shown("Leverantör", cell=lambda s, x: s.supplier or "–"),
               _BY_HEADER["Personuppgifter"])
QUEUE_COLUMNS = (Column[m.System, SystemContext]("Plats", page="", numeric=True, cell=lambda s, x: x.places[s.id]),
                 NAME, OBJECT_NAME, _BY_HEADER["Personuppgifter"], _BY_HEADER["Samhällsviktig"],
                 _BY_HEADER["Klassningsprotokoll"])
# The systems on a förvaltningsobjekt's own page.
OBJECT_PAGE_COLUMNS = (NAME, _BY_HEADER["Personuppgifter"], _BY_HEADER["Samhällsviktig"],
                       _BY_HEADER["Klassningsprotokoll"], _BY_HEADER["Klassning datum"], _BY_HEADER["PUB-avtal"],
                       Column[m.System, SystemContext]("Brister", page="", numeric=True, audience=LIS,
                                                       cell=lambda s, x: len(fu.gaps_of(s, x.as_of))))

# Classifications whose yearly follow-up is overdue (Uppföljning), the most overdue first.
OVERDUE_COLUMNS: tuple[Column[status.FollowUp, SystemContext], ...] = (
    Column("System", page="", cell=lambda f, x: f.system.name),
    Column("Förvaltningsobjekt", page="", cell=lambda f, x: x.objects[f.system.management_object].name),
    Column("Klassad", page="", cell=lambda f, x: iso(f.classified)),
    Column("Senast uppföljd", page="", cell=lambda f, x: iso(f.last_follow_up)),
    Column("Skulle följts upp senast", page="", cell=lambda f, x: iso(f.due)),
    Column("Dagar försenad", page="", numeric=True, cell=lambda f, x: f.days_overdue(x.as_of)),
)


def _table(scope: Scope) -> Table[m.System, SystemContext]:
    return system_table(scope.hb, scope.hb.systems, scope.as_of, scope.page_src)


REGISTER = Register(
    DataFile("system.yaml", m.SystemsFile, "Systemförteckning",
             "Systemförteckning, Uppföljning och varje systems egen sida",
             (Entries("system", "system", unique="id",
                      unknown='okänt system "{ref}"; system finns i data/system.yaml'),),
             (Reference("system.*.förvaltningsobjekt", "forvaltningsobjekt.yaml", "förvaltningsobjekt"),),
             handbook={"systems": "systems"},
             about=("Systemförteckningen: alla system med klassning, uppföljning, PUB-avtal och konsekvensbedömning."
                    " Se [Fälten för system och åtgärder](falt.md).")),
    _table,
    Export("systemforteckning", "Systemförteckning", "systemförteckningen",
           lambda scope, table: f"Systemförteckningen: {len(table)} system med förvaltningsobjekt, systemägare, "
                                "leverantör, klassning (K, R, T, S) och PUB-avtal.", in_supervision=True, order=10),
    pages=(pages.INVENTORY,),
    search_excluded=True,  # each system is found through its own page (search.py's side file)
    audience=Audience.ALL,  # names, owners and suppliers for everyone; the classification work is restricted
)
