"""Is the text in force the adopted edition? Each adopted document is compared with its archived edition.

What document control covers is a page's title and body (not the rest of its front matter: the
owner, the review date and the change notes are not the decided text) and the data files a register
document lists under `datafiler:`. A difference is allowed only when a change note after the
adopted version says what kind of change it is: an editorial note keeps the document in force, a
substantive one puts it under revision (documents.GoverningDoc.status). A difference with no note
is an error naming the file and the changed lines.

An adopted management review is a record: its page text and the action plan it decided may not
change at all. The plan is compared with the copy archived beside the page (PLAN_FILE).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import models as m
from . import pages
from .catalogue import located_issues
from .documents import GoverningDoc, split_front_matter
from .errors import DataIssue
from .handbook import Handbook
from .ledger import SOURCE_SUFFIX, Adoption, Ledger, edition_folder
from .registers import data_file
from .yamlsource import LineDict, LineList, line_of, parse_yaml, read_text_file, read_yaml_file

PLAN_FILE = "handlingsplan.yaml"  # an adopted review's decided action plan, archived beside its text
# The fields of an action that the review decided; progress (påbörjad, klar, resultat) is reported later.
PLAN_FIELDS = ("år", "område", "åtgärd", "ansvarig", "senast")


def governed_text(page_text: str) -> tuple[str | None, int | None, list[str], int]:
    """(title, its line, body lines, the body's first line): the parts of a page that a decision covers."""
    yaml_text, first = split_front_matter(page_text)
    lines = page_text.splitlines()
    title = title_line = None
    body_start = 0
    if yaml_text is not None:
        body_start = first + yaml_text.count("\n") + 1  # the closing --- line, 1-based
        front, _ = parse_yaml(yaml_text, "", first)
        if isinstance(front, LineDict) and isinstance(front.get("title"), str):
            title, title_line = str(front["title"]), line_of(front, ("title",))
    return title, title_line, _normalised(lines[body_start:]), body_start + 1


def _normalised(lines: Iterable[str]) -> list[str]:
    """Lines as a reader sees them: trailing spaces and blank lines at the end do not count."""
    found = [line.rstrip() for line in lines]
    while found and not found[-1]:
        found.pop()
    return found


def changed_lines(before: Sequence[str], after: Sequence[str], first_line: int) -> list[int]:
    """The lines of `after` (numbered from `first_line`) that differ; a deletion counts as the line after it."""
    found: set[int] = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        found.update(range(j1, j2) if j2 > j1 else [min(j1, max(len(after) - 1, 0))])
    return sorted(first_line + i for i in found)


def line_ranges(lines: Sequence[int]) -> str:
    """[3, 4, 5, 9] -> "3–5 och 9"."""
    spans: list[tuple[int, int]] = []
    for line in lines:
        if spans and line == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], line)
        else:
            spans.append((line, line))
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in spans]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} och {parts[-1]}"


@dataclass(frozen=True)
class Difference:
    file: str  # as messages show it: docs/rutiner/x.md or data/tillamplighet.yaml
    lines: tuple[int, ...]  # changed lines of the current file; empty when the whole file is gone or new
    note: str = ""  # when there are no lines: what happened to the file

    def where(self) -> str:
        if not self.lines:
            return f"{self.file}: {self.note}"
        return f"{self.file}, rad {line_ranges(self.lines)}"


def archived_source(docs_dir: Path, adoption: Adoption) -> Path | None:
    source = adoption.source
    return docs_dir / source.path if source is not None else None


def differences(doc_path: str, docs_dir: Path, data_dir: Path, data_files: Sequence[str],
                adoption: Adoption) -> list[Difference]:
    """Where the page (and its data files) now differ from the archived edition of `adoption`."""
    found: list[Difference] = []
    source = archived_source(docs_dir, adoption)
    label = f"{docs_dir.name}/{doc_path}"
    now, _ = read_text_file(docs_dir / doc_path)
    if source is not None:
        then, _ = read_text_file(source)
        title_then, _, body_then, _ = governed_text(then)
        title_now, title_line, body_now, first = governed_text(now)
        lines = changed_lines(body_then, body_now, first)
        if title_then != title_now:
            lines = sorted({*lines, title_line or 1})
        if lines:
            found.append(Difference(label, tuple(lines)))
    folder = edition_folder(adoption.document, adoption.version)
    archived_data = {f.path.rsplit("/", 1)[-1] for f in adoption.files
                     if f.path.endswith(".yaml") and not f.path.endswith(PLAN_FILE)}
    listed = set(data_files)
    for name in sorted(listed | archived_data):
        shown = f"{data_dir.name}/{name}"
        if name not in archived_data:
            found.append(Difference(shown, (), "filen hörde inte till den fastställda utgåvan"))
        elif name not in listed:
            found.append(Difference(shown, (), "filen hörde till den fastställda utgåvan men står inte längre "
                                               "under datafiler"))
        else:
            then_text, _ = read_text_file(docs_dir / folder / name)
            now_text, _ = read_text_file(data_dir / name)
            lines = changed_lines(_normalised(then_text.splitlines()), _normalised(now_text.splitlines()), 1)
            if lines:
                found.append(Difference(shown, tuple(lines)))
    return found


def edition_issues(docs: Sequence[GoverningDoc], docs_dir: Path, data_dir: Path) -> list[DataIssue]:
    """A document that differs from its adopted edition with no change note after it: an error per file."""
    issues = []
    for doc in docs:
        adoption = doc.adoption
        if adoption is None or doc.pending:
            continue  # a draft, or a change that is noted (editorial: in force; substantive: under revision)
        folder = f"{docs_dir.name}/{edition_folder(adoption.document, adoption.version)}"
        for diff in differences(doc.src_path, docs_dir, data_dir, doc.meta.data_files, adoption):
            issues.append(DataIssue(diff.where(), None, None, None,
                                    f"skiljer sig från den fastställda utgåvan (version {adoption.version}, "
                                    f"fastställd {adoption.adopted}, i {folder}/), men ingen ändring är "
                                    "antecknad efter den. Lägg till en ändring överst under styrdokument: "
                                    "ändringar: med ny version, datum, typ (redaktionell eller saklig) och "
                                    "beskrivning, eller återställ texten."))
    return issues


# --- Adopted management reviews: records that do not change ----------------------------------------


def plan_rows(actions: Iterable[m.Action]) -> list[dict[str, Any]]:
    """The decided part of each action, in the order the review shows them."""
    return [{"id": a.id, "år": a.year, "område": a.area, "åtgärd": a.what, "ansvarig": a.owner,
             "senast": a.due.isoformat()} for a in actions]


def plan_yaml(year: int, actions: Iterable[m.Action]) -> str:
    """The archived action plan: the review's decided actions, as YAML."""
    lines = [f"# Handlingsplanen som ledningens genomgång {year} fastställde (arkiverad av lis faststall).",
             "åtgärder:"]
    for row in plan_rows(actions):
        first = True
        for key, value in row.items():
            shown = value if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
            lines.append(f"  {'- ' if first else '  '}{key}: {shown}")
            first = False
    return "\n".join(lines) + "\n"


def review_issues(hb: Handbook, ledger: Ledger, docs_dir: Path, data_dir: Path) -> list[DataIssue]:
    """An adopted review's page or action plan that differs from its archived edition."""
    issues: list[DataIssue] = []
    for adoption in ledger.adoptions:
        year = pages.review_year(adoption.document)
        if year is None:
            continue
        page = docs_dir / adoption.document
        folder = f"{docs_dir.name}/{edition_folder(adoption.document, adoption.version)}"
        if page.is_file():
            for diff in differences(adoption.document, docs_dir, data_dir, (), adoption):
                issues.append(DataIssue(diff.where(), None, None, None,
                                        f"ledningens genomgång {year} är fastställd ({adoption.adopted}) och är en "
                                        "handling som inte ändras. Återställ texten från den arkiverade utgåvan "
                                        f"i {folder}/; nya uppgifter hör hemma i nästa genomgång."))
        plan = next((f for f in adoption.files if f.path.endswith(PLAN_FILE)), None)
        if plan is not None:
            issues += _plan_issues(hb, year, adoption, docs_dir / plan.path, f"{docs_dir.name}/{plan.path}",
                                   data_dir)
        review = next((r for r in hb.reviews if r.year == year), None)
        issues += _decision_issues(review, year, adoption, data_dir)
    return issues


def _plan_issues(hb: Handbook, year: int, adoption: Adoption, path: Path, shown: str,
                 data_dir: Path) -> list[DataIssue]:
    data, problems = read_yaml_file(path, shown)
    if problems:
        return problems
    rows = data.get("åtgärder") if isinstance(data, LineDict) else None
    if not isinstance(rows, LineList):
        return [DataIssue(shown, None, None, None, "den arkiverade handlingsplanen går inte att läsa")]
    archived = {str(row["id"]): row for row in rows if isinstance(row, dict) and "id" in row}
    index = {a.id: i for i, a in enumerate(hb.actions)}
    now = {row["id"]: row for row in plan_rows(a for a in hb.actions if a.review == year)}
    when = f"nämnden fastställde {adoption.adopted} ({shown})"
    problems_found: list[tuple[tuple[Any, ...], str]] = []
    for action_id, row in now.items():
        loc: tuple[Any, ...] = ("åtgärder", index[action_id])
        if action_id not in archived:
            problems_found.append(((*loc, "genomgång"),
                                   f"åtgärden har genomgång: {year} men fanns inte i handlingsplanen som {when}. "
                                   "En ny åtgärd hör till den genomgång som beslutar den; ändra genomgång till "
                                   "det året."))
            continue
        for key in PLAN_FIELDS:
            before_text = str(archived[action_id].get(key))
            if before_text != str(row[key]):
                problems_found.append(((*loc, key),
                                       f'ändrad efter att handlingsplanen fastställdes (då: "{before_text}"). '
                                       "En fastställd handlingsplan ändras inte; återställ värdet, eller låt "
                                       "nästa genomgång besluta en ny åtgärd."))
    issues = located_issues(data_dir, data_file("atgarder.yaml"), problems_found)
    for action_id in archived:
        if action_id not in now:
            issues.append(DataIssue(f"{data_dir.name}/atgarder.yaml", None, f'åtgärd "{action_id}"', "genomgång",
                                    f"åtgärden ingick i handlingsplanen som {when}, men finns inte längre med "
                                    f"genomgång: {year}. En fastställd handlingsplan ändras inte; återställ "
                                    "åtgärden."))
    return issues


def _decision_issues(review: m.Review | None, year: int, adoption: Adoption, data_dir: Path) -> list[DataIssue]:
    """The decision in data/genomgangar.yaml must be the one the ledger recorded."""
    label = f"{data_dir.name}/genomgangar.yaml"
    said = f"arkivets liggare (fastställelse {adoption.number}) säger fastställd {adoption.adopted}, " \
           f"diarienummer {adoption.reference}"
    if review is None or review.status is not m.ReviewStatus.ADOPTED:
        return [DataIssue(label, None, f'genomgång "{year}"', "status",
                          f"genomgången är arkiverad som fastställd men har inte status fastställd; {said}")]
    if review.adopted != adoption.adopted or review.reference != adoption.reference \
            or review.decision_is_example != adoption.example:
        return [DataIssue(label, None, f'genomgång "{year}"', "fastställd",
                          f"beslutet stämmer inte med den arkiverade utgåvan; {said}"
                          f"{' (exempel)' if adoption.example else ''}")]
    return []


__all__ = ["PLAN_FILE", "SOURCE_SUFFIX", "Difference", "differences", "edition_issues", "governed_text",
           "line_ranges", "plan_yaml", "review_issues"]
