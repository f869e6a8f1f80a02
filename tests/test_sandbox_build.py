"""Class: code execution from a page (server-side template injection), in real builds.

The fixture project's Behörighetshantering (a page CODEOWNERS gives to the system owners) gets
every escape of tests/hostile.py TEMPLATE_ESCAPES, one per line: the build stops, names the page
and the line of each escape, creates no file and publishes no environment value. The legitimate
template uses render as before. The unit-level tests of each escape: tests/test_sandbox.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.archive_fixture import note_change
from tests.build_helpers import build
from tests.fixture_project import fixture_project
from tests.hostile import TEMPLATE_ESCAPES, TEMPLATE_LEGITIMATE

PAGE = "rutiner/behorighetshantering.md"
SECRET = "LIS_TEST_HEMLIGHET"
SECRET_VALUE = "hemligt-varde-4711"


def _append(page: Path, lines: list[str]) -> int:
    """Append `lines` (a blank line between each) to `page`; the file line of the first.

    The page is adopted in the fixture, so the change is noted; else the edition check stops the build first."""
    note_change(page, "1.0", "1.0.1")
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return text.count("\n") + 2


def test_every_escape_stops_the_build_naming_page_and_line_and_nothing_runs(tmp_path, monkeypatch):
    monkeypatch.setenv(SECRET, SECRET_VALUE)
    sentinel = tmp_path / "SSTI-BEVIS"
    project = fixture_project(tmp_path / "handbok")
    escapes = [f"{name}: {text.format(sentinel=sentinel, secret=SECRET)}" for name, text in TEMPLATE_ESCAPES.items()]
    first = _append(project / "docs" / PAGE, escapes)
    result = build(project)
    assert result.returncode != 0
    for number, escape in enumerate(escapes):
        assert f"docs/{PAGE}, rad {first + 2 * number}: " in result.output, escape
    assert "En sida får bara anropa handbokens makron med fasta värden" in result.output
    assert "Traceback" not in result.output
    assert not sentinel.exists()
    published = [p for p in result.site.rglob("*") if p.is_file()] if result.site.exists() else []
    assert not any(SECRET_VALUE.encode() in p.read_bytes() for p in published)
    assert SECRET_VALUE not in result.output


@pytest.mark.parametrize("name", ["globals_popen", "globals_environ"])
def test_the_reviews_payloads_each_stop_the_build(tmp_path, monkeypatch, name):
    """H4 of the 2026-12 review, exactly as reported, each alone on the page."""
    monkeypatch.setenv(SECRET, SECRET_VALUE)
    sentinel = tmp_path / "SSTI-PROOF"
    project = fixture_project(tmp_path / "handbok")
    line = _append(project / "docs" / PAGE, [f"SSTI: {TEMPLATE_ESCAPES[name].format(sentinel=sentinel, secret=SECRET)}"])
    result = build(project)
    assert result.returncode != 0
    assert (f'docs/{PAGE}, rad {line}: "{{{{ roll.__globals__.os.') in result.output
    assert "är inte tillåtet i en sida" in result.output
    assert not sentinel.exists()
    assert SECRET_VALUE not in result.output


def test_legitimate_template_uses_render_as_before(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    _append(project / "docs" / PAGE, [f"MALL-{name}: {text}" for name, text in TEMPLATE_LEGITIMATE.items()])
    result = build(project)
    assert result.returncode == 0, result.output
    html = result.html("rutiner/behorighetshantering/index.html")
    assert "MALL-macro: Informationssäkerhetssamordnare</p>" in html
    assert "MALL-organisation: Farsta stadsdelsförvaltning, Farsta stadsdelsnämnd, Stockholms stad" in html
    assert "MALL-date: 2026-11-28" in html
    assert "MALL-number: 12</p>" in html and "MALL-keywords: 12</p>" in html
    assert "MALL-raw: {{ roll.<strong>globals</strong> }} {% set x = 1 %}" in html  # shown as written (Markdown bolds __x__)
    assert "MALL-comment: </p>" in html
