"""Incident and continuity exercises (data/ovningar.yaml): one column spec for Uppföljning > Övningar and the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from markupsafe import Markup

from .. import models as m
from .. import pages
from ..catalogue import DataFile, Entries, Export, Reference, Register
from ..columns import OWN_STAMP, Column, Table, clean_text, stamp_columns
from ..exercises import EXERCISE_FILE
from ..handbook import Handbook
from ..render import iso, link, relative_href, text
from ..review import action_state
from .actions import ACTIONS
from .organisation import ROLES


@dataclass(frozen=True)
class ExerciseContext:
    """The reference date, the list's own version (stamped on exported rows), the handbook and the page."""

    as_of: date
    version: str
    hb: Handbook
    page_src: str = ""

    @cached_property
    def systems(self) -> dict[str, m.System]:
        return {s.id: s for s in self.hb.systems}

    @cached_property
    def actions(self) -> dict[str, m.Action]:
        return {a.id: a for a in self.hb.actions}


def _systems(e: m.Exercise, x: ExerciseContext) -> Markup:
    linked = Markup(", ").join(link(relative_href(x.page_src, pages.system_page(s)), x.systems[s].name)
                               for s in e.systems)
    return linked or text("–")


ExerciseColumn = Column[m.Exercise, ExerciseContext]
EXERCISE_COLUMNS: tuple[ExerciseColumn, ...] = (
    ExerciseColumn("Id", "id"),
    ExerciseColumn("Datum", "datum", page="", cell=lambda e, x: iso(e.date)),
    ExerciseColumn("Typ", "typ", page=""),
    ExerciseColumn("Scenario", "scenario", page="",
                   cell=lambda e, x: f"{e.scenario} (exempeldata)" if e.example else e.scenario),
    ExerciseColumn("Deltagare", "deltagare", page="",
                   cell=lambda e, x: ", ".join(x.hb.role(r).name for r in e.participants)),
    ExerciseColumn("System", "system", page="", cell=_systems),
    ExerciseColumn("Lärdomar", export=lambda e, x: "\n".join(clean_text(t) for t in e.lessons) or None,  # one a line
                   page="", cell=lambda e, x: "\n".join(e.lessons) or "–"),
    ExerciseColumn("Åtgärder", "åtgärder", page="", cell=lambda e, x: "; ".join(
        f"{i} ({action_state(x.actions[i], x.as_of).value})" for i in e.actions) or "–"),
    ExerciseColumn("Exempel", "exempel"),
    *stamp_columns(OWN_STAMP),
)


def exercise_table(hb: Handbook, as_of: date, exercises: tuple[m.Exercise, ...] | None = None,
                   page_src: str = "") -> Table[m.Exercise, ExerciseContext]:
    """The exercises (in file order unless others are given), stamped with the list's own version."""
    found = hb.exercises
    rows = exercises if exercises is not None else tuple(found.exercises) if found else ()
    return Table(EXERCISE_COLUMNS, rows, ExerciseContext(as_of, found.version if found else "", hb, page_src))


REGISTER = Register(
    DataFile(EXERCISE_FILE, m.ExercisesFile, "Incident- och kontinuitetsövningar",
             "Uppföljning > Övningar, Uppföljning (senaste övningen; varning när ingen övning hållits på tolv "
             "månader) och i lis export",
             (Entries("övningar", "övning", unique="id"),),
             (Reference("övningar.*.deltagare", *ROLES), Reference("övningar.*.system", "system.yaml", "system"),
              Reference("övningar.*.åtgärder", *ACTIONS)),
             optional=True, handbook={"exercises": None}, item_pages=False,
             about=("Incident- och kontinuitetsövningar med deltagare, system, lärdomar och åtgärder. Se [Föra in en"
                    " övning](ovningar.md).")),
    lambda scope: exercise_table(scope.hb, scope.as_of, page_src=scope.page_src),
    Export("ovningar", "Övningar", "övningarna",
           lambda scope, table: f"Övningarna: {len(table)} incident- och kontinuitetsövningar med scenario, "
                                "deltagare, lärdomar och åtgärder.", in_supervision=True, order=70),
    pages=(pages.EXERCISES,),
    search_excluded=True,
)
