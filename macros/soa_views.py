"""The statement of applicability as tables: all controls, the view by NIS 2 area, and the gap lists."""

from __future__ import annotations

from datetime import date

from . import models as m
from . import registers, soa
from .documents import GoverningDoc
from .loader import Handbook
from .render import Column, caption, iso, table


def _summary(controls: list[m.Control]) -> str:
    counts = [soa.status_text(c) for c in controls]
    kinds = [*(s.value for s in m.SoaStatus), "ej tillämplig"]
    return ", ".join(f"{counts.count(k)} {k}" for k in kinds if counts.count(k))


def soa_table(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str) -> str:
    """Every annex A control: applicability, reasoning, status, owner, routines, actions, last review."""
    data = soa.soa_of(hb)
    title = (f"Tillämplighetsförklaring version {data.version}, {len(data.controls)} kontroller: "
             f"{_summary(data.controls)}")
    return registers.soa_table(hb, as_of, docs, page_src).html(caption(title, as_of), sortable=True)


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
    x = registers.soa_table(hb, as_of, docs, page_src).context
    for which in soa.GAPS:
        found = soa.gap(hb, which, as_of)
        rows = [(c.control, c.label, soa.status_text(c), hb.role(c.owner).name, registers.control_routines(c, x),
                 registers.control_actions(c, x), iso(c.reviewed)) for c in found]
        cols = [Column("Kontroll"), Column("Benämning"), Column("Status"), Column("Ägare"), Column("Rutiner"),
                Column("Åtgärder"), Column("Granskad")]
        parts.append(table(caption(f"{which.title}: {len(found)}", as_of), cols, rows, empty=which.empty))
    return "".join(parts)
