"""Shared fixtures: a copy of the known test data that a test may break on purpose."""

from __future__ import annotations

import re
import shutil
from collections.abc import Generator
from datetime import date
from pathlib import Path

import pytest

from macros.history import NO_GIT, History
from macros.loader import Handbook, load_handbook
from tests.build_helpers import ROOT as ROOT  # re-exported for the tests
from tests.build_helpers import BuildResult, build, copy_project
from tests.fixture_project import fixture_project
from tests.layers import apply_markers, fail_swallowed, guarding, install_guard

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
AS_OF = date(2026, 11, 28)
# For tests of page checks that do not test history: passing it keeps them from starting git.
NO_HISTORY = History(unavailable=NO_GIT)


# --- Test layers (tests/layers.py): slow tests are marked, and an unmarked slow test fails ----------


def pytest_configure(config: pytest.Config) -> None:
    install_guard()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    apply_markers(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None]:
    with guarding(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None]:
    with guarding(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    with guarding(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport]:
    report = yield
    fail_swallowed(item, report)
    return report


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


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One real strict build of the fixture project (tests/fixture_project.py, LIS_DATE 2026-11-28).

    Shared by every test that reads the unchanged fixture project, so it is built once per run;
    a test that needs the project changed builds its own copy."""
    result = build(fixture_project(tmp_path_factory.mktemp("fixture-site") / "handbok"))
    assert result.returncode == 0, result.output
    return result


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file; fails loudly when the text to replace is not there exactly `count` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# Data files with one entry per system: an empty inventory leaves them with nothing to describe.
PER_SYSTEM_FILES = {"kontinuitet.yaml": "kontinuitet", "loggkontroller.yaml": "loggkontroller"}


def empty_inventory(data: Path) -> None:
    """Empty data/system.yaml and drop every reference to a system, so the data stays valid without systems.

    Works on whatever systems the data holds (not on named example systems), for tests that
    import or scaffold into an empty inventory."""
    system_yaml = data / "system.yaml"
    system_yaml.write_text(system_yaml.read_text(encoding="utf-8").split("system:\n")[0] + "system: []\n",
                           encoding="utf-8")
    for name in ("atgarder.yaml", "ovningar.yaml"):  # entries that name systems in a `system: [...]` list
        if (data / name).exists():
            path = data / name
            path.write_text(re.sub(r"^    system: \[[^\]\n]*\]\n", "", path.read_text(encoding="utf-8"), flags=re.M),
                            encoding="utf-8")
    for name, key in PER_SYSTEM_FILES.items():
        if (data / name).exists():
            (data / name).write_text(f"{key}: []\n", encoding="utf-8")
