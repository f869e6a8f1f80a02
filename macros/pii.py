"""Personal-data guard: Swedish personal identity and coordination numbers must never be published.

A number counts when its date part is a real date (day + 60 for a coordination number) and its
check digit is right (the Luhn algorithm over the ten digits), so ordinary figures rarely match.
The parts may be written together or with any space, dash, plus, line break or invisible character
between them, since each of those still shows the number to a reader. Two documented exceptions
(docs/om-handboken/index.md) keep ordinary numbers from stopping the build:

- ten digits written together that begin with 07 are a mobile number (07XXXXXXXX), not a person
  born in 2007 (or 1907); written with a separator in the personal-number position (070101-1234),
  or with the century (20070101-1234), they count;
- twelve digits whose date is 2020-01-01 or later and whose last four begin with 00 are a dated
  serial number such as a case number (20251128-0006), not a child's personal number.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DataIssue
from .sources import THEME_DIR, is_page, published_files
from .yamlsource import LineDict, LineList, parse_yaml, read_text_file

_SPACE = "[ \\t\\u00a0\\u2007\\u202f\\u3000]"
_DASH = "[-+\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0b\\uff0d]"
_GAP = f"{_SPACE}{{0,3}}(?:\\r?\\n{_SPACE}{{0,40}})?"
# YYMMDD or YYYYMMDD, then anything a reader skips (spaces, one dash or plus, a line break), then four
# digits; not part of a longer number.
_CANDIDATE = re.compile(f"(?<!\\d)((?:19|20)?\\d{{6}})({_GAP}(?:{_DASH}{_GAP})?)(\\d{{4}})(?!\\d)")
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
    text = _INVISIBLE.sub("", "\n".join(html.unescape(line) for line in text.split("\n")))
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


def _numbers_in(path: Path, text: str, label: str) -> Iterator[tuple[int, str]]:
    yield from identity_numbers(text)
    yaml_text = _yaml_of(path, text)
    if yaml_text is not None:
        data, problems = parse_yaml(yaml_text, label)
        if not problems:
            for line, value in _values(data, 1):
                for _, number in identity_numbers(value):
                    yield line, number


def _read(path: Path) -> tuple[str | None, str | None]:
    """A file's text (None for a binary file such as an image or a PDF), or why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None, read_text_file(path)[1]  # the same Swedish reason as for a page or data file
    if b"\0" in raw:
        return None, None
    text, problem = read_text_file(path)
    return (raw.decode("cp1252", errors="replace") if problem else text), None


def scan(files: Iterable[tuple[Path, str]], allowed: set[str]) -> list[DataIssue]:
    """Issues for every identity number in the given files, except explicitly allowed test numbers."""
    allowed_digits = {normalise(n) for n in allowed}
    issues = []
    for path, label in files:
        text, unreadable = _read(path)
        if unreadable:  # the build could not copy it either
            issues.append(DataIssue(label, None, None, None, unreadable))
        if text is None:
            continue
        found: set[tuple[int, str]] = set()
        for line, number in _numbers_in(path, text, label):
            key = (line, normalise(number))
            if key[1] in allowed_digits or key in found:
                continue
            found.add(key)
            issues.append(DataIssue(
                label, line, None, None,
                f"{number} ser ut som ett personnummer eller samordningsnummer (kontrollsiffran stämmer). "
                "Personuppgifter får inte publiceras i handboken; ta bort numret. Är det ett officiellt "
                "testpersonnummer, lägg det under testpersonnummer i data/organisation.yaml.",
            ))
    return issues


def project_files(root: Path, docs_dir: Path | None = None) -> list[tuple[Path, str]]:
    """Every data file, mkdocs.yml and every file under docs/ and the theme folder that the build publishes."""
    docs = docs_dir or root / "docs"
    found = [*sorted((root / "data").glob("*.y*ml")), root / "mkdocs.yml"]
    labelled = [(p, p.relative_to(root).as_posix()) for p in found if p.is_file()]
    for folder in (docs, root / THEME_DIR):
        labelled += [(p, f"{folder.name}/{p.relative_to(folder).as_posix()}") for p in published_files(folder)]
    return labelled
