"""The search index, built from a finished site folder: Pagefind's index and the query step's vocabulary.

An engine-neutral step after the build. It reads only the site folder (the HTML pages and
search/lis-sok.json, which the build writes), so it runs the same whichever program built the
pages, and once per site folder when one build gives several editions. Two things come out:

- `pagefind/`: Pagefind's chunked index (Swedish stemming), what the search box queries. Pagefind
  indexes each page's `data-pagefind-body` element, skips `data-pagefind-ignore` elements (record
  tables, version history) and keeps `data-pagefind-filter` values (the page's audience).
- search/lis-sok.json completed with the vocabulary: every word of the indexed text with its
  count (words with a digit aside), which the query step in the browser uses to correct typos and
  split compounds into words the handbook has.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from .errors import UserError
from .search import SIDE_FILE, side_data, words

BUNDLE = "pagefind"  # the index's folder in the site
BODY_ATTRIBUTE = "data-pagefind-body"  # on the element that holds a page's indexed text
MIN_WORD = 2  # shorter words are left out of the vocabulary
MAX_SECONDS = 600
# Set by the build pipeline (macros/publish.py), which runs this step itself after MkDocs; a plain
# `mkdocs build` or `mkdocs serve` runs it from the lis plugin.
INDEX_LATER = "LIS_SOKINDEX_SENARE"


class SearchIndexError(UserError):
    """The search index could not be built."""


@dataclass(frozen=True)
class Indexed:
    pages: int  # pages in the index
    words: int  # words in the vocabulary
    bundle_bytes: int  # the whole index folder on disk (a reader downloads a small part of it)


def index_site(site: Path) -> Indexed:
    """Build the search index of the finished site in `site` (its pagefind/ folder and search/lis-sok.json)."""
    if not site.is_dir():
        raise SearchIndexError(f"mappen {site} finns inte: bygg webbplatsen först (sökindexet byggs av den "
                               "färdiga webbplatsen)")
    side = site / "search" / SIDE_FILE
    with _pagefind(site):  # Pagefind indexes the pages while this process counts their words
        counts, pages = vocabulary(site.rglob("*.html"))
    _drop_unused(site / BUNDLE)
    # Written by the lis plugin during the build; a site built without it gets the stop words only.
    data = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else side_data({}, {})
    side.parent.mkdir(parents=True, exist_ok=True)
    data["ord"] = dict(sorted(counts.items()))
    side.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    bundle = sum(p.stat().st_size for p in (site / BUNDLE).rglob("*") if p.is_file())
    return Indexed(pages, len(counts), bundle)


def vocabulary(paths: Iterable[Path]) -> tuple[Counter[str], int]:
    """The words of every page's indexed text (as Pagefind indexes it), with counts, and the number of pages."""
    counts: Counter[str] = Counter()
    pages = 0
    for path in paths:
        html = path.read_text(encoding="utf-8", errors="replace")
        text = indexed_text(html)
        if text is not None:
            pages += 1
            keywords = " ".join(unescape(k) for k in _KEYWORDS.findall(html))  # searched too (metadata)
            counts.update(w for w in words(f"{text} {keywords}") if len(w) >= MIN_WORD and not _has_digit(w))
    return counts, pages


def _has_digit(word: str) -> bool:
    """Numbers, dates and ids ("2026", "2026-11-28", "system-00123") stay out of the vocabulary: the search
    looks them up as typed (lis-sok.js), and at 5 000 systems they were half the word list."""
    return any(c.isdigit() for c in word)


_KEYWORDS = re.compile(r'<meta name="keywords" content="([^"]*)" data-pagefind-meta=')


def indexed_text(html: str) -> str | None:
    """The text of a page that the search indexes, or None if the page is not indexed."""
    start = html.find(BODY_ATTRIBUTE)
    if start < 0:
        return None  # Pagefind indexes only the pages that have the attribute, once one page has it
    opening = html.rfind("<", 0, start)
    reader = _IndexedText()
    reader.feed(html[opening:_element_end(html, opening)])  # the rest of the page holds no indexed text
    reader.close()
    return " ".join(" ".join(reader.parts).split())


def _element_end(html: str, opening: int) -> int:
    """Where the element that opens at `opening` ends (a quick scan of its tag name; the parser checks the rest)."""
    name = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", html[opening:opening + 40])
    if name is None:
        return len(html)
    depth = 0
    for tag in re.finditer(rf"<(/?){name.group(1)}\b", html[opening:], flags=re.IGNORECASE):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = html.find(">", opening + tag.end())
            return len(html) if close < 0 else close + 1
    return len(html)


_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"))
_SKIPPED = frozenset(("script", "style", "template", "svg"))


class _IndexedText(HTMLParser):
    """The text inside a `data-pagefind-body` element, minus `data-pagefind-ignore` elements and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[bool, bool]] = []  # per open element: (in body, ignored)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        names = {name for name, _ in attrs}
        body, ignored = self._stack[-1] if self._stack else (False, False)
        if BODY_ATTRIBUTE in names:
            body = True
        ignored = ignored or "data-pagefind-ignore" in names or tag in _SKIPPED
        self._stack.append((body, ignored))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == (True, False):
            self.parts.append(data)


def pagefind_program() -> Path:
    """The Pagefind program installed with the pinned `pagefind_bin` package."""
    try:
        import pagefind_bin  # type: ignore[import-untyped]

        return Path(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        raise SearchIndexError("programmet Pagefind saknas; installera paketen i requirements.txt "
                               "(make bygger om .venv)") from None


# What Pagefind writes for its own search interfaces; the handbook's search box (lis-sok.js) uses only
# pagefind.js, its worker, the language's WebAssembly file and the index. Left out, they are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def _drop_unused(bundle: Path) -> None:
    """Remove Pagefind's interface files and the WebAssembly of languages no page has (written just now by
    Pagefind in this build's own folder)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    used = {f"wasm.{language['wasm']}.pagefind" for language in entry.get("languages", {}).values()}
    for path in bundle.iterdir():
        if path.name in UNUSED or (path.name.startswith("wasm.") and path.name not in used):
            path.unlink()


@contextmanager
def _pagefind(site: Path) -> Iterator[None]:
    """Pagefind runs on `site` during the block and has finished, without error, when the block ends (it reads
    the pages and writes only its own folder, so the block may read the pages meanwhile)."""
    command = [str(pagefind_program()), "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
    try:
        running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as err:
        raise SearchIndexError(f"programmet Pagefind gick inte att starta: {err.strerror}") from None
    with running:
        try:
            yield
            out, err_text = running.communicate(timeout=MAX_SECONDS)
        except subprocess.TimeoutExpired:
            running.kill()
            raise SearchIndexError(f"sökindexet blev inte klart på {MAX_SECONDS // 60} minuter") from None
        except BaseException:
            running.kill()  # the block failed: nothing waits for the index
            raise
    if running.returncode != 0:
        detail = (err_text or out).strip()[-2000:]
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet:\n{detail}")
