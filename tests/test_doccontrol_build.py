"""Document control in real strict builds of a fixture project kept in git: notes, adopted editions, no commit text.

The fixture project (tests/fixtures/utskrift with its archive of six adopted routines) is committed in
git with hostile commit messages, an old branch merged late and a commit with an odd time zone. The
site shows the pages' change notes and the archive's decisions, and nothing of any commit message.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import feedparser
import pytest

from macros import cli
from macros.edition import handbook_version
from macros.search_index import indexed_text
from tests.build_helpers import ROOT, BuildResult, build, call_lis
from tests.conftest import replace_in
from tests.fixture_project import SUPERVISION_REQUEST, fixture_project
from tests.git_fixture import commit, git
from tests.test_build import cells

pytestmark = pytest.mark.build

EDITOR = "https://git.example.se/lis/-/edit/main/docs"
# A commit message as hostile as they come: markup, personal identity numbers, English, a wrapped trailer, 10 kB.
MARKERS = ("HOSTILE-SUBJECT", "900101-1239", "19121212-1212", "onerror=alert", "Refactor the frobnicator",
           "WRAPPED-TRAILER", "LONGLONG")
HOSTILE = ("HOSTILE-SUBJECT <img src=x onerror=alert(1)> Refactor the frobnicator for 900101-1239\n\n"
           + "LONGLONG " * 1200 + "\n\nSammanfattning: WRAPPED-TRAILER kontakt 19121212-1212 och\n  en rad till")
EDITORIAL = ('  ändringar:\n    - version: "1.0.1"\n      datum: 2026-11-25\n      typ: redaktionell\n'
             "      beskrivning: Stavfel rättade i texten.\n")
SUBSTANTIVE = ('  ändringar:\n    - version: "2.0"\n      datum: 2026-11-26\n      typ: saklig\n'
               "      beskrivning: \"Förslag: rapporten ska lämnas inom två timmar.\"\n")


def _version(page: Path, version: str) -> None:
    replace_in(page, '  version: "1.0"\n', f'  version: "{version}"\n')


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture in git: an editorial fix committed in August on a branch merged in November, then a
    substantive revision with a hostile message, then a commit with an odd time zone."""
    project = fixture_project(tmp_path_factory.mktemp("repo") / "handbok")
    shutil.copy(ROOT / "docs/vad-ar-nytt.md", project / "docs/vad-ar-nytt.md")
    git(project, "init", "-q")
    commit(project, "Fixture", "2026-01-10T09:00:00+01:00")
    git(project, "checkout", "-q", "-b", "gammal")
    page = project / "docs/rutiner/incidenthantering.md"
    replace_in(page, "Provrutin som", "Provrutin, som")
    replace_in(page, "  ändringar:\n", EDITORIAL)
    _version(page, "1.0.1")
    commit(project, "Fix typo (committed in August, merged in November)", "2026-08-01T10:00:00+02:00")
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-ff", "-m", "Merge old branch", "gammal", when="2026-11-27T10:00:00+01:00")
    page = project / "docs/rutiner/provrutin.md"
    replace_in(page, "## Syfte\n", "## Syfte\n\nRapporten ska lämnas inom två timmar.\n")
    replace_in(page, "  ändringar:\n", SUBSTANTIVE)
    _version(page, "2.0")
    commit(project, HOSTILE, "2026-11-26T10:00:00+01:00")
    return project


@pytest.fixture(scope="module")
def site(repo: Path) -> BuildResult:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIS_REDIGERA", EDITOR)
        result = build(repo)
    assert result.returncode == 0, result.output
    return result


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_a_substantive_note_shows_the_page_under_revision_with_the_adopted_edition(site):
    html = site.html("rutiner/provrutin/index.html")
    text = _text(html)
    assert ("Under revidering Texten på sidan är version 2.0, ett förslag som inte är fastställt. Den fastställda "
            "utgåvan, version 1.0 (fastställd 2026-01-26), gäller tills en ny version har fastställts: PDF (1 kB) · "
            "källtext .") in text
    assert '<a href="../../arkiv/rutiner/provrutin/1.0/provrutin.pdf">PDF (1 kB)</a>' in html
    assert (site.site / "arkiv/rutiner/provrutin/1.0/provrutin.pdf").read_bytes().startswith(b"%PDF-")
    assert ("Status: under revidering · Gällande utgåva: version 1.0 (fastställd 2026-01-26) gäller tills den nya är "
            "fastställd · Beslutad av: Förvaltningsledningen · Beslutsdatum: 2026-01-26 · Diarienummer: PROV 2026/1"
            ) in text
    rows = {row[0]: row for row in cells(site.html("styrande/index.html"), "Dokumentregister")}
    assert rows["Provrutin"][3:7] == ["2.0", "under revidering",
                                      "Förvaltningsledningen 2026-01-26, diarienummer PROV 2026/1",
                                      "version 1.0: PDF (1 kB) · källtext"]
    assert rows["Provrutin"][9] == "2026-11-26"  # Senast ändrad: the note's date


def test_the_version_history_lists_the_notes_and_the_decision(site):
    html = site.html("rutiner/provrutin/index.html")
    history = re.search(r'<details class="info lis-historik"[^>]*>(.*?)</details>', html, re.S)
    assert history and "<summary>Versionshistorik (2 ändringar)</summary>" in history.group(1)
    assert [[_text(c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", history.group(1), re.S)][1:] == [
        ["2.0", "2026-11-26", "saklig", "Förslag: rapporten ska lämnas inom två timmar.", "inte fastställd ännu"],
        ["1.0", "2026-01-26", "saklig", "Provrutinens första fastställda version.",
         "Förvaltningsledningen 2026-01-26, diarienummer PROV 2026/1 ( PDF (1 kB) · källtext )"]]


def test_an_editorial_note_keeps_the_page_in_force_and_is_listed(site):
    text = _text(site.html("rutiner/incidenthantering/index.html"))
    assert "Styrdokument Dokumenttyp: rutin" in text and "Status: gällande" in text
    assert "Version: 1.0.1" in text and "Under revidering" not in text
    assert "1.0.1 2026-11-25 redaktionell Stavfel rättade i texten. behövs inte för en redaktionell ändring" in text


def test_whats_new_and_the_feed_show_the_notes_dated_by_the_notes(site):
    """The branch committed in August and merged in November is dated 2026-11-25, as its note says."""
    rows = cells(site.html("vad-ar-nytt/index.html"), "Ändringar de senaste 90 dagarna")
    assert rows == [
        ["2026-11-26", "Provrutin", "2.0", "Förslag: rapporten ska lämnas inom två timmar.", "saklig ändring"],
        ["2026-11-25", "Incidenthantering", "1.0.1", "Stavfel rättade i texten.", "redaktionell ändring"]]
    feed = feedparser.parse((site.site / "vad-ar-nytt.xml").read_bytes())
    assert feed.bozo == 0
    assert [(e.title, e.updated, e.summary) for e in feed.entries] == [
        ("Provrutin, version 2.0 (exempeldata)", "2026-11-26T00:00:00+00:00",  # the fixture is example data
         "Förslag: rapporten ska lämnas inom två timmar. (saklig ändring)"),
        ("Incidenthantering, version 1.0.1 (exempeldata)", "2026-11-25T00:00:00+00:00",
         "Stavfel rättade i texten. (redaktionell ändring)")]
    assert feed.entries[0].id == "tag:lis-handboken,2026:Farsta%20stadsdelsf%C3%B6rvaltning/rutiner/provrutin.md/2.0"
    # The notes are about documents the search finds itself: the list is not searched, the page's introduction is.
    indexed = indexed_text(site.html("vad-ar-nytt/index.html"))
    assert indexed is not None and "Vad är nytt" in indexed
    assert "rapporten ska lämnas inom två timmar" not in indexed and "Stavfel rättade" not in indexed


def test_no_commit_message_appears_anywhere_on_the_site(site):
    """Issue 23 H3 and issue 24: subjects and trailers are never published (pages, feed, search index, files)."""
    found = {}
    for path in site.site.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            hits = [m for m in MARKERS if m.encode() in content]
            if hits:
                found[path.relative_to(site.site).as_posix()] = hits
    assert found == {}
    # Issue 23 L8: the collapsed history stays out of the search index (Pagefind reads what indexed_text keeps).
    indexed = indexed_text(site.html("rutiner/provrutin/index.html"))
    assert indexed is not None and "Provrutin" in indexed
    assert "Rapporten ska lämnas inom två timmar." in indexed  # the body is searched
    assert "Versionshistorik" not in indexed and "Förslag: rapporten" not in indexed  # the notes are not


def test_the_supervision_package_holds_no_commit_message(repo, tmp_path, monkeypatch, capsys):
    project = tmp_path / "kopia"
    shutil.copytree(repo, project, ignore=shutil.ignore_patterns("site"))
    (project / "data/genomgangar.yaml").write_text(
        "genomgångar:\n  - år: 2025\n    status: pågår\n  - år: 2026\n    status: pågår\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("LIS_DATE", "2026-11-28")
    assert cli.main(["tillsyn", "--mapp", "paket", *SUPERVISION_REQUEST]) == 0, capsys.readouterr().err
    package = {p.name: p.read_bytes() for p in (project / "paket").iterdir()}
    assert "styrdokument-rutiner-provrutin-1.0.pdf" in package  # the adopted edition, not the text under revision
    assert package["styrdokument-rutiner-provrutin-1.0.pdf"] == (
        project / "docs/arkiv/rutiner/provrutin/1.0/provrutin.pdf").read_bytes()
    assert {name: [m for m in MARKERS if m.encode() in content] for name, content in package.items()
            if any(m.encode() in content for m in MARKERS)} == {}


def test_the_edit_link_and_no_link_on_generated_pages(site):
    html = site.html("rutiner/provrutin/index.html")
    assert (f'<a href="{EDITOR}/rutiner/provrutin.md" title="Redigera sidan" class="md-content__button md-icon" '
            'rel="edit">') in html
    assert 'rel="edit"' not in site.html("system/alfa/index.html")


def test_an_odd_time_zone_in_a_commit_does_not_stop_the_version_stamp(repo, tmp_path):
    """Issue 23 L1: a crafted commit (time zone +9959) gives a stamp, not a traceback."""
    project = tmp_path / "tz"
    shutil.copytree(repo, project, ignore=shutil.ignore_patterns("site"))
    tree = git(project, "rev-parse", "HEAD^{tree}").strip()
    parent = git(project, "rev-parse", "HEAD").strip()
    raw = (f"tree {tree}\nparent {parent}\nauthor T <t@example.invalid> 1796283701 +9959\n"
           "committer T <t@example.invalid> 1796283701 +9959\n\nOdd zone\n")
    crafted = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=project, input=raw,
                             capture_output=True, text=True, check=True).stdout.strip()
    git(project, "reset", "-q", "--soft", crafted)
    assert handbook_version(project) == f"git {crafted[:7]} (2026-12-07)"
    result = call_lis(project, "kontrollera")
    assert result.returncode == 0, result.stderr


# --- lis kontrollera on a changed adopted page, archive and ledger ------------------------------------------


@pytest.fixture
def checked(repo: Path, tmp_path: Path) -> Any:
    project = tmp_path / "kopia"
    shutil.copytree(repo, project, ignore=shutil.ignore_patterns("site", ".git"))

    def run() -> tuple[int, str]:
        result = call_lis(project, "kontrollera")
        return result.returncode, result.stdout + result.stderr
    return project, run


def test_a_substantive_edit_without_a_note_fails_with_the_file_and_lines(checked):
    project, run = checked
    page = project / "docs/rutiner/personuppgiftsincidenter.md"
    replace_in(page, "Provrutin som", "Provrutin där anmälan görs inom 24 timmar, som")
    assert run() == (1, "Handbokens data innehåller 1 fel. Rätta det och bygg igen.\n"
                        "  - docs/rutiner/personuppgiftsincidenter.md, rad 18: skiljer sig från den fastställda "
                        "utgåvan (version 1.0, fastställd 2026-03-09, i docs/arkiv/rutiner/personuppgiftsincidenter/"
                        "1.0/), men ingen ändring är antecknad efter den. Lägg till en ändring överst under "
                        "styrdokument: ändringar: med ny version, datum, typ (redaktionell eller saklig) och "
                        "beskrivning, eller återställ texten.\n")


def test_a_replaced_archived_file_fails_the_check(checked):
    project, run = checked
    (project / "docs/arkiv/rutiner/provrutin/1.0/provrutin.pdf").write_bytes(b"%PDF-1.7\n% en annan fil\n")
    code, out = run()
    assert code == 1
    assert ("docs/arkiv/liggare.yaml, rad 32, fastställelse 2 (rutiner/provrutin.md version 1.0), fält \"filer\": "
            "docs/arkiv/rutiner/provrutin/1.0/provrutin.pdf stämmer inte med kontrollsumman i liggaren: filen har "
            "bytts ut eller ändrats efter arkiveringen. En arkiverad utgåva ersätts aldrig; återställ filen från git."
            ) in out


def test_an_edited_ledger_entry_fails_the_check(checked):
    project, run = checked
    replace_in(project / "docs/arkiv/liggare.yaml", 'diarienummer: "PROV 2026/1"', 'diarienummer: "PROV 2026/9"')
    code, out = run()
    assert code == 1
    assert ('docs/arkiv/liggare.yaml, rad 34, fastställelse 2 (rutiner/provrutin.md version 1.0), fält '
            '"kontrollsumma": posten stämmer inte med sin kontrollsumma: den har ändrats, eller en post före den har '
            "ändrats eller tagits bort. Liggaren får bara växa genom lis faststall. Återställ filen från git "
            "(git checkout -- docs/arkiv/liggare.yaml).") in out


# --- The edit link's address ----------------------------------------------------------------------------


def _config() -> Any:
    """A MkDocs config as the hook receives it (attribute and key access), not yet validated."""
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "LIS", "site_url": "https://lis.example/", "edit_uri": None})
    return config


@pytest.mark.parametrize(("value", "expected"), [
    ("", None),
    ("https://git.example.se/lis/-/edit/main/docs", "https://git.example.se/lis/-/edit/main/docs/"),
    ("https://git.example.se/lis/-/edit/main/docs/", "https://git.example.se/lis/-/edit/main/docs/"),
])
def test_edit_address_comes_from_the_environment(monkeypatch, value, expected):
    from macros.adapters.mkdocs_plugin import configure_addresses

    monkeypatch.delenv("LIS_WEBBADRESS", raising=False)
    monkeypatch.setenv("LIS_REDIGERA", value)
    assert configure_addresses(_config())["edit_uri"] == expected


@pytest.mark.parametrize(("value", "shown"), [
    ("git.example.se/lis", "git.example.se/lis"),
    ("https://git.x/-/edit/main/docs/\x01\x1b[2J", "https://git.x/-/edit/main/docs/\\x01\\x1b[2J"),  # C0 (issue 23)
    ("https://git.x/docs/\x85\x9b", "https://git.x/docs/\\x85\\x9b"),  # C1
    ("https://git.x/docs/\t", "https://git.x/docs/\\t"),
    ("https://git.x/do\u202ecs/", "https://git.x/do\\u202ecs/"),
    ("https://git.x/\"><img src=x>/", "https://git.x/\"><img src=x>/"),
    ("javascript:alert(1)//x/", "javascript:alert(1)//x/"),
])
def test_a_malformed_edit_address_stops_the_build_in_swedish(monkeypatch, value, shown):
    from mkdocs.exceptions import PluginError

    from macros.adapters.mkdocs_plugin import configure_addresses

    monkeypatch.delenv("LIS_WEBBADRESS", raising=False)
    monkeypatch.setenv("LIS_REDIGERA", value)
    with pytest.raises(PluginError) as err:
        configure_addresses(_config())
    assert str(err.value) == (
        "Handbokens data innehåller 1 fel. Rätta det och bygg igen.\n"
        f'  - LIS_REDIGERA: är "{shown}", men ska vara webbredigerarens adress till mappen docs/ (bara bokstäver '
        "a–z, siffror och de tecken en webbadress har; inga mellanslag, citattecken eller kontrolltecken), till "
        "exempel https://git.intranat.example/lis/handboken/-/edit/main/docs/")
