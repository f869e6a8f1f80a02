"""`lis`: the coordinator's command line. Messages are Swedish; exit status 1 on any error."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template

from . import linkcheck
from .errors import DataError
from .loader import load_handbook
from .project import load_project

TEMPLATES = Path(__file__).parent / "templates"
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
    project = load_project(root)
    return (f"Inga fel: {len(project.handbook.systems)} system, {len(project.handbook.actions)} åtgärder och "
            f"{len(project.documents)} styrdokument är kontrollerade.")


def new_review(root: Path, year: int) -> str:
    """Create next year's review page from the template, register it in data and navigation."""
    page = root / "docs" / "ledningens-genomgang" / f"{year}.md"
    if page.exists():
        raise CommandError(f"{page.relative_to(root)} finns redan; ingenting har ändrats")
    hb = load_handbook(root / "data")
    if any(r.year == year for r in hb.reviews):
        raise CommandError(f"data/genomgangar.yaml har redan en genomgång för {year}; ingenting har ändrats")
    nav = root / "mkdocs.yml"
    nav_text = nav.read_text(encoding="utf-8")
    entries = list(re.finditer(r"^(\s*)- ledningens-genomgang/(\d{4})\.md\n", nav_text, re.M))
    if not entries:
        raise CommandError("hittar inga genomgångar under nav: i mkdocs.yml att lägga den nya bredvid")
    content = Template((TEMPLATES / "genomgang.md").read_text(encoding="utf-8")).substitute(ar=year)
    indent = entries[0].group(1)
    first = entries[0]
    nav_text = nav_text[: first.start()] + f"{indent}- ledningens-genomgang/{year}.md\n" + nav_text[first.start():]
    reviews = root / "data" / "genomgangar.yaml"
    data_text = reviews.read_text(encoding="utf-8").rstrip("\n") + f"\n  - år: {year}\n    status: pågår\n"
    page.write_text(content, encoding="utf-8")
    reviews.write_text(data_text, encoding="utf-8")
    nav.write_text(nav_text, encoding="utf-8")
    return (f"Skapade {page.relative_to(root)}, lade till {year} i data/genomgangar.yaml och i menyn "
            "i mkdocs.yml. Skriv texten där det står \"Att skriva\".")


def _mkdocs_build(root: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                           cwd=root, env=env, capture_output=True, text=True)
    if built.returncode != 0:
        shown = [ln for ln in (built.stdout + built.stderr).splitlines() if not ln.startswith("INFO")]
        raise CommandError("webbplatsen gick inte att bygga:\n" + "\n".join(shown))


def build_site(root: Path) -> str:
    """Build into a temporary folder, check links, then swap it in: a failed build publishes nothing."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lis", description="Verktyg för LIS-handboken.")
    sub = parser.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO")
    sub.add_parser("kontrollera", help="kontrollera all data och alla styrdokument utan att bygga")
    sub.add_parser("bygg", help="bygg webbplatsen till site/ och kontrollera länkarna; vid fel ändras inget")
    new = sub.add_parser("ny-genomgang", help="skapa nästa års ledningens genomgång från mallen")
    new.add_argument("ar", type=int, metavar="ÅR")
    pdf = sub.add_parser("pdf", help="spara ett års ledningens genomgång som PDF (A4)")
    pdf.add_argument("ar", type=int, metavar="ÅR")
    pdf.add_argument("--ut", type=Path, help="filen som ska skrivas (standard: pdf/ledningens-genomgang-ÅR.pdf)")
    args = parser.parse_args(argv)
    try:
        root = project_root()
        if args.kommando == "kontrollera":
            message = check(root)
        elif args.kommando == "bygg":
            message = build_site(root)
        elif args.kommando == "ny-genomgang":
            message = new_review(root, args.ar)
        else:
            message = export_pdf(root, args.ar, args.ut)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except (CommandError, KeyError) as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
