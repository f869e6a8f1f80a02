"""Data errors as the coordinator reads them: Swedish, one line each, naming file, line, entry and field."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

# Characters that steer a terminal or reorder text instead of showing it: C0 and C1 controls,
# DEL, bidirectional and zero-width formatting, line and paragraph separators; and lone surrogates
# (bytes of an argument that are not UTF-8), which no terminal encoding can print.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0 and C1 control characters and DEL


def printable(text: str, *, lines: bool = False) -> str:
    """`text` safe to print on a terminal: every control or formatting character shown as an escape.

    With `lines`, line breaks and tabs stay as they are (a report of several lines); one data
    issue is always one line, so there they are escaped too."""
    def show(found: re.Match[str]) -> str:
        char = found.group()
        return char if lines and char in "\n\t" else f"\\u{ord(char):04x}"
    return _UNPRINTABLE.sub(show, text)


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


class UserError(Exception):
    """A problem the user can fix (a bad argument, file or value); shown as one Swedish message, no traceback."""


class DataError(UserError):
    """Raised when the data cannot be trusted; carries every issue found, not only the first."""

    def __init__(self, issues: list[DataIssue]) -> None:
        self.issues = sorted(set(issues), key=lambda i: (i.file, i.line or 0, i.message))
        super().__init__(self.report())

    def report(self) -> str:
        them = "det" if len(self.issues) == 1 else "dem"
        head = f"Handbokens data innehåller {len(self.issues)} fel. Rätta {them} och bygg igen."
        return "\n".join([head, *(f"  - {issue}" for issue in self.issues)])


_OS_REASONS = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EEXIST: "det finns redan något med det namnet",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOSPC: "disken är full",
    errno.ENOTEMPTY: "mappen är inte tom",
    errno.EBUSY: "filen eller mappen används",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.ELOOP: "för många symboliska länkar i sökvägen",
    errno.EXDEV: "källan och målet ligger på olika filsystem",
}


def describe_os_error(err: BaseException) -> str:
    """A file-system error in Swedish: the reason, and the path when there is one."""
    number = getattr(err, "errno", None)
    reason = _OS_REASONS.get(number, f"systemfel {number}") if number else "okänt systemfel"
    path = getattr(err, "filename", None)
    return f"{reason} ({path})" if path else reason
