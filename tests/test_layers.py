"""The test layers themselves: markers follow the code a test reaches, and the guard stops unmarked slow tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

from tests import layers
from tests.build_helpers import ROOT, build, copy_project, run_lis


def _builds_a_copy(tmp: Path) -> None:
    build(copy_project(tmp))


def _calls_a_helper_that_builds(tmp: Path) -> None:
    _builds_a_copy(tmp)


def _runs_lis(tmp: Path) -> None:
    run_lis(tmp, "kontrollera")


def _runs_git(tmp: Path) -> None:
    subprocess.run(["git", "status"], cwd=tmp, check=False)


def _imports_build_locally(tmp: Path) -> None:
    from tests.build_helpers import build as local_build

    local_build(tmp)


def _pure(tmp: Path) -> int:
    return len(str(tmp))


@pytest.mark.parametrize(("func", "expected"), [
    (_builds_a_copy, {"build"}),
    (_calls_a_helper_that_builds, {"build"}),
    (_runs_lis, {"process"}),
    (_runs_git, {"process"}),
    (_imports_build_locally, {"build"}),
    (_pure, set()),
    (lambda tmp: _runs_git(tmp) or _builds_a_copy(tmp), {"build", "process"}),
])
def test_markers_follow_the_helpers_a_function_reaches(func, expected):
    assert layers.markers_reached(func, layers._slow_entry_points()) == expected


def test_collection_marked_the_shared_site_fixture_users(request):
    """A test that asks for `site` (conftest) gets `build` without writing it: checked on the collected items."""
    users = [item for item in request.session.items if "site" in getattr(item, "fixturenames", ())]
    for item in users:
        assert item.get_closest_marker("build") is not None, item.nodeid


# Kept out of the test functions' own code, so collection does not mark those tests `process`.
STARTERS = {
    "subprocess": lambda: subprocess.run(["true"], check=False),
    "os.system": lambda: os.system("true"),
    "mkdocs-build": lambda: __import__("mkdocs.commands.build", fromlist=["build"]).build(None),
}


@pytest.mark.parametrize("start", STARTERS)
def test_an_unmarked_test_may_not_start_a_process_or_a_build(request, start):
    with pytest.raises(layers.SlowTestInFastLayer) as raised:
        STARTERS[start]()
    assert f"{request.node.nodeid} saknar markör men " in str(raised.value)
    assert "@pytest.mark.process" in str(raised.value)
    # What was tried is kept so a swallowed error still fails the test; this test expected it.
    assert layers._violations.pop(request.node.nodeid)


def test_an_error_swallowed_by_the_code_under_test_still_fails_the_test(request):
    with contextlib.suppress(BaseException):  # what careless product code might do
        STARTERS["subprocess"]()
    report = pytest.TestReport(request.node.nodeid, request.node.location, {}, "passed", None, "call")
    layers.fail_swallowed(request.node, report)
    assert report.outcome == "failed"
    assert "saknar markör" in str(report.longrepr)


@pytest.mark.process
def test_a_marked_test_may_start_a_process():
    assert STARTERS["subprocess"]().returncode == 0


def test_make_test_fast_deselects_every_slow_layer():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f'$(BIN)/pytest -q {" ".join(layers.FAST_WORKERS)} -m "{layers.FAST_EXPRESSION}"' in makefile
    assert layers.FAST_EXPRESSION == "not build and not process and not browser and not sweep"
