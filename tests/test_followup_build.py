"""Follow-up in real builds: a page per system and object, the dashboard and the calendar feeds."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest

from macros import followup as fu
from macros.project import load_project
from macros.status import active_systems
from tests.build_helpers import ROOT, build, copy_project
from tests.conftest import AS_OF, replace_in
from tests.test_build import cells

pytestmark = pytest.mark.build


def test_every_system_and_object_has_its_page(site):
    project = load_project(ROOT)
    for system in project.handbook.systems:
        html = site.html(f"system/{system.id}/index.html")
        assert "<h1 id=" in html and system.name in html
    for obj in project.handbook.objects:
        assert obj.name in site.html(f"forvaltningsobjekt/{obj.id}/index.html")
    inventory = site.html("uppfoljning/systemforteckning/index.html")
    for system in active_systems(project.handbook.systems, AS_OF):
        assert f'href="../../system/{system.id}/"' in inventory


def test_system_pages_are_in_the_search_index(fixture_site):
    # A generated page is indexed by its name, id and purpose only (overrides/main.html).
    from macros.search_index import indexed_text

    text = indexed_text(fixture_site.html("system/alfa/index.html")) or ""
    assert text.startswith("Alfa alfa · ")


def _events(ics: str) -> set[tuple[str, date]]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {(str(e["SUMMARY"]), e["DTSTART"].dt) for e in calendar.walk("VEVENT")}


def _expected(items: list[fu.DueItem], example: bool) -> set[tuple[str, date]]:
    """Each item's event; while the data is example data its summary says so."""
    mark = " (exempeldata)" if example else ""
    return {(f"{i.kind.value}: {i.title}{mark}", i.due) for i in items}


def test_feeds_parse_and_hold_exactly_the_due_dates_in_data(site):
    project = load_project(ROOT)
    items = fu.due_items(project.handbook, project.documents, AS_OF)
    district = (site.site / "kalender" / "forvaltningen.ics").read_bytes().decode("utf-8")
    example = project.handbook.organisation.example_data
    assert _events(district) == _expected(items, example)
    assert len(_events(district)) == len(items) > 30
    for obj in project.handbook.objects:
        feed = (site.site / "kalender" / f"{obj.id}.ics").read_bytes().decode("utf-8")
        assert _events(feed) == _expected([i for i in items if obj.id in i.objects], example)
    event = next(iter(icalendar.Calendar.from_ical(district).walk("VEVENT")))
    assert str(event["URL"]).startswith("https://lis.intranat.example/")
    assert all(len(line.encode()) <= 75 for line in district.split("\r\n"))


NEW_SYSTEM = """  - id: nytt-testsystem
    namn: Nytt testsystem
    syfte: Läggs till av testet.
    förvaltningsobjekt: stadsmiljo
    systemägare: Driftchef
    stadsgemensamt: nej
    personuppgifter: vanliga
    samhällsviktig: nej
    klassningsprotokoll: 2025-01-10
    klassning:
      datum: 2025-02-01
      K: 1
      R: 1
      T: 1
    pub_avtal: ej aktuellt
    konsekvensbedömning:
      krävs: nej
"""


def test_a_new_system_appears_everywhere_without_editing_a_page(tmp_path):
    project = copy_project(tmp_path / "handbook")
    path = project / "data" / "system.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_SYSTEM, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    assert "Nytt testsystem" in result.html("system/nytt-testsystem/index.html")
    object_page = result.html("forvaltningsobjekt/stadsmiljo/index.html")
    assert any(row[0] == "Nytt testsystem" for row in cells(object_page, "System i Stadsmiljö"))
    assert any(row[1] == "Nytt testsystem" for row in cells(object_page, "Försenat"))
    inventory = cells(result.html("uppfoljning/systemforteckning/index.html"), "Systemförteckning")
    assert any(row[0] == "Nytt testsystem" for row in inventory)
    dashboard = cells(result.html("uppfoljning/index.html"), "Försenat")
    assert ["Uppföljning av klassning", "Nytt testsystem", "Driftchef", "2026-02-01", "300 dagar sedan"] in dashboard
    for feed in ("forvaltningen", "stadsmiljo"):
        events = _events((result.site / "kalender" / f"{feed}.ics").read_text(encoding="utf-8"))
        assert ("Uppföljning av klassning: Nytt testsystem (exempeldata)", date(2026, 2, 1)) in events
    assert ("Uppföljning av klassning: Nytt testsystem (exempeldata)", date(2026, 2, 1)) not in _events(
        (result.site / "kalender" / "personal.ics").read_text(encoding="utf-8"))


def test_dashboard_lists_match_the_rules(site):
    project = load_project(ROOT)
    html = site.html("uppfoljning/index.html")
    for gap in fu.GAPS:
        rows = cells(html, gap.title)
        assert sorted(r[0] for r in rows) == sorted(s.name for s in fu.gap_members(project.handbook, gap, AS_OF))
    queue = cells(html, "Klassningskö")
    assert [r[1] for r in queue] == [s.name for s in fu.classification_queue(project.handbook.systems, AS_OF)]
    assert queue[0][3] == "känsliga"


def test_changed_data_file_is_named_in_the_dashboard_not_typed(site, tmp_path):
    project = copy_project(tmp_path / "handbook")
    replace_in(project / "data/system.yaml", "    pub_avtal: saknas\n", "    pub_avtal: finns\n", count=5)
    result = build(project)
    rows = cells(result.html("uppfoljning/index.html"), "Personuppgifter hos leverantör men inget klart PUB-avtal")
    assert len(rows) == 4  # only the four 'pågår' remain
