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
    "systemsida": "system/sociala-system/",
    "objektsida": "forvaltningsobjekt/aldreomsorg/",
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


def test_search_gate_can_fail(base_url, browser):
    """The search check is real: a word that is nowhere in the handbook finds nothing."""
    page = browser.new_page()
    page.goto(base_url, wait_until="networkidle")
    open_search(page, "xyzzyqwerty")
    page.wait_for_function("document.querySelector('.md-search-result__meta').innerText.includes('Inga')")
    assert page.locator(".md-search-result__item").count() == 0
    page.close()


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


# --- Hostile data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuildResult, str]]:
    from tests.hostile import make_hostile

    project = copy_project(tmp_path_factory.mktemp("hostile"))
    make_hostile(project / "data")
    result = build(project)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield result, url


def table_rows(page: object, caption_start: str) -> list[list[str]]:
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """(start) => {
            const t = [...document.querySelectorAll('table')].find(
                t => t.caption && t.caption.textContent.startsWith(start));
            if (!t) return null;
            return [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText));
        }""", caption_start)


def test_hostile_data_renders_as_text_and_runs_no_script(hostile, browser):
    result, url = hostile
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for page_url in page_urls(result.site, url):
        page.goto(page_url, wait_until="networkidle")
        assert page.evaluate("window.__pwned") is None, page_url
        assert page.locator("a[href^='javascript']").count() == 0, page_url
    assert dialogs == []
    page.close()


def test_hostile_data_keeps_one_row_per_record(hostile, browser):
    from macros import status
    from macros.loader import load_handbook

    result, url = hostile
    hb = load_handbook(result.site.parent / "data")
    page = browser.new_page()
    page.goto(url + "uppfoljning/systemforteckning/")
    rows = table_rows(page, "Systemförteckning")
    assert len(rows) == len(status.active_systems(hb.systems, status.reference_date({"LIS_DATE": "2026-11-28"})))
    assert {len(r) for r in rows} == {14}
    assert all("<script>window.__pwned=1</script>" in r[0] and "{{ 7*7 }}" in r[0] for r in rows)
    page.goto(url + "om-lis/roller/")
    contacts = table_rows(page, "Kontaktvägar")
    assert len(contacts) == sum(1 for r in hb.organisation.roles if r.email or r.phone or r.other_route)
    page.goto(url + "rutiner/incidenthantering/")
    assert len(table_rows(page, "Tidsfrister")) == 3
    page.goto(url + "ledningens-genomgang/2025/")
    assert len(table_rows(page, "Incidenter per år")) == 3
    assert len(table_rows(page, "Risker bedömda 2025")) == sum(1 for r in hb.risks if r.year == 2025)
    page.close()


def test_script_detection_can_fail(browser, tmp_path: Path):
    """The hostile-data gate is real: an unescaped payload is caught by the same checks."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="sv"><title>x</title><body><script>window.__pwned=1</script>'
        '<a href="javascript:void(0)">x</a></body></html>', encoding="utf-8")
    with serve(tmp_path) as url:
        page = browser.new_page()
        page.goto(url)
        assert page.evaluate("window.__pwned") == 1
        assert page.locator("a[href^='javascript']").count() == 1
        page.close()


def test_offline_gate_can_fail(browser, tmp_path: Path):
    """The offline gate is real: a page that loads a font from another host is recorded."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="sv"><title>x</title><link rel="stylesheet" '
        'href="https://fonts.googleapis.com/css?family=Roboto"><body>x</body></html>', encoding="utf-8")
    with serve(tmp_path) as url:
        context = browser.new_context()
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.goto(url)
        context.close()
    assert any("fonts.googleapis.com" in r for r in requests)


def test_inventory_sorts_in_swedish_order_and_filters(base_url, browser):
    page = browser.new_page()
    page.goto(base_url + "uppfoljning/systemforteckning/", wait_until="networkidle")
    header = page.locator("table[data-lis-sortera] th button", has_text="System").first
    header.click()
    names = page.eval_on_selector_all("table[data-lis-sortera] tbody tr td:first-child", "els => els.map(e => e.innerText)")
    assert names == sorted(names, key=lambda n: n.casefold().translate(str.maketrans("åäö", "{|}")))
    header.click()
    assert page.locator("table[data-lis-sortera] th[aria-sort=descending]").count() == 1
    page.fill("#lis-filter-0", "äldreomsorg")
    visible = page.eval_on_selector_all("table[data-lis-sortera] tbody tr:not([hidden])", "els => els.length")
    assert 0 < visible < len(names)
    assert page.inner_text(".lis-filter__antal").strip() == f"{visible} av {len(names)} rader visas"
    page.close()
