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

from .render import text

NOTICE = ("Exempeldata: system, kontaktuppgifter och siffror i handboken är påhittade exempel "
          "och gäller inte verksamheten.")
_HEADING = re.compile(r'<h([2-4]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_MARKER = "LISPDFMARK{}X"


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


def page_style(footer: str, example_data: bool) -> str:
    """The running footer (document name, page X of Y) and, with example data, the notice on every page."""
    rules = [f"@page {{ @bottom-left {{ content: {css_string(footer)}; }} }}"]
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
    page = page[:start] + article + page[end:]
    page = re.sub(r'<html([^>]*?) class="', r'<html\1 class="lis-pdf ', page, count=1)
    return page.replace("</head>", page_style(block.footer, example_data) + "</head>", 1)


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
