"""Domain rules of continuity and log checks: when a fallback test or a log check falls due, and which
systems that must stay available (samhällsviktig, T 3 or higher, or not yet classified) lack a tested
fallback or recovery targets.

Pure: records and the reference date in, facts out. Nothing here renders or reads the clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from . import models as m
from . import status
from .collation import swedish_key
from .handbook import Handbook

# From this availability level (KLASSA: 3 = allvarlig skada) a system needs a tested fallback
# routine and recovery targets (the routine Kontinuitet och reservrutiner); so does a samhällsviktig
# system and one not classified yet.
RECOVERY_LEVEL = 3


def add_months(day: date, months: int) -> date:
    """Same day `months` later; a day that does not exist becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def availability(system: m.System, as_of: date) -> int | None:
    """The system's T level, from a classification adopted by `as_of`."""
    if status.classification_date(system, as_of) is None or system.classification is None:
        return None
    return system.classification.t


def needs_recovery_plan(system: m.System, as_of: date) -> bool:
    """Samhällsviktig, T 3 or higher, or not classified yet (until then nobody knows it may stop)."""
    level = availability(system, as_of)
    return system.essential or level is None or level >= RECOVERY_LEVEL


def last_test(entry: m.Continuity | None, as_of: date) -> date | None:
    """When the fallback routine was last tested, if it exists and was tested by `as_of`."""
    if entry is None or not entry.fallback or entry.tested is None or entry.tested > as_of:
        return None
    return entry.tested


def next_test(entry: m.Continuity | None, as_of: date) -> date | None:
    tested = last_test(entry, as_of)
    return None if entry is None or tested is None else add_months(tested, entry.interval_months)


def last_log_check(entry: m.LogCheck, as_of: date) -> date | None:
    return entry.checked if entry.checked is not None and entry.checked <= as_of else None


def next_log_check(entry: m.LogCheck, as_of: date) -> date:
    """One interval after the last check; before the first check, one interval after the start."""
    base = last_log_check(entry, as_of) or entry.start or entry.checked
    assert base is not None  # crossref requires senast_kontrollerad or gäller_från
    return add_months(base, entry.interval_months)


@dataclass(frozen=True)
class Scheduled:
    """A recurring check of one system: the fallback test or the log check."""

    system: m.System
    last: date | None
    due: date


def fallback_tests(hb: Handbook, as_of: date) -> list[Scheduled]:
    """The next test of every tested fallback routine of a system in use."""
    entries = {c.system: c for c in hb.continuity}
    result = []
    for system in status.active_systems(hb.systems, as_of):
        entry = entries.get(system.id)
        due = next_test(entry, as_of)
        if due is not None:
            result.append(Scheduled(system, last_test(entry, as_of), due))
    return sorted(result, key=lambda s: (s.due, swedish_key(s.system.name)))


def log_checks(hb: Handbook, as_of: date) -> list[tuple[m.LogCheck, Scheduled]]:
    """The next log check of every system in use that has recurring log checks."""
    systems = {s.id: s for s in status.active_systems(hb.systems, as_of)}
    result = [(entry, Scheduled(systems[entry.system], last_log_check(entry, as_of), next_log_check(entry, as_of)))
              for entry in hb.log_checks if entry.system in systems]
    return sorted(result, key=lambda pair: (pair[1].due, swedish_key(pair[1].system.name)))


# --- Gaps among the systems that must stay available ----------------------------------------------


def _untested_fallback(system: m.System, entry: m.Continuity | None, as_of: date) -> bool:
    return needs_recovery_plan(system, as_of) and last_test(entry, as_of) is None


def _no_recovery_targets(system: m.System, entry: m.Continuity | None, as_of: date) -> bool:
    return needs_recovery_plan(system, as_of) and (
        entry is None or entry.max_outage_hours is None or entry.max_data_loss_hours is None)


# Words that show a fallback rests on paper (printed lists, forms, binders); such paper needs handling.
_PAPER_WORDS = ("papper", "utskriv", "pärm", "lista", "listor", "blankett")


def on_paper(entry: m.Continuity | None) -> bool:
    text = (entry.description or "").lower() if entry is not None and entry.fallback else ""
    return any(word in text for word in _PAPER_WORDS)


def _paper_unhandled(system: m.System, entry: m.Continuity | None, as_of: date) -> bool:
    return on_paper(entry) and entry is not None and entry.paper is None


_REQUIRED = "Samhällsviktigt, tillgänglighet 3 eller högre eller inte klassat"


@dataclass(frozen=True)
class ContinuityGap:
    id: str
    title: str
    explanation: str
    applies: Callable[[m.System, m.Continuity | None, date], bool]


CONTINUITY_GAPS = (
    ContinuityGap("utan-testad-reservrutin", "Kräver kontinuitet, utan testad reservrutin",
                  f"{_REQUIRED}, men ingen reservrutin eller en reservrutin som aldrig har testats.",
                  _untested_fallback),
    ContinuityGap("utan-aterstallningsmal", "Kräver kontinuitet, utan återställningsmål",
                  f"{_REQUIRED}, men längsta avbrott och största dataförlust är inte bestämda.",
                  _no_recovery_targets),
    ContinuityGap("papper-utan-hantering", "Reservrutin på papper utan hantering",
                  "Reservrutinen bygger på papper (listor, blanketter eller pärmar), men det står inte hur papperen "
                  "förvaras, dateras och förstörs.", _paper_unhandled),
)


def continuity_gaps_of(system: m.System, entry: m.Continuity | None, as_of: date) -> list[ContinuityGap]:
    return [g for g in CONTINUITY_GAPS if g.applies(system, entry, as_of)]


def continuity_gap_members(hb: Handbook, gap: ContinuityGap, as_of: date) -> list[m.System]:
    entries = {c.system: c for c in hb.continuity}
    return [s for s in status.active_systems(hb.systems, as_of) if gap.applies(s, entries.get(s.id), as_of)]
