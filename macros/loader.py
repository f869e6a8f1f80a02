"""Load every data file once, validate it into typed records and check cross-references.

Nothing here knows about MkDocs or Markdown: the result is a `Handbook` or a `DataError`
listing every problem in Swedish with file, line, entry and field.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import models as m
from .errors import DataError, DataIssue
from .yamlsource import LineDict, LineList, line_of, read_yaml_file

# Which list in which file holds which kind of entry, and how an entry is named in messages.
ENTRY_LABELS = {
    "system": "system",
    "förvaltningsobjekt": "förvaltningsobjekt",
    "roller": "roll",
    "frister": "frist",
    "årsmål": "årsmål",
    "flerårsmål": "flerårsmål",
    "nivåer": "nivå",
    "aspekter": "aspekt",
}
ENTRY_KEYS = ("id", "år", "värde", "kod")


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[BaseModel]
    renders_on: str


FILES = (
    FileSpec("organisation.yaml", m.Organisation, "Om LIS, rutinerna och startsidan"),
    FileSpec("klassningsskala.yaml", m.Scale, "Informationsklassning"),
    FileSpec("forvaltningsobjekt.yaml", m.ObjectsFile, "Uppföljning"),
    FileSpec("system.yaml", m.SystemsFile, "Systemförteckning och Uppföljning"),
    FileSpec("mal.yaml", m.GoalsFile, "Uppföljning och Ledningens genomgång"),
)


@dataclass(frozen=True)
class Handbook:
    """All validated data of one build."""

    organisation: m.Organisation
    scale: m.Scale
    objects: tuple[m.ManagementObject, ...]
    systems: tuple[m.System, ...]
    year_goals: tuple[m.YearGoal, ...]
    multi_year_goals: tuple[m.MultiYearGoal, ...]

    def role(self, role_id: str) -> m.Role:
        return _by_id(self.organisation.roles, role_id, "roll")

    def deadline(self, deadline_id: str) -> m.Deadline:
        return _by_id(self.organisation.deadlines, deadline_id, "frist")

    def management_object(self, object_id: str) -> m.ManagementObject:
        return _by_id(self.objects, object_id, "förvaltningsobjekt")


class UnknownId(KeyError):
    """A page asked for an id that the data does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


def _by_id(items: Iterable[Any], wanted: str, label: str) -> Any:
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(sorted(item.id for item in items))
    raise UnknownId(f'Det finns ingen {label} med id "{wanted}". Kända id: {known}.')


def load_handbook(data_dir: Path) -> Handbook:
    """Read, validate and cross-check every data file in `data_dir`; raise DataError on any problem."""
    issues: list[DataIssue] = []
    raw: dict[str, Any] = {}
    records: dict[str, Any] = {}
    known = {spec.name for spec in FILES}
    for path in sorted(data_dir.glob("*.y*ml")):
        if path.name not in known:
            issues.append(DataIssue(_label(data_dir, path), None, None, None,
                                    f"okänd datafil; kända filer är {', '.join(sorted(known))}"))
    for spec in FILES:
        path = data_dir / spec.name
        label = _label(data_dir, path)
        if not path.exists():
            issues.append(DataIssue(label, None, None, None, "filen saknas"))
            continue
        data, problems = read_yaml_file(path, label)
        issues.extend(problems)
        if problems:
            continue
        if not isinstance(data, LineDict):
            issues.append(DataIssue(label, getattr(data, "line", 1), None, None,
                                    "filen ska bestå av fält (nyckel: värde) på översta nivån"))
            continue
        raw[spec.name] = (label, data)
        try:
            records[spec.name] = spec.model.model_validate(data)
        except ValidationError as err:
            issues.extend(translate_errors(err, data, label, spec.model))
    if issues:
        raise DataError(issues)
    handbook = Handbook(
        organisation=records["organisation.yaml"],
        scale=records["klassningsskala.yaml"],
        objects=tuple(records["forvaltningsobjekt.yaml"].objects),
        systems=tuple(records["system.yaml"].systems),
        year_goals=tuple(records["mal.yaml"].year_goals),
        multi_year_goals=tuple(records["mal.yaml"].multi_year_goals),
    )
    issues = check_references(handbook, raw)
    if issues:
        raise DataError(issues)
    return handbook


def _label(data_dir: Path, path: Path) -> str:
    return f"{data_dir.name}/{path.name}"


# --- Pydantic errors in Swedish ------------------------------------------------------------


def translate_errors(err: ValidationError, data: Any, label: str,
                     model: type[BaseModel]) -> list[DataIssue]:
    """Turn pydantic's errors into Swedish issues that point at the YAML line."""
    issues = []
    errors = _drop_missing_explained_by_typo(err.errors(include_url=False), model)
    for error in errors:
        loc = tuple(error["loc"])
        entry, field_path = describe_location(data, loc)
        message = swedish_message(error, _model_at(model, loc[:-1]))
        issues.append(DataIssue(label, line_of(data, loc), entry, field_path, message))
    return issues


def _drop_missing_explained_by_typo(errors: list[Any], model: type[BaseModel]) -> list[Any]:
    """`agare:` instead of `ägare:` is one mistake: report the typo, not also the missing field."""
    guessed = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            keys = allowed_keys(_model_at(model, loc[:-1]))
            for hint in difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6):
                guessed.add((*loc[:-1], hint))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in guessed)]


def describe_location(data: Any, loc: tuple[Any, ...]) -> tuple[str | None, str | None]:
    """Split a location into the entry it belongs to (`system "x"`) and the field path."""
    entry = None
    rest = loc
    node = data
    for index, step in enumerate(loc):
        if isinstance(step, int) and index > 0 and isinstance(loc[index - 1], str):
            kind = ENTRY_LABELS.get(loc[index - 1])
            if kind is not None:
                entry = _entry_name(kind, node, step)
                rest = loc[index + 1:]
        node = _step(node, step)
    parts = [f"[{s + 1}]" if isinstance(s, int) else str(s) for s in rest]
    return entry, ".".join(parts).replace(".[", "[") or None


def _step(node: Any, step: Any) -> Any:
    if isinstance(node, dict) and step in node:
        return node[step]
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def _entry_name(kind: str, container: Any, index: int) -> str:
    item = _step(container, index)
    if isinstance(item, dict):
        for key in ENTRY_KEYS:
            value = item.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return f'{kind} "{value}"'
    return f"{kind} nr {index + 1}"


def _model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (for listing its allowed keys)."""
    for step in loc:
        if model is None:
            return None
        if isinstance(step, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == step), None)
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None


def allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return "en lista eller grupp av fält"
    return f'"{value}"'


def swedish_message(error: Any, parent: type[BaseModel] | None) -> str:
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "fältet saknas men måste finnas"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        keys = allowed_keys(parent)
        hint = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        guess = f' Menade du "{hint[0]}"?' if hint else ""
        return f"okänt fält.{guess} Tillåtna fält: {', '.join(keys)}."
    if kind == "enum":
        allowed = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return f"{_show(value)} är inte ett tillåtet värde. Tillåtna värden: {allowed}."
    return _SIMPLE.get(kind, lambda v, c, e: f"ogiltigt värde {_show(v)} ({e['msg']})")(value, ctx, error)


_SIMPLE: dict[str, Callable[[Any, dict[str, Any], Any], str]] = {
    "int_type": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "int_parsing": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "int_from_float": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "string_type": lambda v, c, e: f"{_show(v)} ska vara text",
    "string_too_short": lambda v, c, e: "får inte vara tomt",
    "list_type": lambda v, c, e: "ska vara en lista (rader som börjar med -)",
    "too_short": lambda v, c, e: f"listan måste ha minst {c.get('min_length')} poster",
    "model_type": lambda v, c, e: "ska vara en grupp av fält (nyckel: värde)",
    "model_attributes_type": lambda v, c, e: "ska vara en grupp av fält (nyckel: värde)",
    "dict_type": lambda v, c, e: "ska vara en grupp av fält (nyckel: värde)",
    "greater_than": lambda v, c, e: f"{_show(v)} är för litet; värdet måste vara större än {c.get('gt')}",
    "greater_than_equal": lambda v, c, e: f"{_show(v)} är för litet; minsta tillåtna värde är {c.get('ge')}",
    "less_than_equal": lambda v, c, e: f"{_show(v)} är för stort; största tillåtna värde är {c.get('le')}",
    "datum": lambda v, c, e: e["msg"],
    "ja_nej": lambda v, c, e: e["msg"],
    "id": lambda v, c, e: e["msg"],
    "frist_enhet": lambda v, c, e: e["msg"],
}


# --- Cross-references and domain consistency ---------------------------------------------


class _Reporter:
    """Collects issues that point at an entry's field in the raw YAML."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.issues: list[DataIssue] = []

    def add(self, file: str, loc: tuple[Any, ...], message: str) -> None:
        label, data = self.raw[file]
        entry, field_path = describe_location(data, loc)
        self.issues.append(DataIssue(label, line_of(data, loc), entry, field_path, message))


def check_references(hb: Handbook, raw: dict[str, Any]) -> list[DataIssue]:
    """Checks that need more than one record: unique ids, known references, scale, date order."""
    rep = _Reporter(raw)
    _unique(rep, "organisation.yaml", "roller", [r.id for r in hb.organisation.roles], "id")
    _unique(rep, "organisation.yaml", "frister", [d.id for d in hb.organisation.deadlines], "id")
    _unique(rep, "klassningsskala.yaml", "nivåer", [lv.value for lv in hb.scale.levels], "värde")
    _unique(rep, "klassningsskala.yaml", "aspekter", [a.code for a in hb.scale.aspects], "kod")
    _unique(rep, "forvaltningsobjekt.yaml", "förvaltningsobjekt", [o.id for o in hb.objects], "id")
    _unique(rep, "system.yaml", "system", [s.id for s in hb.systems], "id")
    _unique(rep, "mal.yaml", "årsmål", [g.year for g in hb.year_goals], "år")
    _unique(rep, "mal.yaml", "flerårsmål", [g.id for g in hb.multi_year_goals], "id")
    _check_deadlines(rep, hb)
    _check_systems(rep, hb)
    for i, goal in enumerate(hb.multi_year_goals):
        if goal.deadline < goal.start:
            rep.add("mal.yaml", ("flerårsmål", i, "senast"), "slutdatumet ligger före startdatumet (från)")
    return rep.issues


def _unique(rep: _Reporter, file: str, key: str, values: list[Any], field: str) -> None:
    seen: set[Any] = set()
    for i, value in enumerate(values):
        if value in seen:
            rep.add(file, (key, i, field), f'{field} "{value}" används redan av en tidigare post; '
                                           "varje post måste ha ett eget")
        seen.add(value)


def _check_deadlines(rep: _Reporter, hb: Handbook) -> None:
    roles = {r.id for r in hb.organisation.roles}
    deadline_ids = {d.id for d in hb.organisation.deadlines}
    for i, deadline in enumerate(hb.organisation.deadlines):
        if deadline.receiver not in roles:
            rep.add("organisation.yaml", ("frister", i, "mottagare"),
                    f'okänd roll "{deadline.receiver}". Kända roller: {", ".join(sorted(roles))}.')
        starts = deadline_ids - {deadline.id}
        if deadline.counted_from != "kännedom" and deadline.counted_from not in starts:
            rep.add("organisation.yaml", ("frister", i, "räknas_från"),
                    f'"{deadline.counted_from}" är varken kännedom eller id för en annan frist. '
                    f'Tillåtna värden: kännedom, {", ".join(sorted(starts))}.')


def _check_systems(rep: _Reporter, hb: Handbook) -> None:
    objects = {o.id for o in hb.objects}
    levels = hb.scale.values()
    allowed_levels = ", ".join(str(v) for v in levels)
    aspects = {a.code.value: a for a in hb.scale.aspects}
    for i, system in enumerate(hb.systems):
        if system.management_object not in objects:
            rep.add("system.yaml", ("system", i, "förvaltningsobjekt"),
                    f'okänt förvaltningsobjekt "{system.management_object}". '
                    f'Kända: {", ".join(sorted(objects))}.')
        if system.classification is not None:
            _check_levels(rep, i, system.classification, aspects, levels, allowed_levels, hb.scale.name)
            if system.followed_up and system.followed_up < system.classification.date:
                rep.add("system.yaml", ("system", i, "uppföljd"),
                        f"uppföljningen ({system.followed_up}) ligger före klassningen "
                        f"({system.classification.date}); en klassning kan inte följas upp innan den finns")
        elif system.followed_up is not None:
            rep.add("system.yaml", ("system", i, "uppföljd"),
                    "systemet har ingen klassning att följa upp; ta bort fältet eller lägg till klassning")
        if system.retired and system.in_use_since and system.retired < system.in_use_since:
            rep.add("system.yaml", ("system", i, "avvecklat"), "avvecklingen ligger före driftstarten")
        if system.dpia.required is m.DpiaRequired.YES and system.dpia.status is None:
            rep.add("system.yaml", ("system", i, "konsekvensbedömning"),
                    "när konsekvensbedömning krävs ska status anges: ej påbörjad, pågår eller klar")


def _check_levels(rep: _Reporter, i: int, c: m.Classification, aspects: dict[str, m.Aspect],
                  levels: list[int], allowed: str, scale_name: str) -> None:
    for code in m.AspectCode:
        value = c.level(code.value)
        loc = ("system", i, "klassning", code.value)
        aspect = aspects.get(code.value)
        if value is None:
            if aspect is not None and aspect.required:
                rep.add("system.yaml", loc[:-1], f"nivå för {code.value} ({aspect.name}) saknas")
        elif aspect is None:
            rep.add("system.yaml", loc, f"skalan {scale_name} har ingen aspekt {code.value}. "
                                        f"Tillåtna: {', '.join(aspects)}.")
        elif value not in levels:
            rep.add("system.yaml", loc, f"nivån {value} finns inte i skalan {scale_name}. "
                                        f"Tillåtna värden: {allowed}.")


__all__ = ["FILES", "Handbook", "LineDict", "LineList", "UnknownId", "load_handbook"]
