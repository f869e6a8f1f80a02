"""The handbook's edition: which version of data and pages an export or a supervision package shows.

The handbook has no version number of its own; its edition is the git commit it was built from.
A reader of an exported file can then find exactly that state in the repository.
"""

from __future__ import annotations

import subprocess
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


def handbook_version(root: Path) -> str:
    """`git 1a2b3c4 (2026-11-28)`: the last commit and its date, marked when data or pages differ from it."""
    head = _git(root, "log", "-1", "--format=%h %cs")
    if not head or not head.strip():
        return NO_GIT
    commit, day = head.split()
    version = f"git {commit} ({day})"
    changed = _git(root, "status", "--porcelain", "--", *CONTENT)
    if changed is None or changed.strip():
        version += " med ändringar som inte är incheckade"
    return version
