"""Views for follow-up: the dashboard, one page per system and one per förvaltningsobjekt."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from markupsafe import Markup

from . import continuity_views as cv
from . import followup as fu
from . import models as m
from . import pages, registers, status
from .charts import progress_chart
from .collation import swedish_key
from .columns import fact_sections
from .loader import Handbook
from .render import Column, capped, caption, iso, ja_nej, link, relative_href, table, text
from .review import action_state
from .skeleton import fill


def calendar_href(page_src: str, feed: str) -> str:
    """Relative address of a calendar feed (a file, not a page) from a page."""
    return relative_href(page_src, pages.HOME) + pages.calendar(feed)


def _system_link(page_src: str, s: m.System) -> Markup:
    return link(relative_href(page_src, pages.system_page(s.id)), s.name)


def _object_link(page_src: str, ov: fu.Overview, object_id: str) -> Markup:
    return link(relative_href(page_src, pages.object_page(object_id)), ov.objects[object_id].name)

# --- Dashboard ----------------------------------------------------------------------------------


def goal_bars(hb: Handbook, as_of: date) -> str:
    items = []
    goal = status.year_goal(hb.year_goals, as_of.year)
    if goal is not None:
        items += [(p.label, p.achieved, p.target) for p in status.year_progress(hb.systems, goal, as_of)]
    for multi in hb.multi_year_goals:
        p = status.coverage(hb.systems, multi, as_of)
        items.append((multi.name, p.achieved, p.target))
    return progress_chart("mal", caption("Framsteg mot målen", as_of), items)


def _due_row(item: fu.DueItem, page_src: str, as_of: date) -> tuple[object, ...]:
    days = (item.due - as_of).days
    when = f"{-days} dagar sedan" if days < 0 else ("i dag" if days == 0 else f"om {days} dagar")
    return (item.kind.value, link(relative_href(page_src, item.page), item.title), item.owner, iso(item.due), when)


_DUE_COLUMNS = [Column("Typ"), Column("Vad"), Column("Ansvarig"), Column("Senast"), Column("När")]


def due_tables(items: Iterable[fu.DueItem], as_of: date, page_src: str,
               buckets: Iterable[status.Bucket] = tuple(status.Bucket)) -> str:
    """One table per bucket: overdue, within 30 days, within 90 days, in order."""
    items = list(items)
    parts = []
    for b in buckets:
        members = [i for i in items if status.bucket(i.due, as_of) is b]
        rows, note = capped([_due_row(i, page_src, as_of) for i in members])
        parts.append(table(caption(f"{b.value.capitalize()} ({len(members)}){note}", as_of), _DUE_COLUMNS, rows,
                           empty="Inget här.", sortable=True))
    return "".join(parts)


def gap_tables(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    active = systems if systems is not None else ov.active
    parts = []
    for gap in fu.GAPS:
        members = [s for s in active if gap.applies(s, ov.as_of)]
        rows, note = capped([(_system_link(page_src, s), ov.objects[s.management_object].name,
                               s.supplier or "–", s.personal_data.value) for s in members])
        cols = [Column("System"), Column("Förvaltningsobjekt"), Column("Leverantör"), Column("Personuppgifter")]
        parts.append(table(caption(f"{gap.title} ({len(members)}){note}", ov.as_of), cols, rows, empty="Inga.",
                           sortable=True))
    return "".join(parts)


def queue_table(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    queue = fu.classification_queue(systems if systems is not None else ov.active, ov.as_of)
    rows, note = capped([(n, _system_link(page_src, s), ov.objects[s.management_object].name,
                           s.personal_data.value, ja_nej(s.essential), iso(status.protocol_date(s, ov.as_of)))
                          for n, s in enumerate(queue, start=1)])
    cols = [Column("Plats", numeric=True), Column("System"), Column("Förvaltningsobjekt"),
            Column("Personuppgifter"), Column("Samhällsviktig"), Column("Klassningsprotokoll")]
    return table(caption(f"Klassningskö, {len(queue)} system utan fullständig klassning{note}", ov.as_of),
                 cols, rows, empty="Alla system i drift har en fullständig klassning.", sortable=True)


def object_overview(ov: fu.Overview, page_src: str) -> str:
    rows = []
    for obj in sorted(ov.hb.objects, key=lambda o: swedish_key(o.name)):
        systems = ov.active_by_object[obj.id]
        buckets = [status.bucket(i.due, ov.as_of) for i in ov.due_by_object[obj.id]]
        rows.append((_object_link(page_src, ov, obj.id), obj.owner or "–", ja_nej(obj.steering_group), len(systems),
                     buckets.count(status.Bucket.OVERDUE),
                     buckets.count(status.Bucket.WITHIN_30) + buckets.count(status.Bucket.WITHIN_90),
                     sum(len(fu.gaps_of(s, ov.as_of)) for s in systems)))
    cols = [Column("Förvaltningsobjekt"), Column("Objektägare"), Column("Objektstyrgrupp"),
            Column("System", numeric=True), Column("Försenat", numeric=True),
            Column("Inom 90 dagar", numeric=True), Column("Brister", numeric=True)]
    return table(caption("Förvaltningsobjekt", ov.as_of), cols, rows, sortable=True)


# --- Generated pages ----------------------------------------------------------------------------


def _facts(rows: list[tuple[str, object]]) -> str:
    return table("", [Column("Uppgift"), Column("Värde")], rows)


def system_page(ov: fu.Overview, system_id: str) -> str:
    """The whole generated page of one system (Markdown with HTML blocks)."""
    hb, as_of = ov.hb, ov.as_of
    s = ov.systems[system_id]
    src = pages.system_page(s.id)
    context = registers.SystemContext(as_of, hb.scale, ov.objects, ov.follow_ups, src)
    actions = ov.actions_by_system.get(s.id, [])
    gaps = fu.gaps_of(s, as_of)
    facts = "\n".join(part for heading, rows in fact_sections(registers.SYSTEM_COLUMNS, s, context)
                      for part in (f"## {heading}\n", _facts(rows)))
    return fill(
        "system.md", name=text(s.name), purpose=text(s.purpose), as_of=as_of, facts=facts,
        gaps=table(caption("Brister", as_of), [Column("Brist"), Column("Förklaring")],
                   [(g.title, g.explanation) for g in gaps], empty="Inga kända brister."),
        actions=table(caption("Åtgärder för systemet", as_of),
                      [Column("Åtgärd"), Column("Ansvarig"), Column("Senast"), Column("Status")],
                      [(a.what, hb.role(a.owner).name, iso(a.due), action_state(a, as_of).value) for a in actions],
                      empty="Inga åtgärder är kopplade till systemet."),
        continuity=cv.system_sections(ov, s.id)).removesuffix("\n")


def object_page(ov: fu.Overview, object_id: str) -> str:
    """The generated agenda page of one förvaltningsobjekt."""
    as_of = ov.as_of
    obj = ov.objects[object_id]
    src = pages.object_page(obj.id)
    systems = sorted(ov.active_by_object[obj.id], key=lambda s: swedish_key(s.name))
    items = ov.due_by_object[obj.id]
    system_rows = [(_system_link(src, s), s.personal_data.value, ja_nej(s.essential),
                    iso(status.protocol_date(s, as_of)), iso(status.classification_date(s, as_of)),
                    s.processor_agreement.value, len(fu.gaps_of(s, as_of))) for s in systems]
    feed = calendar_href(src, obj.id)
    return fill(
        "forvaltningsobjekt-sida.md", name=text(obj.name), description=text(obj.description or ""), as_of=as_of,
        facts=_facts([("Objektägare", obj.owner or "–"), ("Objektledare", obj.manager or "–"),
                      ("Objektstyrgrupp enligt PM3", ja_nej(obj.steering_group))]),
        calendar=feed,
        systems=table(caption(f"System i {obj.name}", as_of),
                      [Column("System"), Column("Personuppgifter"), Column("Samhällsviktig"),
                       Column("Klassningsprotokoll"), Column("Klassning"), Column("PUB-avtal"),
                       Column("Brister", numeric=True)],
                      system_rows, empty="Inga system i drift.", sortable=True),
        overdue=due_tables(items, as_of, src, [status.Bucket.OVERDUE]),
        soon=due_tables(items, as_of, src, [status.Bucket.WITHIN_30, status.Bucket.WITHIN_90]),
        missing=gap_tables(ov, src, systems),
        queue=queue_table(ov, src, systems),
        continuity=cv.object_sections(ov, obj.id)).removesuffix("\n")
