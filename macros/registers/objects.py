"""The förvaltningsobjekt under PM3 (data/forvaltningsobjekt.yaml); every system belongs to one."""

from __future__ import annotations

from dataclasses import dataclass

from .. import followup as fu
from .. import models as m
from .. import pages, status
from ..audience import Audience
from ..catalogue import DataFile, Entries, Register
from ..collation import swedish_key
from ..columns import Column, Table
from ..render import ja_nej, link, relative_href


@dataclass(frozen=True)
class ObjectContext:
    overview: fu.Overview
    page_src: str

    def buckets(self, o: m.ManagementObject) -> list[status.Bucket]:
        return [status.bucket(i.due, self.overview.as_of) for i in self.overview.due_by_object[o.id]]


ObjectColumn = Column[m.ManagementObject, ObjectContext]
# The overview on Uppföljning: each object with its systems in use, what is late or due, and its gaps.
OVERVIEW_COLUMNS: tuple[ObjectColumn, ...] = (
    ObjectColumn("Förvaltningsobjekt", page="",
                 cell=lambda o, x: link(relative_href(x.page_src, pages.object_page(o.id)), o.name)),
    ObjectColumn("Objektägare", "objektägare", page="", cell=lambda o, x: o.owner or "–"),
    ObjectColumn("Objektstyrgrupp", "objektstyrgrupp", page="", cell=lambda o, x: ja_nej(o.steering_group)),
    ObjectColumn("System", page="", numeric=True, cell=lambda o, x: len(x.overview.active_by_object[o.id])),
    ObjectColumn("Försenat", page="", numeric=True, cell=lambda o, x: x.buckets(o).count(status.Bucket.OVERDUE)),
    ObjectColumn("Inom 90 dagar", page="", numeric=True,
                 cell=lambda o, x: x.buckets(o).count(status.Bucket.WITHIN_30) + x.buckets(o).count(
                     status.Bucket.WITHIN_90)),
    ObjectColumn("Brister", page="", numeric=True, audience=Audience.LIS, cell=lambda o, x: sum(
        len(fu.gaps_of(s, x.overview.as_of)) for s in x.overview.active_by_object[o.id])),
)


def overview_table(ov: fu.Overview, page_src: str) -> Table[m.ManagementObject, ObjectContext]:
    """Every förvaltningsobjekt, by name."""
    return Table(OVERVIEW_COLUMNS, tuple(sorted(ov.hb.objects, key=lambda o: swedish_key(o.name))),
                 ObjectContext(ov, page_src))


REGISTER = Register(
    DataFile("forvaltningsobjekt.yaml", m.ObjectsFile, "Förvaltningsobjekt enligt PM3",
             "Uppföljning och objektens egna sidor",
             (Entries("förvaltningsobjekt", "förvaltningsobjekt", unique="id",
                      unknown='okänt förvaltningsobjekt "{ref}". Kända: {known}.'),),
             handbook={"objects": "objects"},
             about=("Förvaltningsobjekten enligt PM3 och om de har en objektstyrgrupp.")),
    pages=("uppfoljning/index.md",),  # and the generated overview forvaltningsobjekt/index.md
    search_excluded=True,
    audience=Audience.ALL,  # the objects, their owners and their systems
)
