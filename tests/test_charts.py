"""Bar charts: numbers as text, data escaped, and readable on a 390 px phone (measured in Chromium)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from macros.charts import bar_chart, progress_chart
from tests.browser_helpers import CHROMIUM_ARGS, chromium_path, serve
from tests.build_helpers import BuildResult

LONG_GOAL = "Klassningsprotokoll för samtliga system inom tre år"


def widths(html: str) -> list[str]:
    return re.findall(r'<rect class="lis-serie-\d" x="0" y="0" width="([\d.]+)"', html)


def test_progress_chart_states_every_number_in_text_and_scales_bars_to_the_target():
    html = progress_chart("mal", "Framsteg", [(LONG_GOAL, 17, 29), ("Inget mål", 0, 0), ("Över målet", 5, 4)])
    assert f'<span class="lis-stapel-etikett">{LONG_GOAL}</span>' in html
    values = re.findall(r'<span class="lis-stapel-varde">([^<]+)</span>', html)
    assert values == ["17 av 29 (59\u00a0%)", "0 av 0 (100\u00a0%)", "5 av 4 (125\u00a0%)"]
    assert widths(html) == ["58.6", "100.0", "100.0"]  # a bar never runs past its track
    assert html.count('class="lis-ram"') == 3
    assert f'role="img" aria-label="Framsteg: {LONG_GOAL}: 17 av 29; Inget mål: 0 av 0; Över målet: 5 av 4"' in html
    assert '<figcaption>Framsteg</figcaption>' in html and 'id="diagram-mal"' in html


def test_bar_chart_groups_bars_by_category_relative_to_the_largest_value():
    html = bar_chart("inc", "Incidenter", "sammanfattning", ["2024", "2025"], [("NIS", [1, 0]), ("Person", [20, 15])])
    assert re.findall(r'<span class="lis-stapel-(?:etikett|varde)">([^<]+)</span>', html) == [
        "2024", "NIS: 1", "Person: 20", "2025", "NIS: 0", "Person: 15"]
    assert widths(html) == ["5.0", "100.0", "0.0", "75.0"]
    assert re.findall(r'class="(lis-serie-\d)"', html) == ["lis-serie-1", "lis-serie-2"] * 2
    assert 'aria-label="Incidenter: sammanfattning"' in html


def test_data_in_a_chart_renders_as_text():
    html = progress_chart("x", "<b>Titel</b>", [('<img src=x onerror="alert(1)">{{ makro }}', 1, 2)])
    assert "<img" not in html and "<b>" not in html and "{{" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


# --- In a real browser --------------------------------------------------------------------------

MEASURE = """() => {
  // A paragraph of the page's own body text (inside the search index's body element), not an admonition's.
  const body = parseFloat(getComputedStyle(document.querySelector(
    'article.md-content__inner > [data-pagefind-body] > p')).fontSize);
  return {body, width: document.documentElement.clientWidth,
    labels: [...document.querySelectorAll('.lis-stapel-etikett, .lis-stapel-varde')].map(e => {
      const box = e.getBoundingClientRect(), figure = e.closest('figure').getBoundingClientRect();
      return {text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize),
              lineHeight: parseFloat(getComputedStyle(e).lineHeight), height: box.height,
              cut: e.scrollWidth > e.clientWidth, left: box.left, right: box.right,
              figureLeft: figure.left, figureRight: figure.right};
    })};
}"""


@pytest.fixture(scope="module")
def phone_page(fixture_site: BuildResult) -> Iterator[tuple[object, str]]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with serve(fixture_site.site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        yield page, base
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["uppfoljning/", "ledningens-genomgang/2025/"])
def test_chart_labels_on_a_390_px_phone_are_body_size_and_not_cut(phone_page, path):
    page, base = phone_page
    page.goto(base + path)  # type: ignore[attr-defined]
    found = page.evaluate(MEASURE)  # type: ignore[attr-defined]
    assert found["width"] <= 390 and found["body"] >= 14
    labels = found["labels"]
    assert len(labels) >= 8
    for label in labels:
        assert label["size"] >= found["body"], label
        assert not label["cut"], label
        assert label["figureLeft"] <= label["left"] and label["right"] <= label["figureRight"] <= 390, label


@pytest.mark.browser
def test_a_long_goal_name_wraps_instead_of_shrinking(phone_page):
    page, base = phone_page
    page.goto(base + "uppfoljning/")  # type: ignore[attr-defined]
    labels = page.evaluate(MEASURE)["labels"]  # type: ignore[attr-defined]
    long = next(label for label in labels if label["text"] == LONG_GOAL)
    assert long["height"] >= 1.9 * long["lineHeight"]  # two lines or more, whole words on each
