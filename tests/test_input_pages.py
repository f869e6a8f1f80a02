"""Pages and other files under docs/: every page MkDocs renders is checked, nothing unread is published."""

from __future__ import annotations

from pathlib import Path

import mkdocs.config
import mkdocs.utils
import pytest

from macros import pii
from macros.documents import load_documents
from macros.render import relative_href
from macros.sources import MARKDOWN_SUFFIXES, THEME_DIR, symlink_issues
from tests import hostile
from tests.build_helpers import ROOT, build, copy_project, is_governing
from tests.test_documents import ROLES, ROUTINE

# --- Governing pages ---------------------------------------------------------------------------


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "rutiner").mkdir(parents=True)
    (docs / "rutiner" / "index.md").write_text("# Rutiner\n", encoding="utf-8")
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    return docs


def test_our_page_suffixes_are_the_ones_mkdocs_renders():
    assert set(MARKDOWN_SUFFIXES) == set(mkdocs.utils.markdown_extensions)


def test_markdown_suffix_page_is_a_governing_page_like_any_other(docs_dir):
    (docs_dir / "rutiner" / "kontinuitet.markdown").write_text(ROUTINE, encoding="utf-8")
    (docs_dir / "rutiner" / "utan.mkd").write_text("# Utan front matter\n", encoding="utf-8")
    docs, issues = load_documents(docs_dir, ROLES)
    assert [d.src_path for d in docs] == ["rutiner/kontinuitet.markdown"]
    assert [str(i) for i in issues] == [
        'docs/rutiner/utan.mkd, rad 1, fält "styrdokument": sidan är ett styrdokument men saknar front '
        "matter med styrdokument: typ, ägare, version, nästa_granskning, nis2 och ändringar"]
    assert relative_href("styrande/index.md", "rutiner/kontinuitet.markdown") == "../rutiner/kontinuitet/"


def test_byte_order_mark_does_not_hide_a_governing_page(docs_dir):
    (docs_dir / "rutiner" / "test.md").write_text("\ufeff" + ROUTINE, encoding="utf-8")
    docs, issues = load_documents(docs_dir, ROLES)
    assert issues == []
    assert [(d.src_path, d.title) for d in docs] == [("rutiner/test.md", "Testrutin")]


def test_page_not_saved_as_utf8_gets_a_swedish_message(docs_dir):
    (docs_dir / "rutiner" / "test.md").write_bytes(ROUTINE.replace("Text.", "Här står det").encode("cp1252"))
    docs, issues = load_documents(docs_dir, ROLES)
    assert [str(i) for i in issues] == [
        "docs/rutiner/test.md: filen är inte sparad som UTF-8; spara den som UTF-8 och försök igen"]


def test_page_that_is_a_folder_is_not_a_page_and_an_unreadable_page_is_named(docs_dir, monkeypatch):
    (docs_dir / "rutiner" / "test.md").write_text(ROUTINE, encoding="utf-8")
    read_text = Path.read_text

    def refuse(path: Path, *args: object, **kwargs: object) -> str:
        if path.name == "test.md":  # chmod does not stop root
            raise PermissionError(13, "Permission denied", str(path))
        return read_text(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", refuse)
    docs, issues = load_documents(docs_dir, ROLES)
    assert [str(i) for i in issues] == ["docs/rutiner/test.md: filen går inte att läsa: behörighet saknas"]


# --- Symbolic links under docs/ ------------------------------------------------------------------


def test_every_symlink_under_docs_is_refused(docs_dir):
    (docs_dir / "bilaga.txt").symlink_to("/etc/passwd")
    (docs_dir / "etc").symlink_to("/etc")
    (docs_dir / "rutiner" / "kopia.md").symlink_to(docs_dir / "index.md")
    (docs_dir / "trasig.md").symlink_to(docs_dir / "finns-inte.md")
    tail = ("är en symbolisk länk; länkar publiceras inte eftersom de kan peka på filer utanför "
            "handboken. Lägg en kopia av filen här i stället.")
    assert [str(i) for i in symlink_issues(docs_dir)] == [
        f"docs/bilaga.txt: {tail}", f"docs/etc: {tail}", f"docs/rutiner/kopia.md: {tail}", f"docs/trasig.md: {tail}"]
    assert [p.name for p, label in pii.project_files(docs_dir.parent) if label.startswith("docs/")] == [
        "index.md", "index.md"]


# --- Personal-number guard ------------------------------------------------------------------------

# Skatteverket-style test number 900101-1239 (Luhn-valid), written every way a reader still reads it.
BYPASSES = [
    "900101 1239", "19900101 1239", "900101\u20131239", "900101\u20111239", "900101- 1239",
    "900101\u200b-1239", "19900101\u20131239", "900101\u20141239", "900101\u22121239", "900101\u00a01239",
    "900101 - 1239", "900101&ndash;1239", "900101&#8209;1239", "900101\u00ad-1239", "900101\n  1239",
    "199001011239", "900101-1239", "19900101-1239", "900101+1239", "9001011239", "900161-1236",
    "\uff19\uff10\uff10\uff11\uff10\uff11-\uff11\uff12\uff13\uff19", "9001011239abc", "x900101-1239x",
]


@pytest.mark.parametrize("number", BYPASSES)
def test_every_written_form_is_found(number):
    assert len(list(pii.identity_numbers(f"Kontakt: {number}."))) == 1


ORDINARY = [
    "0704858984", "0708741384", "0710759556", "20251128-0006", "20251128-0014", "202511280022",
    "KS 2025/1234", "FAR 2027/12", "2025-01-01", "2025-11-28 12:34", "070-115 12 34",
    "+46 70 115 12 34", "08-508 000 00", "212000-0142",
]


@pytest.mark.parametrize("number", ORDINARY)
def test_documented_ordinary_numbers_are_not_flagged(number):
    assert list(pii.identity_numbers(f"Nummer {number} här")) == []


@pytest.mark.parametrize("number", ["070485-8984", "20070425-1230", "070425 1230", "20191128-0004", "20251128-0105"])
def test_the_exceptions_are_narrow(number):
    assert len(list(pii.identity_numbers(f"Nummer {number} här"))) == 1


@pytest.mark.parametrize("name", ["bilaga.txt", "lista.html", "lista.csv", "bilagor/data.json",
                                  "rutiner/kontinuitet.markdown", "sida.md"])
def test_every_published_file_under_docs_is_scanned(tmp_path, name):
    (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / name).write_text("rad ett\nKontakt 900101-1239\n", encoding="utf-8")
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [(i.file, i.line) for i in issues] == [(f"docs/{name}", 2)]


# --- The forms of the 2026-12 attack review (tests/hostile.py), in the sources --------------------


@pytest.mark.parametrize(("kind", "form"), [(k, f) for k, forms in hostile.HIDDEN_NUMBERS.items() for f in forms])
def test_a_number_hidden_by_markup_escapes_or_jinja_is_found_in_a_page(tmp_path, kind, form):
    """Classes: Markdown escape, HTML split (tags, comments, attributes), Jinja concatenation, entities."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sida.md").write_text(f"# Rubrik\n\nKontakt {form} här.\n", encoding="utf-8")
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [(i.file, i.line) for i in issues] == [("docs/sida.md", 3)]
    assert "ser ut som ett personnummer eller samordningsnummer" in issues[0].message


def test_a_table_of_figures_is_not_read_as_one_number(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sida.md").write_text("<table><tr><td>900101</td><td>1239</td></tr></table>\n"
                                               "<p>900101</p>\n\n<p>1239</p>\n", encoding="utf-8")
    assert pii.scan(pii.project_files(tmp_path), set()) == []


@pytest.mark.parametrize("kind", hostile.ENCODED_NUMBERS)
def test_a_number_hidden_by_the_files_encoding_is_found(tmp_path, kind):
    """Class: a file whose bytes hide the number from a text scan (NUL bytes, UTF-16, UTF-32)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bilaga.txt").write_bytes(hostile.ENCODED_NUMBERS[kind])
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [i.file for i in issues] == ["docs/bilaga.txt"] and issues[0].message.startswith("900101")


def test_a_nul_byte_in_a_page_is_refused_and_the_number_behind_it_found(tmp_path):
    (tmp_path / "docs" / "vardag").mkdir(parents=True)
    (tmp_path / "docs" / "vardag" / "index.md").write_bytes(b"# Vardag\n\n\0Kontakt 900101-1239\n")
    assert [str(i) for i in pii.scan(pii.project_files(tmp_path), set())] == [
        "docs/vardag/index.md, rad 3: sidan innehåller ett nolltecken (tecken 0), som inte syns men gör att sidan "
        "kan läsas som en binär fil; ta bort det och spara sidan som vanlig text (UTF-8)",
        "docs/vardag/index.md, rad 3: 900101-1239 ser ut som ett personnummer eller samordningsnummer "
        "(kontrollsiffran stämmer). Personuppgifter får inte publiceras i handboken; ta bort numret. Är det ett "
        "officiellt testpersonnummer, lägg det under testpersonnummer i data/organisation.yaml."]


@pytest.mark.parametrize("name", hostile.NUMBER_NAMES)
def test_a_number_in_a_file_or_folder_name_is_found(tmp_path, name):
    """Class: the number in a published name (it becomes part of a web address)."""
    (tmp_path / "docs" / name).parent.mkdir(parents=True)
    (tmp_path / "docs" / name).write_text("# Bilaga\n", encoding="utf-8")
    number = "19900101-1239" if "19900101" in name else "900101-1239"
    assert [str(i) for i in pii.scan(pii.project_files(tmp_path), set())] == [
        f"docs/{name}: namnet på filen eller mappen innehåller {number}, som ser ut som ett personnummer eller "
        "samordningsnummer (kontrollsiffran stämmer). Namnet syns i webbadressen; byt namn på filen eller mappen."]


def test_the_generated_pages_templates_are_scanned(tmp_path, monkeypatch):
    """Class: a source that is not under docs/ but is printed on pages (every system page's template)."""
    templates = tmp_path / "macros" / "templates"
    templates.mkdir(parents=True)
    (templates / "system.md").write_text("# {name}\n\nPNR-H Kontakt 900101-1239\n", encoding="utf-8")
    monkeypatch.setattr(pii, "TEMPLATE_DIR", templates)
    assert [(i.file, i.line) for i in pii.scan(pii.project_files(tmp_path), set())] == [
        ("macros/templates/system.md", 3)]
    assert "macros/templates/system.md" in {label for _, label in pii.project_files(ROOT)}


def test_binary_files_are_read_for_their_digits_and_cp1252_text_by_line(tmp_path):
    """Class: personal numbers hidden from the scan by encoding (binary, NUL, UTF-16/32, Windows-1252)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\xff\xfe900101-1239")  # metadata
    (tmp_path / "docs" / "ren.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\xff\xfe2026-11-28 19121212")
    (tmp_path / "docs" / "lista.csv").write_bytes("namn;nummer\nÅsa;900101-1239\n".encode("cp1252"))
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [(i.file, i.line) for i in issues] == [("docs/bild.png", None), ("docs/lista.csv", 2)]


def test_mkdocs_yml_is_scanned(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nsite_description: Ring 19900101-1239\n", encoding="utf-8")
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [(i.file, i.line) for i in issues] == [("mkdocs.yml", 2)]


def test_yaml_escapes_are_read_as_the_reader_sees_them(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "system.yaml").write_text(
        'system:\n  - id: a\n    syfte: "Kontakt \\u0039\\u0030\\u0030\\u0031\\u0030\\u0031-1239"\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sida.md").write_text('---\ntitle: "\\x39\\x30\\x30\\x31\\x30\\x31 1239"\n---\n# S\n',
                                              encoding="utf-8")
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [(i.file, i.line, i.message.split(" ser ")[0]) for i in issues] == [
        ("data/system.yaml", 3, "900101-1239"), ("docs/sida.md", 2, "900101 1239")]


# --- The same through a real build --------------------------------------------------------------


@pytest.mark.build
def test_bom_and_markdown_suffix_pages_reach_the_register_and_symlinks_stop_the_build(tmp_path):
    project = copy_project(tmp_path / "handbok")
    guidance = project / "docs/styrande/lokal-tillampningsanvisning.md"
    guidance.write_text("\ufeff" + guidance.read_text(encoding="utf-8"), encoding="utf-8")
    routine = project / "docs/rutiner/leverantorer.md"  # a draft: an adopted page keeps its name (its edition)
    routine.rename(routine.with_suffix(".markdown"))
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace(
        "rutiner/leverantorer.md", "rutiner/leverantorer.markdown"), encoding="utf-8")
    # The page moved: every reference to it moves too, in pages and in data (evidence, results).
    for page in [*(project / "docs").rglob("*.md"), *(project / "data").glob("*.yaml")]:
        page.write_text(page.read_text(encoding="utf-8").replace("leverantorer.md", "leverantorer.markdown"),
                        encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    register = result.html("styrande/index.html")
    governing = sum(1 for p in (project / "docs").rglob("*") if p.suffix in MARKDOWN_SUFFIXES and is_governing(p))
    assert f"<caption>Dokumentregister, {governing} styrdokument" in register
    assert '<tr><td><a href="../rutiner/leverantorer/">' in register
    assert '<tr><td><a href="lokal-tillampningsanvisning/">' in register
    (project / "docs/bilaga.txt").symlink_to("/etc/passwd")
    result = build(project)
    assert result.returncode != 0
    assert "docs/bilaga.txt: är en symbolisk länk" in result.output
    assert "Traceback" not in result.output and not (result.site / "bilaga.txt").exists()


def test_unreadable_file_under_docs_is_named(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bilaga.txt").write_text("text", encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "bilaga.txt":  # chmod does not stop root
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", lambda path, *a, **k: refuse(path).decode())
    assert [str(i) for i in pii.scan(pii.project_files(tmp_path), set())] == [
        "docs/bilaga.txt: filen går inte att läsa: behörighet saknas"]


def test_theme_folder_is_the_one_mkdocs_publishes_and_is_guarded(tmp_path):
    config = mkdocs.config.load_config(str(ROOT / "mkdocs.yml"))
    assert Path(config.theme.custom_dir).name == THEME_DIR
    (tmp_path / THEME_DIR / "assets").mkdir(parents=True)
    (tmp_path / THEME_DIR / "assets" / "extra.js").write_text("// 19900101-1239\n", encoding="utf-8")
    (tmp_path / THEME_DIR / "assets" / "bilaga.txt").symlink_to("/etc/passwd")
    issues = pii.scan(pii.project_files(tmp_path), set())
    assert [(i.file, i.line) for i in issues] == [(f"{THEME_DIR}/assets/extra.js", 1)]
    assert [i.file for i in symlink_issues(tmp_path / THEME_DIR)] == [f"{THEME_DIR}/assets/bilaga.txt"]
