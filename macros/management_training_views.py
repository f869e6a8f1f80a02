"""Ledningen's training register (2 kap. 4 §) on the training page and in the management review."""

from __future__ import annotations

from datetime import date

from . import management_training as mt
from .columns import Column, Table, table
from .handbook import Handbook
from .registers import management_training as training
from .render import caption, text

# The file is optional: without it the pages say so instead of stopping the build.
NOT_RECORDED = "Ingen förteckning över ledningens utbildning per funktion är införd ännu."


def _not_recorded() -> str:
    return f"\n\n<p>{text(NOT_RECORDED)}</p>\n\n"


def courses(hb: Handbook, as_of: date) -> str:
    """Each training session held by `as_of`: when, what, by whom and which functions took part."""
    if hb.management_training is None:
        return _not_recorded()
    register = mt.register_of(hb)
    names = {p.id: p.function for p in register.members}
    held = Table(training.COURSE_COLUMNS, tuple(mt.held_by(register, as_of)), names)
    return held.html(caption(f"Ledningens utbildningar: {len(held)} tillfällen", as_of),
                     empty="Ingen utbildning för ledningen är registrerad.")


def members(hb: Handbook, as_of: date) -> str:
    """Every member of ledningen with their latest training and whether it is still valid."""
    if hb.management_training is None:
        return _not_recorded()
    found = mt.member_status(hb, as_of)
    gaps = sum(1 for s in found if s.gap)
    return training.training_table(hb, as_of, rows=training.member_rows(found)).html(
        caption(f"Ledningens utbildning: {len(found) - gaps} av {len(found)} utbildade", as_of),
        empty="Inga funktioner i ledningen är registrerade.", sortable=True,
        searchable=not training.REGISTER.search_excluded)


def gaps(hb: Handbook, as_of: date) -> str:
    """Members with no recorded training, or whose latest one is older than the renewal interval."""
    if hb.management_training is None:
        return _not_recorded()
    found = mt.gaps(hb, as_of)
    months = mt.register_of(hb).renew_months
    return training.training_table(hb, as_of, rows=training.member_rows(found)).html(
        caption(f"Brister i ledningens utbildning (ingen utbildning, eller äldre än {months} månader): "
                f"{len(found)}", as_of), empty="Alla i ledningen har en giltig utbildning.")


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
