"""Large record tables kept away from Markdown: a macro's table goes in after the page is rendered.

A table that lists every system is thousands of lines of finished HTML. Python-Markdown and the
theme's search indexer would parse all of it on every build (and on every rebuild under
`make serve`) only to pass it through unchanged (record tables are left out of the search
index, which is built from the finished pages). A macro's output that is such a table is
replaced by a short placeholder; the site engine's adapter puts the HTML back into the finished page.
"""

from __future__ import annotations

import re
import secrets

from .render import NOT_INDEXED

MIN_CHARS = 20_000  # smaller output is cheap to parse; leave it where it is
_SKIPPED = " " + NOT_INDEXED
_TABLE = re.compile(r"<table[^>]*" + re.escape(_SKIPPED) + r"[^>]*>.*?</table>", re.S)  # never nested


class Stash:
    """The tables set aside during one build.

    Each build marks its placeholders with a random token of its own, so a placeholder typed into
    a page (or copied from an earlier build) is never taken for one: it stays in the page as it is."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.token = secrets.token_hex(12)
        self._found = re.compile(rf'<div data-lis-tabell="{self.token}-(\d{{1,9}})"></div>')

    def hide(self, markdown: str) -> str:
        """`markdown` with each record table (left out of search) replaced by a placeholder, if it is large."""
        if len(markdown) < MIN_CHARS or _SKIPPED not in markdown:
            return markdown
        return _TABLE.sub(self._put, markdown)

    def _put(self, match: re.Match[str]) -> str:
        self.parts.append(match.group(0))
        return f'<div data-lis-tabell="{self.token}-{len(self.parts) - 1}"></div>'

    def restore(self, text: str) -> str:
        """`text` with every placeholder of this build replaced by the table it stands for."""
        return self._found.sub(self._table, text)

    def _table(self, match: re.Match[str]) -> str:
        index = int(match.group(1))
        return self.parts[index] if index < len(self.parts) else match.group(0)
