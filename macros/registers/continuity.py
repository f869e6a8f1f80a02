"""Continuity per system (data/kontinuitet.yaml): fallback routines, their tests, backups and recovery targets.

The tables list systems (every system in use, with or without an entry here): the gap lists, and the
fallback routines and recovery of a district, a förvaltningsobjekt or the routine's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from .. import continuity as co
from .. import followup as fu
from .. import models as m
from .. import pages, status
from ..catalogue import DataFile, Entries, Reference, Register
from ..columns import Column
from ..render import iso, ja_nej, link, relative_href, text

BACKUP = {m.BackupResponsible.CITY: "staden (stadens drift)", m.BackupResponsible.SUPPLIER: "leverantören",
          m.BackupResponsible.DISTRICT: "förvaltningen"}
PAGE = "rutiner/kontinuitet-och-reservrutiner.md"


@dataclass(frozen=True)
class ContinuityContext:
    overview: fu.Overview
    page_src: str

    def entry(self, s: m.System) -> m.Continuity | None:
        return self.overview.continuity.get(s.id)


def system_link(page_src: str, s: m.System) -> Markup:
    return link(relative_href(page_src, pages.system_page(s.id)), s.name)


def hours(value: int | None) -> str:
    return "–" if value is None else f"{value} {'timme' if value == 1 else 'timmar'}"


def level(ov: fu.Overview, s: m.System) -> str:
    found = co.availability(s, ov.as_of)
    return "–" if found is None else str(found)


def fallback(entry: m.Continuity | None) -> str:
    return "uppgift saknas" if entry is None else ja_nej(entry.fallback)


def due(ov: fu.Overview, day: date | None) -> Markup:
    if day is None:
        return text("–")
    return Markup(f"{iso(day)} ({status.bucket(day, ov.as_of).value})")


ContinuityColumn = Column[m.System, ContinuityContext]
SYSTEM = ContinuityColumn("System", page="", cell=lambda s, x: system_link(x.page_src, s))
LEVEL = ContinuityColumn("T", page="", numeric=True, cell=lambda s, x: level(x.overview, s))
FALLBACK = ContinuityColumn("Reservrutin", page="", cell=lambda s, x: fallback(x.entry(s)))
TESTED = ContinuityColumn("Senast testad", page="", cell=lambda s, x: iso(co.last_test(x.entry(s), x.overview.as_of)))

# One list per continuity gap (systems that need continuity without a tested fallback or recovery targets).
GAP_COLUMNS = (SYSTEM, ContinuityColumn("Förvaltningsobjekt", page="",
                                        cell=lambda s, x: x.overview.objects[s.management_object].name),
               LEVEL, FALLBACK, TESTED)
# Fallback routines and recovery of the systems given.
FALLBACK_COLUMNS = (
    SYSTEM, LEVEL, FALLBACK, TESTED,
    ContinuityColumn("Nästa test", page="",
                     cell=lambda s, x: due(x.overview, co.next_test(x.entry(s), x.overview.as_of))),
    ContinuityColumn("Säkerhetskopiering", page="",
                     cell=lambda s, x: BACKUP[e.backup] if (e := x.entry(s)) else "uppgift saknas"),
    ContinuityColumn("Längsta avbrott", page="",
                     cell=lambda s, x: hours(e.max_outage_hours if (e := x.entry(s)) else None)),
    ContinuityColumn("Största dataförlust", page="",
                     cell=lambda s, x: hours(e.max_data_loss_hours if (e := x.entry(s)) else None)),
)


REGISTER = Register(
    DataFile("kontinuitet.yaml", m.ContinuityFile, "Kontinuitet och reservrutiner per system",
             "Kontinuitet och reservrutiner, Uppföljning (brister och förfallodagar), varje systems och "
             "förvaltningsobjekts sida och i kalenderfilerna",
             (Entries("kontinuitet", "kontinuitet för system", ("system",), "system"),),
             (Reference("kontinuitet.*.system", "system.yaml", "system"),),
             optional=True, handbook={"continuity": "entries"},
             about=("Per system: om det finns en reservrutin, när den senast testades, vem som säkerhetskopierar "
                    "(staden, leverantören eller förvaltningen), återställningsmål, hur papper i en reservrutin "
                    "förvaras, dateras och förstörs (`papper`) och om systemet skyddar liv eller hälsa "
                    "(`liv_och_hälsa`). Se [Kontinuitet och "
                    "reservrutiner](../rutiner/kontinuitet-och-reservrutiner.md).")),
    pages=(PAGE,),
    search_excluded=True,
)
