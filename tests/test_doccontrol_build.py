"""Document control in real strict builds of a handbook kept in a git repository with known commits."""

from __future__ import annotations

import hashlib
import re
from html import unescape
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.build_helpers import BuildResult, build, copy_project
from tests.conftest import replace_in
from tests.git_fixture import commit, git, write
from tests.test_build import cells

pytestmark = pytest.mark.build

DRAFT = """---
title: Provrutin
styrdokument:
  typ: rutin
  ägare: samordnare
{decision}  version: "{version}"
  nästa_granskning: 2027-10-05
  nis2: [h]
---

# Provrutin

{body}
"""
DECISION = "  beslutad_av: forvaltningsledning\n  fastställd: 2026-10-05\n  diarienummer: FAR 2026/99\n"
PDF = b"%PDF-1.7\n% provutgava\n%%EOF\n"
EDITOR = "https://git.example.se/lis/-/edit/main/docs"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The handbook in git: one old commit of everything, then a routine's draft, decision and an archive."""
    project = copy_project(tmp_path_factory.mktemp("repo") / "handbook")
    replace_in(project / "mkdocs.yml", "      - rutiner/index.md\n",
               "      - rutiner/index.md\n      - Provrutin: rutiner/provrutin.md\n")
    git(project, "init", "-q")
    hashes = {"start": commit(project, "Första versionen av handboken", "2026-01-10T09:00:00+01:00")}
    routine = project / "docs/rutiner/provrutin.md"
    write(routine, DRAFT.format(decision="", version="1.0", body="Utkast."))
    hashes["draft"] = commit(project, "Ny provrutin (utkast)", "2026-09-01T10:00:00+02:00")
    write(routine, DRAFT.format(decision=DECISION, version="1.1", body="Beslutad text."))
    hashes["decision"] = commit(project, "Adopt routine\n\nSammanfattning: Provrutinen är beslutad",
                                "2026-10-05T13:30:00+02:00")
    write(project / "docs/ledningens-genomgang/arkiv/2025.pdf", "")
    (project / "docs/ledningens-genomgang/arkiv/2025.pdf").write_bytes(PDF)
    hashes["archive"] = commit(project, "Arkivera genomgången 2025", "2026-11-20T08:00:00+01:00")
    return project, hashes


@pytest.fixture(scope="module")
def site(repo, monkeypatch_module) -> BuildResult:
    project, _ = repo
    monkeypatch_module.setenv("LIS_REDIGERA", EDITOR)
    result = build(project)
    monkeypatch_module.delenv("LIS_REDIGERA")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_governing_page_shows_decision_and_version_history(site, repo):
    html = site.html("rutiner/provrutin/index.html")
    text = unescape(re.sub(r"\s+", " ", html))
    assert ("Status: gällande · Beslutad av: Förvaltningsledningen · Beslutsdatum: 2026-10-05 · "
            "Diarienummer: FAR 2026/99 · Senast granskad: 2026-10-05 · Planerad granskning: 2027-10-05 · "
            "Senast ändrad: 2026-10-05") in text
    history = re.search(r'<details class="info lis-historik">(.*?)</details>', html, re.S)
    assert history and "<summary>Versionshistorik (2 ändringar)</summary>" in history.group(1)
    assert re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", history.group(1)) == [
        ("2026-10-05", "1.1 (ny version)", "Provrutinen är beslutad"),
        ("2026-09-01", "1.0 (ny version)", "Ny provrutin (utkast)")]
    assert "<details" in html and "<details open" not in html  # collapsed by default


def test_register_shows_decision_and_last_change(site):
    rows = {row[0]: row for row in cells(site.html("styrande/index.html"), "Dokumentregister")}
    assert rows["Provrutin"][3:9] == ["1.1", "gällande", "Förvaltningsledningen 2026-10-05, diarienummer FAR 2026/99",
                                      "2026-10-05", "2027-10-05", "2026-10-05"]
    assert rows["Incidenthantering"][8] == "2026-01-10"


def test_whats_new_page_lists_the_last_90_days(site):
    rows = cells(site.html("vad-ar-nytt/index.html"), "Ändringar de senaste 90 dagarna")
    assert rows == [["2026-10-05", "Provrutin", "Provrutinen är beslutad", "1.1"],
                    ["2026-09-01", "Provrutin", "Ny provrutin (utkast)", "1.0"]]
    assert '<a href="../rutiner/provrutin/">Provrutin</a>' in site.html("vad-ar-nytt/index.html")


def test_feed_is_published_and_linked(site, repo):
    _, hashes = repo
    feed = feedparser.parse((site.site / "vad-ar-nytt.xml").read_bytes())
    assert feed.bozo == 0
    assert [(e.title, e.updated, e.link) for e in feed.entries] == [
        ("Provrutin, version 1.1", "2026-10-05T13:30:00+02:00", "https://lis.intranat.example/rutiner/provrutin/"),
        ("Provrutin, version 1.0", "2026-09-01T10:00:00+02:00", "https://lis.intranat.example/rutiner/provrutin/")]
    assert feed.entries[0].id == f"tag:lis.intranat.example,2026:lis/rutiner/provrutin.md/{hashes['decision']}"
    start = site.html("index.html")
    assert ('<link rel="alternate" type="application/atom+xml" title="Vad är nytt i LIS-handboken" '
            'href="vad-ar-nytt.xml">') in start
    assert '<link rel="alternate" type="application/atom+xml" title="Vad är nytt i LIS-handboken" ' \
           'href="../../vad-ar-nytt.xml">' in site.html("rutiner/provrutin/index.html")
    assert 'href="vad-ar-nytt/"' in start and 'href="vad-ar-nytt.xml"' in start


def test_review_page_links_the_archived_edition_with_its_checksum(site):
    html = site.html("ledningens-genomgang/2025/index.html")
    assert '<a href="../arkiv/2025.pdf">PDF (1 kB)</a>' in html
    assert f"Kontrollsumma (SHA-256): <code>{hashlib.sha256(PDF).hexdigest()}</code>" in html
    assert (site.site / "ledningens-genomgang/arkiv/2025.pdf").read_bytes() == PDF
    assert "Arkiverad utgåva" not in site.html("ledningens-genomgang/2026/index.html")


def test_edit_link_when_configured(site):
    html = site.html("rutiner/provrutin/index.html")
    assert (f'<a href="{EDITOR}/rutiner/provrutin.md" title="Redigera sidan" class="md-content__button md-icon" '
            'rel="edit">') in html
    assert 'rel="edit"' not in site.html("system/sociala-system/index.html")  # generated pages have no source


def test_shallow_clone_says_history_is_unavailable_and_has_no_edit_link(repo, tmp_path):
    project, _ = repo
    git(tmp_path, "clone", "-q", "--depth", "1", project.as_uri(), "kopia")
    result = build(tmp_path / "kopia")
    assert result.returncode == 0, result.output
    text = unescape(re.sub(r"\s+", " ", result.html("rutiner/provrutin/index.html")))
    assert "Senast ändrad: historiken är inte tillgänglig i den här kopian (en grund kopia av git-förrådet)" in text
    assert "Versionshistoriken kan inte visas: historiken är inte tillgänglig i den här kopian" in text
    assert "2026-11-20" not in text  # the clone's only commit date is never shown as a change
    assert "Historiken är inte tillgänglig i den här kopian" in unescape(result.html("vad-ar-nytt/index.html"))
    assert feedparser.parse((result.site / "vad-ar-nytt.xml").read_bytes()).entries == []
    assert 'rel="edit"' not in result.html("rutiner/provrutin/index.html")


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
    from macros.plugin import configure_addresses

    monkeypatch.delenv("LIS_WEBBADRESS", raising=False)
    monkeypatch.setenv("LIS_REDIGERA", value)
    assert configure_addresses(_config())["edit_uri"] == expected


def test_a_malformed_edit_address_stops_the_build_in_swedish(monkeypatch):
    from mkdocs.exceptions import PluginError

    from macros.plugin import configure_addresses

    monkeypatch.delenv("LIS_WEBBADRESS", raising=False)
    monkeypatch.setenv("LIS_REDIGERA", "git.example.se/lis")
    with pytest.raises(PluginError) as err:
        configure_addresses(_config())
    assert str(err.value) == ('LIS_REDIGERA är "git.example.se/lis", men ska vara webbredigerarens adress till '
                              "mappen docs/, till exempel https://git.intranat.example/lis/handboken/-/edit/main/docs/")
