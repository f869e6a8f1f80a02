"""Ledningen's training register (2 kap. 4 §) on the training page and in the management review."""

from __future__ import annotations

from datetime import date

from . import management_training as mt
from .loader import Handbook
from .render import Column, caption, iso, table, text

# The file is optional: without it the pages say so instead of stopping the build.
NOT_RECORDED = "Ingen förteckning över ledningens utbildning per funktion är införd ännu."


def _not_recorded() -> str:
    return f"\n\n<p>{text(NOT_RECORDED)}</p>\n\n"


def _example(flag: bool) -> str:
    return " (exempel)" if flag else ""


def courses(hb: Handbook, as_of: date) -> str:
    """Each training session held by `as_of`: when, what, by whom and which functions took part."""
    if hb.management_training is None:
        return _not_recorded()
    register = mt.register_of(hb)
    names = {p.id: p.function for p in register.members}
    held = mt.held_by(register, as_of)
    rows = [(iso(c.held), c.course + _example(c.example), c.provider, "; ".join(names[i] for i in c.participants),
             len(c.participants)) for c in held]
    cols = [Column("Datum"), Column("Utbildning"), Column("Anordnare"), Column("Deltagare"),
            Column("Antal", numeric=True)]
    return table(caption(f"Ledningens utbildningar: {len(held)} tillfällen", as_of), cols, rows,
                 empty="Ingen utbildning för ledningen är registrerad.")


def _row(hb: Handbook, s: mt.MemberStatus) -> tuple[object, ...]:
    last = f"{s.last.held} {s.last.course}" if s.last else "–"
    return (s.member.function + _example(s.member.example), hb.role(s.member.group).name, last,
            iso(s.renew_by), s.state.value)


_COLUMNS = [Column("Funktion"), Column("Grupp"), Column("Senaste utbildning"), Column("Förnyas senast"),
            Column("Status")]


def members(hb: Handbook, as_of: date) -> str:
    """Every member of ledningen with their latest training and whether it is still valid."""
    if hb.management_training is None:
        return _not_recorded()
    found = mt.member_status(hb, as_of)
    gaps = sum(1 for s in found if s.gap)
    return table(caption(f"Ledningens utbildning: {len(found) - gaps} av {len(found)} utbildade", as_of),
                 _COLUMNS, [_row(hb, s) for s in found], empty="Inga funktioner i ledningen är registrerade.",
                 sortable=True)


def gaps(hb: Handbook, as_of: date) -> str:
    """Members with no recorded training, or whose latest one is older than the renewal interval."""
    if hb.management_training is None:
        return _not_recorded()
    found = mt.gaps(hb, as_of)
    months = mt.register_of(hb).renew_months
    return table(caption(f"Brister i ledningens utbildning (ingen utbildning, eller äldre än {months} månader): "
                         f"{len(found)}", as_of),
                 _COLUMNS, [_row(hb, s) for s in found], empty="Alla i ledningen har en giltig utbildning.")


def review_summary(hb: Handbook, as_of: date, computed_title: str) -> str:
    """For the management review: per group of ledningen, how many are trained and who has a gap."""
    if hb.management_training is None:
        return _not_recorded()
    found = mt.member_status(hb, as_of)
    rows = []
    for group in dict.fromkeys(s.member.group for s in found):
        in_group = [s for s in found if s.member.group == group]
        missing = [s.member.function for s in in_group if s.state is mt.TrainingState.MISSING]
        expired = [s.member.function for s in in_group if s.state is mt.TrainingState.EXPIRED]
        rows.append((hb.role(group).name, len(in_group), len(in_group) - len(missing) - len(expired),
                     "; ".join(missing) or "–", "; ".join(expired) or "–"))
    cols = [Column("Grupp"), Column("Funktioner", numeric=True), Column("Utbildade", numeric=True),
            Column("Saknar utbildning"), Column("Behöver förnyas")]
    return table(caption(computed_title, as_of), cols, rows, empty="Inga funktioner i ledningen är registrerade.")
