"""Training of ledningen under 2 kap. 4 § cybersäkerhetslagen (data/ledningsutbildning.yaml): who has a gap.

A member of ledningen (a function, not a person's name) has a gap when no training is recorded since the
current holder took the function, or when the latest one is older than the file's renewal interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import models as m
from .continuity import add_months
from .errors import UserError
from .handbook import Handbook


class TrainingState(StrEnum):
    TRAINED = "utbildad"
    MISSING = "ingen utbildning registrerad"
    EXPIRED = "behöver förnyas"


@dataclass(frozen=True)
class MemberStatus:
    member: m.ManagementMember
    last: m.ManagementCourse | None  # the latest training that counts on the reference date
    renew_by: date | None  # the last day the latest training is valid
    state: TrainingState

    @property
    def gap(self) -> bool:
        return self.state is not TrainingState.TRAINED


def register_of(hb: Handbook) -> m.ManagementTrainingFile:
    if hb.management_training is None:
        raise UserError("data/ledningsutbildning.yaml saknas; lägg till filen (se Om handboken) för att visa "
                        "ledningens utbildning")
    return hb.management_training


def held_by(register: m.ManagementTrainingFile, as_of: date) -> list[m.ManagementCourse]:
    """The courses held on or before `as_of`, newest first."""
    return sorted((c for c in register.courses if c.held <= as_of), key=lambda c: (c.held, c.id), reverse=True)


def member_status(hb: Handbook, as_of: date) -> list[MemberStatus]:
    """Every member in office on `as_of` with their latest counting training and whether it is a gap."""
    register = register_of(hb)
    courses = held_by(register, as_of)
    result = []
    for member in register.members:
        if member.since is not None and member.since > as_of:
            continue
        last = next((c for c in courses if member.id in c.participants
                     and (member.since is None or c.held >= member.since)), None)
        if last is None:
            result.append(MemberStatus(member, None, None, TrainingState.MISSING))
            continue
        renew_by = add_months(last.held, register.renew_months)
        state = TrainingState.TRAINED if as_of <= renew_by else TrainingState.EXPIRED
        result.append(MemberStatus(member, last, renew_by, state))
    return result


def gaps(hb: Handbook, as_of: date) -> list[MemberStatus]:
    return [s for s in member_status(hb, as_of) if s.gap]
