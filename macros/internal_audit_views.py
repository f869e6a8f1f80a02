"""The internal audit programme as tables: the programme, the findings, what is late, and review input d3."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from . import internal_audit as ia
from . import models as m
from . import review_views as lg
from .documents import GoverningDoc
from .law_views import _page_title
from .loader import Handbook
from .render import Column, caption, iso, link, relative_href, table, text
from .review import action_state


def _name(audit: m.InternalAudit) -> str:
    return f"{audit.name} (exempeldata)" if audit.example else audit.name


def _scope(audit: m.InternalAudit, docs: list[GoverningDoc], page_src: str) -> Markup:
    parts = [text(audit.scope)]
    if audit.nis2:
        parts.append(text("Punkter i 2 kap. 3 §: " + ", ".join(str(p) for p in audit.nis2)))
    if audit.controls:
        parts.append(text("Kontroller: " + ", ".join(audit.controls)))
    if audit.routines:
        links = Markup(", ").join(link(relative_href(page_src, p), _page_title(p, docs)) for p in audit.routines)
        parts.append(Markup("Rutiner: ") + links)
    return Markup("<br>").join(parts)


def _auditor(hb: Handbook, audit: m.InternalAudit) -> str:
    role = hb.role(audit.auditor).name
    return f"{role} ({audit.auditor_name})" if audit.auditor_name else role


def _actions(hb: Handbook, ids: list[str], as_of: date) -> str:
    actions = {a.id: a for a in hb.actions}
    return "; ".join(f"{i} ({action_state(actions[i], as_of).value})" for i in ids) or "–"


def programme(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str) -> str:
    """Every audit of the programme with scope, auditor, dates, status and its findings by kind."""
    data = ia.programme_of(hb)
    rows = []
    for a in sorted(data.audits, key=lambda a: (a.planned, a.id)):
        found = [f for f in ia.findings(hb, as_of) if f.audit.id == a.id]
        rows.append((a.id, _name(a), _scope(a, docs, page_src), ", ".join(hb.role(r).name for r in a.responsible),
                     _auditor(hb, a), iso(a.planned), iso(a.held if a.held and a.held <= as_of else None),
                     ia.audit_state(a, as_of).value, ia.kind_counts(found)))
    cols = [Column("Id"), Column("Revision"), Column("Omfattning"), Column("Ansvariga för området"),
            Column("Revisor"), Column("Planerad"), Column("Genomförd"), Column("Status"), Column("Iakttagelser")]
    states = [row[7] for row in rows]
    summary = ", ".join(f"{states.count(s.value)} {s.value}" for s in ia.AuditState if s.value in states)
    return table(caption(f"Revisionsprogram version {data.version}: {len(rows)} revisioner ({summary or 'inga'})",
                         as_of), cols, rows, empty="Revisionsprogrammet har inga revisioner ännu.", sortable=True)


def _finding_rows(hb: Handbook, items: list[ia.Finding], as_of: date) -> list[tuple[object, ...]]:
    return [(f.finding.id, _name(f.audit), f.finding.kind.value, f.finding.text,
             _actions(hb, f.finding.actions, as_of), iso(f.finding.due), f.state.value) for f in items]


_FINDING_COLUMNS = [Column("Id"), Column("Revision"), Column("Typ"), Column("Iakttagelse"),
                    Column("Korrigerande åtgärder"), Column("Senast"), Column("Status")]


def findings(hb: Handbook, as_of: date) -> str:
    """Every finding of the audits held so far, with its corrective actions and their state."""
    ia.programme_of(hb)
    items = ia.findings(hb, as_of)
    return table(caption(f"Iakttagelser: {ia.kind_counts(items)}", as_of), _FINDING_COLUMNS,
                 _finding_rows(hb, items, as_of), empty="Inga iakttagelser från genomförda revisioner.",
                 sortable=True)


def overdue(hb: Handbook, as_of: date) -> str:
    """What is late on the reference date: audits not held as planned, findings past their due date."""
    ia.programme_of(hb)
    late = ia.late_audits(hb, as_of)
    rows = [(a.id, _name(a), _auditor(hb, a), iso(a.planned), (as_of - a.planned).days) for a in late]
    audits_table = table(caption(f"Försenade revisioner: {len(rows)}", as_of),
                         [Column("Id"), Column("Revision"), Column("Revisor"), Column("Planerad"),
                          Column("Dagar sedan planerat datum", True)], rows,
                         empty="Alla revisioner som skulle ha hållits är genomförda.")
    items = ia.overdue_findings(hb, as_of)
    findings_table = table(caption(f"Försenade iakttagelser: {len(items)}", as_of), _FINDING_COLUMNS,
                           _finding_rows(hb, items, as_of), empty="Ingen iakttagelse är försenad.")
    return audits_table + findings_table


def review_input(hb: Handbook, year: int, build_date: date) -> str:
    """Input d3, the LIS's own audits (9.2): the year's audits and the findings to report.

    Kept apart from the city auditors' reviews (data/granskningar.yaml), which ISO 9.2 does not replace."""
    as_of = lg.as_of_for(hb, year, build_date)
    if hb.internal_audits is None:
        return ("\n\n<p><strong>Internrevision av LIS</strong>: det finns inget revisionsprogram "
                "(data/internrevision.yaml) och därför inga resultat från internrevisioner.</p>\n\n")
    audits = ia.in_review_year(hb, year, as_of)
    rows = []
    for a in audits:
        found = [f for f in ia.findings(hb, as_of) if f.audit.id == a.id]
        rows.append((_name(a), a.scope, _auditor(hb, a), iso(a.planned),
                     iso(a.held if a.held and a.held <= as_of else None), ia.audit_state(a, as_of).value,
                     ia.kind_counts(found)))
    cols = [Column("Revision"), Column("Omfattning"), Column("Revisor"), Column("Planerad"), Column("Genomförd"),
            Column("Status"), Column("Iakttagelser")]
    held = sum(1 for a in audits if ia.audit_state(a, as_of) is ia.AuditState.HELD)
    title = f"Internrevisioner av LIS {year}" + (f": {held} av {len(audits)} genomförda" if audits else "")
    first = table(caption(lg.computed(hb, title), as_of),
                  cols, rows, empty=f"Inga internrevisioner är planerade eller genomförda {year}.")
    items = ia.review_findings(hb, year, as_of)
    open_count = sum(1 for f in items if f.state in (ia.FindingState.OPEN, ia.FindingState.OVERDUE))
    title = "Iakttagelser från internrevisionerna" + (
        f" ({ia.kind_counts(items)}), {open_count} inte åtgärdade" if items else "")
    second = table(caption(lg.computed(hb, title), as_of),
                   _FINDING_COLUMNS, _finding_rows(hb, items, as_of),
                   empty=f"Inga iakttagelser från internrevisioner att rapportera {year}.")
    return first + second
