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
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from . import models as m
from .crossref import check_references
from .errors import DataError, DataIssue, UserError
from .yamlsource import LineDict, LineList, describe_location, line_of, placeholders, read_yaml_file

TODO_MARKER = "ÄNDRA"  # what templates put where only a person knows the answer


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[BaseModel]
    renders_on: str
    optional: bool = False  # a missing optional file means "no entries yet", not an error


FILES = (
    FileSpec("organisation.yaml", m.Organisation, "Om LIS, rutinerna och startsidan"),
    FileSpec("klassningsskala.yaml", m.Scale, "Informationsklassning"),
    FileSpec("forvaltningsobjekt.yaml", m.ObjectsFile, "Uppföljning"),
    FileSpec("system.yaml", m.SystemsFile, "Systemförteckning och Uppföljning"),
    FileSpec("mal.yaml", m.GoalsFile, "Uppföljning och Ledningens genomgång"),
    FileSpec("atgarder.yaml", m.ActionsFile, "Ledningens genomgång"),
    FileSpec("risker.yaml", m.RisksFile, "Ledningens genomgång"),
    FileSpec("granskningar.yaml", m.AuditsFile, "Ledningens genomgång"),
    FileSpec("incidenter.yaml", m.IncidentsFile, "Ledningens genomgång"),
    FileSpec("utbildning.yaml", m.TrainingFile, "Utbildning och Ledningens genomgång"),
    FileSpec("genomgangar.yaml", m.ReviewsFile, "Ledningens genomgång"),
    FileSpec("kontinuitet.yaml", m.ContinuityFile, "Kontinuitet, Uppföljning och systemens sidor", optional=True),
    FileSpec("loggkontroller.yaml", m.LogChecksFile, "Loggning, Uppföljning och systemens sidor", optional=True),
    FileSpec("lagkrav.yaml", m.LawFile, "Lagar och krav, Styrande dokument och incidentrutinerna"),
    FileSpec("tillamplighet.yaml", m.SoaFile, "Tillämplighetsförklaring", optional=True),
    FileSpec("riskmetod.yaml", m.RiskMethod, "Riskhantering", optional=True),
    FileSpec("registrering.yaml", m.RegistrationFile, "Lagar och krav och Uppföljning", optional=True),
    FileSpec("ledningsutbildning.yaml", m.ManagementTrainingFile, "Utbildning och Ledningens genomgång",
             optional=True),
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
    actions: tuple[m.Action, ...] = ()
    risks: tuple[m.Risk, ...] = ()
    audits: tuple[m.Audit, ...] = ()
    incidents: tuple[m.IncidentYear, ...] = ()
    training: tuple[m.Training, ...] = ()
    reviews: tuple[m.Review, ...] = ()
    continuity: tuple[m.Continuity, ...] = ()
    log_checks: tuple[m.LogCheck, ...] = ()
    law: m.LawFile | None = None
    soa: m.SoaFile | None = None
    risk_method: m.RiskMethod | None = None
    registration: m.RegistrationFile | None = None
    management_training: m.ManagementTrainingFile | None = None

    def role(self, role_id: str) -> m.Role:
        return _by_id(self.organisation.roles, role_id, "roll")

    def deadline(self, deadline_id: str) -> m.Deadline:
        return _by_id(self.organisation.deadlines, deadline_id, "frist")

    def authority(self, authority_id: str) -> m.Authority:
        return _by_id(self.law.authorities if self.law else (), authority_id, "myndighet")

    def law_fact(self, fact_id: str) -> m.LawFact:
        return _by_id(self.law.facts if self.law else (), fact_id, "lagrum")

    def management_object(self, object_id: str) -> m.ManagementObject:
        return _by_id(self.objects, object_id, "förvaltningsobjekt")

    def review(self, year: int) -> m.Review:
        for review in self.reviews:
            if review.year == year:
                return review
        known = ", ".join(str(r.year) for r in self.reviews)
        raise UnknownId(f"Det finns ingen genomgång för {year} i data/genomgangar.yaml. Kända år: {known}.")


class UnknownId(UserError, KeyError):
    """A page or a command asked for an id that the data does not have.

    A user error (the coordinator typed a year or id the data lacks), so `lis` reports it in
    Swedish instead of as a bug; still a KeyError for code that looks ids up."""

    def __str__(self) -> str:
        return str(self.args[0])


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _by_id(items: Iterable[_T], wanted: str, label: str) -> _T:
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
        if not path.exists() and not path.is_symlink():
            if spec.optional:
                continue
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
        unfilled = set()
        for loc in placeholders(data, TODO_MARKER):
            entry, field_path = describe_location(data, loc)
            unfilled.add(line_of(data, loc))
            issues.append(DataIssue(label, line_of(data, loc), entry, field_path,
                                    f"fältet är inte ifyllt; ersätt {TODO_MARKER} med rätt uppgift"))
        try:
            records[spec.name] = spec.model.model_validate(data)
        except ValidationError as err:
            # A field still saying ÄNDRA is reported once, as unfilled, not also as a wrong value.
            issues.extend(i for i in translate_errors(err, data, label, spec.model) if i.line not in unfilled)
    if issues:
        raise DataError(issues)
    handbook = Handbook(
        organisation=records["organisation.yaml"],
        scale=records["klassningsskala.yaml"],
        objects=tuple(records["forvaltningsobjekt.yaml"].objects),
        systems=tuple(records["system.yaml"].systems),
        year_goals=tuple(records["mal.yaml"].year_goals),
        multi_year_goals=tuple(records["mal.yaml"].multi_year_goals),
        actions=tuple(records["atgarder.yaml"].actions),
        risks=tuple(records["risker.yaml"].risks),
        audits=tuple(records["granskningar.yaml"].audits),
        incidents=tuple(records["incidenter.yaml"].years),
        training=tuple(records["utbildning.yaml"].records),
        reviews=tuple(records["genomgangar.yaml"].reviews),
        continuity=tuple(records["kontinuitet.yaml"].entries) if "kontinuitet.yaml" in records else (),
        log_checks=tuple(records["loggkontroller.yaml"].entries) if "loggkontroller.yaml" in records else (),
        law=records["lagkrav.yaml"],
        soa=records.get("tillamplighet.yaml"),
        risk_method=records.get("riskmetod.yaml"),
        registration=records.get("registrering.yaml"),
        management_training=records.get("ledningsutbildning.yaml"),
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


_OURS = {"datum", "ja_nej", "id", "frist_enhet", "heltal_ja_nej"}


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
    "greater_than": lambda v, c, e: f"{_show(v)} är för litet; värdet måste vara större än {c.get('gt')}",
    "greater_than_equal": lambda v, c, e: f"{_show(v)} är för litet; minsta tillåtna värde är {c.get('ge')}",
    "less_than_equal": lambda v, c, e: f"{_show(v)} är för stort; största tillåtna värde är {c.get('le')}",
    "datum": lambda v, c, e: e["msg"],
    "ja_nej": lambda v, c, e: e["msg"],
    "id": lambda v, c, e: e["msg"],
    "frist_enhet": lambda v, c, e: e["msg"],
    "lagrum": lambda v, c, e: e["msg"],
    "bedomning": lambda v, c, e: e["msg"],
}


__all__ = ["FILES", "Handbook", "LineDict", "LineList", "UnknownId", "load_handbook"]
