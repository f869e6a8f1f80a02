"""`lis tillsyn`: one package with what a supervisor (MCF, Länsstyrelsen) or an auditor asks for.

The package is a zip file (or, with `--mapp`, a folder): the document register, the statement of
applicability, the risk register, the incident statistics, the action plan, the registration and
ledningen's training as .xlsx and .csv, the latest adopted management review as PDF, and
`innehall.txt`, which lists every item with its stamp (the reference date and the handbook's version)
and where it comes from. The package is put together in a temporary folder and moved into place only
when every item is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import lis_registers, pages, pdf, registers
from . import models as m
from . import spreadsheet as sheet
from .archive import archive_src, sha256_of
from .collation import swedish_key
from .columns import Column, clean_text
from .columns import Table as ColumnTable
from .documents import GoverningDoc
from .errors import UserError, describe_os_error
from .loader import Handbook
from .project import Project
from .views import review_state

CONTENTS = "innehall.txt"
@dataclass(frozen=True)
class DocContext:
    """What the document register's cells need besides the page: the roles and the reference date."""

    hb: Handbook
    as_of: date


def _decided(d: GoverningDoc) -> bool:
    return d.meta.decided and d.meta.decided_by is not None


# The document register as on Styrande dokument. Its rows are pages (GoverningDoc), not data records, so
# every value is computed (no YAML key) and the columns are typed with Any for the row.
DOCUMENT_COLUMNS: tuple[Column[Any, DocContext], ...] = (
    Column("Dokument", export=lambda d, x: clean_text(d.title)),
    Column("Sida", export=lambda d, x: f"docs/{d.src_path}"),
    Column("Typ", export=lambda d, x: d.meta.type.value),
    Column("Ägare", export=lambda d, x: x.hb.role(d.meta.owner).name),
    Column("Version", export=lambda d, x: d.meta.version),
    Column("Status", export=lambda d, x: d.status.value),
    Column("Beslutad av", export=lambda d, x: x.hb.role(d.meta.decided_by).name if _decided(d) else None),
    Column("Beslutsdatum", export=lambda d, x: d.meta.adopted if _decided(d) else None),
    Column("Diarienummer", export=lambda d, x: d.meta.reference if _decided(d) else None),
    Column("Beslutsuppgifterna är exempel",
           export=lambda d, x: ("ja" if d.meta.example else "nej") if _decided(d) else None),
    Column("Senast granskad", export=lambda d, x: d.meta.reviewed),
    Column("Planerad granskning", export=lambda d, x: d.meta.next_review),
    Column("Granskning", export=lambda d, x: review_state(d, x.as_of)),
    Column("Senast ändrad", export=lambda d, x: d.last_changed),
)
INCIDENT_COLUMNS: tuple[Column[m.IncidentYear, Any], ...] = (
    Column("År", "år", sort=lambda i: i.year),
    Column("NIS-incidenter", "nis_incidenter"),
    Column("Personuppgiftsincidenter", "personuppgiftsincidenter"),
    Column("Anmälda till IMY", "anmälda_till_imy"),
    Column("Kommentar", export=lambda i, x: clean_text(i.comment) if i.comment else None),
    Column("Ursprung", "ursprung"),
)
STAMP_TEXT = "kolumnerna Handbokens version och Beräknat per på varje rad"


class SupervisionError(UserError):
    """The package was refused; the message says why in Swedish. Nothing has been written."""


@dataclass(frozen=True)
class Table:
    stem: str  # file name without suffix
    sheet: str
    headers: Sequence[str]
    rows: list[list[Any]]
    what: str  # Swedish description for innehall.txt
    source: str


@dataclass(frozen=True)
class Plan:
    """What the package will hold, decided before anything is built or written."""

    tables: list[Table]
    review: m.Review | None
    missing: list[str]  # Swedish notes on items the data does not have


def default_output(root: Path, as_of: date, folder: bool) -> Path:
    name = f"tillsynspaket-{as_of.isoformat()}"
    return root / "tillsyn" / (name if folder else f"{name}.zip")


def document_rows(docs: list[GoverningDoc], hb: Handbook, as_of: date) -> list[list[Any]]:
    """The document register as on Styrande dokument, in the same order (by type, then title), one row per page."""
    ordered = sorted(docs, key=lambda d: (d.meta.type.value, swedish_key(d.title)))
    return ColumnTable(DOCUMENT_COLUMNS, tuple(ordered), DocContext(hb, as_of)).export_rows()


def incident_rows(hb: Handbook) -> list[list[Any]]:
    """The incident statistics, one row per year, oldest first."""
    return ColumnTable(INCIDENT_COLUMNS, tuple(hb.incidents), None).sorted().export_rows()


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


def _count(n: int, one: str, many: str) -> str:
    """A Swedish count: "inga ändringar", "1 ändring", "5 ändringar"."""
    return f"inga {many}" if n == 0 else f"1 {one}" if n == 1 else f"{n} {many}"


def plan(project: Project, as_of: date, version: str, year: int | None) -> Plan:
    hb = project.handbook
    missing = []
    stamp = list(sheet.STAMP)
    tables = [Table("dokumentregister", "Dokumentregister", [*(c.header for c in DOCUMENT_COLUMNS), *stamp],
                    sheet.stamped(document_rows(project.documents, hb, as_of), version, as_of),
                    f"Dokumentregistret: {len(project.documents)} styrande dokument med typ, ägare, version, "
                    "status, beslut och granskning (samma register som på sidan Styrande dokument).",
                    "front matter (styrdokument:) i sidorna under docs/")]
    if hb.soa is not None:
        soa = registers.soa_table(hb, as_of)  # its rows end with the SoA's own version and the reference date
        tables.append(Table("tillamplighetsforklaring", "Tillämplighetsförklaring",
                            [*soa.export_headers(as_of)[:-1], *stamp],  # the SoA's own version too
                            sheet.stamped([row[:-1] for row in soa.export_rows()], version, as_of),
                            f"Tillämplighetsförklaringen (SoA), version {hb.soa.version}: "
                            f"{len(hb.soa.controls)} kontroller i ISO/IEC 27001:2022 bilaga A.",
                            "data/tillamplighet.yaml"))
    else:
        missing.append("Tillämplighetsförklaring: ingen fil, eftersom data/tillamplighet.yaml saknas.")
    actions = registers.action_table(hb, as_of)
    risks = lis_registers.risk_table(hb, as_of, version)  # stamped with the handbook's version
    tables += [
        Table("riskregister", "Riskregister", risks.export_headers(as_of), risks.export_rows(),
              f"Riskregistret: {len(hb.risks)} riskbedömningar (alla år) med ägare, sannolikhet, konsekvens, "
              "nivå, behandling, åtgärder, kvarvarande nivå och vem som accepterat den.",
              "data/risker.yaml" + (", bedömda enligt data/riskmetod.yaml" if hb.risk_method else "")),
        Table("incidentstatistik", "Incidentstatistik", [*(c.header for c in INCIDENT_COLUMNS), *stamp],
              sheet.stamped(incident_rows(hb), version, as_of),
              f"Incidentstatistiken: {len(hb.incidents)} år med NIS-incidenter, personuppgiftsincidenter och "
              "anmälningar till IMY.", "data/incidenter.yaml"),
        Table("handlingsplan", "Handlingsplan", [*actions.export_headers(as_of), *stamp],
              sheet.stamped(actions.export_rows(), version, as_of),
              f"Handlingsplanen: {len(hb.actions)} åtgärder med ansvarig, datum och status.", "data/atgarder.yaml"),
    ]
    if hb.registration is not None:
        registration = lis_registers.registration_table(hb, as_of, version)
        tables.append(Table("registrering", "Registrering", registration.export_headers(as_of),
                            registration.export_rows(),
                            f"Registreringen enligt 2 kap. 2 § cybersäkerhetslagen och "
                            f"{_count(len(hb.registration.changes), 'ändring', 'ändringar')} i den, med sista dag "
                            "att anmäla varje ändring och om den är anmäld.", "data/registrering.yaml"))
    else:
        missing.append("Registrering: ingen fil, eftersom data/registrering.yaml saknas.")
    if hb.management_training is not None:
        training = lis_registers.training_table(hb, as_of, version)
        tables.append(Table("ledningsutbildning", "Ledningens utbildning", training.export_headers(as_of),
                            training.export_rows(),
                            "Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen: "
                            f"{_count(len(training), 'funktion', 'funktioner')} i ledningen med senaste utbildning, "
                            "när den ska förnyas och status.",
                            "data/ledningsutbildning.yaml"))
    else:
        missing.append("Ledningens utbildning: ingen fil, eftersom data/ledningsutbildning.yaml saknas.")
    return Plan(tables, chosen_review(hb, year), missing)


def _review_item(root: Path, project: Project, review: m.Review | None, as_of: date, folder: Path,
                 build: Callable[[Path, Path], None]) -> list[str]:
    """Put the review's PDF into `folder`: the archived edition if there is one, else a fresh print."""
    if review is None:
        return ["- Ledningens genomgång: ingen fil. Ingen genomgång har status fastställd i "
                "data/genomgangar.yaml, så paketet innehåller ingen. Lägg till den när nämnden har fastställt "
                "genomgången (lis tillsyn igen)."]
    name = f"ledningens-genomgang-{review.year}.pdf"
    decision = f"fastställd {review.adopted}" if review.adopted else "fastställd"
    if review.reference:
        decision += f", diarienummer {review.reference}"
    archived = root / "docs" / archive_src(review.year)
    if archived.is_file():
        shutil.copyfile(archived, folder / name)
        return [f"- {name}", f"  Ledningens genomgång {review.year}, {decision}.",
                f"  Källa: den arkiverade utgåvan docs/{archive_src(review.year)} (lis arkivera).",
                f"  Stämpel: arkiverad fastställd utgåva, SHA-256 {sha256_of(folder / name)}."]
    pdf.export(root, project, str(review.year), folder / name, as_of, build, replace=True)
    figures = review.as_of.isoformat() if review.as_of else as_of.isoformat()
    return [f"- {name}", f"  Ledningens genomgång {review.year}, {decision}.",
            f"  Källa: docs/{pages.review_page(review.year)} med data/, utskriven som med lis pdf {review.year}.",
            f"  Stämpel: titelsidan anger att siffrorna gäller per {figures} och att den är utskriven {as_of}."]


def contents_text(hb: Handbook, as_of: date, version: str, items: list[str]) -> str:
    org = hb.organisation
    lines = [f"Tillsynspaket för {org.district} ({org.board})", "",
             f"Beräknat per: {as_of} (LIS_DATE eller dagen då paketet skapades)",
             f"Handbokens version: {version}", "Skapat med: lis tillsyn", ""]
    if org.example_data:
        lines += ["Exempeldata: system, kontaktuppgifter och siffror i handboken är påhittade exempel och gäller "
                  "inte verksamheten.", ""]
    lines += ["Innehåll", "", *items, "",
              "Tabellerna finns både som .xlsx och som .csv (semikolonseparerad, UTF-8). Text som ett "
              "kalkylprogram kunde läsa som en formel står som text; i .csv-filerna har den en apostrof först."]
    return "\n".join(clean_text(line) for line in lines) + "\n"


def build_package(root: Path, project: Project, the_plan: Plan, as_of: date, version: str, folder: Path,
                  build: Callable[[Path, Path], None]) -> list[str]:
    """Write every item into the empty `folder`; return the file names in package order."""
    items: list[str] = []
    for table in the_plan.tables:
        sheet.write_xlsx(folder / f"{table.stem}.xlsx", table.sheet, table.headers, table.rows)
        sheet.write_csv(folder / f"{table.stem}.csv", table.headers, table.rows)
        items += [f"- {table.stem}.xlsx och {table.stem}.csv", f"  {table.what}", f"  Källa: {table.source}.",
                  f"  Stämpel: {STAMP_TEXT}."]
    items += _review_item(root, project, the_plan.review, as_of, folder, build)
    items += [f"- {note}" for note in the_plan.missing]
    (folder / CONTENTS).write_text(contents_text(project.handbook, as_of, version, items), encoding="utf-8")
    return sorted(p.name for p in folder.iterdir())


# --- Writing the package whole or not at all --------------------------------------------------------


def check_target(output: Path, folder: bool, replace: bool) -> None:
    """Refuse early (before a long build) what cannot or may not be written."""
    if output.exists() or output.is_symlink():
        if folder and not output.is_dir():
            raise SupervisionError(f"{output} finns men är ingen mapp; ingenting har skrivits")
        if not folder and output.is_dir():
            raise SupervisionError(f"{output} är en mapp; ange en zip-fil med --ut, t.ex. --ut "
                                   f"{output / 'tillsynspaket.zip'}, eller en mapp med --mapp. Ingenting har skrivits.")
        if not replace:
            raise SupervisionError(f"{output} finns redan; inget kommando skriver över något utan att du ber om det. "
                                   "Ta bort den, välj en annan plats eller lägg till --ersatt. Ingenting har skrivits.")
    for ancestor in output.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise SupervisionError(f"{ancestor} finns men är ingen mapp; ingenting har skrivits")
            if not os.access(ancestor, os.W_OK | os.X_OK):
                raise SupervisionError(f"du får inte skriva i mappen {ancestor}; ingenting har skrivits")
            return


def _zip(folder: Path, names: list[str], target: Path, as_of: date) -> None:
    """A zip with the files at its top level, every entry dated the reference date (same input, same zip)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())


def _place(staged: Path, output: Path) -> None:
    """Move the finished file or folder into place; an old one (only with --ersatt) goes last."""
    if staged.is_dir() and output.is_dir():
        old = output.with_name(f".{output.name}.gammal")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(output, old)
        try:
            os.replace(staged, output)
        except OSError:
            os.replace(old, output)  # the old package stays as it was
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staged, output)


def write(root: Path, project: Project, output: Path, as_of: date, version: str, the_plan: Plan, folder: bool,
          build: Callable[[Path, Path], None]) -> list[str]:
    """Build the package in a temporary folder, then move it to `output` in one step; return its file names."""
    missing_parents = [p for p in reversed(output.parents) if not p.exists()]
    with tempfile.TemporaryDirectory(prefix="lis-tillsyn-") as tmp:
        work = Path(tmp) / "paket"
        work.mkdir()
        names = build_package(root, project, the_plan, as_of, version, work, build)
        staged = output.with_name(f".{output.name}.skrivs")
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            if staged.is_dir():
                shutil.rmtree(staged)
            if folder:
                shutil.copytree(work, staged)
            else:
                _zip(work, names, staged, as_of)
            _place(staged, output)
        except OSError as err:
            if staged.is_dir():
                shutil.rmtree(staged, ignore_errors=True)
            else:
                staged.unlink(missing_ok=True)
            if missing_parents:  # the folders this command created go too
                shutil.rmtree(missing_parents[0], ignore_errors=True)
            raise SupervisionError(f"kan inte skriva {output}: {describe_os_error(err)}; ingenting har skrivits") \
                from None
    return names


def supervise(root: Path, output: Path | None, folder: Path | None, replace: bool, year: int | None, as_of: date,
              load: Callable[[Path, date], Project], version: str, build: Callable[[Path, Path], None]) -> str:
    """`lis tillsyn`: a zip (or with `folder` a folder) at the given or default place; the message for the user."""
    as_folder = folder is not None
    target = (folder or output or default_output(root, as_of, as_folder)).absolute()
    check_target(target, as_folder, replace)  # before the long build, so a wrong path costs no waiting
    project = load(root, as_of)
    the_plan = plan(project, as_of, version, year)
    names = write(root, project, target, as_of, version, the_plan, as_folder, build)
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    review = (f"med ledningens genomgång {the_plan.review.year}" if the_plan.review
              else "utan ledningens genomgång (ingen är fastställd)")
    return f"Skrev {shown}: {len(names)} filer {review}, beräknat per {as_of}. Innehållet står i {CONTENTS}."
