"""Counted assertions on a real strict build of the fixture project, not on the example content.

The fixture project (tests/fixture_project.py) is tests/fixtures/data with the pages in
tests/fixtures/utskrift/docs, built with LIS_DATE 2026-11-28. Every figure below is counted by hand
from those files (the comments say how), so replacing the example content under data/ and docs/
changes nothing here.
"""

from __future__ import annotations

import feedparser
import icalendar
import pytest

from tests.build_helpers import build
from tests.conftest import replace_in
from tests.fixture_project import fixture_project
from tests.test_build import cells

pytestmark = pytest.mark.build

# tests/fixtures/data/system.yaml: six systems; zeta retired on 2026-01-31.
IN_USE = ["Alfa", "Beta", "Delta", "Epsilon", "Gamma"]


def test_inventory_lists_every_system_in_use(fixture_site):
    rows = cells(fixture_site.html("uppfoljning/systemforteckning/index.html"), "Systemförteckning")
    assert [r[0] for r in rows] == IN_USE  # Swedish order by name; Zeta is retired
    assert {len(r) for r in rows} == {14}


def test_progress_equals_hand_count_of_fixture_data(fixture_site):
    html = fixture_site.html("uppfoljning/mal/index.html")
    # Goals 2026 (mal.yaml): 12 classifications, 18 protocols. Classified in 2026: alfa (2026-03-01).
    # Protocols dated 2026: alfa 02-01, delta 05-05, epsilon 01-20, zeta 01-15 (retired later that year).
    assert cells(html, "Måluppfyllelse 2026 – beräknat per 2026-11-28") == [
        ["Fullständiga klassningar 2026", "12", "1", "11", "8\u00a0%", "nej"],
        ["Klassningsprotokoll 2026", "18", "4", "14", "22\u00a0%", "nej"],
    ]
    # Beta classified 2024-05-02, never followed up: due 2025-05-02, 365 + 210 days late.
    # Epsilon classified 2025-06-01: due 2026-06-01, 29 + 31 + 31 + 30 + 31 + 28 days late.
    assert cells(html, "Försenade uppföljningar") == [
        ["Beta", "Äldreomsorg", "2024-05-02", "–", "2025-05-02", "575"],
        ["Epsilon", "Ekonomi och inköp", "2025-06-01", "–", "2026-06-01", "180"],
    ]


def test_register_lists_every_governing_page_with_overdue_flags(fixture_site):
    rows = cells(fixture_site.html("styrande/index.html"), "Dokumentregister")
    flags = {row[0]: row[10] for row in rows}
    # The six routines under tests/fixtures/utskrift/docs/rutiner/ with `styrdokument:` front matter.
    assert list(flags) == ["Behörighetshantering", "Digitaliseringsinitiativ", "Incidenthantering",
                           "Personuppgiftsincidenter", "Provrutin", "Uppföljning av klassningar"]
    assert flags == {
        "Behörighetshantering": "försenad 165 dagar",  # next review 2026-06-16
        "Digitaliseringsinitiativ": "i tid",  # 2027-06-15
        "Incidenthantering": "inom 59 dagar",  # 2027-01-26
        "Personuppgiftsincidenter": "i tid",  # 2027-03-09: 101 days, beyond the 90-day window
        "Provrutin": "inom 59 dagar",  # 2027-01-26
        "Uppföljning av klassningar": "i tid",  # 2027-05-18
    }


def test_overdue_page_carries_a_warning_banner(fixture_site):
    assert "Granskningen är försenad" in fixture_site.html("rutiner/behorighetshantering/index.html")
    assert "Granskningen är försenad" not in fixture_site.html("rutiner/incidenthantering/index.html")
    assert "Planerad granskning: 2027-01-26" in fixture_site.html("rutiner/incidenthantering/index.html")


def test_every_page_shows_the_example_data_notice(fixture_site):
    pages = sorted(fixture_site.site.rglob("index.html"))
    # The fixture's own pages plus one page per system and per management object.
    assert len(pages) >= 12
    for page in pages:
        assert "Exempeldata:" in page.read_text(encoding="utf-8"), page


def test_hostile_data_renders_as_text_in_a_real_build(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    hostile = '<script>alert(1)</script> | *fet* [x](javascript:alert(1)) {{ 7*7 }} {% if x %} --8<-- "a"'
    replace_in(project / "data/system.yaml", "    namn: Alfa\n", f"    namn: '{hostile}'\n")
    result = build(project)
    assert result.returncode == 0, result.output
    html = result.html("uppfoljning/systemforteckning/index.html")
    rows = cells(html, "Systemförteckning")
    assert len(rows) == len(IN_USE) and {len(r) for r in rows} == {14}
    assert hostile in [r[0] for r in rows]
    assert "<script>alert" not in html and 'href="javascript' not in html
    assert all("49" not in r[0] for r in rows)


def test_every_calendar_event_and_the_news_feed_say_they_are_example_data(fixture_site):
    """An event copied into somebody's calendar, or a feed entry, must not pass for the district's own."""
    calendars = sorted(fixture_site.site.rglob("*.ics"))
    assert calendars  # the district's calendar and one per förvaltningsobjekt
    events = 0
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert str(calendar["X-WR-CALNAME"]).endswith(" (exempeldata)"), path
        for event in calendar.walk("VEVENT"):
            events += 1
            assert str(event["SUMMARY"]).endswith(" (exempeldata)"), (path, event["SUMMARY"])
    assert events > 0
    feed = feedparser.parse((fixture_site.site / "vad-ar-nytt.xml").read_bytes())
    assert feed.feed.title == "Vad är nytt i LIS-handboken (exempeldata)"
    # The fixture has no change notes, so the feed has no entries; tests/test_example_marks.py marks entries.
