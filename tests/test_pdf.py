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

from macros import pdf, pdf_layout
from macros.pdf import PdfError, _built_page, resolve
from macros.project import load_project
from tests.build_helpers import BuildResult, build, call_lis
from tests.fixture_project import fixture_project

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

    def lines(self, number: int) -> list[str]:
        """The lines of page `number` (1-based), whitespace collapsed."""
        return [" ".join(line.split()) for line in self.pages[number - 1].splitlines() if line.strip()]


def read_pdf(path: Path) -> Pdf:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))  # type: ignore[union-attr]
    paper = re.search(r"^Page size:.*$", info, re.M).group(0)  # type: ignore[union-attr]
    return Pdf(text.split("\f")[:count], count, paper)


def print_pdf(site: BuildResult, target: str, out: Path) -> Pdf:
    """`lis pdf TARGET --ut OUT` in-process on the project `site` was built from, printing that build.

    The command would build the same site again (same project, same date); the shared build stands in
    for it. tests/test_review_build.py runs the whole command, build included, as a program."""
    project = site.site.parent
    message = pdf.export(project, load_project(project), target, out, date(2026, 11, 28),
                         lambda _root, into: shutil.copytree(site.site, into))
    assert message == f"Skrev {out}"
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
    assert not (project / "pdf").exists()


def test_an_unwritable_output_stops_before_anything_is_built(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    result = call_lis(project, "pdf", "2025", "--ut", "/dev/null/lg.pdf")
    assert (result.returncode, result.stderr) == (
        1, "Fel: /dev/null finns men är ingen mapp; ange en annan fil med --ut. Ingenting har skrivits.\n")
    result = call_lis(project, "pdf", "2025", "--ut", str(tmp_path))
    assert result.stderr == f"Fel: {tmp_path} är en mapp; ange en fil med --ut, t.ex. --ut {tmp_path}/dokument.pdf\n"


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
