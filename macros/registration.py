"""Registration under 2 kap. 2 § cybersäkerhetslagen (data/registrering.yaml): when a change must be reported.

The law: the operator registers as soon as possible and reports a change within 14 days of it. The last
day to report is therefore the day of the change plus 14 days; a change still unreported after that
day is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from . import models as m
from .handbook import Handbook

REPORT_WITHIN_DAYS = 14  # 2 kap. 2 § cybersäkerhetslagen (SFS 2025:1506)


class ChangeState(StrEnum):
    PLANNED = "planerad"  # the change is recorded ahead of the day it takes effect
    REPORTED = "anmäld"
    REPORTED_LATE = "anmäld för sent"
    DUE = "ska anmälas"
    OVERDUE = "försenad"


@dataclass(frozen=True)
class ChangeStatus:
    change: m.RegistrationChange
    due: date  # the last day to report the change
    state: ChangeState

    @property
    def outstanding(self) -> bool:
        """Must be reported now: the change has happened and is not reported."""
        return self.state in (ChangeState.DUE, ChangeState.OVERDUE)

    @property
    def unreported(self) -> bool:
        """Has a report-by date still ahead or passed: outstanding, or planned (for the calendar)."""
        return self.outstanding or self.state is ChangeState.PLANNED


def report_by(change: m.RegistrationChange) -> date:
    return change.changed + timedelta(days=REPORT_WITHIN_DAYS)


def change_state(change: m.RegistrationChange, as_of: date) -> ChangeState:
    """Reported (in time or late) when reported by `as_of`; else planned before the change, due, or
    overdue after the 14th day."""
    due = report_by(change)
    if change.changed > as_of:
        return ChangeState.PLANNED
    if change.reported is not None and change.reported <= as_of:
        return ChangeState.REPORTED if change.reported <= due else ChangeState.REPORTED_LATE
    return ChangeState.OVERDUE if as_of > due else ChangeState.DUE


def changes(hb: Handbook, as_of: date) -> list[ChangeStatus]:
    """Every recorded change with its last day to report and its state on `as_of`, oldest first."""
    if hb.registration is None:
        return []
    found = [ChangeStatus(c, report_by(c), change_state(c, as_of)) for c in hb.registration.changes]
    return sorted(found, key=lambda s: (s.change.changed, s.change.id))


def outstanding(hb: Handbook, as_of: date) -> list[ChangeStatus]:
    """Changes that have happened by `as_of` and are not reported: overdue, or still within the 14 days."""
    return [s for s in changes(hb, as_of) if s.outstanding]


def unreported(hb: Handbook, as_of: date) -> list[ChangeStatus]:
    """Outstanding changes and planned ones, each with its report-by date (the calendar's entries)."""
    return [s for s in changes(hb, as_of) if s.unreported]
