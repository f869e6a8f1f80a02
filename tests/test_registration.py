"""Registration under 2 kap. 2 § cybersäkerhetslagen on fixture data: 14-day dates, errors, pages, calendar."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import icalendar
import pytest

from macros import followup as fu
from macros import registration as reg
from macros import registration_views as regv
from macros.calendar import feed
from macros.loader import Handbook, load_handbook
from tests.build_helpers import build, copy_project
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES

REGISTRATION_FIXTURE = FIXTURES / "registrering" / "registrering.yaml"
# The fixture's lagkrav.yaml has no single point of contact; the tests add it as the first authority.
CONTACT_POINT = """myndigheter:
  - id: mcf-kontaktpunkt
    namn: MCF, gemensam kontaktpunkt
    uppgift: Tar emot registreringen.
    lagrum: [csl-omfattning]
"""


@pytest.fixture
def reg_dir(data_dir: Path) -> Path:
    replace_in(data_dir / "lagkrav.yaml", "myndigheter:\n", CONTACT_POINT)
    shutil.copy(REGISTRATION_FIXTURE, data_dir / "registrering.yaml")
    return data_dir


@pytest.fixture
def reg_hb(reg_dir: Path) -> Handbook:
    return load_handbook(reg_dir)


def _states(hb: Handbook, as_of: date) -> dict[str, tuple[str, date]]:
    return {s.change.id: (s.state.value, s.due) for s in reg.changes(hb, as_of)}


def test_each_change_is_due_fourteen_days_after_it_happened(reg_hb):
    assert _states(reg_hb, AS_OF) == {
        "i-tid": ("anmäld", date(2026, 9, 15)),
        "for-sent": ("anmäld för sent", date(2026, 10, 15)),
        "forsenad": ("försenad", date(2026, 11, 16)),
        "pagaende": ("ska anmälas", date(2026, 12, 4)),
    }


def test_the_fourteenth_day_is_still_in_time_and_the_fifteenth_is_overdue(reg_hb):
    assert _states(reg_hb, date(2026, 11, 16))["forsenad"][0] == "ska anmälas"
    assert _states(reg_hb, date(2026, 11, 17))["forsenad"][0] == "försenad"
    # Before the report date a change is not yet reported, even if the data already says when it was.
    assert _states(reg_hb, date(2026, 10, 10))["for-sent"][0] == "ska anmälas"
    assert _states(reg_hb, date(2026, 10, 16))["for-sent"][0] == "försenad"
    # A change recorded ahead of the day it happens is planned: in the calendar, not in the reminder.
    assert _states(reg_hb, date(2026, 9, 30))["for-sent"] == ("planerad", date(2026, 10, 15))
    planned = [i.key for i in fu.due_items(reg_hb, [], date(2026, 9, 30)) if i.kind is fu.DueKind.REGISTRATION]
    assert planned == ["for-sent", "forsenad", "pagaende"]
    assert "planerad: ska anmälas senast 2026-10-15" in regv.changes(reg_hb, date(2026, 9, 30))


def test_unreported_changes_are_due_items_for_the_dashboard_and_calendar(reg_hb):
    items = [i for i in fu.due_items(reg_hb, [], AS_OF) if i.kind is fu.DueKind.REGISTRATION]
    assert [(i.key, i.title, i.owner, i.due, i.page) for i in items] == [
        ("forsenad", "Ny enhet för hemsjukvård", "SLK:s informationssäkerhetsfunktion", date(2026, 11, 16),
         "styrande/lagar-och-krav.md"),
        ("pagaende", "Ny ansvarig för IT-drift", "SLK:s informationssäkerhetsfunktion", date(2026, 12, 4),
         "styrande/lagar-och-krav.md"),
    ]
    events = icalendar.Calendar.from_ical(feed("LIS", items, "https://lis.example/", AS_OF)).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in events] == [
        ("Anmälan av ändring i registreringen: Ny enhet för hemsjukvård", date(2026, 11, 16)),
        ("Anmälan av ändring i registreringen: Ny ansvarig för IT-drift", date(2026, 12, 4)),
    ]


def test_without_the_file_nothing_is_due_and_the_page_says_so(handbook):
    assert not [i for i in fu.due_items(handbook, [], AS_OF) if i.kind is fu.DueKind.REGISTRATION]
    assert "Ingen registrering är införd i handboken." in regv.registration(handbook)
    assert regv.reminder(handbook, AS_OF, "uppfoljning/index.md") == ""


def test_changes_table_names_each_state_with_its_dates(reg_hb):
    html = regv.changes(reg_hb, AS_OF)
    assert "Ändringar i registreringen: 4, varav 2 inte anmälda – beräknat per 2026-11-28" in html
    assert ("<td>2026-11-02</td><td>Ny enhet för hemsjukvård</td><td>2026-11-16</td><td>–</td>"
            "<td>försenad: skulle ha anmälts senast 2026-11-16, 12 dagar sedan</td>") in html
    assert "<td>2026-12-04</td><td>–</td><td>ska anmälas senast 2026-12-04</td>" in html
    assert "<td>anmäld för sent 2026-10-20 (senast 2026-10-15)</td>" in html
    assert "<td>2026-09-10</td><td>anmäld 2026-09-10</td><td>–</td>" in html


def test_registration_table_names_role_and_authority(reg_hb):
    html = regv.registration(reg_hb)
    assert "<caption>Registrering enligt 2 kap. 2 § cybersäkerhetslagen</caption>" in html
    assert "<td>Anmäld av</td><td>SLK:s informationssäkerhetsfunktion</td>" in html
    assert "<td>Till</td><td>MCF, gemensam kontaktpunkt</td>" in html
    assert "<td>Diarienummer</td><td>TEST-1</td>" in html


def test_reminder_is_red_when_overdue_yellow_when_only_due_and_absent_when_all_reported(reg_hb):
    html = regv.reminder(reg_hb, AS_OF, "uppfoljning/index.md")
    assert html.count("<li>") == 2 and '<div class="admonition danger">' in html
    assert "<li>Ny ansvarig för IT-drift: ska anmälas senast 2026-12-04.</li>" in html
    assert '<a href="../styrande/lagar-och-krav/">Lagar och krav</a>' in html
    assert '<div class="admonition warning">' in regv.reminder(reg_hb, date(2026, 11, 5), "uppfoljning/index.md")
    assert regv.reminder(reg_hb, date(2026, 9, 12), "uppfoljning/index.md") == ""


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  anmäld_av: slk-sakerhet\n", "  anmäld_av: vd\n",
     'data/registrering.yaml, rad 6, fält "registrering.anmäld_av": okänd roll "vd". Kända roller:'),
    ("  myndighet: mcf-kontaktpunkt\n", "  myndighet: mcf\n",
     'data/registrering.yaml, rad 7, fält "registrering.myndighet": okänd myndighet "mcf". Kända myndigheter i '
     "data/lagkrav.yaml: imy, mcf-csirt, mcf-kontaktpunkt."),
    ("    ändrad: 2026-09-01\n", "    ändrad: 2026-01-20\n",
     'data/registrering.yaml, rad 13, ändring "i-tid", fält "ändrad": ändringen ligger före registreringen '
     "(2026-02-02); den ingår då i registreringen"),
    ("    anmäld: 2026-09-10\n", "    anmäld: 2026-08-30\n",
     'data/registrering.yaml, rad 15, ändring "i-tid", fält "anmäld": anmäld ligger före dagen för ändringen '
     "(2026-09-01)"),
    ("  - id: for-sent\n", "  - id: i-tid\n",
     'data/registrering.yaml, rad 16, ändring "i-tid", fält "id": id "i-tid" används redan av en tidigare post; '
     "varje post måste ha ett eget"),
    ("    ändrad: 2026-11-20\n", "    ändrad: 2026-11-31\n",
     'data/registrering.yaml, rad 24, ändring "pagaende", fält "ändrad": 2026-11-31 är inget giltigt datum '
     "(finns den månaden och dagen?)"),
    ("    vad: Ny kontaktväg\n", "",
     'data/registrering.yaml, rad 12, ändring "i-tid", fält "vad": fältet saknas men måste finnas'),
])
def test_each_broken_field_gives_its_swedish_error(reg_dir, old, new, expected):
    replace_in(reg_dir / "registrering.yaml", old, new)
    errors = data_errors(reg_dir)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_dashboard_law_page_and_calendar_show_the_fixture_in_a_real_build(tmp_path):
    project = copy_project(tmp_path / "projekt")
    shutil.copy(REGISTRATION_FIXTURE, project / "data" / "registrering.yaml")
    result = build(project)
    assert result.returncode == 0, result.output
    dashboard = result.html("uppfoljning/index.html")
    assert '<p class="admonition-title">Ändringar som ska anmälas till MCF</p>' in dashboard
    assert "<li>Ny enhet för hemsjukvård: försenad: skulle ha anmälts senast 2026-11-16, 12 dagar sedan.</li>" \
        in dashboard
    assert "<td>Anmälan av ändring i registreringen</td>" in dashboard
    law = result.html("styrande/lagar-och-krav/index.html")
    assert "Ändringar i registreringen: 4, varav 2 inte anmälda – beräknat per 2026-11-28" in law
    assert "<td>ska anmälas senast 2026-12-04</td>" in law
    ics = (result.site / "kalender" / "forvaltningen.ics").read_text(encoding="utf-8")
    # the fixture is example data: every event says so after its title
    events = {(str(e["SUMMARY"]).removesuffix(" (exempeldata)"), e["DTSTART"].dt)
              for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}
    assert {("Anmälan av ändring i registreringen: Ny enhet för hemsjukvård", date(2026, 11, 16)),
            ("Anmälan av ändring i registreringen: Ny ansvarig för IT-drift", date(2026, 12, 4))} <= events
