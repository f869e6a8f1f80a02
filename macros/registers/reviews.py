"""The management reviews (data/genomgangar.yaml): each year's review, in progress or adopted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import models as m
from .. import pages
from .. import review as rv
from ..audience import Audience
from ..catalogue import DataFile, Entries, Register
from ..columns import Column, Table
from ..handbook import Handbook
from ..render import iso, link, relative_href


@dataclass(frozen=True)
class ReviewContext:
    build_date: date  # a review in progress is computed for the build date
    page_src: str


ReviewColumn = Column[m.Review, ReviewContext]
REVIEW_COLUMNS: tuple[ReviewColumn, ...] = (
    ReviewColumn("Genomgång", page="", cell=lambda r, x: link(relative_href(x.page_src, pages.review_page(r.year)),
                                                              f"Ledningens genomgång {r.year}")),
    ReviewColumn("Status", "status", page=""),
    ReviewColumn("Siffror per", page="", cell=lambda r, x: iso(rv.review_date(r, x.build_date))),
    ReviewColumn("Fastställd", "fastställd", page="", cell=lambda r, x: iso(r.adopted)),
)


def review_table(hb: Handbook, build_date: date, page_src: str = "") -> Table[m.Review, ReviewContext]:
    """Every review, the latest first."""
    return Table(REVIEW_COLUMNS, tuple(sorted(hb.reviews, key=lambda r: r.year, reverse=True)),
                 ReviewContext(build_date, page_src))


REGISTER = Register(
    DataFile("genomgangar.yaml", m.ReviewsFile, "Ledningens genomgångar", "Ledningens genomgång",
             (Entries("genomgångar", "genomgång", ("år",), "år"),), handbook={"reviews": "reviews"}, item_pages=False,
             about=("Ledningens genomgångar, en per år, med status och dagen som en fastställd genomgångs siffror "
                    "räknas per. Underlag för ledningens genomgång, se [Förbereda ledningens "
                    "genomgång](ledningens-genomgang.md).")),
    lambda scope: review_table(scope.hb, scope.as_of, scope.page_src),
    pages=(pages.REVIEW_INDEX,),
    audience=Audience.ALL,  # that a review was held and adopted; its full text is the pages' concern
)
