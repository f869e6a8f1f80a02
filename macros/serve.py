"""`lis visa` (what `make serve` runs): check the port first, then run `mkdocs serve --dirty`.

MkDocs answers a busy port with a Python traceback; the coordinator gets a Swedish sentence that
says what to do instead. The check binds the port the way MkDocs' server does (address reuse on),
so a port only in TIME_WAIT after a stopped server still counts as free.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import csp
from .errors import UserError
from .render import text
from .swedish import translate

_log = logging.getLogger("mkdocs.plugins.lis")

HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class PortError(UserError):
    """The port cannot be used; the message says which port to try instead."""


def port_number(text: str) -> int:
    """A port from the command line or PORT: a whole number 1024–65535 (lower ones need administrator rights)."""
    value = text.strip()
    if not value.isdigit() or not 1024 <= int(value) <= 65535:
        raise PortError(f'"{value}" är ingen port att visa handboken på. Ange ett heltal mellan 1024 och 65535, '
                        f"till exempel make serve PORT={DEFAULT_PORT + 1}")
    return int(value)


def _bind_error(port: int) -> OSError | None:
    """None when `port` can be listened on, else why not."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((HOST, port))
    except OSError as err:
        return err
    finally:
        probe.close()
    return None


def check_port(port: int) -> None:
    """Raise a PortError (Swedish, with a free port to use instead) when `port` cannot be listened on."""
    error = _bind_error(port)
    if error is None:
        return
    other = next((p for p in range(port + 1, min(port + 50, 65536)) if _bind_error(p) is None), DEFAULT_PORT + 1)
    if error.errno == errno.EADDRINUSE:
        raise PortError(f"Porten {port} används redan, kanske av en annan make serve. Stoppa den med Ctrl+C "
                        f"i dess terminalfönster, eller välj en annan port: make serve PORT={other}")
    raise PortError(f"Porten {port} går inte att använda ({os.strerror(error.errno or 0)}). "
                    f"Välj en annan port: make serve PORT={other}")


def run_translated(argv: list[str], folder: Path) -> int:
    """Run `argv` in `folder` with its messages (standard error) in Swedish; Ctrl+C stops it, not us first."""
    child = subprocess.Popen(argv, cwd=folder, stderr=subprocess.PIPE, text=True, bufsize=1)
    assert child.stderr is not None
    while True:
        try:
            for line in child.stderr:
                sys.stderr.write(translate(line))
            break
        except KeyboardInterrupt:  # the terminal sent Ctrl+C to MkDocs too: let it shut down and say so
            continue
    return child.wait()


def serve(root: Path, port: int, run: Callable[[list[str], Path], int] = run_translated) -> str:
    """Check the port, then run `mkdocs serve --dirty` on it until Ctrl+C; its messages in Swedish."""
    check_port(port)
    argv = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"{HOST}:{port}"]
    if run(argv, root) != 0:
        raise UserError("make serve stannade eftersom webbplatsen inte gick att bygga. Rätta felet ovan och "
                        "starta make serve igen.")
    return "make serve är stoppad."


# --- A failed rebuild shown in the browser --------------------------------------------------------

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
BANNER_HEADING = "Den senaste ändringen kunde inte byggas."
BANNER_HELP = ("Sidan visar läget före ändringen. Rätta felet och spara filen igen, så laddas sidan om av sig "
               "själv. Samma fel står i terminalfönstret där make serve körs.")


class _Collector(logging.Handler):
    """The warnings and errors MkDocs and the plugins log during one rebuild, in Swedish."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(translate(record.getMessage()))


class RebuildErrors:
    """Under `make serve`: the errors of the last rebuild, shown at the top of every page until one succeeds.

    MkDocs' server keeps answering from the last good site only after a rebuild returns; when one
    raises, it logs "the server will appear stuck" in English and holds every page request. The
    guarded rebuild records the messages and returns, so the server reloads the browsers, and the
    middleware puts the messages at the top of each page it serves until a rebuild succeeds."""

    def __init__(self, expected: tuple[type[BaseException], ...]) -> None:
        self.expected = expected  # MkDocs' own user-facing errors: no traceback for these
        self.messages: list[str] = []

    def guard(self, rebuild: Callable[[], object]) -> Callable[[], None]:
        def guarded() -> None:
            collector = _Collector()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(collector)
            try:
                rebuild()
            except (Exception, SystemExit) as error:  # noqa: BLE001 - every failed rebuild is shown (MkDocs' Abort is a SystemExit)
                if not isinstance(error, self.expected):
                    traceback.print_exc()
                self.messages = [m for m in collector.messages if m.strip()] + [translate(str(error))]
                _log.error("Ändringen kunde inte byggas; felet visas också överst på sidorna i webbläsaren.")
            else:
                self.messages = []
            finally:
                logger.removeHandler(collector)
        return guarded

    def banner(self) -> bytes:
        # Styled by lis.css (class lis-byggfel): the Content-Security-Policy allows no inline style.
        lines = "".join(f"<li>{text(m, newline='<br>')}</li>" for m in self.messages)
        return (f'<div class="lis-byggfel" role="alert"><p><strong>{BANNER_HEADING}</strong> {BANNER_HELP}</p>'
                f"<ul>{lines}</ul></div>").encode()

    def app(self, inner: WsgiApp) -> WsgiApp:
        """WSGI middleware over every HTML page MkDocs' server sends: its reload script is allowed by the
        page's Content-Security-Policy, and while the last rebuild failed the page starts with the banner."""
        def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            sent: dict[str, Any] = {}

            def capture(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable[..., Any]:
                sent.update(status=status, headers=headers)
                return lambda data: None

            body = inner(environ, capture)
            headers = sent["headers"]
            if not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
                start_response(sent["status"], headers)
                return body
            try:
                content = b"".join(body)
            finally:
                close = getattr(body, "close", None)
                if close:
                    close()
            content = with_reload_allowed(content)
            if self.messages:
                content = _after_body_tag(content, self.banner())
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            start_response(sent["status"], [*headers, ("Content-Length", str(len(content)))])
            return [content]
        return middleware


# MkDocs' server appends this inline script to every page it serves; it reloads the page after a rebuild.
_RELOAD_SCRIPT = re.compile(rb"<script>(\s*var livereload = function\(.*?)</script>(?=</body>)", re.S)


def with_reload_allowed(page: bytes) -> bytes:
    """The page with MkDocs' reload script allowed, by its hash, by the page's Content-Security-Policy
    (which allows no inline script): without it, a saved change would never reach the open page."""
    found = _RELOAD_SCRIPT.search(page)
    if found is None:
        return page
    return csp.allow_inline_script(page.decode("utf-8"), found.group(1).decode("utf-8")).encode("utf-8")


def _after_body_tag(page: bytes, insert: bytes) -> bytes:
    found = re.search(rb"<body[^>]*>", page)
    at = found.end() if found else 0
    return page[:at] + insert + page[at:]
