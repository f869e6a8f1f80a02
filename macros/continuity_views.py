"""Views of continuity and log checks: dashboard lists, and sections of the system and object pages."""

from __future__ import annotations

from datetime import date

from . import continuity as co
from . import followup as fu
from . import models as m
from . import pages
from . import review_views as lg
from .collation import swedish_key
from .columns import Column, Table, table
from .handbook import Handbook
from .registers import continuity, log_checks
from .registers.continuity import BACKUP, ContinuityContext, due, hours
from .render import capped, caption, iso, ja_nej


def _systems(ov: fu.Overview, page_src: str, systems: list[m.System]) -> Table[m.System, ContinuityContext]:
    return Table(continuity.FALLBACK_COLUMNS, tuple(systems), ContinuityContext(ov, page_src))


def gap_tables(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    """One list per continuity gap: systems that need continuity but lack a tested fallback or recovery targets."""
    active = systems if systems is not None else ov.active
    parts = []
    for gap in co.CONTINUITY_GAPS:
        members = [s for s in active if gap.applies(s, ov.continuity.get(s.id), ov.as_of)]
        parts.append(_systems(ov, page_src, members).showing(continuity.GAP_COLUMNS).html(
            caption(f"{gap.title} ({len(members)})", ov.as_of), empty="Inga.", sortable=True))
    return "".join(parts)


def log_check_table(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    """Every recurring log check of a system in use, the next due first."""
    wanted = None if systems is None else {s.id for s in systems}
    owners = {r.id: r.name for r in ov.hb.organisation.roles}
    rows = tuple((entry, c) for entry, c in co.log_checks(ov.hb, ov.as_of) if wanted is None or c.system.id in wanted)
    checks = Table(log_checks.LOG_CHECK_COLUMNS, rows, log_checks.LogCheckContext(ov, page_src, owners))
    return checks.html(caption(f"Loggkontroller ({len(rows)})", ov.as_of),
                       empty="Inga återkommande loggkontroller är registrerade.", sortable=True,
                       searchable=not log_checks.REGISTER.search_excluded)


def fallback_table(ov: fu.Overview, page_src: str, systems: list[m.System], whole_district: bool = False) -> str:
    """Continuity facts of the given systems (a förvaltningsobjekt's agenda, or the district).

    `whole_district` keeps the list on the routine page to MAX_ROWS rows at city scale; every
    system's row is on its förvaltningsobjekt's page."""
    ordered = sorted(systems, key=lambda s: swedish_key(s.name))
    note = ""
    if whole_district:
        ordered, note = capped(ordered)
    return _systems(ov, page_src, ordered).html(caption(f"Reservrutiner och återställning{note}", ov.as_of),
                                                empty="Inga system i drift.", sortable=True,
                                                searchable=not continuity.REGISTER.search_excluded)


def _facts(rows: list[tuple[str, object]]) -> str:
    return table("", [Column("Uppgift"), Column("Värde")], rows)


def system_sections(ov: fu.Overview, system_id: str) -> str:
    """The continuity and log-check sections of one system's generated page."""
    s = ov.systems[system_id]
    entry = ov.continuity.get(s.id)
    gaps = co.continuity_gaps_of(s, entry, ov.as_of)
    if entry is None:
        continuity = ("\n\nUppgifter om reservrutin och säkerhetskopiering saknas för systemet i "
                      "`data/kontinuitet.yaml`.\n\n")
    else:
        continuity = _facts([
            ("Reservrutin", ja_nej(entry.fallback)), ("Beskrivning", entry.description or "–"),
            ("Senast testad eller övad", iso(co.last_test(entry, ov.as_of))),
            ("Testas", f"var {entry.interval_months}:e månad" if entry.interval_months > 1 else "varje månad"),
            ("Nästa test", due(ov, co.next_test(entry, ov.as_of))),
            ("Säkerhetskopiering och återläsning", BACKUP[entry.backup]),
            ("Återläsning senast testad", iso(entry.restore_tested)),
            ("Längsta godtagbara avbrott", hours(entry.max_outage_hours)),
            ("Största godtagbara dataförlust", hours(entry.max_data_loss_hours)),
            *([("Papperen förvaras", entry.paper.stored), ("Papperen dateras", entry.paper.dated),
               ("Papperen förstörs", entry.paper.destroyed)] if entry.paper else []),
        ])
    log = ov.log_checks.get(s.id)
    if log is None:
        logs = "\n\nInga återkommande loggkontroller är registrerade för systemet.\n\n"
    else:
        logs = _facts([
            ("Grund", log.basis.value), ("Ansvarig", ov.hb.role(log.responsible).name),
            ("Intervall", f"{log.interval_months} mån"), ("Beskrivning", log.description or "–"),
            ("Senast kontrollerad", iso(co.last_log_check(log, ov.as_of))),
            ("Nästa kontroll", due(ov, co.next_log_check(log, ov.as_of))),
        ])
    return "\n".join([
        "## Kontinuitet och reservrutin\n",
        continuity,
        table(caption("Brister i kontinuiteten", ov.as_of), [Column("Brist"), Column("Förklaring")],
              [(g.title, g.explanation) for g in gaps], empty="Inga kända brister."),
        "## Loggkontroll\n",
        logs,
    ])


def object_sections(ov: fu.Overview, object_id: str) -> str:
    """The continuity and log-check part of a förvaltningsobjekt's agenda."""
    src = pages.object_page(object_id)
    systems = ov.active_by_object[object_id]
    return "\n".join([
        "## Kontinuitet och reservrutiner\n",
        gap_tables(ov, src, systems),
        fallback_table(ov, src, systems),
        "## Loggkontroller\n",
        log_check_table(ov, src, systems),
    ])


def retention_table(hb: Handbook) -> str:
    """How long each kind of log is kept, and why (law, records plan or contract)."""
    kept = Table(log_checks.RETENTION_COLUMNS, hb.log_retention, None)
    return kept.html(f"Hur länge loggarna sparas, {len(kept)} slag av loggar",
                     empty="Inga lagringstider för loggar är införda ännu.")


def review_gaps(hb: Handbook, year: int, build_date: date) -> str:
    """Review input d2: how many systems that need continuity lack a tested fallback or recovery targets."""
    as_of = lg.as_of_for(hb, year, build_date)
    rows = []
    for gap in co.CONTINUITY_GAPS:
        members = co.continuity_gap_members(hb, gap, as_of)
        rows.append((gap.title, str(len(members)), ", ".join(s.name for s in members) or "–"))
    title = lg.computed(hb, "Kontinuitet: system som kräver reservrutin och återställningsmål men saknar dem")
    return table(caption(title, as_of), [Column("Brist"), Column("System", numeric=True), Column("Vilka")], rows)
