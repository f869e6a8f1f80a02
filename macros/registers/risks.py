"""The risk register (data/risker.yaml): every year's assessments, with owner, treatment and residual level.

One column spec for the register's page table (Riskhantering, one year), the management review's table
(input f), the list of risks not reassessed, and the export; each shows some of the columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from .. import models as m
from .. import review as rv
from .. import riskmethod as rm
from ..catalogue import DataFile, Entries, Export, Reference, Register, Scope
from ..columns import HANDBOOK_STAMP, Column, Table, stamp_columns
from ..handbook import Handbook
from ..render import ja_nej
from .actions import ACTIONS
from .organisation import ROLES

PAGE = "rutiner/riskhantering.md"


@dataclass(frozen=True)
class RiskContext:
    """The reference date, the edition stamped on exported rows, and what the cells look up."""

    as_of: date
    version: str
    hb: Handbook
    actions: dict[str, m.Action]
    risks: tuple[m.Risk, ...]  # every year's assessments, for whether one is superseded
    states: dict[str, str] = field(default_factory=dict)  # a review's reassessment state by risk id


def reassessment(risk: m.Risk, risks: Iterable[m.Risk], as_of: date) -> str:
    """Whether an assessment is the current one for `as_of`'s year (same source and process), in Swedish."""
    if risk.closed is not None:
        return f"avslutad {risk.closed.date} ({risk.closed.decision})"
    later = [r.year for r in risks if (r.source, r.process) == (risk.source, risk.process)
             and risk.year < r.year <= as_of.year]
    if later:
        return f"ersatt av bedömningen {max(later)}"
    if risk.year > as_of.year:
        return f"gäller från {risk.year}"
    return f"omprövad {risk.year}" if risk.year == as_of.year else f"ska omprövas {as_of.year}"


def _role(role_id: str | None, x: RiskContext) -> str | None:
    return x.hb.role(role_id).name if role_id else None


def _linked_actions(r: m.Risk, x: RiskContext) -> str:
    return "; ".join(f"{i} ({rv.action_state(x.actions[i], x.as_of).value})" for i in r.actions) or "–"


def _concerns(r: m.Risk, x: RiskContext) -> str:
    """The systems (with their classification) and the information the risk concerns (6.1.2 c)."""
    systems = {s.id: s for s in x.hb.systems}
    named = [_system_with_levels(systems[i]) for i in r.systems if i in systems]
    return "; ".join([*named, *([r.assets] if r.assets else [])])


def _system_with_levels(s: m.System) -> str:
    c = s.classification
    if c is None:
        return f"{s.name} (inte klassat)"
    levels = " ".join(f"{code}{value}" for code in "KRT" if (value := c.level(code)) is not None)
    return f"{s.name} ({levels})"


def _treatment_state(r: m.Risk, x: RiskContext) -> str:
    return "avslutad" if r.closed is not None else rv.treatment_state(r, x.actions, x.as_of).value


RiskColumn = Column[m.Risk, RiskContext]
YEAR = RiskColumn("Bedömd år", "år")
PROCESS = RiskColumn("Process", "process", page="")
RISK = RiskColumn("Risk", "risk", page="")
LEVEL = RiskColumn("Nivå", "nivå", page="")
OWNER = RiskColumn("Ägare", export=lambda r, x: _role(r.owner, x), page="", cell=lambda r, x: _role(r.owner, x) or "–")
CONCERNS = RiskColumn("Gäller", export=lambda r, x: _concerns(r, x), page="")
CONTROLS = RiskColumn("Kontroller", "kontroller", page="", cell=lambda r, x: ", ".join(r.controls) or "–")
TREATMENT = RiskColumn("Behandling", "behandling", page="")
TREATMENT_STATE = RiskColumn("Behandlingen", export=_treatment_state, page="")
RESIDUAL = RiskColumn("Kvarvarande nivå", export=lambda r, x: r.residual.value if r.residual else "ej bedömd",
                      page="Kvarvarande risk")
SOURCE = RiskColumn("Källa", export=lambda r, x: r.source_label, page="")
IN_IKP = RiskColumn("I internkontrollplanen", "i_ikp")
ORIGIN = RiskColumn("Ursprung", "ursprung")


def _acceptance(r: m.Risk, x: RiskContext) -> str:
    if x.hb.risk_method is None:
        return _role(r.accepted_by, x) or "–"
    return rm.acceptance_note(x.hb, rm.method_of(x.hb), r)


ACCEPTANCE = RiskColumn("Acceptans", export=_acceptance, page="")
REASSESSMENT = RiskColumn("Omprövning", export=lambda r, x: x.states.get(r.id) or reassessment(r, x.risks, x.as_of))

RISK_COLUMNS: tuple[RiskColumn, ...] = (
    RiskColumn("Id", "id"),
    YEAR, PROCESS, RISK, LEVEL,
    RiskColumn("Sannolikhet × konsekvens", page="",
               cell=lambda r, x: f"{r.likelihood} × {r.consequence}" if r.likelihood and r.consequence else "–"),
    RiskColumn("Sannolikhet", "sannolikhet"),
    RiskColumn("Konsekvens", "konsekvens"),
    OWNER, CONCERNS, CONTROLS, TREATMENT,
    RiskColumn("Åtgärder", "åtgärder", page="", cell=_linked_actions),
    TREATMENT_STATE, RESIDUAL,
    RiskColumn("Accepterad av", export=lambda r, x: _role(r.accepted_by, x)),
    RiskColumn("Accepterad", "accepterad"),
    RiskColumn("Beslut", "beslut"),
    ACCEPTANCE,
    SOURCE, IN_IKP,
    REASSESSMENT,
    ORIGIN,
    *stamp_columns(HANDBOOK_STAMP),
)


def _scored(r: m.Risk, x: RiskContext) -> str:
    return rm.scored_level(rm.method_of(x.hb), r)


_ACTIONS_AND_STATE = RiskColumn("Åtgärder och status", page="", cell=lambda r, x: "; ".join(
    f"{x.actions[i].what.rstrip('.')} ({rv.action_state(x.actions[i], x.as_of).value})" for i in r.actions) or "–")
_IKP = replace(IN_IKP, page="I IKP", cell=lambda r, x: ja_nej(r.in_ikp))
_MIDDLE = (_IKP, TREATMENT, _ACTIONS_AND_STATE, TREATMENT_STATE)
# The management review's input f, without and with data/riskmetod.yaml; every open risk shows whether it
# was reassessed this year, so one that was not never silently leaves the review.
REVIEW_COLUMNS = (PROCESS, RISK, LEVEL, *_MIDDLE, replace(REASSESSMENT, page=""), SOURCE, replace(ORIGIN, page=""))
REVIEW_COLUMNS_WITH_METHOD = (
    PROCESS, RISK, OWNER, RiskColumn("Nivå (sannolikhet × konsekvens)", page="", cell=_scored), *_MIDDLE,
    replace(RESIDUAL, page="Kvarvarande nivå"), ACCEPTANCE, replace(REASSESSMENT, page=""), SOURCE,
    replace(ORIGIN, page=""))
# Risks whose latest assessment is from an earlier year.
STALE_COLUMNS = (PROCESS, RISK, replace(LEVEL, page="Nivå vid senaste bedömningen"), replace(YEAR, page=""), SOURCE)
# This year's risks waiting for a decision or for their first action.
DECISION_COLUMNS = (PROCESS, RISK, replace(LEVEL, page="Nivå"), OWNER, ACCEPTANCE, _ACTIONS_AND_STATE)


def risk_table(hb: Handbook, as_of: date, version: str = "", risks: Iterable[m.Risk] | None = None,
               states: dict[str, str] | None = None) -> Table[m.Risk, RiskContext]:
    """The risk register: every year's assessments in file order, unless `risks` says which."""
    return Table(RISK_COLUMNS, tuple(hb.risks if risks is None else risks),
                 RiskContext(as_of, version, hb, {a.id: a for a in hb.actions}, tuple(hb.risks), dict(states or {})))


def _what(scope: Scope, table: Table[m.Risk, RiskContext]) -> str:
    return (f"Riskregistret: {len(table)} riskbedömningar (alla år) med ägare, vad risken gäller (system med "
            "klassning eller tillgångar), kontroller i bilaga A, sannolikhet, konsekvens, nivå, behandling, åtgärder, "
            "kvarvarande nivå och vem som accepterat den, när och genom vilket beslut.")


REGISTER = Register(
    DataFile("risker.yaml", m.RisksFile, "Risker och riskbehandling",
             "Ledningens genomgång (indata f) och Riskhantering",
             (Entries("risker", "risk", unique="id"),),
             (Reference("risker.*.åtgärder", *ACTIONS), Reference("risker.*.ägare", *ROLES),
              Reference("risker.*.accepterad_av", *ROLES), Reference("risker.*.system", "system.yaml", "system")),
             handbook={"risks": "risks"}, item_pages=False,
             about=("Riskerna, år för år, med bedömning, ägare och behandling. Underlag för ledningens genomgång, se"
                    " [Förbereda ledningens genomgång](ledningens-genomgang.md).")),
    lambda scope: risk_table(scope.hb, scope.as_of, scope.version),
    Export("riskregister", "Riskregister", "riskregistret", _what,
           source=lambda hb: "data/risker.yaml" + (", bedömda enligt data/riskmetod.yaml" if hb.risk_method else ""),
           in_supervision=True, order=30),
    pages=(PAGE,),
    search_excluded=True,
)
