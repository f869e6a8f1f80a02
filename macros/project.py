"""Everything one build reads, validated together: data, governing pages and the personal-data guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import drafts, page_audience, pii, status
from .catalogue import PAGES, located_issues, walk
from .documents import GoverningDoc, load_documents
from .editions import edition_issues, review_issues
from .errors import DataError, DataIssue
from .handbook import Handbook
from .ledger import Ledger, load_ledger
from .loader import load_handbook
from .parsecache import ParseCache
from .registers import data_files
from .sources import THEME_DIR, active_file_issues, pages, symlink_issues
from .yamlsource import gc_paused


@dataclass(frozen=True)
class Project:
    handbook: Handbook
    documents: list[GoverningDoc]
    ledger: Ledger  # the archive of adopted editions (docs/arkiv/liggare.yaml)
    unpublished: frozenset[str] = frozenset()  # pages with `publiceras: nej` (macros/drafts.py)
    restricted: frozenset[str] = frozenset()  # pages with `utgåva: lis` (macros/page_audience.py)


def load_project(root: Path, docs_dir: Path | None = None, as_of: date | None = None,
                 today: date | None = None, cache: ParseCache | None = None) -> Project:
    """Load and check the handbook in `root` (for the reference date `as_of` when given).

    With `today` (the real date, read at the boundary), a change note dated after it is an error. It is
    not the reference date: LIS_DATE may show the handbook as of an earlier day, but a note is wrong only
    when it claims a day that has not come yet. `cache` keeps parsed data files between runs (parsecache.py)."""
    # What is read here lives as long as the command does; at 5 000 systems the collector's full passes
    # over it while the records are validated cost as much as validating them.
    with gc_paused():
        return _load_project(root, docs_dir, as_of, today, cache)


def _load_project(root: Path, docs_dir: Path | None, as_of: date | None, today: date | None,
                  cache: ParseCache | None) -> Project:
    hb = load_handbook(root / "data", cache)
    docs_dir = docs_dir or root / "docs"
    roles = {r.id for r in hb.organisation.roles}
    issues = symlink_issues(docs_dir) + symlink_issues(root / THEME_DIR) + active_file_issues(docs_dir)
    ledger = load_ledger(docs_dir, roles)
    issues += ledger.issues
    docs, problems = load_documents(docs_dir, roles, ledger, today, root / "data")
    issues += problems
    if not ledger.issues and not problems:  # compare with the archive only when both can be trusted
        issues += edition_issues(docs, docs_dir, root / "data")
        issues += review_issues(hb, ledger, docs_dir, root / "data")
    page_set = {p.relative_to(docs_dir).as_posix() for p in pages(docs_dir)}
    issues += page_issues(root / "data", hb, page_set, docs)
    unpublished, draft_issues = drafts.unpublished_pages(docs_dir, sorted(page_set))
    issues += draft_issues + drafts.adopted_but_unpublished(hb, unpublished)
    restricted, audience_issues = page_audience.restricted_pages(docs_dir, sorted(page_set))
    issues += audience_issues
    issues += pii.scan(pii.project_files(root, docs_dir), set(hb.organisation.test_numbers))
    if as_of is not None:
        issues += reference_date_issues(hb, as_of)
    if issues:
        raise DataError(issues)
    return Project(hb, docs, ledger, unpublished, restricted)


def page_issues(data_dir: Path, hb: Handbook, page_set: set[str], docs: list[GoverningDoc]) -> list[DataIssue]:
    """Every page a register refers to is under docs/, and the registers' rules against the pages hold."""
    issues = []
    for spec in data_files():
        record = hb.files.get(spec.name)
        if record is None:
            continue
        problems = [(loc, f'sidan "{page}" finns inte under docs/; {ref.hint}')
                    for ref in spec.references if ref.file == PAGES
                    for loc, page in walk(record, ref.path.split(".")) if page not in page_set]
        if spec.page_checks is not None:
            problems += spec.page_checks(hb, docs)
        issues += located_issues(data_dir, spec, problems)
    return issues


def reference_date_issues(hb: Handbook, as_of: date) -> list[DataIssue]:
    """What the pages need for the reference date: the goals of its year (the start page shows them)."""
    if status.year_goal(hb.year_goals, as_of.year) is not None:
        return []
    return [DataIssue("data/mal.yaml", None, None, "årsmål",
                      f"det finns inget årsmål för {as_of.year}, året som handboken räknar med "
                      f"(LIS_DATE eller byggdagen, {as_of}); lägg till årsmål för {as_of.year}")]
