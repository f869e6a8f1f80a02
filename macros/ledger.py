"""The archive of adopted editions and its ledger: what was adopted, by whom, and the files that prove it.

`lis faststall` (macros/adopt.py) stores each adopted edition under docs/arkiv/ (the page's source
text, a PDF of it, and for a register the data files it consists of) and appends one entry to
docs/arkiv/liggare.yaml. Nothing else writes there. The ledger is append-only, and the build
checks that it stayed so:

- every entry's `kontrollsumma` is the SHA-256 of the previous entry's checksum and the entry's
  own fields, so an edited, removed or reordered entry breaks the chain from there on;
- every archived file must match the SHA-256 the ledger recorded for it, so a replaced PDF is found;
- every file under docs/arkiv/ must be named by an entry, so a file slipped in beside them is found.

The archive lies under docs/ so that the site publishes every edition: anyone can open the text
that was in force on a given day.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from .errors import DataIssue
from .models import IsoDate, JaNej, Record, Slug, Text
from .outputs import sha256_of
from .sources import published_files
from .validation import translate_errors
from .yamlsource import LineDict, line_of, read_yaml_file

ARCHIVE = "arkiv"  # under docs/
LEDGER = f"{ARCHIVE}/liggare.yaml"
LEDGER_KEY = "fastställelser"
# A version names a folder of the archive: letters, digits, dots and dashes, as "2.0" or "2026.1".
VERSION = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z.\-]{0,30}[0-9A-Za-z])?")

HEADER = """\
# Liggaren över fastställda utgåvor. Visas på: varje fastställt dokuments sida, Styrande dokument
# (dokumentregistret), Vad är nytt och i tillsynspaketet.
# Skrivs bara av kommandot lis faststall; ändra aldrig i den för hand. Varje post har en
# kontrollsumma som också bygger på föregående post, och varje arkiverad fil har sin SHA-256 här.
# Bygget och lis kontrollera stoppar om en post eller en fil har ändrats eller tagits bort.
fastställelser:
"""


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256: 64 tecken 0–9 och a–f.")]


class ArchivedFile(Record):
    path: Text = Field(alias="fil", description="Filen under docs/arkiv/.")
    sha256: Sha256 = Field(alias="sha256")


class Adoption(Record):
    """One adopted edition: the decision and the archived files."""

    number: int = Field(alias="nummer", ge=1)
    document: Text = Field(alias="dokument", description="Sidan under docs/, t.ex. rutiner/incidenthantering.md.")
    version: Text | None = Field(None, alias="version",
                                 description="Den fastställda versionen (utelämnas för en genomgång).")
    decided_by: Slug = Field(alias="beslutad_av", description="Roll-id för den som fattade beslutet.")
    adopted: IsoDate = Field(alias="fastställd", description="Beslutsdagen.")
    reference: Text = Field(alias="diarienummer")
    example: JaNej = Field(False, alias="exempel", description="ja om beslutsuppgifterna är påhittade exempel.")
    archived: IsoDate = Field(alias="arkiverad", description="Dag då utgåvan lades i arkivet.")
    files: list[ArchivedFile] = Field(alias="filer", min_length=1)
    checksum: Sha256 = Field(alias="kontrollsumma")

    def file_ending(self, suffix: str) -> ArchivedFile | None:
        return next((f for f in self.files if f.path.endswith(suffix)), None)

    @property
    def pdf(self) -> ArchivedFile | None:
        return self.file_ending(".pdf")

    @property
    def source(self) -> ArchivedFile | None:
        return self.file_ending(SOURCE_SUFFIX)


class LedgerFile(Record):
    adoptions: list[Adoption] = Field(default_factory=list, alias=LEDGER_KEY)


SOURCE_SUFFIX = ".md.txt"  # an archived page: its Markdown as text, so MkDocs copies it instead of building it


def edition_folder(document: str, version: str | None) -> str:
    """Where an edition's files lie under docs/: arkiv/rutiner/incidenthantering/3.0."""
    stem = f"{ARCHIVE}/{document.removesuffix('.md')}"
    return f"{stem}/{version}" if version else stem


def canonical(fields: Mapping[str, Any]) -> str:
    """The entry's fields (without its checksum) as one line of JSON: what the checksum covers."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_fields(a: Adoption) -> dict[str, Any]:
    return {"nummer": a.number, "dokument": a.document, "version": a.version, "beslutad_av": a.decided_by,
            "fastställd": a.adopted.isoformat(), "diarienummer": a.reference, "exempel": a.example,
            "arkiverad": a.archived.isoformat(), "filer": [[f.path, f.sha256] for f in a.files]}


def chained(previous: str, fields: Mapping[str, Any]) -> str:
    """An entry's checksum: SHA-256 over the previous entry's checksum and this entry's fields."""
    return sha256_hex(f"{previous}\n{canonical(fields)}".encode())


@dataclass(frozen=True)
class Ledger:
    """Every adopted edition in ledger order, and the problems found in the ledger and the archive."""

    adoptions: tuple[Adoption, ...] = ()
    issues: tuple[DataIssue, ...] = ()
    last_checksum: str = ""

    def of(self, document: str) -> tuple[Adoption, ...]:
        """The adoptions of one page, oldest first."""
        return tuple(a for a in self.adoptions if a.document == document)

    def latest(self, document: str) -> Adoption | None:
        found = self.of(document)
        return found[-1] if found else None

    def adopted(self, document: str, version: str | None) -> Adoption | None:
        return next((a for a in self.of(document) if a.version == version), None)


def load_ledger(docs_dir: Path, role_ids: Iterable[str] | None = None) -> Ledger:
    """Read docs/arkiv/liggare.yaml and check it and every archived file; a missing ledger is an empty one."""
    path = docs_dir / LEDGER
    label = f"{docs_dir.name}/{LEDGER}"
    if not path.exists() and not path.is_symlink():
        return Ledger(issues=tuple(_unlisted(docs_dir, set())))
    data, problems = read_yaml_file(path, label)
    if problems:
        return Ledger(issues=tuple(problems))
    if not isinstance(data, LineDict):
        return Ledger(issues=(DataIssue(label, getattr(data, "line", 1), None, None,
                                        f"filen ska börja med {LEDGER_KEY}:"),))
    try:
        ledger = LedgerFile.model_validate(data)
    except ValidationError as err:
        return Ledger(issues=tuple(translate_errors(err, data, label, LedgerFile)))
    issues = _check(docs_dir, label, data, ledger.adoptions, set(role_ids) if role_ids is not None else None)
    listed = {f.path for a in ledger.adoptions for f in a.files}
    issues += _unlisted(docs_dir, listed)
    last = ledger.adoptions[-1].checksum if ledger.adoptions else ""
    return Ledger(tuple(ledger.adoptions), tuple(issues), last)


def _check(docs_dir: Path, label: str, data: Any, adoptions: list[Adoption],
           role_ids: set[str] | None) -> list[DataIssue]:
    issues: list[DataIssue] = []
    previous = ""
    seen: set[tuple[str, str | None]] = set()
    for index, a in enumerate(adoptions):
        name = f"fastställelse {index + 1} ({a.document}{f' version {a.version}' if a.version else ''})"

        def issue(field: str | None, message: str, *, where: tuple[Any, ...] = (), at: int = index,
                  entry: str = name) -> None:
            loc = (LEDGER_KEY, at, *((field,) if field else ()), *where)
            issues.append(DataIssue(label, line_of(data, loc), entry, field, message))

        if a.number != index + 1:
            issue("nummer", f"posterna ska vara numrerade 1, 2, 3 … i ordning; här står {a.number} där "
                            f"{index + 1} väntas. En post tas aldrig bort eller flyttas.")
        if a.checksum != chained(previous, entry_fields(a)):
            issue("kontrollsumma", "posten stämmer inte med sin kontrollsumma: den har ändrats, eller en post "
                                   "före den har ändrats eller tagits bort. Liggaren får bara växa genom lis "
                                   "faststall. Återställ filen från git (git checkout -- docs/arkiv/liggare.yaml).")
        previous = a.checksum
        if (a.document, a.version) in seen:
            issue("version", "samma dokument och version är redan fastställt i en tidigare post")
        seen.add((a.document, a.version))
        if a.version is not None and not VERSION.fullmatch(a.version):
            issue("version", "en version får bara innehålla bokstäver, siffror, punkt och bindestreck")
        if role_ids is not None and a.decided_by not in role_ids:
            issue("beslutad_av", f'okänd roll "{a.decided_by}". Kända roller: {", ".join(sorted(role_ids))}.')
        folder = edition_folder(a.document, a.version) + "/"
        for number, archived in enumerate(a.files):
            if not archived.path.startswith(folder) or ".." in archived.path.split("/"):
                issue("filer", f"{archived.path} ligger inte i utgåvans mapp {folder}", where=(number,))
                continue
            path = docs_dir / archived.path
            shown = f"{docs_dir.name}/{archived.path}"
            if not path.is_file() or path.is_symlink():
                issue("filer", f"{shown} saknas i arkivet. En arkiverad utgåva tas aldrig bort; återställ filen "
                               "från git.", where=(number,))
            elif sha256_of(path) != archived.sha256:
                issue("filer", f"{shown} stämmer inte med kontrollsumman i liggaren: filen har bytts ut eller "
                               "ändrats efter arkiveringen. En arkiverad utgåva ersätts aldrig; återställ filen "
                               "från git.", where=(number,))
    return issues


def _unlisted(docs_dir: Path, listed: set[str]) -> list[DataIssue]:
    """Files under docs/arkiv/ that no ledger entry names (only lis faststall puts files there)."""
    folder = docs_dir / ARCHIVE
    found = []
    for path in published_files(folder):
        rel = f"{ARCHIVE}/{path.relative_to(folder).as_posix()}"
        if rel != LEDGER and rel not in listed:
            found.append(DataIssue(f"{docs_dir.name}/{rel}", None, None, None,
                                   "filen ligger i arkivet men finns inte i liggaren (docs/arkiv/liggare.yaml). "
                                   "Bara lis faststall lägger filer i arkivet; ta bort filen eller fastställ "
                                   "dokumentet med lis faststall."))
    return found


def entry_yaml(a: Adoption) -> str:
    """One entry as the ledger writes it (appended under `fastställelser:`)."""
    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar

    lines = [f"  - nummer: {a.number}", f"    dokument: {quoted(a.document)}"]
    if a.version is not None:
        lines.append(f"    version: {quoted(a.version)}")
    lines += [f"    beslutad_av: {a.decided_by}", f"    fastställd: {a.adopted.isoformat()}",
              f"    diarienummer: {quoted(a.reference)}", f"    exempel: {'ja' if a.example else 'nej'}",
              f"    arkiverad: {a.archived.isoformat()}", "    filer:"]
    for archived in a.files:
        lines += [f"      - fil: {quoted(archived.path)}", f"        sha256: {archived.sha256}"]
    lines.append(f"    kontrollsumma: {a.checksum}")
    return "\n".join(lines) + "\n"


def new_entry(ledger: Ledger, document: str, version: str | None, decided_by: str, adopted: date, reference: str,
              example: bool, archived: date, files: list[tuple[str, str]]) -> Adoption:
    """The next entry, chained to the last one."""
    fields = {"nummer": len(ledger.adoptions) + 1, "dokument": document, "version": version,
              "beslutad_av": decided_by, "fastställd": adopted.isoformat(), "diarienummer": reference,
              "exempel": example, "arkiverad": archived.isoformat(), "filer": [list(f) for f in files]}
    return Adoption.model_validate({
        **fields, "filer": [{"fil": p, "sha256": s} for p, s in files],
        "kontrollsumma": chained(ledger.last_checksum, fields)})
