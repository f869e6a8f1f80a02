"""Personal numbers in what is published: the built site, and the files the commands write.

The source scan (pii.py) reads data and pages before rendering, and some form always gets past
it: a page that joins strings, markup that splits a number, a file in an encoding nobody expected,
a view that prints a value in a new place. So the finished output is read once more, as a reader
or a program sees it: the text of every page and its attribute values, the search index and side
files, feeds, calendars, the sitemap, every copied file, and the spreadsheets, PDFs and packages
that `lis export`, `lis pdf` and `lis tillsyn` write. A number stops the build or the command; the
message names the published file and, where it can be traced, the source that produced it.

The same rules as the source scan apply (pii.identity_numbers: check digit, real date, the
documented 07 and dated-serial exceptions, the allow-list in data/organisation.yaml). One more
thing is not a number here: digits inside a long hexadecimal token such as a commit id or a
SHA-256 checksum, which the build prints and no one can change.

Cost: each file is read once. Markup is taken apart only where digits cluster: FINDER picks out
chains of ten or more digits with nothing between them but tags, comments, spaces, dashes,
invisible characters or percent-escapes, and only those chains are read exactly (pii.reader_text).
Inline SVG path data, the same icons on every page, is read once per distinct path.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import pii
from .errors import UserError, printable

_SEPARATOR = ("[ \\t\\r\\n+\\-\\u00a0\\u2007\\u202f\\u3000\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0b\\uff0d"
              "\\u00ad\\u180e\\u200b-\\u200d\\u2060-\\u2064\\ufeff]")
_BETWEEN = (rf"(?>{_SEPARATOR}|<!--.{{0,2000}}?-->|<(?>[^<>\"']++|\"[^\"]{{0,2000}}\"|'[^']{{0,2000}}')*+>"
            r"|%[0-9A-Fa-f]{2})")
FINDER = re.compile(rf"\d(?:{_BETWEEN}*+\d){{9,}}", re.S)
_PERCENT_DIGIT = re.compile(r"%3[0-9]")
_PATH_DATA = re.compile(r'd="([^"<>]{40,})"')
_HEX = frozenset("0123456789abcdef")
MIN_HASH = 20  # a run of hexadecimal characters this long, with a letter in it, is an id, not a number
_MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".svg")
_XML_SUFFIXES = (".xml", ".atom", ".rss")
MAX_UNPACKED = 500_000_000  # bytes a .gz or a zip member may unpack to before it is refused


class PublishedDataError(UserError):
    """What would be published holds a personal number; the message lists each one."""


@dataclass(frozen=True)
class Finding:
    published: str  # the published file, as the user knows it (site/…, the package's file)
    number: str
    source: str | None = None  # the page or file that produced it, when known
    written: tuple[str, ...] = ()  # source lines where its digits are written (see trace)

    def __str__(self) -> str:
        origin = f"; det kommer från {self.source}" if self.source else ""
        where = f"; siffrorna står i {', '.join(self.written)}" if self.written else ""
        return printable(f"{self.published}: {self.number} ser ut som ett personnummer eller samordningsnummer "
                         f"(kontrollsiffran stämmer){origin}{where}")


# --- Numbers in text as a reader or a program sees it -----------------------------------------------


def _in_hash(text: str, start: int, end: int) -> bool:
    """True when text[start:end] lies inside a long hexadecimal token (a commit id, a checksum)."""
    while start > 0 and text[start - 1] in _HEX:
        start -= 1
    while end < len(text) and text[end] in _HEX:
        end += 1
    token = text[start:end]
    return len(token) >= MIN_HASH and _HEX.issuperset(token) and not token.isdigit()


def numbers_in(text: str) -> Iterator[str]:
    """Every personal number a reader could see in `text` (markup, entities and escapes already decoded)."""
    for chain in FINDER.finditer(text):
        found = chain.group(0)
        ids = set()  # digits that are part of a commit id or a checksum in the text as written
        for _, number in pii.identity_numbers(found):
            at = text.find(number, chain.start(), chain.end())
            if at >= 0 and _in_hash(text, at, at + len(number)):
                ids.add(pii.normalise(number))
        forms = [found, pii.reader_text(found)]
        if "%" in found:
            forms += [unquote(found), pii.reader_text(unquote(found))]
        numbers = {n for form in forms for _, n in pii.identity_numbers(form) if pii.normalise(n) not in ids}
        yield from sorted(numbers)


def _markup_text(markup: str, paths: set[str]) -> str:
    """A page with entities decoded and inline SVG path data read once per distinct path."""
    def path(found: re.Match[str]) -> str:
        if found.start() == 0 or not markup[found.start() - 1].isspace():
            return found.group(0)  # id="…", data-d="…": not path data
        value = found.group(1)
        if value in paths:
            return 'd=""'
        paths.add(value)
        return found.group(0)

    markup = _PATH_DATA.sub(path, markup) if 'd="' in markup else markup
    return html.unescape(markup)


def _xml_text(xml: str) -> str:
    """XML (Atom, sitemap) with every element a break; the HTML it carries escaped is then read as HTML."""
    return html.unescape(pii.MARKUP.sub(lambda tag: "|" + "\n" * tag.group(0).count("\n"), xml))


def _calendar_text(ics: str) -> str:
    """iCalendar text unfolded and unescaped (RFC 5545 3.1 and 3.3.11)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded)


def _json_strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_strings(item)
    elif isinstance(node, str):
        yield node
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield str(node)


def _pdf_text(raw: bytes, name: str) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise PublishedDataError(f"{name}: texten i PDF-filen kan inte kontrolleras efter personnummer eftersom "
                                 "pdftotext saknas; installera det med: sudo apt-get install poppler-utils")
    done = subprocess.run([pdftotext, "-enc", "UTF-8", "-", "-"], input=raw, capture_output=True, timeout=300)
    if done.returncode != 0:
        raise PublishedDataError(f"{name}: PDF-filen går inte att läsa med pdftotext, så den kan inte "
                                 "kontrolleras efter personnummer")
    return done.stdout.decode("utf-8", errors="replace")


def _xlsx_text(raw: bytes, name: str) -> Iterator[str]:
    """Every cell value and sheet name of a workbook, one text each (cells are never read together)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - not a workbook after all: its bytes are read as they are
        yield from _zip_texts(raw, name)
        return
    try:
        for sheet in book.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                yield "\n|\n".join(str(v) for v in row if v is not None)
    finally:
        book.close()


def _zip_texts(raw: bytes, name: str) -> Iterator[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        yield pii.decode(raw)[0]
        return
    with archive:
        for info in archive.infolist():
            yield info.filename
            if info.is_dir():
                continue
            if info.file_size > MAX_UNPACKED:
                raise PublishedDataError(f"{name}: {info.filename} packas upp till mer än "
                                         f"{MAX_UNPACKED // 1_000_000} MB och kan inte kontrolleras")
            yield from texts_of(f"{name}/{info.filename}", archive.read(info))


def texts_of(name: str, raw: bytes) -> Iterator[str]:
    """The texts in a published file, as a reader or a program would see them, by the kind of file."""
    suffix = Path(name).suffix.lower()
    # Gzip by name, or by its magic bytes whatever the name: the search index's fragments (.pf_fragment,
    # .pf_index, .pf_meta) are gzip files that a browser unpacks.
    if suffix == ".gz" or raw[:2] == b"\x1f\x8b":
        with gzip.open(io.BytesIO(raw)) as packed:
            try:
                inner = packed.read(MAX_UNPACKED + 1)
            except (OSError, EOFError):
                inner = None
        if inner is None:
            yield pii.decode(raw)[0]
            return
        if len(inner) > MAX_UNPACKED:
            raise PublishedDataError(f"{name} packas upp till mer än {MAX_UNPACKED // 1_000_000} MB och kan inte "
                                     "kontrolleras")
        yield from texts_of(name[:-3] if suffix == ".gz" else name + ".uppackad", inner)
    elif suffix == ".pdf":
        yield _pdf_text(raw, name)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_text(raw, name)
    elif suffix == ".zip":
        yield from _zip_texts(raw, name)
    else:
        text = pii.decode(raw)[0]
        if suffix in _MARKUP_SUFFIXES:
            yield _markup_text(text, set())
        elif suffix in _XML_SUFFIXES:
            yield _xml_text(text)
        elif suffix == ".ics":
            yield _calendar_text(text)
        elif suffix == ".json":
            try:
                yield "\n|\n".join(_json_strings(json.loads(text)))
            except ValueError:
                yield text
        else:
            yield text
        if _PERCENT_DIGIT.search(text):
            yield unquote(text)


# --- Scanning what a build or a command publishes ---------------------------------------------------


def own_text(page: str) -> str:
    """A generated page's own text: its title and its article.

    A generated page (one per system and förvaltningsobjekt: thousands in a city) is the theme's
    layout around an article; its menu, header and footer are filled with the titles and addresses
    of the hand-written pages, which are read whole, and its address is read with its file name."""
    title, title_end = page.find("<title>"), page.find("</title>")
    start, end = page.find("<article"), page.rfind("</article>")
    if not 0 <= title < title_end < start < end:
        return page  # not the theme's layout: all of it
    return page[title:title_end] + "\n|\n" + page[start:end]


class Scan:
    """One scan of what a build or a command publishes: pages as they are written, then whole files."""

    def __init__(self, allowed: Iterable[str], names: bool = True) -> None:
        self.allowed = {pii.normalise(n) for n in allowed}
        self.names = names  # whether a file's name is published too (in a site it is part of an address)
        self.findings: list[Finding] = []
        self.pages: set[str] = set()  # pages read as they were written: not read again from disk
        self._paths: set[str] = set()  # SVG path data read in this scan

    def _texts(self, label: str, texts: Iterable[str], source: str | None) -> None:
        seen: set[str] = set()
        for text in (*texts, *((label, unquote(label)) if self.names else ())):
            for number in numbers_in(text):
                digits = pii.normalise(number)
                if digits not in self.allowed and digits not in seen:
                    seen.add(digits)
                    self.findings.append(Finding(label, number, source))

    def page(self, label: str, page: str, source: str | None = None, generated: bool = False) -> None:
        """A built page as it is written (of a generated page, its own text: see own_text)."""
        self.pages.add(label)
        text = _markup_text(own_text(page) if generated else page, self._paths)
        self._texts(label, [text, unquote(text)] if _PERCENT_DIGIT.search(text) else [text], source)

    def file(self, path: Path, label: str, source: str | None = None) -> None:
        raw = path.read_bytes()
        if path.suffix.lower() in _MARKUP_SUFFIXES:
            self.page(label, pii.decode(raw)[0], source)
        else:
            self._texts(label, list(texts_of(label, raw)), source)

    def folder(self, folder: Path, prefix: str, sources: Mapping[str, str] | None = None,
               clean: MutableMapping[str, tuple[int, int]] | None = None) -> None:
        """Every file under `folder` (named `prefix` + its path there) that was not read as a page.

        `sources` names the source of a file (by its path in the folder), when known. `clean`
        remembers the files found clean by size and modification time, so that a rebuild under
        `make serve` reads only what it wrote again."""
        stamps = {}
        for name, entry in _walk(folder):
            label = prefix + name
            if clean is not None:  # pages read as written are remembered too: a kept page is not read again
                info = entry.stat()
                stamps[label] = (info.st_size, info.st_mtime_ns)
                if clean.get(label) == stamps[label]:
                    continue
            if label not in self.pages:
                self.file(Path(entry.path), label, (sources or {}).get(name))
        if clean is not None:
            dirty = {f.published for f in self.findings}
            clean.update(stamps)
            for label in dirty:
                clean.pop(label, None)


def _walk(folder: Path, inside: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path inside `folder`, entry) of every file under it, in name order; links are not followed."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), f"{inside}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                yield inside + entry.name, entry


def scan_files(files: Iterable[tuple[Path, str]], allowed: Iterable[str], names: bool = False) -> list[Finding]:
    """Findings for every personal number in the named files (allowed test numbers kept); in their names too
    with `names` (the name a command writes to is the user's choice, not something the handbook publishes)."""
    scan = Scan(allowed, names)
    for path, label in files:
        scan.file(path, label)
    return scan.findings


def trace(findings: list[Finding], sources: Iterable[tuple[Path, str]]) -> list[Finding]:
    """Each finding with the source lines where its digits are written, even in pieces (at most three)."""
    wanted = {pii.normalise(f.number) for f in findings}
    places: dict[str, list[str]] = {digits: [] for digits in wanted}
    for path, label in sources:
        try:
            text = pii.decode(path.read_bytes())[0]
        except OSError:
            continue
        lines = [re.sub(r"\D", "", line) for line in text.split("\n")]
        if not any(d in "".join(lines) for d in wanted):
            continue
        for digits in wanted:
            for i, line in enumerate(lines):
                pair = line + lines[i + 1] if i + 1 < len(lines) else line
                if digits in line or (digits in pair and digits not in lines[i + 1]):
                    places[digits].append(f"{label}, rad {i + 1}")
    return [Finding(f.published, f.number, f.source, tuple(places[pii.normalise(f.number)][:3])) for f in findings]


def report(findings: list[Finding], what: str) -> str:
    """The Swedish message for findings in `what` (e.g. "webbplatsen", "exporten"), one line per finding."""
    return "\n".join([
        f"{what} innehåller personnummer eller samordningsnummer och stoppades. Personuppgifter får inte "
        "publiceras i handboken; ta bort numret där det kommer ifrån. Är det ett officiellt testpersonnummer, "
        "lägg det under testpersonnummer i data/organisation.yaml.",
        *(f"  - {f}" for f in findings)])


def check_site(scan: Scan, site: Path, origins: Mapping[str, str], clean: MutableMapping[str, tuple[int, int]] | None,
               sources: Callable[[], Iterable[tuple[Path, str]]]) -> None:
    """After a build: every file in `site` not read as a page yet; PublishedDataError naming each number, the
    source that produced it (`origins`, by path in the site) and where its digits are written (`sources`)."""
    scan.folder(site, "site/", origins, clean)
    if scan.findings:
        raise PublishedDataError(report(trace(scan.findings, sources()), "Webbplatsen"))


def check_files(files: Iterable[tuple[Path, str]], allowed: Iterable[str], what: str,
                root: Path | None = None) -> None:
    """Raise PublishedDataError naming every personal number in the files a command is about to write."""
    findings = scan_files(files, allowed)
    if findings:
        if root is not None:
            findings = trace(findings, pii.project_files(root))
        raise PublishedDataError(report(findings, what))
