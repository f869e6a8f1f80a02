"""While the data is made-up example data, every output says so: exported rows, calendars and the news feed.

The fixture data says `exempeldata: ja`; the same handbook with the flag off is the district's own data."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path

import feedparser
import icalendar

from macros import followup as fu
from macros.atom import atom_feed
from macros.calendar import feed
from macros.changes import NewsItem, NewsKind
from macros.handbook import Handbook
from macros.spreadsheet import export_all
from tests.conftest import AS_OF


def _real(hb: Handbook) -> Handbook:
    return dataclasses.replace(hb, organisation=hb.organisation.model_copy(update={"example_data": False}))


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_every_row_of_every_export_says_it_is_example_data(handbook, tmp_path):
    assert handbook.organisation.example_data
    files = [p for p in export_all(handbook, tmp_path, AS_OF) if p.suffix == ".csv"]
    assert len(files) >= 8
    rows = 0
    for path in files:
        table = _csv(path)
        assert table[0][-1] == "Exempeldata", path.name
        for row in table[1:]:
            rows += 1
            assert row[-1] == "ja, påhittade uppgifter", (path.name, row)
    assert rows > 0


def test_the_districts_own_data_is_exported_without_the_mark(handbook, tmp_path):
    for path in export_all(_real(handbook), tmp_path, AS_OF):
        if path.suffix == ".csv":
            assert "Exempeldata" not in _csv(path)[0], path.name


def test_calendar_events_carry_the_mark_only_for_example_data(handbook):
    items = fu.Overview(handbook, [], AS_OF).due
    assert items
    marked = icalendar.Calendar.from_ical(feed("LIS: Test (exempeldata)", items, "https://lis.example/", AS_OF, True))
    plain = icalendar.Calendar.from_ical(feed("LIS: Test", items, "https://lis.example/", AS_OF))
    assert all(str(e["SUMMARY"]).endswith(" (exempeldata)") for e in marked.walk("VEVENT"))
    assert all(str(e.walk("VALARM")[0]["DESCRIPTION"]).endswith(" (exempeldata)") for e in marked.walk("VEVENT"))
    assert not any("exempeldata" in str(e["SUMMARY"]) for e in plain.walk("VEVENT"))


def test_the_news_feed_carries_the_mark_only_for_example_data():
    items = [NewsItem("rutiner/provrutin.md", date(2026, 11, 2), NewsKind.EDITORIAL, "1.0.1", "Stavfel.",
                      "rutiner/provrutin.md/1.0.1")]

    def parsed(example: bool) -> feedparser.FeedParserDict:
        return feedparser.parse(atom_feed(items, {"rutiner/provrutin.md": "Provrutin"}, "https://lis.example/", AS_OF,
                                          "Vad är nytt", "Förvaltningen", "vad-ar-nytt.md", "vad-ar-nytt.xml", example))

    assert (parsed(True).feed.title, parsed(True).entries[0].title) == (
        "Vad är nytt (exempeldata)", "Provrutin, version 1.0.1 (exempeldata)")
    assert (parsed(False).feed.title, parsed(False).entries[0].title) == ("Vad är nytt", "Provrutin, version 1.0.1")
