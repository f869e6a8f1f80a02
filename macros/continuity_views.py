"""Views of continuity and log checks: dashboard lists, and sections of the system and object pages."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from . import continuity as co
from . import followup as fu
from . import models as m
from . import pages, status
from .collation import swedish_key
from .render import Column, capped, caption, iso, ja_nej, link, relative_href, table, text

_BACKUP = {m.BackupResponsible.CITY: "staden (stadens drift)", m.BackupResponsible.SUPPLIER: "leverantören",
           m.BackupResponsible.DISTRICT: "förvaltningen"}


def _system_link(page_src: str, s: m.System) -> Markup:
    return link(relative_href(page_src, pages.system_page(s.id)), s.name)


def _hours(value: int | None) -> str:
    return "–" if value is None else f"{value} {'timme' if value == 1 else 'timmar'}"


def _level(ov: fu.Overview, s: m.System) -> str:
    level = co.availability(s, ov.as_of)
    return "–" if level is None else str(level)


def _fallback(entry: m.Continuity | None) -> str:
    if entry is None:
        return "uppgift saknas"
    return ja_nej(entry.fallback)


def _due(ov: fu.Overview, due: date | None) -> Markup:
    if due is None:
        return text("–")
    return Markup(f"{iso(due)} ({status.bucket(due, ov.as_of).value})")


def gap_tables(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    """One list per continuity gap: systems with T ≥ 3 that lack a tested fallback or recovery targets."""
    active = systems if systems is not None else ov.active
    parts = []
    for gap in co.CONTINUITY_GAPS:
        members = [s for s in active if gap.applies(s, ov.continuity.get(s.id), ov.as_of)]
        rows = [(_system_link(page_src, s), ov.objects[s.management_object].name, _level(ov, s),
                 _fallback(ov.continuity.get(s.id)), iso(co.last_test(ov.continuity.get(s.id), ov.as_of)))
                for s in members]
        cols = [Column("System"), Column("Förvaltningsobjekt"), Column("T", numeric=True), Column("Reservrutin"),
                Column("Senast testad")]
        parts.append(table(caption(f"{gap.title} ({len(members)})", ov.as_of), cols, rows, empty="Inga.",
                           sortable=True))
    return "".join(parts)


def log_check_table(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    """Every recurring log check of a system in use, the next due first."""
    wanted = None if systems is None else {s.id for s in systems}
    owners = {r.id: r.name for r in ov.hb.organisation.roles}
    rows = [(_system_link(page_src, c.system), ov.objects[c.system.management_object].name, entry.basis.value,
             owners[entry.responsible], f"{entry.interval_months} mån", iso(c.last), _due(ov, c.due))
            for entry, c in co.log_checks(ov.hb, ov.as_of) if wanted is None or c.system.id in wanted]
    cols = [Column("System"), Column("Förvaltningsobjekt"), Column("Grund"), Column("Ansvarig"),
            Column("Intervall"), Column("Senast kontrollerad"), Column("Nästa kontroll")]
    return table(caption(f"Loggkontroller ({len(rows)})", ov.as_of), cols, rows,
                 empty="Inga återkommande loggkontroller är registrerade.", sortable=True)


def fallback_table(ov: fu.Overview, page_src: str, systems: list[m.System], whole_district: bool = False) -> str:
    """Continuity facts of the given systems (a förvaltningsobjekt's agenda, or the district).

    `whole_district` keeps the list on the routine page to MAX_ROWS rows at city scale; every
    system's row is on its förvaltningsobjekt's page."""
    rows = []
    for s in sorted(systems, key=lambda s: swedish_key(s.name)):
        entry = ov.continuity.get(s.id)
        rows.append((_system_link(page_src, s), _level(ov, s), _fallback(entry), iso(co.last_test(entry, ov.as_of)),
                     _due(ov, co.next_test(entry, ov.as_of)), _BACKUP[entry.backup] if entry else "uppgift saknas",
                     _hours(entry.max_outage_hours if entry else None),
                     _hours(entry.max_data_loss_hours if entry else None)))
    cols = [Column("System"), Column("T", numeric=True), Column("Reservrutin"), Column("Senast testad"),
            Column("Nästa test"), Column("Säkerhetskopiering"), Column("Längsta avbrott"),
            Column("Största dataförlust")]
    note = ""
    if whole_district:
        rows, note = capped(rows)
    return table(caption(f"Reservrutiner och återställning{note}", ov.as_of), cols, rows,
                 empty="Inga system i drift.", sortable=True)


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
            ("Nästa test", _due(ov, co.next_test(entry, ov.as_of))),
            ("Säkerhetskopiering och återläsning", _BACKUP[entry.backup]),
            ("Återläsning senast testad", iso(entry.restore_tested)),
            ("Längsta godtagbara avbrott", _hours(entry.max_outage_hours)),
            ("Största godtagbara dataförlust", _hours(entry.max_data_loss_hours)),
        ])
    log = ov.log_checks.get(s.id)
    if log is None:
        logs = "\n\nInga återkommande loggkontroller är registrerade för systemet.\n\n"
    else:
        logs = _facts([
            ("Grund", log.basis.value), ("Ansvarig", ov.hb.role(log.responsible).name),
            ("Intervall", f"{log.interval_months} mån"), ("Beskrivning", log.description or "–"),
            ("Senast kontrollerad", iso(co.last_log_check(log, ov.as_of))),
            ("Nästa kontroll", _due(ov, co.next_log_check(log, ov.as_of))),
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
