"""Domain rules: what counts towards a goal, what is due and what is overdue.

Every function takes the reference date as an argument; nothing here reads the clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NoReturn

from . import models as m
from .collation import swedish_key
from .errors import DataError, DataIssue

FOLLOW_UP_INTERVAL_YEARS = 1  # the city's guidance: completed classifications are followed up yearly

# The two windows of everything with a due date (follow-ups, reviews, actions, tests, log checks):
# dashboard, object pages, system pages, the document register and the calendar pages all use them.
SOON_DAYS, LATER_DAYS = 30, 90


def reference_date(environ: dict[str, str] | None = None, today: date | None = None) -> date:
    """LIS_DATE (YYYY-MM-DD) when set, otherwise the build day."""
    env = os.environ if environ is None else environ
    value = env.get("LIS_DATE", "").strip()
    if not value:
        return today or date.today()
    try:
        day = date.fromisoformat(value) if m.ISO_DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        _refuse(f'"{value}" är inget giltigt datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28')
    if not m.date_in_range(day):
        _refuse(m.out_of_range_message(value))
    return day


def _refuse(message: str) -> NoReturn:
    raise DataError([DataIssue("LIS_DATE", None, None, None, message)])


class Bucket(StrEnum):
    OVERDUE = "försenat"
    WITHIN_30 = "inom 30 dagar"
    WITHIN_90 = "inom 90 dagar"
    IN_ORDER = "i ordning"


def bucket(due: date, as_of: date) -> Bucket:
    """Which window a due date falls in on `as_of`: overdue, within SOON_DAYS, within LATER_DAYS or later."""
    days = (due - as_of).days
    if days < 0:
        return Bucket.OVERDUE
    if days <= SOON_DAYS:
        return Bucket.WITHIN_30
    return Bucket.WITHIN_90 if days <= LATER_DAYS else Bucket.IN_ORDER


def add_years(day: date, years: int) -> date:
    """Same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def in_inventory(system: m.System, as_of: date) -> bool:
    """Was the system in use on `as_of` (introduced by then and not yet retired)?"""
    started = system.in_use_since is None or system.in_use_since <= as_of
    return started and (system.retired is None or system.retired > as_of)


def active_systems(systems: Iterable[m.System], as_of: date) -> list[m.System]:
    return [s for s in systems if in_inventory(s, as_of)]


def protocol_date(system: m.System, as_of: date) -> date | None:
    return system.protocol if system.protocol and system.protocol <= as_of else None


def classification_date(system: m.System, as_of: date) -> date | None:
    c = system.classification
    return c.date if c and c.date <= as_of else None


def protocols_in_year(systems: Iterable[m.System], year: int, as_of: date) -> list[m.System]:
    """Systems whose classification protocol is dated in `year`, up to `as_of`."""
    return [s for s in systems if (d := protocol_date(s, as_of)) and d.year == year]


def follow_up_date(system: m.System, as_of: date) -> date | None:
    """The last yearly follow-up that had happened on `as_of` (a later date in data does not count yet)."""
    return system.followed_up if system.followed_up and system.followed_up <= as_of else None


def classifications_in_year(systems: Iterable[m.System], year: int, as_of: date) -> list[m.System]:
    """Systems fully classified (K/R/T) in `year`, up to `as_of`."""
    return [s for s in systems if (d := classification_date(s, as_of)) and d.year == year]


# --- Data-protection gaps: each rule defined once, used by Uppföljning and the management review ---


def lacks_processor_agreement(system: m.System, as_of: date) -> bool:
    """A supplier handles personal data but no processor agreement is in place (missing or unfinished)."""
    del as_of  # the agreement has no date in data; kept so every gap rule has the same signature
    return (system.supplier is not None and system.personal_data is not m.PersonalData.NONE
            and system.processor_agreement in (m.ProcessorAgreement.MISSING, m.ProcessorAgreement.IN_PROGRESS))


def dpia_finished(system: m.System, as_of: date) -> bool:
    """The DPIA is marked done and its completion date (when given) is not after `as_of`."""
    dpia = system.dpia
    return dpia.status is m.DpiaStatus.DONE and (dpia.done is None or dpia.done <= as_of)


def dpia_outstanding(system: m.System, as_of: date) -> bool:
    """A DPIA is required but was not finished on `as_of` (a completion date after `as_of` does not count)."""
    return system.dpia.required is m.DpiaRequired.YES and not dpia_finished(system, as_of)


def dpia_state(system: m.System, as_of: date) -> str | None:
    """The DPIA's status as it stood on `as_of` ("klar först …" when done later); None when none is given."""
    dpia = system.dpia
    if dpia.status is None:
        return None
    if dpia.status is m.DpiaStatus.DONE and not dpia_finished(system, as_of):
        return f"klar först {dpia.done}"
    return dpia.status.value


def dpia_summary(system: m.System, as_of: date) -> str:
    """The DPIA in a few words on `as_of`: "krävs, klar", "krävs, pågår", "krävs inte", "utreds"."""
    if system.dpia.required is m.DpiaRequired.NO:
        return "krävs inte"
    if system.dpia.required is not m.DpiaRequired.YES:
        return "utreds"
    return f"krävs, {dpia_state(system, as_of) or 'status saknas'}"


@dataclass(frozen=True)
class Progress:
    """Achieved against a target, for a goal or a coverage figure."""

    label: str
    target: int
    achieved: int

    @property
    def met(self) -> bool:
        return self.achieved >= self.target

    @property
    def remaining(self) -> int:
        return max(self.target - self.achieved, 0)

    @property
    def percent(self) -> int:
        return 100 if self.target == 0 else round(100 * self.achieved / self.target)


def year_goal(goals: Iterable[m.YearGoal], year: int) -> m.YearGoal | None:
    return next((g for g in goals if g.year == year), None)


def year_progress(systems: Iterable[m.System], goal: m.YearGoal, as_of: date) -> list[Progress]:
    """This year's classifications and protocols against the year's goals."""
    systems = list(systems)
    return [
        Progress(f"Fullständiga klassningar {goal.year}", goal.classifications,
                 len(classifications_in_year(systems, goal.year, as_of))),
        Progress(f"Klassningsprotokoll {goal.year}", goal.protocols,
                 len(protocols_in_year(systems, goal.year, as_of))),
    ]


def coverage(systems: Iterable[m.System], goal: m.MultiYearGoal, as_of: date) -> Progress:
    """How many systems in use have what the multi-year goal asks for."""
    active = active_systems(systems, as_of)
    dated = protocol_date if goal.measure is m.Measure.PROTOCOL else classification_date
    done = sum(1 for s in active if dated(s, as_of) is not None)
    return Progress(goal.name, len(active), done)


@dataclass(frozen=True)
class FollowUp:
    """A full classification's yearly follow-up."""

    system: m.System
    classified: date
    last_follow_up: date | None
    due: date

    def days_overdue(self, as_of: date) -> int:
        return max((as_of - self.due).days, 0)


def follow_ups(systems: Iterable[m.System], as_of: date) -> list[FollowUp]:
    """The next yearly follow-up of every classified system in use, earliest due first."""
    result = []
    for system in active_systems(systems, as_of):
        classified = classification_date(system, as_of)
        if classified is None:
            continue
        last = follow_up_date(system, as_of)
        due = add_years(last or classified, FOLLOW_UP_INTERVAL_YEARS)
        result.append(FollowUp(system, classified, last, due))
    return sorted(result, key=lambda f: (f.due, swedish_key(f.system.name)))


def overdue_follow_ups(systems: Iterable[m.System], as_of: date) -> list[FollowUp]:
    """Follow-ups whose due date has passed on `as_of`."""
    return [f for f in follow_ups(systems, as_of) if f.due < as_of]
