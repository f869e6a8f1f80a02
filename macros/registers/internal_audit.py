"""The internal audit programme of the LIS (ISO/IEC 27001 9.2, data/internrevision.yaml) and its findings.

One set of columns for the programme, the findings, what is late, the management review's input d3 and
the export, which has a row per finding (an audit not held, or held without findings, has one row).
A row is an audit with one of its findings, so every column reads its value by dotted YAML key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from .. import internal_audit as ia
from .. import models as m
from .. import pages
from ..catalogue import PAGES, DataFile, Entries, Export, Reference, Register
from ..columns import OWN_STAMP, Column, Table, stamp_columns
from ..documents import GoverningDoc, title_of
from ..handbook import Handbook
from ..render import iso, link, relative_href, text
from ..review import action_state
from .actions import ACTIONS
from .organisation import ROLES


class AuditRow(BaseModel):
    """One audit with one of its findings; an audit not held, or held without findings, has none."""

    model_config = ConfigDict(frozen=True)
    audit: m.InternalAudit = Field(alias="revision")
    finding: m.AuditFinding | None = Field(None, alias="iakttagelse")


@dataclass(frozen=True)
class AuditContext:
    """The reference date, the programme's version (stamped on exported rows) and what the cells look up."""

    as_of: date
    version: str
    hb: Handbook
    actions: dict[str, m.Action]
    docs: Sequence[GoverningDoc] = ()  # for the titles of the audited routines
    page_src: str = ""
    findings: dict[str, list[ia.Finding]] = field(default_factory=dict)  # by audit id: held audits' findings
    titles: Mapping[str, str] | None = None  # the titles of pages that are not governing documents


def _name(audit: m.InternalAudit) -> str:
    return f"{audit.name} (exempeldata)" if audit.example else audit.name


def _scope(r: AuditRow, x: AuditContext) -> Markup:
    audit = r.audit
    parts = [text(audit.scope)]
    if audit.nis2:
        parts.append(text("Punkter i 2 kap. 3 §: " + ", ".join(str(p) for p in audit.nis2)))
    if audit.controls:
        parts.append(text("Kontroller: " + ", ".join(audit.controls)))
    if audit.routines:
        links = Markup(", ").join(link(relative_href(x.page_src, p), title_of(p, x.docs, x.titles))
                                   for p in audit.routines)
        parts.append(Markup("Rutiner: ") + links)
    return Markup("<br>").join(parts)


def _auditor(r: AuditRow, x: AuditContext) -> str:
    role = x.hb.role(r.audit.auditor).name
    return f"{role} ({r.audit.auditor_name})" if r.audit.auditor_name else role


def _actions(r: AuditRow, x: AuditContext) -> str:
    ids = r.finding.actions if r.finding else []
    return "; ".join(f"{i} ({action_state(x.actions[i], x.as_of).value})" for i in ids) or "–"


def _held(r: AuditRow, x: AuditContext) -> object:
    held = r.audit.held
    return iso(held if held and held <= x.as_of else None)


def _finding_state(r: AuditRow, x: AuditContext) -> str | None:
    return ia.finding_state(r.finding, x.actions, x.as_of).value if r.finding else None


AuditColumn = Column[AuditRow, AuditContext]
AUDIT_ID = AuditColumn("Revision", "revision.id", page="Id")
NAME = AuditColumn("Namn", "revision.namn", page="Revision", cell=lambda r, x: _name(r.audit))
SCOPE = AuditColumn("Omfattning", "revision.omfattning", page="")
RESPONSIBLE = AuditColumn("Ansvariga", "revision.ansvariga", page="Ansvariga för området",
                          cell=lambda r, x: ", ".join(x.hb.role(i).name for i in r.audit.responsible))
AUDITOR = AuditColumn("Revisor", "revision.revisor", page="", cell=_auditor)
PLANNED = AuditColumn("Planerad", "revision.planerad", page="", cell=lambda r, x: iso(r.audit.planned))
HELD = AuditColumn("Genomförd", "revision.genomförd", page="", cell=_held)
FINDING_ID = AuditColumn("Iakttagelse", "iakttagelse.id", page="Id")
KIND = AuditColumn("Typ", "iakttagelse.typ", page="")
DESCRIPTION = AuditColumn("Beskrivning", "iakttagelse.beskrivning", page="Iakttagelse")
ACTIONS_COLUMN = AuditColumn("Åtgärder", "iakttagelse.åtgärder", page="Korrigerande åtgärder", cell=_actions)
DUE = AuditColumn("Senast", "iakttagelse.senast", page="",
                  cell=lambda r, x: iso(r.finding.due if r.finding else None))
AUDIT_STATE = AuditColumn("Revisionens status", export=lambda r, x: ia.audit_state(r.audit, x.as_of).value,
                          page="Status")
FINDING_STATE = AuditColumn("Iakttagelsens status", export=_finding_state, page="Status")

AUDIT_COLUMNS: tuple[AuditColumn, ...] = (
    AUDIT_ID, NAME, SCOPE,
    AuditColumn("Punkter i 2 kap. 3 §", "revision.nis2_punkter"),
    AuditColumn("Kontroller", "revision.kontroller"),
    AuditColumn("Rutiner", "revision.rutiner"),
    RESPONSIBLE, AUDITOR,
    AuditColumn("Revisorns funktion", "revision.revisor_funktion"),
    PLANNED, HELD,
    AuditColumn("Exempel", "revision.exempel"),
    FINDING_ID, KIND, DESCRIPTION, ACTIONS_COLUMN, DUE, AUDIT_STATE, FINDING_STATE,
    *stamp_columns(OWN_STAMP),
)

_FINDINGS = AuditColumn("Iakttagelser", page="", cell=lambda r, x: ia.kind_counts(x.findings.get(r.audit.id, [])))
# The programme on Uppföljning > Internrevision (one row per audit): its scope with links to the routines.
PROGRAMME_COLUMNS = (AUDIT_ID, NAME, AuditColumn("Omfattning", page="", cell=_scope), RESPONSIBLE, AUDITOR, PLANNED,
                     HELD, AUDIT_STATE, _FINDINGS)
# The findings (one row per finding), late audits, and the management review's input d3.
FINDING_COLUMNS = (FINDING_ID, NAME, KIND, DESCRIPTION, ACTIONS_COLUMN, DUE, FINDING_STATE)
LATE_COLUMNS = (AUDIT_ID, NAME, AUDITOR, PLANNED,
                AuditColumn("Dagar sedan planerat datum", page="", numeric=True,
                            cell=lambda r, x: (x.as_of - r.audit.planned).days))
REVIEW_COLUMNS = (NAME, SCOPE, AUDITOR, PLANNED, HELD, AUDIT_STATE, _FINDINGS)


def audit_rows(programme: m.InternalAuditFile, as_of: date) -> list[AuditRow]:
    """Per audit in file order: a row per finding once it is held, else (or without findings) one row."""
    rows = []
    for audit in programme.audits:
        held = audit.held is not None and audit.held <= as_of
        for f in audit.findings if held else []:
            rows.append(AuditRow.model_validate({"revision": audit, "iakttagelse": f}))
        if not held or not audit.findings:
            rows.append(AuditRow.model_validate({"revision": audit}))
    return rows


def rows_of(audits: Iterable[m.InternalAudit]) -> tuple[AuditRow, ...]:
    """One row per audit, without its findings (the programme, the late audits)."""
    return tuple(AuditRow.model_validate({"revision": a}) for a in audits)


def finding_rows(found: Iterable[ia.Finding]) -> tuple[AuditRow, ...]:
    return tuple(AuditRow.model_validate({"revision": f.audit, "iakttagelse": f.finding}) for f in found)


def audit_table(hb: Handbook, as_of: date, rows: Iterable[AuditRow] | None = None, docs: Sequence[GoverningDoc] = (),
                page_src: str = "", titles: Mapping[str, str] | None = None) -> Table[AuditRow, AuditContext]:
    """The programme's rows (the export's, a row per finding, unless others are given)."""
    programme = hb.internal_audits
    found: dict[str, list[ia.Finding]] = {}
    for f in ia.findings(hb, as_of):
        found.setdefault(f.audit.id, []).append(f)
    if rows is None:
        rows = audit_rows(programme, as_of) if programme else ()
    return Table(AUDIT_COLUMNS, tuple(rows), AuditContext(as_of, programme.version if programme else "", hb,
                                                          {a.id: a for a in hb.actions}, docs, page_src, found, titles))


# --- Nonconformities (ISO/IEC 27001 10.2): those of held audits and those found elsewhere ------------------


@dataclass(frozen=True)
class NonconformityContext:
    as_of: date
    hb: Handbook
    actions: dict[str, m.Action]


NcColumn = Column[ia.Nonconformity, NonconformityContext]
NONCONFORMITY_COLUMNS: tuple[NcColumn, ...] = (
    NcColumn("Id", export=lambda n, x: n.id, page=""),
    NcColumn("Upptäckt", export=lambda n, x: n.found, page="", cell=lambda n, x: iso(n.found)),
    NcColumn("Källa", export=lambda n, x: n.source, page=""),
    NcColumn("Avvikelse", export=lambda n, x: f"{n.text} (exempeldata)" if n.example else n.text, page=""),
    NcColumn("Krav", export=lambda n, x: n.requirement, page=""),
    NcColumn("Orsak", export=lambda n, x: n.cause, page=""),
    NcColumn("Korrigerande åtgärder", page="", cell=lambda n, x: "; ".join(
        f"{i} ({action_state(x.actions[i], x.as_of).value})" for i in n.actions) or "–"),
    NcColumn("Senast", export=lambda n, x: n.due, page="", cell=lambda n, x: iso(n.due)),
    NcColumn("Verkan kontrollerad", page="", cell=lambda n, x: (
        f"{iso(n.effect.checked)}: {n.effect.result}" if n.effect and n.effect.checked <= x.as_of else "–")),
    NcColumn("Status", export=lambda n, x: n.state.value, page=""),
)


def nonconformity_table(hb: Handbook, as_of: date, rows: Iterable[ia.Nonconformity]) -> Table[
        ia.Nonconformity, NonconformityContext]:
    return Table(NONCONFORMITY_COLUMNS, tuple(rows), NonconformityContext(as_of, hb, {a.id: a for a in hb.actions}))


def _auditor_owns_routine(hb: Handbook, docs: Sequence[GoverningDoc]) -> list[tuple[tuple[Any, ...], str]]:
    """An audited routine must not be owned by the auditor (independence, ISO/IEC 27001 9.2)."""
    owners = {d.src_path: d.meta.owner for d in docs}
    return [(("revisioner", i, "rutiner", j), f'revisorn "{audit.auditor}" äger styrdokumentet "{page}"; välj en '
                                              "revisor som är oberoende av området (ISO/IEC 27001 9.2)")
            for i, audit in enumerate(ia.audits(hb)) for j, page in enumerate(audit.routines)
            if owners.get(page) == audit.auditor]


REGISTER = Register(
    DataFile(ia.AUDIT_FILE, m.InternalAuditFile,
             "Internrevision av LIS (ISO/IEC 27001 9.2): revisionsprogram och iakttagelser",
             "Uppföljning > Internrevision av LIS, under Att göra och i kalenderfilerna, i ledningens genomgång "
             "(indata d1 och d3, skilt från stadsrevisionens granskningar i granskningar.yaml) och i lis export",
             (Entries("revisioner", "revision", unique="id"), Entries("iakttagelser", "iakttagelse"),
              Entries("avvikelser", "avvikelse")),
             (Reference("revisioner.*.ansvariga", *ROLES), Reference("revisioner.*.revisor", *ROLES),
              Reference("revisioner.*.iakttagelser.*.åtgärder", *ACTIONS),
              Reference("avvikelser.*.åtgärder", *ACTIONS),
              Reference("revisioner.*.rutiner", PAGES,
                        hint="ange sökvägen till en befintlig rutin, till exempel rutiner/incidenthantering.md")),
             optional=True, handbook={"internal_audits": None}, page_checks=_auditor_owns_routine, item_pages=False,
             about=("Revisionsprogrammet för internrevision av LIS (ISO/IEC 27001 avsnitt 9.2): revisioner med "
                    "omfattning, oberoende revisor, datum och iakttagelser med korrigerande åtgärder. Se [Föra in en"
                    " internrevision](internrevision.md).")),
    lambda scope: audit_table(scope.hb, scope.as_of, docs=scope.docs, page_src=scope.page_src,
                              titles=scope.titles),
    Export("internrevision", "Internrevision", "internrevisionen",
           lambda scope, table: f"Internrevisionen av LIS (ISO/IEC 27001 9.2): {len(table)} rader med revisioner, "
                                "revisor, iakttagelser och deras åtgärder och status.", in_supervision=True, order=60),
    pages=(pages.INTERNAL_AUDIT,),
    search_excluded=True,
)
