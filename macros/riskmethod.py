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
