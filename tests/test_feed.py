"""The Atom feed of "Vad är nytt": valid for a real feed parser, well-formed XML, ids that never name the host."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import feedparser

from macros.atom import ATOM, atom_feed, entry_id
from macros.changes import NewsItem, NewsKind

SITE = "https://intranat.example.se/lis/"
TITLES = {"rutiner/provrutin.md": "Provrutin", "ledningens-genomgang/2025.md": "Ledningens genomgång 2025"}
ITEMS = [
    NewsItem("rutiner/provrutin.md", date(2026, 11, 20), NewsKind.ADOPTED, "1.1",
             "Version 1.1 av Provrutin är fastställd: Förvaltningsledningen 2026-11-20, diarienummer FAR 2026/9.",
             "rutiner/provrutin.md/1.1/fastställd"),
    NewsItem("rutiner/provrutin.md", date(2026, 11, 2), NewsKind.SUBSTANTIVE, "1.1",
             'Ny frist <script>alert("x")</script> & "citat"', "rutiner/provrutin.md/1.1"),
    NewsItem("rutiner/provrutin.md", date(2026, 10, 1), NewsKind.EDITORIAL, "1.0.1", "Stavfel rättade.",
             "rutiner/provrutin.md/1.0.1"),
]


def _feed(site: str = SITE, items: list[NewsItem] = ITEMS) -> str:
    return atom_feed(items, TITLES, site, date(2026, 11, 28), "Vad är nytt i LIS-handboken",
                     "Farsta stadsdelsförvaltning", "vad-ar-nytt.md", "vad-ar-nytt.xml")


def test_feed_validates_with_a_feed_parser():
    parsed = feedparser.parse(_feed())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Vad är nytt i LIS-handboken"
    assert parsed.feed.id == "tag:lis-handboken,2026:Farsta%20stadsdelsf%C3%B6rvaltning/vad-ar-nytt.xml"
    assert parsed.feed.updated == "2026-11-20T00:00:00+00:00"
    assert [(link.rel, link.href) for link in parsed.feed.links] == [
        ("self", "https://intranat.example.se/lis/vad-ar-nytt.xml"),
        ("alternate", "https://intranat.example.se/lis/vad-ar-nytt/")]
    assert [(e.title, e.updated, e.link, e.summary) for e in parsed.entries] == [
        ("Provrutin, version 1.1", "2026-11-20T00:00:00+00:00", "https://intranat.example.se/lis/rutiner/provrutin/",
         "Version 1.1 av Provrutin är fastställd: Förvaltningsledningen 2026-11-20, diarienummer FAR 2026/9. "
         "(fastställd)"),
        ("Provrutin, version 1.1", "2026-11-02T00:00:00+00:00", "https://intranat.example.se/lis/rutiner/provrutin/",
         'Ny frist <script>alert("x")</script> & "citat" (saklig ändring)'),
        ("Provrutin, version 1.0.1", "2026-10-01T00:00:00+00:00",
         "https://intranat.example.se/lis/rutiner/provrutin/", "Stavfel rättade. (redaktionell ändring)"),
    ]
    assert [e.id for e in parsed.entries] == [
        "tag:lis-handboken,2026:Farsta%20stadsdelsf%C3%B6rvaltning/rutiner/provrutin.md/1.1/fastst%C3%A4lld",
        "tag:lis-handboken,2026:Farsta%20stadsdelsf%C3%B6rvaltning/rutiner/provrutin.md/1.1",
        "tag:lis-handboken,2026:Farsta%20stadsdelsf%C3%B6rvaltning/rutiner/provrutin.md/1.0.1"]


def test_entry_ids_name_the_note_never_the_host():
    """A new LIS_WEBBADRESS moves every link but keeps every id (issue 23, low: ids identify the thing)."""
    here, moved = feedparser.parse(_feed()), feedparser.parse(_feed("https://lis.farsta.example/"))
    assert [e.id for e in moved.entries] == [e.id for e in here.entries]
    assert [e.link for e in moved.entries] != [e.link for e in here.entries]
    assert all("intranat" not in e.id and "example" not in e.id for e in here.entries)
    assert len({e.id for e in here.entries}) == len(here.entries)
    assert entry_id("Farsta stadsdelsförvaltning", ITEMS[1]) == here.entries[1].id


def test_feed_is_well_formed_and_escapes_markup():
    text = _feed()
    tree = ET.fromstring(text.encode("utf-8"))
    assert tree.tag == f"{{{ATOM}}}feed"
    summaries = [e.text for e in tree.iter(f"{{{ATOM}}}summary")]
    assert summaries[1] == 'Ny frist <script>alert("x")</script> & "citat" (saklig ändring)'
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_control_characters_cannot_break_the_xml():
    hostile = NewsItem("rutiner/provrutin.md", date(2026, 11, 2), NewsKind.SUBSTANTIVE, "1.1",
                       "Rad\x01med\x0bstyrtecken ]]> <!-- &amp;", "rutiner/provrutin.md/1.1")
    parsed = feedparser.parse(_feed(items=[hostile]))
    assert parsed.bozo == 0
    assert parsed.entries[0].summary == "Radmedstyrtecken ]]> <!-- &amp; (saklig ändring)"


def test_an_empty_feed_is_still_valid():
    parsed = feedparser.parse(_feed(items=[]))
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "2026-11-28T00:00:00+00:00"
