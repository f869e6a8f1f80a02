"""New entries and pages from templates, with every required field present; never overwrites."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from string import Template

from .loader import TODO_MARKER as TODO
from .loader import load_handbook
from .models import _SLUG
from .status import add_years

TEMPLATES = Path(__file__).parent / "templates"


class ScaffoldError(Exception):
    """A refusal the user can act on (the file exists, the id is taken)."""


def _nav_insert(nav_text: str, pattern: str, line: str, first: bool) -> str:
    entries = list(re.finditer(pattern, nav_text, re.M))
    if not entries:
        raise ScaffoldError("hittar inte platsen i menyn (nav: i mkdocs.yml) där sidan ska stå")
    at = entries[0].start() if first else entries[-1].end()
    indent = entries[0].group(1)
    return nav_text[:at] + f"{indent}{line}\n" + nav_text[at:]


def new_review(root: Path, year: int) -> str:
    """Next year's review page from the template, registered in data and in the menu."""
    page = root / "docs" / "ledningens-genomgang" / f"{year}.md"
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} finns redan; ingenting har ändrats")
    hb = load_handbook(root / "data")
    if any(r.year == year for r in hb.reviews):
        raise ScaffoldError(f"data/genomgangar.yaml har redan en genomgång för {year}; ingenting har ändrats")
    nav = root / "mkdocs.yml"
    nav_text = _nav_insert(nav.read_text(encoding="utf-8"), r"^(\s*)- ledningens-genomgang/\d{4}\.md\n",
                           f"- ledningens-genomgang/{year}.md", first=True)
    content = Template((TEMPLATES / "genomgang.md").read_text(encoding="utf-8")).substitute(ar=year)
    reviews = root / "data" / "genomgangar.yaml"
    data_text = reviews.read_text(encoding="utf-8").rstrip("\n") + f"\n  - år: {year}\n    status: pågår\n"
    page.write_text(content, encoding="utf-8")
    reviews.write_text(data_text, encoding="utf-8")
    nav.write_text(nav_text, encoding="utf-8")
    return (f"Skapade {page.relative_to(root)}, lade till {year} i data/genomgangar.yaml och i menyn "
            "i mkdocs.yml. Skriv texten där det står \"Att skriva\".")


SYSTEM_TEMPLATE = """  - id: $id
    namn: $name
    syfte: $TODO  # en mening: vad systemet används till
    förvaltningsobjekt: $object
    systemägare: $TODO  # roll, inte namn; ta bort raden om ansvaret är oklart
    leverantör: $TODO  # ta bort raden om förvaltningen själv driver systemet
    stadsgemensamt: $TODO  # ja eller nej
    personuppgifter: $TODO  # inga, vanliga eller känsliga
    samhällsviktig: $TODO  # ja eller nej: behövs systemet för samhällsviktig verksamhet?
    pub_avtal: $TODO  # finns, saknas, pågår eller ej aktuellt
    konsekvensbedömning:
      krävs: $TODO  # ja, nej eller utreds
"""


def new_system(root: Path, system_id: str, name: str, object_id: str) -> str:
    """Append a system with every required field; what only a person can know is marked ÄNDRA."""
    if not _SLUG.fullmatch(system_id):
        raise ScaffoldError(f'"{system_id}" är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck')
    hb = load_handbook(root / "data")
    if any(s.id == system_id for s in hb.systems):
        raise ScaffoldError(f'det finns redan ett system med id "{system_id}"; ingenting har ändrats')
    if object_id not in {o.id for o in hb.objects}:
        known = ", ".join(sorted(o.id for o in hb.objects))
        raise ScaffoldError(f'okänt förvaltningsobjekt "{object_id}". Kända: {known}.')
    path = root / "data" / "system.yaml"
    entry = Template(SYSTEM_TEMPLATE).substitute(id=system_id, name=name, object=object_id, TODO=TODO)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry, encoding="utf-8")
    return (f"Lade till {system_id} sist i data/system.yaml. Fyll i fälten där det står {TODO}; "
            "lis kontrollera visar vad som återstår. Lägg till klassningsprotokoll, klassning och "
            "i_drift_sedan när de finns.")


def new_routine(root: Path, slug: str, title: str, today: date) -> str:
    """A routine page with complete front matter (status utkast) and the routine skeleton."""
    if not _SLUG.fullmatch(slug):
        raise ScaffoldError(f'"{slug}" är inget giltigt filnamn; använd små bokstäver a–z, siffror och bindestreck')
    page = root / "docs" / "rutiner" / f"{slug}.md"
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} finns redan; ingenting har ändrats")
    content = Template((TEMPLATES / "rutin.md").read_text(encoding="utf-8")).substitute(
        titel=title, idag=today.isoformat(), granskning=add_years(today, 1).isoformat())
    nav = root / "mkdocs.yml"
    nav_text = _nav_insert(nav.read_text(encoding="utf-8"), r"^(\s*)- [^\n]*: rutiner/[a-z0-9-]+\.md\n",
                           f"- {title}: rutiner/{slug}.md", first=False)
    page.write_text(content, encoding="utf-8")
    nav.write_text(nav_text, encoding="utf-8")
    return (f"Skapade {page.relative_to(root)} (status utkast) och lade till den i menyn under Rutiner. "
            "Skriv texten; när rutinen är beslutad fyller du i beslutad_av, fastställd och diarienummer.")
