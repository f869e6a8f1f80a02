"""Read a spreadsheet someone else made (.xlsx or .csv) without trusting it.

Everything here treats the file as hostile: a wrong extension, a zip bomb, a stale size
declaration in the sheet, Swedish Excel's cp1252 CSV and huge cells all end in a Swedish
`SheetError`, never in a traceback or an exhausted machine.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .errors import UserError

MAX_FILE_BYTES = 50_000_000  # the file on disk
MAX_UNPACKED_BYTES = 100_000_000  # all parts of an .xlsx together, uncompressed (50 000 rows: about 70 MB)
MAX_ROWS = 50_000  # about ten times the largest city-wide inventory
MAX_CELL_CHARS = 10_000  # a long purpose text is a few hundred characters


class SheetError(UserError):
    """The file cannot be read as a spreadsheet; the message says why, in Swedish."""


def read_rows(path: Path) -> tuple[list[list[Any]], list[str]]:
    """All rows of the first sheet (header first) and the column labels (A, B, … or 1, 2, …)."""
    name = path.name
    if path.is_dir():
        raise SheetError(f"{name} är en mapp, inte en fil; ange en .xlsx- eller .csv-fil")
    if not path.exists():
        raise SheetError(f"filen {path} finns inte")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SheetError(f"{name}: filen måste sluta på .xlsx eller .csv")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SheetError(f"{name} är för stor ({size // 1_000_000} MB); största tillåtna storlek är "
                             f"{MAX_FILE_BYTES // 1_000_000} MB")
        rows = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path)
        table = _bounded(rows, name)
    except PermissionError:
        raise SheetError(f"{name} går inte att läsa (behörighet saknas)") from None
    except OSError as err:
        raise SheetError(f"{name} går inte att läsa: {err.strerror or err}") from None
    width = max((len(r) for r in table), default=0)
    labels = [get_column_letter(i) if suffix == ".xlsx" else str(i) for i in range(1, width + 1)]
    return table, labels


def _bounded(rows: Iterator[list[Any]], name: str) -> list[list[Any]]:
    table: list[list[Any]] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise SheetError(f"{name} har fler än {MAX_ROWS} rader; dela upp filen")
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SheetError(f"{name}, rad {number}, kolumn {column}: cellen har {len(value)} tecken; "
                                 f"högst {MAX_CELL_CHARS} är tillåtna")
        table.append(row)
    return table


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    name = path.name
    not_excel = f"{name} är ingen Excel-fil (.xlsx), fast namnet slutar på .xlsx; spara den som .xlsx igen"
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise SheetError(not_excel) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(f"{name} packas upp till {unpacked // 1_000_000} MB; största tillåtna är "
                         f"{MAX_UNPACKED_BYTES // 1_000_000} MB (filen kan vara skadad eller skapad för att "
                         "fylla minnet)")
    # A broken or hand-made file fails inside openpyxl in many ways; each means "not a readable workbook".
    unreadable = (zipfile.BadZipFile, InvalidFileException, KeyError, ParseError, ValueError, TypeError,
                  IndexError, EOFError)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except unreadable:
        raise SheetError(not_excel) from None
    try:
        if not book.worksheets:
            raise SheetError(f"{name} har inget kalkylblad")
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the file's own <dimension> may be stale; read every row there is
        try:
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        except unreadable:
            raise SheetError(not_excel) from None
    finally:
        book.close()


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: what Swedish Excel saves as "CSV"."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise SheetError(f"{name} är varken UTF-8 eller Windows-1252 (Excel); spara den som "
                         "\"CSV UTF-8 (kommaavgränsad)\" och försök igen") from None


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    text = _decode(path.read_bytes(), path.name)
    if "\0" in text:
        raise SheetError(f"{path.name} innehåller nolltecken och är ingen textfil; spara den som CSV igen")
    first = text.split("\n", 1)[0]
    # The header line decides the separator; a one-column file has none, and any will do.
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield list(row)
    except csv.Error:
        raise SheetError(f"{path.name}, rad {reader.line_num}: raden går inte att läsa som CSV "
                         "(ett citattecken saknar sin pendang eller cellen är för lång)") from None
