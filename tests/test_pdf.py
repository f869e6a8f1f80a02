"""`lis pdf` on a fixture project (tests/fixtures/utskrift + tests/fixtures/data), read back with pdftotext and pdfinfo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from macros import pdf, pdf_layout, published
from macros.pdf import PdfError, _built_page, resolve
from macros.project import load_project
from tests import hostile
from tests.archive_fixture import note_change
from tests.build_helpers import BuildResult, build, call_lis
from tests.fixture_project import fixture_project
from tests.pdf_helpers import joined_text, missing_headers, past_the_margin, table_headers, words

NOTICE = ("Exempeldata: system, kontaktuppgifter och siffror i handboken är påhittade exempel och gäller "
          "inte verksamheten.")
REVIEW_CONTENTS = [
    "Sammanfattning", "Indata",
    "a) Status för åtgärder från tidigare genomgångar",
    "b) Förändringar i externa och interna frågor",
    "c) Förändringar i intressenternas behov och förväntningar",
    "d) Återkoppling om informationssäkerhetens prestanda",
    "d1) Avvikelser och korrigerande åtgärder",
    "d2) Resultat av övervakning och mätning",
    "d3) Revisionsresultat",
    "d4) Uppfyllelse av informationssäkerhetsmålen",
    "e) Återkoppling från intressenter",
    "f) Resultat av riskbedömning och status för riskbehandlingsplanen",
    "g) Möjligheter till ständig förbättring",
    "Utdata", "Beslut om förbättringar och förändringar i LIS", "Handlingsplan",
]

needs_tools = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")) and os.environ.get("CI") != "true",
    reason="Chromium och poppler saknas (CI installerar dem)")


@dataclass(frozen=True)
class Pdf:
    pages: list[str]  # pdftotext -layout, one string per page
    page_count: int  # as pdfinfo reports it
    paper: str
    path: Path

    def lines(self, number: int) -> list[str]:
        """The lines of page `number` (1-based), whitespace collapsed."""
        return [" ".join(line.split()) for line in self.pages[number - 1].splitlines() if line.strip()]


def read_pdf(path: Path) -> Pdf:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))  # type: ignore[union-attr]
    paper = re.search(r"^Page size:.*$", info, re.M).group(0)  # type: ignore[union-attr]
    return Pdf(text.split("\f")[:count], count, paper, path)


def print_pdf(site: BuildResult, target: str, out: Path) -> Pdf:
    """`lis pdf TARGET --ut OUT` in-process on the project `site` was built from, printing that build.

    The command would build the same site again (same project, same date); the shared build stands in
    for it. tests/test_review_build.py runs the whole command, build included, as a program."""
    project = site.site.parent
    message = pdf.export(project, load_project(project), target, out, date(2026, 11, 28),
                         lambda _root, into: shutil.copytree(site.site, into))
    assert message == f"Skrev {out} ur LIS-utgåvan (hela handboken, begränsad åtkomst)"
    return read_pdf(out)


@pytest.fixture(scope="module")
def real_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixture project once the data says exempeldata: nej, built once for both prints below."""
    result = build(fixture_project(tmp_path_factory.mktemp("verklig") / "handbok", example_data=False))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def review(fixture_site: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """The fixture review of 2025 (adopted, FAR 2026/14) while the data says exempeldata: ja."""
    return print_pdf(fixture_site, "2025", tmp_path_factory.mktemp("lg-exempel") / "lg.pdf")


@pytest.fixture(scope="module")
def review_real(real_fixture_site: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """The same review once the data says exempeldata: nej."""
    return print_pdf(real_fixture_site, "2025", tmp_path_factory.mktemp("lg-verklig") / "lg.pdf")


@pytest.fixture(scope="module")
def routine(real_fixture_site: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return print_pdf(real_fixture_site, "rutiner/provrutin", tmp_path_factory.mktemp("rutin") / "r.pdf")


def contents(pdf: Pdf) -> list[tuple[str, int]]:
    """The entries of the contents on page 1: (heading, page number)."""
    lines = pdf.lines(1)
    entries = []
    for line in lines[lines.index("Innehåll") + 1:-1]:  # the last line is the footer
        match = re.fullmatch(r"(.+?) (\d+)", line)
        if match is None:
            break
        entries.append((match.group(1), int(match.group(2))))
    return entries


def assert_contents_point_at_headings(pdf: Pdf, expected: list[str]) -> None:
    entries = contents(pdf)
    assert [title for title, _ in entries] == expected
    for title, page in entries:
        first = next(n for n in range(2, pdf.page_count + 1) if title in pdf.lines(n))
        assert first == page, f"{title}: innehållet säger sidan {page}, rubriken står på sidan {first}"


# --- The management review as a board document ------------------------------------------------


@needs_tools
@pytest.mark.build
def test_review_is_a4_with_page_x_of_y_and_the_document_in_the_footer_of_every_page(review):
    assert "(A4)" in review.paper
    assert review.page_count >= 5
    assert len(review.pages) == review.page_count
    for number in range(1, review.page_count + 1):
        footer = review.lines(number)[-1]
        assert footer == f"Ledningens genomgång 2025, dnr FAR 2026/14 Sida {number} av {review.page_count}"


@needs_tools
@pytest.mark.build
def test_review_title_block_names_organisation_status_diarienummer_and_date_of_figures(review):
    lines = review.lines(1)
    start = lines.index("Ledningens genomgång 2025")
    assert lines[start - 2:start] == ["Farsta stadsdelsförvaltning", "Farsta stadsdelsnämnd"]
    assert lines[start + 1:start + 5] == ["Status Fastställd av Farsta stadsdelsnämnd 2026-01-27",
                                          "Diarienummer FAR 2026/14", "Siffrorna gäller per 2025-12-31",
                                          "Utskriven 2026-11-28"]


@needs_tools
@pytest.mark.build
def test_review_contents_list_the_9_3_inputs_and_outputs_with_the_pages_they_are_on(review):
    assert_contents_point_at_headings(review, REVIEW_CONTENTS)
    pages = [page for _, page in contents(review)]
    assert pages == sorted(pages) and pages[0] == 2 and pages[-1] >= 5  # spread over several pages


@needs_tools
@pytest.mark.build
def test_example_data_notice_is_on_every_page_while_the_data_is_example_data(review, review_real):
    for number in range(1, review.page_count + 1):
        assert review.lines(number)[0] == NOTICE
    assert not any("Exempeldata" in page for page in review_real.pages)
    assert review_real.lines(1)[0] == "Farsta stadsdelsförvaltning"


@needs_tools
@pytest.mark.build
def test_review_chart_prints_its_numbers_as_text(review):
    text = " ".join(" ".join(review.lines(n)) for n in range(1, review.page_count + 1))
    assert "2023 NIS-incidenter: 1 Personuppgiftsincidenter: 24 2024 NIS-incidenter: 1" in text


# --- Governing documents for the diarium ---------------------------------------------------------


@needs_tools
@pytest.mark.build
def test_routine_prints_with_title_block_contents_and_footer(routine):
    assert routine.page_count >= 3
    lines = routine.lines(1)
    start = lines.index("Provrutin")
    assert lines[start + 1:start + 10] == ["Dokument Rutin, version 1.0", "Ägare Informationssäkerhetssamordnare",
                                           "Status gällande", "Beslutad av Förvaltningsledningen",
                                           "Beslutsdatum 2026-01-26", "Diarienummer PROV 2026/1",
                                           "Senast granskad 2026-01-26", "Planerad granskning 2027-01-26",
                                           "Utskriven 2026-11-28"]
    for number in range(1, routine.page_count + 1):
        assert routine.lines(number)[-1] == (f"Provrutin (rutin, version 1.0, gällande) "
                                             f"Sida {number} av {routine.page_count}")
    assert not any("Exempeldata" in page for page in routine.pages)
    assert_contents_point_at_headings(routine, ["Syfte", "Gör så här", "Kontakt"])


def test_unknown_page_is_a_swedish_error_that_lists_what_can_be_printed(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    result = call_lis(project, "pdf", "rutiner/finns-inte")
    assert result.returncode == 1
    assert result.stderr == (
        'Fel: "rutiner/finns-inte" är varken ett år med ledningens genomgång eller ett styrdokument. '
        "Ange ett år (2025, 2026) eller en av de här sidorna (sökväg under docs/ utan .md; alla styrdokument "
        "står också på sidan Styrande dokument):\n"
        "  - rutiner/behorighetshantering (Behörighetshantering)\n"
        "  - rutiner/digitaliseringsinitiativ (Digitaliseringsinitiativ)\n"
        "  - rutiner/incidenthantering (Incidenthantering)\n"
        "  - rutiner/personuppgiftsincidenter (Personuppgiftsincidenter)\n"
        "  - rutiner/provrutin (Provrutin)\n"
        "  - rutiner/uppfoljning-av-klassningar (Uppföljning av klassningar)\n")
    assert call_lis(project, "pdf", "2099").stderr == (
        "Fel: Det finns ingen genomgång för 2099 i data/genomgangar.yaml. Kända år: 2025, 2026.\n")
    for digits in ("²", "٢٠٢٥", "2025²"):  # str.isdigit() is true for these, int() refuses them (review 2026-12, L5)
        refused = call_lis(project, "pdf", digits)
        assert (refused.returncode, refused.stderr.split(" är varken")[0]) == (1, f'Fel: "{digits}"'), refused.stderr
    assert not (project / "pdf").exists()


def test_an_unwritable_output_stops_before_anything_is_built(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    result = call_lis(project, "pdf", "2025", "--ut", "/dev/null/lg.pdf")
    assert (result.returncode, result.stderr) == (
        1, "Fel: /dev/null finns men är ingen mapp; ange en annan fil med --ut. Ingenting har skrivits.\n")
    (tmp_path / "utskrifter").mkdir()
    result = call_lis(project, "pdf", "2025", "--ut", str(tmp_path / "utskrifter"))
    assert result.stderr == f"Fel: {tmp_path}/utskrifter är en mapp; ange en fil med --ut, t.ex. --ut utskrifter.pdf\n"
    result = call_lis(project, "pdf", "2025", "--ut", str(tmp_path))  # the folder that holds the handbook
    assert result.stderr == (f"Fel: {tmp_path} är en mapp som innehåller handboken; där skriver och ersätter inget "
                             "kommando något. Välj en egen, ny mapp eller fil utanför handbokens källor. Ingenting "
                             "har ändrats.\n")


@pytest.mark.parametrize("target", ["rutiner/provrutin", "rutiner/provrutin.md", "docs/rutiner/provrutin.md",
                                    "/rutiner/provrutin/"])
@pytest.mark.process
def test_a_governing_page_is_named_by_its_path_under_docs(tmp_path, target):
    project = load_project(fixture_project(tmp_path / "handbok"))
    job = resolve(project, target, date(2026, 11, 28))
    assert (job.src, job.file_name) == ("rutiner/provrutin.md", "rutiner-provrutin.pdf")
    assert resolve(project, "ledningens-genomgang/2026", date(2026, 11, 28)).title.facts == (
        ("Status", "Utkast, inte fastställd"), ("Siffrorna gäller per", "2026-11-28"), ("Utskriven", "2026-11-28"))
    with pytest.raises(PdfError):
        resolve(project, "uppfoljning/index", date(2026, 11, 28))  # a page, but not a governing document


# --- The page preparation, without a browser ----------------------------------------------------

PAGE = ('<html lang="sv" class="no-js"><head><title>x</title></head><body><article class="md-typeset">'
        '<h1 id="t">Titel<a class="headerlink" href="#t">¶</a></h1>'
        '<h2 id="a">A &amp; B<a class="headerlink" href="#a">¶</a></h2><p>text</p>'
        '<h3 id="c">C <code>kod</code><a class="headerlink" href="#c">¶</a></h3>'
        '<h5 id="e">E</h5></article></body></html>')
BLOCK = pdf_layout.TitleBlock(("Förvaltning <b>",), (("Diarienummer", '</dd><script>x</script>'),), 'Doc "1" </style>')


def test_headings_are_the_h2_to_h4_of_the_article_as_plain_text():
    assert pdf_layout.headings(PAGE) == [pdf_layout.Heading(2, "a", "A & B"), pdf_layout.Heading(3, "c", "C kod")]


def test_data_in_the_title_block_and_footer_stays_text():
    out = pdf_layout.prepare(PAGE, BLOCK, True, {"a": 2, "c": 3})
    assert "<script>" not in out and "&lt;/dd&gt;&lt;script&gt;x&lt;/script&gt;" in out
    assert "Förvaltning &lt;b&gt;" in out
    style = out[out.index('<style media="print">'):out.index("</head>")]
    assert style.count("</style>") == 1  # the quote and </style> in the name are escaped
    assert 'content: "Doc \\22 1\\22  \\3c \\2f style\\3e ";' in style
    assert pdf_layout.css_string('a"b') == '"a\\22 b"'
    assert 'class="lis-pdf no-js"' in out
    assert re.findall(r'lis-pdf-sida">(\d+)<', out) == ["2", "3"]
    assert "LISPDFMARK" not in out


def test_first_print_marks_every_listed_heading_and_the_notice_follows_the_data():
    first = pdf_layout.prepare(PAGE, BLOCK, False, None)
    assert re.findall(r"LISPDFMARK\dX", first) == ["LISPDFMARK0X", "LISPDFMARK1X"]
    assert "@top-center" not in first and "Exempeldata" not in first
    assert pdf_layout.marker_pages("LISPDFMARK0X\f\fx LISPDFMARK1X\f", 2) == {0: 1, 1: 3}
    with pytest.raises(ValueError, match="hittade inte 1 rubriker"):
        pdf_layout.marker_pages("LISPDFMARK0X\f", 2)


@pytest.mark.parametrize(("src", "built"), [
    ("ledningens-genomgang/2025.md", "ledningens-genomgang/2025/index.html"),
    ("styrande/index.md", "styrande/index.html"),
    ("styrande/reindex.md", "styrande/reindex/index.html"),
])
def test_the_printed_file_is_where_mkdocs_writes_the_page(src, built):
    assert _built_page(Path("/site"), src) == Path("/site") / built


@needs_tools
@pytest.mark.build
def test_a_number_in_the_printed_page_stops_lis_pdf_and_nothing_is_written(fixture_site, tmp_path):
    """Class: a personal number in a PDF the project writes (its text layer, read back with pdftotext)."""
    project = fixture_site.site.parent

    def build_with_a_number(_root: Path, into: Path) -> None:  # as if the checks before had missed it
        shutil.copytree(fixture_site.site, into)
        page = into / "rutiner" / "provrutin" / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace(
            "</article>", "<p>Kontakt 9001<b></b>01-1239</p></article>", 1), encoding="utf-8")

    out = tmp_path / "rutin.pdf"
    with pytest.raises(published.PublishedDataError) as refused:
        pdf.export(project, load_project(project), "rutiner/provrutin", out, date(2026, 11, 28), build_with_a_number)
    assert str(refused.value).endswith(
        f"\n  - {out}: 900101-1239 ser ut som ett personnummer eller samordningsnummer (kontrollsiffran stämmer)")
    assert not out.exists() and list(tmp_path.iterdir()) == []


# --- Nothing runs past the printable area, nothing is lost, nothing interactive prints -------------


@needs_tools
@pytest.mark.build
def test_no_word_of_the_review_or_the_routine_leaves_the_printable_area_and_no_column_is_lost(
        review, routine, fixture_site, real_fixture_site):
    """The 2026-12 board PDF cut the risk table's last columns off ("Åtgärder oc"), text layer included."""
    for printed, site, page in ((review, fixture_site, "ledningens-genomgang/2025/index.html"),
                                (routine, real_fixture_site, "rutiner/provrutin/index.html")):
        found = words(printed.path)
        assert len(found) > 500 and past_the_margin(found) == []
        assert missing_headers(printed.path, site.html(page)) == []
    headers = table_headers(fixture_site.html("ledningens-genomgang/2025/index.html"))
    assert {"Process", "Behandling", "Åtgärderochstatus", "Behandlingen"} <= set(headers)  # the risk table
    # Nine columns: each risk prints as a block of "column: value" lines instead of nine narrow columns.
    assert "Process:" in joined_text(review.path) and "Åtgärderochstatus:" in joined_text(review.path)


HOSTILE_PRINT = "\n\n".join(["## Långt och brett", *hostile.PRINT_OVERFLOW.values(), "## Interaktivt",
                               *hostile.INTERACTIVE_ON_PAPER.values(), *hostile.FORGED_PLACEHOLDERS, ""])


@needs_tools
@pytest.mark.build
def test_hostile_long_words_wide_tables_and_interactive_parts_print_inside_the_page(tmp_path):
    """Classes (tests/hostile.py): text past the printable area (PRINT_OVERFLOW: a 305-character word, a long
    address, a long code line, a 12-column table of long words, a 120-character word in a two-column table,
    a 270-character title), interactive parts on paper (INTERACTIVE_ON_PAPER: the deadline helper, a
    collapsed note) and forged stash placeholders, which must leave the build alone (FORGED_PLACEHOLDERS)."""
    project = fixture_project(tmp_path / "handbok", example_data=False)
    page = project / "docs" / "rutiner" / "incidenthantering.md"
    title = hostile.LONG_TITLE
    text = page.read_text(encoding="utf-8").replace("title: Incidenthantering\n", f"title: {title}\n", 1)
    page.write_text(text.replace("# Incidenthantering\n", f"# {title}\n", 1) + HOSTILE_PRINT, encoding="utf-8")
    note_change(page, "1.0", "1.0.1")  # adopted in the fixture: the edit carries its change note
    site = build(project)
    assert site.returncode == 0, site.output
    printed = print_pdf(site, "rutiner/incidenthantering", tmp_path / "rutin.pdf")
    assert past_the_margin(words(printed.path)) == []
    text = joined_text(printed.path)
    assert hostile.LONG_WORD in text and hostile.LONG_URL in text and hostile.LONG_CODE in text
    assert "Ö" * 120 in text and title in text
    assert missing_headers(printed.path, site.html("rutiner/incidenthantering/index.html")) == []
    assert text.count(hostile.WIDE_CELL) == 12
    whole = " ".join(" ".join(printed.pages).split())
    assert [interactive for interactive in hostile.NOT_ON_PAPER if interactive in whole] == []
    assert "Förvaltningen fick kännedom om incidenten (datum och klockslag): ________________________" in whole
    assert "Tidig varning: senast ________________________" in whole
    assert "Texten i den hopfällda anmärkningen ska synas på papper." in whole


@needs_tools
@pytest.mark.build
def test_every_pdf_of_the_real_handbook_prints_inside_the_page(site, tmp_path):
    """Every review and every governing page of the example handbook, printed as lis pdf lays it out (one
    print each: the contents' page numbers do not move anything)."""
    project = site.site.parent
    loaded = load_project(project)
    targets = [str(r.year) for r in loaded.handbook.reviews] + [d.src_path for d in loaded.documents]
    chromium = pdf._program(pdf.CHROMIUM_NAMES, "chromium")
    problems = []
    for target in targets:
        job = pdf.resolve(loaded, target, date(2026, 11, 28))
        built = _built_page(site.site, job.src)
        source = built.read_text(encoding="utf-8")
        page = built.with_name("lis-utskrift.html")
        page.write_text(pdf_layout.prepare(source, job.title, True, None), encoding="utf-8")
        out = tmp_path / f"{job.file_name}"
        pdf._print(chromium, page, out, tmp_path / "profil")
        page.unlink()
        problems += [f"{target}: sidan {w.page}: {w.text}" for w in past_the_margin(words(out))]
        problems += [f"{target}: kolumnen {h} saknas" for h in missing_headers(out, source)]
    assert len(targets) >= 20 and problems == []


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@pytest.mark.parametrize(("headers", "cell"), [
    (["Målgrupp", "Andel"], "förvaltningsledning"),
    ([f"Kolumn {n}" for n in range(8)], "Informationssäkerhetssamordnare" * 3),
    (["Roll", "Ansvar"], "Ö" * 300)])
def test_column_minimums_keep_short_words_whole_and_never_exceed_the_page(headers, cell):
    widths = pdf_layout.column_minimums(_table(headers, [[cell] * len(headers)]))
    size = 7.5 if len(headers) >= pdf_layout.WIDE_TABLE_COLUMNS else 9
    assert sum(widths) * 0.556 * size <= pdf_layout.PRINTABLE_PT * 0.85 + 0.1  # ch of Liberation Sans at `size`
    if len(cell) < 30:  # fits: every word keeps its length
        assert widths[1] >= len("Andel") and widths[0] >= len(cell)


def test_a_table_of_nine_columns_prints_one_block_per_row_each_value_named():
    headers = ["Process", "Risk", "Ägare", "Nivå", "I IKP", "Behandling", "Åtgärder", "Källa", "Ursprung"]
    page = ('<html class="no-js"><head></head><body><article><h1>G</h1>'
            + _table(headers, [[f"v{n}" for n in range(9)]]) + "<details><summary>Mer</summary>x</details>"
            "<details open><summary>Öppen</summary>y</details></article></body></html>")
    printed = pdf_layout.prepare(page, pdf_layout.TitleBlock(("F",), (), "G"), False, {})
    assert '<table data-lis-stapla>' in printed
    assert '<td data-rubrik="Process">v0</td>' in printed and '<td data-rubrik="Ursprung">v8</td>' in printed
    assert printed.count("<details open>") == 2  # paper cannot be expanded


def test_the_running_footer_can_wrap_a_long_word_and_shortens_a_very_long_name():
    assert pdf_layout.footer_text("Provrutin (rutin, version 1.0, gällande)") == (
        "Provrutin (rutin, version 1.0, gällande)")
    long = pdf_layout.footer_text("Rutinbeskrivning" * 20)
    assert len(long.replace("\u200b", "")) == pdf_layout.FOOTER_MAX and long.endswith("…")
    assert all(len(part) <= 20 for part in long.split("\u200b"))
