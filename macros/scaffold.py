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

from . import atomic, navcheck, pages
from .continuity import add_months
from .documents import split_front_matter
from .errors import UserError, describe_os_error
from .loader import TODO_MARKER as TODO
from .loader import load_handbook
from .models import _SLUG, Scale
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
    if re.search("[\ud800-\udfff]", value):  # bytes of the argument that are not UTF-8 (surrogateescape)
        raise ScaffoldError(f"{flag} innehåller tecken som inte är UTF-8; kontrollera terminalens teckenkodning. "
                            "Ingenting har ändrats.")
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


class _Changes:
    """The files one command writes (each whole or not at all); undone together if the command fails."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, bytes | None, bytes]] = []  # path, content before (None: new), after

    def create(self, path: Path, text: str) -> None:
        """A new file; never replaces one (a file that appeared meanwhile stops the command)."""
        data = text.encode("utf-8")
        try:
            atomic.write_bytes(path, data, exclusive=True)
        except FileExistsError:
            raise ScaffoldError(f"{path.name} finns redan; ingenting har ändrats") from None
        self.done.append((path, None, data))

    def replace(self, path: Path, text: str, before: bytes) -> None:
        """A changed file, written only while it still holds `before` (what the command read)."""
        data = text.encode("utf-8")
        atomic.write_bytes(path, data, unchanged=before)
        self.done.append((path, before, data))

    def undo(self) -> None:
        """Put back what was there; a file someone else changed meanwhile is left as it is."""
        for path, before, after in reversed(self.done):
            try:
                if path.read_bytes() != after:
                    continue
                if before is None:
                    path.unlink()
                else:
                    atomic.write_bytes(path, before)
            except OSError:
                pass  # the error the command stopped with is what the user must see


@contextmanager
def _all_or_nothing() -> Iterator[_Changes]:
    """The block's writes, undone when it fails in any way."""
    changes = _Changes()
    try:
        yield changes
    except BaseException as err:
        changes.undo()
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
    """`entry` (YAML list item text) added last under `list_key:`, also when the list is `[]`; after a blank
    line when the file separates its entries with one (data/system.yaml does), so it looks like the rest."""
    text = re.sub(rf"^{list_key}:[ \t]*\[\][ \t]*(#.*)?$", f"{list_key}:", text, flags=re.M)
    listed = text.split(f"\n{list_key}:", 1)[-1]
    gap = "\n" if re.search(r"\n[ \t]*\n[ \t]*- ", listed) else ""
    return text.rstrip("\n") + "\n" + gap + entry


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
    nav_before = nav.read_bytes()
    nav_text = _nav_insert(nav_before.decode("utf-8"), [
        (rf"^(\s*)- {pages.REVIEW_FOLDER}/\d{{4}}\.md\n", True),
        (rf"^(\s*)- {re.escape(pages.REVIEW_INDEX)}\n", False)],
        f"- {pages.review_page(year)}")
    content = fill("genomgang.md", ar=year)
    reviews = root / "data" / "genomgangar.yaml"
    reviews_before = reviews.read_bytes()
    data_text = _append_entry(reviews_before.decode("utf-8"), "genomgångar",
                              f"  - år: {year}\n    status: pågår\n")
    with _all_or_nothing() as changes:
        changes.create(page, content)
        changes.replace(reviews, data_text, reviews_before)
        changes.replace(nav, nav_text, nav_before)
        data, problems = read_yaml_file(reviews, "data/genomgangar.yaml")
        entries = data.get("genomgångar") if isinstance(data, dict) else None
        _verify(not problems and isinstance(entries, list) and entries[-1] == {"år": year, "status": "pågår"},
                "data/genomgangar.yaml")
        _verify(_nav_has(root, pages.review_page(year), None), "menyn i mkdocs.yml")
    return (f"Skapade {page.relative_to(root)}, lade till {year} i data/genomgangar.yaml och i menyn "
            "i mkdocs.yml. Skriv texten där det står \"Att skriva\". Sidan syns i make serve men publiceras "
            "inte förrän du tar bort raden publiceras: nej överst i filen.")


SYSTEM_TEMPLATE = """  - id: $id
    namn: $name
    syfte: $TODO  # en mening: vad systemet används till
    förvaltningsobjekt: $object
    systemägare: $TODO  # roll, inte namn; ta bort raden om ansvaret är oklart
    leverantör: $TODO  # ta bort raden om förvaltningen själv driver systemet
    stadsgemensamt: $TODO  # ja eller nej
    personuppgifter: $TODO  # inga, vanliga eller känsliga
    samhällsviktig: $TODO  # ja eller nej: behövs systemet för samhällsviktig verksamhet?
$classification    pub_avtal: $TODO  # finns, saknas, pågår eller ej aktuellt
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
    before = path.read_bytes()
    entry = Template(SYSTEM_TEMPLATE).substitute(id=system_id, name=scalar(name), object=object_id, TODO=TODO,
                                                 classification=_classification_lines(hb.scale))
    text = _append_entry(before.decode("utf-8"), "system", entry)
    with _all_or_nothing() as changes:
        changes.replace(path, text, before)
        data, problems = read_yaml_file(path, "data/system.yaml")
        systems: Any = data.get("system") if isinstance(data, dict) else None
        last = systems[-1] if isinstance(systems, list) and systems else {}
        _verify(not problems and len(systems) == len(hb.systems) + 1 and last.get("id") == system_id
                and last.get("namn") == name and last.get("förvaltningsobjekt") == object_id, "data/system.yaml")
    return (f"Lade till {system_id} sist i data/system.yaml. Fyll i fälten där det står {TODO}; "
            "lis kontrollera visar vad som återstår. Ta bort # framför i_drift_sedan, klassningsprotokoll och "
            "klassning när uppgifterna finns, och fyll i dem.")


def _classification_lines(scale: Scale) -> str:
    """The fields a system gets later, commented out (so the entry is valid now), with the scale's aspects."""
    levels = f"{min(scale.values())}–{max(scale.values())}"
    aspects = "".join(f"    #   {a.code.value}: {TODO}  # {a.name}, {levels}"
                      f"{'' if a.required else ' (kan utelämnas)'}\n" for a in scale.aspects)
    return ("    # Ta bort # framför raderna nedan när uppgifterna finns, och fyll i dem:\n"
            f"    # i_drift_sedan: {TODO}  # ÅÅÅÅ-MM-DD, dag då systemet togs i drift\n"
            f"    # klassningsprotokoll: {TODO}  # ÅÅÅÅ-MM-DD, dag för klassningsprotokollet\n"
            "    # klassning:\n"
            f"    #   datum: {TODO}  # ÅÅÅÅ-MM-DD, dag då klassningen fastställdes\n" + aspects)


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
        granskning=review.isoformat(), beslut=add_months(today, 3).isoformat())
    nav = root / "mkdocs.yml"
    nav_before = nav.read_bytes()
    nav_text = _nav_insert(nav_before.decode("utf-8"), [
        (rf"^(\s*)- [^\n]*: {pages.ROUTINE_FOLDER}/[a-z0-9-]+\.md\n", False),
        (rf"^(\s*)- {pages.ROUTINE_FOLDER}/index\.md\n", False)],
        f"- {scalar(title)}: {pages.routine_page(slug)}")
    with _all_or_nothing() as changes:
        changes.create(page, content)
        changes.replace(nav, nav_text, nav_before)
        front, line = split_front_matter(page.read_text(encoding="utf-8"))
        meta, problems = parse_yaml(front or "", page.name, line)
        _verify(not problems and isinstance(meta, dict) and meta.get("title") == title, page.name)
        _verify(_nav_has(root, pages.routine_page(slug), title), "menyn i mkdocs.yml")
    return (f"Skapade {page.relative_to(root)} (status utkast) och lade till den i menyn under Rutiner. "
            "Skriv texten; när rutinen är beslutad för du in beslutet med lis faststall "
            f"{pages.ROUTINE_FOLDER}/{slug} --beslutad-av ROLL --datum ÅÅÅÅ-MM-DD --diarienummer DNR.")
