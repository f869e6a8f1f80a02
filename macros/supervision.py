"""`lis tillsyn`: one package with what a supervisor (Länsstyrelsen, MCF) or an auditor asks for.

The package is a zip file (or, with `--mapp`, a folder): a cover letter (`foljebrev.txt`) filled from the
request and the data, the registers its declarations put there (macros/registers/) as .xlsx and .csv, the
coordinator's judgement per point of 2 kap. 3 §, the stance on ledningen and the continuity status
(supervision_parts.py), the adopted edition in force of every adopted governing document and the latest
adopted management review as PDF from the archive (docs/arkiv/), and `innehall.txt`, which lists every part
with its stamp, where it comes from (page titles, never paths) and whether it is marked as covered by
secrecy. The secrecy review is recorded, or its absence is shown on top of both text files
(supervision_request.py). The package is put together in a temporary folder and moved into place only
when every item is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from . import atomic, outputs, pages, pdf, published
from . import models as m
from . import spreadsheet as sheet
from . import supervision_parts as parts
from .catalogue import Register, Scope
from .collation import swedish_key
from .columns import HANDBOOK_STAMP, Stamp, clean_text, marked_as_example
from .columns import Table as ColumnTable
from .documents import DocStatus, GoverningDoc, page_title, title_of
from .errors import UserError, describe_os_error
from .handbook import Handbook
from .project import Project
from .registers import in_supervision
from .registers.continuity import PAGE as CONTINUITY_PAGE
from .staff_edition import FROM_LIS_EDITION
from .supervision_request import (
    LETTER,
    NOT_REVIEWED,
    TRANSFER,
    Request,
    RequestArgs,
    check_parts,
    letter_text,
    mark_of,
    resolve,
    secrecy_lines,
)
from .swedish import count

CONTENTS = "innehall.txt"
COMMAND = "tillsyn"
STAMP_TEXT = "kolumnerna Handbokens version och Beräknat per på varje rad"


class SupervisionError(UserError):
    """The package was refused; the message says why in Swedish. Nothing has been written."""


@dataclass(frozen=True)
class PackageFile:
    """One table in the package, as .xlsx and .csv."""

    stem: str  # file name without suffix: the part's name
    sheet: str
    headers: Sequence[str]
    rows: list[list[Any]]
    what: str  # Swedish description for innehall.txt
    source: str  # where it comes from, in words (page titles, never paths)


@dataclass(frozen=True)
class Plan:
    """What the package will hold, decided before anything is built or written."""

    tables: list[PackageFile]
    review: m.Review | None
    missing: list[str]  # Swedish notes on items the data does not have
    editions: list[str] = field(default_factory=list)  # the part names of the adopted editions

    @property
    def parts(self) -> list[str]:
        """Every part's name (its file name without suffix), in package order; the cover letter lists them."""
        review = [f"ledningens-genomgang-{self.review.year}"] if self.review else []
        return [*(t.stem for t in self.tables), *self.editions, *review]


def default_output(root: Path, as_of: date, folder: bool) -> Path:
    name = f"tillsynspaket-{as_of.isoformat()}"
    return root / "tillsyn" / (name if folder else f"{name}.zip")


def stamped(table: ColumnTable[Any, Any], as_of: date, version: str) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of a register in the package: its exported columns, each row ending with the handbook's
    edition and the reference date (a register's own version, such as the SoA's, stays before them)."""
    kept = [c for c in table.columns if c.exported and c.stamp not in (Stamp.HANDBOOK_VERSION, Stamp.AS_OF)]
    headers = [*(c.export_header(as_of) for c in kept), *HANDBOOK_STAMP]
    rows = [[*(c.export_value(r, table.context) for c in kept), version, as_of] for r in table.rows]
    return headers, rows


def chosen_review(hb: Handbook, year: int | None) -> m.Review | None:
    """The review asked for (it must be adopted), else the latest adopted one, else None."""
    if year is not None:
        review = hb.review(year)  # a Swedish error naming the known years
        if review.status is not m.ReviewStatus.ADOPTED:
            raise SupervisionError(f"genomgången {year} har status {review.status.value} i data/genomgangar.yaml; "
                                   "ett tillsynspaket tar bara med en fastställd genomgång. Ingenting har skrivits.")
        return review
    adopted = [r for r in hb.reviews if r.status is m.ReviewStatus.ADOPTED]
    return max(adopted, key=lambda r: r.year) if adopted else None


def page_titles(root: Path | None, docs: Sequence[GoverningDoc]) -> Callable[[str], str]:
    """A page's title as the site shows it, from its path under docs/ (without `root`: from its file name)."""
    def title(page: str) -> str:
        if root is not None and not any(d.src_path == page for d in docs) and (root / "docs" / page).is_file():
            return page_title(root / "docs", page)
        return title_of(page, docs)
    return title


def _source(register: Register, title: Callable[[str], str]) -> str:
    """Where a register comes from, in words: the page that shows it, else the data's own title."""
    if register.pages:
        return f"handbokens sida {title(register.pages[0])}"
    assert register.data is not None
    return f"handbokens uppgifter om {register.data.title[0].lower()}{register.data.title[1:]}"


def _own_parts(hb: Handbook, docs: Sequence[GoverningDoc], as_of: date, version: str,
               title: Callable[[str], str]) -> list[PackageFile]:
    """The parts no register exports: the judgement per point of 2 kap. 3 §, ledningen and continuity."""
    def table(stem: str, sheet_name: str, rows: parts.Rows, what: str, source: str) -> PackageFile:
        headers, body = marked_as_example([*rows[0], *HANDBOOK_STAMP], [[*r, version, as_of] for r in rows[1]],
                                          hb.organisation.example_data)
        return PackageFile(stem, sheet_name, headers, body, what, source)
    law = f"handbokens sida {title(pages.LAW)}"
    nis2 = parts.nis2_assessment(hb, as_of, title)
    judged = sum(1 for r in nis2[1] if r[3] != parts.NOT_JUDGED)
    cont = parts.continuity(hb, as_of)
    return [
        table("bedomning-2-kap-3-cybersakerhetslagen", "Bedömning 2 kap. 3 §", nis2,
              f"Samordnarens bedömning av säkerhetsåtgärderna per punkt 1–10 i 2 kap. 3 § cybersäkerhetslagen "
              f"({judged} av {len(nis2[1])} punkter bedömda): täckt, delvis eller saknas, med motivering, datum, "
              "avsnitt i ISO/IEC 27001, belägg och åtgärder.", law),
        table("ledningen", "Ledningen", parts.management(hb, docs),
              "Vem som räknas som ledningen enligt 2 kap. 4 § cybersäkerhetslagen, motiveringen och beslutet "
              "(utbildningen står i ledningsutbildning).", law),
        table("kontinuitet", "Kontinuitet", cont,
              f"Kontinuitet per system i drift ({len(cont[1])} system, {parts.gap_count(cont[1])} med brister): "
              "om kontinuitet krävs (samhällsviktigt, tillgänglighet 3 eller högre eller inte klassat), "
              "reservrutin, tester, säkerhetskopiering och återställningsmål.",
              f"handbokens sida {title(CONTINUITY_PAGE)}"),
    ]


def _names(hb: Handbook, docs: Sequence[GoverningDoc], title: Callable[[str], str]) -> parts.Names:
    """What the package shows instead of a role id, a page's path, a system id or an archived edition's path."""
    roles = {r.id: r.name for r in hb.organisation.roles}
    systems = {s.id: s.name for s in hb.systems}
    editions = {f"docs/{d.adoption.pdf.path}": edition_name(d)
                for d in _archived(docs) if d.adoption and d.adoption.pdf}
    return {parts.ROLE: roles.get, parts.SYSTEM: systems.get, parts.EDITION: editions.get,
            parts.PAGE: lambda path: title(path.removeprefix("docs/")) if path.endswith(".md") else None}


def plan(project: Project, as_of: date, version: str, year: int | None, root: Path | None = None) -> Plan:
    """Every register the package holds, as its declaration says (macros/registers/), its own parts and the
    review."""
    hb = project.handbook
    scope = Scope(hb, as_of, version, project.documents)
    title = page_titles(root, project.documents)
    files, missing = [], []
    names = _names(hb, project.documents, title)
    for register in in_supervision():
        export, data = register.export, register.data
        assert export is not None and export.what is not None and register.table is not None
        if data is not None and data.name not in hb.files:  # an optional file the district does not have yet
            missing.append(f"{export.sheet}: ingen fil; uppgifterna finns ännu inte i handboken.")
            continue
        table = register.table(scope)
        headers, rows = marked_as_example(*stamped(table, as_of, version), hb.organisation.example_data)
        rows = parts.readable(headers, rows, names)
        files.append(PackageFile(export.stem, export.sheet, headers, rows, export.what(scope, table),
                                 _source(register, title)))
    files += _own_parts(hb, project.documents, as_of, version, title)
    editions = [edition_name(d).removesuffix(".pdf") for d in _archived(project.documents)]
    return Plan(files, chosen_review(hb, year), missing, editions)


def _review_item(root: Path, project: Project, review: m.Review | None, as_of: date, folder: Path,
                 build: Callable[[Path, Path], None]) -> tuple[str, list[str]]:
    """Put the review's PDF into `folder`: its archived adopted edition, else a fresh print that says so."""
    if review is None:
        return "", ["- Ledningens genomgång: ingen fil. Ingen ledningens genomgång är fastställd, så paketet "
                    "innehåller ingen."]
    name = f"ledningens-genomgang-{review.year}.pdf"
    decision = f"fastställd {review.adopted}" if review.adopted else "fastställd"
    if review.reference:
        decision += f", diarienummer {review.reference}"
    adoption = project.ledger.latest(pages.review_page(review.year))
    if adoption is not None and adoption.pdf is not None:
        shutil.copyfile(root / "docs" / adoption.pdf.path, folder / name)
        return name, [f"- {name}", f"  Ledningens genomgång {review.year}, {decision}.",
                      f"  Källa: handbokens arkiv över fastställda utgåvor (fastställelse {adoption.number}).",
                      f"  Stämpel: arkiverad fastställd utgåva, SHA-256 {adoption.pdf.sha256}."]
    pdf.export(root, project, str(review.year), folder / name, as_of, build, replace=True)
    figures = review.as_of.isoformat() if review.as_of else as_of.isoformat()
    return name, [f"- {name}", f"  Ledningens genomgång {review.year}, {decision}.",
                  "  OBS: genomgången finns inte i handbokens arkiv över fastställda utgåvor, så filen är utskriven "
                  "ur dagens text och är inte den arkiverade fastställda utgåvan.",
                  f"  Källa: handbokens sida Ledningens genomgång {review.year}, utskriven {as_of}.",
                  f"  Stämpel: titelsidan anger att siffrorna gäller per {figures} och att den är utskriven {as_of}."]


def edition_name(doc: GoverningDoc) -> str:
    """The file name of a document's adopted edition in the package (all files lie at its top level)."""
    assert doc.adoption is not None
    return f"styrdokument-{doc.src_path.removesuffix('.md').replace('/', '-')}-{doc.adoption.version}.pdf"


def _archived(docs: Sequence[GoverningDoc]) -> list[GoverningDoc]:
    """The adopted documents whose edition in force is archived, in package order."""
    return [d for d in sorted(docs, key=lambda d: (d.meta.type.value, swedish_key(d.title)))
            if d.adoption is not None and d.adoption.pdf is not None]


def _edition_items(root: Path, hb: Handbook, docs: Sequence[GoverningDoc], folder: Path
                   ) -> list[tuple[str, list[str]]]:
    """The adopted edition in force of every adopted document, copied from the archive (never today's text)."""
    items = []
    for doc in _archived(docs):
        adoption = doc.adoption
        assert adoption is not None and adoption.pdf is not None
        name = edition_name(doc)
        shutil.copyfile(root / "docs" / adoption.pdf.path, folder / name)
        note = (f" Dokumentet är under revidering; version {doc.meta.version} är inte fastställd och ingår inte."
                if doc.status is DocStatus.UNDER_REVISION else "")
        items.append((name, [
            f"- {name}",
            f"  {doc.title}, version {adoption.version}, fastställd {adoption.adopted} av "
            f"{hb.role(adoption.decided_by).name}, diarienummer {adoption.reference}"
            f"{' (exempel)' if adoption.example else ''}.{note}",
            f"  Källa: handbokens arkiv över fastställda utgåvor (fastställelse {adoption.number}), "
            f"SHA-256 {adoption.pdf.sha256}."]))
    return items


def contents_text(hb: Handbook, as_of: date, version: str, items: list[str], request: Request) -> str:
    org = hb.organisation
    lines = ([NOT_REVIEWED, ""] if request.reviewer is None else []) + [
        f"Tillsynspaket för {org.district} ({org.board})", "",
        f"Till: {request.authority.name}, ert diarienummer {request.their_reference}",
        f"Vårt diarienummer: {request.our_reference}",
        f"Beräknat per: {as_of} (LIS_DATE eller dagen då paketet skapades)",
        f"Handbokens version: {version}", "Skapat med: lis tillsyn", ""]
    if org.example_data:
        lines += ["Exempeldata: system, kontaktuppgifter och siffror i handboken är påhittade exempel och gäller "
                  "inte verksamheten.", ""]
    lines += [*secrecy_lines(request), "", TRANSFER, "", "Innehåll", "",
              f"- {LETTER}", "  Följebrevet: till vem, båda diarienumren, verksamhetsutövaren, kontaktperson och "
              "sekretessprövningen.", *items, "",
              "Tabellerna finns både som .xlsx och som .csv (semikolonseparerad, UTF-8). Text som ett "
              "kalkylprogram kunde läsa som en formel står som text; i .csv-filerna har den en apostrof först."]
    return "\n".join(clean_text(line) for line in lines) + "\n"


def _with_mark(request: Request, name: str, lines: list[str]) -> list[str]:
    """An item's lines with its secrecy marking, if the coordinator marked it."""
    mark = mark_of(request, Path(name).stem if name.endswith(".pdf") else name)
    return [*lines, f"  Sekretess: markerad som omfattad av {mark}."] if mark else lines


def build_package(root: Path, project: Project, the_plan: Plan, as_of: date, version: str, folder: Path,
                  build: Callable[[Path, Path], None], request: Request) -> list[str]:
    """Write every item into the empty `folder`; return the file names in package order."""
    items: list[str] = []
    for table in the_plan.tables:
        sheet.write_xlsx(folder / f"{table.stem}.xlsx", table.sheet, table.headers, table.rows)
        sheet.write_csv(folder / f"{table.stem}.csv", table.headers, table.rows)
        items += _with_mark(request, table.stem, [
            f"- {table.stem}.xlsx och {table.stem}.csv", f"  {table.what}", f"  Källa: {table.source}.",
            f"  Stämpel: {STAMP_TEXT}."])
    for name, lines in [*_edition_items(root, project.handbook, project.documents, folder),
                        _review_item(root, project, the_plan.review, as_of, folder, build)]:
        items += _with_mark(request, name, lines)
    items += [f"- {note}" for note in the_plan.missing]
    hb = project.handbook
    atomic.write_text(folder / LETTER, clean_letter(letter_text(hb, request, the_plan.parts, as_of)))
    atomic.write_text(folder / CONTENTS, contents_text(hb, as_of, version, items, request))
    return sorted(p.name for p in folder.iterdir())


def clean_letter(text: str) -> str:
    return "\n".join(clean_text(line) for line in text.split("\n"))


# --- Writing the package whole or not at all --------------------------------------------------------


def check_target(root: Path, output: Path, folder: bool, replace: bool) -> None:
    """Refuse early (before a long build) what cannot or may not be written."""
    outputs.check_allowed(root, output)
    if outputs.present(output):
        if folder and not output.is_dir():
            raise SupervisionError(f"{output} finns men är ingen mapp; ingenting har skrivits")
        if not folder and output.is_dir():
            raise SupervisionError(f"{output} är en mapp; ange en zip-fil med --ut eller en ny mapp med --mapp. "
                                   "Ingenting har skrivits.")
    outputs.check_replaceable(root, COMMAND, [output], replace)
    for ancestor in output.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise SupervisionError(f"{ancestor} finns men är ingen mapp; ingenting har skrivits")
            if not os.access(ancestor, os.W_OK | os.X_OK):
                raise SupervisionError(f"du får inte skriva i mappen {ancestor}; ingenting har skrivits")
            return


def _zip(folder: Path, names: list[str], target: IO[bytes], as_of: date) -> None:
    """A zip with the files at its top level, every entry dated the reference date (same input, same zip)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())


def _place_folder(root: Path, work: Path, names: list[str], output: Path) -> None:
    """Put a copy of `work` at `output` in one rename; an earlier package there (proved ours) goes last."""
    staged = outputs.new_folder_beside(output)
    try:
        for name in names:
            shutil.copyfile(work / name, staged / name)
        with outputs.set_aside(root, COMMAND, output) as old:
            os.replace(staged, output)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)  # our own new folder (gone already once it is in place)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write(root: Path, project: Project, output: Path, as_of: date, version: str, the_plan: Plan, folder: bool,
          build: Callable[[Path, Path], None], request: Request, replace: bool = False) -> list[str]:
    """Build the package in a temporary folder, then move it to `output` in one step; return its file names."""
    missing_parents = [p for p in reversed(output.parents) if not p.exists()]
    with tempfile.TemporaryDirectory(prefix="lis-tillsyn-") as tmp:
        work = Path(tmp) / "paket"
        work.mkdir()
        names = build_package(root, project, the_plan, as_of, version, work, build, request)
        published.check_files([(work / name, f"{output.name}/{name}") for name in names],
                              project.handbook.organisation.test_numbers, "Tillsynspaketet", root)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            check_target(root, output, folder, replace)  # again: the build took a while
            if folder:
                _place_folder(root, work, names, output)
            else:
                with atomic.replacing(output) as stream:
                    _zip(work, names, stream, as_of)
            outputs.remember(root, COMMAND, [output])
        except BaseException as err:
            outputs.remove_created(missing_parents)  # the folders this command created go too, if still empty
            if isinstance(err, OSError):
                raise SupervisionError(f"kan inte skriva {output}: {describe_os_error(err)}; ingenting har "
                                       "skrivits") from None
            raise
    return names


def supervise(root: Path, output: Path | None, folder: Path | None, replace: bool, year: int | None, as_of: date,
              load: Callable[[Path, date], Project], version: str, build: Callable[[Path, Path], None],
              asked: RequestArgs) -> str:
    """`lis tillsyn`: a zip (or with `folder` a folder) at the given or default place; the message for the user."""
    as_folder = folder is not None
    target = (folder or output or default_output(root, as_of, as_folder)).absolute()
    check_target(root, target, as_folder, replace)  # before the long build, so a wrong path costs no waiting
    project = load(root, as_of)
    request = resolve(project.handbook, asked, as_of)
    the_plan = plan(project, as_of, version, year, root)
    check_parts(request, the_plan.parts)
    names = write(root, project, target, as_of, version, the_plan, as_folder, build, request, replace)
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    review = (f"med ledningens genomgång {the_plan.review.year}" if the_plan.review
              else "utan ledningens genomgång (ingen är fastställd)")
    secrecy = ("OBS: sekretessprövningen är inte gjord; skicka inte paketet förrän den är gjord"
               if request.reviewer is None else count(len(request.marks), "del markerad som omfattad av sekretess",
                                                      "delar markerade som omfattade av sekretess",
                                                      "ingen del markerad som omfattad av sekretess"))
    return (f"Skrev {shown} {FROM_LIS_EDITION}: {len(names)} filer {review}, beräknat per {as_of}; {secrecy}. "
            f"Innehållet står i {CONTENTS}, följebrevet i {LETTER}.")
