"""Statement of applicability (data/tillamplighet.yaml): gaps, the view by NIS 2 area, page checks. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import models as m
from .catalogue import located_issues
from .errors import DataIssue, UserError
from .loader import Handbook
from .status import add_years

SOA_FILE = "tillamplighet.yaml"
REVIEW_INTERVAL_YEARS = 1  # every entry is gone through at least once a year


def soa_of(hb: Handbook) -> m.SoaFile:
    if hb.soa is None:
        raise UserError(f"data/{SOA_FILE} saknas; lägg till filen (se Om handboken) för att visa "
                        "tillämplighetsförklaringen")
    return hb.soa


def not_implemented(c: m.Control, as_of: date) -> bool:
    """Applicable, but not (yet) fully implemented."""
    return c.applicable and c.status is not m.SoaStatus.IMPLEMENTED


def without_routine(c: m.Control, as_of: date) -> bool:
    """Said to be (partly) in place, but no routine describes how: the work hangs on people, not on the LIS."""
    return c.applicable and c.status in (m.SoaStatus.IMPLEMENTED, m.SoaStatus.PARTLY) and not c.routines


def review_due(c: m.Control) -> date:
    return add_years(c.reviewed, REVIEW_INTERVAL_YEARS)


def not_reviewed(c: m.Control, as_of: date) -> bool:
    """More than a year since the entry was last gone through."""
    return review_due(c) < as_of


@dataclass(frozen=True)
class Gap:
    title: str
    empty: str
    test: Callable[[m.Control, date], bool]


GAPS = (
    Gap("Tillämpliga kontroller som inte är införda", "Alla tillämpliga kontroller är införda.", not_implemented),
    Gap("Införda eller delvis införda kontroller utan rutin", "Alla införda kontroller har en rutin.",
        without_routine),
    Gap("Kontroller som inte har granskats på ett år", "Alla poster är granskade det senaste året.", not_reviewed),
)


def gap(hb: Handbook, which: Gap, as_of: date) -> list[m.Control]:
    return [c for c in soa_of(hb).controls if which.test(c, as_of)]


def by_area(hb: Handbook) -> list[tuple[m.Nis2Area, list[m.Control]]]:
    """The ten areas of 2 kap. 3 § with the controls mapped to each, in annex order."""
    areas = hb.law.nis2 if hb.law else []
    controls = soa_of(hb).controls
    return [(area, [c for c in controls if area.point in c.nis2]) for area in areas]


def status_text(c: m.Control) -> str:
    if not c.applicable:
        return "ej tillämplig"
    return c.status.value if c.status else "–"


def page_issues(data_dir: Path, hb: Handbook, pages: set[str]) -> list[DataIssue]:
    """Every routine a control names must be a page under docs/; the issue points at the YAML line."""
    if hb.soa is None:
        return []
    controls = hb.soa.controls
    return located_issues(data_dir, SOA_FILE, (
        (("kontroller", i, "rutiner", j), f'kontroll "{c.control}"', "rutiner",
         f'sidan "{page}" finns inte under docs/; ange sökvägen till en befintlig rutin, '
         "till exempel rutiner/incidenthantering.md")
        for i, c in enumerate(controls) for j, page in enumerate(c.routines) if page not in pages))
