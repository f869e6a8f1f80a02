"""The pages' change history, read from git once per build: commits, dates and version changes.

One `git log -p` over the whole docs folder gives every commit that touched a page, its date and
subject, and the added `version:` lines of the front matter (so each commit knows the version it
left). Renames are followed with git's rename detection, like `git log --follow` does for a file.
A shallow clone (CI) or a copy without git has no trustworthy history: the history then says
so instead of showing the dates of a cut-off history.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

# Shown on the pages when the history cannot be read (why, in the reader's words).
SHALLOW = "historiken är inte tillgänglig i den här kopian (en grund kopia av git-förrådet)"
NO_GIT = "historiken är inte tillgänglig i den här kopian (ingen git-historik)"

# A commit may give readers a Swedish summary in a trailer line "Sammanfattning: ..." of its message;
# without it the commit's subject line is shown.
SUMMARY_TRAILER = "Sammanfattning"  # ASCII: git reads only a-z, 0-9 and - in trailer keys

RECENT_DAYS = 90  # "Vad är nytt" covers the 90 days up to and including the reference date

_COMMIT = "\x00"
_FIELD = "\x1f"
# The version line of the `styrdokument:` block: indented two spaces under it.
_VERSION_LINE = re.compile(r"^\+  version:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Change:
    """One commit's change to one page."""

    path: str  # the page's current path under docs/ (renames followed)
    commit: str  # full hash
    when: datetime  # committer date, with its UTC offset
    subject: str  # first line of the commit message
    new_version: str | None = None  # the version this commit set, if it changed it
    version: str | None = None  # the version in force after this commit

    @property
    def day(self) -> date:
        return self.when.date()


@dataclass(frozen=True)
class History:
    """Every page's changes, newest first; or why there is no history in this copy."""

    changes: dict[str, tuple[Change, ...]] = field(default_factory=dict)
    unavailable: str | None = None  # a Swedish phrase (SHALLOW, NO_GIT) when git cannot tell

    def of(self, path: str) -> tuple[Change, ...]:
        return self.changes.get(path, ())

    def last_changed(self, path: str) -> date | None:
        found = self.of(path)
        return found[0].day if found else None

    def recent(self, paths: Iterable[str], as_of: date, days: int = RECENT_DAYS) -> list[Change]:
        """Changes to `paths` dated within the `days` days ending on `as_of`, newest first."""
        first = as_of - timedelta(days=days - 1)
        found = [c for p in set(paths) for c in self.of(p) if first <= c.day <= as_of]
        return sorted(found, key=lambda c: (c.when, c.path), reverse=True)


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=folder,
                              capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(docs_dir: Path) -> History:
    """The history of every file under `docs_dir`, from one `git log` call."""
    shallow = _git(docs_dir, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return History(unavailable=NO_GIT)
    if shallow.strip() == "true":
        return History(unavailable=SHALLOW)
    out = _git(docs_dir, "log", f"--format=%x00%H%x1f%cI%x1f%(trailers:key={SUMMARY_TRAILER},valueonly,"
               "separator=%x20)%x1f%s", "-p", "-U0", "-M",
               "--no-color", "--no-ext-diff", "--relative", "--", ".")
    if out is None:
        return History(unavailable=NO_GIT)
    return parse_log(out)


def _diff_path(header: str) -> str | None:
    """`diff --git a/P b/P` -> P (used when no ---/+++ lines name the file, e.g. a pure rename)."""
    rest = header[len("diff --git "):]
    half = (len(rest) - 1) // 2
    if rest.startswith("a/") and rest[half:half + 3] == " b/" and rest[2:half] == rest[half + 3:]:
        return rest[half + 3:]
    return None


def parse_log(out: str) -> History:
    """Parse `git log --format=NUL%H US %cI US trailer US %s -p -U0 -M` output (newest commit first)."""
    current: dict[str, str] = {}  # path at some commit -> the page's path today
    raw: dict[str, list[tuple[str, datetime, str, str | None]]] = {}
    for block in out.split(_COMMIT)[1:]:
        head, _, body = block.partition("\n")
        commit, when, summary, subject = head.split(_FIELD, 3)
        subject = summary.strip() or subject
        stamp = datetime.fromisoformat(when)
        touched: dict[str, str | None] = {}
        path: str | None = None
        old = prev = ""
        for line in body.splitlines():
            if line.startswith("diff --git "):
                path = _diff_path(line)
                if path is not None:
                    touched.setdefault(path, None)
            elif line.startswith("rename from "):
                old = line[len("rename from "):]
            elif line.startswith("rename to "):
                path = line[len("rename to "):]
                current[old] = current.get(path, path)
                touched.setdefault(path, None)
            elif line.startswith("+++ ") and prev.startswith("--- "):
                path = None if line == "+++ /dev/null" else line[len("+++ b/"):]
                if path is not None:
                    touched.setdefault(path, None)
            elif path is not None and (match := _VERSION_LINE.match(line)):
                touched[path] = re.sub(r"\s+#.*$", "", match.group(1)).strip("\"'")
            prev = line
        for name, version in touched.items():
            raw.setdefault(current.get(name, name), []).append((commit, stamp, subject, version))
    return History(changes={page: _with_versions(page, entries) for page, entries in raw.items()})


def _with_versions(page: str, newest_first: list[tuple[str, datetime, str, str | None]]) -> tuple[Change, ...]:
    """Carry each version forward from the commit that set it to the later commits."""
    version: str | None = None
    changes = []
    for commit, stamp, subject, new in reversed(newest_first):
        if new is not None and new == version:
            new = None  # the line was touched but the version stayed the same
        version = new or version
        changes.append(Change(page, commit, stamp, subject, new, version))
    return tuple(reversed(changes))
