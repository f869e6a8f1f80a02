"""`lis`: the coordinator's command line. Messages are Swedish; exit status 1 on any error.

One error boundary (`main`): a `UserError` (or a `DataError` listing data problems) is a
problem the user can fix and is shown as Swedish text; anything else is a bug in the handbook
and is shown as one, with its traceback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

from . import archive, navcheck, pdf, pii, scaffold, schemas, spreadsheet, supervision, webaddress
from .edition import handbook_version
from .errors import DataError, UserError, describe_os_error, printable
from .loader import load_handbook
from .project import load_project
from .publish import build_site, mkdocs_build
from .status import reference_date
from .swedish import argparse_help, argparse_message

BUG_EXIT = 70  # EX_SOFTWARE: an internal error, not the user's


class CommandError(UserError):
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
    """Validate all data, front matter and the menu in mkdocs.yml exactly as the build does."""
    webaddress.from_environment()
    nav_issues = navcheck.check_mkdocs_yml(root)
    try:  # LIS_DATE as the build reads it, and what the pages need for that date (the year's goals)
        project = load_project(root, as_of=reference_date())
    except DataError as err:
        raise DataError([*err.issues, *nav_issues]) from None
    if nav_issues:
        raise DataError(nav_issues)
    return (f"Inga fel: {len(project.handbook.systems)} system, {len(project.handbook.actions)} åtgärder och "
            f"{len(project.documents)} styrdokument är kontrollerade.")


def _refuse_existing(paths: list[Path], flag: str) -> None:
    existing = [str(p) for p in paths if p.exists() or p.is_symlink()]
    if existing:
        raise CommandError(f"{', '.join(existing)} finns redan; inget kommando skriver över en fil utan att "
                           f"du ber om det. Ta bort filen, välj en annan plats eller lägg till {flag}. "
                           "Ingenting har skrivits.")


def _check_folder_possible(folder: Path) -> None:
    """Refuse early (before a long build) when `folder` cannot be a folder: a file is in the way."""
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise CommandError(f"{ancestor} finns men är ingen mapp; ingenting har skrivits")
            return


def _make_folder(folder: Path) -> bool:
    """Create `folder` (and parents) if needed; True when it was created here."""
    if folder.is_dir():
        return False
    if folder.exists():
        raise CommandError(f"{folder} finns men är ingen mapp; ingenting har skrivits")
    try:
        folder.mkdir(parents=True)
    except OSError as err:
        reason = describe_os_error(err)
        raise CommandError(f"kan inte skapa mappen {folder}: {reason}; ingenting har skrivits") from None
    return True


def export(root: Path, folder: Path, replace: bool) -> str:
    """Every exported table as .xlsx and .csv; existing files are kept unless `replace`."""
    hb = load_handbook(root / "data")
    as_of = reference_date()
    targets = spreadsheet.export_files(folder)
    _check_folder_possible(folder)
    if not replace:
        _refuse_existing(targets, "--ersatt")
    created = _make_folder(folder)
    try:
        with tempfile.TemporaryDirectory(prefix=".lis-export-", dir=folder) as tmp:
            written = spreadsheet.export_all(hb, Path(tmp), as_of, handbook_version(root))
            for source, target in zip(written, targets, strict=True):
                os.replace(source, target)
    except OSError as err:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        raise CommandError(f"kan inte skriva i {folder}: {describe_os_error(err)}") from None
    return "Skrev " + ", ".join(str(p.relative_to(root) if p.is_relative_to(root) else p) for p in targets)


def import_file(root: Path, source: Path, replace: bool) -> str:
    """Validate the whole spreadsheet first; write data/system.yaml only when every row is right."""
    data = root / "data"
    hb = load_handbook(data)
    text, summary = spreadsheet.import_inventory(data, hb, source, replace)
    with tempfile.TemporaryDirectory(prefix="lis-import-") as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data, trial, copy_function=shutil.copyfile)  # our own modes: the copy is writable
        (trial / "system.yaml").write_text(text, encoding="utf-8")
        try:  # the whole inventory, cross-references included, must still be valid
            load_handbook(trial)
        except DataError as err:
            raise CommandError("importen skulle göra data/system.yaml ogiltig; ingenting har skrivits:\n"
                               + "\n".join(f"  - {issue}" for issue in err.issues)) from None
        found = pii.scan([(trial / "system.yaml", "data/system.yaml")], set(hb.organisation.test_numbers))
        if found:
            raise CommandError("importen skulle lägga personnummer i data/system.yaml; ingenting har skrivits:\n"
                               + "\n".join(f"  - {issue}" for issue in found))
    try:
        (data / "system.yaml").write_text(text, encoding="utf-8")
    except OSError as err:
        raise CommandError(f"kan inte skriva data/system.yaml: {describe_os_error(err)}") from None
    counts = {kind: sum(1 for line in summary if line.startswith(kind)) for kind in ("nytt", "ersatt", "oförändrat")}
    return (f"Importerade {source.name}: {counts['nytt']} nya, {counts['ersatt']} ersatta och "
            f"{counts['oförändrat']} oförändrade system.")


def write_schemas(root: Path) -> str:
    changed = schemas.write_schemas(root)
    return ("Uppdaterade " + ", ".join(changed)) if changed else "Alla scheman var redan aktuella."


class _SwedishParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return argparse_help(super().format_usage())

    def format_help(self) -> str:
        return argparse_help(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, printable(f"{self.prog}: fel: {argparse_message(message)}", lines=True) + "\n")


def _path(text: str) -> Path:
    if "\0" in text:
        raise argparse.ArgumentTypeError("en sökväg kan inte innehålla nolltecken")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(prog="lis", description="Verktyg för LIS-handboken.")
    sub = parser.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO", parser_class=_SwedishParser)
    sub.add_parser("kontrollera", help="kontrollera all data, alla styrdokument och menyn utan att bygga")
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
    printout = sub.add_parser("pdf", help="spara ledningens genomgång eller ett styrdokument som PDF (A4)")
    printout.add_argument("dokument", metavar="DOKUMENT",
                          help="ett år för ledningens genomgång (t.ex. 2025) eller ett styrdokuments sida "
                               "under docs/ (t.ex. rutiner/incidenthantering)")
    printout.add_argument("--ut", type=_path, help="filen som ska skrivas (standard: en fil i mappen pdf/)")
    printout.add_argument("--ersatt", action="store_true", help="skriv över filen om den redan finns")
    keep = sub.add_parser("arkivera", help="lägg en fastställd genomgångs PDF i arkivet (ersätter aldrig en utgåva)")
    keep.add_argument("ar", type=int, metavar="ÅR")
    keep.add_argument("--pdf", type=_path, help="PDF-filen (standard: pdf/ledningens-genomgang-ÅR.pdf från lis pdf)")
    out = sub.add_parser("export", help="skriv systemförteckningen, handlingsplanen, "
                                           "tillämplighetsförklaringen, riskregistret, internrevisionen, "
                                           "övningarna, registreringen och ledningens utbildning till .xlsx och .csv")
    out.add_argument("--mapp", type=_path, default=Path("export"), help="mappen att skriva till (standard: export)")
    out.add_argument("--ersatt", action="store_true", help="skriv över filer som redan finns i mappen")
    inp = sub.add_parser("import", help="läs en systemförteckning från .xlsx eller .csv till data/system.yaml")
    inp.add_argument("fil", type=_path, metavar="FIL")
    inp.add_argument("--ersatt", action="store_true", help="ersätt system som redan finns med radens uppgifter")
    package = sub.add_parser("tillsyn", help="skriv ett tillsynspaket (zip) med dokumentregister, "
                                             "tillämplighetsförklaring, riskregister, fastställd genomgång, "
                                             "incidentstatistik och handlingsplan")
    where = package.add_mutually_exclusive_group()
    where.add_argument("--ut", type=_path, help="zip-filen (standard: tillsyn/tillsynspaket-DATUM.zip)")
    where.add_argument("--mapp", type=_path, help="skriv paketet som en mapp i stället för en zip-fil")
    package.add_argument("--genomgang", type=int, metavar="ÅR",
                         help="den fastställda genomgången att ta med (standard: den senaste fastställda)")
    package.add_argument("--ersatt", action="store_true", help="skriv över paketet om det redan finns")
    sub.add_parser("schema", help="skriv om JSON-scheman i data/schema/ från datamodellen")
    return parser


def run(args: argparse.Namespace) -> str:
    """Carry out one command; return the message for the user or raise a UserError or DataError."""
    root = project_root()
    match args.kommando:
        case "kontrollera":
            return check(root)
        case "bygg":
            return build_site(root)
        case "nytt-system":
            return scaffold.new_system(root, args.id, args.namn, args.objekt)
        case "ny-rutin":
            return scaffold.new_routine(root, args.fil, args.titel, reference_date())
        case "ny-genomgang":
            return scaffold.new_review(root, args.ar, reference_date().year)
        case "pdf":
            output = args.ut.absolute() if args.ut else None
            return pdf.export(root, load_project(root), args.dokument, output, reference_date(), mkdocs_build,
                              replace=args.ersatt)
        case "arkivera":
            return archive.archive_review(root, args.ar, args.pdf)
        case "export":
            return export(root, args.mapp if args.mapp.is_absolute() else root / args.mapp, args.ersatt)
        case "import":
            return import_file(root, args.fil.absolute(), args.ersatt)
        case "tillsyn":
            return supervision.supervise(root, args.ut, args.mapp, args.ersatt, args.genomgang, reference_date(),
                                         lambda r, day: load_project(r, as_of=day), handbook_version(root),
                                         mkdocs_build)
        case _:
            return write_schemas(root)


def _say(text: str, error: bool = True) -> None:
    # Control characters and bidirectional overrides from user input are shown, not obeyed, by the terminal.
    print(printable(text, lines=True), file=sys.stderr if error else sys.stdout)


def main(argv: list[str] | None = None) -> int:
    """The error boundary: user errors in Swedish (exit 1), bugs with a traceback (exit 70)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed usage or help
        return stop.code if isinstance(stop.code, int) else 2
    try:
        message = run(args)
    except DataError as err:
        _say(err.report())
        return 1
    except spreadsheet.ImportError_ as err:
        _say("Ingenting har importerats. Rätta raderna och försök igen:")
        _say("\n".join(f"  - {p}" for p in err.problems))
        return 1
    except UserError as err:
        _say(f"Fel: {err}")
        return 1
    except OSError as err:  # the file system said no (rights, full disk, a name too long): not a bug
        _say(f"Fel: en fil eller mapp gick inte att läsa eller skriva: {describe_os_error(err)}")
        return 1
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the one place a bug is turned into a report
        traceback.print_exc()
        print("Fel: detta är ett fel i handboken, inte i dina uppgifter. Rapportera det (med texten ovan) "
              "till den som förvaltar handboken.", file=sys.stderr)
        return BUG_EXIT
    _say(message, error=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
