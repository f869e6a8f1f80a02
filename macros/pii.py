"""Personal-data guard: Swedish personal identity and coordination numbers must never be published.

A number counts when its date part is a real date (day + 60 for a coordination number) and its
check digit is right (the Luhn algorithm over the ten digits), so ordinary figures rarely match.
The parts may be written together or with any space, dash, plus, line break or invisible character
between them, since each of those still shows the number to a reader. Two documented exceptions
(docs/om-handboken/personnummer.md) keep ordinary numbers from stopping the build:

- ten digits written together that begin with 07 are a mobile number (07XXXXXXXX), not a person
  born in 2007 (or 1907); written with a separator in the personal-number position (070101-1234),
  or with the century (20070101-1234), they count;
- twelve digits whose date is 2020-01-01 or later and whose last four begin with 00 are a dated
  serial number such as a case number (20251128-0006), not a child's personal number.

Sources are read as a reader sees them: Markdown escapes and HTML tags and comments removed,
string pieces that a page joins with Jinja put together, UTF-16 and UTF-32 decoded, stray NUL
bytes dropped, and file and folder names included. Scanning sources will always miss some form,
so what the build publishes is scanned again after rendering (macros/published.py).
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DataIssue
from .skeleton import FOLDER as TEMPLATE_DIR
from .sources import THEME_DIR, is_page, published_files
from .yamlsource import LineDict, LineList, parse_yaml, read_text_file

_SPACE = "[ \\t\\u00a0\\u2007\\u202f\\u3000]"
_DASH = "[-+\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0b\\uff0d]"
_GAP = f"{_SPACE}{{0,3}}(?:\\r?\\n{_SPACE}{{0,40}})?"
# YYMMDD or YYYYMMDD, then anything a reader skips (spaces, one dash or plus, a line break), then four
# digits; not part of a longer number. The lookahead in front changes nothing that matches, but lets the
# search skip quickly past every place where six digits do not begin (a data file is mostly such places).
_CANDIDATE = re.compile(f"(?=\\d{{6}})(?<!\\d)((?:19|20)?\\d{{6}})({_GAP}(?:{_DASH}{_GAP})?)(\\d{{4}})(?!\\d)")
# Characters that show nothing (zero-width space, joiners, word joiner, byte-order mark, soft hyphen).
_INVISIBLE = re.compile("[\\u00ad\\u180e\\u200b-\\u200d\\u2060-\\u2064\\ufeff]")
FIRST_SERIAL_YEAR = 2020  # twelve-digit numbers dated from this year with a 00 serial are serials


def luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, char in enumerate(ten_digits):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _real_date(digits: str) -> bool:
    year = int(digits[:-4]) if len(digits) == 8 else 2000 + int(digits[:2])
    month, day = int(digits[-4:-2]), int(digits[-2:])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        # A two-digit year in the 1900s can be a real date when 2000+ is not (29 February).
        if len(digits) == 6:
            try:
                date(1900 + int(digits[:2]), month, day)
                return True
            except ValueError:
                return False
        return False
    return True


def _ordinary_number(date_part: str, separator: str, serial: str) -> bool:
    """The documented exceptions: an unseparated 07 mobile number, a dated serial from 2020 on."""
    digits = _ascii(date_part)
    if len(digits) == 6 and not separator and digits.startswith("07"):
        return True
    return len(digits) == 8 and int(digits[:4]) >= FIRST_SERIAL_YEAR and _ascii(serial).startswith("00")


def _ascii(digits: str) -> str:
    return "".join(str(int(c)) for c in digits)


def identity_numbers(text: str) -> Iterable[tuple[int, str]]:
    """(line, number) for every valid personal identity or coordination number in `text`."""
    # Entities (&ndash;) show as the character; invisible characters show as nothing. Lines stay put.
    if "&" in text:  # each line on its own: an entity such as &#10; must not move the lines after it
        text = "\n".join(html.unescape(line) for line in text.split("\n"))
    text = _INVISIBLE.sub("", text)
    for match in _CANDIDATE.finditer(text):
        date_part, separator, serial = match.groups()
        if _ordinary_number(date_part, separator, serial):
            continue
        if _real_date(_ascii(date_part)) and luhn_ok(_ascii(date_part[-6:] + serial)):
            yield text.count("\n", 0, match.start()) + 1, re.sub(r"\s+", " ", match.group(0))


def normalise(number: str) -> str:
    """The ten digits that identify a person, whatever the format it was written in."""
    digits = _ascii(re.sub(r"\D", "", number))
    return digits[-10:]


def _yaml_of(path: Path, text: str) -> str | None:
    """The YAML in a file whose values may differ from its text (escapes such as \\u0039)."""
    if "\\" not in text:
        return None
    if path.suffix.lower() in (".yaml", ".yml"):
        return text
    if is_page(path) and text.startswith("---"):
        end = text.find("\n---", 3)
        return text[3:end] if end > 0 else None
    return None


def _values(node: Any, line: int) -> Iterator[tuple[int, str]]:
    """(line, text) of every key and value in parsed YAML, as the reader sees them after unescaping."""
    if isinstance(node, LineDict):
        for key, value in node.items():
            here = node.key_lines.get(key, line)
            yield from _values(key, here)
            yield from _values(value, here)
    elif isinstance(node, LineList):
        for value, here in zip(node, node.item_lines, strict=True):
            yield from _values(value, here)
    elif isinstance(node, str):
        yield line, node


# --- What a reader sees of a file's bytes and of markup ---------------------------------------------

# UTF-32 LE's mark begins with UTF-16 LE's: the longer marks are tried first.
_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes) -> tuple[str, bool]:
    """The text in a file's bytes, and whether it is a text file (so that its line numbers mean something).

    A byte-order mark says how to decode (UTF-8, UTF-16, UTF-32). Without one, every NUL byte is
    dropped first: a text file with a stray NUL is still text to a browser, and UTF-16 without a
    mark keeps its ASCII digits. Text that is not UTF-8 is read as Windows-1252; a file with NULs that
    is not UTF-8 either is binary and is read byte by byte (digits in its metadata are published too)."""
    for mark, codec in _MARKS:
        if raw.startswith(mark):
            return raw.decode(codec, errors="replace"), True
    if b"\0" not in raw:
        try:
            return raw.decode("utf-8"), True
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace"), True  # a legacy Windows text file
    raw = raw.replace(b"\0", b"")
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("latin-1"), False


# Elements a reader sees as a break between texts; every other element (span, b, a, unknown ones)
# shows its text run together with the text around it.
_BLOCK = frozenset({
    "address", "article", "aside", "audio", "blockquote", "body", "canvas", "caption", "col", "colgroup", "dd",
    "details", "dialog", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "img", "input", "label", "legend",
    "li", "link", "main", "meta", "nav", "noscript", "object", "ol", "optgroup", "option", "p", "picture", "pre",
    "script", "section", "select", "source", "style", "summary", "svg", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "video",
})
# A comment, or a tag with its attributes (quoted values may hold ">"). Bounded, so that a page full of
# unclosed quotes costs time in proportion to its length.
MARKUP = re.compile(r"<!--.{0,2000}?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)"
                    r"""(?>[^<>"']++|"[^"]{0,2000}"|'[^']{0,2000}')*+>""", re.S)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_JINJA = re.compile(r"\{\{(.{0,2000}?)\}\}", re.S)
_LITERAL = re.compile(r"\"([^\"\\]*)\"|'([^'\\]*)'|(?<![\w.])(\d+)(?![\w.])")


def _shown(tag: re.Match[str]) -> str:
    newlines = "\n" * tag.group(0).count("\n")  # lines stay put
    name = (tag.group(2) or "").lower()
    if name == "br":
        return " " + newlines
    return ("|" if name in _BLOCK else "") + newlines


def reader_text(markup: str) -> str:
    """HTML as a reader sees its text: comments and inline tags gone, block tags a break, lines where they were."""
    return MARKUP.sub(_shown, markup) if "<" in markup else markup


def _jinja_pieces(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of what each {{ … }} of literals would print: "900101" ~ "-1239" gives 900101-1239."""
    for block in _JINJA.finditer(text):
        pieces = [a or b or c for a, b, c in _LITERAL.findall(block.group(1))]
        if len(pieces) > 1:
            yield text.count("\n", 0, block.start()) + 1, "".join(pieces)


def _reader_forms(path: Path, text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each way a page or markup file may show: as written, then as rendered."""
    yield 1, text
    if is_page(path):
        text = _MARKDOWN_ESCAPE.sub(r"\1", text)
        yield from _jinja_pieces(text)
    if "<" in text or is_page(path):
        yield 1, reader_text(text)


def _numbers_in(path: Path, text: str, label: str) -> Iterator[tuple[int, str]]:
    for first, form in _reader_forms(path, text):
        for line, number in identity_numbers(form):
            yield first + line - 1, number
    yaml_text = _yaml_of(path, text)
    if yaml_text is not None:
        data, problems = parse_yaml(yaml_text, label)
        if not problems:
            for line, value in _values(data, 1):
                for _, number in identity_numbers(value):
                    yield line, number


def _read(path: Path) -> tuple[str | None, bool, bytes]:
    """A file's text, whether lines mean something in it, and its bytes; None and the bytes' reason when unreadable."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None, False, b""
    text, is_text = decode(raw)
    return text, is_text, raw


_ADVICE = ("Personuppgifter får inte publiceras i handboken; ta bort numret. Är det ett officiellt "
           "testpersonnummer, lägg det under testpersonnummer i data/organisation.yaml.")


def number_message(number: str) -> str:
    return f"{number} ser ut som ett personnummer eller samordningsnummer (kontrollsiffran stämmer). {_ADVICE}"


def scan(files: Iterable[tuple[Path, str]], allowed: set[str]) -> list[DataIssue]:
    """Issues for every identity number in the given files and their names, except allowed test numbers."""
    allowed_digits = {normalise(n) for n in allowed}
    issues = []
    for path, label in files:
        for _, number in identity_numbers(label):
            if normalise(number) not in allowed_digits:
                issues.append(DataIssue(label, None, None, None, f"namnet på filen eller mappen innehåller {number}, "
                                        "som ser ut som ett personnummer eller samordningsnummer (kontrollsiffran "
                                        "stämmer). Namnet syns i webbadressen; byt namn på filen eller mappen."))
        text, is_text, raw = _read(path)
        if text is None:  # the build could not copy it either
            issues.append(DataIssue(label, None, None, None, read_text_file(path)[1] or "filen går inte att läsa"))
            continue
        if is_page(path) and b"\0" in raw:
            issues.append(DataIssue(label, raw[:raw.index(b"\0")].count(b"\n") + 1, None, None,
                                    "sidan innehåller ett nolltecken (tecken 0), som inte syns men gör att sidan "
                                    "kan läsas som en binär fil; ta bort det och spara sidan som vanlig text (UTF-8)"))
        found: set[tuple[int | None, str]] = set()
        for line, number in _numbers_in(path, text, label):
            key = (line if is_text else None, normalise(number))
            if key[1] in allowed_digits or key in found:
                continue
            found.add(key)
            issues.append(DataIssue(label, key[0], None, None, number_message(number)))
    return issues


def project_files(root: Path, docs_dir: Path | None = None) -> list[tuple[Path, str]]:
    """Every data file, mkdocs.yml, the generated pages' templates and every file the build publishes from
    docs/ and the theme folder."""
    docs = docs_dir or root / "docs"
    found = [*sorted((root / "data").glob("*.y*ml")), root / "mkdocs.yml"]
    labelled = [(p, p.relative_to(root).as_posix()) for p in found if p.is_file()]
    # The templates this build renders with (the project's own macros/ when MkDocs runs in the project).
    labelled += [(p, f"macros/{TEMPLATE_DIR.name}/{p.name}") for p in sorted(TEMPLATE_DIR.glob("*.md"))]
    for folder in (docs, root / THEME_DIR):
        labelled += [(p, f"{folder.name}/{p.relative_to(folder).as_posix()}") for p in published_files(folder)]
    return labelled
