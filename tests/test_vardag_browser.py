"""Search in a real browser: the words people type find the everyday handbook's right page first."""

from __future__ import annotations

import pytest

from tests.test_browser import base_url, browser  # noqa: F401  (module-scoped fixtures)

pytestmark = pytest.mark.browser

INFO = "vardag/hantera-information-sakert/"
REMOTE = "vardag/distansarbete/"

# query -> the page that must be the first search result
SEARCHES = {
    "lösenord": INFO,
    "phishing": INFO,
    "nätfiske": INFO,
    "stöld": REMOTE,
    "USB": INFO,
    "hemma": REMOTE,
    "distans": REMOTE,
    "utomlands": REMOTE,
    "mejl": INFO,
    "spam": INFO,
}


def first_result(base: str, chromium: object, query: str) -> str:
    page = chromium.new_page()  # type: ignore[attr-defined]
    page.goto(base, wait_until="networkidle")
    page.keyboard.press("s")
    # Type only once the field has focus: before that, Material reads "p" and "n" as page shortcuts.
    page.wait_for_function("document.activeElement?.classList.contains('md-search__input')")
    page.keyboard.type(query, delay=10)
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    page.wait_for_timeout(300)  # results of the last keystroke replace those of a partial word
    href = first.get_attribute("href") or ""
    page.close()
    return str(href)


@pytest.mark.parametrize(("query", "expected"), SEARCHES.items(), ids=SEARCHES.keys())
def test_word_people_type_finds_the_right_page_first(base_url, browser, query, expected):  # noqa: F811
    href = first_result(base_url, browser, query)
    assert expected in href, f"{query!r} gave {href} first"
