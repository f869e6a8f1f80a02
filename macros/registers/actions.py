"""The action plan (data/atgarder.yaml): actions from the management review, RSA, VoR/IKP, audits and GDPR reports.

One column spec for the export and for the tables that show actions: the review pages' (the actions to
report on, the plan a review decided) and a system's page, each some of the columns in its own order.
The action plan has no page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import models as m
from ..catalogue import PAGES, DataFile, Entries, Export, Reference, Register
from ..columns import Column, Table, parse_int
from ..handbook import Handbook
from ..render import iso
from ..review import action_status, days_late
from .organisation import ROLES

ACTIONS = "atgarder.yaml", "åtgärder"  # what other registers refer to with an action id


@dataclass(frozen=True)
class ActionContext:
    """The reference date (for each action's state) and the handbook (for role names)."""

    as_of: date
    hb: Handbook


ID = Column[m.Action, ActionContext]("Id", "id")
YEAR = Column[m.Action, ActionContext]("År", "år", parse=parse_int, page="")
WHAT = Column[m.Action, ActionContext]("Åtgärd", "åtgärd", page="")
AREA = Column[m.Action, ActionContext]("Område", "område", page="")
OWNER = Column[m.Action, ActionContext]("Ansvarig", "ansvarig", page="", cell=lambda a, x: x.hb.role(a.owner).name)
DUE = Column[m.Action, ActionContext]("Senast", "senast", page="", cell=lambda a, x: iso(a.due))
SOURCE = Column[m.Action, ActionContext]("Källa", "källa", page="")
STATE = Column[m.Action, ActionContext]("Status", export=lambda a, x: action_status(a, x.as_of), dated=True,
                                        page="")

ACTION_COLUMNS: tuple[Column[m.Action, ActionContext], ...] = (
    ID, YEAR, AREA, WHAT, OWNER, DUE,
    Column("Påbörjad", "påbörjad"),
    Column("Klar", "klar"),
    SOURCE,
    Column("Genomgång", "genomgång", parse=parse_int),
    Column("System", "system"),
    Column("Resultat", "resultat"),
    STATE,
)
# The management review: the actions to report on (input a) and the plan a review decided (no state:
# that belongs to next year's input a); and the actions on a system's own page.
TO_REPORT_COLUMNS = (WHAT, AREA, OWNER, DUE, SOURCE, STATE)
PLAN_COLUMNS = (YEAR, WHAT, AREA, OWNER, DUE, SOURCE)
SYSTEM_PAGE_COLUMNS = (WHAT, OWNER, DUE, STATE)
# Actions finished after their last day (Uppföljning): how late each one was stays visible.
LATE_COLUMNS = (WHAT, OWNER, DUE,
                Column[m.Action, ActionContext]("Klar", page="", cell=lambda a, x: iso(a.done)),
                Column[m.Action, ActionContext]("Dagar för sent", page="", numeric=True,
                                                cell=lambda a, x: days_late(a, x.as_of)))


def action_table(hb: Handbook, as_of: date, actions: tuple[m.Action, ...] | None = None) -> Table[
        m.Action, ActionContext]:
    """The actions (all of them, in file order, unless others are given) with the full spec."""
    return Table(ACTION_COLUMNS, hb.actions if actions is None else actions, ActionContext(as_of, hb))


REGISTER = Register(
    DataFile("atgarder.yaml", m.ActionsFile, "Handlingsplan",
             "Ledningens genomgång (indata a och handlingsplanen) och Uppföljning",
             (Entries("åtgärder", "åtgärd", unique="id",
                      unknown='okänd åtgärd "{ref}"; åtgärder finns i data/atgarder.yaml'),),
             (Reference("åtgärder.*.ansvarig", *ROLES), Reference("åtgärder.*.system", "system.yaml", "system"),
              Reference("åtgärder.*.resultat", PAGES, hint="ange sökvägen till sidan där resultatet finns")),
             handbook={"actions": "actions"},
             about=("Handlingsplanen: åtgärderna från ledningens genomgång, revisioner och andra källor, med "
                    "ansvarig och datum. Underlag för ledningens genomgång, se [Förbereda ledningens "
                    "genomgång](ledningens-genomgang.md).")),
    lambda scope: action_table(scope.hb, scope.as_of),
    Export("handlingsplan", "Handlingsplan", "handlingsplanen",
           lambda scope, table: f"Handlingsplanen: {len(table)} åtgärder med ansvarig, datum och status.",
           in_supervision=True, order=50),
)
