"""Ledningen's training (2 kap. 4 § cybersäkerhetslagen) on fixture data: gaps, errors, page and review."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from macros import management_training as mt
from macros import management_training_views as mtv
from macros import review_views as lg
from macros.loader import Handbook, load_handbook
from tests.build_helpers import build, copy_project
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES

TRAINING_FIXTURE = FIXTURES / "ledningsutbildning" / "ledningsutbildning.yaml"


@pytest.fixture
def mt_dir(data_dir: Path) -> Path:
    shutil.copy(TRAINING_FIXTURE, data_dir / "ledningsutbildning.yaml")
    return data_dir


@pytest.fixture
def mt_hb(mt_dir: Path) -> Handbook:
    return load_handbook(mt_dir)


def _status(hb: Handbook, as_of: date) -> dict[str, tuple[str, date | None]]:
    return {s.member.id: (s.state.value, s.renew_by) for s in mt.member_status(hb, as_of)}


def test_each_member_in_office_is_trained_missing_or_expired(mt_hb):
    assert _status(mt_hb, AS_OF) == {
        "ordforande": ("utbildad", date(2027, 3, 10)),
        "ledamot-2": ("ingen utbildning registrerad", None),  # trained before taking office on 2026-06-01
        "ledamot-3": ("ingen utbildning registrerad", None),  # the course of 2026-12-15 is still ahead
        "direktor": ("behöver förnyas", date(2026, 10, 1)),  # 2025-10-01 + 12 months
    }  # ny-chef takes office on 2027-01-01 and is not listed yet


def test_renewal_date_is_the_last_valid_day_and_later_courses_count_when_held(mt_hb):
    assert _status(mt_hb, date(2026, 10, 1))["direktor"][0] == "utbildad"
    assert _status(mt_hb, date(2026, 10, 2))["direktor"][0] == "behöver förnyas"
    later = _status(mt_hb, date(2027, 1, 1))
    assert later["ledamot-3"] == ("utbildad", date(2027, 12, 15))
    assert later["ny-chef"] == ("ingen utbildning registrerad", None)


def test_training_page_tables(mt_hb):
    gaps = mtv.gaps(mt_hb, AS_OF)
    assert ("Brister i ledningens utbildning (ingen utbildning, eller äldre än 12 månader): 3 – beräknat per "
            "2026-11-28") in gaps
    assert ("<td>Direktör</td><td>Förvaltningsledningen</td><td>2025-10-01 Ledningens NIS 2-utbildning</td>"
            "<td>2026-10-01</td><td>behöver förnyas</td>") in gaps
    assert "<td>Ledamot 2</td><td>Stadsdelsnämnden</td><td>–</td><td>–</td><td>ingen utbildning registrerad</td>" \
        in gaps
    assert "Ordförande" not in gaps
    assert "Ledningens utbildning: 1 av 4 utbildade – beräknat per 2026-11-28" in mtv.members(mt_hb, AS_OF)
    courses = mtv.courses(mt_hb, AS_OF)
    assert "Ledningens utbildningar: 2 tillfällen – beräknat per 2026-11-28" in courses
    # The fixture's courses record neither content, length nor material: each shows as missing.
    assert ("<td>2026-03-10</td><td>Nämndens NIS 2-utbildning</td><td>SLK</td><td>saknas</td>"
            '<td class="lis-tal">saknas</td><td>saknas</td><td>Ordförande; Ledamot 2</td>'
            '<td class="lis-tal">2</td>') in courses


def test_a_course_shows_its_content_length_and_material(mt_dir):
    replace_in(mt_dir / "ledningsutbildning.yaml", "    anordnare: Extern leverantör\n",
               "    anordnare: Extern leverantör\n    innehåll: [ledningens ansvar, incidentrapportering]\n"
               "    timmar: 2.5\n    material: Presentation LED 2025/4\n")
    courses = mtv.courses(load_handbook(mt_dir), AS_OF)
    assert ("<td>2025-10-01</td><td>Ledningens NIS 2-utbildning</td><td>Extern leverantör</td>"
            '<td>ledningens ansvar; incidentrapportering</td><td class="lis-tal">2,5</td>'
            "<td>Presentation LED 2025/4</td><td>Direktör</td>") in courses


def test_a_course_of_no_length_is_refused(mt_dir):
    replace_in(mt_dir / "ledningsutbildning.yaml", "    anordnare: Extern leverantör\n",
               "    anordnare: Extern leverantör\n    timmar: 0\n")
    assert data_errors(mt_dir) == [
        'data/ledningsutbildning.yaml, rad 19, utbildning "ledning-2025", fält "timmar": "0" är för litet; '
        "värdet måste vara större än 0"]


def test_review_summary_per_group_of_ledningen(mt_hb):
    html = lg.management_training(mt_hb, 2026, AS_OF)
    assert ("Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen (giltig i 12 månader) (exempeldata) – "
            "beräknat per 2026-11-28") in html
    assert ('<td>Stadsdelsnämnden</td><td class="lis-tal">3</td><td class="lis-tal">1</td>'
            "<td>Ledamot 2; Ledamot 3</td><td>–</td>") in html
    assert ('<td>Förvaltningsledningen</td><td class="lis-tal">1</td><td class="lis-tal">0</td>'
            "<td>–</td><td>Direktör</td>") in html


def test_without_the_file_the_pages_say_so(handbook):
    assert "Ingen förteckning över ledningens utbildning per funktion är införd ännu." in mtv.gaps(handbook, AS_OF)
    assert "Ingen förteckning" in lg.management_training(handbook, 2026, AS_OF)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("{id: ordforande, funktion: Ordförande, grupp: namnd}", "{id: ordforande, funktion: Ordförande, grupp: chef}",
     'data/ledningsutbildning.yaml, rad 4, funktion "ordforande", fält "grupp": "chef" ingår inte i ledningen '
     "enligt data/lagkrav.yaml. Ledningen är: namnd, forvaltningsledning."),
    ("deltagare: [ordforande, ledamot-2]", "deltagare: [ordforande, kassor]",
     'data/ledningsutbildning.yaml, rad 14, utbildning "namnd-2026", fält "deltagare[2]": okänd funktion "kassor". '
     "Kända funktioner under ledamöter: direktor, ledamot-2, ledamot-3, ny-chef, ordforande."),
    ("deltagare: [ordforande, ledamot-2]", "deltagare: [ordforande, ordforande]",
     'data/ledningsutbildning.yaml, rad 14, utbildning "namnd-2026", fält "deltagare[2]": "ordforande" står två '
     "gånger bland deltagarna"),
    ("{id: ny-chef, funktion: Ny chef,", "{id: direktor, funktion: Ny chef,",
     'data/ledningsutbildning.yaml, rad 8, funktion "direktor", fält "id": id "direktor" används redan av en '
     "tidigare post; varje post måste ha ett eget"),
    ("    datum: 2025-10-01\n", "    datum: 1 oktober 2025\n",
     'data/ledningsutbildning.yaml, rad 16, utbildning "ledning-2025", fält "datum": "1 oktober 2025" är inget '
     "datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28"),
    ("    anordnare: Extern leverantör\n", "",
     'data/ledningsutbildning.yaml, rad 15, utbildning "ledning-2025", fält "anordnare": fältet saknas men måste '
     "finnas"),
])
def test_each_broken_field_gives_its_swedish_error(mt_dir, old, new, expected):
    replace_in(mt_dir / "ledningsutbildning.yaml", old, new)
    assert data_errors(mt_dir) == [expected]


def test_training_and_review_pages_in_a_real_build(tmp_path):
    project = copy_project(tmp_path / "projekt")
    shutil.copy(TRAINING_FIXTURE, project / "data" / "ledningsutbildning.yaml")
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.html("utbildning/index.html")
    assert "Brister i ledningens utbildning (ingen utbildning, eller äldre än 12 månader): 3" in page
    assert "<td>2026-10-01</td><td>behöver förnyas</td>" in page
    review = result.html("ledningens-genomgang/2026/index.html")
    d2, _ = review.split('id="d2-resultat-av-övervakning-och-mätning"')[1].split('id="d3-revisionsresultat"')
    assert "Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen (giltig i 12 månader)" in d2
    assert "<td>Ledamot 2; Ledamot 3</td><td>–</td>" in d2 and "<td>–</td><td>Direktör</td>" in d2
