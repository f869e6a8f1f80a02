"""Personal numbers in what is published (macros/published.py): every file the build writes to site/,
read as a reader or a program sees it, and the files `lis export`, `lis pdf` and `lis tillsyn` write.

Each test names the hostile class it covers (tests/hostile.py holds the payloads)."""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from macros import published
from macros.calendar import feed
from macros.followup import DueItem, DueKind
from macros.pii import normalise
from tests import hostile
from tests.archive_fixture import note_change
from tests.build_helpers import build, call_lis
from tests.fixture_project import fixture_project
from tests.git_fixture import commit, git
from tests.pdf_helpers import minimal_pdf

NUMBER = "900101-1239"  # Luhn-valid, made up
DIGITS = "9001011239"


def _page(body: str, title: str = "Sida") -> str:
    """A built page in the theme's layout: head, menu, article, footer."""
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{title} - LIS</title></head><body>"
            f'<nav class="md-nav"><a href="../">Start</a></nav><article class="md-content__inner">{body}</article>'
            "<footer>LIS-handboken</footer></body></html>")


def _found(texts: str) -> list[str]:
    scan = published.Scan([])
    scan.page("site/sida/index.html", texts)
    return [f.number for f in scan.findings]


# --- Markup that a reader reads as one number (class: HTML split, entities, attributes) -----------


@pytest.mark.parametrize("form", [*hostile.HIDDEN_NUMBERS["html_split"], *hostile.HIDDEN_NUMBERS["entity"]])
def test_a_number_split_by_markup_or_entities_is_found_in_a_built_page(form):
    assert [normalise(n) for n in _found(_page(f"<p>Kontakt {form} här.</p>"))] == [DIGITS]


@pytest.mark.parametrize("where", ['<img src="a.png" alt="{n}">', '<a href="../bilagor/{n}.txt">bilaga</a>',
                                   '<a href="../bilagor/%39%30%30%31%30%31-1239.txt">bilaga</a>',
                                   '<meta name="description" content="{n}">', "<script>var k = '{n}';</script>",
                                   "<!-- {n} -->", '<div data-x="{n}"></div>'])
def test_attribute_values_scripts_and_comments_are_read_too(where):
    """Class: the number where a reader does not look but a program or view-source does."""
    assert _found(_page(where.format(n=NUMBER))) != []


def test_a_table_of_figures_a_commit_id_and_a_checksum_are_no_numbers():
    body = ("<table><tr><td>900101</td><td>1239</td></tr></table>"
            "<p>tag:intranat.example,2026:lis/rutiner/a.md/0123456789abcdef9001011239abcdef01234567</p>"
            "<p>SHA-256 9001011239aa11223344556677889900aabbccddeeff00112233445566778899</p>"
            "<p>Diarienummer 20251128-0006, mobil 0704858984, datum 2025-11-28 12:34</p>")
    assert _found(_page(body)) == []


def test_allowed_test_numbers_stay_and_each_finding_names_file_and_source():
    scan = published.Scan(["19121212-1212"])
    scan.page("site/a/index.html", _page("<p>Test 19121212-1212 och 900101-<b></b>1239.</p>"), "docs/a.md")
    assert [str(f) for f in scan.findings] == [
        "site/a/index.html: 900101-1239 ser ut som ett personnummer eller samordningsnummer (kontrollsiffran "
        "stämmer); det kommer från docs/a.md"]


def test_of_a_generated_page_its_title_and_article_are_read():
    page = _page("<p>System Alfa</p>", title=f"Alfa {NUMBER}")
    scan = published.Scan([])
    scan.page("site/system/alfa/index.html", page, generated=True)
    scan.page("site/system/beta/index.html", _page(f"<p>Beta {NUMBER}</p>"), generated=True)
    assert [f.published for f in scan.findings] == ["site/system/alfa/index.html", "site/system/beta/index.html"]


# --- Every other kind of published file (class: feeds, calendars, index, sitemap, copies, encodings) --


def _write(folder: Path, name: str, data: bytes | str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _xlsx(value: str) -> bytes:
    book = Workbook()
    book.active.append(["Namn", value])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _calendar() -> str:
    item = DueItem(DueKind.ACTION, "a1", f"Ring {'x' * 49}{NUMBER}", "Ägare", date(2026, 12, 1), "index.md", ())
    ics = feed("LIS", [item], "https://x.example/", date(2026, 11, 28))
    assert NUMBER not in ics  # folded across two lines
    return ics


FILES: dict[str, bytes | str] = {
    "search/search_index.json": json.dumps({"docs": [{"text": "<p>900101\u002d<span></span>1239</p>"}]}),
    "search/lis-sidor.json": json.dumps([{"t": "Alfa", "s": "Kontakt 900101 - 1239"}], ensure_ascii=True),
    "vad-ar-nytt.xml": ('<feed><entry><summary type="html">&lt;p&gt;900101-&lt;b&gt;&lt;/b&gt;1239&lt;/p&gt;'
                        "</summary></entry></feed>"),
    "sitemap.xml.gz": gzip.compress(b"<urlset><url><loc>https://x.example/19900101-1239/</loc></url></urlset>"),
    "kalender/forvaltningen.ics": _calendar(),
    "bilaga.csv": "namn;nummer\nÅsa;900101-1239\n".encode("cp1252"),
    "bilaga16.html": "<p>Kontakt 900101-1239</p>".encode("utf-16"),
    "bilaga.txt": b"Bilaga\n\0Kontakt 900101-1239\n",
    "bild.png": b"\x89PNG\r\n\x1a\n\0\0\xff\xfeComment 900101-1239\0",
    "export/system.xlsx": _xlsx(NUMBER),
    "assets/javascripts/extra.js": "const k = '900101' + '-1239';".replace("' + '", ""),
}


@pytest.mark.parametrize("name", FILES)
def test_every_kind_of_published_file_is_read(tmp_path, name):
    _write(tmp_path, name, FILES[name])
    scan = published.Scan([])
    scan.folder(tmp_path, "site/")
    assert [f.published for f in scan.findings] == [f"site/{name}"]


def test_the_files_name_is_read_and_a_clean_site_has_no_findings(tmp_path):
    """Class: the number in a published name (a web address)."""
    _write(tmp_path, "index.html", _page("<p>Start</p>"))
    _write(tmp_path, "bilagor/19900101-1239.txt", "Bilaga\n")
    scan = published.Scan([])
    scan.folder(tmp_path, "site/")
    assert [str(f) for f in scan.findings] == [
        "site/bilagor/19900101-1239.txt: 19900101-1239 ser ut som ett personnummer eller samordningsnummer "
        "(kontrollsiffran stämmer)"]


def test_a_file_in_a_zip_package_is_read(tmp_path):
    """Class: a number inside a package (the supervision zip holds csv, xlsx and PDF files)."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("innehall.txt", "Innehåll\n")
        archive.writestr("riskregister.xlsx", _xlsx(f"Ägare {NUMBER}"))
    (tmp_path / "paket.zip").write_bytes(packed.getvalue())
    assert [f.published for f in published.scan_files([(tmp_path / "paket.zip", "paket.zip")], [])] == [
        "paket.zip"]
    # The folder a command writes to is the user's choice, not something the handbook publishes.
    (tmp_path / "ren.csv").write_text("Namn\nAlfa\n", encoding="utf-8")
    assert published.scan_files([(tmp_path / "ren.csv", "/hem/900101-1239/ren.csv")], []) == []
    assert published.scan_files([(tmp_path / "ren.csv", "/hem/900101-1239/ren.csv")], [], names=True) != []


def test_a_rebuild_under_serve_reads_only_what_it_wrote_again(tmp_path, monkeypatch):
    _write(tmp_path, "a.txt", "Ingenting\n")
    _write(tmp_path, "b.txt", "Ingenting\n")
    clean: dict[str, tuple[int, int]] = {}
    published.Scan([]).folder(tmp_path, "site/", clean=clean)
    assert sorted(clean) == ["site/a.txt", "site/b.txt"]
    read: list[str] = []
    original = published.Scan.file
    monkeypatch.setattr(published.Scan, "file", lambda self, path, label, source=None: (
        read.append(label), original(self, path, label, source))[1])
    _write(tmp_path, "b.txt", f"Kontakt {NUMBER}\n")
    scan = published.Scan([])
    scan.folder(tmp_path, "site/", clean=clean)
    assert read == ["site/b.txt"] and [f.published for f in scan.findings] == ["site/b.txt"]
    assert sorted(clean) == ["site/a.txt"]  # found again next time
    _write(tmp_path, "sida.html", _page("<p>Ren</p>"))  # a page read as the build wrote it
    scan = published.Scan([])
    scan.page("site/sida.html", _page("<p>Ren</p>"))
    scan.folder(tmp_path, "site/", clean=clean)
    assert "site/sida.html" in clean and "site/sida.html" not in read  # not read from disk, not next time either


def test_trace_names_where_the_digits_are_written_in_pieces(tmp_path):
    page = tmp_path / "docs" / "sida.md"
    page.parent.mkdir()
    page.write_text('# Sida\n\n{% set a = "900101" %}\nKontakt {{ a }}-1239\n', encoding="utf-8")
    found = published.trace([published.Finding("site/sida/index.html", NUMBER, "docs/sida.md")],
                            [(page, "docs/sida.md")])
    assert [str(f) for f in found] == [
        "site/sida/index.html: 900101-1239 ser ut som ett personnummer eller samordningsnummer (kontrollsiffran "
        "stämmer); det kommer från docs/sida.md; siffrorna står i docs/sida.md, rad 3"]


# --- A real build stops, naming the published file and its source ---------------------------------


@pytest.mark.build
def test_a_number_the_source_scan_cannot_see_stops_the_build(tmp_path):
    """Classes: Markdown inline markup that joins text (caught after rendering only), and a forged
    stash placeholder (L3), which must leave the page alone rather than crash."""
    project = fixture_project(tmp_path / "handbok")
    page = project / "docs" / "rutiner" / "provrutin.md"
    note_change(page, "1.0", "1.0.1")  # adopted in the fixture: the change has its note
    contact = "Kontakt: " + " ".join(hostile.RENDERED_NUMBERS)
    text = page.read_text(encoding="utf-8") + f'\n\n{contact}\n\n<div data-lis-tabell="7"></div>\n'
    page.write_text(text, encoding="utf-8")
    line = text.split("\n").index(contact) + 1
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert ("Webbplatsen innehåller personnummer eller samordningsnummer och stoppades. Personuppgifter får inte "
            "publiceras i handboken") in result.output
    assert ("site/rutiner/provrutin/index.html: 900101-1239 ser ut som ett personnummer eller samordningsnummer "
            "(kontrollsiffran stämmer); det kommer från docs/rutiner/provrutin.md; siffrorna står i "
            f"docs/rutiner/provrutin.md, rad {line}\n") in result.output
    # The search index's fragments are gzip files with their own suffix: read unpacked, as a browser does.
    assert re.search(r"site/pagefind/fragment/sv_\w+\.pf_fragment: 900101-1239 ser ut som ett personnummer", result.output)


@pytest.mark.build
@pytest.mark.parametrize("message", [f"Kontakt {NUMBER} tillagd", f"Rättelse\n\nSammanfattning: Kontakt {NUMBER}"],
                         ids=["subject", "summary_trailer"])
def test_a_number_in_a_commit_message_is_never_published(tmp_path, message):
    """Class: text from outside the files (review 2026-12, H3: commit subjects and Sammanfattning: trailers were
    published in a page's version history). The history is the pages' change notes now (issue 24): no commit
    message reaches the site, so the build passes and no published file holds the digits."""
    project = fixture_project(tmp_path / "handbok")
    git(project, "init", "-q")
    commit(project, "Första versionen", "2026-01-10T09:00:00+01:00")
    page = project / "docs" / "rutiner" / "provrutin.md"
    note_change(page, "1.0", "1.0.1")  # adopted in the fixture: the change has its note
    page.write_text(page.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    commit(project, message, "2026-11-20T09:00:00+01:00")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    assert [p for p in result.site.rglob("*") if p.is_file() and NUMBER.encode() in p.read_bytes()] == []


# --- The commands' files (class: exports, PDFs and the supervision package) ------------------------


@pytest.mark.process  # lis export stamps the handbook version from git
def test_lis_export_stops_before_writing_a_number_the_data_check_let_through(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    system_yaml = project / "data" / "system.yaml"
    system_yaml.write_text(system_yaml.read_text(encoding="utf-8").replace(
        "    syfte: Klassad 2026, uppföljning inte förfallen.\n",
        f"    syfte: Klassad 2026, kontakt {NUMBER}.\n", 1), encoding="utf-8")
    result = call_lis(project, "export", "--mapp", "ut")
    assert result.returncode == 1 and result.stdout == ""
    target = project / "ut" / "systemforteckning.xlsx"
    assert result.stderr.startswith(
        "Fel: Exporten innehåller personnummer eller samordningsnummer och stoppades. Personuppgifter får inte "
        "publiceras i handboken;")
    assert (f"  - {target}: 900101-1239 ser ut som ett personnummer eller samordningsnummer (kontrollsiffran "
            "stämmer); siffrorna står i data/system.yaml, rad 5\n") in result.stderr
    assert f"  - {project / 'ut' / 'systemforteckning.csv'}: 900101-1239" in result.stderr
    assert not (project / "ut").exists()


@pytest.mark.process  # pdftotext
def test_a_pdf_is_read_with_pdftotext(tmp_path):
    pdf = tmp_path / "genomgang.pdf"
    pdf.write_bytes(minimal_pdf(f"Kontakt {NUMBER}"))
    (tmp_path / "ren.pdf").write_bytes(minimal_pdf("Kontakt 2026-11-28"))
    found = published.scan_files([(pdf, "pdf/genomgang.pdf"), (tmp_path / "ren.pdf", "pdf/ren.pdf")], [])
    assert [str(f) for f in found] == [
        "pdf/genomgang.pdf: 900101-1239 ser ut som ett personnummer eller samordningsnummer (kontrollsiffran stämmer)"]
    (tmp_path / "trasig.pdf").write_bytes(b"%PDF-1.4 inte en riktig PDF\n")
    with pytest.raises(published.PublishedDataError, match="^pdf/trasig.pdf: PDF-filen går inte att läsa med "):
        published.scan_files([(tmp_path / "trasig.pdf", "pdf/trasig.pdf")], [])
