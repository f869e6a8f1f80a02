"""`lis`: the coordinator's command line. Messages are Swedish; exit status 1 on any error.

One error boundary (`main`): a `UserError` (or a `DataError` listing data problems) is a
problem the user can fix and is shown as Swedish text; anything else is a bug in the handbook
and is shown as one, with its traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import traceback
from datetime import date
from pathlib import Path
from typing import NoReturn

from . import (
    adopt,
    atomic,
    navcheck,
    outputs,
    pdf,
    pii,
    published,
    registers,
    rootfolder,
    scaffold,
    schemas,
    serve,
    spreadsheet,
    supervision,
    webaddress,
)
from .catalogue import Register
from .edition import handbook_version
from .errors import DataError, UserError, describe_os_error, printable
from .loader import load_handbook
from .lock import project_lock
from .parsecache import ParseCache
from .project import load_project
from .publish import build_site, mkdocs_build
from .readahead import ReadAhead
from .registers import DeclarationError
from .status import reference_date
from .supervision_request import RequestArgs
from .swedish import argparse_help, argparse_message, count

BUG_EXIT = 70  # EX_SOFTWARE: an internal error, not the user's


class CommandError(UserError):
    """A problem the user can fix; printed without a traceback."""


def project_root(start: Path | None = None) -> Path:
    """The nearest folder upwards that holds mkdocs.yml."""
    root = rootfolder.nearest(start)
    if root is not None:
        return root
    raise CommandError("hittar ingen mkdocs.yml här eller i någon överliggande mapp; "
                       "kör kommandot i handbokens mapp")


def check(root: Path, ahead: ReadAhead | None = None) -> str:
    """Validate all data, front matter and the menu in mkdocs.yml exactly as the build does.

    Parsed data files are kept in .cache/lis/ (parsecache.py), written only when the check passes; `ahead`
    has the large ones it lacked being read as the command started (readahead.py)."""
    webaddress.from_environment()
    webaddress.edit_address_from_environment()
    nav_issues = navcheck.check_mkdocs_yml(root)
    cache = ParseCache.in_project(root, ahead)
    try:  # LIS_DATE as the build reads it, and what the pages need for that date (the year's goals)
        project = load_project(root, as_of=reference_date(), today=date.today(), cache=cache)
    except DataError as err:
        raise DataError([*err.issues, *nav_issues]) from None
    if nav_issues:
        raise DataError(nav_issues)
    cache.save()
    return (f"Inga fel: {len(project.handbook.systems)} system, "
            f"{count(len(project.handbook.actions), 'åtgärd', 'åtgärder')} och "
            f"{len(project.documents)} styrdokument är kontrollerade.")


def _check_folder_possible(folder: Path) -> None:
    """Refuse early (before a long build) when `folder` cannot be a folder: a file is in the way."""
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise CommandError(f"{ancestor} finns men är ingen mapp; ingenting har skrivits")
            return


def _make_folder(folder: Path) -> None:
    """Create `folder` (and parents) if needed."""
    if folder.is_dir():
        return
    if folder.exists():
        raise CommandError(f"{folder} finns men är ingen mapp; ingenting har skrivits")
    try:
        folder.mkdir(parents=True)
    except OSError as err:
        reason = describe_os_error(err)
        raise CommandError(f"kan inte skapa mappen {folder}: {reason}; ingenting har skrivits") from None


def export(root: Path, folder: Path, replace: bool) -> str:
    """Every exported table as .xlsx and .csv; existing files are replaced only with `replace`, and only
    while they are exactly what an earlier `lis export` wrote."""
    hb = load_handbook(root / "data")
    as_of = reference_date()
    targets = spreadsheet.export_files(folder)
    outputs.check_allowed(root, folder)
    _check_folder_possible(folder)
    outputs.check_replaceable(root, "export", targets, replace)
    created = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    _make_folder(folder)
    try:
        with tempfile.TemporaryDirectory(prefix=".lis-export-", dir=folder) as tmp:
            written = spreadsheet.export_all(hb, Path(tmp), as_of, handbook_version(root))
            published.check_files(zip(written, map(str, targets), strict=True), hb.organisation.test_numbers,
                                  "Exporten", root)  # what the data check before it missed
            outputs.check_replaceable(root, "export", targets, replace)  # again, just before replacing
            for source, target in zip(written, targets, strict=True):
                os.replace(source, target)
        outputs.remember(root, "export", targets)
    except BaseException as err:
        outputs.remove_created(created)  # the folders this command made, if still empty
        if isinstance(err, OSError):
            raise CommandError(f"kan inte skriva i {folder}: {describe_os_error(err)}") from None
        raise
    return "Skrev " + ", ".join(str(p.relative_to(root) if p.is_relative_to(root) else p) for p in targets)


def import_file(root: Path, source: Path, replace: bool) -> str:
    """Validate the whole spreadsheet first; write data/system.yaml only when every row is right."""
    data = root / "data"
    inventory = data / "system.yaml"
    original = inventory.read_bytes()
    hb = load_handbook(data)
    text, summary = spreadsheet.import_inventory(data, hb, source, replace)
    with tempfile.TemporaryDirectory(prefix="lis-import-") as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data, trial, copy_function=shutil.copyfile)  # our own modes: the copy is writable
        atomic.write_text(trial / "system.yaml", text)
        try:  # the whole inventory, cross-references included, must still be valid
            load_handbook(trial)
        except DataError as err:
            raise CommandError("importen skulle göra data/system.yaml ogiltig; ingenting har skrivits:\n"
                               + "\n".join(f"  - {issue}" for issue in err.issues)) from None
        found = pii.scan([(trial / "system.yaml", "data/system.yaml")], set(hb.organisation.test_numbers))
        if found:
            raise CommandError("importen skulle lägga personnummer i data/system.yaml; ingenting har skrivits:\n"
                               + "\n".join(f"  - {issue}" for issue in found))
    try:  # whole or not at all, and not over an edit someone saved while the import ran
        atomic.write_text(inventory, text, unchanged=original)
    except OSError as err:
        raise CommandError(f"kan inte skriva data/system.yaml: {describe_os_error(err)}; ingenting har "
                           "skrivits") from None
    counts = {kind: sum(1 for line in summary if line.startswith(kind)) for kind in ("nytt", "ersatt", "oförändrat")}
    return (f"Importerade {source.name}: {count(counts['nytt'], 'nytt', 'nya')}, "
            f"{count(counts['ersatt'], 'ersatt', 'ersatta')} och "
            f"{count(counts['oförändrat'], 'oförändrat', 'oförändrade')} system.")


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


def _year(text: str) -> int:
    """A year or other whole number as typed: ASCII digits only (int() also takes ², ٢٠٢٥ and 2_025)."""
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise argparse.ArgumentTypeError(f"inget heltal: {text[:40]!r}" + ("…" if len(text) > 40 else ""))
    return int(text)


def _path(text: str) -> Path:
    if "\0" in text:
        raise argparse.ArgumentTypeError("en sökväg kan inte innehålla nolltecken")
    return Path(text)


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text) if len(text) == 10 and text.isascii() else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f'"{text}" är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28')
    return day


def _listed(found: list[Register], *more: str) -> str:
    """'systemförteckningen, riskregistret och handlingsplanen': the registers as their declarations name them."""
    names = [r.export.title for r in found if r.export is not None] + list(more)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def _parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(prog="lis", description="Verktyg för LIS-handboken.")
    sub = parser.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO", parser_class=_SwedishParser)
    sub.add_parser("kontrollera", help="kontrollera all data, alla styrdokument och menyn utan att bygga")
    sub.add_parser("bygg", help="bygg webbplatsen till site/ och kontrollera länkarna; vid fel ändras inget")
    show = sub.add_parser("visa", help="visa webbplatsen på din dator och bygg om när en fil sparas (make serve)")
    show.add_argument("--port", default=str(serve.DEFAULT_PORT),
                      help=f"porten på 127.0.0.1 (standard: {serve.DEFAULT_PORT})")
    system = sub.add_parser("nytt-system", help="lägg till ett system i data/system.yaml från mallen")
    system.add_argument("id", metavar="ID", help="kort id, t.ex. nytt-ekonomisystem")
    system.add_argument("--namn", required=True, help="systemets namn")
    system.add_argument("--objekt", required=True, help="förvaltningsobjektets id")
    routine = sub.add_parser("ny-rutin", help="skapa en rutin i docs/rutiner/ från mallen")
    routine.add_argument("fil", metavar="FILNAMN", help="filnamn utan .md, t.ex. kontinuitet")
    routine.add_argument("--titel", required=True, help="rutinens rubrik")
    review = sub.add_parser("ny-genomgang", help="skapa nästa års ledningens genomgång från mallen")
    review.add_argument("ar", type=_year, metavar="ÅR")
    printout = sub.add_parser("pdf", help="spara ledningens genomgång eller ett styrdokument som PDF (A4)")
    printout.add_argument("dokument", metavar="DOKUMENT",
                          help="ett år för ledningens genomgång (t.ex. 2025) eller ett styrdokuments sida "
                               "under docs/ (t.ex. rutiner/incidenthantering)")
    printout.add_argument("--ut", type=_path, help="filen som ska skrivas (standard: en fil i mappen pdf/)")
    printout.add_argument("--ersatt", action="store_true", help="skriv över filen om den redan finns")
    keep = sub.add_parser("faststall", help="för in ett beslut och arkivera den fastställda utgåvan (text, PDF och "
                                            "kontrollsummor); en arkiverad utgåva ersätts aldrig")
    keep.add_argument("dokument", metavar="DOKUMENT",
                      help="ett styrdokuments sida under docs/ (t.ex. rutiner/incidenthantering) eller ett år med "
                           "ledningens genomgång (t.ex. 2025)")
    keep.add_argument("--beslutad-av", required=True, metavar="ROLL",
                      help="roll-id för den som fattade beslutet, t.ex. forvaltningsledning eller namnd")
    keep.add_argument("--datum", required=True, type=_day, metavar="ÅÅÅÅ-MM-DD", help="beslutsdagen")
    keep.add_argument("--diarienummer", required=True, metavar="DNR",
                      help='beslutets diarienummer, t.ex. "FAR 2026/123"')
    keep.add_argument("--exempel", action="store_true", help="beslutsuppgifterna är påhittade exempel")
    out = sub.add_parser("export", help=f"skriv {_listed(registers.exported())} till .xlsx och .csv")
    out.add_argument("--mapp", type=_path, default=Path("export"), help="mappen att skriva till (standard: export)")
    out.add_argument("--ersatt", action="store_true", help="skriv över filer som redan finns i mappen")
    inp = sub.add_parser("import", help="läs en systemförteckning från .xlsx eller .csv till data/system.yaml")
    inp.add_argument("fil", type=_path, metavar="FIL")
    inp.add_argument("--ersatt", action="store_true", help="ersätt system som redan finns med radens uppgifter")
    package = sub.add_parser("tillsyn", help="skriv ett tillsynspaket (zip) med "
                                             f"{_listed(registers.in_supervision(), 'den fastställda genomgången')}")
    where = package.add_mutually_exclusive_group()
    where.add_argument("--ut", type=_path, help="zip-filen (standard: tillsyn/tillsynspaket-DATUM.zip)")
    where.add_argument("--mapp", type=_path, help="skriv paketet som en mapp i stället för en zip-fil")
    package.add_argument("--genomgang", type=_year, metavar="ÅR",
                         help="den fastställda genomgången att ta med (standard: den senaste fastställda)")
    package.add_argument("--ersatt", action="store_true", help="skriv över paketet om det redan finns")
    letter = package.add_argument_group("följebrevet (krävs)")
    letter.add_argument("--myndighet", metavar="ID",
                        help="tillsynsmyndighetens id i data/lagkrav.yaml, t.ex. lansstyrelsen-stockholm")
    letter.add_argument("--arende", metavar="DNR", help="tillsynsmyndighetens diarienummer för ärendet")
    letter.add_argument("--diarienummer", metavar="DNR", help="förvaltningens diarienummer för ärendet")
    letter.add_argument("--kontakt", metavar="ROLL",
                        help="roll-id för kontaktpersonen (en roll med e-post eller telefon), t.ex. samordnare")
    secrecy = package.add_mutually_exclusive_group()
    secrecy.add_argument("--sekretessprovning", metavar="ROLL",
                         help="roll-id för den som har prövat vilka delar som omfattas av sekretess")
    secrecy.add_argument("--ingen-sekretessprovning", action="store_true",
                         help="skapa paketet utan sekretessprövning; paketet säger att det inte får skickas")
    package.add_argument("--sekretess", action="append", default=[], metavar="DEL=GRUND",
                         help="en del av paketet som omfattas av sekretess: filnamnet utan ändelse och 18:8 "
                              "eller 18:13 (kapitel och paragraf i offentlighets- och sekretesslagen); "
                              "flera delar med kommatecken emellan eller med --sekretess flera gånger")
    sub.add_parser("schema", help="skriv om JSON-scheman i data/schema/ från datamodellen")
    return parser


def run(args: argparse.Namespace, ahead: ReadAhead | None = None) -> str:
    """Carry out one command; return the message for the user or raise a UserError or DataError.

    Every command but `kontrollera` and `visa` writes something: it holds the folder's lock (see lock.py).
    `visa` runs until stopped and its builds write only a temporary folder, so it would hold the lock for hours."""
    root = project_root()
    if args.kommando == "kontrollera":
        return check(root, ahead)
    if args.kommando == "visa":
        return serve.serve(root, serve.port_number(args.port))
    with project_lock(root):
        return _run_locked(root, args)


def _run_locked(root: Path, args: argparse.Namespace) -> str:
    match args.kommando:
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
        case "faststall":
            return adopt.adopt(root, args.dokument, args.beslutad_av, args.datum, args.diarienummer, args.exempel,
                               reference_date(), mkdocs_build)
        case "export":
            return export(root, args.mapp if args.mapp.is_absolute() else root / args.mapp, args.ersatt)
        case "import":
            return import_file(root, args.fil.absolute(), args.ersatt)
        case "tillsyn":
            asked = RequestArgs(args.myndighet, args.arende, args.diarienummer, args.kontakt, args.sekretessprovning,
                                args.sekretess, args.ingen_sekretessprovning)
            return supervision.supervise(root, args.ut, args.mapp, args.ersatt, args.genomgang, reference_date(),
                                         lambda r, day: load_project(r, as_of=day), handbook_version(root),
                                         mkdocs_build, asked)
        case "schema":
            return write_schemas(root)
        case unknown:  # a subcommand in the parser that run() does not know is a bug, never a schema rewrite
            raise NotImplementedError(f"lis {unknown}: the parser accepts this command but cli.run() has no case "
                                      "for it; add one")


def _say(text: str, error: bool = True) -> None:
    # Control characters and bidirectional overrides from user input are shown, not obeyed, by the terminal.
    print(printable(text, lines=True), file=sys.stderr if error else sys.stdout)


def main(argv: list[str] | None = None, ahead: ReadAhead | None = None) -> int:
    """The error boundary: user errors in Swedish (exit 1), bugs with a traceback (exit 70).

    `ahead`: data files being read as the command started (entry.py, for `lis kontrollera`)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed usage or help
        return stop.code if isinstance(stop.code, int) else 2
    try:
        message = run(args, ahead)
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
    except DeclarationError as err:  # a register declared wrongly: its message says what to change, no traceback
        _say(f"Fel: detta är ett fel i handbokens kod, inte i dina uppgifter (till den som förvaltar handboken): {err}")
        return BUG_EXIT
    except Exception:  # noqa: BLE001 - the one place a bug is turned into a report
        traceback.print_exc()
        print("Fel: detta är ett fel i handboken, inte i dina uppgifter. Rapportera det (med texten ovan) "
              "till den som förvaltar handboken.", file=sys.stderr)
        return BUG_EXIT
    _say(message, error=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
