"""The risk method and the risk register as tables (Rutiner > Riskhantering)."""

from __future__ import annotations

from datetime import date

from . import models as m
from . import review as rv
from .columns import Column, table
from .handbook import Handbook
from .registers import risks as risk_register
from .render import caption
from .riskmethod import actions_not_started, awaiting_decision, grid, method_of, not_reassessed


def scales(hb: Handbook) -> str:
    """The two scales; the consequence steps also say which classification level they correspond to and
    which role alone may accept a risk with that consequence (the consequence override)."""
    method = method_of(hb)
    cols = [Column("Värde", numeric=True), Column("Namn"), Column("Beskrivning")]
    levels = {level.value: level.name for level in hb.scale.levels}

    def level(step: m.ScaleStep) -> str:
        value = step.classification_level
        return "–" if value is None else f"{value} {levels.get(value, '')}".strip()
    consequence = [(str(s.value), s.name, s.description, level(s),
                    hb.role(s.accepted_by).name if s.accepted_by else "enligt risknivån")
                   for s in method.consequence]
    return (table("Sannolikhet", cols, [(str(s.value), s.name, s.description) for s in method.likelihood])
            + table("Konsekvens", [*cols, Column(f"Motsvarar i {hb.scale.name}"), Column("Får accepteras av")],
                    consequence))


def matrix(hb: Handbook) -> str:
    """Likelihood (rows, highest first) × consequence (columns): the risk level of every cell."""
    method = method_of(hb)
    cols = [Column("Sannolikhet \\ konsekvens"), *(Column(f"{c.value} {c.name}") for c in method.consequence)]
    rows = [(f"{row.value} {row.name}", *((b.level.value if b else "–") for b in bands))
            for row, bands in grid(method)]
    return table("Riskmatris: risknivå = sannolikhet × konsekvens", cols, rows)


def acceptance(hb: Handbook) -> str:
    method = method_of(hb)
    rows = [(b.level.value, f"{b.lowest}–{b.highest}", b.criterion, hb.role(b.accepted_by).name)
            for b in method.bands]
    cols = [Column("Risknivå"), Column("Sannolikhet × konsekvens"), Column("Acceptans"), Column("Får accepteras av")]
    return table("Kriterier för att acceptera risker", cols, rows)


def register(hb: Handbook, as_of: date, year: int | None = None) -> str:
    """One year's risks with level, owner, treatment, actions and their status, and the residual risk."""
    year = year or as_of.year
    risks = risk_register.risk_table(hb, as_of, risks=rv.risks_assessed_in(hb.risks, year))
    return risks.html(caption(f"Riskregister {year}: {len(risks)} risker", as_of),
                      empty=f"Det finns ingen riskbedömning för {year}.", sortable=True,
                      searchable=not risk_register.REGISTER.search_excluded)


def stale(hb: Handbook, as_of: date) -> str:
    """Risks whose latest assessment is from an earlier year: they must be reassessed this year."""
    found = risk_register.risk_table(hb, as_of, risks=not_reassessed(hb, as_of)).showing(risk_register.STALE_COLUMNS)
    return found.html(caption(f"Risker som inte är omprövade {as_of.year}: {len(found)}", as_of),
                      empty=f"Alla risker är omprövade {as_of.year}.")


def decisions(hb: Handbook, as_of: date) -> str:
    """This year's risks that wait for the decision the method asks for, and those whose level demands an action
    started at once without one: the gaps of the method (the dashboard and Riskhantering show the same)."""
    if hb.risk_method is None:
        return ""
    waiting = risk_register.risk_table(hb, as_of, risks=[r for r, _ in awaiting_decision(hb, as_of)])
    late = risk_register.risk_table(hb, as_of, risks=actions_not_started(hb, as_of))
    return (waiting.showing(risk_register.DECISION_COLUMNS).html(
                caption(f"Risker {as_of.year} som väntar på beslut: {len(waiting)}", as_of),
                empty=f"Alla risker {as_of.year} har det beslut som riskmetoden kräver.")
            + late.showing(risk_register.DECISION_COLUMNS).html(
                caption(f"Risker där en åtgärd ska ha påbörjats genast: {len(late)}", as_of),
                empty="Alla risker som kräver åtgärder genast har en påbörjad åtgärd."))
