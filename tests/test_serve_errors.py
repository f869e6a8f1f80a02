"""`make serve`: a busy port is answered in Swedish, and a failed rebuild shows in the browser."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path

import pytest

from macros import serve
from tests.build_helpers import ROOT
from tests.conftest import replace_in
from tests.fixture_project import fixture_project
from tests.serve_helpers import free_port, serving

BUSY = ("Fel: Porten {port} används redan, kanske av en annan make serve. Stoppa den med Ctrl+C i dess "
        "terminalfönster, eller välj en annan port: make serve PORT={other}")


@contextmanager
def listening() -> Iterator[int]:
    """A port that another program is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


# --- The port ------------------------------------------------------------------------------------


def test_a_busy_port_names_a_free_one():
    with listening() as port, pytest.raises(serve.PortError) as raised:
        serve.check_port(port)
    other = int(str(raised.value).rsplit("PORT=", 1)[1])
    assert str(raised.value) == BUSY.format(port=port, other=other).removeprefix("Fel: ")
    assert other > port
    serve.check_port(other)  # free when it was suggested (nothing else took it since)


def test_a_free_port_is_handed_to_mkdocs_serve(tmp_path):
    port = free_port()
    calls = []
    assert serve.serve(tmp_path, port, run=lambda argv, folder: calls.append((argv[1:], folder)) or 0) == (
        "make serve är stoppad.")
    assert calls == [(["-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], tmp_path)]


def test_make_serve_that_cannot_build_says_so_in_swedish(tmp_path):
    with pytest.raises(serve.UserError) as raised:
        serve.serve(tmp_path, free_port(), run=lambda argv, folder: 1)
    assert str(raised.value) == ("make serve stannade eftersom webbplatsen inte gick att bygga. Rätta felet ovan "
                                 "och starta make serve igen.")


@pytest.mark.parametrize("value", ["abc", "80", "70000", "", "8000; rm -rf /"])
def test_a_port_that_is_no_port_is_refused_in_swedish(value):
    with pytest.raises(serve.PortError) as raised:
        serve.port_number(value)
    assert str(raised.value) == (f'"{value.strip()}" är ingen port att visa handboken på. Ange ett heltal mellan '
                                 "1024 och 65535, till exempel make serve PORT=8001")


@pytest.fixture
def make_project(tmp_path: Path) -> Path:
    """The fixture project with the Makefile and this checkout's virtual environment (linked)."""
    project = fixture_project(tmp_path / "handbok")
    installed = (ROOT / ".venv" / ".installed").stat().st_mtime
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        (project / name).write_bytes((ROOT / name).read_bytes())
        os.utime(project / name, (installed - 60, installed - 60))
    (project / ".venv").symlink_to(ROOT / ".venv")
    return project


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AR", "SIDA", "ERSATT", "PORT")}
    return env | {"LIS_DATE": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}


@pytest.mark.process
def test_make_serve_on_a_busy_port_says_what_to_do_without_a_traceback(make_project):
    with listening() as port:
        result = subprocess.run(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=make_project,
                                env=_environment(), capture_output=True, text=True, timeout=120)
    other = int(result.stderr.split("PORT=", 1)[1].split()[0])
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == BUSY.format(port=port, other=other)
    assert "Traceback" not in result.stdout + result.stderr


# --- A failed rebuild, in the browser --------------------------------------------------------------


class _Abort(SystemExit):
    """Stands in for MkDocs' Abort (a SystemExit): a failure MkDocs has already explained."""


def _page_app(environ, start_response):
    body = b"<html><body class='x'><h1>Sida</h1></body></html>"
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
    return [body]


def _call(app) -> tuple[str, dict[str, str], bytes]:
    sent = {}

    def start_response(status, headers, exc_info=None):
        sent.update(status=status, headers=dict(headers))

    body = b"".join(app({"PATH_INFO": "/"}, start_response))
    return sent["status"], sent["headers"], body


def test_a_failed_rebuild_is_shown_at_the_top_of_every_page_until_one_succeeds():
    errors = serve.RebuildErrors(expected=(_Abort,))
    outcome = {"fail": True}

    def rebuild():
        if outcome["fail"]:
            logging.getLogger("mkdocs.plugins.lis").error('data/system.yaml, rad 3: fält "K": <b>9</b>')
            raise _Abort("Aborted with a BuildError!")

    guarded = errors.guard(rebuild)
    app = errors.app(_page_app)
    guarded()  # returns: the server reloads the browsers instead of holding every request
    assert errors.messages == ['data/system.yaml, rad 3: fält "K": <b>9</b>', "Bygget avbröts på grund av ett fel."]
    status, headers, body = _call(app)
    assert status == "200 OK" and int(headers["Content-Length"]) == len(body)
    assert body.startswith(b"<html><body class='x'><div class=\"lis-byggfel\" role=\"alert\"")
    assert "<strong>Den senaste ändringen kunde inte byggas.</strong>" in body.decode()
    assert "fält &quot;K&quot;: &lt;b&gt;9&lt;/b&gt;</li>" in body.decode()  # escaped text
    outcome["fail"] = False
    guarded()
    assert errors.messages == []
    assert _call(app)[2] == b"<html><body class='x'><h1>Sida</h1></body></html>"


def test_the_pages_policy_allows_the_reload_script_of_make_serve_and_nothing_else():
    """MkDocs' server appends an inline reload script; the page's policy allows inline scripts by hash only."""
    import base64
    import hashlib

    from mkdocs.livereload import LiveReloadServer

    from macros import csp

    page = (f'<html><head><meta http-equiv="Content-Security-Policy" content="{escape(csp.policy())}"></head>'
            "<body><h1>Sida</h1><script>alert(1)</script></body></html>").encode()
    served = LiveReloadServer._inject_js_into_html(None, page, 7)  # what the server sends
    script = re.search(rb"<script>(\s*var livereload.*?)</script></body>", served, re.S).group(1)
    allowed = serve.with_reload_allowed(served).decode()
    policy = re.search(r'content="([^"]*)"', allowed).group(1).replace("&#x27;", "'")
    digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
    assert f"script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}';" in policy
    assert policy.count("sha256-") == 1  # the page's own inline script stays blocked
    assert serve.with_reload_allowed(page) == page


def test_a_bug_in_a_rebuild_is_shown_too_with_its_traceback_in_the_terminal(capsys):
    errors = serve.RebuildErrors(expected=(_Abort,))

    def rebuild():
        raise KeyError("oväntat")

    errors.guard(rebuild)()
    assert errors.messages == ["'oväntat'"]
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.browser
def test_make_serve_shows_a_data_error_in_the_browser_and_clears_it(make_project):
    from playwright.sync_api import sync_playwright

    from tests.browser_helpers import CHROMIUM_ARGS, chromium_path

    port = free_port()
    argv = ["make", "--no-print-directory", "serve", f"PORT={port}"]
    with serving(argv, make_project, _environment(), port) as served, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(served.url, wait_until="load")
        assert page.locator(".lis-byggfel").count() == 0
        systems = make_project / "data" / "system.yaml"
        original = systems.read_text(encoding="utf-8")
        replace_in(systems, "    personuppgifter: känsliga\n", "    personuppgifter: mycket\n")
        banner = page.locator(".lis-byggfel[role=alert]")
        banner.wait_for(timeout=120_000)  # the server reloads the page after the failed rebuild
        shown = banner.inner_text()
        assert shown.startswith("Den senaste ändringen kunde inte byggas.")
        assert 'fält "personuppgifter": "mycket" är inte ett tillåtet värde' in shown
        # Styled by lis.css: the page's Content-Security-Policy would drop an inline style.
        assert banner.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 236, 234)"
        systems.write_text(original, encoding="utf-8")
        banner.wait_for(state="detached", timeout=120_000)
        browser.close()
