"""Search in a real browser: the query set finds the right page first, and at scale a system is found by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser import chromium, first_hits, serve, time_to_results
from bench.run import query_set
from bench.synthetic import write_data
from tests.browser_helpers import chromium_path
from tests.build_helpers import BuildResult, build, copy_project

pytestmark = pytest.mark.browser

LARGE = 300  # systems in the generated site: large enough to crowd the results, small enough to build quickly


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium(chromium_path()) as b:
        yield b


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = copy_project(tmp_path_factory.mktemp("stor"))
    write_data(project / "data", project / "data", systems=LARGE, objects=30)
    result = build(project)
    assert result.returncode == 0, result.output
    return result


def test_the_query_set_finds_the_right_page_first_on_the_example_site(site, browser):
    with serve(site.site) as url:
        misses = [f"{h.query} → {h.first} (väntat {h.expected})" for h in first_hits(browser, url, query_set())
                  if not h.ok]
    assert misses == []


def test_the_query_set_finds_the_right_page_first_among_generated_pages(large_site, browser):
    with serve(large_site.site) as url:
        misses = [f"{h.query} → {h.first} (väntat {h.expected})" for h in first_hits(browser, url, query_set())
                  if not h.ok]
    assert misses == []


@pytest.mark.parametrize("query", ["Verksamhetssystem 00123", "system-00123", "verksamhetssystem 00123"])
def test_a_system_is_found_first_by_its_name_or_id(large_site, browser, query):
    with serve(large_site.site) as url:
        seconds = time_to_results(browser, url, query, expected="system/system-00123/", timeout_s=30)
    assert seconds < 30


def test_a_system_is_found_by_a_word_of_its_purpose(large_site, browser):
    with serve(large_site.site) as url:
        [hit] = first_hits(browser, url, [("byggtiden", "system/system-00001/")])  # a word only in purposes
    assert hit.ok


def test_inflected_forms_find_the_page_that_uses_the_base_form(tmp_path: Path, browser):
    """Definite and plural forms (stemmed in the query) find a page that only has the base form."""
    project = copy_project(tmp_path / "handbok")
    page = project / "docs" / "om-handboken" / "tillganglighet.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOrdet flygplansvinge står bara här.\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        hits = first_hits(browser, url, [(q, "om-handboken/tillganglighet/") for q in
                                         ("flygplansvingen", "flygplansvingarna", "flygplansvinget")])
    assert [h.first.split("#")[0] if h.first else None for h in hits] == ["om-handboken/tillganglighet/"] * 3
