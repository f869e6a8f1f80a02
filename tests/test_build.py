"""A real strict build of the real handbook, content-agnostic, and builds of broken copies that must fail cleanly.

The real content is the coordinator's to replace, so nothing here counts or quotes it; counted
assertions run on the fixture project (tests/test_fixture_site.py)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from macros import navcheck
from tests.build_helpers import ROOT, BuildResult, build, copy_project, is_governing
from tests.conftest import replace_in
from tests.fixture_project import fixture_project

pytestmark = pytest.mark.build


def cells(html: str, caption_start: str) -> list[list[str]]:
    """The body rows of the table whose caption starts with `caption_start`, as plain text."""
    match = re.search(r"<table[^>]*>\s*<caption>" + re.escape(caption_start) + r".*?</table>", html, re.S)
    assert match, f"no table captioned {caption_start!r}"
    body = re.search(r"<tbody>(.*?)</tbody>", match.group(0), re.S).group(1)
    return [[unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_build_is_clean_and_strict(site):
    assert "WARNING" not in site.output
    assert "Traceback" not in site.output


def test_every_menu_page_is_built(site):
    """Content-agnostic: whatever the coordinator writes, every page in mkdocs.yml's menu is built."""
    pages = [page for _, page in navcheck.nav_entries(ROOT) if not re.match(r"https?://", page)]
    assert pages, "mkdocs.yml has no menu"
    for page in pages:
        built = page[:-len("index.md")] if page.endswith("index.md") else page[:-len(".md")] + "/"
        assert (site.site / built / "index.html").is_file(), page


def test_every_governing_page_is_in_the_register(site):
    """Content-agnostic: the register lists exactly the pages with `styrdokument:` front matter."""
    rows = cells(site.html("styrande/index.html"), "Dokumentregister")
    governing = [p for p in (ROOT / "docs").rglob("*.md") if is_governing(p)]
    assert governing
    assert len(rows) == len(governing)


def test_site_requests_nothing_from_other_hosts(site):
    for page in site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for tag in re.findall(r"<(?:script|link|img)[^>]+>", html):
            if 'rel="canonical"' in tag:
                continue  # names the page's own intranet address; nothing is fetched
            src = re.search(r'(?:src|href)="([^"]+)"', tag)
            assert not (src and re.match(r"(https?:)?//", src.group(1))), (page, tag)


def test_swedish_language_and_search(site):
    assert '<html lang="sv"' in site.html("index.html")
    assert (site.site / "assets/javascripts/lunr/min/lunr.sv.min.js").exists()


# Broken on the fixture project (tests/fixtures/data/system.yaml), whose lines the test controls.
@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("data/system.yaml", "  - id: beta", "  - id: alfa",
     'system "alfa", fält "id": id "alfa" används redan av en tidigare post'),
    ("data/system.yaml", "    syfte: Klassad 2026, uppföljning inte förfallen.", "  syfte: Klassad 2026.",
     "data/system.yaml, rad 5: fel indrag"),
    ("data/system.yaml", "      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns",
     "      K: 9\n      R: 2\n      T: 2\n    pub_avtal: finns",
     'data/system.yaml, rad 15, system "alfa", fält "klassning.K": nivån 9 finns inte i skalan'),
    ("data/system.yaml", "    klassningsprotokoll: 2026-02-01", "    klassningsprotokoll: 2026-13-45",
     'data/system.yaml, rad 12, system "alfa", fält "klassningsprotokoll": 2026-13-45 är inget giltigt datum'),
    ("data/system.yaml", "    namn: Alfa\n", "    namn: Alfa\n    nis_omfattad: ja\n",
     'system "alfa", fält "nis_omfattad": okänt fält'),
])
def test_broken_data_stops_the_build_with_the_loaders_message(tmp_path, file, old, new, expected):
    project = fixture_project(tmp_path / "handbok")
    replace_in(project / file, old, new)
    result = build(project)
    assert result.returncode != 0
    assert "Handbokens data innehåller" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output


OLD_PHRASE = "senast 24 timmar efter att förvaltningen fick kännedom om incidenten"


def pages_containing(result: BuildResult, phrase: str) -> set[str]:
    return {p.relative_to(result.site).as_posix() for p in result.site.rglob("*.html")
            if phrase in unescape(p.read_text(encoding="utf-8"))}


def test_changing_a_deadline_or_receiver_in_data_changes_every_page(site, tmp_path):
    before = pages_containing(site, OLD_PHRASE)
    receiver_before = pages_containing(site, "SLK:s informationssäkerhetsfunktion")
    assert {"rutiner/incidenthantering/index.html", "styrande/lagar-och-krav/index.html"} <= before
    project = copy_project(tmp_path / "handbook")
    replace_in(project / "data/organisation.yaml", "    timmar: 24\n", "    timmar: 12\n")
    # the district's own deadline to SLK must stay shorter than the legal one
    replace_in(project / "data/organisation.yaml", "    till_mottagaren_inom_timmar: 12 ", "    till_mottagaren_inom_timmar: 6 ")
    replace_in(project / "data/organisation.yaml", "namn: SLK:s informationssäkerhetsfunktion",
               "namn: Stadens säkerhetscentral")
    after = build(project)
    assert after.returncode == 0, after.output
    assert pages_containing(after, OLD_PHRASE) == set()
    assert pages_containing(after, OLD_PHRASE.replace("24", "12")) == before
    assert pages_containing(after, "SLK:s informationssäkerhetsfunktion") == set()
    assert pages_containing(after, "Stadens säkerhetscentral") == receiver_before


def test_removing_a_front_matter_field_from_a_routine_fails_the_build(tmp_path):
    project = fixture_project(tmp_path / "handbook")
    replace_in(project / "docs/rutiner/provrutin.md", "  ägare: samordnare\n", "")
    result = build(project)
    assert result.returncode != 0
    assert 'docs/rutiner/provrutin.md, rad 3, fält "styrdokument.ägare": fältet saknas men måste finnas' \
        in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("call", "expected"), [
    ('{{ kontakt("kalle") }}', 'docs/utbildning.md: makrot kontakt(\'kalle\'): Det finns ingen roll med id "kalle"'),
    ("{{ kontakta('samordnare') }}", "docs/utbildning.md, rad {line}: okänt makro eller okänd variabel: kontakta\n"),
    ("{{ kontakt('samordnare' }}", "docs/utbildning.md, rad {line}: mallsyntaxen är fel: "),
])
def test_a_wrong_macro_call_stops_the_build_in_swedish(tmp_path, call, expected):
    project = copy_project(tmp_path / "handbook")
    page = project / "docs/utbildning.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n{call}\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert expected.format(line=text.count("\n") + 2) in result.output
    assert "Traceback" not in result.output


def test_every_page_carries_the_policy_before_any_script_and_no_inline_script(site):
    """Class: script in page bodies. The Content-Security-Policy is the first thing after the charset
    on every page, and no page has an inline script for it to forbid (Material's are files)."""
    from markupsafe import escape

    from macros.csp import policy

    expected = f'<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="{escape(policy())}">'
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) >= 60
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert expected in text[:text.index("<script")], page
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text)
        assert inline == [], page
