"""Load every data file once, validate it into typed records and check cross-references.

Nothing here knows about MkDocs or Markdown: the result is a `Handbook` or a `DataError`
listing every problem in Swedish with file, line, entry and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from .crossref import check_references
from .errors import DataError, DataIssue
from .handbook import Handbook, UnknownId
from .parsecache import ParseCache
from .partial import Partial, salvage
from .registers import data_files
from .validation import KnownIds, translate_errors
from .yamlsource import LineDict, LineList, describe_location, line_of, placeholders

TODO_MARKER = "ÄNDRA"  # what templates put where only a person knows the answer


def load_handbook(data_dir: Path, cache: ParseCache | None = None) -> Handbook:
    """Read, validate and cross-check every data file in `data_dir`; raise DataError on any problem.

    Every problem is reported at once: when some entries have errors, the cross-record checks still
    run on the rest (macros/partial.py), so a wrong scale level is not hidden behind a wrong date.
    With `cache` (lis kontrollera's), an unchanged file is taken from it instead of read as YAML."""
    cache = cache or ParseCache(None)
    issues: list[DataIssue] = []
    raw: dict[str, Any] = {}
    records: dict[str, Any] = {}
    partials: list[Partial] = []
    checkable = True  # whether every file gave records the cross-record checks can run on
    known = {spec.name for spec in data_files()}
    for path in sorted(data_dir.glob("*.y*ml")):
        if path.name not in known:
            issues.append(DataIssue(_label(data_dir, path), None, None, None,
                                    f"okänd datafil; kända filer är {', '.join(sorted(known))}"))
    for spec in data_files():
        path = data_dir / spec.name
        label = _label(data_dir, path)
        if not path.exists() and not path.is_symlink():
            if spec.optional:
                continue
            issues.append(DataIssue(label, None, None, None, "filen saknas"))
            checkable = False
            continue
        text, data, problems = cache.read(path, label)
        issues.extend(problems)
        if problems:
            checkable = False
            continue
        if not isinstance(data, LineDict):
            issues.append(DataIssue(label, getattr(data, "line", 1), None, None,
                                    "filen ska bestå av fält (nyckel: värde) på översta nivån"))
            checkable = False
            continue
        raw[spec.name] = (label, data)
        unfilled = set()
        todo = list(placeholders(data, TODO_MARKER)) if _may_hold(text, TODO_MARKER) else []
        for loc in todo:
            entry, field_path = describe_location(data, loc, spec.naming)
            unfilled.add(line_of(data, loc))
            issues.append(DataIssue(label, line_of(data, loc), entry, field_path,
                                    f"fältet är inte ifyllt; ersätt {TODO_MARKER} med rätt uppgift"))
        try:
            records[spec.name] = spec.model.model_validate(data)
            if not todo:
                continue
            bad = todo
        except ValidationError as err:
            # A field still saying ÄNDRA is reported once, as unfilled, not also as a wrong value.
            found = translate_errors(err, data, label, spec.model, spec.naming, _known_ids(raw), text)
            issues.extend(i for i in found if i.line not in unfilled)
            bad = [*todo, *(tuple(e["loc"]) for e in err.errors())]
        partial = salvage(spec.model, data, bad, lambda d, loc, n=spec.naming: describe_location(d, loc, n))
        if partial is None:
            checkable = False
            continue
        records[spec.name], raw[spec.name] = partial.record, (label, partial.data)
        partials.append(partial)
    handbook = Handbook(**_handbook_fields(records), files=MappingProxyType(dict(records))) if checkable else None
    if handbook is not None:
        issues.extend(i for i in check_references(handbook, raw) if all(p.keeps(i) for p in partials))
    if issues or handbook is None:
        raise DataError(issues)
    return handbook


def _may_hold(text: str, marker: str) -> bool:
    """Whether a value in the YAML `text` can be `marker`: only when the file spells it out, or when an
    escape (\\u00c4) may; a walk over every value of a large file is then spared."""
    return marker in text or "\\" in text


def _known_ids(raw: Mapping[str, Any]) -> dict[str, KnownIds]:
    """The ids in each list of the files read so far, by the list's key."""
    known = {}
    for spec in data_files():
        if spec.name not in raw:
            continue
        data = raw[spec.name][1]
        for entries in spec.entries:
            items = data.get(entries.key) if isinstance(data, dict) else None
            if entries.names == ("id",) and isinstance(items, list):
                ids = {str(e["id"]) for e in items if isinstance(e, dict) and isinstance(e.get("id"), str)}
                known[entries.key] = KnownIds(spec.name, tuple(sorted(ids)))
    return known


def _handbook_fields(records: dict[str, BaseModel]) -> dict[str, Any]:
    """What each loaded file gives the Handbook's typed attributes, as its register declares."""
    fields: dict[str, Any] = {}
    for spec in data_files():
        record = records.get(spec.name)
        if record is not None:  # a missing optional file leaves the Handbook's default
            for attribute, source in spec.handbook.items():
                fields[attribute] = record if source is None else tuple(getattr(record, source))
    return fields


def _label(data_dir: Path, path: Path) -> str:
    return f"{data_dir.name}/{path.name}"


__all__ = ["Handbook", "LineDict", "LineList", "UnknownId", "load_handbook"]
