"""Large record tables kept away from Markdown: a macro's table goes in after the page is rendered.

A table that lists every system is thousands of lines of finished HTML. Python-Markdown and the
theme's search indexer would parse all of it on every build (and on every rebuild under
`make serve`) only to pass it through unchanged or skip it (record tables are excluded from
search). A macro's output that is such a table is replaced by a short placeholder; the hook
module puts the HTML back into the finished page.
"""

from __future__ import annotations

import re

MIN_CHARS = 20_000  # smaller output is cheap to parse; leave it where it is
_SKIPPED = ' data-search-exclude="ja"'
_TABLE = re.compile(r"<table[^>]*" + re.escape(_SKIPPED) + r"[^>]*>.*?</table>", re.S)  # never nested
_PLACEHOLDER = '<div data-lis-tabell="{}"></div>'
_FOUND = re.compile(r'<div data-lis-tabell="(\d+)"></div>')


class Stash:
    """The tables set aside during one build."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def hide(self, markdown: str) -> str:
        """`markdown` with each record table (left out of search) replaced by a placeholder, if it is large."""
        if len(markdown) < MIN_CHARS or _SKIPPED not in markdown:
            return markdown
        return _TABLE.sub(self._put, markdown)

    def _put(self, match: re.Match[str]) -> str:
        self.parts.append(match.group(0).replace(_SKIPPED, "", 1))  # as the theme leaves it in a page
        return _PLACEHOLDER.format(len(self.parts) - 1)

    def restore(self, text: str) -> str:
        """`text` with every placeholder replaced by the table it stands for."""
        return _FOUND.sub(lambda m: self.parts[int(m.group(1))], text)
