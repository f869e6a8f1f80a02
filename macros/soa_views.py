"""The statement of applicability as tables: all controls, the view by NIS 2 area, and the gap lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from . import models as m
from . import soa
from .columns import Column, table
from .documents import GoverningDoc
from .handbook import Handbook
from .registers import soa as soa_register
from .render import caption


def _summary(controls: list[m.Control]) -> str:
    counts = [soa.status_text(c) for c in controls]
    kinds = [*(soa.status_label(s) for s in m.SoaStatus), "ej tillämplig"]
    return ", ".join(f"{counts.count(k)} {k}" for k in kinds if counts.count(k))


def soa_table(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str,
              titles: Mapping[str, str] | None = None) -> str:
    """Every annex A control: applicability, reasoning, status, owner, routines, actions, last review."""
    data = soa.soa_of(hb)
    title = (f"Tillämplighetsförklaring version {data.version}, {len(data.controls)} kontroller: "
             f"{_summary(data.controls)}")
    register = soa_register.REGISTER
    return soa_register.soa_table(hb, as_of, docs, page_src, titles).html(caption(title, as_of), sortable=True,
                                                                   searchable=not register.search_excluded)


def soa_by_area(hb: Handbook, as_of: date) -> str:
    """The ten areas of 2 kap. 3 § cybersäkerhetslagen with the controls that support each."""
    rows = []
    for area, controls in soa.by_area(hb):
        applicable = [c for c in controls if c.applicable]
        done = sum(1 for c in applicable if c.status in soa.IN_PLACE)
        listed = ", ".join(f"{c.control} ({soa.status_text(c)})" for c in controls)
        rows.append((f"{area.point} ({area.letter})", area.wording, str(len(applicable)), str(done),
                     str(len(applicable) - done), listed or "–", ", ".join(area.clauses) or "–"))
    cols = [Column("Punkt (NIS 2)"), Column("Område enligt 2 kap. 3 §"), Column("Tillämpliga kontroller", numeric=True),
            Column("Införda eller ärvda", numeric=True), Column("Inte införda", numeric=True),
            Column("Kontroller och status"), Column("Avsnitt i ISO/IEC 27001 utöver bilaga A")]
    return table(caption("Tillämplighetsförklaringen per område i cybersäkerhetslagen", as_of), cols, rows)


def soa_gaps(hb: Handbook, docs: list[GoverningDoc], as_of: date, page_src: str,
             titles: Mapping[str, str] | None = None) -> str:
    """The three gap lists, each with its count in the caption."""
    soa.soa_of(hb)  # a Swedish error when the file is missing
    controls = soa_register.soa_table(hb, as_of, docs, page_src, titles).showing(soa_register.GAP_COLUMNS)
    parts = []
    for which in soa.GAPS:
        found = controls.filtered(_applies(which.test(hb), as_of))
        parts.append(found.html(caption(f"{which.title}: {len(found)}", as_of), empty=which.empty))
    return "".join(parts)


def _applies(test: Callable[[m.Control, date], bool], as_of: date) -> Callable[[m.Control], bool]:
    return lambda c: test(c, as_of)
