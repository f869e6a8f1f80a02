"""Domain rules on the six fixture systems, counted by hand (see tests/fixtures/data/system.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from macros import status
from tests.conftest import AS_OF


def ids(systems):
    return [s.id for s in systems]


def test_protocols_and_classifications_counted_in_their_year(handbook):
    assert ids(status.protocols_in_year(handbook.systems, 2026, AS_OF)) == ["alfa", "delta", "epsilon", "zeta"]
    assert ids(status.classifications_in_year(handbook.systems, 2026, AS_OF)) == ["alfa"]
    assert ids(status.classifications_in_year(handbook.systems, 2025, AS_OF)) == ["gamma", "epsilon"]


def test_work_dated_after_the_reference_date_does_not_count(handbook):
    as_of = date(2026, 2, 15)
    assert ids(status.protocols_in_year(handbook.systems, 2026, as_of)) == ["alfa", "epsilon", "zeta"]
    assert ids(status.classifications_in_year(handbook.systems, 2026, as_of)) == []


def test_year_progress_against_goals(handbook):
    goal = status.year_goal(handbook.year_goals, 2026)
    progress = status.year_progress(handbook.systems, goal, AS_OF)
    assert [(p.target, p.achieved, p.remaining, p.percent, p.met) for p in progress] == [
        (12, 1, 11, 8, False), (18, 4, 14, 22, False)]


def test_inventory_excludes_retired_and_not_yet_started(handbook):
    assert ids(status.active_systems(handbook.systems, AS_OF)) == ["alfa", "beta", "gamma", "delta", "epsilon"]
    assert "delta" not in ids(status.active_systems(handbook.systems, date(2026, 3, 31)))
    assert "zeta" in ids(status.active_systems(handbook.systems, date(2026, 1, 30)))


def test_coverage_of_multi_year_goals(handbook):
    protocols, krt = (status.coverage(handbook.systems, g, AS_OF) for g in handbook.multi_year_goals)
    assert (protocols.target, protocols.achieved) == (5, 5)
    assert (krt.target, krt.achieved, krt.percent) == (5, 4, 80)


def test_follow_ups_due_one_year_after_classification_or_last_follow_up(handbook):
    due = {f.system.id: f.due for f in status.follow_ups(handbook.systems, AS_OF)}
    assert due == {"alfa": date(2027, 3, 1), "beta": date(2025, 5, 2), "gamma": date(2026, 12, 1),
                   "epsilon": date(2026, 6, 1)}


def test_overdue_follow_ups(handbook):
    overdue = status.overdue_follow_ups(handbook.systems, AS_OF)
    assert [(f.system.id, f.days_overdue(AS_OF)) for f in overdue] == [("beta", 575), ("epsilon", 180)]
    # On the due date itself a follow-up is due, not overdue.
    assert ids(f.system for f in status.overdue_follow_ups(handbook.systems, date(2026, 6, 1))) == ["beta"]


def test_leap_day_moves_to_28_february():
    assert status.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.parametrize(("env", "expected"), [
    ({"LIS_DATE": "2026-11-28"}, date(2026, 11, 28)),
    ({}, date(2030, 1, 2)),
    ({"LIS_DATE": " "}, date(2030, 1, 2)),
])
def test_reference_date_from_environment(env, expected):
    assert status.reference_date(env, today=date(2030, 1, 2)) == expected


@pytest.mark.parametrize("value", ["2026-13-01", "28/11/2026", "2026-1-5"])
def test_bad_reference_date_is_a_swedish_error(value):
    from macros.errors import DataError

    with pytest.raises(DataError) as caught:
        status.reference_date({"LIS_DATE": value})
    assert str(caught.value.issues[0]) == (
        f'LIS_DATE: "{value}" är inget giltigt datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28')
