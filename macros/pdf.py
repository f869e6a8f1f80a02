"""`lis pdf`: a management review or a governing document as an A4 board document.

Debian's Chromium prints the built page twice with `--print-to-pdf` (no extra Python package):
the first print carries a marker in every listed heading, `pdftotext` (poppler-utils) says on
which page each marker landed, and the second print has those numbers in its contents. The
running footer and the example-data notice are CSS page-margin boxes (see pdf_layout.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import atomic, outputs, pages, published
from . import models as m
from . import review as rv
from .documents import GoverningDoc
from .errors import UserError, describe_os_error
from .handbook import Handbook
from .pdf_layout import TitleBlock, headings, marker_pages, prepare
from .project import Project
from .staff_edition import FROM_LIS_EDITION
from .views import document_facts

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
COMMAND = "pdf"


class PdfError(UserError):
    """A problem the coordinator can fix (unknown page, missing program, unwritable file)."""


@dataclass(frozen=True)
class PrintJob:
    """One page to print: where it is in the built site, its title block and its default file name."""

    src: str  # the page's Markdown source under docs/, e.g. "rutiner/incidenthantering.md"
    title: TitleBlock
    file_name: str


def _organisation(hb: Handbook) -> tuple[str, ...]:
    return (hb.organisation.district, hb.organisation.board)


def review_job(hb: Handbook, year: int, build_date: date) -> PrintJob:
    review = hb.review(year)  # a Swedish error naming the known years
    name = f"Ledningens genomgång {year}"
    if review.status is m.ReviewStatus.ADOPTED:
        status = f"Fastställd av {hb.organisation.board} {review.adopted}" if review.adopted else "Fastställd"
        footer = name + (f", dnr {review.reference}" if review.reference else "")
    else:
        status = "Utkast, inte fastställd"
        footer = f"{name} (utkast)"
    facts = [("Status", status)]
    if review.reference:
        facts.append(("Diarienummer", review.reference))
    facts += [("Siffrorna gäller per", rv.review_date(review, build_date).isoformat()),
              ("Utskriven", build_date.isoformat())]
    return PrintJob(pages.review_page(year), TitleBlock(_organisation(hb), tuple(facts), footer),
                    f"ledningens-genomgang-{year}.pdf")


def document_job(hb: Handbook, doc: GoverningDoc, build_date: date) -> PrintJob:
    """A governing document with the same control data as its banner (status derived from the decision)."""
    meta = doc.meta
    kind = meta.type.value.capitalize()
    control = [(label, value) for label, value in document_facts(doc, hb, build_date)
               if label not in ("Dokumenttyp", "Version")]
    facts = (("Dokument", f"{kind}, version {meta.version}"), *control, ("Utskriven", build_date.isoformat()))
    footer = f"{doc.title} ({meta.type.value}, version {meta.version}, {doc.status.value})"
    stem = doc.src_path.removesuffix(".md").removesuffix("/index").replace("/", "-")
    return PrintJob(doc.src_path, TitleBlock(_organisation(hb), facts, footer), f"{stem}.pdf")


def resolve(project: Project, target: str, build_date: date) -> PrintJob:
    """`2025` or `ledningens-genomgang/2025` is a review; `rutiner/incidenthantering` a governing document."""
    key = target.strip().strip("/").removeprefix("docs/").removesuffix(".md").removesuffix("/index")
    year = key.removeprefix(f"{pages.REVIEW_FOLDER}/")
    if re.fullmatch(r"[0-9]{1,9}", year):  # ASCII digits: str.isdigit() also takes ² and ①, which int() refuses
        return review_job(project.handbook, int(year), build_date)
    for doc in project.documents:
        if doc.src_path.removesuffix(".md").removesuffix("/index") == key:
            return document_job(project.handbook, doc, build_date)
    years = ", ".join(str(r.year) for r in sorted(project.handbook.reviews, key=lambda r: r.year))
    documents = "\n".join(f"  - {d.src_path.removesuffix('.md')} ({d.title})" for d in project.documents)
    raise PdfError(f'"{target}" är varken ett år med ledningens genomgång eller ett styrdokument. '
                   f"Ange ett år ({years}) eller en av de här sidorna (sökväg under docs/ utan .md; "
                   f"alla styrdokument står också på sidan Styrande dokument):\n{documents}")


def _program(names: tuple[str, ...], install: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(f"hittar inte {names[0]}; installera det med: sudo apt-get install {install}")


def _writable(root: Path, output: Path, replace: bool) -> None:
    """Refuse early what cannot or may not be written: a folder, a file this command did not write, a file
    in the folder's way."""
    outputs.check_allowed(root, output)
    if output.is_dir():
        raise PdfError(f"{output} är en mapp; ange en fil med --ut, t.ex. --ut {output.name}.pdf")
    outputs.check_replaceable(root, COMMAND, [output], replace, "--ersatt (make pdf: ERSATT=1)")
    for folder in output.parents:
        if folder.exists():
            if not folder.is_dir():
                raise PdfError(f"{folder} finns men är ingen mapp; ange en annan fil med --ut. "
                               "Ingenting har skrivits.")
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PdfError(f"du får inte skriva i mappen {folder}; ange en annan fil med --ut. "
                               "Ingenting har skrivits.")
            return


def _print(chromium: str, page: Path, output: Path, profile: Path) -> None:
    try:
        printed = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", "--generate-pdf-document-outline",
             f"--print-to-pdf={output}", page.as_uri()],
            capture_output=True, text=True, timeout=180,
        )
    except subprocess.TimeoutExpired:
        raise PdfError("Chromium blev inte klar med utskriften på tre minuter; försök igen") from None
    if printed.returncode != 0 or not output.exists():
        raise PdfError("Chromium kunde inte skriva ut sidan:\n" + printed.stderr[-2000:])


def _text(pdftotext: str, pdf: Path) -> str:
    try:
        return subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
    except subprocess.SubprocessError as err:
        raise PdfError(f"pdftotext kunde inte läsa den första utskriften: {err}") from None


def _built_page(site: Path, src: str) -> Path:
    """Where MkDocs wrote the page of `src` (directory URLs: a/b.md -> a/b/index.html, a/index.md -> a/index.html)."""
    stem = src.removesuffix(".md")
    folder = stem.rpartition("/")[0] if stem == "index" or stem.endswith("/index") else stem
    return site / folder / "index.html"


def _print_twice(chromium: str, pdftotext: str, built: Path, job: PrintJob, example_data: bool, tmp: Path) -> Path:
    """Print once with markers to learn each heading's page, then again with those numbers in the contents."""
    source = built.read_text(encoding="utf-8")
    page = built.with_name("lis-utskrift.html")  # beside the page, so its relative links still work
    first, final = tmp / "1.pdf", tmp / "2.pdf"
    try:
        atomic.write_text(page, prepare(source, job.title, example_data, None))
        _print(chromium, page, first, tmp / "profil")
        entries = headings(source)
        at = marker_pages(_text(pdftotext, first), len(entries))
        pages = {h.id: at[i] for i, h in enumerate(entries)}
        atomic.write_text(page, prepare(source, job.title, example_data, pages))
    except ValueError as err:
        raise PdfError(f"{job.src}: {err}") from None
    _print(chromium, page, final, tmp / "profil")
    return final


def export(root: Path, project: Project, target: str, output: Path | None, build_date: date,
           build: Callable[[Path, Path], None], replace: bool = False) -> str:
    """Build the site with `build(root, site)`, print the page to a PDF and write it whole or not at all.

    An existing file is kept unless `replace`; nothing (not even a folder) is written on an error."""
    job = resolve(project, target, build_date)
    if job.src in project.unpublished:
        raise PdfError(f"docs/{job.src} har publiceras: nej och kommer inte med i bygget. Ta bort raden när "
                       "texten är skriven, så går sidan att spara som PDF.")
    output = (output or root / "pdf" / job.file_name).absolute()
    _writable(root, output, replace)  # before the build, so a wrong --ut costs no waiting
    chromium = _program(CHROMIUM_NAMES, "chromium")
    pdftotext = _program(("pdftotext",), "poppler-utils")
    with tempfile.TemporaryDirectory(prefix="lis-pdf-") as tmp:
        site = Path(tmp) / "site"
        build(root, site)
        final = _print_twice(chromium, pdftotext, _built_page(site, job.src), job,
                             project.handbook.organisation.example_data, Path(tmp))
        published.check_files([(final, str(output))], project.handbook.organisation.test_numbers, "PDF-filen", root)
        created = [p for p in reversed(output.parents) if not p.exists()]
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            _writable(root, output, replace)  # again: printing took a while
            atomic.copy_file(final, output)
            outputs.remember(root, COMMAND, [output])
        except BaseException as err:
            outputs.remove_created(created)  # folders this command made, if still empty
            if isinstance(err, OSError):
                raise PdfError(f"kan inte skriva {output} ({describe_os_error(err)}); kontrollera mappen och att "
                               "du får skriva där") from None
            raise
    return f"Skrev {output} {FROM_LIS_EDITION}"
