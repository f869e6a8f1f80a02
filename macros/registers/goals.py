"""Goals for information classification (data/mal.yaml): this year's goals and the multi-year goals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import models as m
from .. import review as rv
from .. import status
from ..audience import Audience
from ..catalogue import DataFile, Entries, Register
from ..columns import Column, Table
from ..handbook import Handbook
from ..render import percent


@dataclass(frozen=True)
class GoalContext:
    progress: dict[str, status.Progress]  # by goal id: its coverage on the reference date


GoalColumn = Column[m.MultiYearGoal, GoalContext]
# The multi-year goals on Uppföljning: coverage of every system in use.
MULTI_YEAR_COLUMNS: tuple[GoalColumn, ...] = (
    GoalColumn("Mål", page="", cell=lambda g, x: g.name),
    GoalColumn("Senast", page="", cell=lambda g, x: g.deadline.isoformat()),
    GoalColumn("System i drift", page="", numeric=True, cell=lambda g, x: x.progress[g.id].target),
    GoalColumn("Klara", page="", numeric=True, cell=lambda g, x: x.progress[g.id].achieved),
    GoalColumn("Kvar", page="", numeric=True, cell=lambda g, x: x.progress[g.id].remaining),
    GoalColumn("Andel", page="", numeric=True, cell=lambda g, x: percent(x.progress[g.id].percent)),
)


def _outlook(p: rv.Projection) -> str:
    if p.progress.met:
        return "målet är nått"
    if p.reached is None:
        return "med nuvarande takt nås målet inte (inget klart de senaste tolv månaderna)"
    verdict = "före" if p.on_time else "efter"
    return f"med nuvarande takt är alla klara omkring {p.reached}, {verdict} målet"


ProjectionColumn = Column[rv.Projection, None]
# The management review's input d4: the multi-year goals with a projection at the current pace.
PROJECTION_COLUMNS: tuple[ProjectionColumn, ...] = (
    ProjectionColumn("Mål", page="", cell=lambda p, x: p.goal.name),
    ProjectionColumn("Senast", page="", cell=lambda p, x: p.goal.deadline.isoformat()),
    ProjectionColumn("Klara", page="", cell=lambda p, x: f"{p.progress.achieved} av {p.progress.target}"),
    ProjectionColumn("Andel", page="", numeric=True, cell=lambda p, x: percent(p.progress.percent)),
    ProjectionColumn("Klara senaste 12 mån", page="", numeric=True, cell=lambda p, x: p.per_year),
    ProjectionColumn("Prognos", page="", cell=lambda p, x: _outlook(p)),
)


def multi_year_table(hb: Handbook, as_of: date) -> Table[m.MultiYearGoal, GoalContext]:
    progress = {g.id: status.coverage(hb.systems, g, as_of) for g in hb.multi_year_goals}
    return Table(MULTI_YEAR_COLUMNS, tuple(hb.multi_year_goals), GoalContext(progress))


def projection_table(hb: Handbook, as_of: date) -> Table[rv.Projection, None]:
    return Table(PROJECTION_COLUMNS, tuple(rv.projection(hb.systems, g, as_of) for g in hb.multi_year_goals), None)


REGISTER = Register(
    DataFile("mal.yaml", m.GoalsFile, "Mål för informationsklassning", "Uppföljning och Ledningens genomgång",
             (Entries("årsmål", "årsmål", ("år",), "år"), Entries("flerårsmål", "flerårsmål", unique="id")),
             handbook={"year_goals": "year_goals", "multi_year_goals": "multi_year_goals"}, item_pages=False,
             about=("Årsmål och flerårsmål för informationsklassning.")),
    lambda scope: multi_year_table(scope.hb, scope.as_of),
    audience=Audience.ALL,  # how far the classification work has come, not where it is weak
)
