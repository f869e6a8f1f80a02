"""One build's state: created once from its inputs, immutable, and passed explicitly.

The site engine's adapter (macros/adapters/mkdocs_plugin.py) creates it before any page is
rendered; the macros, the generated pages, the feeds and the search index all read the same object. Nothing here knows
MkDocs, so a test or a command can create one for any project folder and reference date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from . import followup as fu
from . import pages, sources
from .audience import Audience
from .documents import GoverningDoc, page_title
from .handbook import Handbook
from .ledger import Ledger
from .project import Project, load_project


@dataclass(frozen=True)
class Build:
    """Data, governing documents, the archive's ledger, reference date and the figures computed from them."""

    root: Path
    docs_dir: Path
    as_of: date
    project: Project
    overview: fu.Overview  # follow-up figures, computed once (a page per system stays linear)
    pages: frozenset[str]  # every page under docs/, as source paths
    titles: Mapping[str, str]  # governing documents and adopted reviews -> their titles ("Vad är nytt")
    hidden: frozenset[str] = frozenset()  # pages left out of this build (`publiceras: nej`, not under serve)
    edition: Audience = Audience.LIS  # the staff edition (alla) or the restricted, complete one (lis)
    lis_address: str = ""  # where the LIS edition is published (the staff edition's notices link there)

    @property
    def hb(self) -> Handbook:
        return self.project.handbook

    @property
    def docs(self) -> list[GoverningDoc]:
        return self.project.documents

    @property
    def ledger(self) -> Ledger:
        return self.project.ledger

    @property
    def staff(self) -> bool:
        """This build is the staff edition: nothing restricted may reach it."""
        return self.edition is Audience.ALL

    def restricted(self, src_path: str) -> bool:
        """Only the LIS edition shows the page: it says `utgåva: lis`, or it is generated from restricted data."""
        return src_path in self.project.restricted or pages.generated_restricted(src_path)

    @cached_property  # every hand-written page's title, for links to pages that are not governing documents
    def page_titles(self) -> Mapping[str, str]:
        return MappingProxyType({rel: page_title(self.docs_dir, rel) for rel in sorted(self.pages)})

    @cached_property  # read for every page: computed once (frozen dataclasses allow it)
    def docs_by_path(self) -> Mapping[str, GoverningDoc]:
        return {d.src_path: d for d in self.project.documents}


def create_build(root: Path, docs_dir: Path, as_of: date, today: date | None = None,
                 show_unpublished: bool = False, edition: Audience = Audience.LIS, lis_address: str = "") -> Build:
    """Load and check everything one build reads (DataError on any problem) and compute the shared figures.

    `today` is the real date (a change note may not claim a later one); `as_of` the reference date.
    `show_unpublished` (under `make serve`) keeps the pages marked `publiceras: nej` in the build.
    `edition` says which edition is built; `lis_address` is where the LIS edition is published."""
    project = load_project(root, docs_dir, today=today)
    hidden = frozenset() if show_unpublished else project.unpublished
    page_set = frozenset(p.relative_to(docs_dir).as_posix() for p in sources.pages(docs_dir))
    titles = {d.src_path: d.title for d in project.documents if d.src_path not in project.unpublished}
    titles |= {a.document: page_title(docs_dir, a.document) for a in project.ledger.adoptions
               if a.document not in titles and a.document in page_set and a.document not in project.unpublished}
    overview = fu.Overview(project.handbook, project.documents, as_of)
    return Build(root, docs_dir, as_of, project, overview, page_set, MappingProxyType(dict(sorted(titles.items()))),
                 hidden, edition, lis_address)
