"""Recurring log checks per system (data/loggkontroller.yaml): who checks, how often, when it was last done."""

from __future__ import annotations

from dataclasses import dataclass

from .. import continuity as co
from .. import followup as fu
from .. import models as m
from ..catalogue import DataFile, Entries, Reference, Register
from ..columns import Column
from ..render import iso
from .continuity import due, system_link
from .organisation import ROLES

PAGE = "rutiner/loggning.md"
Row = tuple[m.LogCheck, co.Scheduled]  # a log check with its system, last check and next due date


@dataclass(frozen=True)
class LogCheckContext:
    overview: fu.Overview
    page_src: str
    owners: dict[str, str]  # role names by id


LogCheckColumn = Column[Row, LogCheckContext]
# Every recurring log check of a system in use, the next due first.
LOG_CHECK_COLUMNS: tuple[LogCheckColumn, ...] = (
    LogCheckColumn("System", page="", cell=lambda r, x: system_link(x.page_src, r[1].system)),
    LogCheckColumn("Förvaltningsobjekt", page="",
                   cell=lambda r, x: x.overview.objects[r[1].system.management_object].name),
    LogCheckColumn("Grund", page="", cell=lambda r, x: r[0].basis.value),
    LogCheckColumn("Ansvarig", page="", cell=lambda r, x: x.owners[r[0].responsible]),
    LogCheckColumn("Intervall", page="", cell=lambda r, x: f"{r[0].interval_months} mån"),
    LogCheckColumn("Senast kontrollerad", page="", cell=lambda r, x: iso(r[1].last)),
    LogCheckColumn("Nästa kontroll", page="", cell=lambda r, x: due(x.overview, r[1].due)),
)


def duration(months: int) -> str:
    """'5 år', '18 månader' or '1 månad': whole years as years."""
    if months % 12 == 0:
        return f"{months // 12} år"
    return f"{months} {'månad' if months == 1 else 'månader'}"


RetentionColumn = Column[m.LogRetention, None]
# How long each kind of log is kept, and why (law, records plan or contract).
RETENTION_COLUMNS: tuple[RetentionColumn, ...] = (
    RetentionColumn("Logg", "logg", page="", cell=lambda r, x: r.log + (" (exempel)" if r.example else "")),
    RetentionColumn("Sparas", "sparas_månader", page="", cell=lambda r, x: duration(r.months)),
    RetentionColumn("Varför så länge", "motivering", page="", cell=lambda r, x: r.reason),
)


REGISTER = Register(
    DataFile("loggkontroller.yaml", m.LogChecksFile, "Loggkontroller per system och hur länge loggarna sparas",
             "Loggning, Uppföljning (förfallodagar), varje systems och förvaltningsobjekts sida och i kalenderfilerna",
             (Entries("loggkontroller", "loggkontroll för system", ("system",), "system"),
              Entries("lagringstider", "lagringstid", unique="id")),
             (Reference("loggkontroller.*.system", "system.yaml", "system"),
              Reference("loggkontroller.*.ansvarig", *ROLES)),
             optional=True, handbook={"log_checks": "entries", "log_retention": "retention"},
             about=("Per system: återkommande loggkontroller med grund, ansvarig roll, intervall och senaste "
                    "kontroll. Under `lagringstider`: hur länge varje slag av logg sparas, se [Ändra godkända "
                    "tjänster och lagringstider](tjanster.md).")),
    pages=(PAGE,),
    search_excluded=True,
)
