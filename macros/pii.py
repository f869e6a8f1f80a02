"""Personal-data guard: Swedish personal identity and coordination numbers must never be published.

A number counts when its date part is a real date (day + 60 for a coordination number) and its
check digit is right (the Luhn algorithm over the ten digits), so ordinary figures rarely match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .errors import DataIssue

# YYMMDD or YYYYMMDD, an optional - or +, four digits; not part of a longer number.
_CANDIDATE = re.compile(r"(?<!\d)((?:19|20)?\d{6})([-+]?)(\d{4})(?!\d)")


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


def identity_numbers(text: str) -> Iterable[tuple[int, str]]:
    """(line, number) for every valid personal identity or coordination number in `text`."""
    for match in _CANDIDATE.finditer(text):
        date_part, _, serial = match.groups()
        if _real_date(date_part) and luhn_ok(date_part[-6:] + serial):
            yield text.count("\n", 0, match.start()) + 1, match.group(0)


def normalise(number: str) -> str:
    """The ten digits that identify a person, whatever the format it was written in."""
    digits = re.sub(r"\D", "", number)
    return digits[-10:]


def scan(files: Iterable[tuple[Path, str]], allowed: set[str]) -> list[DataIssue]:
    """Issues for every identity number in the given files, except explicitly allowed test numbers."""
    allowed_digits = {normalise(n) for n in allowed}
    issues = []
    for path, label in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for line, number in identity_numbers(text):
            if normalise(number) in allowed_digits:
                continue
            issues.append(DataIssue(
                label, line, None, None,
                f"{number} ser ut som ett personnummer eller samordningsnummer (kontrollsiffran stämmer). "
                "Personuppgifter får inte publiceras i handboken; ta bort numret. Är det ett officiellt "
                "testpersonnummer, lägg det under testpersonnummer i data/organisation.yaml.",
            ))
    return issues


def project_files(root: Path) -> list[tuple[Path, str]]:
    """Every data file and page the build publishes from."""
    found = [*sorted((root / "data").glob("*.y*ml")), *sorted((root / "docs").rglob("*.md"))]
    return [(p, p.relative_to(root).as_posix()) for p in found]
