"""Test layers: every slow test carries a marker, and an unmarked test that turns out slow fails.

Four markers (registered in pyproject.toml) separate the slow layers from the fast one:

- ``build``   runs a real ``mkdocs build`` (in a subprocess or in-process, also via ``lis bygg``);
- ``process`` starts another program (``lis``, ``make``, ``git``, ``pdftotext``, ...);
- ``browser`` drives headless Chromium;
- ``sweep``   runs one check over a large corpus of hostile or generated input in-process
  (seconds of CPU, no process). Set by hand; it does not permit processes.

``make test-fast`` runs ``pytest -m "not build and not process and not browser and not sweep"``,
``make test`` runs everything.

Markers are applied in two ways:

1. **Automatically at collection**: the code of the test function and of every fixture it uses
   (its whole fixture closure) is read for the names it uses. A name that resolves to a known slow
   entry point (``SLOW_ENTRY_POINTS``: ``build_helpers.build``, ``run_lis``, the ``subprocess``
   module, Playwright, ...) gives that entry point's marker; a name that resolves to another
   function of this test package is read the same way (a helper that calls ``build`` makes its
   callers ``build`` tests). So new tests built from the shared helpers are marked without
   anyone remembering to.
2. **Explicitly** (``@pytest.mark.process``) where the slow call hides behind the product's own
   code, e.g. ``cli.main(["bygg"])`` or a function in ``macros`` that runs ``git``.

And the layer is **enforced** at run time: while an unmarked test (its setup, call or teardown)
runs, starting a process (``subprocess``, ``os.system``, ``os.fork``, ``os.posix_spawn``) or an
in-process ``mkdocs build`` raises ``SlowTestInFastLayer`` and fails the test with a message
naming the marker to add. The guard is on in every run, not only the fast one, so a new unmarked
slow test fails in ``make test`` (CI) too instead of slipping silently into ``make test-fast``.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import types
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PROCESS_MARKERS = ("build", "process", "browser")  # these may start processes and builds
SLOW_MARKERS = (*PROCESS_MARKERS, "sweep")
FAST_EXPRESSION = " and ".join(f"not {name}" for name in SLOW_MARKERS)
# The fast layer runs in one worker per core (pytest-xdist): its tests share nothing but read-only fixtures,
# and a copy of the data per test. The slow layers stay in one process (ports, builds, a browser).
FAST_WORKERS = ("-n", "auto")


class SlowTestInFastLayer(BaseException):  # noqa: N818 - BaseException: `except Exception` in product code must not hide it
    """Raised when an unmarked test starts a process or a build."""


# --- 1. Markers from the code a test reaches -------------------------------------------------------


def _slow_entry_points() -> dict[int, tuple[object, str]]:
    """Objects whose use makes a test slow, by id, with the marker they give."""
    from tests import browser_helpers, build_helpers

    found: list[tuple[object, str]] = [
        (build_helpers.build, "build"),
        (build_helpers.run_lis, "process"),
        (build_helpers.call_lis, "process"),  # in-process, but most commands read the git history
        (browser_helpers.chromium_path, "browser"),
        (subprocess, "process"),
        (subprocess.run, "process"),
        (subprocess.Popen, "process"),
        (subprocess.call, "process"),
        (subprocess.check_call, "process"),
        (subprocess.check_output, "process"),
    ]  # not os.system or os.fork: `.system` is also a field name here; the guard still catches them
    try:
        from playwright import sync_api
    except ImportError:  # pragma: no cover - playwright is in requirements-dev.txt
        pass
    else:
        found += [(sync_api, "browser"), (sync_api.sync_playwright, "browser")]
    from macros import pdf, publish

    found += [(publish.mkdocs_build, "build"), (publish.build_site, "build"), (pdf.export, "process")]
    return {id(obj): (obj, marker) for obj, marker in found}


def _code_names(code: types.CodeType) -> set[str]:
    """Every global or attribute name a code object (and the functions and lambdas inside it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


TESTS_DIR = Path(__file__).resolve().parent


def _is_test_code(obj: object) -> bool:
    """A function written in this test folder (test modules are imported as `test_x`, helpers as `tests.x`)."""
    if not isinstance(obj, types.FunctionType):
        return False
    path = Path(obj.__code__.co_filename).resolve()
    return path.is_relative_to(TESTS_DIR) and path != Path(__file__).resolve()  # not this module's own code


def markers_reached(func: Callable[..., Any], entry_points: dict[int, tuple[object, str]],
                    seen: set[int] | None = None) -> set[str]:
    """The slow markers of the entry points `func` reaches through names, following this package's helpers."""
    seen = set() if seen is None else seen
    func = inspect.unwrap(getattr(func, "__func__", func))
    if not isinstance(func, types.FunctionType) or id(func) in seen:
        return set()
    seen.add(id(func))
    found: set[str] = set()
    names = _code_names(func.__code__)
    for name in names:
        # A global, or a module a local `from tests.build_helpers import build` names (its members are names too).
        obj = func.__globals__.get(name, sys.modules.get(name))
        if obj is None:
            continue
        if id(obj) in entry_points:
            found.add(entry_points[id(obj)][1])
        elif isinstance(obj, types.ModuleType):  # `subprocess.run(...)`, `publish.build_site(...)`
            for attr in names:
                member = getattr(obj, attr, None)
                if member is not None and id(member) in entry_points:
                    found.add(entry_points[id(member)][1])
                elif _is_test_code(member):
                    found |= markers_reached(member, entry_points, seen)  # type: ignore[arg-type]
        elif _is_test_code(obj):
            found |= markers_reached(obj, entry_points, seen)
    return found


def _fixture_functions(item: pytest.Item) -> Iterator[Callable[..., Any]]:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return
    for definitions in info.name2fixturedefs.values():
        for definition in definitions:
            yield definition.func


def apply_markers(items: list[pytest.Item]) -> None:
    """Mark every collected test with the slow markers its code and fixtures reach."""
    entry_points = _slow_entry_points()
    by_function: dict[int, set[str]] = {}
    for item in items:
        found: set[str] = set()
        for func in [getattr(item, "function", None), *_fixture_functions(item)]:
            if func is None:
                continue
            key = id(func)
            if key not in by_function:
                by_function[key] = markers_reached(func, entry_points)
            found |= by_function[key]
        for name in sorted(found):
            if item.get_closest_marker(name) is None:
                item.add_marker(name)


# --- 2. The guard: an unmarked test may not start a process or a build ------------------------------

_current: list[pytest.Item] = []  # the unmarked test now running (setup, call or teardown), if any
_violations: dict[str, list[str]] = {}  # nodeid -> what it tried, for the report


def _forbid(what: str) -> None:
    if not _current:
        return
    item = _current[-1]
    message = (f"{item.nodeid} saknar markör men {what}. Lägg till @pytest.mark.build (bygger webbplatsen), "
               f"@pytest.mark.process (startar ett program) eller @pytest.mark.browser (Chromium), "
               f"så att testet inte hamnar i det snabba lagret (make test-fast).")
    _violations.setdefault(item.nodeid, []).append(message)
    raise SlowTestInFastLayer(message)


def _guarded(original: Callable[..., Any], what: Callable[..., str]) -> Callable[..., Any]:
    def guard(*args: Any, **kwargs: Any) -> Any:
        _forbid(what(*args, **kwargs))
        return original(*args, **kwargs)

    guard.__wrapped__ = original  # type: ignore[attr-defined]
    return guard


def _command(args: Any) -> str:
    if isinstance(args, (str, bytes, os.PathLike)):
        return os.fsdecode(args)
    return " ".join(os.fsdecode(a) for a in args)


def install_guard() -> None:
    """Wrap the ways a test can start a process or a build; they only act while an unmarked test runs."""
    original_child = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def execute_child(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> Any:
        _forbid(f"startar ett program ({_command(args)[:120]})")
        return original_child(self, args, *rest, **kwargs)

    subprocess.Popen._execute_child = execute_child  # type: ignore[attr-defined]
    os.system = _guarded(os.system, lambda command: f"startar ett program ({command[:120]})")
    os.fork = _guarded(os.fork, lambda: "startar en ny process (os.fork)")
    for name in ("posix_spawn", "posix_spawnp"):
        if hasattr(os, name):
            setattr(os, name, _guarded(getattr(os, name), lambda path, *a, **k: f"startar ett program ({path})"))
    from mkdocs.commands import build as mkdocs_build

    mkdocs_build.build = _guarded(mkdocs_build.build, lambda *a, **k: "bygger webbplatsen i samma process (mkdocs build)")


def may_start_processes(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) is not None for name in PROCESS_MARKERS)


@contextmanager
def guarding(item: pytest.Item) -> Generator[None]:
    """While `item` runs a phase: forbid processes and builds unless it carries a slow marker."""
    if may_start_processes(item):
        yield
        return
    _current.append(item)
    try:
        yield
    finally:
        _current.pop()


def fail_swallowed(item: pytest.Item, report: pytest.TestReport) -> None:
    """A guard error the code under test caught (`except BaseException`) still fails the test."""
    messages = _violations.pop(item.nodeid, None)
    if messages and report.outcome != "failed":
        report.outcome = "failed"
        report.longrepr = messages[0]
