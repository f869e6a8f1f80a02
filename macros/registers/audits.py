"""The city auditors' reviews and their recommendations (data/granskningar.yaml), apart from the internal audit."""

from __future__ import annotations

from typing import Any

from .. import models as m
from .. import review as rv
from ..catalogue import DataFile, Entries, Reference, Register
from ..columns import Column, Table
from .actions import ACTIONS

RecommendationColumn = Column[rv.RecommendationStatus, Any]
# The management review's input d3: every recommendation up to the review year and what is left to do.
RECOMMENDATION_COLUMNS: tuple[RecommendationColumn, ...] = (
    RecommendationColumn("Granskning", page="", cell=lambda r, x: f"{r.audit.name} ({r.audit.year})"),
    RecommendationColumn("Rekommendation", page="", cell=lambda r, x: r.recommendation.text),
    RecommendationColumn("Status", page="", cell=lambda r, x: "åtgärdad" if r.closed else "öppen"),
    RecommendationColumn("Kvar att göra", page="", cell=lambda r, x: "; ".join(a.what for a in r.open_actions) or "–"),
)


def recommendation_table(found: list[rv.RecommendationStatus]) -> Table[rv.RecommendationStatus, Any]:
    return Table(RECOMMENDATION_COLUMNS, tuple(found), None)


REGISTER = Register(
    DataFile("granskningar.yaml", m.AuditsFile, "Revisionens granskningar och rekommendationer",
             "Ledningens genomgång (indata d3)",
             (Entries("granskningar", "granskning", unique="id"), Entries("rekommendationer", "rekommendation")),
             (Reference("granskningar.*.rekommendationer.*.åtgärder", *ACTIONS),),
             handbook={"audits": "audits"}, item_pages=False,
             about=("Revisionens granskningar och rekommendationer, med åtgärderna för varje rekommendation. "
                    "Underlag för ledningens genomgång, se [Förbereda ledningens "
                    "genomgång](ledningens-genomgang.md).")),
    lambda scope: recommendation_table(rv.recommendations(scope.hb.audits, scope.hb.actions, scope.as_of.year,
                                                          scope.as_of)),
)
