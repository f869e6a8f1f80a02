"""The risk method and the risk register as tables (Rutiner > Riskhantering)."""

from __future__ import annotations

from datetime import date

from . import review as rv
from .loader import Handbook
from .render import Column, caption, table
from .riskmethod import grid, method_of, not_reassessed


def scales(hb: Handbook) -> str:
    method = method_of(hb)
    cols = [Column("Värde", True), Column("Namn"), Column("Beskrivning")]
    return (table("Sannolikhet", cols, [(str(s.value), s.name, s.description) for s in method.likelihood])
            + table("Konsekvens", cols, [(str(s.value), s.name, s.description) for s in method.consequence]))


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
    actions = {a.id: a for a in hb.actions}
    rows = []
    for r in rv.risks_assessed_in(hb.risks, year):
        linked = "; ".join(f"{i} ({rv.action_state(actions[i], as_of).value})" for i in r.actions)
        scored = f"{r.likelihood} × {r.consequence}" if r.likelihood and r.consequence else "–"
        rows.append((r.process, r.risk, r.level.value, scored, hb.role(r.owner).name if r.owner else "–",
                     r.treatment, linked, rv.treatment_state(r, actions, as_of).value,
                     r.residual.value if r.residual else "ej bedömd",
                     hb.role(r.accepted_by).name if r.accepted_by else "–", r.source_label))
    cols = [Column("Process"), Column("Risk"), Column("Nivå"), Column("Sannolikhet × konsekvens"), Column("Ägare"),
            Column("Behandling"), Column("Åtgärder"), Column("Behandlingen"), Column("Kvarvarande risk"),
            Column("Accepterad av"), Column("Källa")]
    return table(caption(f"Riskregister {year}: {len(rows)} risker", as_of), cols, rows,
                 empty=f"Det finns ingen riskbedömning för {year}.", sortable=True)


def stale(hb: Handbook, as_of: date) -> str:
    """Risks whose latest assessment is from an earlier year: they must be reassessed this year."""
    found = not_reassessed(hb, as_of)
    rows = [(r.process, r.risk, r.level.value, str(r.year), r.source_label) for r in found]
    cols = [Column("Process"), Column("Risk"), Column("Nivå vid senaste bedömningen"), Column("Bedömd år"),
            Column("Källa")]
    return table(caption(f"Risker som inte är omprövade {as_of.year}: {len(found)}", as_of), cols, rows,
                 empty=f"Alla risker är omprövade {as_of.year}.")
