"""Everything one build reads, validated together: data, governing pages and the personal-data guard."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import pii
from .documents import GoverningDoc, load_documents
from .errors import DataError
from .history import History, read_history
from .loader import Handbook, load_handbook


@dataclass(frozen=True)
class Project:
    handbook: Handbook
    documents: list[GoverningDoc]
    history: History  # git history of docs/, read once per build


def load_project(root: Path, docs_dir: Path | None = None) -> Project:
    """Load and check the handbook in `root`; raise DataError listing every problem."""
    hb = load_handbook(root / "data")
    docs_dir = docs_dir or root / "docs"
    history = read_history(docs_dir)
    docs, issues = load_documents(docs_dir, {r.id for r in hb.organisation.roles}, history)
    issues += pii.scan(pii.project_files(root), set(hb.organisation.test_numbers))
    if issues:
        raise DataError(issues)
    return Project(hb, docs, history)
