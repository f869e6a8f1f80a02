"""Quality gates in a real browser: offline, accessible (axe, WCAG 2.1 AA), Swedish search, the deadline helper."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.browser_helpers import AXE_TAGS, CHROMIUM_ARGS, DESKTOP, PHONE, chromium_path, page_urls, serve
from tests.build_helpers import BuildResult, build, copy_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build(copy_project(tmp_path_factory.mktemp("handbook")))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def base_url(site: BuildResult) -> Iterator[str]:
    with serve(site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def axe_violations(page: object) -> list[str]:
    page.evaluate(AXE_SCRIPT)  # type: ignore[attr-defined]
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate(f"axe.run(document, {json.dumps(options)})")  # type: ignore[attr-defined]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def open_search(page: object, query: str) -> None:
    """Open Material's search with its keyboard shortcut (works at every width) and type."""
    page.keyboard.press("s")  # type: ignore[attr-defined]
    page.keyboard.type(query, delay=10)  # type: ignore[attr-defined]  # Material listens to key events


def test_every_page_requests_nothing_from_other_hosts(site, base_url, browser):
    host = urlsplit(base_url).netloc
    context = browser.new_context()
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in (host, "") else None)
    page = context.new_page()
    urls = page_urls(site.site, base_url)
    assert len(urls) >= 25
    for url in urls:
        page.goto(url, wait_until="networkidle")
    context.close()
    assert foreign == []


PAGE_TYPES = {
    "start": "",
    "rutin": "rutiner/incidenthantering/",
    "register": "styrande/",
    "genomgang": "ledningens-genomgang/2026/",
    "uppfoljning": "uppfoljning/",
    "systemforteckning": "uppfoljning/systemforteckning/",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["dator", "mobil"])
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_wcag_violations(base_url, browser, path, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    violations = axe_violations(page)
    context.close()
    assert violations == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["dator", "mobil"])
def test_no_wcag_violations_with_search_open(base_url, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    open_search(page, "incident")
    page.wait_for_selector(".md-search-result__item")
    violations = axe_violations(page)
    context.close()
    assert violations == []


@pytest.mark.parametrize(("query", "expected"), [
    ("konsekvensbedömning", "rutiner/konsekvensbedomning/"),
    ("behörighetshantering", "rutiner/behorighetshantering/"),
    ("personuppgiftsincidenter", "rutiner/personuppgiftsincidenter/"),
])
def test_swedish_search_finds_the_routine(base_url, browser, query, expected):
    page = browser.new_page()
    page.goto(base_url, wait_until="networkidle")
    open_search(page, query)
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    href = first.get_attribute("href")
    page.close()
    assert href is not None and expected in href


def test_deadline_helper_computes_the_latest_times(base_url, browser):
    page = browser.new_page()
    page.goto(base_url + "rutiner/incidenthantering/", wait_until="networkidle")
    page.fill("#lis-kannedom-nis", "2026-03-02T09:30")
    page.dispatch_event("#lis-kannedom-nis", "change")
    text = page.inner_text(".lis-fristhjalp output")
    page.close()
    assert text.splitlines() == ["Tidig varning: senast 2026-03-03 kl. 09:30",
                                 "Incidentanmälan: senast 2026-03-05 kl. 09:30",
                                 "Slutrapport: senast 2026-04-05 kl. 09:30"]


def test_deadline_rules_are_readable_without_javascript(base_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "rutiner/incidenthantering/")
    text = page.inner_text("article")
    context.close()
    assert "senast 24 timmar efter att förvaltningen fick kännedom om incidenten" in text
    assert "Räknaren behöver JavaScript" in text


def test_axe_gate_can_fail(browser, tmp_path: Path):
    """The accessibility gate is real: a page with an unlabelled image and low contrast fails it."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="sv"><title>x</title><body><img src="a.png">'
        '<p style="color:#bbb;background:#fff">grå text</p></body></html>', encoding="utf-8")
    with serve(tmp_path) as url:
        page = browser.new_page()
        page.goto(url)
        violations = axe_violations(page)
        page.close()
    assert any(v.startswith("image-alt") for v in violations)
    assert any(v.startswith("color-contrast") for v in violations)
