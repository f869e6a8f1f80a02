"""Internal audit of the LIS (ISO/IEC 27001 9.2, data/internrevision.yaml): what is held, late or overdue. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import models as m
from .errors import UserError
from .handbook import Handbook
from .review import ActionState, action_state

AUDIT_FILE = "internrevision.yaml"


def programme_of(hb: Handbook) -> m.InternalAuditFile:
    if hb.internal_audits is None:
        raise UserError(f"data/{AUDIT_FILE} saknas; lägg till filen (se Om handboken) för att visa "
                        "revisionsprogrammet")
    return hb.internal_audits


def audits(hb: Handbook) -> tuple[m.InternalAudit, ...]:
    """The programme's audits, or none when the optional file is missing."""
    return tuple(hb.internal_audits.audits) if hb.internal_audits else ()


class AuditState(StrEnum):
    HELD = "genomförd"
    LATE = "försenad"
    PLANNED = "planerad"


def audit_state(audit: m.InternalAudit, as_of: date) -> AuditState:
    """Held once its held date has come; late when the planned date has passed without it."""
    if audit.held is not None and audit.held <= as_of:
        return AuditState.HELD
    return AuditState.LATE if audit.planned < as_of else AuditState.PLANNED


class FindingState(StrEnum):
    DONE = "åtgärdad"
    UNCHECKED = "åtgärder klara, verkan inte kontrollerad"
    OVERDUE = "försenad"
    OPEN = "öppen"
    NO_ACTION = "ingen åtgärd"


def finding_state(finding: m.AuditFinding | m.Nonconformity, actions: dict[str, m.Action],
                  as_of: date) -> FindingState:
    """Done when all its actions are done and, for a nonconformity, their effect is checked (ISO/IEC 27001
    10.2); overdue when its due date has passed before that."""
    if not finding.actions:
        return FindingState.NO_ACTION
    nonconformity = isinstance(finding, m.Nonconformity) or finding.kind is m.FindingKind.NONCONFORMITY
    checked = finding.effect is not None and finding.effect.checked <= as_of
    if all(action_state(actions[i], as_of) is ActionState.DONE for i in finding.actions):
        if checked or not nonconformity:
            return FindingState.DONE
        return FindingState.OVERDUE if finding.due is not None and finding.due < as_of else FindingState.UNCHECKED
    if finding.due is not None and finding.due < as_of:
        return FindingState.OVERDUE
    return FindingState.OPEN


OPEN_STATES = (FindingState.OPEN, FindingState.OVERDUE, FindingState.UNCHECKED)


@dataclass(frozen=True)
class Finding:
    audit: m.InternalAudit
    finding: m.AuditFinding
    state: FindingState


def findings(hb: Handbook, as_of: date) -> list[Finding]:
    """Every finding of the audits held by `as_of`, in programme order."""
    actions = {a.id: a for a in hb.actions}
    return [Finding(a, f, finding_state(f, actions, as_of))
            for a in audits(hb) if a.held is not None and a.held <= as_of for f in a.findings]


ISO_CLAUSES = tuple(range(4, 11))  # the management system's requirements, clauses 4–10 of ISO/IEC 27001


@dataclass(frozen=True)
class Coverage:
    """What the whole programme covers over its years: a programme must reach every clause and control."""

    clauses: tuple[int, ...]  # clauses 4–10 some audit covers
    missing_clauses: tuple[int, ...]
    controls: int  # annex A controls some audit covers
    missing_controls: tuple[str, ...]


def coverage(hb: Handbook) -> Coverage:
    audits_ = audits(hb)
    clauses = {c for a in audits_ for c in a.clauses}
    controls = {c for a in audits_ for c in a.controls}
    return Coverage(tuple(sorted(clauses)), tuple(c for c in ISO_CLAUSES if c not in clauses),
                    len(controls & set(m.ANNEX_A)), tuple(c for c in m.ANNEX_A if c not in controls))


def late_audits(hb: Handbook, as_of: date) -> list[m.InternalAudit]:
    return [a for a in audits(hb) if audit_state(a, as_of) is AuditState.LATE]


def overdue_findings(hb: Handbook, as_of: date) -> list[Finding]:
    return [f for f in findings(hb, as_of) if f.state is FindingState.OVERDUE]


def scheduled(hb: Handbook, as_of: date) -> tuple[list[m.InternalAudit], list[Finding]]:
    """What the calendar feeds carry: audits not yet held, and open findings with a due date."""
    open_findings = [f for f in findings(hb, as_of) if f.state in OPEN_STATES and f.finding.due is not None]
    return [a for a in audits(hb) if audit_state(a, as_of) is not AuditState.HELD], open_findings


def in_review_year(hb: Handbook, year: int, as_of: date) -> list[m.InternalAudit]:
    """Input d3: the audits planned or held in the review year, as known on `as_of`."""
    def year_of(a: m.InternalAudit) -> int:
        return a.held.year if a.held is not None and a.held <= as_of else a.planned.year
    return sorted((a for a in audits(hb) if year_of(a) == year), key=lambda a: (a.held or a.planned, a.id))


def review_findings(hb: Handbook, year: int, as_of: date) -> list[Finding]:
    """Input d3: findings of audits held in the review year, and older findings still not closed."""
    result = []
    for f in findings(hb, as_of):
        held = f.audit.held
        assert held is not None  # findings() only returns held audits
        if held.year == year or (held.year < year and f.state in OPEN_STATES):
            result.append(f)
    return result


PLURALS = {m.FindingKind.NONCONFORMITY: "avvikelser", m.FindingKind.OBSERVATION: "observationer",
           m.FindingKind.IMPROVEMENT: "förbättringsförslag"}


def kind_counts(items: Iterable[Finding]) -> str:
    """'2 avvikelser, 1 observation', or 'inga iakttagelser'."""
    kinds = [f.finding.kind for f in items]
    counts = [(kinds.count(k), k) for k in m.FindingKind]
    return ", ".join(f"{n} {k.value if n == 1 else PLURALS[k]}" for n, k in counts if n) or "inga iakttagelser"


# --- Nonconformities found outside an audit (ISO/IEC 27001 10.2) -------------------------------------------


@dataclass(frozen=True)
class Nonconformity:
    """A nonconformity with where it was found: an audit's finding of kind avvikelse, or one found elsewhere."""

    id: str
    found: date
    source: str
    text: str
    requirement: str | None
    cause: str | None
    actions: tuple[str, ...]
    due: date | None
    effect: m.EffectivenessCheck | None
    state: FindingState
    example: bool


def nonconformities(hb: Handbook, as_of: date) -> list[Nonconformity]:
    """Every nonconformity known on `as_of`: those of held audits and those found elsewhere, oldest first."""
    actions = {a.id: a for a in hb.actions}
    result = [Nonconformity(f.finding.id, f.audit.held or f.audit.planned, f"Internrevision: {f.audit.name}",
                            f.finding.text, None, f.finding.cause, tuple(f.finding.actions), f.finding.due,
                            f.finding.effect, f.state, f.audit.example)
              for f in findings(hb, as_of) if f.finding.kind is m.FindingKind.NONCONFORMITY]
    others = hb.internal_audits.nonconformities if hb.internal_audits else []
    result += [Nonconformity(n.id, n.found, n.source, n.text, n.requirement, n.cause, tuple(n.actions), n.due,
                             n.effect, finding_state(n, actions, as_of), n.example)
               for n in others if n.found <= as_of]
    return sorted(result, key=lambda n: (n.found, n.id))


def review_nonconformities(hb: Handbook, year: int, as_of: date) -> list[Nonconformity]:
    """Input d1: nonconformities found in the review year, and older ones not yet closed."""
    return [n for n in nonconformities(hb, as_of)
            if n.found.year == year or (n.found.year < year and n.state in OPEN_STATES)]
