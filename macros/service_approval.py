"""Which services, apps and forms staff may use: the city's decision in data, checked against the system's gaps.

An AI service marked `godkänd` that handles personal data is still not approved while its system lacks
a processor agreement or a required DPIA: the AI routine says "Teckna PUB-avtal … innan något köps in eller
slås på", so the data cannot bless what the handbook's own rules forbid. For other services already in
daily use (digital keys, the journal's photo app) the same gaps are shown as the system owner's to close;
telling staff to stop opening doors would be the wrong answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import models as m
from . import status
from .handbook import Handbook


@dataclass(frozen=True)
class Verdict:
    """What a page tells staff about one service on the reference date."""

    service: m.Service
    approved: bool
    gaps: tuple[str, ...]  # the system's data-protection gaps, when the service handles personal data
    system: m.System | None

    @property
    def blocked(self) -> bool:
        """Marked approved in data, but not usable with personal data until the gaps are closed."""
        return self.service.approval is m.Approval.APPROVED and not self.approved


def system_gaps(system: m.System, as_of: date) -> tuple[str, ...]:
    """The data-protection gaps that stop a system from being used with personal data, in a few words each."""
    gaps = []
    if status.lacks_processor_agreement(system, as_of):
        gaps.append(f"PUB-avtal {system.processor_agreement.value}")
    if status.dpia_outstanding(system, as_of):
        gaps.append(f"konsekvensbedömning {status.dpia_summary(system, as_of)}")
    return tuple(gaps)


def verdict(service: m.Service, hb: Handbook, as_of: date) -> Verdict:
    system = next((s for s in hb.systems if s.id == service.system), None)
    gaps = system_gaps(system, as_of) if system is not None and service.personal_data else ()
    blocking = bool(gaps) and service.kind is m.ServiceKind.AI
    approved = service.approval is m.Approval.APPROVED and not blocking
    return Verdict(service, approved, gaps, system)


def selected(hb: Handbook, as_of: date, kind: m.ServiceKind | None = None,
             unit: m.Unit | None = None) -> list[Verdict]:
    """The services of one kind and/or one unit, in the order the data lists them."""
    return [verdict(s, hb, as_of) for s in hb.services
            if (kind is None or s.kind is kind) and (unit is None or unit in s.units)]
