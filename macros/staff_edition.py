"""The staff edition: what a build for everyone shows instead of what only the LIS edition may show.

One `lis bygg` builds two editions from the same sources (macros/publish.py): the LIS edition, complete,
and the staff edition, in which
- a restricted page (`utgåva: lis`, macros/page_audience.py) is a short notice that links to the page in
  the LIS edition, and the archived editions of such a page are left out;
- a management review shows only its summary and its decisions (`staff_review`);
- the systems' and förvaltningsobjekt's own pages and the objects' calendars are left out, and the
  district calendar holds only the due dates everyone may see (`FOR_EVERYONE`);
- *Vad är nytt* and its feed leave out the news of restricted pages.
The build's edition is an input read once at the boundary (`edition_from_environment`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

from .audience import Audience
from .build import Build
from .changes import NewsItem
from .errors import UserError
from .followup import DueItem, DueKind
from .ledger import ARCHIVE
from .render import link, text
from .webaddress import web_address

EDITION_VARIABLE = "LIS_UTGAVA"  # alla: the staff edition; lis (or unset): the LIS edition, complete
LIS_ADDRESS_VARIABLE = "LIS_WEBBADRESS_LIS"  # where the LIS edition is published; default: <site address>lis/
LIS_FOLDER = "lis/"

# What `lis pdf` and `lis tillsyn` say they draw from: the complete site, as `mkdocs_build(root, site)` builds it.
FROM_LIS_EDITION = "ur LIS-utgåvan (hela handboken, begränsad åtkomst)"

# Due dates that show nothing of the state of the security work: when a governing document is reviewed,
# and when a change in the registration is to be reported.
FOR_EVERYONE = frozenset({DueKind.REVIEW, DueKind.REGISTRATION})
# The sections of a management review the staff edition shows: its summary and its decisions.
_STAFF_SECTION = re.compile(r"(#{2,4})\s+(Sammanfattning|Beslut\b).*")
_HEADING = re.compile(r"(#{1,6})\s")


def edition_from_environment(environ: Mapping[str, str] | None = None) -> Audience:
    """The edition LIS_UTGAVA asks for; the LIS edition when it is not set."""
    value = (os.environ if environ is None else environ).get(EDITION_VARIABLE)
    if value is None:
        return Audience.LIS
    try:
        return Audience(value.strip().lower())
    except ValueError:
        raise UserError(f"{EDITION_VARIABLE}={value.encode('unicode_escape').decode('ascii')} går inte att tolka; "
                        "skriv alla (personalutgåvan) eller lis (LIS-utgåvan)") from None


def lis_address(site_url: str, environ: Mapping[str, str] | None = None) -> str:
    """Where the LIS edition is published: LIS_WEBBADRESS_LIS, else the folder lis/ under the site's address."""
    value = (os.environ if environ is None else environ).get(LIS_ADDRESS_VARIABLE)
    return web_address(value, LIS_ADDRESS_VARIABLE) if value is not None else site_url + LIS_FOLDER


def edition_address(site_url: str, edition: Audience, environ: Mapping[str, str] | None = None) -> str:
    """The address this build is published at: the LIS edition's own when `lis bygg` builds it (LIS_UTGAVA=lis),
    else the site's (the staff edition, or the complete site of `mkdocs build` and `make serve`)."""
    explicit = (os.environ if environ is None else environ).get(EDITION_VARIABLE) is not None
    return lis_address(site_url, environ) if explicit and edition is Audience.LIS else site_url


def notice(lis_href: str, what: str = "Sidan") -> str:
    """The box a staff-edition page shows where the LIS edition has more: a link and whose access it needs."""
    return (f'\n\n<div class="admonition info"><p class="admonition-title">{text(what)} finns i LIS-utgåvan</p>'
            f"<p>{text(what)} visar läget i säkerhetsarbetet och finns därför bara i handbokens LIS-utgåva, som "
            f"kräver LIS-gruppens behörighet: {link(lis_href, 'öppna den i LIS-utgåvan')}. Har du inte "
            "behörigheten och behöver uppgifterna, fråga informationssäkerhetssamordnaren.</p></div>\n\n")


def stub(title: str, lis_href: str) -> str:
    """A restricted page as the staff edition shows it: its title and the notice, nothing of its content."""
    return f"# {text(title)}\n" + notice(lis_href)


def staff_review(markdown: str, lis_href: str) -> str:
    """A management review as the staff edition shows it: its heading, summary and decisions, then the notice.

    Every other line is left blank rather than removed, so a line named in a message is the page's own line."""
    kept: list[str] = []
    level: int | None = None  # the level of the staff section being copied, None outside one
    for line in markdown.split("\n"):
        heading = _HEADING.match(line)
        if heading and (level is None or len(heading.group(1)) <= level):
            section = _STAFF_SECTION.fullmatch(line.strip())
            level = len(section.group(1)) if section else None
            if heading.group(1) == "#":
                kept.append(line)
                continue
        kept.append(line if level is not None else "")
    return "\n".join(kept).rstrip("\n") + notice(lis_href, "Hela genomgången")


def archived_restricted(build: Build, src_uri: str) -> bool:
    """A file of the archive (docs/arkiv/) that belongs to a restricted page's editions."""
    if not src_uri.startswith(f"{ARCHIVE}/"):
        return False
    return any(src_uri.startswith(f"{ARCHIVE}/{page.removesuffix('.md')}/") for page in build.project.restricted)


def due_for(build: Build, items: Iterable[DueItem]) -> list[DueItem]:
    """The due items this edition shows: all of them in the LIS edition."""
    if not build.staff:
        return list(items)
    return [i for i in items if i.kind in FOR_EVERYONE and not build.restricted(i.page)]


def news_for(build: Build, items: Iterable[NewsItem]) -> list[NewsItem]:
    """The news (Vad är nytt, its feed) this edition shows: in the staff edition, only of pages for everyone."""
    return [i for i in items if not (build.staff and build.restricted(i.path))]


def lis_href(build: Build, url: str) -> str:
    """The address in the LIS edition of the page at `url` (MkDocs' page URL, relative to the site)."""
    return build.lis_address + url
