"""Exercises as tables (Uppföljning > Övningar) and the dashboard's note on the last exercise."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from . import exercises as ex
from . import models as m
from .loader import Handbook
from .pages import EXERCISES, system_page
from .render import Column, caption, iso, link, relative_href, table, text
from .review import action_state


def _row(hb: Handbook, e: m.Exercise, as_of: date, page_src: str) -> tuple[object, ...]:
    systems = {s.id: s for s in hb.systems}
    actions = {a.id: a for a in hb.actions}
    linked = Markup(", ").join(link(relative_href(page_src, system_page(s)), systems[s].name) for s in e.systems)
    return (iso(e.date), e.kind.value, f"{e.scenario} (exempeldata)" if e.example else e.scenario,
            ", ".join(hb.role(r).name for r in e.participants), linked or text("–"),
            "\n".join(e.lessons) or "–",
            "; ".join(f"{i} ({action_state(actions[i], as_of).value})" for i in e.actions) or "–")


_COLUMNS = [Column("Datum"), Column("Typ"), Column("Scenario"), Column("Deltagare"), Column("System"),
            Column("Lärdomar"), Column("Åtgärder")]


def exercise_tables(hb: Handbook, as_of: date, page_src: str) -> str:
    """Held exercises (latest first) and planned ones (earliest first)."""
    held = ex.held(hb, as_of)
    planned = ex.planned(hb, as_of)
    return (table(caption(f"Genomförda övningar: {len(held)}", as_of), _COLUMNS,
                  [_row(hb, e, as_of, page_src) for e in held], empty="Inga övningar är genomförda ännu.",
                  sortable=True)
            + table(caption(f"Planerade övningar: {len(planned)}", as_of), _COLUMNS,
                    [_row(hb, e, as_of, page_src) for e in planned], empty="Inga övningar är planerade.",
                    sortable=True))


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
