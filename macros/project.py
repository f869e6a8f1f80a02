"""Everything one build reads, validated together: data, governing pages and the personal-data guard."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import pii
from .crossref import check_result_pages
from .documents import GoverningDoc, load_documents
from .errors import DataError
from .loader import Handbook, load_handbook


@dataclass(frozen=True)
class Project:
    handbook: Handbook
    documents: list[GoverningDoc]


def load_project(root: Path, docs_dir: Path | None = None) -> Project:
    """Load and check the handbook in `root`; raise DataError listing every problem."""
    hb = load_handbook(root / "data")
    docs_dir = docs_dir or root / "docs"
    docs, issues = load_documents(docs_dir, {r.id for r in hb.organisation.roles})
    issues += check_result_pages(hb, {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")})
    issues += pii.scan(pii.project_files(root), set(hb.organisation.test_numbers))
    if issues:
        raise DataError(issues)
    return Project(hb, docs)
