"""Next year's review skeleton (`publiceras: nej`) stays out of the published site until its text is written."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from macros import drafts, scaffold
from macros.errors import DataError
from macros.loader import load_handbook
from macros.pdf import PdfError, export
from macros.project import load_project
from tests.build_helpers import build
from tests.conftest import AS_OF, FIXTURE_DATA, replace_in
from tests.fixture_project import fixture_project
from tests.serve_helpers import free_port, serving
from tests.test_pdf import needs_tools, print_pdf

SKELETON = "ledningens-genomgang/2027.md"


def _page(docs: Path, rel: str, front: str) -> None:
    (docs / rel).parent.mkdir(parents=True, exist_ok=True)
    (docs / rel).write_text(f"---\ntitle: Sida\n{front}---\n\n# Sida\n", encoding="utf-8")


def test_a_page_that_says_publiceras_nej_is_unpublished(tmp_path):
    _page(tmp_path, "a.md", "publiceras: nej\n")
    _page(tmp_path, "b.md", "publiceras: ja\n")
    _page(tmp_path, "c.md", "")
    _page(tmp_path, "d.md", "publiceras: kanske\n")
    hidden, issues = drafts.unpublished_pages(tmp_path, ["a.md", "b.md", "c.md", "d.md"])
    assert hidden == {"a.md"}
    assert [str(i) for i in issues] == [
        'docs/d.md, rad 3, fält "publiceras": "kanske" går inte att tolka; skriv ja eller nej (nej håller sidan '
        "utanför den publicerade webbplatsen)"]


def test_the_menu_loses_only_the_unpublished_entries():
    nav = [{"Start": "index.md"}, {"Ledningens genomgång": ["ledningens-genomgang/index.md", SKELETON,
                                                           "ledningens-genomgang/2026.md"]},
           {"Bara utkast": [SKELETON]}]
    assert drafts.without_pages(nav, frozenset({SKELETON})) == [
        {"Start": "index.md"}, {"Ledningens genomgång": ["ledningens-genomgang/index.md",
                                                         "ledningens-genomgang/2026.md"]}]


def test_an_adopted_review_must_be_published():
    hb = load_handbook(FIXTURE_DATA)  # 2025 is fastställd
    assert [str(i) for i in drafts.adopted_but_unpublished(hb, frozenset({"ledningens-genomgang/2025.md"}))] == [
        'docs/ledningens-genomgang/2025.md, fält "publiceras": genomgången 2025 är fastställd i '
        "data/genomgangar.yaml och ska publiceras; ta bort raden publiceras: nej"]
    assert drafts.adopted_but_unpublished(hb, frozenset({SKELETON})) == []


@pytest.fixture
def with_skeleton(tmp_path: Path) -> Path:
    """The fixture project (with a menu and a review list) after `lis ny-genomgang 2027`."""
    project = fixture_project(tmp_path / "handbok", menu=True)
    index = project / "docs" / "ledningens-genomgang" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n{{ genomgangar() }}\n", encoding="utf-8")
    message = scaffold.new_review(project, 2027, 2026)
    assert message.endswith("Sidan syns i make serve men publiceras inte förrän du tar bort raden publiceras: nej "
                            "överst i filen.")
    assert "publiceras: nej" in (project / "docs" / SKELETON).read_text(encoding="utf-8")
    return project


def test_the_skeleton_is_not_in_the_published_site_menu_or_review_list(with_skeleton):
    result = build(with_skeleton)
    assert result.returncode == 0, result.output
    assert not (result.site / "ledningens-genomgang" / "2027").exists()
    html = "".join(p.read_text(encoding="utf-8") for p in result.site.rglob("*.html"))
    assert "Att skriva" not in html
    assert "ledningens-genomgang/2027/" not in html
    reviews = result.html("ledningens-genomgang/index.html")
    assert "Ledningens genomgång 2025" in reviews and "Ledningens genomgång 2027" not in reviews


def test_removing_the_line_publishes_it(with_skeleton):
    replace_in(with_skeleton / "docs" / SKELETON, "publiceras: nej  # syns bara i make serve; ta bort raden när "
               "texten är skriven\n", "")
    result = build(with_skeleton)
    assert result.returncode == 0, result.output
    assert "Att skriva" in result.html("ledningens-genomgang/2027/index.html")
    assert 'href="2027/"' in result.html("ledningens-genomgang/index.html")


@pytest.mark.process  # load_project reads the pages' git history
def test_the_skeleton_cannot_be_printed_yet(with_skeleton):
    project = load_project(with_skeleton)
    with pytest.raises(PdfError) as raised:
        export(with_skeleton, project, "2027", None, AS_OF, lambda root, site: None)
    assert str(raised.value) == ("docs/ledningens-genomgang/2027.md har publiceras: nej och kommer inte med i "
                                 "bygget. Ta bort raden när texten är skriven, så går sidan att spara som PDF.")


@pytest.mark.process
def test_an_adopted_review_with_publiceras_nej_stops_the_check(with_skeleton):
    review = with_skeleton / "docs" / "ledningens-genomgang" / "2025.md"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("---\n", "---\npubliceras: nej\n", 1) if text.startswith("---")
                      else f"---\npubliceras: nej\n---\n{text}", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_project(with_skeleton)
    assert [str(i) for i in raised.value.issues] == [
        'docs/ledningens-genomgang/2025.md, fält "publiceras": genomgången 2025 är fastställd i '
        "data/genomgangar.yaml och ska publiceras; ta bort raden publiceras: nej"]


@pytest.mark.process
def test_make_serve_shows_the_skeleton_with_a_note_that_it_is_not_published(with_skeleton):
    port = free_port()
    env = {**os.environ, "LIS_DATE": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    argv = [str(Path(sys.executable).parent / "lis"), "visa", "--port", str(port)]
    with serving(argv, with_skeleton, env, port, "ledningens-genomgang/2027/") as served:
        pass
    page, output = served.first_page, served.output
    assert "Att skriva" in page, output
    note = re.search(r'<p class="admonition-title">Publiceras inte</p><p>(.*?)</p>', page)
    assert note and note.group(1) == ("Sidan har <code>publiceras: nej</code> och syns bara här i make serve. "
                                      "Ta bort raden när texten är skriven, så publiceras sidan vid nästa bygge.")
    assert "DRAFT" not in page


# --- The board's PDF of a review in progress: no web wording ------------------------------------------


@needs_tools
@pytest.mark.process
def test_the_board_pdf_of_a_review_in_progress_says_what_holds_on_paper(with_skeleton, tmp_path):
    replace_in(with_skeleton / "docs" / SKELETON, "publiceras: nej  # syns bara i make serve; ta bort raden när "
               "texten är skriven\n", "")
    site = build(with_skeleton)
    assert site.returncode == 0, site.output
    web = site.html("ledningens-genomgang/2027/index.html")
    assert "och uppdateras vid varje bygge tills genomgången fastställs." in web
    paper = " ".join(" ".join(page.split()) for page in print_pdf(site, "2027", tmp_path / "lg.pdf").pages)
    assert "Genomgången för 2027 är inte fastställd. Siffrorna gäller per 2026-11-28." in paper
    assert "bygge" not in paper and "webbplatsen" not in paper
