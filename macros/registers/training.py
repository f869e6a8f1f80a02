"""Training completed per target group and year (data/utbildning.yaml)."""

from __future__ import annotations

from typing import Any

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Register
from ..columns import Column, Table
from ..render import percent

TrainingColumn = Column[m.Training, Any]
# The management review's input d2: one year's training per target group.
TRAINING_COLUMNS: tuple[TrainingColumn, ...] = (
    TrainingColumn("Målgrupp", "målgrupp", page=""),
    TrainingColumn("Utbildning", "utbildning", page=""),
    TrainingColumn("I målgruppen", "antal_i_målgruppen", page="", numeric=True),
    TrainingColumn("Genomfört", "genomfört", page="", numeric=True),
    TrainingColumn("Andel", page="", numeric=True, cell=lambda r, x: percent(round(100 * r.completed / r.headcount))),
    TrainingColumn("Ursprung", "ursprung", page=""),
)


def training_table(records: tuple[m.Training, ...]) -> Table[m.Training, Any]:
    return Table(TRAINING_COLUMNS, records, None)


REGISTER = Register(
    DataFile("utbildning.yaml", m.TrainingFile, "Genomförda utbildningar", "Utbildning och Ledningens genomgång",
             (Entries("utbildningar", "utbildning", ("år", "målgrupp")),), handbook={"training": "records"},
             item_pages=False,
             about=("Genomförda utbildningar per målgrupp och år. Underlag för ledningens genomgång, se [Förbereda "
                    "ledningens genomgång](ledningens-genomgang.md).")),
    lambda scope: training_table(scope.hb.training),
    audience=Audience.ALL,
)
