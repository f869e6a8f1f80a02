"""The risk method (data/riskmetod.yaml) and the yearly risk register (data/risker.yaml): pure rules."""

from __future__ import annotations

from datetime import date

from . import models as m
from .errors import UserError
from .handbook import Handbook


def method_of(hb: Handbook) -> m.RiskMethod:
    if hb.risk_method is None:
        raise UserError("data/riskmetod.yaml saknas; lägg till filen (se Om handboken) för att visa riskmetoden")
    return hb.risk_method


def grid(method: m.RiskMethod) -> list[tuple[m.ScaleStep, list[m.RiskBand | None]]]:
    """The matrix: one row per likelihood step, highest first; one level per consequence step."""
    return [(row, [method.band_for(row.value, col.value) for col in method.consequence])
            for row in reversed(method.likelihood)]


def _latest(hb: Handbook, year: int) -> dict[tuple[str, str], m.Risk]:
    """The latest assessment up to `year` of each risk (a risk is its source and process)."""
    latest: dict[tuple[str, str], m.Risk] = {}
    for risk in hb.risks:
        key = (risk.source.value, risk.process)
        if risk.year <= year and (key not in latest or risk.year > latest[key].year):
            latest[key] = risk
    return latest


def not_reassessed(hb: Handbook, as_of: date) -> list[m.Risk]:
    """The latest assessment of each risk when it is from an earlier year than `as_of`'s and the risk is not
    closed by a decision: it must be reassessed this year, and until then it shows as "ej omprövad"."""
    stale = (r for r in _latest(hb, as_of.year).values() if r.year < as_of.year and r.closed is None)
    return sorted(stale, key=lambda r: (r.year, r.process))


def review_risks(hb: Handbook, year: int) -> list[tuple[m.Risk, str]]:
    """Every risk a review of `year` must show (ISO/IEC 27001 9.3 f), with its reassessment in Swedish.

    The risks assessed in `year` (new, reassessed or closed by a decision that year), highest level first,
    then every earlier risk that was neither reassessed nor closed: no risk silently leaves the review."""
    earlier = {(r.source.value, r.process) for r in hb.risks if r.year < year}
    order = list(m.RiskLevel)
    current = sorted((r for r in hb.risks if r.year == year),
                     key=lambda r: (r.closed is not None, -order.index(r.level), not r.in_ikp, r.process))
    rows = []
    for r in current:
        if r.closed is not None:
            state = f"avslutad {r.closed.date} ({r.closed.decision})"
        else:
            state = f"omprövad {year}" if (r.source.value, r.process) in earlier else f"ny {year}"
        rows.append((r, state))
    stale = (r for r in _latest(hb, year).values() if r.year < year and r.closed is None)
    rows += [(r, f"ej omprövad (senast bedömd {r.year})") for r in sorted(stale, key=lambda r: (r.year, r.process))]
    return rows


# --- Who may accept a risk, and what is still waiting ------------------------------------------------------


def band_of(method: m.RiskMethod, level: m.RiskLevel) -> m.RiskBand | None:
    return next((b for b in method.bands if b.level is level), None)


def required_acceptor(method: m.RiskMethod, risk: m.Risk) -> tuple[str, str] | None:
    """The role that must accept the risk and why (a Swedish clause naming the rule), or None when the
    method cannot tell (no residual level yet).

    A level the method reserves for its role even after treatment (gäller_före_behandling) comes first, then a
    consequence that names its own role (liv och hälsa), then the level of the residual risk."""
    current = band_of(method, risk.level)
    if current is not None and current.before_treatment:
        role = current.accepted_by
        return role, (f'nivån "{risk.level.value}" får bara accepteras av rollen "{role}" enligt data/riskmetod.yaml, '
                      "även när behandlingen sänker den kvarvarande risken")
    step = next((s for s in method.consequence if s.value == risk.consequence), None)
    if step is not None and step.accepted_by is not None:
        return step.accepted_by, (f'konsekvens {step.value} ({step.name}) får bara accepteras av rollen '
                                  f'"{step.accepted_by}" enligt data/riskmetod.yaml, vilken nivå risken än har')
    residual = band_of(method, risk.residual) if risk.residual is not None else None
    if residual is None:
        return None
    return residual.accepted_by, (f'risknivån "{residual.level.value}" får bara accepteras av rollen '
                                  f'"{residual.accepted_by}" enligt data/riskmetod.yaml')


def _open_risks_of(hb: Handbook, year: int) -> list[m.Risk]:
    order = list(m.RiskLevel)
    return sorted((r for r in hb.risks if r.year == year and r.closed is None),
                  key=lambda r: (-order.index(r.level), r.process))


def awaiting_decision(hb: Handbook, as_of: date) -> list[tuple[m.Risk, str]]:
    """This year's risks that nobody has accepted yet, with the role (id) that must decide, highest level first."""
    method = hb.risk_method
    if method is None:
        return []
    result = []
    for risk in _open_risks_of(hb, as_of.year):
        required = required_acceptor(method, risk)
        if required is not None and (risk.accepted_by is None or risk.accepted is None or risk.accepted > as_of):
            result.append((risk, required[0]))
    return result


def actions_not_started(hb: Handbook, as_of: date) -> list[m.Risk]:
    """This year's risks on a level whose actions must start at once (åtgärder_genast) with no action started."""
    method = hb.risk_method
    if method is None:
        return []
    actions = {a.id: a for a in hb.actions}

    def started(action_id: str) -> bool:
        a = actions[action_id]
        return (a.started is not None and a.started <= as_of) or (a.done is not None and a.done <= as_of)
    return [r for r in _open_risks_of(hb, as_of.year)
            if (band := band_of(method, r.level)) is not None and band.act_at_once
            and not any(started(i) for i in r.actions)]


def scored_level(method: m.RiskMethod, risk: m.Risk) -> str:
    """'hög (3 × 3 = 9)' from the method's matrix, or the stated level when the risk is not scored."""
    if risk.likelihood is None or risk.consequence is None:
        return f"{risk.level.value} (inte poängsatt)"
    band = method.band_for(risk.likelihood, risk.consequence)
    level = band.level.value if band else risk.level.value
    return f"{level} ({risk.likelihood} × {risk.consequence} = {risk.likelihood * risk.consequence})"


def acceptance_note(hb: Handbook, method: m.RiskMethod, risk: m.Risk) -> str:
    """Who accepted the risk, when and under which decision; or who must still decide."""
    if risk.closed is not None:
        return f"avslutad {risk.closed.date} genom beslut {risk.closed.decision}"
    required = required_acceptor(method, risk)
    if required is None:
        return "–"
    allowed = hb.role(required[0]).name
    if risk.accepted_by is None:
        return f"inte accepterad; väntar på beslut av {allowed}"
    who = hb.role(risk.accepted_by).name
    if risk.accepted_by != required[0]:
        return f"accepterad av {who}, som inte får acceptera risken; enligt riskmetoden får {allowed} göra det"
    when = f" {risk.accepted}" if risk.accepted else ""
    return f"accepterad av {who}{when}" + (f" ({risk.decision})" if risk.decision else "")
