"""`lis faststall`: record a decision and archive the adopted edition (text, PDF, SHA-256) in the ledger.

The edition is printed from a temporary copy of the handbook in which the decision is already
recorded, so the PDF's title page and banner show the decision. Only when the PDF is made are the
files written into docs/arkiv/ (each one new: nothing there is ever replaced) and the entry appended
to the ledger (written beside it and renamed, so the ledger is never half-written).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import models as m
from . import pages, pdf
from .documents import ChangeKind, GoverningDoc
from .editions import PLAN_FILE, plan_yaml
from .errors import UserError, printable
from .ledger import (
    HEADER,
    LEDGER,
    SOURCE_SUFFIX,
    Adoption,
    Ledger,
    edition_folder,
    entry_yaml,
    load_ledger,
    new_entry,
    sha256_hex,
)
from .project import Project, load_project
from .review import decided_in

# What a temporary copy of the handbook needs to build (the rest, e.g. .git, site/ and pdf/, is left out).
_PROJECT_PARTS = ("data", "docs", "macros", "overrides", "mkdocs.yml")


class AdoptError(UserError):
    """Adoption refused; the message says why in Swedish. Nothing has been written."""


@dataclass(frozen=True)
class Decision:
    decided_by: str
    day: date
    reference: str
    example: bool


@dataclass(frozen=True)
class Edition:
    """What is adopted: a page (and its data files), named for messages, with the files to archive."""

    document: str  # page under docs/
    version: str | None
    name: str  # "Incidenthantering, version 3.1" or "Ledningens genomgång 2025"
    files: dict[str, bytes]  # file name in the edition's folder -> content (the PDF is added later)
    print_target: str  # what lis pdf is given


def _document(project: Project, doc: GoverningDoc, decision: Decision, root: Path) -> Edition:
    newest = doc.notes[0]
    if newest.kind is not ChangeKind.SUBSTANTIVE:
        raise AdoptError(f"den senaste ändringen av {doc.title} (version {newest.version}) är redaktionell. En "
                         "redaktionell ändring gäller utan nytt beslut. Det som fastställs är en saklig ändring: "
                         "lägg till den överst under ändringar: med typ: saklig och en ny version. "
                         "Ingenting har ändrats.")
    done = project.ledger.adopted(doc.src_path, newest.version)
    if done is not None:
        raise AdoptError(f"version {newest.version} av {doc.title} är redan fastställd ({done.adopted}, "
                         f"diarienummer {done.reference}). Lägg först till en saklig ändring med en ny version "
                         "under ändringar:. Ingenting har ändrats.")
    if decision.day < newest.day:
        raise AdoptError(f"beslutsdagen {decision.day} ligger före datumet för ändringen som fastställs "
                         f"({newest.day}, version {newest.version}). Ingenting har ändrats.")
    stem = Path(doc.src_path).stem
    files = {f"{stem}{SOURCE_SUFFIX}": (root / "docs" / doc.src_path).read_bytes()}
    for name in doc.meta.data_files:
        files[name] = (root / "data" / name).read_bytes()
    return Edition(doc.src_path, newest.version, f"{doc.title}, version {newest.version}", files,
                   doc.src_path.removesuffix(".md"))


def _review(project: Project, year: int, decision: Decision, root: Path) -> Edition:
    review = project.handbook.review(year)  # a Swedish error naming the known years
    page = pages.review_page(year)
    wanted = (f"status: fastställd, fastställd: {decision.day}, diarienummer: {decision.reference}"
              f"{' och beslut_exempeldata: ja' if decision.example else ''}")
    if review.status is not m.ReviewStatus.ADOPTED or review.adopted != decision.day \
            or review.reference != decision.reference or review.decision_is_example != decision.example:
        raise AdoptError(f"för först in nämndens beslut för {year} i data/genomgangar.yaml ({wanted}) och kör "
                         "kommandot igen. Ingenting har ändrats.")
    done = project.ledger.latest(page)
    if done is not None:
        raise AdoptError(f"ledningens genomgång {year} är redan fastställd och arkiverad ({done.adopted}, "
                         f"diarienummer {done.reference}). En fastställd genomgång ändras inte. Ingenting har "
                         "ändrats.")
    if not (root / "docs" / page).is_file():
        raise AdoptError(f"sidan docs/{page} finns inte. Ingenting har ändrats.")
    files = {f"{year}{SOURCE_SUFFIX}": (root / "docs" / page).read_bytes(),
             PLAN_FILE: plan_yaml(year, decided_in(project.handbook.actions, year)).encode()}
    return Edition(page, None, f"Ledningens genomgång {year}", files, str(year))


def _resolve(project: Project, target: str, decision: Decision, root: Path) -> Edition:
    key = target.strip().strip("/").removeprefix("docs/").removesuffix(".md")
    year = key.removeprefix(f"{pages.REVIEW_FOLDER}/")
    if year.isascii() and year.isdecimal():
        return _review(project, int(year), decision, root)
    for doc in project.documents:
        if doc.src_path.removesuffix(".md") == key:
            return _document(project, doc, decision, root)
    documents = "\n".join(f"  - {d.src_path.removesuffix('.md')} ({d.title})" for d in project.documents)
    raise AdoptError(f'"{printable(target)}" är varken ett år med ledningens genomgång eller ett styrdokument. '
                     f"Ange ett år eller en av de här sidorna (sökväg under docs/ utan .md):\n{documents}")


def _check_decision(project: Project, decision: Decision, as_of: date) -> None:
    roles = {r.id for r in project.handbook.organisation.roles}
    if decision.decided_by not in roles:
        raise AdoptError(f'okänd roll "{printable(decision.decided_by)}" i --beslutad-av. Kända roller: '
                         f"{', '.join(sorted(roles))}. Ingenting har ändrats.")
    if decision.day > as_of:
        raise AdoptError(f"beslutsdagen {decision.day} ligger efter dagens datum {as_of}; ett beslut fastställs "
                         "när det är fattat. Ingenting har ändrats.")
    reference = decision.reference
    if not reference.strip() or len(reference) > 100 or printable(reference) != reference:
        raise AdoptError("diarienumret ska vara en rad text på högst 100 tecken, till exempel \"FAR 2026/123\". "
                         "Ingenting har ändrats.")


def _copy_project(root: Path, target: Path) -> None:
    target.mkdir()
    for part in _PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "site", ".*"))
        elif source.is_file():
            shutil.copyfile(source, target / part)


def _append(ledger_path: Path, entry: Adoption) -> None:
    """Append one entry to the ledger: the old text and the entry, written beside it and renamed."""
    old = ledger_path.read_text(encoding="utf-8") if ledger_path.exists() else HEADER
    if not old.endswith("\n"):
        old += "\n"
    partial = ledger_path.with_name(f".{ledger_path.name}.skrivs")
    partial.write_text(old + entry_yaml(entry), encoding="utf-8")
    os.replace(partial, ledger_path)


def _entry(ledger: Ledger, edition: Edition, decision: Decision, archived: date, files: dict[str, bytes]) -> Adoption:
    folder = edition_folder(edition.document, edition.version)
    listed = [(f"{folder}/{name}", sha256_hex(content)) for name, content in files.items()]
    return new_entry(ledger, edition.document, edition.version, decision.decided_by, decision.day,
                     decision.reference, decision.example, archived, listed)


def _write_new(path: Path, content: bytes) -> None:
    """Write a file that must not exist yet (a file that appears meanwhile is never replaced)."""
    fd, tmp = tempfile.mkstemp(prefix=".arkiv-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def _print(root: Path, edition: Edition, decision: Decision, as_of: date, tmp: Path,
           build: Callable[[Path, Path], None]) -> bytes:
    """The PDF of the edition, printed from a copy of the handbook in which the decision is recorded."""
    copy = tmp / "handbok"
    _copy_project(root, copy)
    docs = copy / "docs"
    ledger = load_ledger(docs)
    folder = docs / edition_folder(edition.document, edition.version)
    folder.mkdir(parents=True)
    for name, content in edition.files.items():
        (folder / name).write_bytes(content)
    _append(docs / LEDGER, _entry(ledger, edition, decision, as_of, edition.files))
    output = tmp / "utgava.pdf"
    pdf.export(copy, load_project(copy), edition.print_target, output, as_of, build)
    return output.read_bytes()


def adopt(root: Path, target: str, decided_by: str, day: date, reference: str, example: bool, as_of: date,
          build: Callable[[Path, Path], None]) -> str:
    """`lis faststall`: check, print, archive and record; return the message for the user."""
    project = load_project(root, as_of=as_of)  # the handbook must be without errors, as lis kontrollera says
    decision = Decision(decided_by, day, reference.strip(), example)
    _check_decision(project, decision, as_of)
    edition = _resolve(project, target, decision, root)
    docs = root / "docs"
    folder = docs / edition_folder(edition.document, edition.version)
    shown = folder.relative_to(root).as_posix()
    if folder.exists() or folder.is_symlink():
        raise AdoptError(f"{shown} finns redan. En arkiverad utgåva ersätts aldrig; ingenting har ändrats.")
    with tempfile.TemporaryDirectory(prefix="lis-faststall-") as tmp:
        files = {**edition.files, f"{Path(edition.document).stem}.pdf": _print(root, edition, decision, as_of,
                                                                                Path(tmp), build)}
    entry = _entry(project.ledger, edition, decision, as_of, files)
    created = [p for p in (folder, *folder.parents) if not p.exists() and p.is_relative_to(docs)]
    folder.mkdir(parents=True)
    try:
        for name, content in files.items():
            _write_new(folder / name, content)
        if load_ledger(docs).last_checksum != project.ledger.last_checksum:
            raise AdoptError("liggaren ändrades medan utgåvan skrevs ut; kör kommandot igen. Ingenting har ändrats.")
        _append(docs / LEDGER, entry)
    except BaseException:
        shutil.rmtree(created[-1], ignore_errors=True)  # only the folders this command created
        raise
    sums = "\n".join(f"  {f.path}: SHA-256 {f.sha256}" for f in entry.files)
    who = project.handbook.role(decision.decided_by).name
    return (f"Fastställde {edition.name} ({who} {decision.day}, diarienummer {decision.reference}"
            f"{', exempel' if example else ''}) och arkiverade utgåvan som fastställelse {entry.number} i "
            f"docs/{LEDGER}:\n{sums}\nChecka in arkivet med: git add docs/arkiv")
