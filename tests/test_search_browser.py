"""Search in a real browser: the query sets find the right page, and at scale a system is found by name.

The regression set (bench/sokfragor.yaml) and the three development sets (bench/sokfragor-utveckling.yaml,
bench/sokfragor-kontroll.yaml, the control set until 2026-12-04, and bench/sokfragor-tredje.yaml) and the held-out set
(bench/sokfragor-prov.yaml) must reach the targets: at least 90 % of the queries find the expected page first
and 97 % among the first three, and no query whose page exists gives "Inga sökresultat". Queries whose page is
written on another branch (`kräver:`) are counted apart until that page exists. The held-out set is measured,
never tuned to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser import chromium, first_hits, serve, time_to_results
from bench.run import SetResult, run_set
from bench.synthetic import write_data
from tests.browser_helpers import chromium_path
from tests.build_helpers import BuildResult, build, copy_project

pytestmark = pytest.mark.browser

LARGE = 300  # systems in the generated site: large enough to crowd the results, small enough to build quickly
FIRST, TOP3 = 90.0, 97.0  # per cent of the queries whose page exists


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


def _measured(site: BuildResult, browser: object, name: str, label: str) -> SetResult:
    with serve(site.site) as url:
        result = run_set(browser, url, name, label)
    print(f"\n{name} ({label}): {result.first_share} % först, {result.top3_share} % bland tre av "
          f"{result.available}; {result.waiting} väntar på en annan gren ({result.waiting_first} rätt först)")
    return result


def _meets(result: SetResult) -> list[str]:
    problems = []
    if result.first_share < FIRST:
        problems.append(f"{result.first_share} % rätt först (mål {FIRST} %): " + "; ".join(result.misses))
    if result.top3_share < TOP3:
        problems.append(f"{result.top3_share} % bland tre (mål {TOP3} %)")
    if result.empty:
        problems.append("Inga sökresultat: " + ", ".join(result.empty))
    return problems


# Not met yet (2026-12-04): the former control set finds 74 % first and 92 % in the top three on the example
# site (66/92 % at 300 systems). The development set meets the targets since 2026-12-04 (92/98 % on the
# example site, 90/98 % at 300 systems; it was 84/96 %). Strict: a marker must go when its set meets the targets.
NOT_MET = pytest.mark.xfail(strict=True, reason="mängden når ännu inte 90 % / 97 %")
# The held-out set (bench/sokfragor-prov.yaml, written 2026-12-04 by someone who had not seen the site) is held
# to the same targets and never tuned to: 67 % first and 82 % in the top three on the example site.
# The third development set (bench/sokfragor-tredje.yaml, written blind on the evening of 2026-12-04): 70 % first
# and 80 % in the top three when first measured, 72/80 % after the list on Vad är nytt left the index.
# The fifth set (bench/sokfragor-femte.yaml, written blind on 2026-12-05 and held out like prov): 60 % first and
# 80 % in the top three on the example site when first measured, before any change of that day.
SETS = [pytest.param("regression"), pytest.param("utveckling"), pytest.param("kontroll", marks=NOT_MET),
        pytest.param("tredje", marks=NOT_MET), pytest.param("prov", marks=NOT_MET), pytest.param("femte", marks=NOT_MET)]


@pytest.mark.parametrize("name", SETS)
def test_a_query_set_meets_the_targets_on_the_example_site(site, browser, name):
    assert _meets(_measured(site, browser, name, "exempeldata")) == []


@pytest.mark.parametrize("name", SETS)
def test_a_query_set_meets_the_targets_among_generated_pages(large_site, browser, name):
    assert _meets(_measured(large_site, browser, name, f"{LARGE} system")) == []


@pytest.mark.parametrize("query", ["Verksamhetssystem 00123", "system-00123", "verksamhetssystem 00123"])
def test_a_system_is_found_first_by_its_name_or_id(large_site, browser, query):
    with serve(large_site.site) as url:
        seconds = time_to_results(browser, url, query, expected="system/system-00123/", timeout_s=30)
    assert seconds < 30


def test_a_system_is_found_by_a_word_of_its_purpose(large_site, browser):
    with serve(large_site.site) as url:
        [hit] = first_hits(browser, url, [("byggtiden", "system/system-00001/")])  # a word only in purposes
    assert hit.first is not None and hit.first.startswith("system/system-")


def test_inflected_forms_find_the_page_that_uses_the_base_form(tmp_path: Path, browser):
    """Definite and plural forms find a page that only has the base form."""
    project = copy_project(tmp_path / "handbok")
    page = project / "docs" / "om-handboken" / "tillganglighet.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOrdet flygplansvinge står bara här.\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        hits = first_hits(browser, url, [(q, "om-handboken/tillganglighet/") for q in
                                         ("flygplansvingen", "flygplansvingarna", "flygplansvinget")])
    assert [h.first.split("#")[0] if h.first else None for h in hits] == ["om-handboken/tillganglighet/"] * 3
