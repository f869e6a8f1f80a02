"""The record of processing activities (GDPR art. 30) with each activity's DPIA screening (data/behandlingar.yaml).

One column spec for the register's page, the DPIA plan (page, Uppföljning and the management review) and the
export. The rules live here too, as pure functions of the reference date: the screening rule (two or more of
the EDPB's nine criteria normally mean a DPIA is required), an activity's DPIA state, the plan's order, and
the one check that keeps the inventory's DPIA column (status.dpia_outstanding) consistent with the register.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .. import models as m
from .. import pages, status
from .. import review as rv
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Macro, Reference, Register, Reporter, Scope
from ..charts import progress_chart
from ..collation import swedish_key
from ..columns import HANDBOOK_STAMP, Column, Table, stamp_columns
from ..handbook import Handbook
from ..render import caption, example_mark, iso
from ..swedish import count
from .organisation import ROLES

FILE = "behandlingar.yaml"
PAGE = "uppfoljning/behandlingar.md"


class Criterion(StrEnum):
    """The EDPB's nine criteria (WP 248 rev.01), which IMY's list under art. 35.4 builds on."""

    EVALUATION = "utvärdering"
    AUTOMATED_DECISION = "automatiserade beslut"
    MONITORING = "systematisk övervakning"
    SENSITIVE = "känsliga uppgifter"
    LARGE_SCALE = "stor omfattning"
    COMBINED = "samkörda uppgifter"
    VULNERABLE = "sårbara registrerade"
    NEW_TECHNOLOGY = "ny teknik"
    BLOCKS_RIGHT = "hindrar rättighet"


CRITERIA_TEXT = {
    Criterion.EVALUATION: "Utvärdering eller poängsättning, även profilering",
    Criterion.AUTOMATED_DECISION: "Automatiserat beslutsfattande med rättslig eller liknande betydande verkan",
    Criterion.MONITORING: "Systematisk övervakning",
    Criterion.SENSITIVE: "Känsliga uppgifter eller uppgifter av mycket personlig karaktär",
    Criterion.LARGE_SCALE: "Behandling i stor omfattning",
    Criterion.COMBINED: "Matchning eller sammanförande av datamängder",
    Criterion.VULNERABLE: "Uppgifter om sårbara registrerade, till exempel barn, patienter eller anställda",
    Criterion.NEW_TECHNOLOGY: "Innovativ användning eller ny teknik, till exempel AI",
    Criterion.BLOCKS_RIGHT: "Behandlingen hindrar de registrerade från att utöva en rättighet eller få en tjänst",
}
REQUIRED_FROM = 2  # IMY: two or more criteria normally mean that a DPIA is required

# The plan's order (the seed: sensitive data, children and other vulnerable people, large scale, new technology).
PRIORITY = (Criterion.SENSITIVE, Criterion.VULNERABLE, Criterion.LARGE_SCALE, Criterion.NEW_TECHNOLOGY)


def normally_required(criteria: Iterable[Criterion]) -> bool:
    """The screening rule: a DPIA is normally required when two or more different criteria apply."""
    return len(set(criteria)) >= REQUIRED_FROM


# --- The data contract ---------------------------------------------------------------------------


class Result(StrEnum):
    REQUIRED = "krävs"
    NOT_REQUIRED = "krävs inte"
    DONE = "genomförd"


class CityAgreement(StrEnum):
    YES = "ja"
    NO = "nej"
    UNCLEAR = "oklart"


class LegalBasis(m.Record):
    article_6: m.Text = Field(alias="artikel_6", description=(
        "Rättslig grund i artikel 6.1, t.ex. 6.1 e (myndighetsutövning)."))
    article_9_10: str | None = Field(None, alias="artikel_9_10", description=(
        "Undantaget i artikel 9.2 (känsliga uppgifter) eller artikel 10 (lagöverträdelser) när det behövs."))
    provision: m.Text = Field(alias="bestämmelse", description=(
        "Den svenska bestämmelsen, t.ex. lagen om behandling av personuppgifter inom socialtjänsten (SoLPuL)."))


class Screening(m.Record):
    """The DPIA screening against the nine criteria, its result and (when done) the DPIA itself."""

    criteria: list[Criterion] = Field(default_factory=list, alias="kriterier", description=(
        "De kriterier som är uppfyllda: " + ", ".join(c.value for c in Criterion) + "."))
    screened_by: m.Slug = Field(alias="bedömd_av", description="Roll-id från data/organisation.yaml.")
    screened: m.IsoDate = Field(alias="bedömd", description="Dag då förhandsbedömningen gjordes.")
    result: Result = Field(alias="resultat", description="krävs, krävs inte eller genomförd.")
    reason: str | None = Field(None, alias="motivering", description="Varför en konsekvensbedömning inte krävs.")
    dpia_done: m.IsoDate | None = Field(None, alias="genomförd", description="Dag då konsekvensbedömningen blev klar.")
    dpia_reference: str | None = Field(None, alias="referens", description="Diarienummer för konsekvensbedömningen.")
    high_residual_risk: m.JaNej = Field(False, alias="hög_kvarvarande_risk", description=(
        "ja när en hög risk kvarstår efter åtgärderna: då ska IMY rådfrågas före behandlingen (artikel 36)."))
    consulted: m.IsoDate | None = Field(None, alias="förhandssamråd", description=(
        "Dag då IMY rådfrågades (artikel 36)."))
    plan_owner: m.Slug | None = Field(None, alias="plan_ansvarig", description=(
        "Roll-id för den som ska se till att konsekvensbedömningen görs (krävs när resultat är krävs)."))
    plan_due: m.IsoDate | None = Field(None, alias="plan_senast", description=(
        "Dag då konsekvensbedömningen ska vara klar (krävs när resultat är krävs)."))

    @model_validator(mode="after")
    def _result_has_its_facts(self) -> Screening:
        found = len(set(self.criteria))
        if self.result is Result.NOT_REQUIRED and not self.reason:
            if normally_required(self.criteria):
                raise PydanticCustomError("bedomning", f"{found} kriterier är uppfyllda, så en konsekvensbedömning "
                                          "krävs "
                                          "normalt; skriv resultat: krävs, eller motivera under motivering varför "
                                          "den ändå inte krävs")
            raise PydanticCustomError("bedomning", "skriv under motivering varför en konsekvensbedömning inte krävs")
        if self.result is Result.DONE and (self.dpia_done is None or not self.dpia_reference):
            raise PydanticCustomError("bedomning", "en genomförd konsekvensbedömning ska ha datum (genomförd) och "
                                      "diarienummer eller annan referens (referens)")
        if self.result is Result.REQUIRED and (self.plan_owner is None or self.plan_due is None):
            raise PydanticCustomError("bedomning", "en konsekvensbedömning som krävs ska stå i planen: ange vem som "
                                      "ansvarar (plan_ansvarig) och när den ska vara klar (plan_senast)")
        return self


class Processor(m.Record):
    id: m.Slug
    name: m.Text = Field(alias="namn", description="Leverantörens namn (ett företag, aldrig en privatperson).")
    agreement: m.ProcessorAgreement = Field(alias="pub_avtal", description="finns, saknas, pågår eller ej aktuellt.")
    reference: str | None = Field(None, alias="referens", description=(
        "Diarienummer för PUB-avtalet eller stadens avtal."))


class Processing(m.Record):
    """One processing activity: art. 30.1 a–g, legal basis, systems, processors and the DPIA screening."""

    id: m.Slug
    name: m.Text = Field(alias="namn", description="Behandlingens namn, t.ex. Handläggning av ekonomiskt bistånd.")
    example: m.JaNej = Field(False, alias="exempel", description="ja när posten är ett påhittat exempel.")
    owner: m.Slug = Field(alias="ansvarig", description="Roll-id för den som ansvarar för behandlingen i verksamheten.")
    purposes: m.Text = Field(alias="ändamål", description="Ändamålen med behandlingen (artikel 30.1 b).")
    subjects: list[m.Text] = Field(alias="registrerade", min_length=1, description=(
        "Kategorier av registrerade (artikel 30.1 c), t.ex. sökande, barn, vårdnadshavare."))
    data: list[m.Text] = Field(alias="personuppgifter", min_length=1, description=(
        "Kategorier av personuppgifter (artikel 30.1 c)."))
    recipients: list[m.Text] = Field(default_factory=list, alias="mottagare", description=(
        "Kategorier av mottagare (artikel 30.1 d), t.ex. Försäkringskassan."))
    third_countries: str | None = Field(None, alias="tredjeland", description=(
        "Överföringar till tredjeland och skyddsåtgärder (artikel 30.1 e); utelämna om inga."))
    erasure: m.Text = Field(alias="gallring", description="När uppgifterna gallras (artikel 30.1 f).")
    security: m.Text = Field(alias="säkerhetsåtgärder", description=(
        "Allmän beskrivning av tekniska och organisatoriska säkerhetsåtgärder (artikel 30.1 g)."))
    legal_basis: LegalBasis = Field(alias="rättslig_grund")
    systems: list[m.Slug] = Field(default_factory=list, alias="system", description="Id från data/system.yaml.")
    processors: list[m.Slug] = Field(default_factory=list, alias="biträden", description=(
        "Id för personuppgiftsbiträden under biträden i samma fil."))
    city_agreement: CityAgreement | None = Field(None, alias="stadens_avtal", description=(
        "För stadsgemensamma system: ja om stadens centrala avtal täcker behandlingen, nej eller oklart."))
    screening: Screening | None = Field(None, alias="förhandsbedömning", description=(
        "Förhandsbedömningen av om en konsekvensbedömning krävs (artikel 35); utelämna tills den är gjord."))


class ProcessingFile(m.Record):
    processors: list[Processor] = Field(default_factory=list, alias="biträden")
    activities: list[Processing] = Field(default_factory=list, alias="behandlingar")


DATA = DataFile(
    FILE, ProcessingFile, "Registerförteckning och konsekvensbedömningar",
    "Registerförteckning, Uppföljning (plan för konsekvensbedömningar), Ledningens genomgång och sidorna för "
    "system och förvaltningsobjekt",
    (Entries("biträden", "biträde", unique="id",
             unknown='okänt personuppgiftsbiträde "{ref}". Kända biträden under biträden: {known}.'),
     Entries("behandlingar", "behandling", unique="id")),
    (Reference("behandlingar.*.ansvarig", *ROLES),
     Reference("behandlingar.*.system", "system.yaml", "system"),
     Reference("behandlingar.*.biträden", FILE, "biträden"),
     Reference("behandlingar.*.förhandsbedömning.bedömd_av", *ROLES),
     Reference("behandlingar.*.förhandsbedömning.plan_ansvarig", *ROLES)),
    optional=True,
    checks=lambda rep, hb: _check(rep, hb),
    # item_pages (the default): the pages of systems and förvaltningsobjekt list their processing activities
    about=("Registerförteckningen enligt artikel 30 i dataskyddsförordningen: personuppgiftsbiträden och varje "
           "behandling med förhandsbedömning och plan för konsekvensbedömning. Varje systems och förvaltningsobjekts "
           "sida listar behandlingarna i systemen. Se [Föra registerförteckningen](registerforteckning.md)."),
)


# --- Rules -----------------------------------------------------------------------------------------


class DpiaState(StrEnum):
    NOT_SCREENED = "inte förhandsbedömd"
    NOT_REQUIRED = "krävs inte"
    MISSING = "krävs, saknas"
    OVERDUE = "krävs, försenad"
    CONSULT = "genomförd, förhandssamråd saknas"
    DONE = "genomförd"


def _done_by(s: Screening, as_of: date) -> bool:
    return s.result is Result.DONE and s.dpia_done is not None and s.dpia_done <= as_of


def dpia_state(p: Processing, as_of: date) -> DpiaState:
    """The activity's DPIA on `as_of` (a DPIA dated after `as_of` is not done yet)."""
    s = p.screening
    if s is None or s.screened > as_of:
        return DpiaState.NOT_SCREENED
    if s.result is Result.NOT_REQUIRED:
        return DpiaState.NOT_REQUIRED
    if _done_by(s, as_of):
        return DpiaState.CONSULT if s.high_residual_risk and not s.consulted else DpiaState.DONE
    return DpiaState.OVERDUE if s.plan_due and s.plan_due < as_of else DpiaState.MISSING


def lacks_dpia(p: Processing, as_of: date) -> bool:
    return dpia_state(p, as_of) in (DpiaState.MISSING, DpiaState.OVERDUE)


def _priority(p: Processing) -> tuple[object, ...]:
    found = set(p.screening.criteria) if p.screening else set()
    due = (p.screening.plan_due if p.screening else None) or date.max
    return (*(c not in found for c in PRIORITY), due, swedish_key(p.name))


def dpia_plan(activities: Iterable[Processing], as_of: date) -> list[Processing]:
    """The activities that require a DPIA and lack one on `as_of`, in the plan's priority order."""
    return sorted((p for p in activities if lacks_dpia(p, as_of)), key=_priority)


def activities(hb: Handbook) -> tuple[Processing, ...]:
    found = DATA.of(hb)
    return tuple(found.activities) if found else ()


def _check(rep: Reporter, hb: Handbook) -> None:
    """The inventory's DPIA column agrees with the register (status.dpia_outstanding is the one system rule), a
    processor's PUB state agrees with the system it supplies, and an activity in a city-shared system says
    whether the city's central agreement covers it."""
    systems = {s.id: s for s in hb.systems}
    found = DATA.of(hb)
    processors = {b.id: b for b in (found.processors if found else ())}
    by_system: dict[str, list[tuple[int, Processing]]] = {}
    for i, p in enumerate(activities(hb)):
        for j, processor_id in enumerate(p.processors):
            for message in _agreement_disagrees(processors.get(processor_id), p, systems):
                rep.add(FILE, ("behandlingar", i, "biträden", j), message)
        for j, system_id in enumerate(p.systems):
            if system_id in systems:
                by_system.setdefault(system_id, []).append((i, p))
                if systems[system_id].city_shared and p.city_agreement is None:
                    rep.add(FILE, ("behandlingar", i, "system", j), f'systemet "{system_id}" är stadsgemensamt: '
                            "skriv under stadens_avtal om stadens centrala avtal täcker behandlingen (ja, nej "
                            "eller oklart)")
    for system_id, listed in by_system.items():
        screened = [(i, p) for i, p in listed if p.screening is not None]
        if not screened:
            continue
        missing = [p.id for _, p in screened if lacks_dpia(p, date.max)]
        outstanding = status.dpia_outstanding(systems[system_id], date.max)
        if missing and not outstanding:
            rep.add(FILE, ("behandlingar", screened[0][0], "system"), (
                f'behandlingen {", ".join(missing)} kräver en konsekvensbedömning som saknas, men data/system.yaml '
                f'säger något annat för systemet "{system_id}"; skriv där konsekvensbedömning: krävs: ja och en '
                "status som inte är klar"))
        elif outstanding and not missing:
            rep.add(FILE, ("behandlingar", screened[0][0], "system"), (
                f'data/system.yaml säger att systemet "{system_id}" saknar en konsekvensbedömning som krävs, men '
                "ingen av dess behandlingar här kräver en som saknas; rätta den ena eller den andra"))


def _agreement_disagrees(processor: Processor | None, p: Processing, systems: dict[str, m.System]) -> list[str]:
    """The processor is the supplier of one of the activity's systems, but the two files give its PUB state
    differently (one state, written in both places, so the inventory's PUB column and the register agree)."""
    if processor is None:
        return []
    return [f'biträdet "{processor.id}" har pub_avtal: {processor.agreement.value} här, men data/system.yaml säger '
            f'{s.processor_agreement.value} för systemet "{s.id}", som har samma leverantör ({s.supplier}); skriv '
            "samma på båda ställena"
            for s in (systems[i] for i in p.systems if i in systems)
            if s.supplier == processor.name and s.processor_agreement is not processor.agreement]


# --- Columns -----------------------------------------------------------------------------------------


def _names(ids: Iterable[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids) or "–"


def _systems(p: Processing, x: Scope) -> str:
    return _names(p.systems, {s.id: s.name for s in x.hb.systems})


def _processors(p: Processing, x: Scope) -> str:
    found = DATA.of(x.hb)
    known = {b.id: f"{b.name} (PUB-avtal {b.agreement.value})" for b in (found.processors if found else ())}
    return _names(p.processors, known)


def _criteria(p: Processing, x: Scope) -> str:
    return ", ".join(c.value for c in p.screening.criteria) if p.screening and p.screening.criteria else "–"


def _state(p: Processing, x: Scope) -> str:
    state = dpia_state(p, x.as_of)
    s = p.screening
    if state in (DpiaState.DONE, DpiaState.CONSULT) and s is not None:
        return f"{state.value} {s.dpia_done} ({s.dpia_reference})"
    if state in (DpiaState.MISSING, DpiaState.OVERDUE) and s is not None:
        return f"{state.value}: " + (f"senast {s.plan_due}" if s.plan_due else f"klar först {s.dpia_done}")
    return state.value


def _role(role_id: str | None, x: Scope) -> str:
    return x.hb.role(role_id).name if role_id else "–"


def _basis(p: Processing, x: Scope) -> str:
    b = p.legal_basis
    return "; ".join(part for part in (b.article_6, b.article_9_10, b.provision) if part)


ProcessingColumn = Column[Processing, Scope]
NAME = ProcessingColumn("Behandling", "namn", page="", cell=lambda p, x: p.name + example_mark(p.example))
OWNER = ProcessingColumn("Ansvarig", export=lambda p, x: _role(p.owner, x), page="")
CRITERIA = ProcessingColumn("Uppfyllda kriterier", export=_criteria, page="Kriterier")
STATE = ProcessingColumn("Konsekvensbedömning", export=_state, dated=True, page="")
PLAN_OWNER = ProcessingColumn("Ansvarig för konsekvensbedömningen", page="Ansvarig",
                              export=lambda p, x: _role(p.screening.plan_owner if p.screening else None, x))
PLAN_DUE = ProcessingColumn("Klar senast", "förhandsbedömning.plan_senast", page="",
                            cell=lambda p, x: iso(p.screening.plan_due if p.screening else None))
COLUMNS: tuple[ProcessingColumn, ...] = (
    ProcessingColumn("Id", "id"),
    NAME,
    ProcessingColumn("Exempel", "exempel"),
    OWNER,
    ProcessingColumn("Personuppgiftsansvarig", export=lambda p, x: x.hb.organisation.board),
    ProcessingColumn("Dataskyddsombud", export=lambda p, x: _contact(x)),
    ProcessingColumn("Ändamål", "ändamål", page=""),
    ProcessingColumn("Registrerade", "registrerade", page=""),
    ProcessingColumn("Personuppgifter", "personuppgifter"),
    ProcessingColumn("Mottagare", "mottagare"),
    ProcessingColumn("Tredjeland", export=lambda p, x: p.third_countries or "inga överföringar"),
    ProcessingColumn("Gallring", "gallring"),
    ProcessingColumn("Säkerhetsåtgärder", "säkerhetsåtgärder"),
    ProcessingColumn("Rättslig grund", export=_basis, page=""),
    ProcessingColumn("System", export=_systems, page=""),
    ProcessingColumn("Personuppgiftsbiträden", export=_processors, page="Biträden (PUB-avtal)"),
    ProcessingColumn("Stadens centrala avtal", export=lambda p, x: p.city_agreement.value if p.city_agreement else "–",
                     page="Stadens avtal"),
    CRITERIA,
    ProcessingColumn("Förhandsbedömd av", export=lambda p, x: _role(p.screening.screened_by if p.screening else None,
                                                                     x)),
    ProcessingColumn("Förhandsbedömd", "förhandsbedömning.bedömd"),
    ProcessingColumn("Motivering", "förhandsbedömning.motivering"),
    STATE,
    ProcessingColumn("Förhandssamråd med IMY", "förhandsbedömning.förhandssamråd"),
    PLAN_OWNER, PLAN_DUE,
    *stamp_columns(HANDBOOK_STAMP),
)
PLAN_COLUMNS = (
    ProcessingColumn("Plats", page="", numeric=True, cell=lambda p, x: _place(p, x)),
    NAME, CRITERIA, PLAN_OWNER, PLAN_DUE, STATE,
)


def _contact(x: Scope) -> str:
    dpo = next((r for r in x.hb.organisation.roles if r.id == "dataskyddsombud"), None)
    return f"{dpo.name}, {dpo.email}" if dpo and dpo.email else (dpo.name if dpo else "–")


@dataclass(frozen=True)
class PlanScope(Scope):
    """The scope of the plan's table, with each activity's place in the plan."""

    places: Mapping[str, int] = field(default_factory=dict)


def _place(p: Processing, x: Scope) -> int | str:
    return x.places.get(p.id, "–") if isinstance(x, PlanScope) else "–"


def processing_table(scope: Scope, rows: Iterable[Processing] | None = None) -> Table[Processing, Scope]:
    return Table(COLUMNS, tuple(activities(scope.hb) if rows is None else rows), scope)


SYSTEM_PAGE_COLUMNS = (NAME, OWNER, STATE)


def by_system(hb: Handbook) -> dict[str, list[Processing]]:
    """The processing activities that run in each system, by system id."""
    found: dict[str, list[Processing]] = {}
    for p in activities(hb):
        for system_id in p.systems:
            found.setdefault(system_id, []).append(p)
    return found


def system_section(scope: Scope, rows: Iterable[Processing], title: str) -> str:
    """The processing activities that run in a system (or in a förvaltningsobjekt's systems), for its page."""
    if DATA.of(scope.hb) is None:
        return "\n\nIngen registerförteckning är införd ännu (data/behandlingar.yaml saknas).\n\n"
    found = sorted(rows, key=lambda p: swedish_key(p.name))
    return processing_table(scope, found).showing(SYSTEM_PAGE_COLUMNS).html(
        caption(f"{title}: {count(len(found), 'behandling', 'behandlingar')}", scope.as_of),
        empty="Ingen behandling i registerförteckningen anger systemet.")


def page_table(scope: Scope) -> str:
    rows = processing_table(scope)
    if DATA.of(scope.hb) is None:
        return "\n\nIngen registerförteckning är införd ännu (data/behandlingar.yaml saknas).\n\n"
    return rows.html(caption(f"Registerförteckning: {count(len(rows), 'behandling', 'behandlingar')}", scope.as_of),
                     empty="Inga behandlingar ännu.", sortable=True, searchable=False)


def _plan(scope: Scope, as_of: date, title: str) -> str:
    plan = dpia_plan(activities(scope.hb), as_of)
    needed = [p for p in activities(scope.hb) if dpia_state(p, as_of) not in (DpiaState.NOT_SCREENED,
                                                                            DpiaState.NOT_REQUIRED)]
    done = len(needed) - len(plan)
    unscreened = sum(1 for p in activities(scope.hb) if dpia_state(p, as_of) is DpiaState.NOT_SCREENED)
    chart = progress_chart("konsekvensbedomningar", caption("Konsekvensbedömningar som krävs", as_of),
                           [("Genomförda konsekvensbedömningar", done, len(needed))])
    note = f"<p>Behandlingar som inte är förhandsbedömda ännu: {unscreened}.</p>" if unscreened else ""
    dated = PlanScope(scope.hb, as_of, scope.version, scope.docs, scope.page_src, scope.titles,
                      places={p.id: n for n, p in enumerate(plan, start=1)})
    late = sum(1 for p in plan if dpia_state(p, as_of) is DpiaState.OVERDUE)
    table = processing_table(dated, plan).showing(PLAN_COLUMNS).html(
        caption(f"{title}: {count(len(plan), 'konsekvensbedömning', 'konsekvensbedömningar')} att göra, "
                f"{count(late, 'försenad', 'försenade', none='ingen försenad')}", as_of),
        empty="Alla konsekvensbedömningar som krävs är genomförda.", sortable=True, searchable=False)
    return chart + note + table


def plan_table(scope: Scope) -> str:
    """The DPIA plan on the register's page and on Uppföljning: `{{ konsekvensbedomningar() }}`."""
    if DATA.of(scope.hb) is None:
        return "\n\nIngen registerförteckning är införd ännu, så planen är tom.\n\n"
    return _plan(scope, scope.as_of, "Plan för konsekvensbedömningar")


def review_plan(scope: Scope, year: int) -> str:
    """The plan as input to the management review of `year`, on the review's date (scope.as_of: the build's)."""
    as_of = rv.review_date(scope.hb.review(year), scope.as_of)
    if DATA.of(scope.hb) is None:
        return "\n\nIngen registerförteckning är införd ännu.\n\n"
    return _plan(scope, as_of, f"Plan för konsekvensbedömningar, ledningens genomgång {year}")


def _what(scope: Scope, table: Table[Processing, Scope]) -> str:
    plan = dpia_plan(activities(scope.hb), scope.as_of)
    found = count(len(table), "behandling", "behandlingar")
    return (f"Registerförteckningen enligt artikel 30 i dataskyddsförordningen: {found} med ändamål, registrerade, "
            "personuppgifter, mottagare, tredjeland, gallring, "
            "säkerhetsåtgärder, rättslig grund, system och biträden, och förhandsbedömningen av om en "
            f"konsekvensbedömning krävs ({len(plan)} som krävs saknas).")


REGISTER = Register(
    DATA,
    processing_table,
    Export("registerforteckning", "Registerförteckning", "registerförteckningen", _what, in_supervision=True,
           order=45),
    pages=(PAGE, pages.DASHBOARD),
    search_excluded=True,
    audience=Audience.LIS,  # sensitive processing and its gaps: the restricted edition
    # The review's input (review_plan) is called with the review year, as every lg_… macro in page_macros.py.
    macros={"registerforteckning": Macro(page_table, "Registerförteckningen"),
            "konsekvensbedomningar": Macro(plan_table, "Planen för konsekvensbedömningar")},
)
