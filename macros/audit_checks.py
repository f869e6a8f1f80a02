"""Cross-reference checks of the internal audit programme and the exercises (one call from crossref).

The reporter is crossref's: `add(file, location, message)` points the message at the YAML line.
"""

from __future__ import annotations

from typing import Any, Protocol

from . import models as m
from .handbook import Handbook

AUDIT_FILE = "internrevision.yaml"
EXERCISE_FILE = "ovningar.yaml"


class Reporter(Protocol):
    def add(self, file: str, loc: tuple[Any, ...], message: str) -> None: ...


def check(rep: Reporter, hb: Handbook) -> None:
    """Both optional files, when present."""
    if hb.internal_audits is not None:
        _check_audits(rep, hb, hb.internal_audits)
    if hb.exercises is not None:
        _check_exercises(rep, hb, hb.exercises)


def _unique(rep: Reporter, file: str, locs: list[tuple[tuple[Any, ...], str]]) -> None:
    seen: set[str] = set()
    for loc, value in locs:
        if value in seen:
            rep.add(file, loc, f'id "{value}" används redan av en tidigare post; varje post måste ha ett eget')
        seen.add(value)


def _roles(rep: Reporter, file: str, loc: tuple[Any, ...], refs: list[str], roles: set[str]) -> None:
    for j, ref in enumerate(refs):
        if ref not in roles:
            rep.add(file, (*loc, j), f'okänd roll "{ref}". Kända roller: {", ".join(sorted(roles))}.')


def _actions(rep: Reporter, file: str, loc: tuple[Any, ...], refs: list[str], known: set[str]) -> None:
    for j, ref in enumerate(refs):
        if ref not in known:
            rep.add(file, (*loc, j), f'okänd åtgärd "{ref}"; åtgärder finns i data/atgarder.yaml')


def _check_audits(rep: Reporter, hb: Handbook, data: m.InternalAuditFile) -> None:
    file = AUDIT_FILE
    roles = {r.id for r in hb.organisation.roles}
    actions = {a.id for a in hb.actions}
    soa_owners = {c.control: c.owner for c in hb.soa.controls} if hb.soa else None
    _unique(rep, file, [(("revisioner", i, "iakttagelser", j, "id"), f.id)
                        for i, a in enumerate(data.audits) for j, f in enumerate(a.findings)])
    for i, audit in enumerate(data.audits):
        at = ("revisioner", i)
        _roles(rep, file, (*at, "ansvariga"), audit.responsible, roles)
        if audit.auditor not in roles:
            rep.add(file, (*at, "revisor"), f'okänd roll "{audit.auditor}". Kända roller: {", ".join(sorted(roles))}.')
        elif audit.auditor in audit.responsible:
            rep.add(file, (*at, "revisor"),
                    f'revisorn "{audit.auditor}" ansvarar själv för det granskade området (ansvariga); '
                    "välj en revisor som är oberoende av området (ISO/IEC 27001 9.2)")
        for j, control in enumerate(audit.controls):
            _check_control(rep, (*at, "kontroller", j), control, audit.auditor, soa_owners)
        if audit.findings and audit.held is None:
            rep.add(file, (*at, "iakttagelser"),
                    "en revision som inte är genomförd kan inte ha iakttagelser; ange genomförd (datum)")
        for j, finding in enumerate(audit.findings):
            _check_finding(rep, (*at, "iakttagelser", j), finding, audit, actions)


def _check_control(rep: Reporter, loc: tuple[Any, ...], control: str, auditor: str,
                   soa_owners: dict[str, str] | None) -> None:
    if control not in m.ANNEX_A:
        rep.add(AUDIT_FILE, loc, f'okänd kontroll "{control}"; bilaga A i ISO/IEC 27001:2022 har A.5.1–A.5.37, '
                                 "A.6.1–A.6.8, A.7.1–A.7.14 och A.8.1–A.8.34")
    elif soa_owners is not None and soa_owners.get(control) == auditor:
        rep.add(AUDIT_FILE, loc,
                f'revisorn "{auditor}" äger kontrollen {control} i data/tillamplighet.yaml; välj en revisor '
                "som är oberoende av området (ISO/IEC 27001 9.2)")


def _check_finding(rep: Reporter, loc: tuple[Any, ...], finding: m.AuditFinding, audit: m.InternalAudit,
                   actions: set[str]) -> None:
    _actions(rep, AUDIT_FILE, (*loc, "åtgärder"), finding.actions, actions)
    if finding.kind is m.FindingKind.NONCONFORMITY and not finding.actions:
        rep.add(AUDIT_FILE, (*loc, "åtgärder"),
                "en avvikelse kräver minst en korrigerande åtgärd (id i data/atgarder.yaml)")
    if finding.actions and finding.due is None:
        rep.add(AUDIT_FILE, (*loc, "senast"), "en iakttagelse med åtgärder ska ha ett datum: senast")
    if finding.due is not None and audit.held is not None and finding.due < audit.held:
        rep.add(AUDIT_FILE, (*loc, "senast"),
                f"datumet ({finding.due}) ligger före dagen då revisionen genomfördes ({audit.held})")


def _check_exercises(rep: Reporter, hb: Handbook, data: m.ExercisesFile) -> None:
    file = EXERCISE_FILE
    roles = {r.id for r in hb.organisation.roles}
    systems = {s.id for s in hb.systems}
    actions = {a.id for a in hb.actions}
    for i, exercise in enumerate(data.exercises):
        at = ("övningar", i)
        _roles(rep, file, (*at, "deltagare"), exercise.participants, roles)
        for j, ref in enumerate(exercise.systems):
            if ref not in systems:
                rep.add(file, (*at, "system", j), f'okänt system "{ref}"; system finns i data/system.yaml')
        _actions(rep, file, (*at, "åtgärder"), exercise.actions, actions)
