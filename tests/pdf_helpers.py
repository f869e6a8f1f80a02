"""PDF files for tests: a minimal real PDF with a known text, and the words of a PDF with their boxes."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path


def minimal_pdf(text: str) -> bytes:
    """A one-page A4 PDF showing `text` (ASCII) in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    page_width: float
    x_min: float
    x_max: float
    text: str


_PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', re.S)


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF's text layer with its horizontal extent (pdftotext -bbox, points)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True, timeout=120).stdout
    return [Word(number, float(page.group(1)), float(w.group(1)), float(w.group(2)), unescape(w.group(3)))
            for number, page in enumerate(_PAGE.finditer(xhtml), start=1) for w in _WORD.finditer(page.group(2))]


# The printable area of `lis pdf` (overrides/assets/stylesheets/utskrift.css: @page margin 20mm 16mm):
# a word may not end to the right of the page width minus the right margin.
RIGHT_MARGIN_PT = 16 / 25.4 * 72


def past_the_margin(found: list[Word], slack: float = 0.5) -> list[Word]:
    """The words whose right edge lies beyond the printable area (`slack` points for rounding)."""
    return [w for w in found if w.x_max > w.page_width - RIGHT_MARGIN_PT + slack]


def joined_text(pdf: Path) -> str:
    """The PDF's text in content order with all white space removed: a word broken over lines reads whole."""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return "".join(raw.split())


_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)


def table_headers(page_html: str) -> list[str]:
    """The text of every table header cell in the article of a built page, white space removed."""
    article = page_html[page_html.find("<article"):page_html.rfind("</article>")]
    return ["".join(unescape(re.sub(r"<[^>]+>", "", th)).split()) for th in _TH.findall(article)]


def missing_headers(pdf: Path, page_html: str) -> list[str]:
    """Table headers of the page that are not in the PDF's text: a column the print lost."""
    text = joined_text(pdf)
    return [h for h in table_headers(page_html) if h and h not in text]
