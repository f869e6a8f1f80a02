"""Pydantic's validation errors in Swedish, each pointing at its line in the YAML.

Used by the loader (data files), the governing pages' front matter and the spreadsheet import, so
that every validation message reads the same whatever was validated.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from . import models as m
from .errors import DataIssue
from .swedish import decimal
from .yamlsource import Naming, describe_location, line_of, missing_space


@dataclass(frozen=True)
class KnownIds:
    """The ids of one list (for example the förvaltningsobjekt), and the data file that holds it."""

    file: str
    ids: tuple[str, ...]


def translate_errors(err: ValidationError, data: Any, label: str, model: type[BaseModel],
                     naming: Mapping[str, Naming] | None = None,
                     known: Mapping[str, KnownIds] | None = None, source: str = "") -> list[DataIssue]:
    """Turn pydantic's errors into Swedish issues that point at the YAML line.

    `known` holds the ids of each list read so far, by list key: a malformed id in a field named
    like a list (`förvaltningsobjekt`, `system`) is answered with the nearest id of that list.
    `source` is the file's text, to find the line of a `key:value` that lacks its space."""
    issues = []
    errors = _drop_missing_explained_by_typo(err.errors(include_url=False), model)
    for error in errors:
        loc = tuple(error["loc"])
        entry, field_path = describe_location(data, loc, naming or {})
        line = line_of(data, loc)
        spaced = _missing_space_in_value(error, source, line)
        if spaced:
            line, message = spaced
        else:
            message = _id_hint(error, loc, known or {}) or swedish_message(error, _model_at(model, loc[:-1]))
        issues.append(DataIssue(label, line, entry, field_path, message))
    return issues


def _missing_space_in_value(error: Any, source: str, line: int | None) -> tuple[int, str] | None:
    """`krävs:nej` where a group of fields belongs: YAML read it as text; say so on the line it is on."""
    value = error.get("input")
    if error["type"] not in ("model_type", "dict_type", "model_attributes_type") or not isinstance(value, str):
        return None
    message = missing_space(value)
    if message is None or line is None:
        return None
    lines = source.split("\n")
    for index in range(line - 1, min(line + 3, len(lines))):
        if lines[index].strip().endswith(value.strip()) and missing_space(lines[index].split(": ", 1)[-1]):
            return index + 1, message
    return line, message


def _id_hint(error: Any, loc: tuple[Any, ...], known: Mapping[str, KnownIds]) -> str | None:
    """For a malformed id that refers to a list: the nearest id in that list, or the ids there are."""
    named = [step for step in loc[-2:] if isinstance(step, str)]
    field = named[-1] if named else ""
    if error["type"] != "id" or "example" not in (error.get("ctx") or {}) or field == "id" or field not in known:
        return None
    target = known[field]
    head = f"{m.show_value(error['input'])} är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck."
    hint = difflib.get_close_matches(m.slug_like(error["input"]), target.ids, n=1, cutoff=0.6)
    if hint:
        return f'{head} Menade du "{hint[0]}"?'
    if len(target.ids) <= 30:
        return f"{head} Kända: {', '.join(target.ids)}."
    return f"{head} Id:n finns i data/{target.file}."


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


def _bound(value: object) -> str:
    """A limit as a Swedish reader writes it: 0 rather than 0.0, 2,5 rather than 2.5."""
    return decimal(value) if isinstance(value, float) else str(value)


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return "en lista eller grupp av fält"
    return m.show_value(value)


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
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return simple(value, ctx, error)
    if kind in _OURS:  # raised by our own validators, already in Swedish
        return str(error["msg"])
    # Never pass the validation library's English text on; say what we can in Swedish.
    return f"{_show(value)} är inget giltigt värde för det här fältet"


_OURS = {"datum", "ja_nej", "id", "frist_enhet", "heltal_ja_nej", "lagringstid"}


_SIMPLE: dict[str, Callable[[Any, dict[str, Any], Any], str]] = {
    "int_type": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "int_parsing": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "int_from_float": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "int_parsing_size": lambda v, c, e: "talet är för stort",
    "finite_number": lambda v, c, e: f"{_show(v)} ska vara ett heltal",
    "float_type": lambda v, c, e: f"{_show(v)} ska vara ett tal",
    "float_parsing": lambda v, c, e: f"{_show(v)} ska vara ett tal",
    "bool_type": lambda v, c, e: f"{_show(v)} går inte att tolka; skriv ja eller nej",
    "bool_parsing": lambda v, c, e: f"{_show(v)} går inte att tolka; skriv ja eller nej",
    "string_too_long": lambda v, c, e: f"texten är för lång; högst {c.get('max_length')} tecken",
    "too_long": lambda v, c, e: f"listan får ha högst {c.get('max_length')} poster",
    "less_than": lambda v, c, e: f"{_show(v)} är för stort; värdet måste vara mindre än {c.get('lt')}",
    "literal_error": lambda v, c, e: f"{_show(v)} är inte ett tillåtet värde",
    "string_pattern_mismatch": lambda v, c, e: f"{_show(v)} har fel form",
    "string_unicode": lambda v, c, e: f"{_show(v)} ska vara text",
    "date_type": lambda v, c, e: f"{_show(v)} är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28",
    "date_parsing": lambda v, c, e: f"{_show(v)} är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28",
    "date_from_datetime_parsing": lambda v, c, e: f"{_show(v)} är inget datum; skriv ÅÅÅÅ-MM-DD",
    "set_type": lambda v, c, e: "ska vara en lista (rader som börjar med -)",
    "tuple_type": lambda v, c, e: "ska vara en lista (rader som börjar med -)",
    "string_type": lambda v, c, e: f"{_show(v)} ska vara text",
    "string_too_short": lambda v, c, e: "får inte vara tomt",
    "list_type": lambda v, c, e: "ska vara en lista (rader som börjar med -)",
    "too_short": lambda v, c, e: f"listan måste ha minst {c.get('min_length')} poster",
    "model_type": lambda v, c, e: "ska vara en grupp av fält (nyckel: värde)",
    "model_attributes_type": lambda v, c, e: "ska vara en grupp av fält (nyckel: värde)",
    "dict_type": lambda v, c, e: "ska vara en grupp av fält (nyckel: värde)",
    "greater_than": lambda v, c, e: f"{_show(v)} är för litet; värdet måste vara större än {_bound(c.get('gt'))}",
    "greater_than_equal": lambda v, c, e: f"{_show(v)} är för litet; minsta tillåtna värde är {_bound(c.get('ge'))}",
    "less_than_equal": lambda v, c, e: f"{_show(v)} är för stort; största tillåtna värde är {_bound(c.get('le'))}",
    "datum": lambda v, c, e: e["msg"],
    "ja_nej": lambda v, c, e: e["msg"],
    "id": lambda v, c, e: e["msg"],
    "frist_enhet": lambda v, c, e: e["msg"],
    "lagrum": lambda v, c, e: e["msg"],
    "bedomning": lambda v, c, e: e["msg"],
    "sokord": lambda v, c, e: e["msg"],
    "synonym": lambda v, c, e: e["msg"],
}
