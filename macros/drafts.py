"""Pages kept out of the published site: front matter `publiceras: nej`.

`lis ny-genomgang` writes next year's review as a skeleton full of "Att skriva" boxes; readers should
not see it a year early. Such a page is built under `make serve` (with a note that it is not
published) and left out of `make build`: not in the menu, not in the review list, not in
"Vad är nytt". The coordinator removes the line when the text is written. An adopted review
must be published, so a fastställd year whose page says `publiceras: nej` is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import models as m
from . import pages
from .documents import pages_setting
from .errors import DataIssue
from .handbook import Handbook
from .yamlsource import line_of

KEY = "publiceras"
# Shown at the top of such a page under `make serve`, in place of MkDocs' English "DRAFT" marker.
UNPUBLISHED_NOTE = ('<div class="admonition warning"><p class="admonition-title">Publiceras inte</p><p>Sidan har '
                    "<code>publiceras: nej</code> och syns bara här i make serve. Ta bort raden när texten är "
                    "skriven, så publiceras sidan vid nästa bygge.</p></div>")


def unpublished_pages(docs_dir: Path, page_paths: Iterable[str]) -> tuple[frozenset[str], list[DataIssue]]:
    """The pages whose front matter says `publiceras: nej`, and any value that is not ja or nej."""
    hidden: set[str] = set()
    issues: list[DataIssue] = []
    for rel, meta, value in pages_setting(docs_dir, page_paths, KEY):
        if value is False or (isinstance(value, str) and value.strip().lower() == "nej"):
            hidden.add(rel)
        elif not (value is True or (isinstance(value, str) and value.strip().lower() == "ja")):
            issues.append(DataIssue(f"docs/{rel}", line_of(meta, (KEY,)), None, KEY,
                                    f"{m.show_value(value)} går inte att tolka; skriv ja eller nej "
                                    "(nej håller sidan utanför den publicerade webbplatsen)"))
    return frozenset(hidden), issues


def adopted_but_unpublished(hb: Handbook, hidden: frozenset[str]) -> list[DataIssue]:
    """An adopted review is the board's decision: its page must be published."""
    return [DataIssue(f"docs/{pages.review_page(r.year)}", None, None, KEY,
                      f"genomgången {r.year} är fastställd i data/genomgangar.yaml och ska publiceras; "
                      "ta bort raden publiceras: nej")
            for r in hb.reviews
            if r.status is m.ReviewStatus.ADOPTED and pages.review_page(r.year) in hidden]


def without_pages(nav: object, hidden: frozenset[str]) -> object:
    """The menu (mkdocs.yml's nav) without the entries that point at `hidden` pages."""
    if isinstance(nav, list):
        kept = [without_pages(item, hidden) for item in nav]
        return [item for item in kept if item is not None]
    if isinstance(nav, dict):
        kept_items = {title: without_pages(value, hidden) for title, value in nav.items()}
        kept_items = {title: value for title, value in kept_items.items() if value not in (None, [])}
        return kept_items or None
    return None if isinstance(nav, str) and nav in hidden else nav
