"""The statement of applicability (data/tillamplighet.yaml): every control of ISO/IEC 27001:2022 annex A.

One column spec for the page table, the gap lists and the export; every exported row says which
edition of the SoA and which reference date it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from markupsafe import Markup

from .. import models as m
from .. import soa
from ..catalogue import PAGES, DataFile, Entries, Export, Reference, Register, Scope
from ..columns import OWN_STAMP, Column, Table, stamp_columns
from ..documents import DocStatus, GoverningDoc, title_of
from ..handbook import Handbook
from ..render import iso, link, relative_href, text
from ..review import action_state
from .actions import ACTIONS
from .organisation import ROLES

PAGE = "styrande/tillamplighetsforklaring.md"


@dataclass(frozen=True)
class SoaContext:
    """What the statement of applicability's cells need besides the control."""

    as_of: date
    version: str  # the edition every exported row is stamped with
    hb: Handbook
    docs: Sequence[GoverningDoc] = ()  # for the titles of the routines' pages
    page_src: str = ""
    titles: Mapping[str, str] | None = None  # the titles of pages that are not governing documents

    @cached_property  # read for every control: built once per table
    def actions(self) -> dict[str, m.Action]:
        return {a.id: a for a in self.hb.actions}


def control_routines(c: m.Control, x: SoaContext) -> Markup:
    """Links to the pages that carry out the control, by their titles."""
    links = [link(relative_href(x.page_src, p), title_of(p, x.docs, x.titles)) for p in c.routines]
    return Markup(", ").join(links) if links else text("–")


def control_actions(c: m.Control, x: SoaContext) -> str:
    """The control's actions with their state on the reference date."""
    return "; ".join(f"{i} ({action_state(x.actions[i], x.as_of).value})" for i in c.actions) or "–"


SOA_COLUMNS: tuple[Column[m.Control, SoaContext], ...] = (
    Column("Kontroll", "kontroll", page=""),
    Column("Benämning", "benämning", page=""),
    Column("Tillämplig", "tillämplig", page=""),
    Column("Motivering", "motivering", page="", cell=lambda c, x: soa.justification(c, x.hb)),
    Column("Status", "status", page="", cell=lambda c, x: soa.status_cell(c)),
    Column("Kommentar", "kommentar", page="", cell=lambda c, x: c.comment or "–"),
    Column("Ärvd från", "ärvd_från"),  # on the page inside the status cell
    Column("Eget ansvar", "eget_ansvar"),
    Column("Ägare", "ägare", page="", cell=lambda c, x: x.hb.role(c.owner).name),
    Column("Rutiner", "rutiner", page="", cell=control_routines),
    Column("Åtgärder", "åtgärder", page="", cell=control_actions),
    Column("Punkter i 2 kap. 3 §", "nis2_punkter", page="Punkt i 2 kap. 3 §"),
    Column("Granskad", "granskad", page="", cell=lambda c, x: iso(c.reviewed)),
    *stamp_columns(OWN_STAMP),  # every exported row says which edition and which reference date it shows
)
# The gap lists (controls not implemented, without a routine, not reviewed for a year).
GAP_COLUMNS = tuple(c for c in SOA_COLUMNS if c.header in ("Kontroll", "Benämning", "Status", "Ägare", "Rutiner",
                                                             "Åtgärder", "Granskad"))


def soa_table(hb: Handbook, as_of: date, docs: Sequence[GoverningDoc] = (), page_src: str = "",
              titles: Mapping[str, str] | None = None) -> Table[m.Control, SoaContext]:
    controls = hb.soa.controls if hb.soa is not None else []
    return Table(SOA_COLUMNS, tuple(controls), SoaContext(as_of, hb.soa.version if hb.soa else "", hb, docs,
                                                          page_src, titles))


def _what(scope: Scope, table: Table[m.Control, SoaContext]) -> str:
    return (f"Tillämplighetsförklaringen (SoA), version {table.context.version}: {len(table)} kontroller i "
            "ISO/IEC 27001:2022 bilaga A.")


def _implemented_on_drafts(hb: Handbook, docs: Sequence[GoverningDoc]) -> list[tuple[tuple[Any, ...], str]]:
    """"införd" rests on adopted routines: a governing page it cites may not be a draft."""
    drafts = {d.src_path for d in docs if d.status is DocStatus.DRAFT}
    controls = hb.soa.controls if hb.soa is not None else []
    return [(("kontroller", i, "rutiner", j), f'status införd kräver en fastställd rutin, och "{page}" är ett utkast; '
             "skriv status delvis och en åtgärd för att fastställa rutinen, eller fastställ den först")
            for i, c in enumerate(controls) if c.status is m.SoaStatus.IMPLEMENTED
            for j, page in enumerate(c.routines) if page in drafts]


REGISTER = Register(
    DataFile("tillamplighet.yaml", m.SoaFile, "Tillämplighetsförklaring (ISO/IEC 27001:2022 bilaga A)",
             "Styrande dokument > Tillämplighetsförklaring, och exporteras med lis export",
             (Entries("kontroller", "kontroll", ("kontroll",)),),
             (Reference("kontroller.*.ägare", *ROLES), Reference("kontroller.*.åtgärder", *ACTIONS),
              Reference("kontroller.*.rutiner", PAGES,
                        hint="ange sökvägen till en befintlig rutin, till exempel rutiner/incidenthantering.md")),
             optional=True, handbook={"soa": None}, page_checks=_implemented_on_drafts, item_pages=False,
             about=("Tillämplighetsförklaringen: en post per kontroll i bilaga A till ISO/IEC 27001:2022. Se "
                    "[Uppdatera tillämplighetsförklaringen](tillamplighet.md).")),
    lambda scope: soa_table(scope.hb, scope.as_of, scope.docs, scope.page_src, scope.titles),
    Export("tillamplighetsforklaring", "Tillämplighetsförklaring", "tillämplighetsförklaringen", _what,
           in_supervision=True, order=20),
    pages=(PAGE,),
    search_excluded=True,
)
