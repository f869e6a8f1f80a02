"""Search as a reader meets it: Chromium (driven by Playwright) on a built site served from 127.0.0.1.

Method: every measurement opens a new browser context (empty cache, like a page opened for the
first time), loads the page until its `load` event, then presses `s` and types the query at once.
The time runs from the last key press until the results for the whole query are in the page (the
result list is no longer busy and its first result links to the expected page). The search loads
Pagefind and its index chunks when the box opens and as words are typed, so this includes
whatever part of that loading is not done when the reader stops typing. The bytes the browser
fetched from the search's folders (pagefind/, search/) are counted too: what one query costs.
"""

from __future__ import annotations

import contextlib
import functools
import json
import statistics
import threading
import time
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
window.__lisSok = {last: null, done: null};
document.addEventListener("keydown", () => { window.__lisSok.last = performance.now(); }, true);
new MutationObserver(() => {
  const first = document.querySelector(".md-search-result__item > a");
  const input = document.querySelector(".md-search__input");
  const busy = document.querySelector(".md-search-result[aria-busy=true]");
  const want = window.__lisSokWant || "";
  if (window.__lisSok.done === null && first && !busy && input && input.value === window.__lisSokQuery &&
      first.getAttribute("href").includes(want))
    window.__lisSok.done = performance.now();
}).observe(document, {childList: true, subtree: true, attributes: true});
"""
SEARCH_FOLDERS = ("/pagefind/", "/search/")


@dataclass(frozen=True)
class Timing:
    seconds: float  # from the last key press to the results of the whole query
    search_bytes: int  # fetched from the search's folders for this query, page load included


def poll(page: Any, expression: str, timeout_s: float, failure: str, arg: object = None) -> Any:
    """The value of `expression` (or of the function it is, called with `arg`) once it is truthy.

    Polled from here: Playwright's wait_for_function compiles its predicate with eval, which the
    site's Content-Security-Policy (script-src 'self') rightly refuses; page.evaluate does not."""
    deadline = time.monotonic() + timeout_s
    while not (value := page.evaluate(expression, arg)):
        if time.monotonic() > deadline:
            raise TimeoutError(failure)
        page.wait_for_timeout(20)
    return value


def time_to_results(browser: Any, url: str, query: str, expected: str = "", timeout_s: float = 60) -> float:
    """Seconds from the last key press until the whole query's results show (the first links to `expected`)."""
    return timed_query(browser, url, query, expected, timeout_s).seconds


def timed_query(browser: Any, url: str, query: str, expected: str = "", timeout_s: float = 60) -> Timing:
    context = browser.new_context()
    fetched: list[int] = []

    def count(response: Any) -> None:
        if any(folder in response.url for folder in SEARCH_FOLDERS):
            with contextlib.suppress(Exception):  # a response without a body (redirect, aborted) counts nothing
                fetched.append(len(response.body()))

    try:
        context.add_init_script(f"window.__lisSokWant = {json.dumps(expected)}; "
                                f"window.__lisSokQuery = {json.dumps(query)};" + _TIMER)
        context.on("response", count)
        page = context.new_page()
        page.goto(url, wait_until="load")
        type_query(page, query)
        times = poll(page, "window.__lisSok.done !== null && window.__lisSok", timeout_s,
                     f"inga sökträffar för {query!r} inom {timeout_s} s")
        page.wait_for_load_state("networkidle")
        return Timing(max(0.0, float(times["done"] - times["last"]) / 1000), sum(fetched))
    finally:
        context.close()


def median_times(browser: Any, urls: Sequence[str], query: str, runs: int, expected: str = "") -> list[float]:
    """The median time to results on each site; runs alternate between the sites, so they share the load."""
    return [t.seconds for t in median_timings(browser, urls, query, runs, expected)]


def median_timings(browser: Any, urls: Sequence[str], query: str, runs: int, expected: str = "") -> list[Timing]:
    """Median time and bytes per site; runs alternate between the sites, so they share the load."""
    times: list[list[Timing]] = [[] for _ in urls]
    for _ in range(runs):
        for n, url in enumerate(urls):
            times[n].append(timed_query(browser, url, query, expected))
    return [Timing(round(statistics.median(t.seconds for t in ts), 3),
                   int(statistics.median(t.search_bytes for t in ts))) for ts in times]


@dataclass(frozen=True)
class Hit:
    query: str
    expected: str
    first: str | None
    top: tuple[str, ...] = ()  # the first three results' pages (first included)

    @property
    def ok(self) -> bool:
        return self.first is not None and self.first.split("#")[0] == self.expected

    @property
    def in_top3(self) -> bool:
        return self.ok or self.expected in (path.split("#")[0] for path in self.top[:3])

    @property
    def empty(self) -> bool:
        return self.first is None


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
            poll(page, "(q) => { const m = document.querySelector('.md-search-result__meta');"
                 " return document.querySelector('.md-search__input').value === q && m &&"
                 " !document.querySelector('.md-search-result[aria-busy=true]') &&"
                 " !m.innerText.includes('Initialiserar') && !m.innerText.includes('Skriv sökord'); }", 30,
                 f"inga sökresultat för {query!r} inom 30 s", query)
            # Results of the words typed so far may still be on screen: read until the results are stable.
            hrefs, previous = _hrefs(page), None
            while hrefs != previous:
                page.wait_for_timeout(300)
                hrefs, previous = _hrefs(page), hrefs
            paths = [p for p in (_path(h, url) for h in hrefs) if p is not None]
            pages = tuple(dict.fromkeys(p.split("#")[0] for p in paths))[:3]  # a page's sections count once
            hits.append(Hit(query, expected, paths[0] if paths else None, pages))
    finally:
        page.close()
    return hits


def _hrefs(page: Any) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.slice(0, 30).map(e => e.getAttribute('href'))")
    return hrefs


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
