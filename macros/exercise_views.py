"""Exercises as tables (Uppföljning > Övningar) and the dashboard's note on the last exercise."""

from __future__ import annotations

from datetime import date

from . import exercises as ex
from .handbook import Handbook
from .pages import EXERCISES
from .registers import exercises as ex_register
from .render import caption, relative_href, text


def exercise_tables(hb: Handbook, as_of: date, page_src: str) -> str:
    """Held exercises (latest first) and planned ones (earliest first)."""
    held = ex_register.exercise_table(hb, as_of, tuple(ex.held(hb, as_of)), page_src)
    planned = ex_register.exercise_table(hb, as_of, tuple(ex.planned(hb, as_of)), page_src)
    searchable = not ex_register.REGISTER.search_excluded
    return (held.html(caption(f"Genomförda övningar: {len(held)}", as_of), empty="Inga övningar är genomförda ännu.",
                      sortable=True, searchable=searchable)
            + planned.html(caption(f"Planerade övningar: {len(planned)}", as_of), empty="Inga övningar är planerade.",
                           sortable=True, searchable=searchable))


def last_exercise(hb: Handbook, as_of: date, page_src: str) -> str:
    """When the last exercise was held, flagged when none was held in the last WINDOW_MONTHS months."""
    last = ex.last_held(hb, as_of)
    href = relative_href(page_src, EXERCISES)
    more = f' Se <a href="{href}">Övningar</a>.'
    if last is None:
        body = (f"Ingen incident- eller kontinuitetsövning är registrerad per {as_of}. Minst en övning ska "
                f"hållas var {ex.WINDOW_MONTHS}:e månad.")
        kind, title = "warning", "Ingen övning registrerad"
    else:
        due = ex.next_due(hb, as_of)
        what = f"{last.date} ({text(last.kind.value)}: {text(last.scenario.rstrip('.'))})"
        if ex.overdue(hb, as_of):
            body = (f"Senaste övningen hölls {what}, mer än {ex.WINDOW_MONTHS} månader före {as_of}. "
                    f"Nästa övning skulle ha hållits senast {due}.")
            kind, title = "warning", f"Ingen övning de senaste {ex.WINDOW_MONTHS} månaderna"
        else:
            body = f"Senaste övningen hölls {what}. Nästa övning ska hållas senast {due}."
            kind, title = "success", "Senaste övningen"
    return (f'\n\n<div class="admonition {kind}"><p class="admonition-title">{title}</p>'
            f"<p>{body}{more}</p></div>\n\n")
