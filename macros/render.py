"""Values -> HTML text for Markdown pages: the one escaping place. Every value from data passes through `text()`.

Tables are built from column specs in macros/columns.py, whose cells pass through `text()` too.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date
from typing import TypeVar
from urllib.parse import quote

from markupsafe import Markup, escape

from .sources import MARKDOWN_SUFFIXES

# Every character that HTML, Markdown, the macros' Jinja or a table would read as syntax,
# replaced by its entity in one pass (a second pass would mangle the first one's entities).
_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;",
    "{": "&#123;", "}": "&#125;", "|": "&#124;", "#": "&#35;", "~": "&#126;", "^": "&#94;",
})


# Block syntax at the start of a line: a list (`- `, `+ `, `1986. `), a rule or setext underline
# (`---`, `===`), an admonition (`!!!`), details (`???`), a definition (`: `). The first mark becomes
# an entity, which Markdown does not read as syntax and the browser shows as the same character.
# Leading blanks (an indented code block) are dropped; HTML would not show them anyway.
# A number is a list marker only when a blank or the line's end follows (`1.0` and `3)x` stay text).
_BLOCK_START = re.compile(r"^[ \t]*(?:(\d+)([.)])(?=[ \t]|$)|([-+=!?:]))")
_BLOCK_MARKS = {".": "&#46;", ")": "&#41;", "-": "&#45;", "+": "&#43;", "=": "&#61;", "!": "&#33;",
                "?": "&#63;", ":": "&#58;"}


def _inert_line_start(line: str) -> str:
    match = _BLOCK_START.match(line)
    if match is None:
        return line.lstrip(" \t")
    digits, after_digits, mark = match.groups()
    lead = digits + _BLOCK_MARKS[after_digits] if digits else _BLOCK_MARKS[mark]
    return lead + line[match.end():]


def text(value: object, newline: str = " ") -> Markup:
    """Data value -> inert HTML text: no tag, no Markdown (inline or block), no template syntax survives."""
    if value is None:
        return Markup("")
    raw = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_inert_line_start(line.translate(_ENTITIES)) for line in raw.split("\n")]
    return Markup(newline.join(lines))


def html_safe(value: object) -> object:
    """A front-matter value or title for a theme template that prints it raw: strings, also in lists,
    become escaped Markup (`| e` leaves Markup alone, so nothing is escaped twice); others stay."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [html_safe(item) for item in value]
    return value


def iso(day: date | None) -> Markup:
    return text(day.isoformat() if day else "–")


def ja_nej(flag: bool) -> str:
    return "ja" if flag else "nej"


EXAMPLE_DATA = " (exempeldata)"  # after the name of an output (a calendar, a feed) built from made-up example data


def example_mark(flag: bool) -> str:
    """' (exempel)' after a value that is made-up example data, else nothing."""
    return " (exempel)" if flag else ""


def number(value: int) -> str:
    """Swedish thousands separator (a narrow no-break space keeps the figure on one line)."""
    return f"{value:,}".replace(",", "\u202f")


def percent(value: int) -> str:
    return f"{value}\u00a0%"


def link(href: str, label: object) -> Markup:
    """A link whose address is percent-encoded, so Markdown and HTML see no syntax in it."""
    return Markup('<a href="{}">{}</a>').format(quote(href, safe=_URL_SAFE), text(label))


# Characters a URL keeps as they are; everything else (spaces, brackets, *, _, braces) is encoded.
_URL_SAFE = ":/?#=&;,.-~%@+"


NOT_INDEXED = "data-pagefind-ignore"  # an element the search index leaves out (macros/search_index.py)


def caption(title: str, as_of: date) -> str:
    """Every generated table says which date it is computed for."""
    return f"{title} – beräknat per {as_of.isoformat()}"


def page_url(src_path: str) -> str:
    """The site URL (directory style) of a page given by its path under docs/."""
    base, suffix = posixpath.splitext(src_path)
    stem = base if suffix.lower() in MARKDOWN_SUFFIXES else src_path
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def relative_href(from_src: str, to_src: str) -> str:
    """A link from one page to another that works wherever the site is published."""
    start = page_url(from_src) or "."
    target = page_url(to_src) or "."
    rel = posixpath.relpath(target, start)
    return "./" if rel == "." else rel + "/"


_Row = TypeVar("_Row")

# Lists that cover the whole district stop here at city scale; the full lists are on each
# förvaltningsobjekt's page.
MAX_ROWS = 200


def capped(rows: list[_Row]) -> tuple[list[_Row], str]:
    """At most MAX_ROWS rows, and a caption note saying so when rows were left out."""
    if len(rows) <= MAX_ROWS:
        return rows, ""
    return rows[:MAX_ROWS], f" – visar de {MAX_ROWS} första; alla finns på förvaltningsobjektens sidor"
