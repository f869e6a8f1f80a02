"""Views for follow-up: the dashboard, one page per system and one per förvaltningsobjekt."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from weakref import WeakKeyDictionary

from markupsafe import Markup

from . import continuity_views as cv
from . import followup as fu
from . import models as m
from . import pages, status
from . import review as rv
from .catalogue import Scope
from .charts import progress_chart
from .collation import swedish_key
from .columns import Column, Table, fact_sections, table
from .handbook import Handbook
from .registers import actions as action_register
from .registers import objects as object_register
from .registers import processing
from .registers import systems as system_register
from .render import capped, caption, iso, ja_nej, link, relative_href, text
from .skeleton import fill
from .swedish import count


def calendar_href(page_src: str, feed: str) -> str:
    """Relative address of a calendar feed (a file, not a page) from a page."""
    return relative_href(page_src, pages.HOME) + pages.calendar(feed)


def _system_link(page_src: str, s: m.System) -> Markup:
    return link(relative_href(page_src, pages.system_page(s.id)), s.name)


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
    when = f"{count(-days, 'dag', 'dagar')} sedan" if days < 0 else ("i dag" if days == 0 else
                                                                     f"om {count(days, 'dag', 'dagar')}")
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


def late_actions(hb: Handbook, as_of: date) -> str:
    """Actions finished after their last day in the past twelve months: the lateness stays visible."""
    late = action_register.action_table(hb, as_of, tuple(rv.finished_late(hb.actions, as_of)))
    return late.showing(action_register.LATE_COLUMNS).html(
        caption(f"Klara efter sista dag de senaste tolv månaderna ({len(late)})", as_of),
        empty="Ingen åtgärd blev klar efter sin sista dag de senaste tolv månaderna.", sortable=True)


def _systems(ov: fu.Overview, page_src: str, systems: list[m.System],
             places: dict[str, int] | None = None) -> Table[m.System, system_register.SystemContext]:
    context = system_register.SystemContext(ov.as_of, ov.hb.scale, ov.objects, ov.follow_ups, page_src,
                                            places or {})
    return Table(system_register.SYSTEM_COLUMNS, tuple(systems), context)


def gap_tables(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    active = systems if systems is not None else ov.active
    parts = []
    for gap in fu.GAPS:
        members = [s for s in active if gap.applies(s, ov.as_of)]
        shown, note = capped(members)
        parts.append(_systems(ov, page_src, shown).showing(system_register.GAP_COLUMNS).html(
            caption(f"{gap.title} ({len(members)}){note}", ov.as_of), empty="Inga.", sortable=True))
    return "".join(parts)


def queue_table(ov: fu.Overview, page_src: str, systems: list[m.System] | None = None) -> str:
    queue = fu.classification_queue(systems if systems is not None else ov.active, ov.as_of)
    shown, note = capped(queue)
    places = {s.id: n for n, s in enumerate(queue, start=1)}
    return _systems(ov, page_src, shown, places).showing(system_register.QUEUE_COLUMNS).html(
        caption(f"Klassningskö, {len(queue)} system utan fullständig klassning{note}", ov.as_of),
        empty="Alla system i drift har en fullständig klassning.", sortable=True)


def object_overview(ov: fu.Overview, page_src: str) -> str:
    register = object_register.REGISTER
    return object_register.overview_table(ov, page_src).html(caption("Förvaltningsobjekt", ov.as_of), sortable=True,
                                                            searchable=not register.search_excluded)


# --- Generated pages ----------------------------------------------------------------------------


def _facts(rows: list[tuple[str, object]]) -> str:
    return table("", [Column("Uppgift"), Column("Värde")], rows)


_PROCESSING: WeakKeyDictionary[fu.Overview, Mapping[str, list[processing.Processing]]] = WeakKeyDictionary()


def _processing(ov: fu.Overview, src: str, systems: Iterable[m.System], title: str) -> str:
    """The processing activities of these systems (the index is built once per build, not once per page)."""
    index = _PROCESSING.get(ov)
    if index is None:
        index = _PROCESSING[ov] = processing.by_system(ov.hb)
    found = {p.id: p for s in systems for p in index.get(s.id, ())}
    return processing.system_section(Scope(ov.hb, ov.as_of, docs=ov.docs, page_src=src), found.values(), title)


def system_page(ov: fu.Overview, system_id: str) -> str:
    """The whole generated page of one system (Markdown with HTML blocks)."""
    hb, as_of = ov.hb, ov.as_of
    s = ov.systems[system_id]
    src = pages.system_page(s.id)
    context = system_register.SystemContext(as_of, hb.scale, ov.objects, ov.follow_ups, src)
    actions = action_register.action_table(hb, as_of, tuple(ov.actions_by_system.get(s.id, [])))
    gaps = fu.gaps_of(s, as_of)
    facts = "\n".join(part for heading, rows in fact_sections(system_register.SYSTEM_COLUMNS, s, context)
                      for part in (f"## {heading}\n", _facts(rows)))
    return fill(
        "system.md", name=text(s.name), purpose=text(s.purpose), as_of=as_of, facts=facts,
        gaps=table(caption("Brister", as_of), [Column("Brist"), Column("Förklaring")],
                   [(g.title, g.explanation) for g in gaps], empty="Inga kända brister."),
        actions=actions.showing(action_register.SYSTEM_PAGE_COLUMNS).html(
            caption("Åtgärder för systemet", as_of), empty="Inga åtgärder är kopplade till systemet."),
        processing=_processing(ov, src, [s], "Behandlingar av personuppgifter i systemet"),
        continuity=cv.system_sections(ov, s.id)).removesuffix("\n")


def object_page(ov: fu.Overview, object_id: str) -> str:
    """The generated agenda page of one förvaltningsobjekt."""
    as_of = ov.as_of
    obj = ov.objects[object_id]
    src = pages.object_page(obj.id)
    systems = sorted(ov.active_by_object[obj.id], key=lambda s: swedish_key(s.name))
    items = ov.due_by_object[obj.id]
    feed = calendar_href(src, obj.id)
    return fill(
        "forvaltningsobjekt-sida.md", name=text(obj.name), description=text(obj.description or ""), as_of=as_of,
        facts=_facts([("Objektägare", obj.owner or "–"), ("Objektledare", obj.manager or "–"),
                      ("Objektstyrgrupp enligt PM3", ja_nej(obj.steering_group))]),
        calendar=feed,
        systems=_systems(ov, src, systems).showing(system_register.OBJECT_PAGE_COLUMNS).html(
            caption(f"System i {obj.name}", as_of), empty="Inga system i drift.", sortable=True),
        overdue=due_tables(items, as_of, src, [status.Bucket.OVERDUE]),
        soon=due_tables(items, as_of, src, [status.Bucket.WITHIN_30, status.Bucket.WITHIN_90]),
        missing=gap_tables(ov, src, systems),
        queue=queue_table(ov, src, systems),
        processing=_processing(ov, src, systems, "Behandlingar av personuppgifter i förvaltningsobjektets system"),
        continuity=cv.object_sections(ov, obj.id)).removesuffix("\n")
