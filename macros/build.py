"""One build's state: created once from its inputs, immutable, and passed explicitly.

The MkDocs plugin (macros/plugin.py) creates it before any page is rendered; the macros, the
generated pages, the feeds and the search index all read the same object. Nothing here knows
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
from . import history_views as hv
from . import sources
from .documents import GoverningDoc, page_title
from .history import History
from .loader import Handbook
from .project import Project, load_project


@dataclass(frozen=True)
class Build:
    """Data, governing documents, history, reference date and the figures computed from them."""

    root: Path
    docs_dir: Path
    as_of: date
    project: Project
    overview: fu.Overview  # follow-up figures, computed once (a page per system stays linear)
    pages: frozenset[str]  # every page under docs/, as source paths
    news: Mapping[str, str]  # pages whose changes are news ("Vad är nytt") -> their titles

    @property
    def hb(self) -> Handbook:
        return self.project.handbook

    @property
    def docs(self) -> list[GoverningDoc]:
        return self.project.documents

    @property
    def history(self) -> History:
        return self.project.history

    @cached_property  # read for every page: computed once (frozen dataclasses allow it)
    def docs_by_path(self) -> Mapping[str, GoverningDoc]:
        return {d.src_path: d for d in self.project.documents}


def create_build(root: Path, docs_dir: Path, as_of: date) -> Build:
    """Load and check everything one build reads (DataError on any problem) and compute the shared figures."""
    project = load_project(root, docs_dir)
    page_set = frozenset(p.relative_to(docs_dir).as_posix() for p in sources.pages(docs_dir))
    tracked = hv.tracked_pages((d.src_path for d in project.documents),
                               (p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")))
    news = MappingProxyType({p: page_title(docs_dir, p) for p in sorted(tracked)})
    overview = fu.Overview(project.handbook, project.documents, as_of)
    return Build(root, docs_dir, as_of, project, overview, page_set, news)
