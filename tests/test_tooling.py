"""The coordinator's tools on real files: schemas, scaffolding, spreadsheet export and import."""

from __future__ import annotations

import csv
import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from macros import cli, schemas
from macros.loader import load_handbook
from macros.yamlsource import read_yaml_file
from tests.build_helpers import build, copy_project, is_governing
from tests.conftest import ROOT, empty_inventory, replace_in
from tests.fixture_project import fixture_project

# --- Schemas --------------------------------------------------------------------------------


def test_committed_schemas_are_up_to_date():
    assert schemas.stale_schemas(ROOT) == [], "kör: lis schema"


def test_lis_schema_rewrites_a_stale_schema(tmp_path, monkeypatch, lis):
    project = copy_project(tmp_path / "handbook")
    monkeypatch.chdir(project)
    assert lis("schema").stdout.strip() == "Alla scheman var redan aktuella."
    (project / "data/schema/system.schema.json").write_text("{}", encoding="utf-8")
    assert lis("schema").stdout.strip() == "Uppdaterade system.schema.json"
    assert schemas.stale_schemas(project) == []


def test_a_command_the_parser_knows_but_run_does_not_is_a_bug_not_a_schema_rewrite(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    parser = cli._parser()

    def with_new_command() -> object:
        parser._subparsers._group_actions[0].add_parser("ny-sak")  # type: ignore[union-attr]
        return parser

    monkeypatch.setattr(cli, "_parser", with_new_command)
    assert cli.main(["ny-sak"]) == cli.BUG_EXIT
    assert "cli.run() has no case for it" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_every_data_file_points_to_its_schema_and_names_its_pages_as_the_catalogue_says():
    assert schemas.header_problems(ROOT) == []


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((ROOT / schemas.SCHEMA_FOLDER / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path", sorted((ROOT / "data").glob("*.yaml")), ids=lambda p: p.name)
def test_schemas_accept_the_example_data(path):
    data, problems = read_yaml_file(path, path.name)
    assert problems == []
    assert list(_validator(schemas.schema_name(path.name)).iter_errors(data)) == []


@pytest.mark.parametrize(("old", "new"), [  # each breaks the first system of the fixture data, alfa
    ("    leverantör: Alfa AB\n", "    leverantor: Alfa AB\n"),
    ("    personuppgifter: känsliga\n", "    personuppgifter: mycket\n"),
    ("      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns", "      K: hög\n      R: 2\n      T: 2\n    pub_avtal: finns"),
    ("    stadsgemensamt: nej\n    personuppgifter: känsliga", "    stadsgemensamt: kanske\n    personuppgifter: känsliga"),
    ("  - id: alfa", "  - id: Alfa"),
])
def test_schemas_reject_broken_entries(tmp_path, old, new):
    path = tmp_path / "system.yaml"
    text = (ROOT / "tests" / "fixtures" / "data" / "system.yaml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    data, _ = read_yaml_file(path, "system.yaml")
    assert list(_validator("system.schema.json").iter_errors(data)) != []


def test_front_matter_schema_accepts_every_governing_page():
    from macros.documents import split_front_matter
    from macros.yamlsource import parse_yaml

    validator = _validator(schemas.FRONT_MATTER_SCHEMA)
    pages = [p for p in (ROOT / "docs").rglob("*.md") if is_governing(p)]
    assert pages  # every governing page the handbook has, however many the coordinator writes
    for page in pages:
        text, line = split_front_matter(page.read_text(encoding="utf-8"))
        data, _ = parse_yaml(text or "", page.name, line)
        assert list(validator.iter_errors(data)) == [], page.name
    assert list(validator.iter_errors({"styrdokument": {"typ": "rutin"}})) != []


# --- Checking and scaffolding ---------------------------------------------------------------
# In-process (`cli.main(argv)`), on the fixture project: tests/fixtures/data, whose figures are
# counted by hand (six systems: alfa ... zeta; 23 actions). Commands that load the pages read their
# git history, so those tests start git and carry the `process` marker.


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture project as the current folder, with LIS_DATE 2026-11-28."""
    root = fixture_project(tmp_path / "handbok")
    monkeypatch.chdir(root)
    monkeypatch.setenv("LIS_DATE", "2026-11-28")
    return root


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def lis(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """Run `lis ARGS` in-process in the current folder: exit status, stdout, stderr."""

    def run(*args: str) -> Ran:
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


@pytest.mark.build
def test_kontrollera_reports_like_the_build(project, lis):
    ok = lis("kontrollera")
    assert ok.returncode == 0 and ok.stdout.startswith("Inga fel: 6 system")
    # alfa is the one samhällsviktig system; the other five say nej: six errors.
    replace_in(project / "data/system.yaml", "    samhällsviktig: ja\n", "    samhällsviktig: kanske\n")
    replace_in(project / "data/system.yaml", "    samhällsviktig: nej\n", "    samhällsviktig: kanske\n", count=5)
    bad = lis("kontrollera")
    assert bad.returncode == 1
    assert bad.stderr.startswith("Handbokens data innehåller 6 fel.")
    assert build(project).output.count('"kanske" går inte att tolka') == 6


@pytest.mark.process
def test_nytt_system_adds_a_complete_entry_and_refuses_a_taken_id(project, lis):
    made = lis("nytt-system", "nytt-ekonomi", "--namn", "Nytt ekonomisystem", "--objekt", "ekonomi")
    assert made.returncode == 0, made.stderr
    check = lis("kontrollera")
    assert check.returncode == 1
    assert check.stderr.count("fältet är inte ifyllt; ersätt ÄNDRA med rätt uppgift") == 8
    text = (project / "data/system.yaml").read_text(encoding="utf-8")
    for value, filled in [("syfte: ÄNDRA", "syfte: Test."), ("systemägare: ÄNDRA", "systemägare: Ekonomichef"),
                          ("leverantör: ÄNDRA", "leverantör: Test AB"), ("stadsgemensamt: ÄNDRA", "stadsgemensamt: nej"),
                          ("personuppgifter: ÄNDRA", "personuppgifter: vanliga"), ("samhällsviktig: ÄNDRA", "samhällsviktig: nej"),
                          ("pub_avtal: ÄNDRA", "pub_avtal: finns"), ("krävs: ÄNDRA", "krävs: nej")]:
        text = text.replace(value, filled, 1)
    (project / "data/system.yaml").write_text(text, encoding="utf-8")
    assert lis("kontrollera").returncode == 0
    again = lis("nytt-system", "nytt-ekonomi", "--namn", "X", "--objekt", "ekonomi")
    assert again.returncode == 1
    assert again.stderr == 'Fel: det finns redan ett system med id "nytt-ekonomi"; ingenting har ändrats\n'


@pytest.mark.build
def test_ny_rutin_creates_a_governing_draft_in_the_menu(tmp_path, monkeypatch, lis):
    """On a copy of the real handbook: the fixture project has no menu for the routine to join."""
    project = copy_project(tmp_path / "handbook")
    monkeypatch.chdir(project)
    monkeypatch.setenv("LIS_DATE", "2026-11-28")
    made = lis("ny-rutin", "kontinuitet", "--titel", "Kontinuitetsplanering")
    assert made.returncode == 0, made.stderr
    page = (project / "docs/rutiner/kontinuitet.md").read_text(encoding="utf-8")
    assert "fastställd:" not in page and "beslutad_av:" not in page  # no decision yet: a draft
    assert "  nästa_granskning: 2027-11-28\n" in page
    assert "      - Kontinuitetsplanering: rutiner/kontinuitet.md\n" in (project / "mkdocs.yml").read_text()
    result = build(project)
    assert result.returncode == 0, result.output
    assert "Kontinuitetsplanering" in result.html("styrande/index.html")  # in the register
    again = lis("ny-rutin", "kontinuitet", "--titel", "X")
    assert again.returncode == 1 and "finns redan" in again.stderr


# --- Export and import ----------------------------------------------------------------------


@pytest.mark.process  # lis export stamps the handbook version from git
def test_export_writes_swedish_headers_and_real_dates(project, lis):
    made = lis("export")
    assert made.returncode == 0, made.stderr
    sheet = load_workbook(project / "export/systemforteckning.xlsx").active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Id", "Namn", "Syfte", "Förvaltningsobjekt"]
    rows = [{h: c.value for h, c in zip(headers, row, strict=True)} for row in sheet.iter_rows(min_row=2)]
    assert [r["Id"] for r in rows] == ["alfa", "beta", "gamma", "delta", "epsilon", "zeta"]  # as in the file
    assert rows[0]["K"] == 3
    delta = rows[3]
    assert delta["I drift sedan"].date() == date(2026, 4, 1)
    assert sheet.cell(5, headers.index("I drift sedan") + 1).number_format == "yyyy-mm-dd"
    with (project / "export/handlingsplan.csv").open(encoding="utf-8-sig", newline="") as handle:
        plan = list(csv.reader(handle, delimiter=";"))
    # 23 actions in atgarder.yaml; the fixture is example data, so each row ends with the mark
    assert plan[0][-2:] == ["Status per 2026-11-28", "Exempeldata"] and len(plan) == 1 + 23
    assert plan[1][:2] == ["a25-behorighet-rutin", "2025"] and plan[1][-2] == "klar"  # klar 2025-06-16


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_round_trip_export_then_import_gives_the_same_data(project, lis, suffix):
    original = load_handbook(project / "data")
    assert lis("export").returncode == 0
    empty_inventory(project / "data")  # references to systems go too, so the data stays valid
    imported = lis("import", f"export/systemforteckning.{suffix}")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"Importerade systemforteckning.{suffix}: 6 nya, 0 ersatta och 0 oförändrade system."
    assert load_handbook(project / "data").systems == original.systems


@pytest.mark.process  # lis export stamps the handbook version from git
def test_import_reports_bad_rows_and_writes_nothing(project, lis, tmp_path):
    assert lis("export").returncode == 0
    book = load_workbook(project / "export/systemforteckning.xlsx")
    sheet = book.active
    sheet["H3"] = "mycket"  # Personuppgifter
    sheet["N4"] = "hög"  # K
    sheet["A5"] = "Fel Id"
    sheet["D6"] = "okant-objekt"
    bad = tmp_path / "fel.xlsx"
    book.save(bad)
    before = (project / "data/system.yaml").read_bytes()
    result = lis("import", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Ingenting har importerats. Rätta raderna och försök igen:",
        '  - rad 3, kolumn H (Personuppgifter): "mycket" är inte ett tillåtet värde. Tillåtna värden: inga, vanliga, känsliga.',
        '  - rad 4, kolumn N (K): "hög" ska vara ett heltal',
        '  - rad 5, kolumn A (Id): "Fel Id" är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck, '
        "till exempel fel-id",
        '  - rad 6, kolumn D (Förvaltningsobjekt): okänt förvaltningsobjekt "okant-objekt"',
    ]
    assert (project / "data/system.yaml").read_bytes() == before


@pytest.mark.process  # lis export stamps the handbook version from git
def test_import_never_silently_overwrites(project, lis, tmp_path):
    assert lis("export").returncode == 0
    book = load_workbook(project / "export/systemforteckning.xlsx")
    book.active["B2"] = "Alfa (nytt namn)"
    changed = tmp_path / "andrad.xlsx"
    book.save(changed)
    refused = lis("import", str(changed))
    assert refused.returncode == 1
    assert ('rad 2, kolumn A (Id): systemet "alfa" finns redan i data/system.yaml med andra uppgifter; '
            "använd --ersatt om raden ska ersätta det") in refused.stderr
    replaced = lis("import", str(changed), "--ersatt")
    assert replaced.returncode == 0, replaced.stderr
    assert "1 ersatt och 5 oförändrade" in replaced.stdout
    hb = load_handbook(project / "data")
    assert hb.systems[0].name == "Alfa (nytt namn)" and len(hb.systems) == 6


@pytest.mark.process  # lis export stamps the handbook version from git
def test_a_replaced_system_changes_only_the_lines_of_its_changed_fields(project, lis, tmp_path):
    """Unchanged fields keep their form and comments: the diff of data/system.yaml shows only what changed."""
    assert lis("export").returncode == 0
    path = project / "data/system.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    book = load_workbook(project / "export/systemforteckning.xlsx")
    sheet = book.active
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    sheet[f"{column['Namn']}2"] = "Alfa (nytt namn)"  # a plain field
    sheet[f"{column['R']}2"] = 3  # a field inside klassning
    sheet[f"{column['Systemägare']}3"] = None  # a field emptied: its line goes
    sheet[f"{column['Leverantör']}3"] = "Beta AB"  # a field beta lacked: in the column order
    changed = tmp_path / "andrad.xlsx"
    book.save(changed)
    replaced = lis("import", str(changed), "--ersatt")
    assert replaced.returncode == 0, replaced.stderr
    assert "2 ersatta och 4 oförändrade" in replaced.stdout
    after = path.read_text(encoding="utf-8").splitlines()
    diff = [line for line in difflib.unified_diff(before, after, n=0, lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ["-    namn: Alfa", "+    namn: Alfa (nytt namn)", "-      R: 2", "+      R: 3",
                    "-    systemägare: Avdelningschef", "+    leverantör: Beta AB"]

