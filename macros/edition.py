"""The handbook's edition: which version of data and pages an export or a supervision package shows.

The handbook has no version number of its own; its edition is the git commit it was built from.
A reader of an exported file can then find exactly that state in the repository.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

NO_GIT = "okänd (handbokens mapp är inget git-arkiv)"
# What a page or a table is made from; other files (exports, pdf/, site/) do not change the edition.
CONTENT = ("data", "docs", "mkdocs.yml")


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=root, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


_COMMIT = re.compile(r"[0-9a-f]{4,64}")


def _commit_day(text: str | None) -> date | None:
    """The committer date `git log --format=%cs` printed, if it is a real date (a crafted commit may say anything)."""
    try:
        return date.fromisoformat(text.strip()) if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}\s*", text) else None
    except ValueError:
        return None


def handbook_version(root: Path) -> str:
    """`git 1a2b3c4 (2026-11-28)`: the last commit and its date, marked when data or pages differ from it.

    Only the commit id and date are read, never a message; a date git cannot give is said in words."""
    head = _git(root, "rev-parse", "--short", "HEAD")
    commit = head.strip() if head else ""
    if not _COMMIT.fullmatch(commit):
        return NO_GIT
    day = _commit_day(_git(root, "log", "-1", "--format=%cs", "HEAD"))
    version = f"git {commit} ({day or 'datumet i commit ' + commit + ' går inte att läsa'})"
    changed = _git(root, "status", "--porcelain", "--", *CONTENT)
    if changed is None or changed.strip():
        version += " med ändringar som inte är incheckade"
    return version
