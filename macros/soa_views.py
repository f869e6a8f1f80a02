"""The statement of applicability as tables: all controls, the view by NIS 2 area, and the gap lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from markupsafe import Markup

from . import models as m
from . import soa
from .documents import GoverningDoc
from .law_views import _page_title
from .loader import Handbook
from .render import Column, caption, iso, ja_nej, link, relative_href, table, text
from .review import action_state


def _routines(c: m.Control, docs: list[GoverningDoc], page_src: str) -> Markup:
    links = [link(relative_href(page_src, p), _page_title(p, docs)) for p in c.routines]
    return Markup(", ").join(links) if links else text("–")


def _actions(hb: Handbook, ids: Iterable[str], as_of: date) -> str:
    actions = {a.id: a for a in hb.actions}
    return "; ".join(f"{i} ({action_state(actions[i], as_of).value})" for i in ids) or "–"


def _summary(controls: list[m.Control]) -> str:
    counts = [soa.status_text(c) for c in controls]
    kinds = [*(s.value for s in m.SoaStatus), "ej tillämplig"]
    return ", ".join(f"{counts.count(k)} {k}" for k in kinds if counts.count(k))


def soa_table(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str) -> str:
    """Every annex A control: applicability, reasoning, status, owner, routines, actions, last review."""
    data = soa.soa_of(hb)
    rows = [(c.control, c.label, ja_nej(c.applicable), c.reasoning or "–", soa.status_text(c),
             hb.role(c.owner).name, _routines(c, docs, page_src), _actions(hb, c.actions, as_of),
             ", ".join(str(p) for p in c.nis2), iso(c.reviewed))
            for c in data.controls]
    cols = [Column("Kontroll"), Column("Benämning"), Column("Tillämplig"), Column("Motivering"), Column("Status"),
            Column("Ägare"), Column("Rutiner"), Column("Åtgärder"), Column("Punkt i 2 kap. 3 §"), Column("Granskad")]
    title = (f"Tillämplighetsförklaring version {data.version}, {len(data.controls)} kontroller: "
             f"{_summary(data.controls)}")
    return table(caption(title, as_of), cols, rows, sortable=True)


def soa_by_area(hb: Handbook, as_of: date) -> str:
    """The ten areas of 2 kap. 3 § cybersäkerhetslagen with the controls that support each."""
    rows = []
    for area, controls in soa.by_area(hb):
        applicable = [c for c in controls if c.applicable]
        done = sum(1 for c in applicable if c.status is m.SoaStatus.IMPLEMENTED)
        listed = ", ".join(f"{c.control} ({soa.status_text(c)})" for c in controls)
        rows.append((f"{area.point} ({area.letter})", area.wording, str(len(applicable)), str(done),
                     str(len(applicable) - done), listed or "–"))
    cols = [Column("Punkt (NIS 2)"), Column("Område enligt 2 kap. 3 §"), Column("Tillämpliga kontroller", True),
            Column("Införda", True), Column("Inte införda", True), Column("Kontroller och status")]
    return table(caption("Tillämplighetsförklaringen per område i cybersäkerhetslagen", as_of), cols, rows)


def soa_gaps(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str) -> str:
    """The three gap lists, each with its count in the caption."""
    parts = []
    for which in soa.GAPS:
        found = soa.gap(hb, which, as_of)
        rows = [(c.control, c.label, soa.status_text(c), hb.role(c.owner).name, _routines(c, docs, page_src),
                 _actions(hb, c.actions, as_of), iso(c.reviewed)) for c in found]
        cols = [Column("Kontroll"), Column("Benämning"), Column("Status"), Column("Ägare"), Column("Rutiner"),
                Column("Åtgärder"), Column("Granskad")]
        parts.append(table(caption(f"{which.title}: {len(found)}", as_of), cols, rows, empty=which.empty))
    return "".join(parts)
