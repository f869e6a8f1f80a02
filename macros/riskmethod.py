"""The risk method (data/riskmetod.yaml) and the yearly risk register (data/risker.yaml): pure rules."""

from __future__ import annotations

from datetime import date

from . import models as m
from .errors import UserError
from .loader import Handbook


def method_of(hb: Handbook) -> m.RiskMethod:
    if hb.risk_method is None:
        raise UserError("data/riskmetod.yaml saknas; lägg till filen (se Om handboken) för att visa riskmetoden")
    return hb.risk_method


def grid(method: m.RiskMethod) -> list[tuple[m.ScaleStep, list[m.RiskBand | None]]]:
    """The matrix: one row per likelihood step, highest first; one level per consequence step."""
    return [(row, [method.band_for(row.value, col.value) for col in method.consequence])
            for row in reversed(method.likelihood)]


def not_reassessed(hb: Handbook, as_of: date) -> list[m.Risk]:
    """The latest assessment of each risk (source and process) when it is from an earlier year than `as_of`'s."""
    latest: dict[tuple[str, str], m.Risk] = {}
    for risk in hb.risks:
        if risk.year > as_of.year:
            continue
        key = (risk.source.value, risk.process)
        if key not in latest or risk.year > latest[key].year:
            latest[key] = risk
    return sorted((r for r in latest.values() if r.year < as_of.year), key=lambda r: (r.year, r.process))


def scored_level(method: m.RiskMethod, risk: m.Risk) -> str:
    """'hög (3 × 3 = 9)' from the method's matrix, or the stated level when the risk is not scored."""
    if risk.likelihood is None or risk.consequence is None:
        return f"{risk.level.value} (inte poängsatt)"
    band = method.band_for(risk.likelihood, risk.consequence)
    level = band.level.value if band else risk.level.value
    return f"{level} ({risk.likelihood} × {risk.consequence} = {risk.likelihood * risk.consequence})"


def acceptance_note(hb: Handbook, method: m.RiskMethod, risk: m.Risk) -> str:
    """Who accepted the residual level and whether the method lets that role accept it, or who may."""
    if risk.residual is None:
        return "–"
    band = next((b for b in method.bands if b.level is risk.residual), None)
    if band is None:
        return f'nivån "{risk.residual.value}" finns inte i riskmetoden'
    allowed = hb.role(band.accepted_by).name
    if risk.accepted_by is None:
        return f"inte accepterad; nivån får accepteras av {allowed}"
    if risk.accepted_by == band.accepted_by:
        return f"accepterad av {allowed}, som får acceptera nivån enligt riskmetoden"
    return (f"accepterad av {hb.role(risk.accepted_by).name}, som inte får acceptera nivån; "
            f"enligt riskmetoden får {allowed} göra det")
