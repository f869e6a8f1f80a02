"""Domain rules of the management review (ISO/IEC 27001 clause 9.3): what a review shows, as of when.

An adopted review is computed as of its own reference date, so data added later cannot change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from . import models as m
from . import status
from .swedish import count

# The inputs and outputs of clause 9.3, as the headings every review page must have (in order).
REQUIRED_HEADINGS = (
    "a) Status för åtgärder från tidigare genomgångar",
    "b) Förändringar i externa och interna frågor",
    "c) Förändringar i intressenternas behov och förväntningar",
    "d) Återkoppling om informationssäkerhetens prestanda",
    "d1) Avvikelser och korrigerande åtgärder",
    "d2) Resultat av övervakning och mätning",
    "d3) Revisionsresultat",
    "d4) Uppfyllelse av informationssäkerhetsmålen",
    "e) Återkoppling från intressenter",
    "f) Resultat av riskbedömning och status för riskbehandlingsplanen",
    "g) Möjligheter till ständig förbättring",
    "Beslut om förbättringar och förändringar i LIS",
    "Handlingsplan",
)


def review_date(review: m.Review, build_date: date) -> date:
    """The date a review's figures are computed for: frozen once adopted, else the build date."""
    if review.status is m.ReviewStatus.ADOPTED and review.as_of is not None:
        return review.as_of
    return build_date


class ActionState(StrEnum):
    DONE = "klar"
    OVERDUE = "försenad"
    IN_PROGRESS = "pågår"
    NOT_STARTED = "ej påbörjad"


def action_state(action: m.Action, as_of: date) -> ActionState:
    if action.done and action.done <= as_of:
        return ActionState.DONE
    if action.due < as_of:
        return ActionState.OVERDUE
    if action.started and action.started <= as_of:
        return ActionState.IN_PROGRESS
    return ActionState.NOT_STARTED


def days_late(action: m.Action, as_of: date) -> int | None:
    """How many days after its last day (`senast`) a finished action was done; None when in time or not done."""
    if action.done is None or action.done > as_of or action.done <= action.due:
        return None
    return (action.done - action.due).days


def action_status(action: m.Action, as_of: date) -> str:
    """The state as the action plan shows it; a late completion says how late: "klar, 26 dagar för sent"."""
    late = days_late(action, as_of)
    state = action_state(action, as_of).value
    return f"{state}, {count(late, 'dag', 'dagar')} för sent" if late else state


def finished_late(actions: Iterable[m.Action], as_of: date, within_days: int = 365) -> list[m.Action]:
    """Actions done after their last day, in the `within_days` up to `as_of`; the latest first."""
    since = as_of - timedelta(days=within_days)
    late = [a for a in actions if days_late(a, as_of) and a.done is not None and a.done > since]
    return sorted(late, key=lambda a: (a.done, a.id), reverse=True)


def actions_to_report(actions: Iterable[m.Action], year: int) -> list[m.Action]:
    """Input (a): actions planned for the review year or earlier, unless finished before that year."""
    first_day = date(year, 1, 1)
    return [a for a in actions if a.year <= year and (a.done is None or a.done >= first_day)]


def decided_in(actions: Iterable[m.Action], year: int) -> list[m.Action]:
    """Output: the action plan the review of `year` decided."""
    return sorted((a for a in actions if a.review == year), key=lambda a: (a.year, a.due, a.id))


@dataclass(frozen=True)
class RecommendationStatus:
    audit: m.Audit
    recommendation: m.Recommendation
    open_actions: tuple[m.Action, ...]

    @property
    def closed(self) -> bool:
        return not self.open_actions


def recommendations(audits: Iterable[m.Audit], actions: Iterable[m.Action], year: int,
                    as_of: date) -> list[RecommendationStatus]:
    """Every recommendation of audits up to `year`; closed when all its actions are done by `as_of`."""
    by_id = {a.id: a for a in actions}
    result = []
    for audit in audits:
        if audit.year > year:
            continue
        for rec in audit.recommendations:
            still_open = tuple(by_id[i] for i in rec.actions
                               if action_state(by_id[i], as_of) is not ActionState.DONE)
            result.append(RecommendationStatus(audit, rec, still_open))
    return result


def incidents_until(years: Iterable[m.IncidentYear], year: int) -> list[m.IncidentYear]:
    return sorted((y for y in years if y.year <= year), key=lambda y: y.year)


def incidents_in(years: Iterable[m.IncidentYear], year: int) -> m.IncidentYear | None:
    return next((y for y in years if y.year == year), None)


def risks_assessed_in(risks: Iterable[m.Risk], year: int) -> list[m.Risk]:
    """The risks assessed in `year` (the year's risk register), highest level first.

    The review shows more (riskmethod.review_risks): every earlier risk that was neither reassessed nor closed."""
    order = list(m.RiskLevel)
    return sorted((r for r in risks if r.year == year),
                  key=lambda r: (-order.index(r.level), not r.in_ikp, r.process))


class TreatmentState(StrEnum):
    DONE = "genomförd"
    LATE = "försenad"
    ONGOING = "pågår"
    ACCEPTED = "accepterad utan åtgärder"


def treatment_state(risk: m.Risk, actions: dict[str, m.Action], as_of: date) -> TreatmentState:
    """A risk's treatment: done when all its actions are done, late when any is overdue."""
    states = [action_state(actions[i], as_of) for i in risk.actions]
    if not states:
        return TreatmentState.ACCEPTED
    if all(s is ActionState.DONE for s in states):
        return TreatmentState.DONE
    return TreatmentState.LATE if ActionState.OVERDUE in states else TreatmentState.ONGOING


@dataclass(frozen=True)
class Projection:
    """When a multi-year goal is reached at the pace of the last twelve months."""

    goal: m.MultiYearGoal
    progress: status.Progress
    per_year: int
    reached: date | None  # None: never at this pace (or already reached: see progress.met)

    @property
    def on_time(self) -> bool:
        return self.progress.met or (self.reached is not None and self.reached <= self.goal.deadline)


def projection(systems: Iterable[m.System], goal: m.MultiYearGoal, as_of: date) -> Projection:
    systems = list(systems)
    progress = status.coverage(systems, goal, as_of)
    dated = status.protocol_date if goal.measure is m.Measure.PROTOCOL else status.classification_date
    window_start = as_of - timedelta(days=365)
    per_year = sum(1 for s in status.active_systems(systems, as_of)
                   if (d := dated(s, as_of)) is not None and d > window_start)
    reached = None
    if progress.met:
        reached = as_of
    elif per_year:
        reached = as_of + timedelta(days=round(365 * progress.remaining / per_year))
    return Projection(goal, progress, per_year, reached)


def missing_headings(markdown: str) -> list[str]:
    """The clause 9.3 headings a review page lacks or has out of order (empty when complete)."""
    headings = [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]
    missing, position = [], 0
    for required in REQUIRED_HEADINGS:
        try:
            position = headings.index(required, position) + 1
        except ValueError:
            missing.append(required)
    return missing
