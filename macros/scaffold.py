"""New entries and pages from templates, with every required field present; never overwrites.

Values are written as YAML scalars that read back as the same text (see yamltext), and every
command checks what it wrote (the data file parses, the page's front matter parses, the menu in
mkdocs.yml parses and points at the new page). If that check or a write fails, every file the
command touched is put back as it was.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from string import Template
from typing import Any

from . import navcheck, pages
from .documents import split_front_matter
from .errors import UserError, describe_os_error
from .loader import TODO_MARKER as TODO
from .loader import load_handbook
from .models import _SLUG
from .skeleton import fill
from .status import add_years
from .yamlsource import parse_yaml, read_yaml_file
from .yamltext import scalar

# Line breaks (also Unicode's), other control characters and a byte-order mark.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


MAX_NAME = 80  # characters in an id or file name: a readable address, far below file-system limits


class ScaffoldError(UserError):
    """A refusal the user can act on (the file exists, the id is taken, the value is not allowed)."""


def _slug_argument(value: str, what: str) -> str:
    if len(value) > MAX_NAME:
        raise ScaffoldError(f"{what} har {len(value)} tecken; högst {MAX_NAME} är tillåtna. Ingenting har ändrats.")
    if not _SLUG.fullmatch(value):
        raise ScaffoldError(f'"{value}" är inget giltigt {what}; använd små bokstäver a–z, siffror och bindestreck')
    return value


def _text_argument(value: str, flag: str) -> str:
    if _CONTROL.search(value):
        raise ScaffoldError(f"{flag} får inte innehålla radbrytningar, tabbar eller andra styrtecken; "
                            "ingenting har ändrats")
    if not value.strip():
        raise ScaffoldError(f"{flag} får inte vara tom; ingenting har ändrats")
    return value.strip()


def _markdown_text(text: str) -> str:
    """Text for a Markdown heading that shows exactly as typed (no markup, no Jinja)."""
    escaped = re.sub(r"([\\`*_\[\]#!])", r"\\\1", html.escape(text, quote=False))
    return escaped.replace("{", "&#123;")  # Jinja knows no backslash escapes: {{ {% {# must not appear


@contextmanager
def _all_or_nothing(*paths: Path) -> Iterator[None]:
    """Restore every path (or remove it, if it was new) when the block fails in any way."""
    saved = {p: p.read_bytes() if p.exists() else None for p in paths}
    try:
        yield
    except BaseException as err:
        for path, content in saved.items():
            try:
                if content is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(content)
            except OSError:
                pass  # the error below is what the user must see
        if isinstance(err, OSError):
            raise ScaffoldError(f"kunde inte skriva: {describe_os_error(err)}; ingenting har ändrats") from None
        raise


def _verify(ok: bool, what: str) -> None:
    if not ok:
        raise ScaffoldError(f"kontrollen efter skrivningen misslyckades ({what}); ändringen är ångrad")


def _nav_insert(nav_text: str, places: list[tuple[str, bool]], line: str) -> str:
    """Insert `line` before the first (or after the last) match of the first pattern that matches."""
    for pattern, first in places:
        entries = list(re.finditer(pattern, nav_text, re.M))
        if entries:
            at = entries[0].start() if first else entries[-1].end()
            indent = entries[0].group(1)
            return nav_text[:at] + f"{indent}{line}\n" + nav_text[at:]
    raise ScaffoldError("hittar inte platsen i menyn (nav: i mkdocs.yml) där sidan ska stå; ingenting har ändrats")


def _append_entry(text: str, list_key: str, entry: str) -> str:
    """`entry` (YAML list item text) added last under `list_key:`, also when the list is `[]`."""
    text = re.sub(rf"^{list_key}:[ \t]*\[\][ \t]*(#.*)?$", f"{list_key}:", text, flags=re.M)
    return text.rstrip("\n") + "\n" + entry


def _nav_has(root: Path, path: str, title: str | None) -> bool:
    return (title, path) in navcheck.nav_entries(root) and not navcheck.check_mkdocs_yml(root)


def review_years(hb_years: list[int], build_year: int) -> range:
    """Years a new review may be created for: the earliest review on record to the year after the build date."""
    return range(min([*hb_years, build_year]), build_year + 2)


def new_review(root: Path, year: int, build_year: int) -> str:
    """Next year's review page from the template, registered in data and in the menu."""
    hb = load_handbook(root / "data")
    allowed = review_years([r.year for r in hb.reviews], build_year)
    if year not in allowed:
        raise ScaffoldError(f"{year} är inget rimligt år för en ny genomgång; tillåtet är {allowed[0]}–{allowed[-1]} "
                            "(från den tidigaste genomgången i data/genomgangar.yaml till året efter dagens datum). "
                            "Ingenting har ändrats.")
    page = root / "docs" / pages.review_page(year)
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} finns redan; ingenting har ändrats")
    if any(r.year == year for r in hb.reviews):
        raise ScaffoldError(f"data/genomgangar.yaml har redan en genomgång för {year}; ingenting har ändrats")
    nav = root / "mkdocs.yml"
    nav_text = _nav_insert(nav.read_text(encoding="utf-8"), [
        (rf"^(\s*)- {pages.REVIEW_FOLDER}/\d{{4}}\.md\n", True),
        (rf"^(\s*)- {re.escape(pages.REVIEW_INDEX)}\n", False)],
        f"- {pages.review_page(year)}")
    content = fill("genomgang.md", ar=year)
    reviews = root / "data" / "genomgangar.yaml"
    data_text = _append_entry(reviews.read_text(encoding="utf-8"), "genomgångar",
                              f"  - år: {year}\n    status: pågår\n")
    with _all_or_nothing(page, reviews, nav):
        page.write_text(content, encoding="utf-8")
        reviews.write_text(data_text, encoding="utf-8")
        nav.write_text(nav_text, encoding="utf-8")
        data, problems = read_yaml_file(reviews, "data/genomgangar.yaml")
        entries = data.get("genomgångar") if isinstance(data, dict) else None
        _verify(not problems and isinstance(entries, list) and entries[-1] == {"år": year, "status": "pågår"},
                "data/genomgangar.yaml")
        _verify(_nav_has(root, pages.review_page(year), None), "menyn i mkdocs.yml")
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
    _slug_argument(system_id, "id")
    name = _text_argument(name, "--namn")
    hb = load_handbook(root / "data")
    if any(s.id == system_id for s in hb.systems):
        raise ScaffoldError(f'det finns redan ett system med id "{system_id}"; ingenting har ändrats')
    if object_id not in {o.id for o in hb.objects}:
        known = ", ".join(sorted(o.id for o in hb.objects))
        raise ScaffoldError(f'okänt förvaltningsobjekt "{object_id}". Kända: {known}.')
    path = root / "data" / "system.yaml"
    entry = Template(SYSTEM_TEMPLATE).substitute(id=system_id, name=scalar(name), object=object_id, TODO=TODO)
    text = _append_entry(path.read_text(encoding="utf-8"), "system", entry)
    with _all_or_nothing(path):
        path.write_text(text, encoding="utf-8")
        data, problems = read_yaml_file(path, "data/system.yaml")
        systems: Any = data.get("system") if isinstance(data, dict) else None
        last = systems[-1] if isinstance(systems, list) and systems else {}
        _verify(not problems and len(systems) == len(hb.systems) + 1 and last.get("id") == system_id
                and last.get("namn") == name and last.get("förvaltningsobjekt") == object_id, "data/system.yaml")
    return (f"Lade till {system_id} sist i data/system.yaml. Fyll i fälten där det står {TODO}; "
            "lis kontrollera visar vad som återstår. Lägg till klassningsprotokoll, klassning och "
            "i_drift_sedan när de finns.")


def new_routine(root: Path, slug: str, title: str, today: date) -> str:
    """A routine page with complete front matter (status utkast) and the routine skeleton."""
    _slug_argument(slug, "filnamn")
    title = _text_argument(title, "--titel")
    page = root / "docs" / pages.routine_page(slug)
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} finns redan; ingenting har ändrats")
    try:
        review = add_years(today, 1)
    except ValueError:
        raise ScaffoldError(f"dagens datum {today} går inte att räkna ett år framåt från") from None
    content = fill("rutin.md",
        titel_yaml=scalar(title), titel_md=_markdown_text(title), idag=today.isoformat(),
        granskning=review.isoformat())
    nav = root / "mkdocs.yml"
    nav_text = _nav_insert(nav.read_text(encoding="utf-8"), [
        (rf"^(\s*)- [^\n]*: {pages.ROUTINE_FOLDER}/[a-z0-9-]+\.md\n", False),
        (rf"^(\s*)- {pages.ROUTINE_FOLDER}/index\.md\n", False)],
        f"- {scalar(title)}: {pages.routine_page(slug)}")
    with _all_or_nothing(page, nav):
        page.write_text(content, encoding="utf-8")
        nav.write_text(nav_text, encoding="utf-8")
        front, line = split_front_matter(page.read_text(encoding="utf-8"))
        meta, problems = parse_yaml(front or "", page.name, line)
        _verify(not problems and isinstance(meta, dict) and meta.get("title") == title, page.name)
        _verify(_nav_has(root, pages.routine_page(slug), title), "menyn i mkdocs.yml")
    return (f"Skapade {page.relative_to(root)} (status utkast) och lade till den i menyn under Rutiner. "
            "Skriv texten; när rutinen är beslutad fyller du i beslutad_av, fastställd och diarienummer.")
