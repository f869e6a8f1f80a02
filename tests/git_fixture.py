"""A git repository with known commits (fixed dates and messages) for the history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROUTINE = """---
title: Provrutin
styrdokument:
  typ: rutin
  ägare: samordnare
  version: "{version}"
  nästa_granskning: 2027-06-01
  nis2: [b]
---

# Provrutin

{body}
"""


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in `repo` with a fixed identity; `when` fixes both author and committer date."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str, when: str, *paths: str) -> str:
    git(repo, "add", "--", *(paths or (".",)))
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_history(repo: Path) -> dict[str, str]:
    """Commit a routine's life in `repo/docs`: the commits' hashes by a short name.

    2026-08-01  test.md added, version 1.0 (also docs/index.md)
    2026-08-30  test.md text edited                      (outside the 90 days up to 2026-11-28)
    2026-08-31  test.md text edited                      (the first of the 90 days)
    2026-10-20  test.md version 1.1, Swedish summary given in a "Sammanfattning:" trailer
    2026-11-01  test.md renamed to provrutin.md
    2026-11-28  a review page added, subject with XML/HTML syntax
    """
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    docs = repo / "docs"
    write(docs / "index.md", "# Start\n")
    write(docs / "rutiner" / "test.md", ROUTINE.format(version="1.0", body="Första texten."))
    hashes = {"added": commit(repo, "Ny rutin för prov", "2026-08-01T10:00:00+02:00")}
    write(docs / "rutiner" / "test.md", ROUTINE.format(version="1.0", body="Andra texten."))
    hashes["outside"] = commit(repo, "Rätta stavfel", "2026-08-30T23:30:00+02:00")
    write(docs / "rutiner" / "test.md", ROUTINE.format(version="1.0", body="Tredje texten."))
    hashes["first-day"] = commit(repo, "Förtydliga steg 2", "2026-08-31T08:00:00+02:00")
    write(docs / "rutiner" / "test.md", ROUTINE.format(version="1.1", body="Tredje texten, ny frist."))
    hashes["version"] = commit(repo, "Bump routine version\n\nSammanfattning: Nya tidsfrister för rapporten",
                               "2026-10-20T14:00:00+02:00")
    git(repo, "mv", "docs/rutiner/test.md", "docs/rutiner/provrutin.md")
    hashes["renamed"] = commit(repo, "Byt namn på rutinen", "2026-11-01T09:00:00+01:00")
    write(docs / "ledningens-genomgang" / "2026.md", "# Ledningens genomgång 2026\n")
    hashes["review"] = commit(repo, 'Genomgång <script>alert("x")</script> & "citat"',
                              "2026-11-28T07:15:00+01:00")
    return hashes
