"""What the handbook adds to a site besides the hand-written pages, as an engine-neutral step.

From one `Build`: the generated pages (one per system and förvaltningsobjekt, the object index,
the inventory's later parts), the calendar feeds and the Atom feed of "Vad är nytt"; the notices a
page gets after its macros ran (the governing-document banner and version history, the archived
edition of a review); and the search's side file (macros/search.py). Everything here
is Markdown, HTML, JSON or files; an adapter (macros/adapters/) hands it to the site engine.
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import atomic, pages
from . import history_views as hv
from .atom import atom_feed
from .build import Build
from .calendar import feed
from .changes import recent
from .followup_views import object_page as object_markdown
from .followup_views import system_page as system_markdown
from .incremental import PageInputs, digest
from .render import EXAMPLE_DATA
from .search import SIDE_FILE, audience_words, side_data
from .search_index import BUNDLE
from .skeleton import fill
from .staff_edition import due_for, news_for
from .views import document_banner, inventory_parts, not_indexed


@dataclass(frozen=True)
class Generated:
    """One generated file: its path under docs/, how it is made, and (for `make serve`) what it is made from."""

    path: str
    make: Callable[[], str]
    inputs: Callable[[], str] | None = None  # digest of everything `make` reads; None: made on every build
    macros: bool = False  # a page whose Markdown calls macros
    post: str | None = None  # a record page's id and summary: all of it the search indexes besides its name


def generated_files(build: Build, site_url: str) -> list[Generated]:
    """Every generated page and feed of the build, in the order the site lists them."""
    overview = build.overview
    hb, as_of = overview.hb, overview.as_of
    inputs = functools.cache(lambda: PageInputs(hb, as_of))  # read only when a digest is asked for (serve)
    # The staff edition has no record pages: they show the classification work (macros/staff_edition.py).
    records = [] if build.staff else hb.systems
    found = [Generated(pages.system_page(s.id), functools.partial(system_markdown, overview, s.id),
                       functools.partial(lambda i: inputs().system(i), s.id), post=_post(s.id, s.purpose))
             for s in records]
    found += [Generated(pages.object_page(o.id), functools.partial(object_markdown, overview, o.id),
                        functools.partial(lambda i: inputs().management_object(i), o.id),
                        post=_post(o.id, o.description or "")) for o in ([] if build.staff else hb.objects)]
    found.append(Generated(pages.OBJECT_INDEX, functools.partial(fill, "forvaltningsobjekt.md"), macros=True))
    found += [Generated(pages.inventory_page(part), functools.partial(
                  fill, "inventory-part.md", part=part, first=posixpath.basename(pages.INVENTORY)), macros=True)
              for part in range(2, inventory_parts(len(overview.active)) + 1)]
    feeds = [(pages.DISTRICT_FEED, hb.organisation.district, due_for(build, overview.due))]
    feeds += [(obj.id, obj.name, overview.due_by_object[obj.id]) for obj in ([] if build.staff else hb.objects)]
    example = hb.organisation.example_data  # every feed says so while the data is made up
    mark = EXAMPLE_DATA if example else ""
    found += [Generated(pages.calendar(feed_id), functools.partial(feed, f"LIS: {name}{mark}", items, site_url, as_of,
                                                                   example),
                        functools.partial(_inputs_of, f"{name}{mark}", items, site_url, as_of))
              for feed_id, name, items in feeds]
    items = news_for(build, recent(hb, build.docs, build.ledger, build.titles, as_of))
    found.append(Generated(pages.WHATS_NEW_FEED, functools.partial(
        atom_feed, items, build.titles, site_url, as_of, "Vad är nytt i LIS-handboken", hb.organisation.district,
        pages.WHATS_NEW, pages.WHATS_NEW_FEED, example)))
    return found


def _post(record_id: str, summary: str) -> str:
    return f"{record_id} · {summary}" if summary else record_id


def _inputs_of(*values: object) -> str:
    return digest(*(repr(v) for v in values))


def after_macros(build: Build, src_path: str, markdown: str) -> str:
    """A page once its macros ran: a governing document gets its banner and version history (its change
    notes), and a review with an archived adopted edition a link to it, under the page heading."""
    if build.staff and build.restricted(src_path):
        return markdown  # a notice or a review's summary: no banner, history or archive link (staff_edition.py)
    doc = build.docs_by_path.get(src_path)
    if doc is not None:
        banner = document_banner(doc, build.hb, build.as_of, src_path, build.docs_dir)
        # The banner's owner, decision and dates are the same words on every governing page: not searched.
        history = hv.version_history(doc, build.hb, src_path, build.docs_dir)
        markdown = _under_heading(markdown, ["", not_indexed(banner), history])
    year = pages.review_year(src_path)
    adoption = build.ledger.latest(src_path) if year is not None else None
    if adoption is not None:
        notice = hv.archive_notice(adoption, build.hb, src_path, build.docs_dir, f"Ledningens genomgång {year}")
        markdown = _under_heading(markdown, [notice])
    return markdown


def _under_heading(markdown: str, parts: Sequence[str]) -> str:
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join([*lines[:at], *parts, *lines[at:]])


def write_search_files(build: Build, site_dir: Path, search_pages: Iterable[tuple[str, str, Sequence[str]]],
                       keep_index: bool = False) -> bool:
    """search/lis-sok.json (synonyms, audiences, stop words) and the search index of the finished site.

    `search_pages` holds (audience, title, keywords) per page. With `keep_index` (make serve) the index
    of the session's first build and its vocabulary stay: re-indexing thousands of pages on every save
    would slow the edit loop; new words are searchable after the next make build. Returns whether the
    index is still to be built (by the caller, from the finished site: macros/search_index.py)."""
    synonyms = {s.word: s.also for s in build.hb.synonyms.synonyms} if build.hb.synonyms else {}
    side = site_dir / "search" / SIDE_FILE
    data = side_data(synonyms, audience_words(search_pages))
    keep = keep_index and (site_dir / BUNDLE).is_dir() and side.is_file()
    if keep:
        data["ord"] = json.loads(side.read_text(encoding="utf-8")).get("ord", {})
    side.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(side, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return not keep
