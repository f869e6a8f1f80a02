"""The data contract: typed records for every data file, with the Swedish keys the coordinator writes.

Field names are English; each field's alias is the Swedish YAML key. Descriptions are Swedish
because editors show them while the coordinator types.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# An id becomes a folder or file name of generated pages and calendar feeds (at most 255 bytes).
MAX_ID_LENGTH = 200
# Later date arithmetic (a year ahead, a day after, a year back) must stay inside Python's dates.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2199, 12, 31)


def date_in_range(day: date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def out_of_range_message(text: str) -> str:
    return (f"{text} ligger utanför de datum handboken räknar med; "
            f"använd ett datum från {FIRST_DATE} till {LAST_DATE}")


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return _bounded(value, value.isoformat())
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    if text is not None and ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is not None:
            return _bounded(day, text)
        raise PydanticCustomError(
            "datum", "{value} är inget giltigt datum (finns den månaden och dagen?)", {"value": text}
        )
    raise PydanticCustomError(
        "datum", "{value} är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28",
        {"value": show_value(value)},
    )


def _bounded(day: date, text: str) -> date:
    if not date_in_range(day):
        raise PydanticCustomError("datum", out_of_range_message(text))
    return day


def _ja_nej(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("ja", "nej"):
        return value.strip().lower() == "ja"
    raise PydanticCustomError(
        "ja_nej", "{value} går inte att tolka; skriv ja eller nej", {"value": show_value(value)}
    )


def _slug(value: Any) -> str:
    if isinstance(value, str) and len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "id", "id är för långt ({length} tecken); ett id får ha högst {most} tecken",
            {"length": len(value), "most": MAX_ID_LENGTH},
        )
    if isinstance(value, str) and _SLUG.fullmatch(value):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        raise PydanticCustomError(
            "id", "{value} läses som ett tal; ett id som bara består av siffror ska stå inom "
            'citattecken, till exempel "{value}"', {"value": str(value)},
        )
    raise PydanticCustomError(
        "id", "{value} är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck, "
        "till exempel {example}", {"value": show_value(value), "example": slug_like(value)},
    )


_TO_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "_": "-", " ": "-"})


def slug_like(value: Any) -> str:
    """An id spelled as `value` would be without capitals or Swedish letters ("Äldre omsorg" -> aldre-omsorg)."""
    spelled = re.sub(r"[^a-z0-9-]", "", str(value).strip().lower().translate(_TO_ASCII))
    spelled = re.sub(r"-{2,}", "-", spelled).strip("-")[:MAX_ID_LENGTH].strip("-")
    return spelled if _SLUG.fullmatch(spelled) else "nytt-ekonomisystem"


def show_value(value: Any) -> str:
    """A value as a message quotes it: YAML's yes/no/true/false and ~ are named, not shown as Python."""
    if value is None:
        return "ett tomt värde"
    if isinstance(value, bool):
        return "ett ja/nej-värde (yes, no, true, false, on, off)"
    return f'"{value}"'




IsoDate = Annotated[date, BeforeValidator(_iso_date)]
JaNej = Annotated[bool, BeforeValidator(_ja_nej), WithJsonSchema({"enum": ["ja", "nej", True, False]})]
Slug = Annotated[str, BeforeValidator(_slug), WithJsonSchema({"type": "string", "pattern": _SLUG.pattern})]
Text = Annotated[str, Field(min_length=1)]

# Annex A of ISO/IEC 27001:2022: the statement of applicability and the risks refer to its controls.
ANNEX_A_SIZES = {5: 37, 6: 8, 7: 14, 8: 34}
ANNEX_A = tuple(f"A.{theme}.{n}" for theme, size in ANNEX_A_SIZES.items() for n in range(1, size + 1))
_CONTROL_ID = re.compile(r"A\.[5-8]\.[1-9][0-9]?", re.ASCII)


def _control_id(value: Any) -> str:
    if isinstance(value, str) and _CONTROL_ID.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError(
        "id", "{value} är ingen kontroll i bilaga A; skriv A, tema och nummer, till exempel A.5.1",
        {"value": show_value(value)},
    )


ControlId = Annotated[str, BeforeValidator(_control_id),
                      WithJsonSchema({"type": "string", "pattern": _CONTROL_ID.pattern})]
Nis2Point = Annotated[int, Field(ge=1, le=10)]
# A clause of ISO/IEC 27001 (4–10, e.g. 6.1 or 9.2.1); YAML reads 6.1 as a number, so it is read back as text.
_CLAUSE = re.compile(r"(?:[4-9]|10)(?:\.[1-9]){0,2}", re.ASCII)


def _clause(value: Any) -> str:
    text = str(value).strip() if isinstance(value, str | int | float) and not isinstance(value, bool) else None
    if text is not None and _CLAUSE.fullmatch(text):
        return text
    raise PydanticCustomError(
        "id", "{value} är inget avsnitt i ISO/IEC 27001; skriv avsnittets nummer i 4–10, till exempel 6.1 eller 9.2",
        {"value": show_value(text if text is not None else value)},
    )


ClauseId = Annotated[str, BeforeValidator(_clause),
                     WithJsonSchema({"type": ["string", "number"], "pattern": _CLAUSE.pattern})]


class Record(BaseModel):
    """Base for every record: unknown keys are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              populate_by_name=False)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_values(cls, value: Any, info: ValidationInfo) -> Any:
        """`K: yes` is not level 1, and a blank optional text (`leverantör: "   "`) means no value."""
        name = info.field_name or ""
        if isinstance(value, bool) and name in _fields_of(cls, int):
            raise PydanticCustomError(
                "heltal_ja_nej", "värdet läses som ja/nej (yes, no, on, off, true, false); skriv ett heltal")
        if isinstance(value, str) and not value.strip() and name in _fields_of(cls, str) & _fields_of(cls, None):
            return None
        return value


@functools.cache
def _fields_of(model: type[BaseModel], kind: type | None) -> frozenset[str]:
    """Names of the fields of `model` whose annotation is `kind` or a union that includes it."""
    wanted = type(None) if kind is None else kind

    def has(annotation: Any) -> bool:
        if annotation is wanted:
            return True
        if typing.get_origin(annotation) is Annotated:
            return has(typing.get_args(annotation)[0])
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            return any(has(arg) for arg in typing.get_args(annotation))
        return False
    return frozenset(name for name, field in model.model_fields.items() if has(field.annotation))


# --- Organisation ------------------------------------------------------------------


class Role(Record):
    id: Slug = Field(description="Kort id som sidorna använder, t.ex. samordnare.")
    name: Text = Field(alias="namn", description="Rollens namn, t.ex. Informationssäkerhetssamordnare.")
    description: str | None = Field(None, alias="beskrivning", description="Vad rollen ansvarar för.")
    email: str | None = Field(None, alias="epost", description="Funktionsbrevlåda.")
    phone: str | None = Field(None, alias="telefon", description="Telefonnummer.")
    hours: str | None = Field(None, alias="nås", description="När och hur rollen nås, t.ex. vardagar 8–16.")
    other_route: str | None = Field(None, alias="annan_väg", description="Annan kontaktväg, t.ex. ett ärende i självservice.")
    around_the_clock: JaNej = Field(False, alias="dygnet_runt", description=(
        "ja om rollen går att nå alla dagar och tider, även under långa helger som påsk, midsommar och jul."))


class DeadlineGroup(StrEnum):
    NIS = "nis"
    PERSONAL_DATA = "personuppgift"


class Deadline(Record):
    id: Slug = Field(description="Id som sidorna använder, t.ex. nis-tidig-varning.")
    group: DeadlineGroup = Field(alias="grupp", description="nis eller personuppgift.")
    name: Text = Field(alias="namn", description="Rapportens namn, t.ex. Tidig varning.")
    hours: int | None = Field(None, alias="timmar", gt=0, description="Fristen i timmar.")
    months: int | None = Field(None, alias="månader", gt=0, description="Fristen i månader.")
    counted_from: Text = Field(alias="räknas_från", description="kännedom, eller id för en annan frist.")
    receiver: Slug | None = Field(None, alias="mottagare", description=(
        "Roll-id för den inom staden som förvaltningen skickar rapporten till; utelämna om förvaltningen "
        "själv lämnar den till myndigheten."))
    internal_hours: int | None = Field(None, alias="till_mottagaren_inom_timmar", gt=0, description=(
        "Förvaltningens egen frist i timmar för att ge rapporten till mottagaren, så att mottagaren hinner lämna "
        "den till myndigheten inom den lagstadgade fristen; kortare än timmar."))
    filed_by: Slug = Field(alias="anmäls_av", description="Roll-id för den som lämnar rapporten till myndigheten.")
    delegates: list[Slug] = Field(default_factory=list, alias="delegerad_till", description=(
        "Roll-id för dem som genom delegation lämnar rapporten på vägnar av den i anmäls_av, t.ex. samordnaren, "
        "ersättaren och förvaltningens chef i beredskap."))
    consulted: list[Slug] = Field(default_factory=list, alias="rådfrågas", description=(
        "Roll-id för dem som rådfrågas och anges i rapporten, t.ex. dataskyddsombud."))
    authority: Slug = Field(alias="myndighet", description="Id för myndigheten i data/lagkrav.yaml.")
    law: Text = Field(alias="regelverk", description="Lag eller förordning som ställer kravet.")
    note: str | None = Field(None, alias="anmärkning", description="Undantag eller förtydligande.")

    @model_validator(mode="after")
    def _one_unit(self) -> Deadline:
        if (self.hours is None) == (self.months is None):
            raise PydanticCustomError("frist_enhet", "ange antingen timmar eller månader (exakt ett av dem)")
        if self.internal_hours is not None and self.counted_from != "kännedom":
            raise PydanticCustomError("frist_enhet", "till_mottagaren_inom_timmar gäller bara en frist som räknas "
                                                     "från kännedom")
        if self.internal_hours is not None and self.receiver is None:
            raise PydanticCustomError("frist_enhet", "till_mottagaren_inom_timmar gäller bara en rapport som går "
                                                     "via en mottagare; ange mottagare eller ta bort raden")
        if self.internal_hours is not None and self.hours is not None and self.internal_hours >= self.hours:
            raise PydanticCustomError("frist_enhet", f"till_mottagaren_inom_timmar ({self.internal_hours}) måste "
                                                     f"vara kortare än fristen ({self.hours} timmar), så att "
                                                     "mottagaren hinner lämna rapporten i tid")
        return self


class FirstStep(Record):
    situation: Text = Field(alias="när", description="Situationen, t.ex. Du har klickat på en länk i ett misstänkt mejl.")
    steps: list[Text] = Field(alias="gör", min_length=1, description="Vad du gör, i ordning.")
    contact: Slug | None = Field(None, alias="kontakt", description="Roll-id vars kontaktvägar visas efter stegen.")


class OnCallStep(Record):
    role: Slug = Field(alias="roll", description="Roll-id från roller.")
    does: Text = Field(alias="gör", description="Vad rollen gör utanför kontorstid.")


class Organisation(Record):
    example_data: JaNej = Field(False, alias="exempeldata",
                                description="ja så länge uppgifterna är påhittade exempel; visar en varning på varje sida.")
    district: Text = Field(alias="förvaltning", description="Förvaltningens namn.")
    board: Text = Field(alias="nämnd", description="Nämndens namn (personuppgiftsansvarig).")
    city: Text = Field(alias="stad", description="Kommunens namn.")
    roles: list[Role] = Field(alias="roller", description="Roller och deras kontaktvägar.")
    controller: Slug = Field(alias="personuppgiftsansvarig", description=(
        "Roll-id för den personuppgiftsansvariga (nämnden); den anmäler personuppgiftsincidenter till IMY."))
    deadlines: list[Deadline] = Field(alias="frister", description="Rapporteringsfrister för incidenter.")
    first_steps: list[FirstStep] = Field(alias="första_stegen", min_length=1, description=(
        "De första minuterna vid en incident, en post per situation. Visas på startsidan och i rutinerna."))
    on_call: list[OnCallStep] = Field(alias="utanför_kontorstid", min_length=1, description=(
        "Kedjan kvällar, nätter och helger, i ordning. Visas på startsidan och i incidentrutinerna."))
    test_numbers: list[str] = Field(default_factory=list, alias="testpersonnummer",
                                    description="Officiella testpersonnummer som får förekomma i handboken.")


# --- Classification scale ------------------------------------------------------------


class Level(Record):
    value: int = Field(alias="värde", ge=0, le=9, description="Nivåns siffra.")
    name: Text = Field(alias="namn", description="Nivåns namn, t.ex. Betydande skada.")
    description: str | None = Field(None, alias="beskrivning")


class AspectCode(StrEnum):
    K = "K"
    R = "R"
    T = "T"
    S = "S"


class Aspect(Record):
    code: AspectCode = Field(alias="kod", description="K, R, T eller S.")
    name: Text = Field(alias="namn", description="T.ex. Konfidentialitet.")
    required: JaNej = Field(True, alias="obligatorisk", description="Måste varje klassning ange nivån?")


class Scale(Record):
    name: Text = Field(alias="namn", description="Skalans namn, t.ex. KLASSA (SKR).")
    source: str | None = Field(None, alias="källa")
    levels: list[Level] = Field(alias="nivåer", min_length=2)
    aspects: list[Aspect] = Field(alias="aspekter", min_length=1)

    def values(self) -> list[int]:
        return [level.value for level in self.levels]


# --- Förvaltningsobjekt and systems ---------------------------------------------------------


class ManagementObject(Record):
    id: Slug = Field(description="Id, t.ex. individ-och-familj.")
    name: Text = Field(alias="namn")
    description: str | None = Field(None, alias="beskrivning")
    owner: str | None = Field(None, alias="objektägare", description="Objektägarens roll (inte namn).")
    manager: str | None = Field(None, alias="objektledare", description="Objektledarens roll.")
    steering_group: JaNej = Field(alias="objektstyrgrupp", description="ja om objektstyrgrupp enligt PM3 finns.")


class PersonalData(StrEnum):
    NONE = "inga"
    ORDINARY = "vanliga"
    SENSITIVE = "känsliga"


class ProcessorAgreement(StrEnum):
    IN_PLACE = "finns"
    MISSING = "saknas"
    IN_PROGRESS = "pågår"
    NOT_APPLICABLE = "ej aktuellt"
    # A city-shared system: the city's central agreement covers the district, which still answers for
    # the processing as controller (its nämnd); pub_avtal_referens names the city's agreement.
    CITY = "via stadens avtal"


class DpiaRequired(StrEnum):
    YES = "ja"
    NO = "nej"
    UNDER_REVIEW = "utreds"


class DpiaStatus(StrEnum):
    NOT_STARTED = "ej påbörjad"
    IN_PROGRESS = "pågår"
    DONE = "klar"


class Dpia(Record):
    required: DpiaRequired = Field(alias="krävs", description="ja, nej eller utreds.")
    status: DpiaStatus | None = Field(None, alias="status", description="ej påbörjad, pågår eller klar.")
    done: IsoDate | None = Field(None, alias="datum", description="När konsekvensbedömningen blev klar.")


class Classification(Record):
    date: IsoDate = Field(alias="datum", description="Dag då den fullständiga klassningen fastställdes.")
    k: int | None = Field(None, alias="K", description="Konfidentialitet.")
    r: int | None = Field(None, alias="R", description="Riktighet.")
    t: int | None = Field(None, alias="T", description="Tillgänglighet.")
    s: int | None = Field(None, alias="S", description="Spårbarhet (valfri).")

    def level(self, code: str) -> int | None:
        value: int | None = getattr(self, code.lower())
        return value


class System(Record):
    id: Slug = Field(description="Kort, stabilt id; blir en del av sidans adress.")
    name: Text = Field(alias="namn")
    purpose: Text = Field(alias="syfte", description="Vad systemet används till.")
    management_object: Slug = Field(alias="förvaltningsobjekt", description="Id från data/forvaltningsobjekt.yaml.")
    owner: str | None = Field(None, alias="systemägare", description="Ansvarig roll; lämna tomt om ansvaret är oklart.")
    supplier: str | None = Field(None, alias="leverantör")
    city_shared: JaNej = Field(alias="stadsgemensamt", description="ja om staden centralt tillhandahåller systemet.")
    personal_data: PersonalData = Field(alias="personuppgifter", description="inga, vanliga eller känsliga.")
    essential: JaNej = Field(alias="samhällsviktig", description=(
        "ja om systemet behövs för en samhällsviktig verksamhet (till exempel vård, omsorg eller socialtjänst) "
        "och därför prioriteras vid klassning och kontinuitet. Alla system omfattas av cybersäkerhetslagen."))
    in_use_since: IsoDate | None = Field(None, alias="i_drift_sedan")
    retired: IsoDate | None = Field(None, alias="avvecklat")
    protocol: IsoDate | None = Field(None, alias="klassningsprotokoll", description="Datum för klassningsprotokoll.")
    classification: Classification | None = Field(None, alias="klassning")
    followed_up: IsoDate | None = Field(None, alias="uppföljd", description="Senaste årliga uppföljning av klassningen.")
    processor_agreement: ProcessorAgreement = Field(alias="pub_avtal", description=(
        "finns, saknas, pågår, via stadens avtal (ett stadsgemensamt system som stadens centrala avtal täcker) "
        "eller ej aktuellt."))
    agreement_signed: IsoDate | None = Field(None, alias="pub_avtal_undertecknat", description=(
        "Dag då PUB-avtalet undertecknades; anges när pub_avtal är finns."))
    agreement_reference: Text | None = Field(None, alias="pub_avtal_referens", description=(
        "Diarienummer eller annan referens till det undertecknade PUB-avtalet, t.ex. FAR 2026/123, eller till "
        "stadens centrala avtal; anges när pub_avtal är finns och krävs när det är via stadens avtal."))
    dpia: Dpia = Field(alias="konsekvensbedömning")


# --- Goals -----------------------------------------------------------------------------


class YearGoal(Record):
    year: int = Field(alias="år", ge=2000, le=2100)
    classifications: int = Field(alias="klassningar", ge=0, description="Minsta antal fullständiga klassningar.")
    protocols: int = Field(alias="klassningsprotokoll", ge=0, description="Minsta antal klassningsprotokoll.")


class Measure(StrEnum):
    PROTOCOL = "klassningsprotokoll"
    CLASSIFICATION = "klassning"


class MultiYearGoal(Record):
    id: Slug
    name: Text = Field(alias="namn")
    measure: Measure = Field(alias="mått", description="klassningsprotokoll eller klassning.")
    start: IsoDate = Field(alias="från", description="När perioden börjar.")
    deadline: IsoDate = Field(alias="senast", description="Då ska alla system vara klara.")


# --- Files -----------------------------------------------------------------------------


class SystemsFile(Record):
    systems: list[System] = Field(alias="system")


class ObjectsFile(Record):
    objects: list[ManagementObject] = Field(alias="förvaltningsobjekt")


class GoalsFile(Record):
    year_goals: list[YearGoal] = Field(alias="årsmål")
    multi_year_goals: list[MultiYearGoal] = Field(alias="flerårsmål")


# --- Management review: actions, risks, audits, incidents, training, reviews -------------------


class ActionSource(StrEnum):
    RSA = "RSA"
    VOR_IKP = "VoR/IKP"
    AUDIT = "revision"
    GDPR_REPORT = "GDPR-årsrapport"
    REVIEW = "ledningens genomgång"


class Action(Record):
    id: Slug
    year: int = Field(alias="år", ge=2000, le=2100, description="Året då åtgärden ska genomföras.")
    area: Text = Field(alias="område", description="T.ex. Utbildning, Rutiner, Styrning.")
    what: Text = Field(alias="åtgärd", description="Vad som ska göras.")
    owner: Slug = Field(alias="ansvarig", description="Roll-id från data/organisation.yaml.")
    due: IsoDate = Field(alias="senast", description="Sista dag för att vara klar.")
    started: IsoDate | None = Field(None, alias="påbörjad", description="När arbetet började.")
    done: IsoDate | None = Field(None, alias="klar", description="När åtgärden blev klar.")
    source: ActionSource = Field(alias="källa", description="RSA, VoR/IKP, revision, GDPR-årsrapport eller ledningens genomgång.")
    review: int | None = Field(None, alias="genomgång", description="Året för den genomgång som beslutade åtgärden.")
    systems: list[Slug] = Field(default_factory=list, alias="system", description="Id för berörda system i data/system.yaml.")
    result: str | None = Field(None, alias="resultat", description=(
        "Sidan (sökväg under docs/) där det som åtgärden tog fram finns; krävs för klara åtgärder inom Rutiner."))


class RiskLevel(StrEnum):
    LOW = "låg"
    MEDIUM = "medel"
    HIGH = "hög"
    VERY_HIGH = "mycket hög"


class RiskSource(StrEnum):
    RSA = "RSA"
    VOR = "VoR"
    GDPR_REPORT = "GDPR-årsrapport"


class RiskClosure(Record):
    date: IsoDate = Field(alias="datum", description="Dag då beslutet att avsluta risken fattades.")
    decision: Text = Field(alias="beslut", description="Beslutet: diarienummer eller protokoll.")
    reasoning: Text = Field(alias="motivering", description="Varför risken inte längre behöver omprövas.")


class Risk(Record):
    id: Slug
    year: int = Field(alias="år", ge=2000, le=2100, description="Året då risken bedömdes.")
    source: RiskSource = Field(alias="källa")
    process: Text = Field(alias="process")
    risk: Text = Field(alias="risk", description="Vad som kan hända.")
    level: RiskLevel = Field(alias="nivå", description="låg, medel, hög eller mycket hög.")
    treatment: Text = Field(alias="behandling", description="Hur risken hanteras.")
    in_ikp: JaNej = Field(alias="i_ikp", description="ja om risken finns i internkontrollplanen.")
    actions: list[Slug] = Field(alias="åtgärder", description=(
        "Id för åtgärderna i data/atgarder.yaml som behandlar risken; en risk utan åtgärder ska vara accepterad "
        "eller avslutad."))
    origin: Text = Field(alias="ursprung", description="Var bedömningen kommer från, t.ex. ledningens genomgång 2025 eller exempeldata.")
    source_year: int | None = Field(None, alias="källans_år", ge=2000, le=2100, description=(
        "Året källdokumentet gäller om det skiljer sig från år, t.ex. 2024 för GDPR-årsrapporten 2024."))
    owner: Slug | None = Field(None, alias="ägare", description="Roll-id för den som äger risken och dess behandling.")
    likelihood: int | None = Field(None, alias="sannolikhet", ge=1,
                                   description="Värde på sannolikhetsskalan i data/riskmetod.yaml.")
    consequence: int | None = Field(None, alias="konsekvens", ge=1,
                                    description="Värde på konsekvensskalan i data/riskmetod.yaml.")
    residual: RiskLevel | None = Field(None, alias="kvarvarande_nivå",
                                       description="Risknivån när behandlingen är genomförd.")
    accepted_by: Slug | None = Field(None, alias="accepterad_av",
                                     description="Roll-id för den som har accepterat den kvarvarande risken.")
    accepted: IsoDate | None = Field(None, alias="accepterad", description="Dag då risken accepterades (beslutsdagen).")
    decision: str | None = Field(None, alias="beslut", description=(
        "Beslutet som accepterade risken: diarienummer eller protokoll, t.ex. FAR 2026/212."))
    systems: list[Slug] = Field(default_factory=list, alias="system", description=(
        "Id för de system i data/system.yaml som risken gäller."))
    assets: str | None = Field(None, alias="tillgångar", description=(
        "Information eller tillgångar som risken gäller, när det inte är enskilda system."))
    controls: list[ControlId] = Field(default_factory=list, alias="kontroller", description=(
        "Kontroller i bilaga A (t.ex. A.5.15) som behandlar risken; samma nummer som i data/tillamplighet.yaml."))
    closed: RiskClosure | None = Field(None, alias="avslutad", description=(
        "En risk som inte ska omprövas längre: datum, beslut och motivering."))

    @property
    def source_label(self) -> str:
        return f"{self.source.value} {self.source_year or self.year}"


class Recommendation(Record):
    id: Slug
    text: Text = Field(alias="rekommendation")
    actions: list[Slug] = Field(alias="åtgärder", min_length=1,
                                description="Åtgärderna som svarar mot rekommendationen; den är åtgärdad när alla är klara.")


class Audit(Record):
    id: Slug
    year: int = Field(alias="år", ge=2000, le=2100)
    name: Text = Field(alias="granskning")
    auditor: Text = Field(alias="granskare", description="T.ex. Stadsrevisionen.")
    finding: Text = Field(alias="iakttagelse")
    recommendations: list[Recommendation] = Field(alias="rekommendationer", min_length=1)


class IncidentYear(Record):
    year: int = Field(alias="år", ge=2000, le=2100)
    nis: int = Field(alias="nis_incidenter", ge=0, description="Rapporterade NIS-incidenter.")
    personal_data: int = Field(alias="personuppgiftsincidenter", ge=0)
    reported_to_imy: int | None = Field(None, alias="anmälda_till_imy", ge=0)
    comment: str | None = Field(None, alias="kommentar")
    origin: Text = Field(alias="ursprung", description="Var siffrorna kommer från, t.ex. ledningens genomgång 2025 eller exempeldata.")


class TrainingGroup(StrEnum):
    BOARD = "nämnd"
    MANAGEMENT = "förvaltningsledning"
    MANAGERS = "chefer"
    STAFF = "medarbetare"
    OWNERS = "systemägare"


class Training(Record):
    year: int = Field(alias="år", ge=2000, le=2100)
    group: TrainingGroup = Field(alias="målgrupp")
    course: Text = Field(alias="utbildning")
    headcount: int = Field(alias="antal_i_målgruppen", gt=0)
    completed: int = Field(alias="genomfört", ge=0)
    origin: Text = Field(alias="ursprung", description="Var siffrorna kommer från, t.ex. utbildningsplattformen eller exempeldata.")


class ReviewStatus(StrEnum):
    IN_PROGRESS = "pågår"
    ADOPTED = "fastställd"


class Review(Record):
    year: int = Field(alias="år", ge=2000, le=2100)
    status: ReviewStatus = Field(alias="status", description="pågår eller fastställd.")
    as_of: IsoDate | None = Field(None, alias="beräknad_per", description="Dag som siffrorna gäller (krävs när fastställd).")
    adopted: IsoDate | None = Field(None, alias="fastställd", description="Dag då nämnden fastställde genomgången.")
    reference: str | None = Field(None, alias="diarienummer")
    decision_is_example: JaNej = Field(False, alias="beslut_exempeldata", description=(
        "ja om datum och diarienummer för beslutet är exempeldata och inte verkliga."))


class ActionsFile(Record):
    actions: list[Action] = Field(alias="åtgärder")


class RisksFile(Record):
    risks: list[Risk] = Field(alias="risker")


class AuditsFile(Record):
    audits: list[Audit] = Field(alias="granskningar")


class IncidentsFile(Record):
    years: list[IncidentYear] = Field(alias="incidenter")


class TrainingFile(Record):
    records: list[Training] = Field(alias="utbildningar")


class ReviewsFile(Record):
    reviews: list[Review] = Field(alias="genomgångar")


# --- Continuity and log checks (one record per system, in their own files) -------------------


class BackupResponsible(StrEnum):
    CITY = "staden"
    SUPPLIER = "leverantören"
    DISTRICT = "förvaltningen"


class PaperCopies(Record):
    """How a fallback's paper (printed lists, forms, door codes) is kept: it holds the same information as the
    system, often sensitive personal data."""

    stored: Text = Field(alias="förvaras", description="Var och hur papperen förvaras, t.ex. i ett låst skåp.")
    dated: Text = Field(alias="dateras", description=(
        "Hur det syns hur gamla papperen är och när de byts, t.ex. utskriftsdag på varje lista."))
    destroyed: Text = Field(alias="förstörs", description="När och hur papperen förstörs, t.ex. i sekretesskärl.")


class Continuity(Record):
    system: Slug = Field(alias="system", description="Id för systemet i data/system.yaml.")
    fallback: JaNej = Field(alias="reservrutin",
                            description="ja om det finns en reservrutin: ett sätt att arbeta vidare utan systemet, "
                                        "till exempel pappersblanketter eller utskrivna listor.")
    description: str | None = Field(None, alias="beskrivning",
                                    description="Vad reservrutinen går ut på och var den finns.")
    tested: IsoDate | None = Field(None, alias="senast_testad",
                                   description="Senaste dag då reservrutinen testades eller övades.")
    interval_months: int = Field(12, alias="testintervall_månader", ge=1, le=60,
                                 description="Hur ofta reservrutinen ska testas, i månader (standard 12).")
    backup: BackupResponsible = Field(alias="säkerhetskopiering",
                                      description="Vem som ansvarar för säkerhetskopiering och återläsning: "
                                                  "staden, leverantören eller förvaltningen.")
    restore_tested: IsoDate | None = Field(None, alias="återläsning_testad",
                                           description="Senaste dag då en återläsning från säkerhetskopia testades.")
    max_outage_hours: int | None = Field(None, alias="max_avbrott_timmar", gt=0,
                                         description="Återställningsmål: längsta godtagbara avbrott i timmar "
                                                     "(krävs när T är 3 eller högre).")
    max_data_loss_hours: int | None = Field(None, alias="max_dataförlust_timmar", ge=0,
                                            description="Återställningsmål: hur många timmars inmatade uppgifter "
                                                        "som högst får gå förlorade (krävs när T är 3 eller högre).")
    paper: PaperCopies | None = Field(None, alias="papper", description=(
        "För en reservrutin på papper: hur papperen förvaras, dateras och förstörs."))
    life_and_health: JaNej = Field(False, alias="liv_och_hälsa", description=(
        "ja om systemet skyddar liv eller hälsa (till exempel trygghetslarm); en brist som en övning hittar får "
        "då en kort frist (frist_liv_och_hälsa_dagar i data/ovningar.yaml)."))


class LogCheckBasis(StrEnum):
    PATIENT_DATA = "patientdatalagen"
    SOCIAL_SERVICES = "socialtjänst"
    OTHER = "annat"


class LogCheck(Record):
    system: Slug = Field(alias="system", description="Id för systemet i data/system.yaml.")
    basis: LogCheckBasis = Field(alias="grund", description="patientdatalagen, socialtjänst eller annat.")
    responsible: Slug = Field(alias="ansvarig", description="Roll-id från data/organisation.yaml för den som gör "
                                                           "kontrollen.")
    interval_months: int = Field(alias="intervall_månader", ge=1, le=24,
                                 description="Hur ofta loggarna ska kontrolleras, i månader.")
    checked: IsoDate | None = Field(None, alias="senast_kontrollerad",
                                    description="Senaste dag då loggarna kontrollerades.")
    start: IsoDate | None = Field(None, alias="gäller_från",
                                  description="Dag då kontrollerna började gälla; används tills första kontrollen "
                                              "är gjord.")
    description: str | None = Field(None, alias="beskrivning",
                                    description="Vad som kontrolleras, till exempel slumpvisa uttag och "
                                                "åtkomst till personer med skyddade personuppgifter.")


class ContinuityFile(Record):
    entries: list[Continuity] = Field(alias="kontinuitet")


# HSLF-FS 2016:40 4 kap. 9 § 7: access logs in patient records are kept at least five years.
PATIENT_LOG_MIN_MONTHS = 60


class LogRetention(Record):
    """How long one kind of log is kept: the city's decision, with the law's minimum where there is one."""

    id: Slug = Field(description="Kort id för loggen, t.ex. journal-atkomst.")
    log: Text = Field(alias="logg", description="Vilken logg, t.ex. Åtkomstloggar i journalsystemet.")
    basis: LogCheckBasis = Field(alias="grund", description=(
        "patientdatalagen (journalsystem, minst 60 månader), socialtjänst eller annat."))
    months: int = Field(alias="sparas_månader", ge=1, le=1200, description="Hur länge loggen sparas, i månader.")
    reason: Text = Field(alias="motivering", description=(
        "Varför så länge: lagkrav, informationshanteringsplanen eller avtalet med leverantören."))
    example: JaNej = Field(False, alias="exempel", description="ja om uppgiften är ett påhittat exempel.")

    @field_validator("months")
    @classmethod
    def _patient_logs_five_years(cls, months: int, info: ValidationInfo) -> int:
        if info.data.get("basis") is LogCheckBasis.PATIENT_DATA and months < PATIENT_LOG_MIN_MONTHS:
            raise PydanticCustomError("lagringstid", (
                "loggar i journalsystem ska sparas minst fem år (60 månader) enligt HSLF-FS 2016:40 "
                "4 kap. 9 §; här står {months}"), {"months": months})
        return months


class LogChecksFile(Record):
    entries: list[LogCheck] = Field(alias="loggkontroller")
    retention: list[LogRetention] = Field(default_factory=list, alias="lagringstider", description=(
        "Hur länge varje slag av logg sparas (visas på sidan Loggning och loggkontroll)."))


# --- Services, apps and forms the everyday pages name (data/tjanster.yaml) -------------------


class ServiceKind(StrEnum):
    AI = "ai"
    APP = "app"
    PLATFORM = "plattform"
    COMMUNICATION = "kommunikation"
    LOGIN = "inloggning"
    FORM = "blankett"


class Unit(StrEnum):
    """The district's services whose everyday pages list their own tools."""

    ALL = "alla"
    PRESCHOOL = "förskola"
    ELDERLY_CARE = "äldreomsorg"
    SOCIAL_SERVICES = "socialtjänst"
    LSS = "LSS"


class Approval(StrEnum):
    APPROVED = "godkänd"
    NOT_APPROVED = "inte godkänd"


class Service(Record):
    """A service, app or form that staff are told to use (or not to use): a decision by the city or the district."""

    id: Slug = Field(description="Kort id, t.ex. sdk.")
    name: Text = Field(alias="namn", description="Tjänstens, appens eller blankettens namn.")
    kind: ServiceKind = Field(alias="slag", description="ai, app, plattform, kommunikation, inloggning eller blankett.")
    units: list[Unit] = Field(alias="verksamheter", min_length=1, description=(
        "Vilka verksamheters sidor som visar posten: alla, förskola, äldreomsorg, socialtjänst eller LSS."))
    approval: Approval = Field(alias="status", description="godkänd eller inte godkänd.")
    use: Text = Field(alias="används_till", description="Vad den får användas till, eller vad den är.")
    not_for: str | None = Field(None, alias="inte_till", description="Vad den inte får användas till.")
    personal_data: JaNej = Field(False, alias="personuppgifter", description=(
        "ja om personuppgifter behandlas i tjänsten; då visas den som godkänd bara om systemet har "
        "PUB-avtal och klar konsekvensbedömning när sådana krävs."))
    system: Slug | None = Field(None, alias="system", description="Id i data/system.yaml när tjänsten finns där.")
    decision: str | None = Field(None, alias="beslut", description="Vilket beslut som godkänner den, med diarienummer.")
    example: JaNej = Field(False, alias="exempel", description="ja om posten är ett påhittat exempel.")


class ServicesFile(Record):
    services: list[Service] = Field(alias="tjänster")


# --- Laws, authorities, duties and NIS 2 coverage (data/lagkrav.yaml) -----------------------


class LawFact(Record):
    id: Slug
    law: Text = Field(alias="författning", description="T.ex. Cybersäkerhetslag.")
    designation: Text = Field(alias="beteckning", description="SFS-nummer eller EU-beteckning, t.ex. SFS 2025:1506.")
    section: str | None = Field(None, alias="paragraf", description="T.ex. 1 kap. 3 §; utelämna om den inte är kontrollerad.")
    says: Text = Field(alias="innebörd", description="Vad bestämmelsen säger, med egna ord.")
    checked: IsoDate | None = Field(None, alias="kontrollerad", description="Dag då uppgiften kontrollerades mot källan.")
    checked_against: str | None = Field(None, alias="kontrollerad_mot", description="Källan, t.ex. lagtexten i SFS.")

    @model_validator(mode="after")
    def _checked_needs_section(self) -> LawFact:
        if self.checked is not None and not (self.section and self.checked_against):
            raise PydanticCustomError("lagrum", "en kontrollerad uppgift måste ange paragraf och kontrollerad_mot")
        return self

    @property
    def reference(self) -> str:
        """'1 kap. 3 § Cybersäkerhetslag (SFS 2025:1506)', or 'enligt ...' when no section is given."""
        wrapped = self.designation.startswith("(")  # "(EU) 2016/679" is not put in parentheses again
        where = f"{self.law}, {self.designation}" if wrapped else f"{self.law} ({self.designation})"
        return f"{self.section} {where}" if self.section else f"enligt {where}"


class Authority(Record):
    id: Slug
    name: Text = Field(alias="namn", description="Myndighetens namn.")
    task: Text = Field(alias="uppgift", description="Vad myndigheten gör för förvaltningen.")
    refs: list[Slug] = Field(alias="lagrum", min_length=1, description="Id för lagrum som ger myndigheten uppgiften.")


class Duty(Record):
    id: Slug
    name: Text = Field(alias="namn", description="T.ex. Registrering hos MCF.")
    what: Text = Field(alias="innebörd", description="Vad skyldigheten kräver.")
    done_by: Slug = Field(alias="utförs_av", description="Roll-id för den som gör det.")
    how: Text = Field(alias="så_gör_vi", description="Hur staden och förvaltningen gör.")
    refs: list[Slug] = Field(alias="lagrum", min_length=1)


def _version(value: Any) -> Any:
    # `version: 2.0` is read as a number by YAML; the coordinator means the text "2.0".
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


VersionText = Annotated[Text, BeforeValidator(_version), WithJsonSchema({"type": ["string", "number"]})]


class StanceSource(Record):
    page: Text = Field(alias="sida", description=(
        "Styrdokumentet som anger vem som är ledningen, t.ex. styrande/lokal-tillampningsanvisning.md."))
    version: VersionText = Field(alias="version", description=(
        "Versionen av styrdokumentet som anger det. Om den är fastställd läses ur arkivets liggare."))


class ManagementBody(Record):
    groups: list[Slug] = Field(alias="grupper", min_length=1, description="Roll-id för de grupper som räknas som ledningen.")
    reasoning: Text = Field(alias="motivering")
    source: StanceSource | None = Field(None, alias="fastställs_i", description=(
        "Styrdokumentet och versionen som anger ställningstagandet. Beslutet skrivs inte här: det läses ur "
        "liggaren, och en version som inte är fastställd visas som ett förslag."))
    note: Text | None = Field(None, alias="anmärkning", description=(
        "Det som återstår, t.ex. att nämnden ska bekräfta ställningstagandet."))
    refs: list[Slug] = Field(alias="lagrum", min_length=1)


class Coverage(StrEnum):
    COVERED = "täckt"
    PARTLY = "delvis"
    MISSING = "saknas"


class Nis2Area(Record):
    point: int = Field(alias="punkt", ge=1, le=10, description="Punkt i 2 kap. 3 § cybersäkerhetslagen.")
    letter: Text = Field(alias="bokstav", description="Motsvarande bokstav i NIS 2 art. 21.2 (a–j).")
    wording: Text = Field(alias="lydelse", description="Lagens lydelse för punkten.")
    judgement: Coverage | None = Field(None, alias="bedömning", description="täckt, delvis eller saknas.")
    reasoning: str | None = Field(None, alias="motivering", description="Varför bedömningen är rimlig.")
    judged: IsoDate | None = Field(None, alias="bedömd", description="Dag då samordnaren gjorde bedömningen.")
    pages: list[str] = Field(default_factory=list, alias="sidor", description="Belägg: sidor under docs/.")
    actions: list[Slug] = Field(default_factory=list, alias="åtgärder", description="Åtgärder som ska täcka luckan.")
    clauses: list[ClauseId] = Field(default_factory=list, alias="avsnitt", description=(
        "Avsnitt i ISO/IEC 27001 (4–10) som uppfyller punkten utöver kontrollerna i bilaga A, t.ex. 6.1 och 8.2 "
        "för riskanalysen."))

    @model_validator(mode="after")
    def _judgement_has_evidence(self) -> Nis2Area:
        if self.judgement is None:
            return self
        if not self.reasoning or self.judged is None:
            raise PydanticCustomError("bedomning", "en bedömning måste ha motivering och datum (bedömd)")
        if self.judgement is Coverage.COVERED and not self.pages:
            raise PydanticCustomError("bedomning", "täckt kräver belägg: ange minst en sida under sidor")
        if self.judgement is not Coverage.COVERED and not self.actions:
            raise PydanticCustomError("bedomning", f"{self.judgement.value} kräver minst en åtgärd som täcker luckan")
        return self


class LawFile(Record):
    facts: list[LawFact] = Field(alias="lagrum", min_length=1)
    authorities: list[Authority] = Field(alias="myndigheter", min_length=1)
    duties: list[Duty] = Field(alias="skyldigheter", default_factory=list)
    management: ManagementBody = Field(alias="ledningen")
    nis2: list[Nis2Area] = Field(alias="nis2_områden", min_length=10, max_length=10)


# --- Statement of applicability, ISO/IEC 27001:2022 annex A (data/tillamplighet.yaml) --------

# The annex's 93 controls: themes 5 (organisational), 6 (people), 7 (physical), 8 (technological).


class SoaStatus(StrEnum):
    IMPLEMENTED = "införd"
    INHERITED = "ärvd"  # Stockholms stad runs the control on the district's behalf
    PARTLY = "delvis"
    PLANNED = "planerad"
    NOT_STARTED = "ej påbörjad"


class Control(Record):
    control: ControlId = Field(alias="kontroll", description="Kontrollens nummer i bilaga A, t.ex. A.5.1.")
    label: Text = Field(alias="benämning", description="Egen kort benämning på svenska (inte standardens text).")
    applicable: JaNej = Field(alias="tillämplig", description="ja eller nej.")
    reasoning: str | None = Field(None, alias="motivering", description=(
        "Varför kontrollen är eller inte är tillämplig (risk, lag, stadens styrdokument); krävs vid nej. Hur "
        "långt arbetet har kommit står i kommentar."))
    status: SoaStatus | None = Field(None, alias="status", description=(
        "införd, ärvd (genomförs av staden åt förvaltningen), delvis, planerad eller ej påbörjad; krävs vid ja."))
    comment: str | None = Field(None, alias="kommentar", description=(
        "Hur långt införandet har kommit och vad som återstår (inte varför kontrollen är tillämplig)."))
    inherited_from: str | None = Field(None, alias="ärvd_från", description=(
        "Vid status ärvd: stadens kontroll eller avtal som genomför kontrollen åt förvaltningen."))
    own_part: str | None = Field(None, alias="eget_ansvar", description=(
        "Vid status ärvd: det som förvaltningen själv måste göra för att kontrollen ska fungera."))
    owner: Slug = Field(alias="ägare", description="Roll-id i data/organisation.yaml.")
    routines: list[str] = Field(default_factory=list, alias="rutiner",
                                description="Sidor under docs/ som genomför kontrollen; införd kräver minst en.")
    actions: list[Slug] = Field(default_factory=list, alias="åtgärder", description="Id i data/atgarder.yaml.")
    nis2: list[Nis2Point] = Field(alias="nis2_punkter", min_length=1,
                                  description="Punkter (1–10) i 2 kap. 3 § cybersäkerhetslagen som kontrollen stöder.")
    reviewed: IsoDate = Field(alias="granskad", description="Dag då samordnaren senast gick igenom posten.")


class SoaFile(Record):
    version: Text = Field(alias="version", description="Tillämplighetsförklaringens version, t.ex. 0.1.")
    controls: list[Control] = Field(alias="kontroller")


# --- Risk method: scales, levels and who may accept them (data/riskmetod.yaml) ---------------


class ScaleStep(Record):
    value: int = Field(alias="värde", ge=1, le=10)
    name: Text = Field(alias="namn")
    description: Text = Field(alias="beskrivning")
    classification_level: int | None = Field(None, alias="klassning", description=(
        "Bara konsekvens: den nivå i informationsklassningens skala (data/klassningsskala.yaml) som steget "
        "ungefär motsvarar."))
    accepted_by: Slug | None = Field(None, alias="accepteras_av", description=(
        "Bara konsekvens: en risk med den här konsekvensen får bara accepteras av den här rollen, vilken nivå "
        "den än har (till exempel när liv eller hälsa hotas)."))


class RiskBand(Record):
    level: RiskLevel = Field(alias="nivå", description="låg, medel, hög eller mycket hög.")
    lowest: int = Field(alias="från", ge=1, description="Lägsta produkt sannolikhet × konsekvens på nivån.")
    highest: int = Field(alias="till", ge=1, description="Högsta produkt sannolikhet × konsekvens på nivån.")
    criterion: Text = Field(alias="acceptans", description="När en risk på nivån får accepteras.")
    accepted_by: Slug = Field(alias="accepteras_av", description="Roll-id för den som får acceptera nivån.")
    before_treatment: JaNej = Field(False, alias="gäller_före_behandling", description=(
        "ja: en risk på den här nivån får bara accepteras av nivåns roll, även när behandlingen sänker den "
        "kvarvarande risken."))
    act_at_once: JaNej = Field(False, alias="åtgärder_genast", description=(
        "ja: minst en av riskens åtgärder ska vara påbörjad; annars visas risken som en brist."))


class RiskMethod(Record):
    applies_from: int | None = Field(None, alias="gäller_från", ge=2000, le=2100, description=(
        "Från det året ska varje risk ha sannolikhet, konsekvens, kvarvarande nivå, ägare, kontroller och system "
        "eller tillgångar."))
    likelihood: list[ScaleStep] = Field(alias="sannolikhet", min_length=2)
    consequence: list[ScaleStep] = Field(alias="konsekvens", min_length=2)
    bands: list[RiskBand] = Field(alias="nivåer", min_length=1)

    def band_for(self, likelihood: int, consequence: int) -> RiskBand | None:
        product = likelihood * consequence
        return next((b for b in self.bands if b.lowest <= product <= b.highest), None)


# --- Internal audit of the LIS, ISO/IEC 27001 9.2 (data/internrevision.yaml) ---------------------


class FindingKind(StrEnum):
    NONCONFORMITY = "avvikelse"
    OBSERVATION = "observation"
    IMPROVEMENT = "förbättringsförslag"


class EffectivenessCheck(Record):
    checked: IsoDate = Field(alias="kontrollerad", description="Dag då det kontrollerades att åtgärderna har verkan.")
    result: Text = Field(alias="resultat", description="Vad kontrollen visade, till exempel ett stickprov.")


class AuditFinding(Record):
    id: Slug = Field(description="Kort id för iakttagelsen, t.ex. ir-2026-1-a.")
    kind: FindingKind = Field(alias="typ", description="avvikelse, observation eller förbättringsförslag.")
    text: Text = Field(alias="beskrivning", description="Vad revisorn såg, med egna ord.")
    cause: str | None = Field(None, alias="orsak", description=(
        "Grundorsaken till avvikelsen (ISO/IEC 27001 10.2); krävs för en avvikelse."))
    actions: list[Slug] = Field(default_factory=list, alias="åtgärder", description=(
        "Id för de korrigerande åtgärderna i data/atgarder.yaml; en avvikelse har minst en."))
    due: IsoDate | None = Field(None, alias="senast", description=(
        "När iakttagelsen ska vara åtgärdad; krävs när den har åtgärder."))
    effect: EffectivenessCheck | None = Field(None, alias="verkan", description=(
        "Kontrollen att åtgärderna har haft verkan; en avvikelse är åtgärdad först när den är gjord."))


class Nonconformity(Record):
    """A nonconformity found outside an internal audit (ISO/IEC 27001 10.2): in a risk assessment, an
    incident, an exercise or the management review."""

    id: Slug = Field(description="Kort id för avvikelsen, t.ex. avv-2026-1.")
    found: IsoDate = Field(alias="upptäckt", description="Dag då avvikelsen upptäcktes.")
    source: Text = Field(alias="källa", description="Var den upptäcktes, t.ex. Riskbedömningen 2026 eller en incident.")
    text: Text = Field(alias="beskrivning", description="Vad som inte uppfyller kraven.")
    requirement: Text = Field(alias="krav", description="Kravet som inte uppfylls: rutin, lag eller avtal.")
    cause: Text = Field(alias="orsak", description="Grundorsaken till avvikelsen.")
    actions: list[Slug] = Field(alias="åtgärder", min_length=1, description=(
        "Id för de korrigerande åtgärderna i data/atgarder.yaml; minst en."))
    due: IsoDate = Field(alias="senast", description="När avvikelsen ska vara åtgärdad.")
    effect: EffectivenessCheck | None = Field(None, alias="verkan", description=(
        "Kontrollen att åtgärderna har haft verkan; avvikelsen är åtgärdad först när den är gjord."))
    example: JaNej = Field(False, alias="exempel", description="ja om posten är påhittad exempeldata.")


class InternalAudit(Record):
    id: Slug = Field(description="Kort id för revisionen, t.ex. ir-2026-1.")
    name: Text = Field(alias="namn", description="Vad revisionen gäller, t.ex. Incidenthantering.")
    scope: Text = Field(alias="omfattning", description="Vilka delar av LIS som granskas och hur.")
    nis2: list[Annotated[int, Field(ge=1, le=10)]] = Field(default_factory=list, alias="nis2_punkter", description=(
        "Punkter (1–10) i 2 kap. 3 § cybersäkerhetslagen som revisionen omfattar."))
    controls: list[ControlId] = Field(default_factory=list, alias="kontroller", description=(
        "Kontroller i bilaga A (t.ex. A.5.24) som revisionen omfattar; samma nummer som i data/tillamplighet.yaml."))
    clauses: list[Annotated[int, Field(ge=4, le=10)]] = Field(default_factory=list, alias="iso_avsnitt", description=(
        "Avsnitt 4–10 i ISO/IEC 27001 (ledningssystemets krav) som revisionen omfattar; programmet ska under "
        "sina år täcka alla."))
    routines: list[str] = Field(default_factory=list, alias="rutiner", description=(
        "Sidor under docs/ (styrdokument) som revisionen granskar, t.ex. rutiner/incidenthantering.md."))
    responsible: list[Slug] = Field(alias="ansvariga", min_length=1, description=(
        "Roll-id för dem som ansvarar för det granskade området; revisorn får inte vara en av dem."))
    auditor: Slug = Field(alias="revisor", description=(
        "Roll-id för den som genomför revisionen; ska vara oberoende av det granskade området."))
    auditor_name: str | None = Field(None, alias="revisor_funktion", description=(
        "Namngiven funktion som genomför revisionen, t.ex. samordnaren i en annan stadsdelsförvaltning."))
    planned: IsoDate = Field(alias="planerad", description="Planerat datum för revisionen.")
    held: IsoDate | None = Field(None, alias="genomförd", description="Dag då revisionen genomfördes.")
    findings: list[AuditFinding] = Field(default_factory=list, alias="iakttagelser", description=(
        "Avvikelser, observationer och förbättringsförslag; bara för en genomförd revision."))
    example: JaNej = Field(False, alias="exempel", description="ja om posten är påhittad exempeldata.")


class InternalAuditFile(Record):
    version: Text = Field(alias="version", description="Revisionsprogrammets version, t.ex. 0.1.")
    audits: list[InternalAudit] = Field(alias="revisioner")
    nonconformities: list[Nonconformity] = Field(default_factory=list, alias="avvikelser", description=(
        "Avvikelser som upptäckts utanför en internrevision, till exempel i en riskbedömning eller en incident."))


# --- Incident and continuity exercises (data/ovningar.yaml) ---------------------------------------


class ExerciseKind(StrEnum):
    TABLETOP = "skrivbordsövning"
    FALLBACK_TEST = "test av reservrutin"
    RESTORE_TEST = "test av återläsning"
    CRISIS = "krisövning"


class Exercise(Record):
    id: Slug = Field(description="Kort id för övningen, t.ex. ov-2026-1.")
    kind: ExerciseKind = Field(alias="typ", description=(
        "skrivbordsövning, test av reservrutin, test av återläsning eller krisövning."))
    date: IsoDate = Field(alias="datum", description="Dag då övningen hölls (eller är planerad).")
    scenario: Text = Field(alias="scenario", description="Vad som övades, t.ex. Sociala system ligger nere en dag.")
    participants: list[Slug] = Field(alias="deltagare", min_length=1, description="Roll-id för dem som deltog.")
    systems: list[Slug] = Field(default_factory=list, alias="system", description="Id för berörda system i data/system.yaml.")
    lessons: list[Text] = Field(default_factory=list, alias="lärdomar", description="Vad övningen visade.")
    actions: list[Slug] = Field(default_factory=list, alias="åtgärder", description=(
        "Id för åtgärderna i data/atgarder.yaml som övningen ledde till."))
    example: JaNej = Field(False, alias="exempel", description="ja om posten är påhittad exempeldata.")


class ExercisesFile(Record):
    version: Text = Field(alias="version", description="Övningsförteckningens version, t.ex. 0.1.")
    life_and_health_days: int = Field(30, alias="frist_liv_och_hälsa_dagar", ge=1, le=365, description=(
        "Antal dagar efter en övning inom vilka minst en åtgärd ska vara klar när övningen gällde ett system som "
        "skyddar liv eller hälsa (liv_och_hälsa: ja i data/kontinuitet.yaml)."))
    exercises: list[Exercise] = Field(alias="övningar")
# --- Registration under 2 kap. 2 § cybersäkerhetslagen (data/registrering.yaml) --------------


class Registration(Record):
    operator: Text = Field(alias="verksamhetsutövare", description=(
        "Vem registreringen gäller, t.ex. Stockholms stad när staden anmäler för alla förvaltningar."))
    registered: IsoDate = Field(alias="anmäld", description="Dag då anmälan (registreringen) lämnades.")
    registered_by: Slug = Field(alias="anmäld_av", description="Roll-id för den som lämnade anmälan.")
    authority: Slug = Field(alias="myndighet", description="Id för myndigheten i data/lagkrav.yaml, t.ex. mcf-kontaktpunkt.")
    contents: list[Text] = Field(alias="uppgifter", min_length=1, description="Vilka uppgifter som anmäldes.")
    reference: str | None = Field(None, alias="diarienummer", description="Diarienummer eller annan referens.")
    example: JaNej = Field(False, alias="exempel", description="ja om uppgifterna är påhittade exempel.")


class RegistrationChange(Record):
    id: Slug = Field(description="Kort id för ändringen, t.ex. ny-kontaktperson-2026.")
    changed: IsoDate = Field(alias="ändrad", description="Dag då ändringen skedde; anmälan ska ske inom 14 dagar.")
    what: Text = Field(alias="vad", description="Vad som ändrades.")
    reported: IsoDate | None = Field(None, alias="anmäld", description="Dag då ändringen anmäldes; tomt om den inte är anmäld.")
    reference: str | None = Field(None, alias="diarienummer", description="Diarienummer eller annan referens.")
    example: JaNej = Field(False, alias="exempel", description="ja om uppgifterna är påhittade exempel.")


class RegistrationFile(Record):
    registration: Registration = Field(alias="registrering")
    changes: list[RegistrationChange] = Field(default_factory=list, alias="ändringar")


# --- Training of ledningen under 2 kap. 4 § cybersäkerhetslagen (data/ledningsutbildning.yaml) ---


class ManagementMember(Record):
    id: Slug = Field(description="Kort id för funktionen, t.ex. ordforande. Inga namn eller personnummer.")
    function: Text = Field(alias="funktion", description="Funktionen, t.ex. Nämndens ordförande eller Stadsdelsdirektör.")
    group: Slug = Field(alias="grupp", description="Roll-id för gruppen; ska stå under ledningen i data/lagkrav.yaml.")
    since: IsoDate | None = Field(None, alias="sedan", description=(
        "Dag då nuvarande innehavare tillträdde; utbildning före den dagen räknas inte."))
    example: JaNej = Field(False, alias="exempel", description="ja om uppgifterna är påhittade exempel.")


class ManagementCourse(Record):
    id: Slug = Field(description="Kort id för utbildningstillfället, t.ex. namnd-2026-03.")
    held: IsoDate = Field(alias="datum", description="Dag då utbildningen hölls.")
    course: Text = Field(alias="utbildning", description="Utbildningens namn och innehåll i korthet.")
    provider: Text = Field(alias="anordnare", description="Vem som höll utbildningen, t.ex. Stadsledningskontoret.")
    content: list[Text] = Field(default_factory=list, alias="innehåll", description=(
        "Utbildningens moment, t.ex. ledningens ansvar, riskhantering, incidentrapportering; visas som brist om "
        "det saknas."))
    hours: Annotated[float, Field(gt=0, le=40)] | None = Field(None, alias="timmar", description=(
        "Utbildningens längd i timmar."))
    material: Text | None = Field(None, alias="material", description=(
        "Var materialet finns, t.ex. diarienummer eller dokumentets namn, så att utbildningen kan visas i efterhand."))
    participants: list[Slug] = Field(alias="deltagare", min_length=1, description="Id för funktionerna som deltog.")
    example: JaNej = Field(False, alias="exempel", description="ja om uppgifterna är påhittade exempel.")


class ManagementTrainingFile(Record):
    renew_months: int = Field(24, alias="förnyas_efter_månader", ge=1, le=120, description=(
        "Efter hur många månader en utbildning ska förnyas; äldre utbildning visas som en brist."))
    members: list[ManagementMember] = Field(alias="ledamöter", min_length=1)
    courses: list[ManagementCourse] = Field(default_factory=list, alias="utbildningar")


# --- Retention of LIS records under arkivlagen (data/bevarande.yaml) ----------------------------


class RetentionRule(Record):
    id: Slug = Field(description="Kort id för slaget av handling, t.ex. fastställda-utgavor.")
    record: Text = Field(alias="handling", description="Vilket slags handling, t.ex. Incidentloggen och incidentrapporter.")
    retention: Text = Field(alias="bevarande", description=(
        "Hur länge handlingen sparas: Bevaras, eller Gallras efter en tid, t.ex. Gallras efter 5 år."))
    place: Text = Field(alias="förvaras", description="Var handlingen förvaras, t.ex. nämndens diarium och e-arkiv.")
    basis: Text = Field(alias="grund", description=(
        "Var bevarandet är beslutat, t.ex. avsnitt och punkt i nämndens informationshanteringsplan."))
    example: JaNej = Field(False, alias="exempel", description="ja om uppgifterna är påhittade exempel.")


class RetentionFile(Record):
    rules: list[RetentionRule] = Field(alias="handlingar", min_length=1)


# --- Synonyms in the search (data/synonymer.yaml) ------------------------------------------------

MAX_SEARCH_WORD = 40


def _search_word(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("sokord", "{value} är inget ord; skriv ett ord, till exempel avvikelse",
                                  {"value": show_value(value)})
    word = value.strip()
    if len(word) > MAX_SEARCH_WORD or "\n" in word:
        raise PydanticCustomError("sokord", "ordet är för långt (högst {most} tecken på en rad)",
                                  {"most": MAX_SEARCH_WORD})
    return word


SearchWord = Annotated[str, BeforeValidator(_search_word),
                       WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_SEARCH_WORD})]


class Synonym(Record):
    word: SearchWord = Field(alias="ord", description=(
        "Ordet som personalen söker på, t.ex. avvikelse, ett systems namn eller en förkortning som SoA."))
    also: list[SearchWord] = Field(alias="sök_även", min_length=1, description=(
        "Ord som handboken använder och som sökningen också letar efter, t.ex. incident."))
    example: JaNej = Field(False, alias="exempel", description="ja om posten är ett påhittat exempel.")

    @model_validator(mode="after")
    def _not_itself(self) -> Synonym:
        if self.word.lower() in (w.lower() for w in self.also):
            raise PydanticCustomError("synonym", "sök_även ska ha andra ord än ordet självt ({word})",
                                      {"word": self.word})
        return self


class SynonymsFile(Record):
    synonyms: list[Synonym] = Field(default_factory=list, alias="synonymer")
