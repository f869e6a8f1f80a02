"""Search in a real browser: the words people type find the everyday handbook's right page first."""

from __future__ import annotations

import pytest

from bench.browser import poll  # wait_for_function uses eval, which the CSP refuses
from tests.test_browser import base_url, browser  # noqa: F401  (module-scoped fixtures)

pytestmark = pytest.mark.browser

INFO = "vardag/hantera-information-sakert/"
REMOTE = "vardag/distansarbete/"
LOGIN = "vardag/losenord-och-inloggning/"  # the page about forgotten passwords and locked accounts

# query -> the page that must be the first search result
SEARCHES = {
    "lösenord": LOGIN,
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
    # Type only once the field has focus: before that, the theme reads "p" and "n" as page shortcuts.
    poll(page, "document.activeElement?.classList.contains('md-search__input')", 30, "sökningen blev inte klar")
    page.keyboard.type(query, delay=10)
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    poll(page, "!document.querySelector('.md-search-result[aria-busy=true]')", 30, "sökningen blev inte klar")
    page.wait_for_timeout(300)  # results of the last keystroke replace those of a partial word
    href = first.get_attribute("href") or ""
    page.close()
    return str(href)


@pytest.mark.parametrize(("query", "expected"), SEARCHES.items(), ids=SEARCHES.keys())
def test_word_people_type_finds_the_right_page_first(base_url, browser, query, expected):  # noqa: F811
    href = first_result(base_url, browser, query)
    assert expected in href, f"{query!r} gave {href} first"
