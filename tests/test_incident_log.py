"""The incident log (data/incidentlogg.yaml) on fixture data: deadlines from organisation.yaml, late and missed
reports on Uppföljning and in the review, art. 33.5, and the yearly counts computed from the log."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from macros import review_views as lg
from macros.audience import Audience
from macros.catalogue import Scope
from macros.loader import Handbook, load_handbook
from macros.registers import exported, in_supervision
from macros.registers import incident_log as il
from macros.registers import incidents as incident_register
from macros.registers import processing as pr
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES

FIXTURE = FIXTURES / "incidentlogg" / "incidentlogg.yaml"
FILE = "data/incidentlogg.yaml"
YEAR_2026 = ("  - år: 2026\n    nis_incidenter: 0\n    personuppgiftsincidenter: 11\n    anmälda_till_imy: 1\n"
             "    kommentar: Hittills i år.\n    ursprung: exempeldata\n")


@pytest.fixture
def il_dir(data_dir: Path) -> Path:
    shutil.copy(FIXTURE, data_dir / "incidentlogg.yaml")
    replace_in(data_dir / "incidenter.yaml", YEAR_2026, "")  # from 2026 the log is the source
    return data_dir


@pytest.fixture
def il_hb(il_dir: Path) -> Handbook:
    return load_handbook(il_dir)


def _states(hb: Handbook, incident_id: str, as_of: date = AS_OF) -> dict[str, tuple[str, str]]:
    incident = next(i for i in il.incidents(hb) if i.id == incident_id)
    return {s.deadline.id: (s.state.value, f"{s.due:%Y-%m-%d %H:%M}")
            for s in il.report_status(incident, hb.organisation.deadlines, as_of)}


def test_an_early_warning_sent_at_25_hours_is_late(il_hb):
    assert _states(il_hb, "i-sent") == {
        "nis-tidig-varning": ("för sent", "2026-03-03 08:00"),
        "nis-incidentanmalan": ("i tid", "2026-03-05 08:00"),
        "nis-slutrapport": ("i tid", "2026-04-04 08:00"),  # one month after the notification actually sent
    }


def test_at_24_hours_it_is_on_time_and_a_passed_deadline_without_report_is_missed(il_hb):
    assert _states(il_hb, "i-saknas") == {
        "nis-tidig-varning": ("i tid", "2026-05-02 08:00"),
        "nis-incidentanmalan": ("fristen passerad utan rapport", "2026-05-04 08:00"),
        "nis-slutrapport": ("fristen passerad utan rapport", "2026-06-04 08:00"),  # from the notification's due
    }
    assert _states(il_hb, "i-saknas", date(2026, 5, 4))["nis-incidentanmalan"][0] == "ska lämnas"
    assert _states(il_hb, "i-saknas", date(2026, 5, 5))["nis-incidentanmalan"][0] == "fristen passerad utan rapport"


def test_the_deadlines_come_from_organisation_yaml(il_dir):
    replace_in(il_dir / "organisation.yaml", "    namn: Tidig varning\n    timmar: 24\n",
               "    namn: Tidig varning\n    timmar: 26\n")
    assert _states(load_handbook(il_dir), "i-sent")["nis-tidig-varning"] == ("i tid", "2026-03-03 10:00")


def test_a_breach_not_notified_is_documented_with_its_reason(il_hb):
    assert _states(il_hb, "i-ej-anmald") == {}
    assert _states(il_hb, "i-imy") == {"imy-anmalan": ("i tid", "2026-09-04 10:00")}


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert il.add_months(datetime(2026, 1, 31, 9, 0), 1) == datetime(2026, 2, 28, 9, 0)
    assert il.add_months(datetime(2026, 12, 15, 9, 0), 1) == datetime(2027, 1, 15, 9, 0)


def test_late_and_missed_reports_on_the_dashboard_and_in_the_review(il_hb):
    dashboard = il.late_table(Scope(il_hb, AS_OF))
    assert "Rapporter efter fristen eller som saknas (3) – beräknat per 2026-11-28" in dashboard
    assert ("<td>Tidig varning efter 25 timmar.</td><td>2026-03-02 08:00</td><td>Tidig varning</td>"
            "<td>2026-03-03 08:00</td><td>2026-03-03 09:00</td><td>för sent</td><td>Samordnaren nåddes inte.</td>"
            ) in dashboard
    assert ("<td>Incidentanmälan</td><td>2026-05-04 08:00</td><td>–</td><td>fristen passerad utan rapport</td>"
            ) in dashboard
    assert "Incidentrapporter 2026 efter fristen eller som saknas (3)" in il.review_late(Scope(il_hb, AS_OF), 2026)
    page = il.page_table(Scope(il_hb, AS_OF))
    assert "Tidig varning: skickad 2026-03-03 09:00, för sent, 1 timme efter fristen" in page
    assert "inte anmäld: Mottagaren raderade uppgifterna samma dag" in page


def test_the_yearly_counts_equal_the_log(il_hb):
    log = il.incidents(il_hb)
    years = {y.year: (y.nis, y.personal_data, y.reported_to_imy, y.origin) for y in il.incident_years(il_hb)}
    assert years[2026] == (sum(1 for i in log if i.significant), sum(1 for i in log if i.breach),
                           sum(1 for i in log if il.notified(i, il_hb.organisation.deadlines)), "incidentloggen")
    assert years[2026] == (2, 2, 1, "incidentloggen")
    assert years[2025] == (1, 15, None, "exempeldata")  # a recorded figure keeps its origin
    assert sorted(years) == [2023, 2024, 2025, 2026]
    assert lg.incident_figure(il_hb, 2026, "personuppgift") == "2"
    assert lg.incident_figure(il_hb, 2026, "imy") == "1"
    review = lg.incident_trend(il_hb, 2026)
    assert '<td class="lis-tal">2026</td><td class="lis-tal">2</td><td class="lis-tal">2</td>' in review
    exported = incident_register.REGISTER.table(Scope(il_hb, AS_OF)) if incident_register.REGISTER.table else None
    assert exported is not None and [r.year for r in exported.rows] == [2023, 2024, 2025, 2026]


def test_both_registers_are_exported_and_in_the_supervision_package_for_the_restricted_edition():
    for register, stem in ((il.REGISTER, "incidentlogg"), (pr.REGISTER, "registerforteckning")):
        assert register.audience is Audience.LIS and register.search_excluded
        assert stem in [r.export.stem for r in exported() if r.export]
        assert stem in [r.export.stem for r in in_supervision() if r.export]


def test_a_breach_neither_notified_nor_explained_is_an_error(il_dir):
    replace_in(il_dir / "incidentlogg.yaml",
               "    ej_anmäld_skäl: Mottagaren raderade uppgifterna samma dag; osannolikt att det medför en risk.\n", "")
    assert data_errors(il_dir) == [
        f'{FILE}, rad 28, incident "i-ej-anmald", fält "personuppgiftsincident": personuppgiftsincidenten är inte '
        "anmäld till IMY: lägg till anmälan under rapporter, eller skriv under ej_anmäld_skäl varför den inte "
        "anmäls (artikel 33.5: varje personuppgiftsincident dokumenteras, även den som inte anmäls)"]


def test_a_late_notification_to_imy_gives_its_reasons(il_dir):
    replace_in(il_dir / "incidentlogg.yaml", "{frist: imy-anmalan, skickad: 2026-09-04 09:00}",
               "{frist: imy-anmalan, skickad: 2026-09-04 11:00}")
    assert data_errors(il_dir) == [
        f'{FILE}, rad 37, incident "i-imy", fält "rapporter[1]": anmälan till IMY lämnades efter fristen: skriv '
        "skälen till dröjsmålet under skäl_till_dröjsmål (artikel 33.1 i dataskyddsförordningen)"]


def test_a_year_the_log_covers_is_not_also_a_recorded_figure(data_dir):
    shutil.copy(FIXTURE, data_dir / "incidentlogg.yaml")
    assert data_errors(data_dir) == [
        'data/incidenter.yaml, rad 20, incidentår "2026", fält "år": år 2026 räknas fram ur incidentloggen '
        "(data/incidentlogg.yaml gäller från 2026-01-01); ta bort året här, eller ändra loggen_från i incidentloggen"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    kännedom: 2026-03-02 08:00\n", "    kännedom: 2 mars 2026\n",
     'rad 8, incident "i-sent", fält "kännedom": "2 mars 2026" är ingen tidpunkt; skriv ÅÅÅÅ-MM-DD TT:MM, till '
     "exempel 2026-03-02 14:30"),
    ("{frist: nis-tidig-varning, skickad: 2026-05-02 08:00}", "{frist: tidig-varning, skickad: 2026-05-02 08:00}",
     'rad 23, incident "i-saknas", fält "rapporter[1].frist": okänd frist "tidig-varning". Kända frister: '
     "imy-anmalan, nis-incidentanmalan, nis-slutrapport, nis-tidig-varning."),
    ("{frist: nis-tidig-varning, skickad: 2026-05-02 08:00}", "{frist: nis-tidig-varning, skickad: 2026-04-30 08:00}",
     'rad 23, incident "i-saknas", fält "rapporter[1].skickad": rapporten skickades 2026-04-30 08:00, före '
     "kännedomen 2026-05-01 08:00; rätta den ena tidpunkten"),
    ("    system: [beta]\n", "    system: [okant]\n",
     'rad 18, incident "i-saknas", fält "system[1]": okänt system "okant"; system finns i data/system.yaml'),
])
def test_each_broken_entry_gives_its_swedish_error(il_dir, old, new, expected):
    replace_in(il_dir / "incidentlogg.yaml", old, new)
    assert data_errors(il_dir) == [f"{FILE}, {expected}"]
