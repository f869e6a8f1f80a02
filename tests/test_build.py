"""A real strict build of the real handbook, and builds of broken copies that must fail cleanly."""

from __future__ import annotations

import re
from html import unescape

import pytest

from macros.loader import load_handbook
from tests.build_helpers import ROOT, BuildResult, build, copy_project
from tests.conftest import replace_in

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


def test_inventory_lists_every_system_in_use(site):
    hb = load_handbook(ROOT / "data")
    rows = cells(site.html("uppfoljning/systemforteckning/index.html"), "Systemförteckning")
    in_use = [s for s in hb.systems if not (s.retired and s.retired.isoformat() <= "2026-11-28")]
    assert sorted(r[0] for r in rows) == sorted(s.name for s in in_use)
    assert len(rows) == 29  # 30 systems in data, one retired on 2026-06-30


def test_progress_equals_hand_count_of_example_data(site):
    html = site.html("uppfoljning/index.html")
    assert cells(html, "Måluppfyllelse 2026 – beräknat per 2026-11-28") == [
        ["Fullständiga klassningar 2026", "12", "7", "5", "58\u00a0%", "nej"],
        ["Klassningsprotokoll 2026", "18", "9", "9", "50\u00a0%", "nej"],
    ]
    overdue = cells(html, "Försenade uppföljningar")
    assert sorted(r[0] for r in overdue) == ["Diarium och ärendehantering", "Ekonomisystem", "Journal- och läkemedelssystem (HSL)", "Sociala system"]


def test_every_page_shows_the_example_data_notice(site):
    pages = list(site.site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        assert "Exempeldata:" in page.read_text(encoding="utf-8"), page


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


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("data/system.yaml", "  - id: trygghetslarm", "  - id: sociala-system",
     'system "sociala-system", fält "id": id "sociala-system" används redan av en tidigare post'),
    ("data/system.yaml", "    syfte: Stadsgemensamt system för handläggning", "  syfte: Stadsgemensamt system för handläggning",
     "data/system.yaml, rad 9: fel indrag"),
    ("data/system.yaml", "      K: 3\n      R: 3\n      T: 2\n      S: 2\n    uppföljd: 2025-09-22",
     "      K: 9\n      R: 3\n      T: 2\n      S: 2\n    uppföljd: 2025-09-22",
     'data/system.yaml, rad 20, system "sociala-system", fält "klassning.K": nivån 9 finns inte i skalan'),
    ("data/system.yaml", "    klassningsprotokoll: 2024-05-14", "    klassningsprotokoll: 2026-13-45",
     'data/system.yaml, rad 17, system "sociala-system", fält "klassningsprotokoll": 2026-13-45 är inget giltigt datum'),
    ("data/system.yaml", "    namn: Sociala system\n", "    namn: Sociala system\n    nis_omfattad: ja\n",
     'system "sociala-system", fält "nis_omfattad": okänt fält'),
])
def test_broken_data_stops_the_build_with_the_loaders_message(tmp_path, file, old, new, expected):
    project = copy_project(tmp_path / "handbook")
    replace_in(project / file, old, new)
    result = build(project)
    assert result.returncode != 0
    assert "Handbokens data innehåller" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_register_lists_every_governing_page_with_overdue_flags(site):
    rows = cells(site.html("styrande/index.html"), "Dokumentregister")
    flags = {row[0]: row[9] for row in rows}
    governing = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")
                       if "\nstyrdokument:" in p.read_text(encoding="utf-8"))
    assert len(rows) == len(governing) == 19  # the policy page summarises the city's policy: support, not governing
    assert [name for name, flag in flags.items() if flag.startswith("försenad")] == ["Behörighetshantering"]
    assert flags["Behörighetshantering"] == "försenad 165 dagar"  # next review 2026-06-16
    assert flags["Lokal tillämpningsanvisning för informationssäkerhet"] == "inom 74 dagar"
    assert flags["Incidenthantering"] == "inom 59 dagar"
    assert flags["AI-användning"] == "i tid"


def test_overdue_page_carries_a_warning_banner(site):
    assert "Granskningen är försenad" in site.html("rutiner/behorighetshantering/index.html")
    assert "Granskningen är försenad" not in site.html("rutiner/incidenthantering/index.html")
    assert "Planerad granskning: 2027-01-26" in site.html("rutiner/incidenthantering/index.html")


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
    replace_in(project / "data/organisation.yaml", "namn: SLK:s informationssäkerhetsfunktion",
               "namn: Stadens säkerhetscentral")
    after = build(project)
    assert after.returncode == 0, after.output
    assert pages_containing(after, OLD_PHRASE) == set()
    assert pages_containing(after, OLD_PHRASE.replace("24", "12")) == before
    assert pages_containing(after, "SLK:s informationssäkerhetsfunktion") == set()
    assert pages_containing(after, "Stadens säkerhetscentral") == receiver_before


def test_removing_a_front_matter_field_from_a_routine_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "handbook")
    replace_in(project / "docs/rutiner/pub-avtal.md", "  ägare: samordnare\n", "")
    result = build(project)
    assert result.returncode != 0
    assert 'docs/rutiner/pub-avtal.md, rad 4, fält "styrdokument.ägare": fältet saknas men måste finnas' \
        in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("call", "expected"), [
    ('{{ kontakt("kalle") }}', 'docs/utbildning.md: makrot kontakt(\'kalle\'): Det finns ingen roll med id "kalle"'),
    ("{{ kontakta('samordnare') }}", "docs/utbildning.md: okänt makro eller okänd variabel: kontakta."),
    ("{{ kontakt('samordnare' }}", "docs/utbildning.md: mallsyntaxen är fel på rad"),
])
def test_a_wrong_macro_call_stops_the_build_in_swedish(tmp_path, call, expected):
    project = copy_project(tmp_path / "handbook")
    page = project / "docs/utbildning.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{call}\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert expected in result.output
    assert "Traceback" not in result.output


def test_hostile_data_renders_as_text_in_a_real_build(tmp_path):
    project = copy_project(tmp_path / "handbook")
    hostile = '<script>alert(1)</script> | *fet* [x](javascript:alert(1)) {{ 7*7 }} {% if x %} --8<-- "a"'
    replace_in(project / "data/system.yaml", "    namn: Sociala system\n",
               f"    namn: '{hostile}'\n")
    result = build(project)
    assert result.returncode == 0, result.output
    html = result.html("uppfoljning/systemforteckning/index.html")
    rows = cells(html, "Systemförteckning")
    assert len(rows) == 29 and {len(r) for r in rows} == {14}
    assert hostile in [r[0] for r in rows]
    assert "<script>alert" not in html and 'href="javascript' not in html and "49" not in rows[0][0]
