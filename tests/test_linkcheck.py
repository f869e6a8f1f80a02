"""The offline link check on a small hand-written site: what it reports, and that it reads each page once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from macros import linkcheck

START = """<html><head><link rel="canonical" href="https://intranat.example/lis/"></head>
<body><a href="rutiner/#steg-1">Steg 1</a><a href="rutiner/">Rutiner</a></body></html>"""
ROUTINES = """<html><body><h2 id="steg-1">Steg 1</h2><h2 id="steg-2">Steg 2</h2>
<a href="../system/#alfa">Alfa</a></body></html>"""
SYSTEM_LINKS = "".join(f'<a href="../rutiner/#steg-{n % 2 + 1}">Steg</a>' for n in range(40))
SYSTEMS = f"""<html><body><h2 id="alfa">Alfa</h2>{SYSTEM_LINKS}
<a href="../rutiner/#steg-3">Saknas</a><a href="/lis/#topp">Start</a></body></html>"""


def write_site(site: Path) -> None:
    for path, html in {"index.html": START, "rutiner/index.html": ROUTINES, "system/index.html": SYSTEMS}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")


def test_the_link_check_reports_missing_anchors_under_the_published_path(tmp_path):
    write_site(tmp_path)
    assert linkcheck.check_site(tmp_path) == [
        "system/index.html: länken ../rutiner/#steg-3 pekar på ankaret #steg-3 som inte finns",
        "system/index.html: länken /lis/#topp pekar på ankaret #topp som inte finns",
    ]


def test_the_link_check_parses_every_page_once_however_many_links_point_into_it(tmp_path, monkeypatch):
    # 43 links with an anchor point into two pages; each of the three pages is still read once
    # (the start page too, although its canonical address also gives the site's path).
    write_site(tmp_path)
    parsed: Counter[str] = Counter()
    parse = linkcheck._parse

    def counting(path: Path) -> linkcheck._Page:
        parsed[path.relative_to(tmp_path).as_posix()] += 1
        return parse(path)

    monkeypatch.setattr(linkcheck, "_parse", counting)
    assert len(linkcheck.check_site(tmp_path)) == 2
    assert parsed == {"index.html": 1, "rutiner/index.html": 1, "system/index.html": 1}


def test_a_folder_link_needs_the_folders_index_page_and_a_file_is_no_folder(tmp_path):
    write_site(tmp_path)
    (tmp_path / "filer").mkdir()
    (tmp_path / "filer" / "lista.csv").write_text("a;b\n", encoding="utf-8")
    (tmp_path / "index.html").write_text(START.replace(
        "</body>", '<a href="filer/">Filer</a><a href="filer/lista.csv/">Lista</a><a href="system">System</a>'
                   '<a href="filer//lista.csv">Lista</a></body>'), encoding="utf-8")
    assert linkcheck.check_site(tmp_path) == [
        "index.html: länken filer/ pekar på en sida eller fil som inte finns",
        "index.html: länken filer/lista.csv/ pekar på en sida eller fil som inte finns",
        "system/index.html: länken ../rutiner/#steg-3 pekar på ankaret #steg-3 som inte finns",
        "system/index.html: länken /lis/#topp pekar på ankaret #topp som inte finns",
    ]


@pytest.mark.process  # worker processes
def test_parsing_in_worker_processes_finds_the_same_problems(tmp_path, monkeypatch):
    write_site(tmp_path)
    serial = linkcheck.check_site(tmp_path)
    monkeypatch.setattr(linkcheck, "PARALLEL_FROM", 1)
    monkeypatch.setattr(linkcheck.os, "cpu_count", lambda: 2)
    assert linkcheck.check_site(tmp_path) == serial
    assert len(serial) == 2
