"""Exercises on fixture data: validation, the last exercise and the 12-month window, views, export, a real build."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from macros import exercise_views as exv
from macros import exercises as ex
from macros import pages
from macros.loader import Handbook, load_handbook
from macros.sheetfile import read_rows
from macros.spreadsheet import csv_value, export_all
from tests.build_helpers import build, copy_project
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES
from tests.test_build import cells

EXERCISE_FIXTURE = FIXTURES / "ovningar" / "ovningar.yaml"
FILE = "data/ovningar.yaml"
DASHBOARD = "uppfoljning/index.md"


@pytest.fixture
def exercise_dir(data_dir: Path) -> Path:
    """The fixture data with the fixture exercises (two held, one planned)."""
    shutil.copy(EXERCISE_FIXTURE, data_dir / "ovningar.yaml")
    return data_dir


@pytest.fixture
def exercise_hb(exercise_dir: Path) -> Handbook:
    return load_handbook(exercise_dir)


# --- Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    system: [beta, gamma]\n", "    system: [beta, omega]\n",
     f'{FILE}, rad 20, övning "ov-2", fält "system[2]": okänt system "omega"; system finns i data/system.yaml'),
    ("    deltagare: [objektagare]\n", "    deltagare: [objektagare, brandkaren]\n",
     f'{FILE}, rad 19, övning "ov-2", fält "deltagare[2]": okänd roll "brandkaren". Kända roller: chef, '),
    ("    åtgärder: [a26-nis2]\n", "    åtgärder: [a99-saknas]\n",
     f'{FILE}, rad 14, övning "ov-1", fält "åtgärder[1]": okänd åtgärd "a99-saknas"; åtgärder finns i '
     "data/atgarder.yaml"),
    ("    typ: krisövning\n", "    typ: brandövning\n",
     f'{FILE}, rad 23, övning "ov-3", fält "typ": "brandövning" är inte ett tillåtet värde. Tillåtna värden: '
     "skrivbordsövning, test av reservrutin, test av återläsning, krisövning."),
    ("  - id: ov-3\n", "  - id: ov-2\n",
     f'{FILE}, rad 22, övning "ov-2", fält "id": id "ov-2" används redan av en tidigare post; varje post måste '
     "ha ett eget"),
    ("    deltagare: [forvaltningsledning]\n", "    deltagare: []\n",
     f'{FILE}, rad 26, övning "ov-3", fält "deltagare": listan måste ha minst 1 poster'),
    ("    datum: 2026-04-15\n", "    datum: 15 april\n",
     f'{FILE}, rad 17, övning "ov-2", fält "datum": "15 april" är inget datum; skriv ÅÅÅÅ-MM-DD'),
])
def test_each_broken_field_gives_its_swedish_error(exercise_dir, old, new, expected):
    replace_in(exercise_dir / "ovningar.yaml", old, new)
    errors = data_errors(exercise_dir)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


# --- The last exercise and the 12-month window ----------------------------------------------------


def test_last_held_next_due_and_planned(exercise_hb):
    assert [e.id for e in ex.held(exercise_hb, AS_OF)] == ["ov-2", "ov-1"]
    assert [e.id for e in ex.planned(exercise_hb, AS_OF)] == ["ov-3"]
    last = ex.last_held(exercise_hb, AS_OF)
    assert last is not None and last.id == "ov-2"
    assert ex.next_due(exercise_hb, AS_OF) == date(2027, 4, 15)
    assert not ex.overdue(exercise_hb, AS_OF)


@pytest.mark.parametrize(("as_of", "late"), [
    (date(2026, 10, 1), False),  # exactly twelve months after ov-1: still within the window
    (date(2026, 10, 2), True),
])
def test_the_window_is_twelve_months(exercise_dir, as_of, late):
    text = (exercise_dir / "ovningar.yaml").read_text(encoding="utf-8")
    (exercise_dir / "ovningar.yaml").write_text(text[:text.index("  - id: ov-2")], encoding="utf-8")
    hb = load_handbook(exercise_dir)
    assert ex.next_due(hb, as_of) == date(2026, 10, 1)
    assert ex.overdue(hb, as_of) is late


def test_an_exercise_dated_after_the_reference_date_is_planned_not_held(exercise_hb):
    assert [e.id for e in ex.held(exercise_hb, date(2026, 4, 14))] == ["ov-1"]
    assert ex.last_held(exercise_hb, date(2025, 9, 30)) is None


def test_without_exercises_the_dashboard_warns(handbook):
    assert handbook.exercises is None and ex.overdue(handbook, AS_OF)
    html = exv.last_exercise(handbook, AS_OF, DASHBOARD)
    assert ('<div class="admonition warning"><p class="admonition-title">Ingen övning registrerad</p>'
            "<p>Ingen incident- eller kontinuitetsövning är registrerad per 2026-11-28. Minst en övning ska hållas "
            'var 12:e månad. Se <a href="ovningar/">Övningar</a>.</p></div>') in html


def test_dashboard_box_names_the_last_exercise_and_the_next_due_date(exercise_hb):
    html = exv.last_exercise(exercise_hb, AS_OF, DASHBOARD)
    assert ('<div class="admonition success"><p class="admonition-title">Senaste övningen</p>'
            "<p>Senaste övningen hölls 2026-04-15 (test av reservrutin: Beta och Gamma ligger nere en dag). "
            "Nästa övning ska hållas senast 2027-04-15.") in html


def test_dashboard_box_flags_a_year_without_exercises(exercise_hb):
    html = exv.last_exercise(exercise_hb, date(2027, 2, 1), DASHBOARD)
    assert "success" in html  # ov-2 is less than a year old on 2027-02-01
    later = date(2027, 4, 16)  # ov-3 (2027-03-01) counts as held then
    assert "Senaste övningen hölls 2027-03-01 (krisövning: Långvarigt elavbrott)" in exv.last_exercise(
        exercise_hb, later, DASHBOARD)
    html = exv.last_exercise(exercise_hb, date(2028, 3, 2), DASHBOARD)
    assert ('<p class="admonition-title">Ingen övning de senaste 12 månaderna</p><p>Senaste övningen hölls '
            "2027-03-01 (krisövning: Långvarigt elavbrott), mer än 12 månader före 2028-03-02. Nästa övning "
            "skulle ha hållits senast 2028-03-01.") in html


# --- Views ----------------------------------------------------------------------------------------


def test_tables_list_held_and_planned_exercises(exercise_hb):
    html = exv.exercise_tables(exercise_hb, AS_OF, pages.EXERCISES)
    assert "<caption>Genomförda övningar: 2 – beräknat per 2026-11-28</caption>" in html
    assert "<caption>Planerade övningar: 1 – beräknat per 2026-11-28</caption>" in html
    assert ('<tr><td>2025-10-01</td><td>skrivbordsövning</td><td>Utpressningsvirus i Alfa</td>'
            "<td>Informationssäkerhetssamordnare, IT-support</td>"
            '<td><a href="../../system/alfa/">Alfa</a></td>'
            "<td>Jourlistan var inaktuell.<br>Ingen visste vem som kontaktar SLK.</td>"
            "<td>a26-nis2 (pågår)</td></tr>") in html
    assert "<td>Långvarigt elavbrott (exempeldata)</td>" in html


def test_hostile_text_renders_as_text(exercise_dir):
    replace_in(exercise_dir / "ovningar.yaml", "scenario: Långvarigt elavbrott",
               'scenario: "<img src=x> | {{ 7*7 }} *y*"')
    html = exv.exercise_tables(load_handbook(exercise_dir), AS_OF, pages.EXERCISES)
    assert "<td>&lt;img src=x&gt; &#124; &#123;&#123; 7&#42;7 &#125;&#125; &#42;y&#42; (exempeldata)</td>" in html


# --- Export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_round_trip_keeps_every_exercise_with_version_and_date(exercise_hb, tmp_path, suffix):
    export_all(exercise_hb, tmp_path, AS_OF)
    rows, _ = read_rows(tmp_path / f"ovningar.{suffix}")
    if suffix == "csv":
        rows = [[csv_value(v) for v in row] for row in rows]
    # The page's order (Datum, Typ, …) with the export-only columns (Id, Exempel and the stamp) around it.
    assert rows[0] == ["Id", "Datum", "Typ", "Scenario", "Deltagare", "System", "Lärdomar", "Åtgärder", "Exempel",
                       "Version", "Beräknat per", "Exempeldata"]
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["Id"] for r in records] == ["ov-1", "ov-2", "ov-3"]
    assert records[0]["Lärdomar"] == "Jourlistan var inaktuell.\nIngen visste vem som kontaktar SLK."
    assert records[1]["System"] == "beta, gamma" and str(records[1]["Datum"])[:10] == "2026-04-15"
    assert records[2]["Exempel"] == "ja"
    assert all(str(r["Version"]) == "0.4" and str(r["Beräknat per"])[:10] == "2026-11-28" for r in records)


def test_export_neutralises_a_formula_like_scenario(exercise_dir, tmp_path):
    replace_in(exercise_dir / "ovningar.yaml", "scenario: Långvarigt elavbrott", 'scenario: "+SUM(A1)"')
    export_all(load_handbook(exercise_dir), tmp_path, AS_OF)
    assert ";'+SUM(A1);" in (tmp_path / "ovningar.csv").read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook
    cell = load_workbook(tmp_path / "ovningar.xlsx").active.cell(4, 4)
    assert cell.value == "+SUM(A1)" and cell.data_type == "s" and cell.quotePrefix


# --- A real strict build ----------------------------------------------------------------------------


@pytest.mark.build
def test_real_build_shows_the_exercises_and_the_last_one_on_the_dashboard(tmp_path):
    project = copy_project(tmp_path / "projekt")
    text = EXERCISE_FIXTURE.read_text(encoding="utf-8")
    # gamma maps to a system that does not protect life or health: ov-2's lesson has no action (see below).
    for fixture_id, real_id in (("alfa", "sociala-system"), ("beta", "hsl-journal"), ("gamma", "diarium")):
        text = text.replace(f"[{fixture_id}", f"[{real_id}").replace(f" {fixture_id}]", f" {real_id}]")
    (project / "data" / "ovningar.yaml").write_text(text, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.html("uppfoljning/ovningar/index.html")
    held = cells(page, "Genomförda övningar: 2")
    assert [row[:2] for row in held] == [["2026-04-15", "test av reservrutin"], ["2025-10-01", "skrivbordsövning"]]
    assert held[0][4] == "Journal- och läkemedelssystem (HSL), Diarium och ärendehantering"
    assert [row[0] for row in cells(page, "Planerade övningar: 1")] == ["2027-03-01"]
    dashboard = result.html("uppfoljning/index.html")
    assert ("Senaste övningen hölls 2026-04-15 (test av reservrutin: Beta och Gamma ligger nere en dag). "
            "Nästa övning ska hållas senast 2027-04-15.") in dashboard
    assert '<a href="../ovningar/" class="md-nav__link">' in result.html("uppfoljning/systemforteckning/index.html")


# --- A finding on a system that protects life or health gets a short deadline (data, not prose) ------------


def test_a_finding_on_a_life_and_health_system_needs_an_action_within_the_short_deadline(exercise_dir):
    # ov-1 (2025-10-01) found gaps in Alfa; its only action a26-nis2 is due 2026-12-31.
    replace_in(exercise_dir / "kontinuitet.yaml", "  - system: alfa\n    reservrutin: ja\n",
               "  - system: alfa\n    reservrutin: ja\n    liv_och_hälsa: ja\n")
    assert data_errors(exercise_dir) == [
        'data/ovningar.yaml, rad 14, övning "ov-1", fält "åtgärder": övningen gällde Alfa, som skyddar liv eller '
        "hälsa. Minst en åtgärd ska vara klar senast 30 dagar efter övningen, det vill säga senast 2025-10-31 "
        "(frist_liv_och_hälsa_dagar); åtgärdernas senast-datum är 2026-12-31"]
    # An action due 2025-12-31 meets a deadline of 91 days (2025-10-01 + 91 = 2025-12-31), not one of 90.
    replace_in(exercise_dir / "ovningar.yaml", "    åtgärder: [a26-nis2]\n", "    åtgärder: [a26-nis2, a25-nis-rapport-slk]\n")
    replace_in(exercise_dir / "ovningar.yaml", 'version: "0.4"\n', 'version: "0.4"\nfrist_liv_och_hälsa_dagar: 90\n')
    assert len(data_errors(exercise_dir)) == 1
    replace_in(exercise_dir / "ovningar.yaml", "frist_liv_och_hälsa_dagar: 90\n", "frist_liv_och_hälsa_dagar: 91\n")
    assert load_handbook(exercise_dir).exercises is not None


def test_a_finding_on_a_life_and_health_system_without_any_action_is_refused(exercise_dir):
    replace_in(exercise_dir / "kontinuitet.yaml", "  - system: gamma\n    reservrutin: ja\n",
               "  - system: gamma\n    reservrutin: ja\n    liv_och_hälsa: ja\n")
    assert data_errors(exercise_dir) == [
        'data/ovningar.yaml, rad 15, övning "ov-2", fält "åtgärder": övningen gällde Gamma, som skyddar liv eller '
        "hälsa. Minst en åtgärd ska vara klar senast 30 dagar efter övningen, det vill säga senast 2026-05-15 "
        "(frist_liv_och_hälsa_dagar); ingen åtgärd är angiven"]
