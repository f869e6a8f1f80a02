"""Incident and continuity exercises (data/ovningar.yaml): the last one held and whether one is due. Pure."""

from __future__ import annotations

from datetime import date

from . import models as m
from .continuity import add_months
from .loader import Handbook

EXERCISE_FILE = "ovningar.yaml"
# At least one exercise a year: the same yearly cycle as the fallback-routine tests (kontinuitet.yaml's
# default interval) and the management review that reads the lessons.
WINDOW_MONTHS = 12


def exercises(hb: Handbook) -> tuple[m.Exercise, ...]:
    return tuple(hb.exercises.exercises) if hb.exercises else ()


def held(hb: Handbook, as_of: date) -> list[m.Exercise]:
    """Exercises held on or before `as_of`, latest first."""
    return sorted((e for e in exercises(hb) if e.date <= as_of), key=lambda e: (e.date, e.id), reverse=True)


def planned(hb: Handbook, as_of: date) -> list[m.Exercise]:
    """Exercises dated after `as_of`, earliest first."""
    return sorted((e for e in exercises(hb) if e.date > as_of), key=lambda e: (e.date, e.id))


def last_held(hb: Handbook, as_of: date) -> m.Exercise | None:
    done = held(hb, as_of)
    return done[0] if done else None


def next_due(hb: Handbook, as_of: date) -> date | None:
    """The day by which the next exercise must be held: WINDOW_MONTHS after the last one."""
    last = last_held(hb, as_of)
    return add_months(last.date, WINDOW_MONTHS) if last else None


def overdue(hb: Handbook, as_of: date) -> bool:
    """No exercise held in the WINDOW_MONTHS up to `as_of` (also when none has ever been held)."""
    due = next_due(hb, as_of)
    return due is None or due < as_of
