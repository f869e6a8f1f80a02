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

from .errors import UserError

# The limits follow from the domain: a whole city's system inventory is at most about 10 000 systems
# of a few hundred characters each (the example handbook: 30 systems, about 250 characters of text
# each). They are stated in Om handboken. Shared strings let a 34 kB .xlsx repeat one 10 000-character
# text in every cell, so the total text is bounded too, while reading, before anything is written.
MAX_FILE_BYTES = 50_000_000  # the file on disk
MAX_UNPACKED_BYTES = 100_000_000  # all parts of an .xlsx together, uncompressed
MAX_ROWS = 10_000  # systems: a city-wide inventory
MAX_COLUMNS = 100  # cells with a value in one row (the inventory has about 25 columns)
MAX_CELL_CHARS = 10_000  # any one cell; each column has a stricter limit (spreadsheet.py)
MAX_TOTAL_CHARS = 5_000_000  # all text in the file: twice 10 000 systems with ordinary descriptions


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
    if suffix != ".xlsx":
        return table, [str(i) for i in range(1, width + 1)]
    from openpyxl.utils import get_column_letter  # here: openpyxl takes a fifth of every lis command's start

    return table, [get_column_letter(i) for i in range(1, width + 1)]


def _count(number: int) -> str:
    return f"{number:,}".replace(",", " ")  # 10 000, as Swedish text writes it


def _bounded(rows: Iterator[list[Any]], name: str) -> list[list[Any]]:
    table: list[list[Any]] = []
    total = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise SheetError(f"{name} har fler än {_count(MAX_ROWS)} rader (system) under rubrikraden; så många "
                             "system har ingen förvaltning. Dela upp filen")
        if sum(1 for value in row if value not in (None, "")) > MAX_COLUMNS:
            raise SheetError(f"{name}, rad {number}: raden har fler än {MAX_COLUMNS} ifyllda celler; "
                             "systemförteckningen har ungefär 25 kolumner")
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARS:
                    raise SheetError(f"{name}, rad {number}, kolumn {column}: cellen har {len(value)} tecken; "
                                     f"högst {MAX_CELL_CHARS} är tillåtna")
                total += len(value)
        if total > MAX_TOTAL_CHARS:
            raise SheetError(f"{name} innehåller mer än {_count(MAX_TOTAL_CHARS)} tecken text (gränsen nåddes på "
                             f"rad {number}); det är långt mer än en systemförteckning behöver. Ingenting har "
                             "importerats")
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
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

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
