"""The handbook's published address (LIS_WEBBADRESS): checked once, so every page, link check and
calendar feed can use it as it is."""

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


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """LIS_WEBBADRESS checked when it is set; None when it is not (mkdocs.yml's address is used)."""
    env = os.environ if environ is None else environ
    value = env.get(VARIABLE)
    return None if value is None else web_address(value)


def _bad(source: str, message: str) -> NoReturn:
    raise DataError([DataIssue(source, None, None, None, message)])
