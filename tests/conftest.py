"""Shared fixtures: a copy of the known test data that a test may break on purpose."""

from __future__ import annotations

import shutil
import typing
from collections.abc import Generator
from datetime import date
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from macros.errors import DataError
from macros.loader import Handbook, load_handbook
from macros.registers import data_files
from tests.build_helpers import ROOT as ROOT  # re-exported for the tests
from tests.build_helpers import BuildResult, build, copy_project
from tests.fixture_project import fixture_project
from tests.layers import apply_markers, fail_swallowed, guarding, install_guard

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
AS_OF = date(2026, 11, 28)


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


def data_errors(data_dir: Path) -> list[str]:
    """The Swedish messages `load_handbook` stops with for the data in `data_dir` (it must stop)."""
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir)
    return [str(issue) for issue in caught.value.issues]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file; fails loudly when the text to replace is not there exactly `count` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def empty_inventory(data: Path) -> None:
    """Empty data/system.yaml and drop every reference to a system, so the data stays valid without systems.

    Works on whatever systems the data holds, and on whichever registers refer to systems: their
    declarations (macros/registers/) say where. An entry that must name a system (a continuity entry)
    goes; a list of systems, or an optional one, is left out of its entry. For tests that import or
    scaffold into an empty inventory."""
    system_yaml = data / "system.yaml"
    system_yaml.write_text(system_yaml.read_text(encoding="utf-8").split("system:\n")[0] + "system: []\n",
                           encoding="utf-8")
    for spec in data_files():
        paths = [r.path.split(".") for r in spec.references if (r.file, r.key) == ("system.yaml", "system")]
        path = data / spec.name
        if not paths or not path.exists():
            continue
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, star, field in paths:  # every such reference is "list.*.field"
            assert star == "*", f"{spec.name}: empty_inventory() knows references of the form list.*.field only"
            required = _required(spec.model, key, field)
            kept = []
            for entry in content.get(key) or []:
                if field in entry and required:
                    continue
                if entry.pop(field, None) and _has_field(spec.model, key, ASSETS) and ASSETS not in entry:
                    entry[ASSETS] = "System som inte längre finns i förteckningen"  # a risk still says what it concerns
                kept.append(entry)
            content[key] = kept
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


# A register whose entries name systems or, instead, describe what they concern (the risks).
ASSETS = "tillgångar"


def _has_field(model: type[BaseModel], key: str, field: str) -> bool:
    listed = next(f for name, f in model.model_fields.items() if (f.alias or name) == key)
    entry = typing.get_args(listed.annotation)[0]
    return any((f.alias or name) == field for name, f in entry.model_fields.items())


def _required(model: type[BaseModel], key: str, field: str) -> bool:
    """Whether the entries of the list `key` of `model` must have `field` (as opposed to a list or an optional one)."""
    listed = next(f for name, f in model.model_fields.items() if (f.alias or name) == key)
    entry = typing.get_args(listed.annotation)[0]
    return next(f for name, f in entry.model_fields.items() if (f.alias or name) == field).is_required()
