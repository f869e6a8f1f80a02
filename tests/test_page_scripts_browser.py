"""Class: script in page bodies, in Chromium. No payload runs on any page, and the handbook's own
script breaks no Content-Security-Policy rule.

The fixture project gets every payload of tests/hostile.py SCRIPT_PAYLOADS on a page of its own and
is built with the owner check switched off (macros.sanitize.page_issues), so that the payloads reach
the walls a reader relies on:

- the allow-list and the policy together: every page is inert (no flag, no dialog, no inline script,
  no event attribute, no javascript: address, no frame, form or plugin), and nothing is even left
  for the policy to block;
- the policy alone (the allow-list switched off too, macros.sanitize.clean): the payloads are in the
  pages, and still none runs; the browser reports what the policy blocked.

The real site: no page of it breaks the policy (tests/test_browser.py uses the same check).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_helpers import CHROMIUM_ARGS, chromium_path, page_urls, serve
from tests.build_helpers import BuildResult
from tests.fixture_project import fixture_project
from tests.hostile import SCRIPT_PAYLOADS

pytestmark = pytest.mark.browser

# Records every policy violation of a page, from its first script on.
WATCH_POLICY = ("window.__lis_csp = [];"
                "document.addEventListener('securitypolicyviolation', e => window.__lis_csp.push("
                "e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));")

# Give every payload its chance: fire each event attribute, follow each javascript: address, submit each form.
POKE = """() => {
    for (const el of document.querySelectorAll('*')) {
        for (const a of [...el.attributes]) {
            if (a.name.startsWith('on')) el.dispatchEvent(new Event(a.name.slice(2), {bubbles: false}));
        }
    }
    for (const a of document.querySelectorAll('a[href], area[href]')) {
        if (a.protocol === 'javascript:') a.click();
    }
    for (const f of document.querySelectorAll('form')) { try { f.requestSubmit(); } catch (e) {} }
}"""

# What a page shows of the payloads after the poke.
SHOWN = """() => ({
    flags: Object.keys(window).filter(k => /^__p/.test(k)),
    inline: [...document.scripts].filter(s => !s.src && s.type !== 'application/json').length,
    handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
    jslinks: [...document.querySelectorAll('[href],[src],[action],[formaction],[data]')].filter(e =>
        ['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].some(n =>
            /^\\s*(javascript|vbscript|data):/i.test((e.getAttribute(n) || '').replace(/[\\t\\n\\r]/g, '')))).length,
    active: document.querySelectorAll('article iframe, article object, article embed, article form, article base, '
        + 'article meta, article link, article style, article [style], article [srcdoc], article math, article template').length,
    policy: window.__lis_csp,
})"""


def _build_with(project: Path, patches: str) -> BuildResult:
    """`mkdocs build` of `project` in a process of its own, with the project's macros patched first."""
    code = f"import sys; import macros.sanitize as s; {patches}; from mkdocs.__main__ import cli; cli()"
    site = project / "site"
    proc = subprocess.run([sys.executable, "-c", code, "build", "--site-dir", str(site)], cwd=project,
                          env={**os.environ, "LIS_DATE": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=300)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def _project(target: Path) -> Path:
    project = fixture_project(target)
    (project / "docs" / "prov").mkdir()
    for name, payload in SCRIPT_PAYLOADS.items():
        (project / "docs" / "prov" / f"{name}.md").write_text(
            f"---\ntitle: Prov {name}\n---\n\n# Prov\n\nText före.\n\n{payload}\n\nText efter.\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def inspect(page: object, address: str) -> dict[str, object]:
    """Open `address`, poke every payload, and read what the page shows."""
    page.goto(address, wait_until="load")  # type: ignore[attr-defined]
    page.mouse.move(300, 300)  # type: ignore[attr-defined]  # a mouseover payload would fire
    page.evaluate(POKE)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]  # a followed address runs in a task
    return page.evaluate(SHOWN)  # type: ignore[attr-defined,no-any-return]


def sweep(browser: object, site: Path) -> tuple[dict[str, dict[str, object]], list[str]]:
    """Every page of `site`: what each shows (the pages with anything to report), and the dialogs."""
    context = browser.new_context()  # type: ignore[attr-defined]
    context.add_init_script(WATCH_POLICY)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    found: dict[str, dict[str, object]] = {}
    with serve(site) as url:
        urls = page_urls(site, url)
        for address in urls:
            shown = inspect(page, address)
            if any(shown.values()):
                found[address[len(url):]] = shown
    context.close()
    assert len(urls) > 1
    return found, dialogs


def test_with_both_walls_no_payload_runs_or_is_left_on_any_page(tmp_path, browser):
    result = _build_with(_project(tmp_path / "handbok"), "s.page_issues = lambda *a, **k: []")
    assert result.returncode == 0, result.output
    found, dialogs = sweep(browser, result.site)
    assert found == {}
    assert dialogs == []


def test_the_policy_alone_stops_every_payload(tmp_path, browser):
    result = _build_with(_project(tmp_path / "handbok"),
                         "s.page_issues = lambda *a, **k: []; s.clean = lambda html: html")
    assert result.returncode == 0, result.output
    assert "<script>window.__p2=1</script>" in result.html("prov/script/index.html")  # the wall under test
    found, dialogs = sweep(browser, result.site)
    assert dialogs == []
    assert {page: shown["flags"] for page, shown in found.items() if shown["flags"]} == {}
    blocked = {page for page, shown in found.items() if shown["policy"]}
    assert {"prov/script/", "prov/img_onerror/", "prov/svg_onload/", "prov/object_data/", "prov/base/"} <= blocked


def test_the_sweep_can_fail(tmp_path, browser):
    """The checks are real: a page without the walls runs its payload, and each check reports it."""
    (tmp_path / "index.html").write_text('<!doctype html><html lang="sv"><title>x</title><body><article>'
                                         '<img src="data:," onerror="window.__p1=1"><a href="javascript:alert(1)">'
                                         '<p style="color:red">x</p></a><iframe srcdoc="x"></iframe><script>1</script>'
                                         "</article></body></html>", encoding="utf-8")
    (tmp_path / "csp").mkdir()
    (tmp_path / "csp" / "index.html").write_text(
        '<!doctype html><html lang="sv"><head><meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'
        '<title>x</title></head><body><img src="data:," onerror="window.__p1=1"></body></html>', encoding="utf-8")
    found, dialogs = sweep(browser, tmp_path)
    shown = found[""]
    assert shown["flags"] == ["__p1"] and shown["inline"] == 1 and shown["handlers"] == 1
    assert shown["jslinks"] == 2 and shown["active"] == 2  # <img src=data:>, <a href=javascript:>; [style], <iframe>
    assert dialogs == ["1"]
    assert found["csp/"]["flags"] == [] and found["csp/"]["policy"]  # the policy blocked the handler, and said so
