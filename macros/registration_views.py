"""The registration under 2 kap. 2 § and its changes as tables, and the dashboard's reminder."""

from __future__ import annotations

from datetime import date

from . import pages
from . import registration as reg
from .loader import Handbook
from .render import Column, caption, iso, link, relative_href, table, text

NONE_RECORDED = ("Ingen registrering är införd i handboken. När staden eller förvaltningen har anmält sig "
                 "till MCF förs uppgifterna in i data/registrering.yaml (se Om handboken).")


def _example(flag: bool) -> str:
    return " (exempel)" if flag else ""


def registration(hb: Handbook) -> str:
    """Who registered, when, with which authority and what."""
    if hb.registration is None:
        return f"\n\n<p>{text(NONE_RECORDED)}</p>\n\n"
    r = hb.registration.registration
    rows = [("Verksamhetsutövare", r.operator), ("Anmäld", f"{r.registered.isoformat()}{_example(r.example)}"),
            ("Anmäld av", hb.role(r.registered_by).name), ("Till", hb.authority(r.authority).name),
            ("Anmälda uppgifter", "; ".join(r.contents)), ("Diarienummer", r.reference or "–")]
    title = "Registrering enligt 2 kap. 2 § cybersäkerhetslagen" + (" (exempeldata)" if r.example else "")
    return table(title, [Column("Uppgift"), Column("Registreringen")], rows)


def _status(s: reg.ChangeStatus, as_of: date) -> str:
    if s.state is reg.ChangeState.REPORTED:
        return f"anmäld {s.change.reported}"
    if s.state is reg.ChangeState.REPORTED_LATE:
        return f"anmäld för sent {s.change.reported} (senast {s.due})"
    if s.state is reg.ChangeState.OVERDUE:
        return f"försenad: skulle ha anmälts senast {s.due}, {(as_of - s.due).days} dagar sedan"
    if s.state is reg.ChangeState.PLANNED:
        return f"planerad: ska anmälas senast {s.due}"
    return f"ska anmälas senast {s.due}"


def changes(hb: Handbook, as_of: date) -> str:
    """Every recorded change: when it happened, the last day to report it and whether it is reported."""
    found = reg.changes(hb, as_of)
    rows = [(iso(s.change.changed), s.change.what + _example(s.change.example), iso(s.due),
             iso(s.change.reported), _status(s, as_of), s.change.reference or "–") for s in found]
    cols = [Column("Ändrad"), Column("Vad som ändrades"), Column("Anmäls senast"), Column("Anmäld"),
            Column("Status"), Column("Diarienummer")]
    waiting = sum(1 for s in found if s.unreported)
    return table(caption(f"Ändringar i registreringen: {len(found)}, varav {waiting} inte anmälda", as_of),
                 cols, rows, empty="Inga ändringar är införda.")


def reminder(hb: Handbook, as_of: date, page_src: str) -> str:
    """The dashboard's box when a change is due or overdue; nothing when all are reported."""
    waiting = reg.outstanding(hb, as_of)
    if not waiting:
        return ""
    items = "".join(f"<li>{text(s.change.what)}: {text(_status(s, as_of))}.</li>" for s in waiting)
    overdue = any(s.state is reg.ChangeState.OVERDUE for s in waiting)
    law = link(relative_href(page_src, pages.LAW), "Lagar och krav")
    return (f'\n\n<div class="admonition {"danger" if overdue else "warning"}">'
            '<p class="admonition-title">Ändringar som ska anmälas till MCF</p>'
            f"<p>En ändring i registreringen ska anmälas inom {reg.REPORT_WITHIN_DAYS} dagar "
            f"(2 kap. 2 § cybersäkerhetslagen). Inte anmält per {as_of.isoformat()}:</p><ul>{items}</ul>"
            f"<p>Se {law}.</p></div>\n\n")
