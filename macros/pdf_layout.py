"""The printed page of `lis pdf`: title block, contents and running footer added to a built page (pure).

The footer and the example-data notice are CSS page-margin boxes (`@page { @bottom-left {…} }`),
which Chromium prints on every page. Page numbers in the contents come from a first print in
which every listed heading carries an invisible-to-layout marker; see `pdf.py`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .csp import allow_inline_style
from .render import text

NOTICE = ("Exempeldata: system, kontaktuppgifter och siffror i handboken är påhittade exempel "
          "och gäller inte verksamheten.")
_HEADING = re.compile(r'<h([2-4]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_MARKER = "LISPDFMARK{}X"
_OPEN_ME = re.compile(r"<details\b(?![^>]*\sopen[\s=>])")  # a collapsed <details>


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class TitleBlock:
    """What the first page says about the document, and the name the running footer repeats."""

    organisation: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]  # (label, value) pairs under the title
    footer: str


def _article(page: str) -> tuple[int, int]:
    start, end = page.find("<article"), page.find("</article>")
    if start < 0 or end < 0:
        raise ValueError("sidan saknar <article>; är den byggd med handbokens tema?")
    return start, end


def headings(page: str) -> list[Heading]:
    """The h2–h4 headings of the page's article, in order (the entries of the contents)."""
    start, end = _article(page)
    found = []
    for match in _HEADING.finditer(page, start, end):
        inner = match.group(3).split('<a class="headerlink"')[0]
        found.append(Heading(int(match.group(1)), match.group(2), html.unescape(_TAG.sub("", inner)).strip()))
    return found


def marker(index: int) -> str:
    return _MARKER.format(index)


def css_string(value: str) -> str:
    """A CSS string literal that no data value can break out of (everything but letters escaped)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in value) + '"'


FOOTER_MAX = 110  # characters of the document's name in the running footer; the title page has all of it
_LONG_WORD = re.compile(r"\S{30,}")


def footer_text(name: str) -> str:
    """The document's name as the running footer can hold it: a page-margin box does not wrap a long word,
    so long words get break opportunities (zero-width spaces), and a very long name is shortened."""
    if len(name) > FOOTER_MAX:
        name = name[:FOOTER_MAX - 1].rstrip() + "…"
    return _LONG_WORD.sub(lambda w: "\u200b".join(w.group(0)[i:i + 20] for i in range(0, len(w.group(0)), 20)), name)


def page_style(footer: str, example_data: bool) -> str:
    """The running footer (document name, page X of Y) and, with example data, the notice on every page."""
    rules = [f"@page {{ @bottom-left {{ content: {css_string(footer_text(footer))}; }} }}"]
    if example_data:
        rules.append(f"@page {{ @top-center {{ content: {css_string(NOTICE)}; }} }}")
        rules.append(".md-banner { display: none !important; }")  # the margin box repeats it on every page
    return '<style media="print">' + "\n".join(rules) + "</style>"


def _contents(entries: Sequence[Heading], pages: Mapping[str, int] | None) -> str:
    items = []
    for h in entries:
        number = "00" if pages is None else str(pages[h.id])
        items.append(f'<li class="lis-pdf-niva-{h.level}"><a href="#{text(h.id)}">'
                     f'<span class="lis-pdf-rubrik">{text(h.text)}</span><span class="lis-pdf-fyllnad"></span>'
                     f'<span class="lis-pdf-sida">{number}</span></a></li>')
    return ('<nav class="lis-pdf-innehall" aria-labelledby="lis-pdf-innehall"><h2 id="lis-pdf-innehall">Innehåll'
            f'</h2><ol>{"".join(items)}</ol></nav>')


def _title(block: TitleBlock) -> str:
    facts = "".join(f"<dt>{text(label)}</dt><dd>{text(value)}</dd>" for label, value in block.facts)
    return f'<dl class="lis-pdf-uppgifter">{facts}</dl>'


def prepare(page: str, block: TitleBlock, example_data: bool, pages: Mapping[str, int] | None) -> str:
    """The built page as a board document; `pages` None gives the first, measuring print with markers."""
    entries = headings(page)
    start, end = _article(page)
    article = page[start:end]
    if pages is None:
        for index, h in enumerate(entries):
            opening = re.search(rf'<h{h.level} id="{re.escape(h.id)}"[^>]*>', article)
            assert opening is not None  # headings() found it in the same text
            tag = opening.group(0)
            article = article.replace(tag, f'{tag}<span class="lis-pdf-markor">{marker(index)}</span>', 1)
    h1 = re.search(r"<h1[^>]*>.*?</h1>", article, re.S)
    if h1 is None:
        raise ValueError("sidan saknar en huvudrubrik (h1)")
    organisation = "<br>".join(str(text(line)) for line in block.organisation)
    contents = _contents(entries, pages) if entries else ""
    article = (article[:h1.start()] + f'<p class="lis-pdf-organisation">{organisation}</p>' + h1.group(0)
               + _title(block) + contents + '<div class="lis-pdf-start"></div>'
               + article[h1.end():])
    article = _OPEN_ME.sub("<details open", article)  # paper cannot be expanded
    article = _TABLE.sub(_fit_table, article)
    page = page[:start] + article + page[end:]
    page = re.sub(r'<html([^>]*?) class="', r'<html\1 class="lis-pdf ', page, count=1)
    style = page_style(block.footer, example_data)
    return allow_inline_style(page.replace("</head>", style + "</head>", 1), style)  # by hash: macros/csp.py


# --- Tables that fit the page without breaking words needlessly ---------------------------------------
# The print style lets every word in a table cell break anywhere (utskrift.css), so no table can be
# wider than the page; but Chromium then shares the width out by the length of the longest text, and
# short columns get their words cut ("Andel" as "And-el"). Each column is therefore given a minimum
# width of its longest word; when the words of all columns cannot fit side by side, the longest are
# cut down first. The minimums never add up to more than the page, so breaking anywhere still keeps
# every table inside it. A table of nine columns or more (the risk register) is unreadable that
# narrow: each row prints as a block instead, every value under the name of its column.

PRINTABLE_PT = (210 - 2 * 16) / 25.4 * 72  # A4 less the left and right margins of utskrift.css
WIDE_TABLE_COLUMNS = 7  # from this many columns a table prints in the smaller type (utskrift.css)
STACKED_COLUMNS = 9  # from this many, a row prints as a block of "column: value" lines (data-lis-stapla)
_CH_EM = 0.556  # the width of "0", the unit ch, in Liberation Sans (the print font), in em
_CHAR_CH = 1.1  # an average letter of a long word in ch, bold headers included (m and w are wider than 0)
_PADDING_EM = 0.9  # left and right padding of a table cell in print (utskrift.css), in em
_SAFETY = 0.85  # room for indentation (a table in a list or a note) and borders
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.S)


def _longest_words(table: str) -> list[int]:
    """The length of the longest word in each column of an HTML table, in characters."""
    longest: list[int] = []
    for row in _ROW.finditer(table):
        for column, cell in enumerate(_CELL.finditer(row.group(1))):
            words = html.unescape(_TAG.sub(" ", cell.group(3))).split()
            length = max((len(w) for w in words), default=0)
            longest += [0] * (column + 1 - len(longest))
            longest[column] = max(longest[column], length)
    return longest


def column_minimums(table: str) -> list[float]:
    """Minimum width of each column in ch (padding included: the theme sizes border boxes): its longest word,
    the longest words cut down first until the minimums fit the page side by side."""
    words = [n * _CHAR_CH for n in _longest_words(table)]
    size_pt = 7.5 if len(words) >= WIDE_TABLE_COLUMNS else 9
    padding = _PADDING_EM / _CH_EM
    room = max(_SAFETY * PRINTABLE_PT / (_CH_EM * size_pt) - len(words) * padding, 0)
    low, high = 0.0, max(words, default=0.0)  # the longest words are cut down first, short ones stay whole
    while high - low > 0.05:
        cap = (low + high) / 2
        low, high = (cap, high) if sum(min(n, cap) for n in words) <= room else (low, cap)
    return [round(min(n, low) + padding, 1) for n in words]


def _stacked(table: str, headers: list[str]) -> str:
    """A table too wide for the page as one block per row, each value under its column's name."""
    def row(found: re.Match[str]) -> str:
        names = iter(headers)

        def cell(match: re.Match[str]) -> str:
            tag, attributes, inner = match.groups()
            label = f' data-rubrik="{text(next(names, ""))}"' if tag == "td" else ""
            return f"<{tag}{attributes}{label}>{inner}</{tag}>"

        return found.group(0).replace(found.group(1), _CELL.sub(cell, found.group(1)), 1)

    return _ROW.sub(row, table.replace("<table", "<table data-lis-stapla", 1))


def _fit_table(found: re.Match[str]) -> str:
    table = found.group(0)
    first = _ROW.search(table)
    if first is None:
        return table
    headers = [html.unescape(_TAG.sub(" ", c.group(3))).strip() for c in _CELL.finditer(first.group(1))]
    if len(headers) >= STACKED_COLUMNS and "<th" in first.group(1):
        return _stacked(table, [" ".join(h.split()) for h in headers])
    widths = iter(column_minimums(table))

    def cell(match: re.Match[str]) -> str:
        tag, attributes, inner = match.groups()
        return f'<{tag}{attributes} style="min-width:{next(widths, 0)}ch">{inner}</{tag}>'

    row = _CELL.sub(cell, first.group(1))
    return table[:first.start(1)] + row + table[first.end(1):]


def marker_pages(pdf_text: str, count: int) -> dict[int, int]:
    """Page (1-based) of each marker in `pdftotext` output, whose pages are separated by form feeds."""
    found: dict[int, int] = {}
    for number, page in enumerate(pdf_text.split("\f"), start=1):
        for index in map(int, re.findall(_MARKER.format(r"(\d+)"), page)):
            found.setdefault(index, number)
    missing = [i for i in range(count) if i not in found]
    if missing:
        raise ValueError(f"hittade inte {len(missing)} rubriker i den första utskriften")
    return found
