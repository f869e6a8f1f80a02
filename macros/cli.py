"""`lis`: the coordinator's command line. Messages are Swedish; exit status 1 on any error."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from . import linkcheck, scaffold, schemas, spreadsheet, webaddress
from .errors import DataError
from .loader import load_handbook
from .project import load_project
from .status import reference_date

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


def project_root(start: Path | None = None) -> Path:
    """The nearest folder upwards that holds mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists():
            return folder
    raise CommandError("hittar ingen mkdocs.yml här eller i någon överliggande mapp; "
                       "kör kommandot i handbokens mapp")


def check(root: Path) -> str:
    """Validate all data and front matter exactly as the build does."""
    webaddress.from_environment()
    project = load_project(root)
    return (f"Inga fel: {len(project.handbook.systems)} system, {len(project.handbook.actions)} åtgärder och "
            f"{len(project.documents)} styrdokument är kontrollerade.")


def _mkdocs_build(root: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                           cwd=root, env=env, capture_output=True, text=True)
    if built.returncode != 0:
        shown = [ln for ln in (built.stdout + built.stderr).splitlines() if not ln.startswith("INFO")]
        raise CommandError("webbplatsen gick inte att bygga:\n" + "\n".join(shown))


def build_site(root: Path) -> str:
    """Build into a temporary folder, check links, then swap it in: a failed build publishes nothing."""
    webaddress.from_environment()  # before MkDocs, whose own check of site_url is in English
    site, fresh, old = root / "site", root / ".site-nytt", root / ".site-gammalt"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        _mkdocs_build(root, fresh)
        problems = linkcheck.check_site(fresh)
        if problems:
            raise CommandError("länkkontrollen hittade fel:\n" + "\n".join(f"  - {p}" for p in problems))
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for _ in site.rglob("*.html"))
    return f"Byggde {pages} sidor till {site.relative_to(root)}/ (länkarna är kontrollerade)."


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise CommandError("hittar ingen Chromium; installera den med: sudo apt-get install chromium")


def export_pdf(root: Path, year: int, output: Path | None = None) -> str:
    """Build the site and print one review to an A4 PDF with headless Chromium."""
    load_handbook(root / "data").review(year)  # a clear error for an unknown year
    output = (output or root / "pdf" / f"ledningens-genomgang-{year}.pdf").resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="lis-pdf-") as tmp:
        site = Path(tmp) / "site"
        _mkdocs_build(root, site)
        page = site / "ledningens-genomgang" / str(year) / "index.html"
        printed = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={Path(tmp) / 'profil'}", "--no-pdf-header-footer",
             f"--print-to-pdf={output}", page.as_uri()],
            capture_output=True, text=True, timeout=180,
        )
        if printed.returncode != 0 or not output.exists():
            raise CommandError("Chromium kunde inte skriva ut sidan:\n" + printed.stderr[-2000:])
    return f"Skrev {output}"


def export(root: Path, folder: Path) -> str:
    hb = load_handbook(root / "data")
    written = spreadsheet.export_all(hb, folder, reference_date())
    return "Skrev " + ", ".join(str(p.relative_to(root) if p.is_relative_to(root) else p) for p in written)


def import_file(root: Path, source: Path, replace: bool) -> str:
    """Validate the whole spreadsheet first; write data/system.yaml only when every row is right."""
    data = root / "data"
    hb = load_handbook(data)
    text, summary = spreadsheet.import_inventory(data, hb, source, replace)
    with tempfile.TemporaryDirectory(prefix="lis-import-") as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data, trial)
        (trial / "system.yaml").write_text(text, encoding="utf-8")
        load_handbook(trial)  # the whole inventory, cross-references included, must still be valid
    (data / "system.yaml").write_text(text, encoding="utf-8")
    counts = {kind: sum(1 for line in summary if line.startswith(kind)) for kind in ("nytt", "ersatt", "oförändrat")}
    return (f"Importerade {source.name}: {counts['nytt']} nya, {counts['ersatt']} ersatta och "
            f"{counts['oförändrat']} oförändrade system.")


def write_schemas(root: Path) -> str:
    changed = schemas.write_schemas(root)
    return ("Uppdaterade " + ", ".join(changed)) if changed else "Alla scheman var redan aktuella."


class _SwedishParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Användning:", 1)

    def format_help(self) -> str:
        return (super().format_help().replace("usage:", "Användning:", 1)
                .replace("positional arguments:", "Argument:").replace("options:", "Flaggor:")
                .replace("show this help message and exit", "visa den här hjälpen"))

    def error(self, message: str) -> NoReturn:
        message = (message.replace("the following arguments are required", "de här argumenten saknas")
                   .replace("invalid choice", "okänt val").replace("invalid int value", "inget heltal"))
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(prog="lis", description="Verktyg för LIS-handboken.")
    sub = parser.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO", parser_class=_SwedishParser)
    sub.add_parser("kontrollera", help="kontrollera all data och alla styrdokument utan att bygga")
    sub.add_parser("bygg", help="bygg webbplatsen till site/ och kontrollera länkarna; vid fel ändras inget")
    system = sub.add_parser("nytt-system", help="lägg till ett system i data/system.yaml från mallen")
    system.add_argument("id", metavar="ID", help="kort id, t.ex. nytt-ekonomisystem")
    system.add_argument("--namn", required=True, help="systemets namn")
    system.add_argument("--objekt", required=True, help="förvaltningsobjektets id")
    routine = sub.add_parser("ny-rutin", help="skapa en rutin i docs/rutiner/ från mallen")
    routine.add_argument("fil", metavar="FILNAMN", help="filnamn utan .md, t.ex. kontinuitet")
    routine.add_argument("--titel", required=True, help="rutinens rubrik")
    review = sub.add_parser("ny-genomgang", help="skapa nästa års ledningens genomgång från mallen")
    review.add_argument("ar", type=int, metavar="ÅR")
    pdf = sub.add_parser("pdf", help="spara ett års ledningens genomgång som PDF (A4)")
    pdf.add_argument("ar", type=int, metavar="ÅR")
    pdf.add_argument("--ut", type=Path, help="filen som ska skrivas (standard: pdf/ledningens-genomgang-ÅR.pdf)")
    out = sub.add_parser("export", help="skriv systemförteckningen och handlingsplanen till .xlsx och .csv")
    out.add_argument("--mapp", type=Path, default=Path("export"), help="mappen att skriva till (standard: export)")
    inp = sub.add_parser("import", help="läs en systemförteckning från .xlsx eller .csv till data/system.yaml")
    inp.add_argument("fil", type=Path, metavar="FIL")
    inp.add_argument("--ersatt", action="store_true", help="ersätt system som redan finns med radens uppgifter")
    sub.add_parser("schema", help="skriv om JSON-scheman i data/schema/ från datamodellen")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        root = project_root()
        match args.kommando:
            case "kontrollera":
                message = check(root)
            case "bygg":
                message = build_site(root)
            case "nytt-system":
                message = scaffold.new_system(root, args.id, args.namn, args.objekt)
            case "ny-rutin":
                message = scaffold.new_routine(root, args.fil, args.titel, reference_date())
            case "ny-genomgang":
                message = scaffold.new_review(root, args.ar)
            case "pdf":
                message = export_pdf(root, args.ar, args.ut)
            case "export":
                message = export(root, args.mapp if args.mapp.is_absolute() else root / args.mapp)
            case "import":
                message = import_file(root, args.fil.resolve(), args.ersatt)
            case _:
                message = write_schemas(root)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except spreadsheet.ImportError_ as err:
        print("Ingenting har importerats. Rätta raderna och försök igen:", file=sys.stderr)
        print("\n".join(f"  - {p}" for p in err.problems), file=sys.stderr)
        return 1
    except (CommandError, scaffold.ScaffoldError, KeyError) as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
