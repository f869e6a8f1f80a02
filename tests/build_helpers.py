"""Run a real `mkdocs build --strict` of a copy of the handbook and read what it produced."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("docs", "data", "macros", "overrides", "mkdocs.yml")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


def is_governing(page: Path) -> bool:
    """A page whose front matter has a `styrdokument:` block (a code block in the body does not count)."""
    import re

    from macros.documents import split_front_matter

    front, _ = split_front_matter(page.read_text(encoding="utf-8-sig"))
    return front is not None and re.search(r"^styrdokument:", front, re.M) is not None


def copy_project(target: Path) -> Path:
    """A copy of the handbook that a test may change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return target


def build(project: Path, lis_date: str = "2026-11-28") -> BuildResult:
    env = {**os.environ, "LIS_DATE": lis_date, "NO_MKDOCS_2_WARNING": "1"}
    site = project / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def run_lis(project: Path, *args: str, lis_date: str = "2026-11-28") -> subprocess.CompletedProcess[str]:
    """Run the installed `lis` command (beside this Python) in a project folder."""
    lis = Path(sys.executable).parent / "lis"
    env = {**os.environ, "LIS_DATE": lis_date, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(lis), *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def call_lis(project: Path, *args: str, lis_date: str = "2026-11-28") -> subprocess.CompletedProcess[str]:
    """`lis ARGS` in-process (`macros.cli.main`) in a project folder: what `run_lis` returns, without a process.

    For tests that are not about the process boundary (exit codes through `make`, tracebacks, locks
    between two programs). Most commands read the pages' git history, so tests calling this carry the
    `process` marker (tests/layers.py applies it)."""
    from macros import cli

    out, err = io.StringIO(), io.StringIO()
    saved_date = os.environ.get("LIS_DATE")
    os.environ["LIS_DATE"] = lis_date
    try:
        with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
    finally:
        if saved_date is None:
            del os.environ["LIS_DATE"]
        else:
            os.environ["LIS_DATE"] = saved_date
    return subprocess.CompletedProcess(["lis", *args], code, out.getvalue(), err.getvalue())
