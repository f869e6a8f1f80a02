"""The page map: every path under docs/ that code names, generated or hand-written, in one place.

Views link with these, macros/site.py generates the pages and feeds at these paths, the CLI
and scaffolding write and look up review pages here, and the menu check and the tests read the
same names. Paths are MkDocs source paths (relative to docs/, `.md` for pages).
"""

from __future__ import annotations

import re

HOME = "index.md"

# Generated from data on every build (macros/site.py); never files under docs/.
SYSTEM_FOLDER = "system"
OBJECT_FOLDER = "forvaltningsobjekt"
OBJECT_INDEX = f"{OBJECT_FOLDER}/index.md"
CALENDAR_FOLDER = "kalender"
DISTRICT_FEED = "forvaltningen"  # the calendar with every due date of the district
WHATS_NEW_FEED = "vad-ar-nytt.xml"  # the Atom feed beside the "Vad är nytt" page

# Hand-written pages that code links to or writes.
DASHBOARD = "uppfoljning/index.md"  # Uppföljning: figures and lists computed from every register
INVENTORY = "uppfoljning/systemforteckning.md"
INTERNAL_AUDIT = "uppfoljning/internrevision.md"
EXERCISES = "uppfoljning/ovningar.md"
LAW = "styrande/lagar-och-krav.md"  # the duties, the registration and its changes
WHATS_NEW = "vad-ar-nytt.md"
REVIEW_FOLDER = "ledningens-genomgang"
REVIEW_INDEX = f"{REVIEW_FOLDER}/index.md"
ROUTINE_FOLDER = "rutiner"
INCIDENT_ROUTINE = f"{ROUTINE_FOLDER}/incidenthantering.md"
BREACH_ROUTINE = f"{ROUTINE_FOLDER}/personuppgiftsincidenter.md"

_REVIEW_PAGE = re.compile(rf"{REVIEW_FOLDER}/([0-9]{{4}})\.md")


def system_page(system_id: str) -> str:
    return f"{SYSTEM_FOLDER}/{system_id}.md"


def object_page(object_id: str) -> str:
    return f"{OBJECT_FOLDER}/{object_id}.md"


def calendar(feed: str) -> str:
    """A calendar feed: `DISTRICT_FEED` or a management object's id."""
    return f"{CALENDAR_FOLDER}/{feed}.ics"


def inventory_page(part: int) -> str:
    """Part 1 is the hand-written inventory page; later parts are generated."""
    return INVENTORY if part == 1 else INVENTORY.replace(".md", f"-{part}.md")


def review_page(year: int) -> str:
    return f"{REVIEW_FOLDER}/{year}.md"


def review_year(src_path: str) -> int | None:
    """The year of a management review page, or None for any other page."""
    found = _REVIEW_PAGE.fullmatch(src_path)
    return int(found.group(1)) if found else None


def routine_page(slug: str) -> str:
    return f"{ROUTINE_FOLDER}/{slug}.md"


# Generated pages that a menu entry in mkdocs.yml may point at (the others are reached by links).
GENERATED_IN_MENU = frozenset({OBJECT_INDEX})

# What mkdocs.yml's not_in_nav must cover: every generated page that is not in the menu.
NOT_IN_MENU = (f"/{SYSTEM_FOLDER}/", "/" + INVENTORY.replace(".md", "-*.md"), f"/{OBJECT_FOLDER}/*/",
               f"/{OBJECT_FOLDER}/*.md", f"!/{OBJECT_INDEX}")


def generated_restricted(src_path: str) -> bool:
    """A generated page that shows restricted data: a system's or a förvaltningsobjekt's page, and the objects' index.

    The staff edition leaves the record pages out and shows the index as a notice (macros/staff_edition.py)."""
    return src_path.startswith((f"{SYSTEM_FOLDER}/", f"{OBJECT_FOLDER}/"))


def reserved_object_ids() -> dict[str, str]:
    """Object ids whose page or calendar would overwrite another file of the build, with the reason."""
    return {
        "index": f"förvaltningsobjektens översiktssida heter {OBJECT_INDEX}",
        DISTRICT_FEED: f"förvaltningens gemensamma kalender heter {calendar(DISTRICT_FEED)}",
    }
