"""The entity catalogue: one declaration per data file, read by everything that needs to know it.

The loader (which files exist, which model validates each, what goes into the Handbook), the
uniqueness checks, the JSON Schemas (title), error messages (how an entry is named) and the
check of each data file's header comment (which pages show it) all read this table. Adding a
data file or a list means one entry here plus its model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import models as m
from .errors import DataIssue
from .yamlsource import LineDict, describe_location, line_of, read_yaml_file


@dataclass(frozen=True)
class Entries:
    """A list of entries in a data file: how one entry is named in messages, and its unique key."""

    key: str  # the YAML key that holds the list, e.g. "system"
    label: str  # one entry as a message names it, e.g. "system"
    names: tuple[str, ...] = ("id",)  # keys whose values name an entry (several are joined)
    unique: str | None = None  # the key each entry must have a value of its own for


@dataclass(frozen=True)
class DataFile:
    """One data file under data/: its model, its lists, and what it gives the Handbook."""

    name: str
    model: type[BaseModel]
    title: str  # the JSON Schema's title
    shown_on: str  # the pages that show it, as the header comment says "Visas på: ..."
    handbook: Mapping[str, str | None]  # Handbook attribute -> model attribute (None: the whole record)
    entries: tuple[Entries, ...] = ()
    optional: bool = False  # a missing optional file means "no entries yet", not an error
    naming: Mapping[str, Entries] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "naming", {e.key: e for e in self.entries})


def _id(key: str, label: str, unique: bool = True) -> Entries:
    return Entries(key, label, ("id",), "id" if unique else None)


FILES: tuple[DataFile, ...] = (
    DataFile("organisation.yaml", m.Organisation, "Organisation, roller, kontaktvägar och rapporteringsfrister",
             "startsidan, Om LIS, Roller och ansvar och i rutinerna (via makron)",
             {"organisation": None}, (_id("roller", "roll"), _id("frister", "frist"))),
    DataFile("klassningsskala.yaml", m.Scale, "Skala för informationsklassning",
             "Informationsklassning och i systemförteckningen",
             {"scale": None}, (Entries("nivåer", "nivå", ("värde",), "värde"),
                               Entries("aspekter", "aspekt", ("kod",), "kod"))),
    DataFile("forvaltningsobjekt.yaml", m.ObjectsFile, "Förvaltningsobjekt enligt PM3",
             "Uppföljning och objektens egna sidor",
             {"objects": "objects"}, (_id("förvaltningsobjekt", "förvaltningsobjekt"),)),
    DataFile("system.yaml", m.SystemsFile, "Systemförteckning",
             "Systemförteckning, Uppföljning och varje systems egen sida",
             {"systems": "systems"}, (_id("system", "system"),)),
    DataFile("mal.yaml", m.GoalsFile, "Mål för informationsklassning",
             "Uppföljning och Ledningens genomgång",
             {"year_goals": "year_goals", "multi_year_goals": "multi_year_goals"},
             (Entries("årsmål", "årsmål", ("år",), "år"), _id("flerårsmål", "flerårsmål"))),
    DataFile("atgarder.yaml", m.ActionsFile, "Handlingsplan",
             "Ledningens genomgång (indata a och handlingsplanen) och Uppföljning",
             {"actions": "actions"}, (_id("åtgärder", "åtgärd"),)),
    DataFile("risker.yaml", m.RisksFile, "Risker och riskbehandling",
             "Ledningens genomgång (indata f) och Riskhantering",
             {"risks": "risks"}, (_id("risker", "risk"),)),
    DataFile("granskningar.yaml", m.AuditsFile, "Revisionens granskningar och rekommendationer",
             "Ledningens genomgång (indata d3)",
             {"audits": "audits"}, (_id("granskningar", "granskning"),
                                    _id("rekommendationer", "rekommendation", unique=False))),
    DataFile("incidenter.yaml", m.IncidentsFile, "Incidenter per år", "Ledningens genomgång",
             {"incidents": "years"}, (Entries("incidenter", "incidentår", ("år",), "år"),)),
    DataFile("utbildning.yaml", m.TrainingFile, "Genomförda utbildningar",
             "Utbildning och Ledningens genomgång",
             {"training": "records"}, (Entries("utbildningar", "utbildning", ("år", "målgrupp")),)),
    DataFile("genomgangar.yaml", m.ReviewsFile, "Ledningens genomgångar", "Ledningens genomgång",
             {"reviews": "reviews"}, (Entries("genomgångar", "genomgång", ("år",), "år"),)),
    DataFile("kontinuitet.yaml", m.ContinuityFile, "Kontinuitet och reservrutiner per system",
             "Kontinuitet och reservrutiner, Uppföljning (brister och förfallodagar), varje systems och "
             "förvaltningsobjekts sida och i kalenderfilerna",
             {"continuity": "entries"}, (Entries("kontinuitet", "kontinuitet för system", ("system",), "system"),),
             optional=True),
    DataFile("loggkontroller.yaml", m.LogChecksFile, "Loggkontroller per system",
             "Loggning, Uppföljning (förfallodagar), varje systems och förvaltningsobjekts sida och i kalenderfilerna",
             {"log_checks": "entries"}, (Entries("loggkontroller", "loggkontroll för system", ("system",), "system"),),
             optional=True),
    DataFile("lagkrav.yaml", m.LawFile, "Lagrum, myndigheter, ledningen och NIS 2-täckning",
             "Lagar och krav, Styrande dokument (NIS 2-täckningen), Utbildning och incidentrutinerna",
             {"law": None}, (_id("lagrum", "lagrum"), _id("myndigheter", "myndighet"),
                             _id("skyldigheter", "skyldighet"), Entries("nis2_områden", "punkt", ("punkt",)))),
    DataFile("tillamplighet.yaml", m.SoaFile, "Tillämplighetsförklaring (ISO/IEC 27001:2022 bilaga A)",
             "Styrande dokument > Tillämplighetsförklaring, och exporteras med lis export",
             {"soa": None}, (Entries("kontroller", "kontroll", ("kontroll",)),), optional=True),
    DataFile("riskmetod.yaml", m.RiskMethod, "Riskmetod: skalor, risknivåer och vem som får acceptera dem",
             "Rutiner > Riskhantering",
             {"risk_method": None}, (Entries("sannolikhet", "steg", ("värde",)),
                                     Entries("konsekvens", "steg", ("värde",)),
                                     Entries("nivåer", "nivå", ("nivå",), "nivå")),
             optional=True),
    DataFile("internrevision.yaml", m.InternalAuditFile,
             "Internrevision av LIS (ISO/IEC 27001 9.2): revisionsprogram och iakttagelser",
             "Uppföljning > Internrevision av LIS, under Att göra och i kalenderfilerna, i ledningens genomgång "
             "(indata d3, skilt från stadsrevisionens granskningar i granskningar.yaml) och i lis export",
             {"internal_audits": None},
             (_id("revisioner", "revision"), _id("iakttagelser", "iakttagelse", unique=False)),
             optional=True),
    DataFile("ovningar.yaml", m.ExercisesFile, "Incident- och kontinuitetsövningar",
             "Uppföljning > Övningar, Uppföljning (senaste övningen; varning när ingen övning hållits på tolv "
             "månader) och i lis export",
             {"exercises": None}, (_id("övningar", "övning"),), optional=True),
    DataFile("registrering.yaml", m.RegistrationFile, "Registrering enligt cybersäkerhetslagen och anmälda ändringar",
             "Lagar och krav (registreringen och ändringarna) och Uppföljning (påminnelse och Att göra)",
             {"registration": None}, (_id("ändringar", "ändring"),), optional=True),
    DataFile("ledningsutbildning.yaml", m.ManagementTrainingFile,
             "Ledningens utbildning enligt cybersäkerhetslagen",
             "Utbildning (förteckning och brister) och Ledningens genomgång (avsnitt d2)",
             {"management_training": None}, (_id("ledamöter", "funktion"), _id("utbildningar", "utbildning")),
             optional=True),
)

BY_NAME: Mapping[str, DataFile] = {f.name: f for f in FILES}


def data_file(name: str) -> DataFile:
    """The declaration of data/`name` (a programming error if there is none)."""
    return BY_NAME[name]


def located_issues(data_dir: Path, name: str,
                   problems: Iterable[tuple[tuple[Any, ...], str, str, str]]) -> list[DataIssue]:
    """Problems found after loading (checks against pages), each pointed at its line in data/`name`.

    A problem is (location in the YAML, entry and field to name if the file cannot be read again, message)."""
    problems = list(problems)
    if not problems:
        return []
    label = f"{data_dir.name}/{name}"
    data, unreadable = read_yaml_file(data_dir / name, label)
    raw = data if isinstance(data, LineDict) and not unreadable else LineDict()
    issues = []
    for loc, entry_name, field_name, message in problems:
        entry, field_path = describe_location(raw, loc, data_file(name).naming)
        issues.append(DataIssue(label, line_of(raw, loc), entry or entry_name, field_path or field_name, message))
    return issues
