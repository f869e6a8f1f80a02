"""Data errors as the coordinator reads them: Swedish, one line each, naming file, line, entry and field."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that steer a terminal or reorder text instead of showing it: C0 and C1 controls,
# DEL, bidirectional and zero-width formatting, line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: every control or formatting character shown as an escape."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class DataIssue:
    """One problem found in a data file or a page's front matter."""

    file: str
    line: int | None
    entry: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file if self.line is None else f"{self.file}, rad {self.line}"]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f'fält "{self.field}"')
        return printable(f"{', '.join(parts)}: {self.message}")


class DataError(Exception):
    """Raised when the data cannot be trusted; carries every issue found, not only the first."""

    def __init__(self, issues: list[DataIssue]) -> None:
        self.issues = sorted(set(issues), key=lambda i: (i.file, i.line or 0, i.message))
        super().__init__(self.report())

    def report(self) -> str:
        head = f"Handbokens data innehåller {len(self.issues)} fel. Rätta dem och bygg igen."
        return "\n".join([head, *(f"  - {issue}" for issue in self.issues)])
