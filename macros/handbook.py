"""The validated data of one build: the Handbook record and its lookups by id.

Kept apart from the loader so that checks and rules can use it without importing the loader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from pydantic import BaseModel

from . import models as m
from .errors import UserError


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
    log_retention: tuple[m.LogRetention, ...] = ()
    law: m.LawFile | None = None
    soa: m.SoaFile | None = None
    risk_method: m.RiskMethod | None = None
    internal_audits: m.InternalAuditFile | None = None
    exercises: m.ExercisesFile | None = None
    registration: m.RegistrationFile | None = None
    management_training: m.ManagementTrainingFile | None = None
    synonyms: m.SynonymsFile | None = None
    services: tuple[m.Service, ...] = ()
    # Every loaded file's validated record, by file name: what a register without a typed attribute of
    # its own reads (macros/catalogue.py, DataFile.of), and what the generic reference check walks.
    files: Mapping[str, BaseModel] = field(default_factory=dict)

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
