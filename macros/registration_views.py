"""The registration under 2 kap. 2 § and its changes as tables, and the dashboard's reminder."""

from __future__ import annotations

from datetime import date

from . import pages
from . import registration as reg
from .columns import Column, table
from .handbook import Handbook
from .registers import registration as registration_register
from .render import caption, link, relative_href, text
from .swedish import count

NONE_RECORDED = ("Ingen registrering är införd i handboken. När staden eller förvaltningen har anmält sig "
                 "till MCF förs uppgifterna in i data/registrering.yaml (se Om handboken).")


def registration(hb: Handbook) -> str:
    """Who registered, when, with which authority and what: the registration's facts from the register's spec."""
    if hb.registration is None:
        return f"\n\n<p>{text(NONE_RECORDED)}</p>\n\n"
    r = hb.registration.registration
    title = "Registrering enligt 2 kap. 2 § cybersäkerhetslagen" + (" (exempeldata)" if r.example else "")
    return table(title, [Column("Uppgift"), Column("Registreringen")], registration_register.registration_facts(hb, r))


def changes(hb: Handbook, as_of: date) -> str:
    """Every recorded change: when it happened, the last day to report it and whether it is reported."""
    register = registration_register.registration_table(hb, as_of).filtered(lambda r: r.change is not None)
    waiting = sum(1 for s in reg.changes(hb, as_of) if s.unreported)
    summary = f"Ändringar i registreringen: {len(register)}, varav {count(waiting, 'inte anmäld', 'inte anmälda')}"
    return register.html(caption(summary, as_of), empty="Inga ändringar är införda.",
                         searchable=not registration_register.REGISTER.search_excluded)


def reminder(hb: Handbook, as_of: date, page_src: str) -> str:
    """The dashboard's box when a change is due or overdue; nothing when all are reported."""
    waiting = reg.outstanding(hb, as_of)
    if not waiting:
        return ""
    phrase = registration_register.status_phrase
    items = "".join(f"<li>{text(s.change.what)}: {text(phrase(s.change, s.due, s.state, as_of))}.</li>"
                    for s in waiting)
    overdue = any(s.state is reg.ChangeState.OVERDUE for s in waiting)
    law = link(relative_href(page_src, pages.LAW), "Lagar och krav")
    return (f'\n\n<div class="admonition {"danger" if overdue else "warning"}">'
            '<p class="admonition-title">Ändringar som ska anmälas till MCF</p>'
            f"<p>En ändring i registreringen ska anmälas inom {reg.REPORT_WITHIN_DAYS} dagar "
            f"(2 kap. 2 § cybersäkerhetslagen). Inte anmält per {as_of.isoformat()}:</p><ul>{items}</ul>"
            f"<p>Se {law}.</p></div>\n\n")
