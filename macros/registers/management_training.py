"""Ledningen's training under 2 kap. 4 § cybersäkerhetslagen (data/ledningsutbildning.yaml).

One column spec for the members' table on Utbildning (and its gap list) and the export, which has a row
per member in office with the training that counts on the reference date; the courses have their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from .. import management_training as mt
from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Reference, Register, Scope
from ..columns import HANDBOOK_STAMP, Column, Table, stamp_columns
from ..handbook import Handbook
from ..render import example_mark, iso
from ..swedish import count, decimal

PAGE = "utbildning.md"


class MemberRow(BaseModel):
    """A member of ledningen with the training that counts on the reference date and its state."""

    model_config = ConfigDict(frozen=True)
    member: m.ManagementMember = Field(alias="ledamot")
    last: m.ManagementCourse | None = Field(None, alias="utbildning")
    renew_by: date | None = Field(None, alias="förnyas_senast")
    state: mt.TrainingState = Field(alias="status")



MemberColumn = Column[MemberRow, Scope]
TRAINING_COLUMNS: tuple[MemberColumn, ...] = (
    MemberColumn("Id", "ledamot.id"),
    MemberColumn("Funktion", "ledamot.funktion", page="",
                 cell=lambda r, x: r.member.function + example_mark(r.member.example)),
    MemberColumn("Grupp", export=lambda r, x: x.hb.role(r.member.group).name, page=""),
    MemberColumn("Sedan", "ledamot.sedan"),
    MemberColumn("Exempel", "ledamot.exempel"),
    MemberColumn("Senaste utbildning", "utbildning.utbildning", page="",
                 cell=lambda r, x: f"{r.last.held} {r.last.course}" if r.last else "–"),
    MemberColumn("Utbildningstillfälle", "utbildning.id"),
    MemberColumn("Datum", "utbildning.datum"),
    MemberColumn("Anordnare", "utbildning.anordnare"),
    MemberColumn("Förnyas senast", "förnyas_senast", page="", cell=lambda r, x: iso(r.renew_by)),
    MemberColumn("Status", "status", dated=True, page=""),
    *stamp_columns(HANDBOOK_STAMP),
)

# What a supervisor asks of a training record besides the date: its content, its length and its material.
MISSING = "saknas"


def _hours(hours: float | None) -> str:
    return MISSING if hours is None else decimal(hours)


# The training sessions held (Utbildning): when, what, by whom and which functions took part.
CourseColumn = Column[m.ManagementCourse, dict[str, str]]  # the context: function by member id
COURSE_COLUMNS: tuple[CourseColumn, ...] = (
    CourseColumn("Datum", page="", cell=lambda c, x: iso(c.held)),
    CourseColumn("Utbildning", page="", cell=lambda c, x: c.course + example_mark(c.example)),
    CourseColumn("Anordnare", page="", cell=lambda c, x: c.provider),
    CourseColumn("Innehåll", page="", cell=lambda c, x: "; ".join(c.content) or MISSING),
    CourseColumn("Timmar", page="", numeric=True, cell=lambda c, x: _hours(c.hours)),
    CourseColumn("Material", page="", cell=lambda c, x: c.material or MISSING),
    CourseColumn("Deltagare", page="", cell=lambda c, x: "; ".join(x[i] for i in c.participants)),
    CourseColumn("Antal", page="", numeric=True, cell=lambda c, x: len(c.participants)),
)


def member_rows(found: Iterable[mt.MemberStatus]) -> tuple[MemberRow, ...]:
    return tuple(MemberRow.model_validate({"ledamot": s.member, "utbildning": s.last, "förnyas_senast": s.renew_by,
                                           "status": s.state}) for s in found)


def training_rows(hb: Handbook, as_of: date) -> tuple[MemberRow, ...]:
    """The members in office on `as_of`, in file order (as on the page), with their status."""
    if hb.management_training is None:
        return ()
    return member_rows(mt.member_status(hb, as_of))


def training_table(hb: Handbook, as_of: date, version: str = "", rows: Iterable[MemberRow] | None = None) -> Table[
        MemberRow, Scope]:
    return Table(TRAINING_COLUMNS, tuple(training_rows(hb, as_of) if rows is None else rows),
                 Scope(hb, as_of, version))


def _what(scope: Scope, table: Table[MemberRow, Scope]) -> str:
    n = len(table)
    functions = count(n, "funktion", "funktioner", none="inga funktioner")
    return (f"Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen: {functions} i ledningen med senaste "
            "utbildning, när den ska förnyas och status.")


REGISTER = Register(
    DataFile("ledningsutbildning.yaml", m.ManagementTrainingFile, "Ledningens utbildning enligt cybersäkerhetslagen",
             "Utbildning (förteckning och brister) och Ledningens genomgång (avsnitt d2)",
             (Entries("ledamöter", "funktion", unique="id",
                      unknown='okänd funktion "{ref}". Kända funktioner under ledamöter: {known}.'),
              Entries("utbildningar", "utbildning", unique="id")),
             (Reference("utbildningar.*.deltagare", "ledningsutbildning.yaml", "ledamöter"),),
             optional=True, handbook={"management_training": None}, item_pages=False,
             about=("Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen: funktionerna i ledningen och varje"
                    " utbildningstillfälle med deltagare. Se [Föra in ledningens "
                    "utbildning](ledningens-utbildning.md).")),
    lambda scope: training_table(scope.hb, scope.as_of, scope.version),
    Export("ledningsutbildning", "Ledningens utbildning", "ledningens utbildning", _what, in_supervision=True,
           order=90),
    pages=(PAGE,),
    search_excluded=True,
    audience=Audience.ALL,  # shown on Utbildning, a page for everyone: functions, not names
)
