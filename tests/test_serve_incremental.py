"""The edit loop: rebuilds under `make serve` keep unchanged generated pages, and end where a full build does."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.loader import load_handbook
from tests.build_helpers import ROOT, build, copy_project

pytestmark = pytest.mark.build


def _compare(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively."""
    cmp = filecmp.dircmp(a, b)
    found = [*cmp.left_only, *cmp.right_only]
    found += [name for name in cmp.common_files if not filecmp.cmp(a / name, b / name, shallow=False)]
    for sub in cmp.common_dirs:
        found += [f"{sub}/{name}" for name in _compare(a / sub, b / sub)]
    return found


def test_rebuilds_render_only_what_changed_and_equal_a_full_build(tmp_path: Path):
    project = copy_project(tmp_path / "handbook")
    hb = load_handbook(project / "data")
    changed, kept = hb.systems[0], hb.systems[1]
    served = tmp_path / "served"
    env = {**os.environ, "LIS_DATE": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    driver = subprocess.Popen([sys.executable, str(ROOT / "bench" / "incremental.py"), str(project), str(served)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert driver.stdin and driver.stdout

    def rebuild() -> dict[str, int]:
        driver.stdin.write("\n")  # type: ignore[union-attr]
        driver.stdin.flush()  # type: ignore[union-attr]
        return json.loads(driver.stdout.readline())  # type: ignore[union-attr]

    first = json.loads(driver.stdout.readline())
    kept_page = served / "system" / kept.id / "index.html"
    stamp = kept_page.stat().st_mtime_ns

    data = project / "data" / "system.yaml"
    text = data.read_text(encoding="utf-8")
    assert text.count(f"syfte: {changed.purpose}") == 1
    data.write_text(text.replace(f"syfte: {changed.purpose}", "syfte: Ett helt nytt syfte."), encoding="utf-8")
    after_data = rebuild()
    page = project / "docs" / "rutiner" / "pub-avtal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEn ny mening sist.\n", encoding="utf-8")
    after_page = rebuild()
    driver.stdin.close()
    errors = driver.stderr.read()  # type: ignore[union-attr]
    assert driver.wait(timeout=120) == 0, errors
    driver.stdout.close()
    driver.stderr.close()  # type: ignore[union-attr]

    generated = len(hb.systems) + len(hb.objects)
    assert first["skrivna"] == first["sidor"]
    assert after_data["skrivna"] < first["sidor"] - generated + 3  # hand-written pages, the system and its object
    assert after_page["skrivna"] < first["sidor"] - generated + 1
    assert kept_page.stat().st_mtime_ns == stamp  # not rendered again
    assert "Ett helt nytt syfte." in (served / "system" / changed.id / "index.html").read_text(encoding="utf-8")
    assert "En ny mening sist." in (served / "rutiner" / "pub-avtal" / "index.html").read_text(encoding="utf-8")

    full = build(project)
    assert full.returncode == 0, full.output
    assert _compare(served, full.site) == []


def test_the_comparison_can_fail(tmp_path: Path):
    """The equality check is real: one changed byte in one page is found."""
    for side in ("a", "b"):
        (tmp_path / side / "system").mkdir(parents=True)
        (tmp_path / side / "system" / "index.html").write_text("<p>1</p>", encoding="utf-8")
    (tmp_path / "b" / "system" / "index.html").write_text("<p>2</p>", encoding="utf-8")
    assert _compare(tmp_path / "a", tmp_path / "b") == ["system/index.html"]
