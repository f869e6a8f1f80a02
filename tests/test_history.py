"""The git history of the pages: commits, dates, versions, renames, and copies without a history."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from macros import history as hist
from macros.history import NO_GIT, SHALLOW, read_history
from macros.history_views import last_changed_phrase, version_history, whats_new
from tests.git_fixture import git, make_history


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("repo")
    return root, make_history(root)


def test_history_of_a_page_follows_renames_and_versions(repo):
    root, hashes = repo
    changes = read_history(root / "docs").of("rutiner/provrutin.md")
    assert [(c.day.isoformat(), c.commit, c.subject, c.new_version, c.version) for c in changes] == [
        ("2026-11-01", hashes["renamed"], "Byt namn på rutinen", None, "1.1"),
        ("2026-10-20", hashes["version"], "Nya tidsfrister för rapporten", "1.1", "1.1"),
        ("2026-08-31", hashes["first-day"], "Förtydliga steg 2", None, "1.0"),
        ("2026-08-30", hashes["outside"], "Rätta stavfel", None, "1.0"),
        ("2026-08-01", hashes["added"], "Ny rutin för prov", "1.0", "1.0"),
    ]
    assert changes[1].when.isoformat() == "2026-10-20T14:00:00+02:00"


def test_last_changed_is_the_newest_commit(repo):
    root, _ = repo
    history = read_history(root / "docs")
    assert history.last_changed("rutiner/provrutin.md") == date(2026, 11, 1)
    assert history.last_changed("index.md") == date(2026, 8, 1)
    assert history.last_changed("rutiner/finns-inte.md") is None
    assert last_changed_phrase(history, "rutiner/provrutin.md") == "2026-11-01"
    assert last_changed_phrase(history, "rutiner/ny.md") == "inte incheckad ännu"


def test_recent_covers_the_90_days_up_to_the_reference_date(repo):
    root, hashes = repo
    history = read_history(root / "docs")
    pages = ["rutiner/provrutin.md", "ledningens-genomgang/2026.md", "index.md"]
    assert [(c.day.isoformat(), c.path) for c in history.recent(pages, date(2026, 11, 28))] == [
        ("2026-11-28", "ledningens-genomgang/2026.md"),
        ("2026-11-01", "rutiner/provrutin.md"),
        ("2026-10-20", "rutiner/provrutin.md"),
        ("2026-08-31", "rutiner/provrutin.md"),
    ]
    # A day later the first day drops out; a reference date before a commit leaves it out.
    assert [c.commit for c in history.recent(pages, date(2026, 11, 29))][-1] == hashes["version"]
    # Per 2026-10-31 the window starts 2026-08-03: the commit of 2026-08-01 is out, 2026-08-30 in.
    assert [c.commit for c in history.recent(pages, date(2026, 10, 31))] == [
        hashes["version"], hashes["first-day"], hashes["outside"]]


def test_version_history_block_is_collapsed_and_escaped(repo):
    root, _ = repo
    history = read_history(root / "docs")
    html = version_history(history, "rutiner/provrutin.md")
    assert html.startswith('\n\n<details class="info lis-historik">\n<summary>Versionshistorik (5 ändringar)'
                           "</summary>\n<table>")
    assert "<tr><td>2026-10-20</td><td>1.1 (ny version)</td><td>Nya tidsfrister för rapporten</td></tr>" in html
    assert "<tr><td>2026-11-01</td><td>1.1</td><td>Byt namn på rutinen</td></tr>" in html
    assert "\n\n" not in html.strip()  # one raw HTML block for Markdown
    review = version_history(history, "ledningens-genomgang/2026.md")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;citat&quot;" in review
    assert "<script>" not in review


def test_whats_new_table_lists_changes_newest_first(repo):
    root, _ = repo
    history = read_history(root / "docs")
    titles = {"rutiner/provrutin.md": "Provrutin", "ledningens-genomgang/2026.md": "Genomgång 2026"}
    html = whats_new(history, titles, date(2026, 11, 28), "vad-ar-nytt.md")
    rows = [line for line in html.splitlines() if line.startswith("<tr><td>")]
    assert rows == [
        '<tr><td>2026-11-28</td><td><a href="../ledningens-genomgang/2026/">Genomgång 2026</a></td>'
        "<td>Genomgång &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;citat&quot;</td><td>–</td></tr>",
        '<tr><td>2026-11-01</td><td><a href="../rutiner/provrutin/">Provrutin</a></td>'
        "<td>Byt namn på rutinen</td><td>–</td></tr>",
        '<tr><td>2026-10-20</td><td><a href="../rutiner/provrutin/">Provrutin</a></td>'
        "<td>Nya tidsfrister för rapporten</td><td>1.1</td></tr>",
        '<tr><td>2026-08-31</td><td><a href="../rutiner/provrutin/">Provrutin</a></td>'
        "<td>Förtydliga steg 2</td><td>–</td></tr>",
    ]
    assert "Ändringar de senaste 90 dagarna – beräknat per 2026-11-28" in html


def test_a_shallow_clone_says_so_instead_of_showing_dates(repo, tmp_path):
    root, _ = repo
    git(tmp_path, "clone", "-q", "--depth", "1", root.as_uri(), "kopia")
    history = read_history(tmp_path / "kopia" / "docs")
    assert history.unavailable == SHALLOW
    assert history.of("rutiner/provrutin.md") == ()
    assert last_changed_phrase(history, "rutiner/provrutin.md") == (
        "historiken är inte tillgänglig i den här kopian (en grund kopia av git-förrådet)")
    assert "Versionshistoriken kan inte visas: historiken är inte tillgänglig i den här kopian" in \
        version_history(history, "rutiner/provrutin.md")
    assert "Historiken är inte tillgänglig i den här kopian" in whats_new(history, {}, date(2026, 11, 28), "x.md")


@pytest.mark.process
def test_a_copy_without_git_says_so(tmp_path):
    (tmp_path / "docs").mkdir()
    history = read_history(tmp_path / "docs")
    assert history.unavailable == NO_GIT
    assert last_changed_phrase(history, "index.md") == "historiken är inte tillgänglig i den här kopian (ingen git-historik)"


def test_git_log_runs_once_for_the_whole_folder(repo, monkeypatch):
    root, _ = repo
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting(args, *a, **k):
        calls.append(list(args))
        return real_run(args, *a, **k)

    monkeypatch.setattr(hist.subprocess, "run", counting)
    read_history(root / "docs")
    assert sum(1 for c in calls if "log" in c) == 1
