"""The part of a data file that still validates when some of its entries do not.

README promises every error at once. The cross-record checks (scale levels, references, date
order) need validated records, so a file with one bad date used to hide every such problem until
the next round. Here the fields that have errors are set aside, entry by entry; an entry that
still does not validate without them (a required field was wrong) is left out whole. The checks
then run on what is left, and their findings about what was set aside are dropped: those fields
already have a message, and a reference to an entry left out is not a second mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataIssue
from .yamlsource import LineDict, LineList

Loc = tuple[Any, ...]


@dataclass
class Partial:
    """A file's validated records without the fields and entries that have errors."""

    record: BaseModel
    data: LineDict  # the YAML the record came from, for the line numbers of later checks
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (entry, field path) the checks must not judge
    left_out: set[str] = field(default_factory=set)  # ids of entries left out whole

    def keeps(self, issue: DataIssue) -> bool:
        """Whether a later check's issue is news, not an echo of what was set aside or left out."""
        if any(f'"{name}"' in issue.message for name in self.left_out):
            return False
        return not any(issue.entry == entry and (issue.field is None or _related(issue.field, path))
                       for entry, path in self.set_aside)


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def salvage(model: type[BaseModel], data: LineDict, bad: Iterable[Loc],
            describe: Any) -> Partial | None:
    """The records of `data` without the fields at `bad`; None when an error lies outside a list's entries.

    `describe(data, loc)` names a location as the messages do: (entry, field path)."""
    by_entry: dict[tuple[str, int], list[Loc]] = {}
    for loc in bad:
        if len(loc) < 3 or not isinstance(loc[1], int) or not isinstance(data.get(loc[0]), LineList):
            return None  # a top-level field or a whole entry is wrong: nothing sensible to check against
        by_entry.setdefault((loc[0], loc[1]), []).append(loc)
    trimmed = _copy_dict(data)
    set_aside = [describe(data, loc) for locs in by_entry.values() for loc in locs]
    for (key, index), locs in by_entry.items():
        entry = _copy_dict(trimmed[key][index]) if isinstance(trimmed[key][index], LineDict) else None
        if entry is None:
            return None
        for loc in locs:
            _remove(entry, loc[2:])
        items = _copy_list(trimmed[key])
        items[index] = entry
        trimmed[key] = items
    left_out: set[str] = set()
    for _ in range(2):  # once with fields set aside, once more without the entries that still fail
        try:
            return Partial(model.model_validate(trimmed), trimmed, set_aside, left_out)
        except ValidationError as err:
            locs = [tuple(e["loc"]) for e in err.errors()]
            if any(len(loc) < 2 or not isinstance(loc[1], int) for loc in locs):
                return None
            for key, index in sorted({(loc[0], loc[1]) for loc in locs}, reverse=True):
                entry = trimmed[key][index]
                if isinstance(entry, dict) and entry.get("id") is not None:
                    left_out.add(str(entry["id"]))
                trimmed[key] = _without(trimmed[key], index)
    return None


def _remove(entry: LineDict, path: Loc) -> None:
    """Delete the field at `path` inside an entry (a list inside the entry goes whole)."""
    node: Any = entry
    for depth, step in enumerate(path):
        if isinstance(step, int) or not isinstance(node, LineDict) or step not in node:
            return
        if depth == len(path) - 1 or isinstance(path[depth + 1], int):
            del node[step]
            return
        child = node[step]
        if not isinstance(child, LineDict):
            del node[step]
            return
        node[step] = node = _copy_dict(child)


def _copy_dict(source: LineDict) -> LineDict:
    copy = LineDict(source)
    copy.line, copy.key_lines = source.line, dict(source.key_lines)
    return copy


def _copy_list(source: LineList) -> LineList:
    copy = LineList(source)
    copy.line, copy.item_lines = source.line, list(source.item_lines)
    return copy


def _without(source: LineList, index: int) -> LineList:
    copy = LineList(item for i, item in enumerate(source) if i != index)
    copy.line = source.line
    copy.item_lines = [line for i, line in enumerate(source.item_lines) if i != index]
    return copy
