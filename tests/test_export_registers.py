"""The registration and ledningen's training in `lis export` and `lis tillsyn`, from their column specs.

Known data: tests/fixtures/tillsyn/registrering.yaml (one change in each state, not in date order) and
tests/fixtures/ledningsutbildning/ledningsutbildning.yaml (12-month renewal), in the fixture project
(tests/fixtures/utskrift + data), reference date 2026-11-28.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from macros import cli, registers, supervision
from macros.loader import load_handbook
from macros.project import load_project
from macros.spreadsheet import export_all
from tests.fixture_project import FIXTURES, fixture_project

AS_OF = date(2026, 11, 28)
VERSION = "testversion 1"

# The changes' columns in the order of the table on Lagar och krav (the register's one column spec).
REGISTRATION_HEADERS = [
    "Verksamhetsutövare", "Registrerad", "Registrerad av", "Myndighet", "Anmälda uppgifter", "Diarienummer",
    "Exempel", "Ändring", "Ändrad", "Vad som ändrades", "Anmäls senast", "Ändringen anmäld",
    "Ändringens status per 2026-11-28", "Ändringens diarienummer", "Ändringen är exempel", "Handbokens version",
    "Beräknat per", "Exempeldata",  # the fixture data says exempeldata: ja, so every row says so
]
STATUS = REGISTRATION_HEADERS.index("Ändringens status per 2026-11-28")
REGISTRATION = ["Teststaden", "2026-02-02", "SLK:s informationssäkerhetsfunktion", "CERT-SE vid MCF",
                "Namn och kontaktuppgifter\nSektor och tjänster", "TEST-1", "ja"]
STAMP = [VERSION, "2026-11-28", "ja, påhittade uppgifter"]
# Oldest change first; the last day to report is the day of the change + 14 (2 kap. 2 § cybersäkerhetslagen).
REGISTRATION_ROWS = [
    [*REGISTRATION, "i-tid", "2026-09-01", "'+46 8 000 00 00 är nytt kontaktnummer", "2026-09-15", "2026-09-10",
     "anmäld", "TEST-2", "nej", *STAMP],
    [*REGISTRATION, "for-sent", "2026-10-01", "Ny postadress", "2026-10-15", "2026-10-20", "anmäld för sent", "",
     "nej", *STAMP],
    [*REGISTRATION, "forsenad", "2026-11-02", "Ny enhet för hemsjukvård", "2026-11-16", "", "försenad", "", "nej",
     *STAMP],
    [*REGISTRATION, "pagaende", "2026-11-20", "Ny ansvarig för IT-drift", "2026-12-04", "", "ska anmälas", "", "nej",
     *STAMP],
    [*REGISTRATION, "planerad", "2026-12-05", "Ny kontaktperson", "2026-12-19", "", "planerad", "", "ja", *STAMP],
]

TRAINING_HEADERS = ["Id", "Funktion", "Grupp", "Sedan", "Exempel", "Senaste utbildning", "Utbildningstillfälle",
                    "Datum", "Anordnare", "Förnyas senast", "Status per 2026-11-28", "Handbokens version",
                    "Beräknat per", "Exempeldata"]
# ny-chef takes office 2027-01-01 and is not listed; ledamot-2's training is from before `sedan`, and
# ledamot-3's is after the reference date, so neither counts; direktor's is older than 12 months.
TRAINING_ROWS = [
    ["ordforande", "Ordförande", "Stadsdelsnämnden", "", "nej", "Nämndens NIS 2-utbildning", "namnd-2026",
     "2026-03-10", "SLK", "2027-03-10", "utbildad", *STAMP],
    ["ledamot-2", "Ledamot 2", "Stadsdelsnämnden", "2026-06-01", "nej", "", "", "", "", "",
     "ingen utbildning registrerad", *STAMP],
    ["ledamot-3", "Ledamot 3", "Stadsdelsnämnden", "", "nej", "", "", "", "", "", "ingen utbildning registrerad",
     *STAMP],
    ["direktor", "Direktör", "Förvaltningsledningen", "", "nej", "Ledningens NIS 2-utbildning", "ledning-2025",
     "2025-10-01", "Extern leverantör", "2026-10-01", "behöver förnyas", *STAMP],
]


def with_registers(target: Path) -> Path:
    """The fixture project with the registration and the management training fixtures."""
    project = fixture_project(target)
    shutil.copy(FIXTURES / "tillsyn" / "registrering.yaml", project / "data" / "registrering.yaml")
    shutil.copy(FIXTURES / "ledningsutbildning" / "ledningsutbildning.yaml",
                project / "data" / "ledningsutbildning.yaml")
    return project


def csv_file(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = with_registers(tmp_path_factory.mktemp("export") / "handbok")
    folder = project / "ut"
    folder.mkdir()
    export_all(load_handbook(project / "data"), folder, AS_OF, VERSION)
    return folder


def test_the_registration_export_has_a_row_per_change_oldest_first_with_its_state(exported):
    assert csv_file(exported / "registrering.csv") == [REGISTRATION_HEADERS, *REGISTRATION_ROWS]


def test_the_registration_xlsx_keeps_dates_as_dates_and_the_formula_as_text(exported):
    sheet = load_workbook(exported / "registrering.xlsx").active
    assert sheet.title == "Registrering"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == REGISTRATION_HEADERS
    first = rows[1]
    assert first[1] == datetime(2026, 2, 2) and first[10] == datetime(2026, 9, 15)
    assert first[9] == "+46 8 000 00 00 är nytt kontaktnummer" and sheet["J2"].quotePrefix
    assert [r[STATUS] for r in rows[1:]] == [r[STATUS] for r in REGISTRATION_ROWS]


def test_the_training_export_has_a_row_per_member_in_office_with_status(exported):
    assert csv_file(exported / "ledningsutbildning.csv") == [TRAINING_HEADERS, *TRAINING_ROWS]
    sheet = load_workbook(exported / "ledningsutbildning.xlsx").active
    assert sheet.title == "Ledningens utbildning"
    assert [r[9] for r in sheet.iter_rows(min_row=2, values_only=True)] == [datetime(2027, 3, 10), None, None,
                                                                            datetime(2026, 10, 1)]


def test_without_changes_the_registration_is_one_row(tmp_path):
    project = with_registers(tmp_path / "handbok")
    path = project / "data" / "registrering.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("ändringar:")[0], encoding="utf-8")
    export_all(load_handbook(project / "data"), tmp_path, AS_OF, VERSION)
    assert csv_file(tmp_path / "registrering.csv")[1:] == [[*REGISTRATION, "", "", "", "", "", "", "", "", *STAMP]]


def test_without_the_files_the_exports_have_only_their_headers(tmp_path):
    project = fixture_project(tmp_path / "handbok")  # no registrering.yaml, no ledningsutbildning.yaml
    export_all(load_handbook(project / "data"), tmp_path, AS_OF, VERSION)
    assert csv_file(tmp_path / "registrering.csv") == [REGISTRATION_HEADERS]
    assert csv_file(tmp_path / "ledningsutbildning.csv") == [TRAINING_HEADERS]


def test_the_state_follows_the_reference_date(tmp_path):
    hb = load_handbook(with_registers(tmp_path / "handbok") / "data")
    export_all(hb, tmp_path, date(2026, 12, 20), VERSION)
    rows = csv_file(tmp_path / "registrering.csv")
    assert rows[0][STATUS] == "Ändringens status per 2026-12-20"
    assert [r[STATUS] for r in rows[1:]] == ["anmäld", "anmäld för sent", "försenad", "försenad", "försenad"]
    assert {r[-2] for r in rows[1:]} == {"2026-12-20"}


@pytest.mark.process  # lis export stamps the handbook version from git
def test_lis_export_names_the_new_files(tmp_path, monkeypatch, capsys):
    project = with_registers(tmp_path / "handbok")
    monkeypatch.chdir(project)
    monkeypatch.setenv("LIS_DATE", AS_OF.isoformat())
    assert cli.main(["export"]) == 0
    out = capsys.readouterr().out
    assert [r.export.stem for r in registers.exported() if r.export][-2:] == ["registrering", "ledningsutbildning"]
    assert out.rstrip("\n").endswith("export/registrering.xlsx, export/registrering.csv, "
                                     "export/ledningsutbildning.xlsx, export/ledningsutbildning.csv")
    assert csv_file(project / "export" / "ledningsutbildning.csv")[1][:11] == TRAINING_ROWS[0][:11]


@pytest.mark.process  # loading the pages reads their git history
def test_the_package_plans_both_registers_with_their_source(tmp_path):
    planned = supervision.plan(load_project(with_registers(tmp_path / "handbok")), AS_OF, VERSION, None)
    tables = {t.stem: t for t in planned.tables}
    assert list(tables) == ["dokumentregister", "riskregister", "incidentstatistik", "handlingsplan",
                            "registrering", "ledningsutbildning"]
    registration, training = tables["registrering"], tables["ledningsutbildning"]
    assert (registration.sheet, registration.source) == ("Registrering", "data/registrering.yaml")
    assert [*registration.headers] == REGISTRATION_HEADERS and len(registration.rows) == 5
    assert registration.what == ("Registreringen enligt 2 kap. 2 § cybersäkerhetslagen och 5 ändringar i den, med "
                                 "sista dag att anmäla varje ändring och om den är anmäld.")
    assert [*training.headers] == TRAINING_HEADERS and [r[0] for r in training.rows] == [
        "ordforande", "ledamot-2", "ledamot-3", "direktor"]
    assert training.what.startswith("Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen: 4 funktioner")
    assert planned.missing == ["Tillämplighetsförklaring: ingen fil, eftersom data/tillamplighet.yaml saknas.",
                               "Incidentlogg: ingen fil, eftersom data/incidentlogg.yaml saknas.",
                               "Registerförteckning: ingen fil, eftersom data/behandlingar.yaml saknas.",
                               "Bevarande: ingen fil, eftersom data/bevarande.yaml saknas."]
