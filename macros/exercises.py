"""Incident and continuity exercises (data/ovningar.yaml): the last one held and whether one is due. Pure."""

from __future__ import annotations

from datetime import date, timedelta

from . import models as m
from .continuity import add_months
from .handbook import Handbook

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


def late_life_and_health_findings(hb: Handbook) -> list[tuple[int, str]]:
    """Held exercises with lessons on a system that protects life or health, without an action due within the
    file's short deadline: (index in the file, Swedish message)."""
    if hb.exercises is None:
        return []
    days = hb.exercises.life_and_health_days
    vital = {c.system for c in hb.continuity if c.life_and_health}
    names = {s.id: s.name for s in hb.systems}
    due = {a.id: a.due for a in hb.actions}
    problems = []
    for i, e in enumerate(hb.exercises.exercises):
        systems = [names.get(s, s) for s in e.systems if s in vital]
        if not systems or not e.lessons:
            continue
        deadline = e.date + timedelta(days=days)
        dates = sorted({due[a] for a in e.actions if a in due})
        if dates and dates[0] <= deadline:
            continue
        found = (f"åtgärdernas senast-datum är {', '.join(d.isoformat() for d in dates)}" if dates
                 else "ingen åtgärd är angiven")
        problems.append((i, f"övningen gällde {', '.join(systems)}, som skyddar liv eller hälsa. Minst en åtgärd "
                            f"ska vara klar senast {days} dagar efter övningen, det vill säga senast {deadline} "
                            f"(frist_liv_och_hälsa_dagar); {found}"))
    return problems
