"""Everyday records: a signed PUB-avtal (date and reference) and actions finished after their last day.

Known data (tests/fixtures/data, reference date 2026-11-28): system alfa's PUB-avtal was signed
2026-03-15 under FAR 2026/77; action a25-nis-rapport-slk had its last day 2025-12-31 and was done
2026-01-26, 26 days late; every other finished action was in time.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from macros import review
from macros.errors import DataError
from macros.loader import load_handbook
from macros.spreadsheet import export_all, import_inventory
from tests.build_helpers import BuildResult
from tests.conftest import AS_OF, replace_in
from tests.test_build import cells


def _action(handbook, action_id):
    return next(a for a in handbook.actions if a.id == action_id)


# --- Actions finished late: a rule (review.py), shown on the action plan and the dashboard -------------


def test_a_late_finish_is_counted_in_days_after_the_last_day(handbook):
    late = _action(handbook, "a25-nis-rapport-slk")
    assert review.days_late(late, AS_OF) == 26
    assert review.days_late(late, date(2026, 1, 25)) is None  # not done yet that day: overdue, not late-done
    assert review.days_late(_action(handbook, "a26-lta"), AS_OF) is None  # done 2026-02-10, last day 2026-03-31
    assert review.action_status(late, AS_OF) == "klar, 26 dagar för sent"
    assert review.action_status(late, date(2026, 1, 25)) == "försenad"
    assert review.action_status(_action(handbook, "a26-lta"), AS_OF) == "klar"


def test_one_day_late_is_said_in_the_singular(handbook):
    action = _action(handbook, "a26-lta").model_copy(update={"done": date(2026, 4, 1)})
    assert review.action_status(action, AS_OF) == "klar, 1 dag för sent"


def test_the_dashboard_keeps_a_late_finish_visible_for_twelve_months(handbook):
    assert [a.id for a in review.finished_late(handbook.actions, AS_OF)] == ["a25-nis-rapport-slk"]
    assert review.finished_late(handbook.actions, date(2027, 1, 26)) == []  # done 2026-01-26: a year has passed


def test_the_exported_action_plan_says_how_late(handbook, tmp_path):
    export_all(handbook, tmp_path, AS_OF)
    with (tmp_path / "handlingsplan.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["Id"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert rows["a25-nis-rapport-slk"]["Status per 2026-11-28"] == "klar, 26 dagar för sent"
    assert rows["a26-lta"]["Status per 2026-11-28"] == "klar"


# --- A signed PUB-avtal ------------------------------------------------------------------------------


def test_the_signing_date_and_reference_are_read(handbook):
    alfa = next(s for s in handbook.systems if s.id == "alfa")
    assert (alfa.agreement_signed, alfa.agreement_reference) == (date(2026, 3, 15), "FAR 2026/77")


@pytest.mark.parametrize("value", ["pågår", "saknas", "ej aktuellt"])
def test_a_signing_date_without_an_agreement_in_place_is_refused(data_dir, value):
    replace_in(data_dir / "system.yaml", "    pub_avtal: finns\n    pub_avtal_undertecknat",
               f"    pub_avtal: {value}\n    pub_avtal_undertecknat")
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir)
    assert [str(i) for i in caught.value.issues] == [
        f'data/system.yaml, rad 19, system "alfa", fält "pub_avtal_undertecknat": anges bara när pub_avtal är '
        f"finns (här: {value}); ändra pub_avtal till finns när avtalet är undertecknat, eller ta bort raden",
        f'data/system.yaml, rad 20, system "alfa", fält "pub_avtal_referens": anges bara när pub_avtal är finns '
        f"eller via stadens avtal (här: {value}); ändra pub_avtal, eller ta bort raden",
    ]


def test_the_signing_date_and_reference_are_exported_and_come_back_unchanged(handbook, data_dir, tmp_path):
    export_all(handbook, tmp_path, AS_OF)
    with (tmp_path / "systemforteckning.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["Id"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert (rows["alfa"]["PUB-avtal undertecknat"], rows["alfa"]["PUB-avtal referens"]) == ("2026-03-15",
                                                                                           "FAR 2026/77")
    # beta is city-shared: the city's central agreement, named by its reference, with no signing date of ours
    assert (rows["beta"]["PUB-avtal"], rows["beta"]["PUB-avtal undertecknat"], rows["beta"]["PUB-avtal referens"]) \
        == ("via stadens avtal", "", "SLK 2025/1")
    for suffix in ("xlsx", "csv"):
        _, summary = import_inventory(data_dir, handbook, tmp_path / f"systemforteckning.{suffix}", replace=False)
        assert summary == [f"oförändrat: {s.id}" for s in handbook.systems]


# --- In a real build of the fixture project -----------------------------------------------------------


def test_the_inventory_and_the_system_page_show_the_signed_agreement(fixture_site: BuildResult):
    inventory = cells(fixture_site.html("uppfoljning/systemforteckning/index.html"), "Systemförteckning")
    alfa = next(row for row in inventory if row[0] == "Alfa")
    assert "finns, undertecknat 2026-03-15" in alfa
    page = fixture_site.html("system/alfa/index.html")
    assert "<td>PUB-avtal undertecknat</td><td>2026-03-15</td>" in page
    assert "<td>PUB-avtalets referens</td><td>FAR 2026/77</td>" in page


def test_the_dashboard_lists_the_action_finished_late(fixture_site: BuildResult):
    rows = cells(fixture_site.html("uppfoljning/index.html"), "Klara efter sista dag de senaste tolv månaderna (1)")
    assert rows == [["Säkerställa att incidentrapporter från verksamhet som omfattas av NIS delges "
                     "stadsledningskontorets informationssäkerhetsfunktion.", "Informationssäkerhetssamordnare",
                     "2025-12-31", "2026-01-26", "26"]]
