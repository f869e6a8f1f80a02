"""The inventory and the action plan to and from spreadsheets (.xlsx and .csv) with Swedish headers."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from . import models as m
from .loader import Handbook, swedish_message
from .review import action_state

# Header -> path of the YAML key (nested keys joined with a dot); the order is the column order.
SYSTEM_COLUMNS = {
    "Id": "id", "Namn": "namn", "Syfte": "syfte", "Förvaltningsobjekt": "förvaltningsobjekt",
    "Systemägare": "systemägare", "Leverantör": "leverantör", "Stadsgemensamt": "stadsgemensamt",
    "Personuppgifter": "personuppgifter", "Samhällsviktig": "samhällsviktig", "I drift sedan": "i_drift_sedan",
    "Avvecklat": "avvecklat", "Klassningsprotokoll": "klassningsprotokoll", "Klassning datum": "klassning.datum",
    "K": "klassning.K", "R": "klassning.R", "T": "klassning.T", "S": "klassning.S", "Uppföljd": "uppföljd",
    "PUB-avtal": "pub_avtal", "Konsekvensbedömning krävs": "konsekvensbedömning.krävs",
    "Konsekvensbedömning status": "konsekvensbedömning.status",
    "Konsekvensbedömning klar": "konsekvensbedömning.datum",
}
ACTION_COLUMNS = {
    "Id": "id", "År": "år", "Område": "område", "Åtgärd": "åtgärd", "Ansvarig": "ansvarig", "Senast": "senast",
    "Påbörjad": "påbörjad", "Klar": "klar", "Källa": "källa", "Genomgång": "genomgång", "System": "system",
    "Resultat": "resultat",
}
DATE_KEYS = {"i_drift_sedan", "avvecklat", "klassningsprotokoll", "klassning.datum", "uppföljd",
             "konsekvensbedömning.datum", "senast", "påbörjad", "klar"}
INT_KEYS = {"klassning.K", "klassning.R", "klassning.T", "klassning.S", "år", "genomgång"}


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _flatten(record: dict[str, Any], columns: dict[str, str]) -> list[Any]:
    row = []
    for path in columns.values():
        node: Any = record
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        row.append(_cell(node))
    return row


def system_rows(hb: Handbook) -> list[list[Any]]:
    return [_flatten(s.model_dump(by_alias=True), SYSTEM_COLUMNS) for s in hb.systems]


def action_rows(hb: Handbook, as_of: date) -> list[list[Any]]:
    return [[*_flatten(a.model_dump(by_alias=True), ACTION_COLUMNS), action_state(a, as_of).value]
            for a in hb.actions]


def write_xlsx(path: Path, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(header) + 4))
    book.save(path)


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Semicolon-separated UTF-8 with BOM: what Excel in Swedish opens directly."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row])


def export_all(hb: Handbook, folder: Path, as_of: date) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    tables = [("systemforteckning", "Systemförteckning", list(SYSTEM_COLUMNS), system_rows(hb)),
              ("handlingsplan", "Handlingsplan", [*ACTION_COLUMNS, f"Status per {as_of}"], action_rows(hb, as_of))]
    for stem, sheet, headers, rows in tables:
        write_xlsx(folder / f"{stem}.xlsx", sheet, headers, rows)
        write_csv(folder / f"{stem}.csv", headers, rows)
        written += [folder / f"{stem}.xlsx", folder / f"{stem}.csv"]
    return written


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"rad {self.row}" + (f", kolumn {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_table(path: Path) -> tuple[list[str], list[list[Any]], list[str]]:
    """Headers, rows and the column labels (A, B, … for xlsx; 1, 2, … for csv) of the first sheet."""
    if path.suffix.lower() == ".xlsx":
        ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        all_rows = [list(r) for r in ws.iter_rows(values_only=True)]
        labels = [get_column_letter(i) for i in range(1, len(all_rows[0]) + 1)] if all_rows else []
    elif path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
        all_rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
        labels = [str(i) for i in range(1, len(all_rows[0]) + 1)] if all_rows else []
    else:
        raise ImportError_([RowProblem(0, None, "filen måste sluta på .xlsx eller .csv")])
    if not all_rows:
        raise ImportError_([RowProblem(1, None, "filen är tom")])
    headers = [str(h).strip() if h is not None else "" for h in all_rows[0]]
    rows = [r for r in all_rows[1:] if any(v not in (None, "") for v in r)]
    return headers, rows, labels


def _value(key: str, raw: Any) -> Any:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer() and key in INT_KEYS:
        return int(raw)
    if isinstance(raw, str):
        raw = raw.strip()
        if key in INT_KEYS and re.fullmatch(r"-?\d+", raw):
            return int(raw)
    return raw


def rows_to_entries(headers: list[str], rows: list[list[Any]], labels: list[str]) -> tuple[
        list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """Each row as a nested YAML-like dict, or problems naming row and column."""
    problems = []
    unknown = [h for h in headers if h and h not in SYSTEM_COLUMNS]
    if unknown or "Id" not in headers:
        expected = ", ".join(SYSTEM_COLUMNS)
        problems.append(RowProblem(1, None, f"okända rubriker: {', '.join(unknown) or '–'}; "
                                            f"rubrikerna ska vara: {expected}"))
        return [], problems
    entries = []
    for offset, row in enumerate(rows, start=2):
        entry: dict[str, Any] = {}
        for header, raw in zip(headers, row, strict=False):
            if not header or raw in (None, ""):
                continue
            key = SYSTEM_COLUMNS[header]
            target = entry
            *parents, leaf = key.split(".")
            for parent in parents:
                target = target.setdefault(parent, {})
            target[leaf] = _value(key, raw)
        entries.append((offset, entry))
    return entries, problems


def _column(headers: list[str], labels: list[str], loc: tuple[Any, ...]) -> str | None:
    path = ".".join(str(p) for p in loc if isinstance(p, str))
    for i, header in enumerate(headers):
        if SYSTEM_COLUMNS.get(header) == path or (len(loc) == 1 and SYSTEM_COLUMNS.get(header, "").startswith(path)):
            return f"{labels[i]} ({header})"
    return None


def validate_entries(entries: list[tuple[int, dict[str, Any]]], headers: list[str], labels: list[str],
                     hb: Handbook) -> tuple[list[tuple[int, m.System, dict[str, Any]]], list[RowProblem]]:
    problems, valid = [], []
    objects = {o.id for o in hb.objects}
    seen: dict[str, int] = {}
    for row, entry in entries:
        try:
            system = m.System.model_validate(entry)
        except ValidationError as err:
            for error in err.errors(include_url=False):
                loc = tuple(error["loc"])
                problems.append(RowProblem(row, _column(headers, labels, loc), swedish_message(error, m.System)))
            continue
        if system.management_object not in objects:
            problems.append(RowProblem(row, _column(headers, labels, ("förvaltningsobjekt",)),
                                       f'okänt förvaltningsobjekt "{system.management_object}"'))
        if system.id in seen:
            problems.append(RowProblem(row, _column(headers, labels, ("id",)),
                                       f'id "{system.id}" finns redan på rad {seen[system.id]}'))
        seen[system.id] = row
        valid.append((row, system, entry))
    return valid, problems


# --- Writing YAML entries that keep the file's comments ------------------------------------------

_PLAIN = re.compile(r"[A-Za-zÅÄÖåäöÉé0-9][^:#\n]*")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | date):
        return str(value)
    text = str(value)
    risky = (not _PLAIN.fullmatch(text) or text != text.strip() or text.lower() in ("ja", "nej", "yes", "no",
             "true", "false", "on", "off", "null", "~") or re.fullmatch(r"[\d.+-]+", text) is not None)
    return json.dumps(text, ensure_ascii=False) if risky else text


def entry_yaml(entry: dict[str, Any]) -> str:
    """One system as a YAML list entry in the inventory's key order."""
    lines: list[str] = []
    top = [p for p in SYSTEM_COLUMNS.values() if "." not in p]
    order = list(dict.fromkeys(p.split(".")[0] for p in SYSTEM_COLUMNS.values()))
    for key in order:
        if key not in entry:
            continue
        prefix = "  - " if not lines else "    "
        value = entry[key]
        if key in top:
            lines.append(f"{prefix}{key}: {_scalar(value)}")
        else:
            lines.append(f"{prefix}{key}:")
            subkeys = [p.split(".")[1] for p in SYSTEM_COLUMNS.values() if p.startswith(key + ".")]
            lines += [f"      {sub}: {_scalar(value[sub])}" for sub in subkeys if sub in value]
    return "\n".join(lines) + "\n"


def entry_span(text: str, system_id: str) -> tuple[int, int] | None:
    """Start and end offsets of one system's entry in data/system.yaml."""
    match = re.search(rf"^  - id: {re.escape(system_id)}\s*$", text, re.M)
    if not match:
        return None
    following = re.compile(r"^  (?:- |#)", re.M).search(text, match.end())
    return match.start(), following.start() if following else len(text)


def import_inventory(data_dir: Path, hb: Handbook, source: Path, replace: bool) -> tuple[str, list[str]]:
    """The new text of data/system.yaml with the spreadsheet's systems, and a summary per system.

    Raises ImportError_ naming row and column for every problem; nothing is written here."""
    headers, rows, labels = read_table(source)
    entries, problems = rows_to_entries(headers, rows, labels)
    if problems:
        raise ImportError_(problems)
    valid, problems = validate_entries(entries, headers, labels, hb)
    if problems:
        raise ImportError_(problems)
    existing = {s.id: s for s in hb.systems}
    text = (data_dir / "system.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^system:\s*\[\]\s*$", "system:", text, flags=re.M)  # an empty list gets entries
    summary = []
    for row, system, entry in valid:
        if system.id not in existing:
            text = text.rstrip("\n") + "\n" + entry_yaml(entry)
            summary.append(f"nytt: {system.id}")
        elif existing[system.id] == system:
            summary.append(f"oförändrat: {system.id}")
        elif not replace:
            problems.append(RowProblem(row, _column(headers, labels, ("id",)),
                                       f'systemet "{system.id}" finns redan i data/system.yaml med andra uppgifter; '
                                       "använd --ersatt om raden ska ersätta det"))
        else:
            span = entry_span(text, system.id)
            if span is None:
                problems.append(RowProblem(row, None, f'hittar inte "{system.id}" i data/system.yaml att ersätta'))
                continue
            text = text[: span[0]] + entry_yaml(entry) + text[span[1]:]
            summary.append(f"ersatt: {system.id}")
    if problems:
        raise ImportError_(problems)
    return text, summary
