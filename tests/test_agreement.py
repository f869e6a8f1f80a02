"""`lis kontrollera` and the build agree: whatever one rejects, the other rejects (a property test).

Each example changes a copy of the handbook at a few places with edge values (long and reserved ids,
dates at and beyond the supported range, YAML booleans as levels, blank text, control characters,
reference dates) and runs both the check and a real strict build. The build is the slow part, so
the examples are few; the cases the attack review found are always among them.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.build_helpers import build, call_lis, copy_project

EDGE_DATES = ["1899-12-31", "1900-01-01", "2199-12-31", "2200-01-01", "9999-12-31", "0001-01-01",
              "2028-02-29", "2027-02-29"]
LIS_DATES = ["2026-11-28", "2028-12-31", "2029-01-01", "1900-01-01", "2199-12-31", "0001-01-01",
             "9999-12-31", "2026-13-01", "i morgon"]
SYSTEM, OBJECT = "oppenvard-dokumentation", "stod-och-service"

CHANGES = st.fixed_dictionaries({
    "lis_date": st.sampled_from(LIS_DATES),
    "system_id": st.none() | st.integers(1, 300).map(lambda n: "s" * n) | st.sampled_from(["index", "12345"]),
    "object_id": st.none() | st.sampled_from(["forvaltningen", "index"]) | st.integers(150, 260).map(
        lambda n: "o" * n),
    "action_due": st.none() | st.sampled_from(EDGE_DATES),
    "protocol": st.none() | st.sampled_from(EDGE_DATES),
    "next_review": st.none() | st.sampled_from(EDGE_DATES),
    "level": st.none() | st.sampled_from(["yes", "on", "0", "4", "9", "1.5"]),
    "supplier": st.none() | st.sampled_from(['"   "', '""', "~"]),
    "name": st.none() | st.sampled_from(['"Ny\\vrad"', '"Noll\\0tecken"', '"\\e[31mröd"', '"\\u202ebakåt"']),
})
NOTHING: dict[str, Any] = dict.fromkeys(
    ("system_id", "object_id", "action_due", "protocol", "next_review", "level", "supplier", "name"))
# Every value at the edge of what is allowed: both must accept it (so the agreement is not vacuous).
AT_THE_BOUNDS = {**NOTHING, "lis_date": "2028-12-31", "system_id": "s" * 200, "object_id": "o" * 200,
                 "action_due": "2199-12-31", "protocol": "1900-01-01", "next_review": "2199-12-31",
                 "supplier": '"   "', "name": '"Ny\\vrad \\e[31m"'}


def _sub(path: Path, pattern: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    changed, found = re.subn(pattern, lambda _: new, text, count=count, flags=re.MULTILINE)
    assert found, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def _rename(project: Path, old: str, new: str) -> None:
    """Give an id a new value everywhere it is used (data and pages)."""
    for path in [*(project / "data").glob("*.yaml"), *(project / "docs").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", lambda _: new, text),
                            encoding="utf-8")


def apply(project: Path, change: dict[str, Any]) -> None:
    data = project / "data"
    if change["system_id"] is not None:
        _rename(project, SYSTEM, change["system_id"])
    if change["object_id"] is not None:
        _rename(project, OBJECT, change["object_id"])
    if change["action_due"] is not None:
        _sub(data / "atgarder.yaml", r"^    senast: 2026-06-30$", f"    senast: {change['action_due']}")
    if change["protocol"] is not None:
        _sub(data / "system.yaml", r"^    klassningsprotokoll: .*$", f"    klassningsprotokoll: {change['protocol']}")
    if change["next_review"] is not None:
        _sub(project / "docs/styrande/lokal-tillampningsanvisning.md", r"^  nästa_granskning: .*$",
             f"  nästa_granskning: {change['next_review']}")
    if change["level"] is not None:
        _sub(data / "system.yaml", r"^      K: \d$", f"      K: {change['level']}")
    if change["supplier"] is not None:
        _sub(data / "system.yaml", r"^    leverantör: .*$", f"    leverantör: {change['supplier']}")
    if change["name"] is not None:
        _sub(data / "system.yaml", r"^    namn: .*$", f"    namn: {change['name']}")


@pytest.mark.build
@settings(max_examples=5, deadline=timedelta(minutes=3), database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example({**NOTHING, "lis_date": "2026-11-28", "system_id": "s" * 300})  # review 1.23
@example({**NOTHING, "lis_date": "2026-11-28", "object_id": "o" * 300})  # review 1.24
@example({**NOTHING, "lis_date": "2026-11-28", "object_id": "forvaltningen"})  # review 1.25
@example({**NOTHING, "lis_date": "2026-11-28", "action_due": "9999-12-31"})  # review 1.36
@example({**NOTHING, "lis_date": "0001-01-01"})  # review 5.8
@given(change=CHANGES)
def test_check_and_build_agree(tmp_path_factory, change):
    project = copy_project(tmp_path_factory.mktemp("egenskap"))
    apply(project, change)
    checked = call_lis(project, "kontrollera", lis_date=change["lis_date"])
    built = build(project, lis_date=change["lis_date"])
    for output in (checked.stdout + checked.stderr, built.output):
        assert "Traceback" not in output, output
    assert (checked.returncode == 0) == (built.returncode == 0), (change, checked.stderr, built.output[-3000:])


@pytest.mark.build
def test_values_at_the_bounds_are_accepted_by_both(tmp_path):
    project = copy_project(tmp_path / "handbok")
    apply(project, AT_THE_BOUNDS)
    checked = call_lis(project, "kontrollera", lis_date=AT_THE_BOUNDS["lis_date"])
    assert checked.returncode == 0, checked.stderr
    built = build(project, lis_date=AT_THE_BOUNDS["lis_date"])
    assert built.returncode == 0, built.output[-3000:]
    assert (built.site / "system" / ("s" * 200) / "index.html").is_file()
    assert (built.site / "kalender" / f"{'o' * 200}.ics").is_file()
