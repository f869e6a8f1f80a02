"""The addresses the build reads from the environment, checked once with Swedish errors: the handbook's
published address (LIS_WEBBADRESS), which every page, link check and calendar feed uses as it is, and
the web editor's address of docs/ (LIS_REDIGERA), which every page's "Redigera sidan" link starts with."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import NoReturn
from urllib.parse import urlsplit

from .errors import DataError, DataIssue

VARIABLE = "LIS_WEBBADRESS"
EXAMPLE = "https://intranat.example.se/lis/"
# Letters, digits and the few marks an intranet address needs; no quotes, spaces, <>, \ or controls.
_ALLOWED = re.compile(r"[A-Za-z0-9._~%/:-]+")


def web_address(value: str, source: str = VARIABLE) -> str:
    """A checked http(s) address of the site, ending in `/`; a Swedish error names what is wrong."""
    if value == "":
        _bad(source, f"är satt men tom. Ange handbokens adress på intranätet, till exempel {EXAMPLE}"
                     + (", eller ta bort variabeln för att bygga med adressen i mkdocs.yml" if source == VARIABLE
                        else ""))
    shown = value.encode("unicode_escape").decode("ascii")
    if not value.startswith(("https://", "http://")):
        _bad(source, f'"{shown}" är ingen webbadress som börjar med https:// eller http://; '
                     f"skriv till exempel {EXAMPLE}")
    if not _ALLOWED.fullmatch(value):
        _bad(source, f'"{shown}" innehåller tecken som inte hör hemma i en webbadress (till exempel mellanslag, '
                     "citattecken, ?, #, & eller kontrolltecken). Skriv bara adressen, till exempel "
                     f"{EXAMPLE}")
    parts = urlsplit(value)
    try:
        port_ok = parts.port is not None or ":" not in parts.netloc
    except ValueError:
        port_ok = False
    if not port_ok or not parts.hostname:
        _bad(source, f'"{shown}" har inget giltigt servernamn eller portnummer; skriv till exempel {EXAMPLE}')
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


EDIT_VARIABLE = "LIS_REDIGERA"
EDIT_EXAMPLE = "https://git.intranat.example/lis/handboken/-/edit/main/docs/"
# An http(s) address of printable ASCII without spaces, quotes, <>, ` or \ (and so without any control
# character, C0 or C1); a query (Azure DevOps: ?path=…&version=…) is allowed.
_EDIT = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/[A-Za-z0-9._~%/:@!$&()*+,;=?#\[\]-]*")


def edit_address(value: str) -> str | None:
    """LIS_REDIGERA checked: the address ending in `/`, or None when it is empty (no edit links)."""
    value = value.strip(" ")
    if not value:
        return None
    if not _EDIT.fullmatch(value):
        shown = value.encode("unicode_escape").decode("ascii")
        _bad(EDIT_VARIABLE, f'är "{shown}", men ska vara webbredigerarens adress till mappen docs/ (bara '
                            "bokstäver a–z, siffror och de tecken en webbadress har; inga mellanslag, citattecken "
                            f"eller kontrolltecken), till exempel {EDIT_EXAMPLE}")
    return value if value.endswith("/") else value + "/"


def edit_address_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """LIS_REDIGERA checked when it is set and not empty; None otherwise."""
    env = os.environ if environ is None else environ
    return edit_address(env.get(EDIT_VARIABLE, ""))


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """LIS_WEBBADRESS checked when it is set; None when it is not (mkdocs.yml's address is used)."""
    env = os.environ if environ is None else environ
    value = env.get(VARIABLE)
    return None if value is None else web_address(value)


def _bad(source: str, message: str) -> NoReturn:
    raise DataError([DataIssue(source, None, None, None, message)])
