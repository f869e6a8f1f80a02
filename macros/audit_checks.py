"""Domain checks of the internal audit programme (one call from crossref): independence and findings.

The reporter is crossref's: `add(file, location, message)` points the message at the YAML line. Known
roles and actions are declared references (macros/registers/internal_audit.py), checked by crossref.
"""

from __future__ import annotations

from typing import Any, Protocol

from . import models as m
from .handbook import Handbook

AUDIT_FILE = "internrevision.yaml"


class Reporter(Protocol):
    def add(self, file: str, loc: tuple[Any, ...], message: str) -> None: ...


def check(rep: Reporter, hb: Handbook) -> None:
    """The optional file, when present."""
    if hb.internal_audits is not None:
        _check_audits(rep, hb, hb.internal_audits)


def _unique(rep: Reporter, file: str, locs: list[tuple[tuple[Any, ...], str]]) -> None:
    seen: set[str] = set()
    for loc, value in locs:
        if value in seen:
            rep.add(file, loc, f'id "{value}" används redan av en tidigare post; varje post måste ha ett eget')
        seen.add(value)


def _check_audits(rep: Reporter, hb: Handbook, data: m.InternalAuditFile) -> None:
    file = AUDIT_FILE
    roles = {r.id for r in hb.organisation.roles}
    soa_owners = {c.control: c.owner for c in hb.soa.controls} if hb.soa else None
    _unique(rep, file, [(("revisioner", i, "iakttagelser", j, "id"), f.id)
                        for i, a in enumerate(data.audits) for j, f in enumerate(a.findings)]
            + [(("avvikelser", i, "id"), n.id) for i, n in enumerate(data.nonconformities)])
    for i, n in enumerate(data.nonconformities):
        if n.due < n.found:
            rep.add(file, ("avvikelser", i, "senast"), f"datumet ({n.due}) ligger före dagen då avvikelsen "
                                                       f"upptäcktes ({n.found})")
        if n.effect is not None and n.effect.checked < n.found:
            rep.add(file, ("avvikelser", i, "verkan", "kontrollerad"),
                    f"verkan kan inte ha kontrollerats ({n.effect.checked}) innan avvikelsen upptäcktes ({n.found})")
    for i, audit in enumerate(data.audits):
        at = ("revisioner", i)
        if audit.auditor in roles and audit.auditor in audit.responsible:  # an unknown role is named elsewhere
            rep.add(file, (*at, "revisor"),
                    f'revisorn "{audit.auditor}" ansvarar själv för det granskade området (ansvariga); '
                    "välj en revisor som är oberoende av området (ISO/IEC 27001 9.2)")
        reports = _reports_made_by(hb, audit.auditor) if _covers_incident_reporting(audit) else []
        if reports:
            rep.add(file, (*at, "revisor"),
                    f'revisorn "{audit.auditor}" lämnar själv rapporter om incidenter ({", ".join(reports)} i '
                    "data/organisation.yaml) och kan inte granska incidentrapporteringen; välj en revisor som är "
                    "oberoende av processen (ISO/IEC 27001 9.2)")
        for j, control in enumerate(audit.controls):
            _check_control(rep, (*at, "kontroller", j), control, audit.auditor, soa_owners)
        if audit.findings and audit.held is None:
            rep.add(file, (*at, "iakttagelser"),
                    "en revision som inte är genomförd kan inte ha iakttagelser; ange genomförd (datum)")
        for j, finding in enumerate(audit.findings):
            _check_finding(rep, (*at, "iakttagelser", j), finding, audit)


# An audit of incident handling and reporting: point 2 of 2 kap. 3 § cybersäkerhetslagen, or the annex A
# controls for incident management (A.5.24–A.5.28) and event reporting (A.6.8).
INCIDENT_POINT = 2
INCIDENT_CONTROLS = frozenset({"A.5.24", "A.5.25", "A.5.26", "A.5.27", "A.5.28", "A.6.8"})


def _covers_incident_reporting(audit: m.InternalAudit) -> bool:
    return INCIDENT_POINT in audit.nis2 or not INCIDENT_CONTROLS.isdisjoint(audit.controls)


def _reports_made_by(hb: Handbook, role: str) -> list[str]:
    """The reports (by name) that `role` files with an authority or receives to pass on: it performs the process."""
    return [d.name for d in hb.organisation.deadlines if role in (d.filed_by, d.receiver)]


def _check_control(rep: Reporter, loc: tuple[Any, ...], control: str, auditor: str,
                   soa_owners: dict[str, str] | None) -> None:
    if control not in m.ANNEX_A:
        rep.add(AUDIT_FILE, loc, f'okänd kontroll "{control}"; bilaga A i ISO/IEC 27001:2022 har A.5.1–A.5.37, '
                                 "A.6.1–A.6.8, A.7.1–A.7.14 och A.8.1–A.8.34")
    elif soa_owners is not None and soa_owners.get(control) == auditor:
        rep.add(AUDIT_FILE, loc,
                f'revisorn "{auditor}" äger kontrollen {control} i data/tillamplighet.yaml; välj en revisor '
                "som är oberoende av området (ISO/IEC 27001 9.2)")


def _check_finding(rep: Reporter, loc: tuple[Any, ...], finding: m.AuditFinding, audit: m.InternalAudit) -> None:
    if finding.kind is m.FindingKind.NONCONFORMITY and not finding.actions:
        rep.add(AUDIT_FILE, (*loc, "åtgärder"),
                "en avvikelse kräver minst en korrigerande åtgärd (id i data/atgarder.yaml)")
    if finding.kind is m.FindingKind.NONCONFORMITY and not (finding.cause or "").strip():
        rep.add(AUDIT_FILE, loc, "en avvikelse ska ange orsak: grundorsaken till att kravet inte uppfylls, så att "
                                 "åtgärderna kan hindra att det händer igen (ISO/IEC 27001 10.2)")
    if finding.effect is not None and audit.held is not None and finding.effect.checked < audit.held:
        rep.add(AUDIT_FILE, (*loc, "verkan", "kontrollerad"),
                f"verkan kan inte ha kontrollerats ({finding.effect.checked}) före revisionen ({audit.held})")
    if finding.actions and finding.due is None:
        rep.add(AUDIT_FILE, (*loc, "senast"), "en iakttagelse med åtgärder ska ha ett datum: senast")
    if finding.due is not None and audit.held is not None and finding.due < audit.held:
        rep.add(AUDIT_FILE, (*loc, "senast"),
                f"datumet ({finding.due}) ligger före dagen då revisionen genomfördes ({audit.held})")
