"""Quality gates in a real browser: offline, accessible (axe, WCAG 2.1 AA), Swedish search, the deadline helper."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from bench.browser import poll  # wait_for_function uses eval, which the CSP refuses
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
    """Open the search with its keyboard shortcut (works at every width) and type."""
    page.keyboard.press("s")  # type: ignore[attr-defined]
    page.keyboard.type(query, delay=10)  # type: ignore[attr-defined]  # the search listens to input events


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


def test_searching_requests_nothing_from_other_hosts(base_url, browser):
    """The search's program, index and word list come from the site itself (offline on the intranet)."""
    host = urlsplit(base_url).netloc
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    open_search(page, "incident")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    context.close()
    assert any("/pagefind/" in url for url in requests)  # the search really ran
    assert [url for url in requests if urlsplit(url).netloc not in (host, "")] == []


def test_no_wcag_violations_on_any_page(site, base_url, browser):
    """axe (WCAG 2.1 A and AA) on every built page, at desktop and phone width; all violations listed."""
    urls = page_urls(site.site, base_url)
    assert len(urls) >= 60
    found: list[str] = []
    for name, viewport in (("dator", DESKTOP), ("mobil", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for url in urls:
            page.goto(url, wait_until="load")
            found += [f"{name} {url[len(base_url):] or '/'}: {v}" for v in axe_violations(page)]
        context.close()
    assert found == []


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
    poll(page, "!document.querySelector('.md-search-result[aria-busy=true]')", 30,
         "sökningen blev inte klar")  # the whole query
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
    poll(page, "document.querySelector('.md-search-result__meta').innerText.includes('Inga')", 30,
         "sökningen blev inte klar")
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


# --- Hostile data and front matter ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuildResult, str]]:
    """The handbook with every payload in every free-text data field and every printed front-matter field."""
    from tests.hostile import make_hostile, make_hostile_front_matter, make_hostile_site_name

    project = copy_project(tmp_path_factory.mktemp("hostile"))
    make_hostile(project / "data")
    make_hostile_front_matter(project / "docs")
    make_hostile_site_name(project / "mkdocs.yml")
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


# What each page shows of its title and front matter, read in the browser (text, not markup).
_SHOWN = """() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    title: document.title,
    description: document.querySelector('meta[name=description]')?.content ?? null,
    author: document.querySelector('meta[name=author]')?.content ?? null,
    h1: document.querySelector('article h1')?.innerText ?? null,
    header: document.querySelector('.md-header__topic[data-md-component=header-topic]')?.innerText ?? null,
    nav: [...document.querySelectorAll('.md-nav--primary .md-nav__link')].map(a => a.innerText),
    footer: [...document.querySelectorAll('.md-footer__title')].map(a => a.innerText),
    scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
    handlers: [...document.querySelectorAll('*')].filter(
        e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
    jslinks: document.querySelectorAll('a[href^="javascript" i]').length,
})"""


def _norm(value: str) -> str:
    return " ".join(value.split())


def test_hostile_data_and_front_matter_run_no_script_on_any_page(hostile, browser):
    """Every page, every payload: no script runs, no element gets an event handler, no dialog opens."""
    result, url = hostile
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems = []
    urls = page_urls(result.site, url)
    assert len(urls) >= 60
    for page_url in urls:
        page.goto(page_url, wait_until="networkidle")
        page.mouse.move(300, 300)  # a broken-out onmouseover would fire
        shown = page.evaluate(_SHOWN)
        if shown["pwned"] or shown["scripts"] or shown["handlers"] or shown["jslinks"]:
            problems.append((page_url, shown["pwned"], shown["scripts"], shown["handlers"], shown["jslinks"]))
    context.close()
    assert problems == []
    assert dialogs == []


def test_hostile_titles_and_front_matter_show_as_text(hostile, browser):
    """<title>, meta description/author, heading, header, menu and footer show the payload as typed;
    so does the site name from mkdocs.yml."""
    from tests.hostile import EDIT_URI, PAYLOAD, PAYLOAD_AS_TEXT, PAYLOADS, SITE_NAME

    result, url = hostile
    page = browser.new_page()
    page.goto(url + "rutiner/incidenthantering/", wait_until="networkidle")
    shown = page.evaluate(_SHOWN)
    assert shown["title"] == f"{PAYLOAD_AS_TEXT} title - {SITE_NAME}"
    assert page.inner_text(".md-header__topic:first-child").strip() == SITE_NAME
    assert shown["description"] == f"{PAYLOAD} description"
    assert shown["author"] == f"{PAYLOAD} author"
    assert _norm(shown["header"]) == f"{PAYLOAD_AS_TEXT} title"
    assert f"Incidenthantering {PAYLOAD_AS_TEXT} subtitle" in [_norm(n) for n in shown["nav"]]
    # The previous page (Rutiner) has no title in mkdocs.yml: its front-matter title is shown.
    assert [_norm(f) for f in shown["footer"]] == [f"Föregående {PAYLOAD_AS_TEXT} title",
                                                   "Nästa Personuppgiftsincidenter"]
    label = page.get_attribute(".md-footer__link--prev", "aria-label") or ""
    assert _norm(label) == f"Föregående: {PAYLOAD_AS_TEXT} title"
    assert page.get_attribute("a.md-content__button[rel=edit]", "href") == EDIT_URI + "rutiner/incidenthantering.md"
    banner = page.locator("article .admonition").first.inner_text()
    assert PAYLOADS["title"] in banner and PAYLOADS["jinja"] in banner
    # A generated page takes its title from its heading: the system's name, shown exactly.
    page.goto(url + "system/sociala-system/", wait_until="networkidle")
    shown = page.evaluate(_SHOWN)
    assert _norm(shown["h1"]).startswith(PAYLOAD_AS_TEXT)
    assert shown["title"].startswith(PAYLOAD_AS_TEXT)  # the literal entities too: nothing decoded twice
    page.close()


def test_hostile_search_results_show_titles_as_text(hostile, browser):
    from tests.hostile import PAYLOADS

    _, url = hostile
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    open_search(page, "onmouseover")
    page.wait_for_selector(".md-search-result__item")
    titles = page.eval_on_selector_all(".md-search-result__item h1, .md-search-result__item h2",
                                       "els => els.map(e => e.innerText)")
    assert page.evaluate("window.__pwned") is None
    # Shown as typed: tags, quotes and literal entities (nothing decoded twice, nothing escaped twice).
    assert any(all(PAYLOADS[k] in t for k in ("title", "attribute_double", "attribute_single", "entity"))
               for t in titles), titles[:3]
    page.close()


def test_hostile_data_keeps_one_row_per_record(hostile, browser):
    from macros import review as rv
    from macros import status
    from macros.loader import load_handbook
    from macros.registers.incident_log import incident_years
    from macros.riskmethod import review_risks
    from tests.hostile import PAYLOADS

    result, url = hostile
    hb = load_handbook(result.site.parent / "data")
    page = browser.new_page()
    page.goto(url + "uppfoljning/systemforteckning/")
    rows = table_rows(page, "Systemförteckning")
    assert len(rows) == len(status.active_systems(hb.systems, status.reference_date({"LIS_DATE": "2026-11-28"})))
    assert {len(r) for r in rows} == {14}
    assert all(PAYLOADS["title"] in r[0] and PAYLOADS["jinja"] in r[0] for r in rows)
    page.goto(url + "om-lis/roller/")
    contacts = table_rows(page, "Kontaktvägar")
    assert len(contacts) == sum(1 for r in hb.organisation.roles if r.email or r.phone or r.other_route)
    page.goto(url + "rutiner/incidenthantering/")
    # Counted from the data the page was built from, not from today's example content.
    assert len(table_rows(page, "Tidsfrister")) == sum(1 for d in hb.organisation.deadlines if d.group.value == "nis")
    page.goto(url + "ledningens-genomgang/2026/")  # the adopted 2025 review is a record without data tables
    assert len(table_rows(page, "Incidenter per år")) == len(rv.incidents_until(incident_years(hb), 2026))
    assert len(table_rows(page, "Risker 2026 och status")) == len(review_risks(hb, 2026))
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


def test_hostile_payloads_stay_text_in_calendars_and_search_index(hostile):
    """Outside the browser: ICS TEXT values and the search index carry the payload as text."""
    import icalendar

    from tests.hostile import PAYLOADS

    result, _ = hostile
    ics = (result.site / "kalender" / "forvaltningen.ics").read_text(encoding="utf-8")
    events = list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))
    assert events and all(str(e["URL"]).startswith("https://lis.intranat.example/") for e in events)
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any(PAYLOADS["title"] in s and PAYLOADS["jinja"] in s for s in summaries)
    # The index holds titles as text (Pagefind reads the page's text); the search shows them with textContent.
    from macros.search_index import indexed_text
    from tests.hostile import PAYLOAD_AS_TEXT

    texts = [indexed_text(p.read_text(encoding="utf-8")) or "" for p in result.site.rglob("*.html")]
    assert any(PAYLOAD_AS_TEXT in " ".join(t.split()) for t in texts)


def test_no_page_breaks_the_content_security_policy(site, base_url, browser):
    """Class: script in page bodies. The policy forbids inline script, yet every page, search, the
    deadline helper and the sortable tables work without a single violation (or console complaint)."""
    from tests.test_page_scripts_browser import WATCH_POLICY

    context = browser.new_context()
    context.add_init_script(WATCH_POLICY)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    violations: dict[str, list[str]] = {}
    urls = page_urls(site.site, base_url)
    assert len(urls) >= 60
    for url in urls:
        page.goto(url, wait_until="networkidle")
        violations.update({url: v} for v in [page.evaluate("window.__lis_csp")] if v)
    open_search(page, "incident")
    page.wait_for_selector(".md-search-result__item")
    page.goto(base_url + "rutiner/incidenthantering/", wait_until="networkidle")
    page.fill("#lis-kannedom-nis", "2026-03-02T09:30")
    page.dispatch_event("#lis-kannedom-nis", "change")
    assert "Tidig varning: senast 2026-03-03 kl. 09:30" in page.inner_text(".lis-fristhjalp output")
    page.goto(base_url + "uppfoljning/systemforteckning/", wait_until="networkidle")
    page.locator("table[data-lis-sortera] th button", has_text="System").first.click()
    violations.update({"efter sökning och klick": v} for v in [page.evaluate("window.__lis_csp")] if v)
    context.close()
    assert violations == {}
    assert console == []
