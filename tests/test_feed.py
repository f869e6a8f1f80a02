"""The Atom feed of "Vad är nytt": valid for a real feed parser, well-formed XML, stable ids."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest

from macros.atom import ATOM, atom_feed, entry_id
from macros.history import read_history
from tests.git_fixture import make_history

SITE = "https://intranat.example.se/lis/"
TITLES = {"rutiner/provrutin.md": "Provrutin", "ledningens-genomgang/2026.md": "Ledningens genomgång 2026"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("repo")
    return root, make_history(root)


def _feed(root: Path, as_of: date = date(2026, 11, 28)) -> str:
    history = read_history(root / "docs")
    return atom_feed(history.recent(TITLES, as_of), TITLES, SITE, as_of, "Vad är nytt i LIS-handboken",
                     "Farsta stadsdelsförvaltning", "vad-ar-nytt.md", "vad-ar-nytt.xml")


def test_feed_validates_with_a_feed_parser(repo):
    root, hashes = repo
    parsed = feedparser.parse(_feed(root))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Vad är nytt i LIS-handboken"
    assert parsed.feed.id == "tag:intranat.example.se,2026:lis/vad-ar-nytt.xml"
    assert parsed.feed.updated == "2026-11-28T07:15:00+01:00"
    assert parsed.feed.author == "Farsta stadsdelsförvaltning"
    assert [(link.rel, link.href) for link in parsed.feed.links] == [
        ("self", "https://intranat.example.se/lis/vad-ar-nytt.xml"),
        ("alternate", "https://intranat.example.se/lis/vad-ar-nytt/")]
    assert [(e.title, e.updated, e.link, e.summary) for e in parsed.entries] == [
        ("Ledningens genomgång 2026", "2026-11-28T07:15:00+01:00",
         "https://intranat.example.se/lis/ledningens-genomgang/2026/",
         'Genomgång <script>alert("x")</script> & "citat"'),
        ("Provrutin", "2026-11-01T09:00:00+01:00", "https://intranat.example.se/lis/rutiner/provrutin/",
         "Byt namn på rutinen"),
        ("Provrutin, version 1.1", "2026-10-20T14:00:00+02:00", "https://intranat.example.se/lis/rutiner/provrutin/",
         "Nya tidsfrister för rapporten (ny version: 1.1)"),
        ("Provrutin", "2026-08-31T08:00:00+02:00", "https://intranat.example.se/lis/rutiner/provrutin/",
         "Förtydliga steg 2"),
    ]
    assert parsed.entries[2].id == f"tag:intranat.example.se,2026:lis/rutiner/provrutin.md/{hashes['version']}"


def test_feed_is_well_formed_and_escapes_markup(repo):
    root, _ = repo
    text = _feed(root)
    tree = ET.fromstring(text.encode("utf-8"))
    assert tree.tag == f"{{{ATOM}}}feed"
    summaries = [e.text for e in tree.iter(f"{{{ATOM}}}summary")]
    assert summaries[0] == 'Genomgång <script>alert("x")</script> & "citat"'
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_entry_ids_are_stable_and_unique(repo):
    root, _ = repo
    first, second = feedparser.parse(_feed(root)), feedparser.parse(_feed(root, date(2026, 11, 29)))
    ids = [e.id for e in first.entries]
    assert len(set(ids)) == len(ids)
    assert [e.id for e in second.entries] == ids[:3]  # a day later the oldest has left the window


def test_control_characters_cannot_break_the_xml(repo):
    root, _ = repo
    history = read_history(root / "docs")
    [change] = [c for c in history.recent(TITLES, date(2026, 11, 28)) if c.new_version]
    hostile = replace(change, subject="Rad\x01med\x0bstyrtecken ]]> <!-- &amp;")
    text = atom_feed([hostile], TITLES, SITE, date(2026, 11, 28), "T", "F", "vad-ar-nytt.md", "vad-ar-nytt.xml")
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0
    assert parsed.entries[0].summary == "Radmedstyrtecken ]]> <!-- &amp; (ny version: 1.1)"
    assert entry_id(SITE, hostile) == parsed.entries[0].id


def test_an_empty_feed_is_still_valid():
    text = atom_feed([], {}, SITE, date(2026, 11, 28), "T", "F", "vad-ar-nytt.md", "vad-ar-nytt.xml")
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "2026-11-28T00:00:00+00:00"
