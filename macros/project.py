"""Everything one build reads, validated together: data, governing pages and the personal-data guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import internal_audit, pii, soa, status
from .crossref import check_result_pages
from .documents import GoverningDoc, load_documents
from .errors import DataError, DataIssue
from .history import History, read_history
from .loader import Handbook, load_handbook
from .sources import THEME_DIR, pages, symlink_issues


@dataclass(frozen=True)
class Project:
    handbook: Handbook
    documents: list[GoverningDoc]
    history: History  # git history of docs/, read once per build


def load_project(root: Path, docs_dir: Path | None = None, as_of: date | None = None) -> Project:
    """Load and check the handbook in `root` (for the reference date `as_of` when given)."""
    hb = load_handbook(root / "data")
    docs_dir = docs_dir or root / "docs"
    history = read_history(docs_dir)
    issues = symlink_issues(docs_dir) + symlink_issues(root / THEME_DIR)
    docs, problems = load_documents(docs_dir, {r.id for r in hb.organisation.roles}, history)
    issues += problems
    page_set = {p.relative_to(docs_dir).as_posix() for p in pages(docs_dir)}
    issues += check_result_pages(hb, page_set)
    issues += soa.page_issues(root / "data", hb, page_set)
    issues += internal_audit.page_issues(root / "data", hb, page_set, docs)
    issues += pii.scan(pii.project_files(root, docs_dir), set(hb.organisation.test_numbers))
    if as_of is not None:
        issues += reference_date_issues(hb, as_of)
    if issues:
        raise DataError(issues)
    return Project(hb, docs, history)


def reference_date_issues(hb: Handbook, as_of: date) -> list[DataIssue]:
    """What the pages need for the reference date: the goals of its year (the start page shows them)."""
    if status.year_goal(hb.year_goals, as_of.year) is not None:
        return []
    return [DataIssue("data/mal.yaml", None, None, "årsmål",
                      f"det finns inget årsmål för {as_of.year}, året som handboken räknar med "
                      f"(LIS_DATE eller byggdagen, {as_of}); lägg till årsmål för {as_of.year}")]
