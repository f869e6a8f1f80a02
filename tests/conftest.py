"""Shared fixtures: a copy of the known test data that a test may break on purpose."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from macros.loader import Handbook, load_handbook
from tests.build_helpers import ROOT as ROOT  # re-exported for the tests
from tests.build_helpers import BuildResult, build, copy_project

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
AS_OF = date(2026, 11, 28)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/data (six systems, counted by hand in the tests)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture(scope="session")
def handbook() -> Handbook:
    return load_handbook(FIXTURE_DATA)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One real strict build of the real handbook (LIS_DATE 2026-11-28), shared by the tests that read it."""
    result = build(copy_project(tmp_path_factory.mktemp("handbook")))
    assert result.returncode == 0, result.output
    return result


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file; fails loudly when the text to replace is not there exactly `count` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
