"""Search as a reader meets it: Chromium (driven by Playwright) on a built site served from 127.0.0.1.

Method: every measurement opens a new browser context (empty cache, like a page opened for the
first time), loads the page until its `load` event, then presses `s` and types the query at once.
The time runs from the first key press until the first search result is in the page. Material's
search fetches the index and builds it in a web worker when the page loads, so this includes
whatever part of that work is not done yet when the reader starts typing.
"""

from __future__ import annotations

import functools
import json
import statistics
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RESULT = ".md-search-result__item"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site at http://127.0.0.1:PORT/ for as long as the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium(executable: str = CHROMIUM) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def type_query(page: Any, query: str) -> None:
    """Open Material's search with its keyboard shortcut and type the query."""
    page.keyboard.press("s")
    page.keyboard.type(query)


# Times taken inside the page (performance.now), so the driver's own round trips do not count.
_TIMER = """
window.__lisSok = {start: null, first: null};
document.addEventListener("keydown", () => {
  if (window.__lisSok.start === null) window.__lisSok.start = performance.now();
}, true);
new MutationObserver(() => {
  const first = document.querySelector(".md-search-result__item > a");
  const want = window.__lisSokWant || "";
  if (window.__lisSok.first === null && first && first.getAttribute("href").includes(want))
    window.__lisSok.first = performance.now();
}).observe(document, {childList: true, subtree: true, attributes: true});
"""


def time_to_results(browser: Any, url: str, query: str, expected: str = "", timeout_s: float = 60) -> float:
    """Seconds from the first key press until the first result is shown (and links to `expected`)."""
    context = browser.new_context()
    try:
        context.add_init_script(f"window.__lisSokWant = {json.dumps(expected)};" + _TIMER)
        page = context.new_page()
        page.goto(url, wait_until="load")
        type_query(page, query)
        page.wait_for_function("window.__lisSok.first !== null", timeout=timeout_s * 1000)
        times = page.evaluate("window.__lisSok")
        return float(times["first"] - times["start"]) / 1000
    finally:
        context.close()


def median_times(browser: Any, urls: Sequence[str], query: str, runs: int, expected: str = "") -> list[float]:
    """The median time to results on each site; runs alternate between the sites, so they share the load."""
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(runs):
        for n, url in enumerate(urls):
            times[n].append(time_to_results(browser, url, query, expected))
    return [round(statistics.median(t), 2) for t in times]


@dataclass(frozen=True)
class Hit:
    query: str
    expected: str
    first: str | None

    @property
    def ok(self) -> bool:
        return self.first is not None and self.first.split("#")[0] == self.expected


def first_hits(browser: Any, url: str, cases: Sequence[tuple[str, str]]) -> list[Hit]:
    """For each (query, expected page path), the path of the first search result.

    One page serves all queries: the index is built once, and the search box is cleared between them."""
    page = browser.new_page()
    hits = []
    try:
        page.goto(url, wait_until="load")
        page.keyboard.press("s")
        for query, expected in cases:
            page.fill(".md-search__input", "")
            page.keyboard.type(query)
            page.wait_for_function(
                "(q) => { const m = document.querySelector('.md-search-result__meta');"
                " return document.querySelector('.md-search__input').value === q && m &&"
                " !m.innerText.includes('Initialiserar') && !m.innerText.includes('Skriv sökord'); }", arg=query)
            # Results of the words typed so far may still be on screen: read until the first hit is stable.
            href, previous = _first_href(page), "?"
            while href != previous:
                page.wait_for_timeout(300)
                href, previous = _first_href(page), href
            hits.append(Hit(query, expected, _path(href, url)))
    finally:
        page.close()
    return hits


def _first_href(page: Any) -> str | None:
    href: str | None = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.length ? els[0].getAttribute('href') : null")
    return href


def _path(href: str | None, base: str) -> str | None:
    """A result link as a site path like `rutiner/pub-avtal/` (Material writes page-relative links)."""
    if href is None:
        return None
    from urllib.parse import urljoin, urlsplit

    absolute = urljoin(base, href)
    path = urlsplit(absolute).path.lstrip("/")
    base_path = urlsplit(base).path.lstrip("/")
    fragment = urlsplit(absolute).fragment
    rel = path[len(base_path):] if path.startswith(base_path) else path
    return rel + (f"#{fragment}" if fragment else "")
