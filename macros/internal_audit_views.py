"""The internal audit programme as tables: the programme, the findings, what is late, and review input d3."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from . import internal_audit as ia
from . import review_views as lg
from .columns import Column, table
from .documents import GoverningDoc
from .handbook import Handbook
from .registers import internal_audit as audits
from .render import caption


def programme(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str,
              titles: Mapping[str, str] | None = None) -> str:
    """Every audit of the programme with scope, auditor, dates, status and its findings by kind."""
    data = ia.programme_of(hb)
    ordered = sorted(data.audits, key=lambda a: (a.planned, a.id))
    states = [ia.audit_state(a, as_of).value for a in ordered]
    summary = ", ".join(f"{states.count(s.value)} {s.value}" for s in ia.AuditState if s.value in states)
    table = audits.audit_table(hb, as_of, audits.rows_of(ordered), docs, page_src, titles)
    table = table.showing(audits.PROGRAMME_COLUMNS)
    title = f"Revisionsprogram version {data.version}: {len(ordered)} revisioner ({summary or 'inga'})"
    return table.html(caption(title, as_of), empty="Revisionsprogrammet har inga revisioner ännu.", sortable=True,
                      searchable=not audits.REGISTER.search_excluded)


def coverage(hb: Handbook, as_of: date) -> str:
    """What the programme covers over all its years: clauses 4–10 and the annex A controls, gaps named."""
    found = ia.coverage(hb)
    total = found.controls + len(found.missing_controls)
    rows = [("Avsnitt 4–10 i ISO/IEC 27001", ", ".join(map(str, found.clauses)) or "inga",
             ", ".join(map(str, found.missing_clauses)) or "inga"),
            ("Kontroller i bilaga A", f"{found.controls} av {total}",
             f"{len(found.missing_controls)} kontroller" if found.missing_controls else "inga")]
    columns = [Column("Krav"), Column("Granskas i programmet"), Column("Granskas inte ännu")]
    return table(caption("Revisionsprogrammets täckning (ISO/IEC 27001 9.2.2)", as_of), columns, rows)


def findings(hb: Handbook, as_of: date) -> str:
    """Every finding of the audits held so far, with its corrective actions and their state."""
    ia.programme_of(hb)
    items = ia.findings(hb, as_of)
    table = audits.audit_table(hb, as_of, audits.finding_rows(items)).showing(audits.FINDING_COLUMNS)
    return table.html(caption(f"Iakttagelser: {ia.kind_counts(items)}", as_of),
                      empty="Inga iakttagelser från genomförda revisioner.", sortable=True)


def overdue(hb: Handbook, as_of: date) -> str:
    """What is late on the reference date: audits not held as planned, findings past their due date."""
    ia.programme_of(hb)
    late = audits.audit_table(hb, as_of, audits.rows_of(ia.late_audits(hb, as_of))).showing(audits.LATE_COLUMNS)
    audits_table = late.html(caption(f"Försenade revisioner: {len(late)}", as_of),
                             empty="Alla revisioner som skulle ha hållits är genomförda.")
    items = ia.overdue_findings(hb, as_of)
    found = audits.audit_table(hb, as_of, audits.finding_rows(items)).showing(audits.FINDING_COLUMNS)
    findings_table = found.html(caption(f"Försenade iakttagelser: {len(items)}", as_of),
                                empty="Ingen iakttagelse är försenad.")
    return audits_table + findings_table


def review_input(hb: Handbook, year: int, build_date: date) -> str:
    """Input d3, the LIS's own audits (9.2): the year's audits and the findings to report.

    Kept apart from the city auditors' reviews (data/granskningar.yaml), which ISO 9.2 does not replace."""
    as_of = lg.as_of_for(hb, year, build_date)
    if hb.internal_audits is None:
        return ("\n\n<p><strong>Internrevision av LIS</strong>: det finns inget revisionsprogram "
                "(data/internrevision.yaml) och därför inga resultat från internrevisioner.</p>\n\n")
    held_or_planned = ia.in_review_year(hb, year, as_of)
    held = sum(1 for a in held_or_planned if ia.audit_state(a, as_of) is ia.AuditState.HELD)
    title = f"Internrevisioner av LIS {year}" + (f": {held} av {len(held_or_planned)} genomförda"
                                                  if held_or_planned else "")
    year_audits = audits.audit_table(hb, as_of, audits.rows_of(held_or_planned)).showing(audits.REVIEW_COLUMNS)
    first = year_audits.html(caption(lg.computed(hb, title), as_of),
                             empty=f"Inga internrevisioner är planerade eller genomförda {year}.")
    items = ia.review_findings(hb, year, as_of)
    open_count = sum(1 for f in items if f.state in (ia.FindingState.OPEN, ia.FindingState.OVERDUE))
    title = "Iakttagelser från internrevisionerna" + (
        f" ({ia.kind_counts(items)}), {open_count} inte åtgärdade" if items else "")
    to_report = audits.audit_table(hb, as_of, audits.finding_rows(items)).showing(audits.FINDING_COLUMNS)
    second = to_report.html(caption(lg.computed(hb, title), as_of),
                            empty=f"Inga iakttagelser från internrevisioner att rapportera {year}.")
    return first + second


def nonconformities(hb: Handbook, as_of: date) -> str:
    """Every nonconformity (10.2): from held audits and found elsewhere, with root cause, actions and effect."""
    found = ia.nonconformities(hb, as_of)
    open_count = sum(1 for n in found if n.state in ia.OPEN_STATES)
    table = audits.nonconformity_table(hb, as_of, found)
    return table.html(caption(f"Avvikelser och korrigerande åtgärder: {len(found)}, varav {open_count} inte "
                              "åtgärdade", as_of), empty="Inga avvikelser är registrerade.", sortable=True)


def review_nonconformities(hb: Handbook, year: int, build_date: date) -> str:
    """Input d1: the year's nonconformities and older ones still open, with root cause and corrective actions."""
    as_of = lg.as_of_for(hb, year, build_date)
    found = ia.review_nonconformities(hb, year, as_of)
    open_count = sum(1 for n in found if n.state in ia.OPEN_STATES)
    title = f"Avvikelser {year} och äldre som inte är åtgärdade: {len(found)}, varav {open_count} inte åtgärdade"
    return audits.nonconformity_table(hb, as_of, found).html(
        caption(lg.computed(hb, title), as_of), empty=f"Inga avvikelser att rapportera {year}.")
