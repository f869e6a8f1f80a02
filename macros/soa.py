"""Statement of applicability (data/tillamplighet.yaml): gaps, the view by NIS 2 area, page checks. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from . import models as m
from .errors import UserError
from .handbook import Handbook
from .status import add_years

SOA_FILE = "tillamplighet.yaml"
REVIEW_INTERVAL_YEARS = 1  # every entry is gone through at least once a year


def soa_of(hb: Handbook) -> m.SoaFile:
    if hb.soa is None:
        raise UserError(f"data/{SOA_FILE} saknas; lägg till filen (se Om handboken) för att visa "
                        "tillämplighetsförklaringen")
    return hb.soa


IN_PLACE = (m.SoaStatus.IMPLEMENTED, m.SoaStatus.INHERITED)
STATUS_LABELS = {m.SoaStatus.INHERITED: "genomförs av staden (ärvd)"}


def status_label(status: m.SoaStatus) -> str:
    return STATUS_LABELS.get(status, status.value)


def not_implemented(c: m.Control, as_of: date) -> bool:
    """Applicable, but not (yet) fully implemented, by the district or by the city on its behalf."""
    return c.applicable and c.status not in IN_PLACE


def accepted_risk_controls(hb: Handbook) -> set[str]:
    """The controls of risks accepted by a decision (who and when): treatment that needs no further action."""
    return {c for r in hb.risks if r.accepted_by is not None and r.accepted is not None for c in r.controls}


def without_routine(c: m.Control, as_of: date) -> bool:
    """Said to be (partly) in place, but no routine describes how: the work hangs on people, not on the LIS."""
    return c.applicable and c.status in (m.SoaStatus.IMPLEMENTED, m.SoaStatus.PARTLY) and not c.routines


def review_due(c: m.Control) -> date:
    return add_years(c.reviewed, REVIEW_INTERVAL_YEARS)


def not_reviewed(c: m.Control, as_of: date) -> bool:
    """More than a year since the entry was last gone through."""
    return review_due(c) < as_of


def untreated(hb: Handbook) -> Callable[[m.Control, date], bool]:
    """Applicable and not in place, with neither an action nor a risk accepted by a decision (6.1.3)."""
    accepted = accepted_risk_controls(hb)
    return lambda c, as_of: not_implemented(c, as_of) and not c.actions and c.control not in accepted


@dataclass(frozen=True)
class Gap:
    title: str
    empty: str
    test: Callable[[Handbook], Callable[[m.Control, date], bool]]  # built once per handbook


GAPS = (
    Gap("Tillämpliga kontroller som inte är införda", "Alla tillämpliga kontroller är införda.",
        lambda hb: not_implemented),
    Gap("Införda eller delvis införda kontroller utan rutin", "Alla införda kontroller har en rutin.",
        lambda hb: without_routine),
    Gap("Kontroller som inte har granskats på ett år", "Alla poster är granskade det senaste året.",
        lambda hb: lambda c, as_of: not_reviewed(c, as_of)),
    UNTREATED := Gap("Tillämpliga kontroller som inte är införda och saknar både åtgärd och accepterad risk",
                     "Varje tillämplig kontroll som inte är införd har en åtgärd eller en accepterad risk.",
                     untreated),
)


def gap(hb: Handbook, which: Gap, as_of: date) -> list[m.Control]:
    test = which.test(hb)
    return [c for c in soa_of(hb).controls if test(c, as_of)]


def by_area(hb: Handbook) -> list[tuple[m.Nis2Area, list[m.Control]]]:
    """The ten areas of 2 kap. 3 § with the controls mapped to each, in annex order."""
    areas = hb.law.nis2 if hb.law else []
    controls = soa_of(hb).controls
    return [(area, [c for c in controls if area.point in c.nis2]) for area in areas]


def status_text(c: m.Control) -> str:
    if not c.applicable:
        return "ej tillämplig"
    return status_label(c.status) if c.status else "–"


def status_cell(c: m.Control) -> str:
    """The status, and for an inherited control the city's control and what remains for the district."""
    if c.status is not m.SoaStatus.INHERITED or not c.applicable:
        return status_text(c)
    return f"{status_text(c)}: {c.inherited_from}. Förvaltningens ansvar: {c.own_part}"


def justification(c: m.Control, hb: Handbook) -> str:
    """Why the control is included or excluded: its own motivering, or for an applicable control without one
    the points of 2 kap. 3 § it supports and the newest risks it treats (6.1.3 d)."""
    if c.reasoning or not c.applicable:
        return c.reasoning or "–"
    areas = {a.point: a.wording for a in hb.law.nis2} if hb.law else {}
    points = "; ".join(f"punkt {p} i 2 kap. 3 § cybersäkerhetslagen ({areas[p]})" if p in areas
                       else f"punkt {p} i 2 kap. 3 § cybersäkerhetslagen" for p in c.nis2)
    newest = max((r.year for r in hb.risks), default=0)
    risks = [r.id for r in hb.risks if r.year == newest and r.closed is None and c.control in r.controls]
    treats = f"; behandlar {'risken' if len(risks) == 1 else 'riskerna'} {', '.join(risks)}" if risks else ""
    return f"Stöder {points}{treats}"
