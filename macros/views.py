"""The handbook's generated views: data and domain rules in, an HTML fragment for a page out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

from markupsafe import Markup

from . import models as m
from . import pages, registers, status
from .collation import swedish_key
from .documents import DocStatus, GoverningDoc
from .errors import UserError
from .loader import Handbook
from .render import Column, caption, iso, ja_nej, link, percent, relative_href, table, text

# --- Contacts and deadlines --------------------------------------------------------------


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def contact_routes(role: m.Role) -> Markup:
    """A role's contact routes as one inline phrase."""
    parts: list[Markup] = []
    if role.email:
        address = role.email if _EMAIL.fullmatch(role.email) else None
        parts.append(Markup("e-post ") + (link(f"mailto:{address}", address) if address else text(role.email)))
    if role.phone:
        digits = re.sub(r"[^\d+]", "", role.phone)
        parts.append(Markup("telefon ") + (link(f"tel:{digits}", role.phone) if digits else text(role.phone)))
    if role.other_route:
        parts.append(text(role.other_route))
    phrase = Markup(", ").join(parts) if parts else text("kontaktväg saknas i data")
    return phrase + (Markup(" (") + text(role.hours) + Markup(")") if role.hours else Markup(""))


def contact_list(hb: Handbook) -> str:
    rows = [(role.name, role.description, contact_routes(role))
            for role in hb.organisation.roles if role.email or role.phone or role.other_route]
    return table("Kontaktvägar", [Column("Roll"), Column("Ansvar"), Column("Kontakt")], rows)


def _duration(deadline: m.Deadline) -> str:
    if deadline.hours is not None:
        return f"{deadline.hours} {'timme' if deadline.hours == 1 else 'timmar'}"
    months = deadline.months or 0
    return f"{months} {'månad' if months == 1 else 'månader'}"


def deadline_phrase(hb: Handbook, deadline: m.Deadline) -> Markup:
    """'senast 24 timmar efter att förvaltningen fick kännedom om incidenten'."""
    if deadline.counted_from == "kännedom":
        start = "att förvaltningen fick kännedom om incidenten"
    else:
        start = hb.deadline(deadline.counted_from).name.lower()
    return text(f"senast {_duration(deadline)} efter {start}")


def receiver_name(hb: Handbook, deadline: m.Deadline) -> str:
    """Who in the city the district sends the report to; the filer when the district files it itself."""
    return hb.role(deadline.receiver or deadline.filed_by).name


def filed_by_phrase(hb: Handbook, deadline: m.Deadline) -> str:
    """'Stadsdelsnämnden (Dataskyddsombud rådfrågas och anges i rapporten)'."""
    consulted = [hb.role(r).name for r in deadline.consulted]
    extra = f" ({', '.join(consulted)} rådfrågas och anges i rapporten)" if consulted else ""
    return hb.role(deadline.filed_by).name + extra


def deadline_table(hb: Handbook, group: str) -> str:
    rows = [
        (d.name, deadline_phrase(hb, d), hb.role(d.receiver).name if d.receiver else "–",
         filed_by_phrase(hb, d), hb.authority(d.authority).name,
         d.law + (f". {d.note}" if d.note else ""))
        for d in _group(hb, group)
    ]
    cols = [Column("Steg"), Column("Frist"), Column("Förvaltningen rapporterar till"), Column("Lämnas av"),
            Column("Myndighet"), Column("Krav och undantag")]
    return table(f"Tidsfrister ({_GROUP_NAMES[group]})", cols, rows)


_GROUP_NAMES = {"nis": "betydande incidenter enligt cybersäkerhetslagen",
                "personuppgift": "personuppgiftsincidenter"}


def _group(hb: Handbook, group: str) -> list[m.Deadline]:
    found = [d for d in hb.organisation.deadlines if d.group.value == group]
    if not found:
        groups = ", ".join(g.value for g in m.DeadlineGroup)
        raise UserError(f'Det finns inga frister i gruppen "{group}". Kända grupper: {groups}.')
    return found


def deadline_helper(hb: Handbook, group: str) -> str:
    """An offline calculator: when did we become aware -> latest time for each report."""
    steps = [{"id": d.id, "namn": d.name, "timmar": d.hours, "manader": d.months,
              "fran": d.counted_from} for d in _group(hb, group)]
    payload = text(json.dumps(steps, ensure_ascii=False))
    field = f"lis-kannedom-{group}"
    return "\n".join([
        "", "",
        f'<div class="lis-fristhjalp" data-frister="{payload}">',
        f'<p><label for="{field}">När fick förvaltningen kännedom om incidenten?</label> '
        f'<input type="datetime-local" id="{field}" class="lis-kannedom"></p>',
        '<output class="lis-fristresultat" aria-live="polite" '
        f'for="{field}">Fyll i datum och klockslag så visas de senaste tidpunkterna.</output>',
        '<noscript><p>Räknaren behöver JavaScript. Fristerna står i tabellen ovan.</p></noscript>',
        "</div>", "", "",
    ])


# --- Scale ------------------------------------------------------------------------------


def scale_table(hb: Handbook) -> str:
    levels = table(f"Nivåer i skalan {hb.scale.name}", [Column("Nivå", numeric=True), Column("Innebörd"),
                                                        Column("Kommentar")],
                   [(lv.value, lv.name, lv.description) for lv in hb.scale.levels])
    aspects = table("Aspekter som klassas", [Column("Kod"), Column("Aspekt"), Column("Obligatorisk")],
                    [(a.code.value, a.name, ja_nej(a.required)) for a in hb.scale.aspects])
    return levels + aspects


# --- Status views ------------------------------------------------------------------------


INVENTORY_PAGE_SIZE = 1000  # rows per page: keeps every page far below 1 MB at city scale


def inventory_parts(count: int) -> int:
    return max(1, -(-count // INVENTORY_PAGE_SIZE))


def _pager(page_src: str, part: int, parts: int, total: int) -> str:
    links = []
    for n in range(1, parts + 1):
        first, last = (n - 1) * INVENTORY_PAGE_SIZE + 1, min(n * INVENTORY_PAGE_SIZE, total)
        label = f"Del {n} (system {first}–{last})"
        links.append(f"<li>{text(label)}</li>" if n == part else
                     f"<li>{link(relative_href(page_src, pages.inventory_page(n)), label)}</li>")
    return ('\n\n<nav class="lis-sidor" aria-label="Systemförteckningens delar"><ul>'
            + "".join(links) + "</ul></nav>\n\n")


def inventory(hb: Handbook, as_of: date, page_src: str, part: int = 1) -> str:
    """Every system in use with its classification status, in parts of INVENTORY_PAGE_SIZE rows."""
    active = registers.system_table(hb, status.active_systems(hb.systems, as_of), as_of, page_src).sorted()
    parts = inventory_parts(len(active))
    start = (part - 1) * INVENTORY_PAGE_SIZE
    rows = active.sliced(start, start + INVENTORY_PAGE_SIZE)  # rows of this part only: each part is a page
    if parts == 1:
        return rows.html(caption(f"Systemförteckning, {len(active)} system", as_of), sortable=True)
    title = f"Systemförteckning, {len(active)} system, del {part} av {parts}"
    pager = _pager(page_src, part, parts, len(active))
    return pager + rows.html(caption(title, as_of), sortable=True) + pager


def year_goals(hb: Handbook, as_of: date, year: int | None = None) -> str:
    """The year's classifications and protocols against the goals."""
    year = year or as_of.year
    goal = status.year_goal(hb.year_goals, year)
    if goal is None:
        later = sorted(g.year for g in hb.year_goals if g.year > year)
        note = (f"Inga årsmål var satta för {year}; de första gäller {later[0]}." if later
                else f"Det finns inga årsmål för {year} i data/mal.yaml.")
        return table(caption(f"Årsmål {year}", as_of), [Column("Mål")], [], empty=note)
    rows = [_progress_row(p) for p in status.year_progress(hb.systems, goal, as_of)]
    return table(caption(f"Måluppfyllelse {year}", as_of), _PROGRESS_COLUMNS, rows)


def multi_year_goals(hb: Handbook, as_of: date) -> str:
    """Coverage of every system in use against the multi-year goals."""
    rows = []
    for goal in hb.multi_year_goals:
        p = status.coverage(hb.systems, goal, as_of)
        rows.append((goal.name, goal.deadline.isoformat(), p.target, p.achieved, p.remaining,
                     percent(p.percent)))
    cols = [Column("Mål"), Column("Senast"), Column("System i drift", numeric=True),
            Column("Klara", numeric=True), Column("Kvar", numeric=True), Column("Andel", numeric=True)]
    return table(caption("Flerårsmål", as_of), cols, rows)


_PROGRESS_COLUMNS = [Column("Mål"), Column("Målvärde", numeric=True), Column("Utfall", numeric=True),
                     Column("Kvar", numeric=True), Column("Andel", numeric=True), Column("Uppfyllt")]


def _progress_row(p: status.Progress) -> tuple[object, ...]:
    return (p.label, p.target, p.achieved, p.remaining, percent(p.percent), ja_nej(p.met))


def overdue_follow_ups(hb: Handbook, as_of: date) -> str:
    """Classifications whose yearly follow-up is overdue, the most overdue first."""
    objects = {o.id: o.name for o in hb.objects}
    rows = [(f.system.name, objects[f.system.management_object], iso(f.classified),
             iso(f.last_follow_up), iso(f.due), f.days_overdue(as_of))
            for f in status.overdue_follow_ups(hb.systems, as_of)]
    cols = [Column("System"), Column("Förvaltningsobjekt"), Column("Klassad"),
            Column("Senast uppföljd"), Column("Skulle följts upp senast"),
            Column("Dagar försenad", numeric=True)]
    return table(caption("Försenade uppföljningar av klassningar", as_of), cols, rows,
                 empty="Inga uppföljningar är försenade.", searchable=False)


# --- Governing documents ----------------------------------------------------------------------

def review_state(doc: GoverningDoc, as_of: date) -> str:
    """The review's state in the register, in the same windows as every other due date."""
    days = (doc.meta.next_review - as_of).days
    window = status.bucket(doc.meta.next_review, as_of)
    if window is status.Bucket.OVERDUE:
        return f"försenad {-days} dagar"
    return "i tid" if window is status.Bucket.IN_ORDER else f"inom {days} dagar"


def decision_text(doc: GoverningDoc, hb: Handbook) -> str:
    """Who adopted the document, when and under which registration number; or that it is a draft."""
    meta = doc.meta
    if not meta.decided or meta.decided_by is None:
        return "inget beslut (utkast)"
    said = f"{hb.role(meta.decided_by).name} {meta.adopted}, diarienummer {meta.reference}"
    return said + (" (exempeldata)" if meta.example else "")


def document_facts(doc: GoverningDoc, hb: Handbook, as_of: date) -> list[tuple[str, str]]:
    """A governing document's control data as (Swedish label, plain text) pairs: banner, register, PDF.

    Plain text, not escaped: a renderer escapes it for its own format.
    """
    meta = doc.meta
    facts = [("Dokumenttyp", meta.type.value), ("Ägare", hb.role(meta.owner).name),
             ("Version", meta.version), ("Status", doc.status.value)]
    if meta.decided and meta.decided_by is not None:
        facts += [("Beslutad av", hb.role(meta.decided_by).name), ("Beslutsdatum", str(meta.adopted)),
                  ("Diarienummer", str(meta.reference))]
        if meta.example:
            facts.append(("Exempeldata", "beslutsuppgifterna är påhittade exempel"))
    else:
        facts.append(("Beslut", "inget beslut är registrerat; dokumentet är ett utkast"))
    facts.append(("Senast granskad", str(meta.reviewed) if meta.reviewed else "inte granskad"))
    label = "Granskningen förföll" if doc.days_overdue(as_of) else "Planerad granskning"
    facts.append((label, str(meta.next_review)))
    return facts


def document_register(docs: list[GoverningDoc], hb: Handbook, as_of: date, page_src: str,
                      changed: Callable[[GoverningDoc], str] = lambda d: iso(d.last_changed)) -> str:
    rows = []
    for doc in sorted(docs, key=lambda d: (d.meta.type.value, swedish_key(d.title))):
        meta = doc.meta
        rows.append((link(relative_href(page_src, doc.src_path), doc.title), meta.type.value,
                     hb.role(meta.owner).name, meta.version, doc.status.value, decision_text(doc, hb),
                     iso(meta.reviewed), iso(meta.next_review), changed(doc), review_state(doc, as_of)))
    cols = [Column("Dokument"), Column("Typ"), Column("Ägare"), Column("Version"), Column("Status"),
            Column("Beslut"), Column("Senast granskad"), Column("Planerad granskning"),
            Column("Senast ändrad"), Column("Granskning")]
    overdue = sum(1 for d in docs if d.days_overdue(as_of) > 0)
    drafts = sum(1 for d in docs if d.status is DocStatus.DRAFT)
    return table(caption(f"Dokumentregister, {len(docs)} styrdokument varav {drafts} utkast och {overdue} med "
                         "försenad granskning", as_of), cols, rows)


def document_banner(doc: GoverningDoc, hb: Handbook, as_of: date, changed: str | None = None) -> str:
    """The admonition shown under a governing page's heading (Markdown).

    `changed` is the "senast ändrad" phrase from the version history (or why it is unknown)."""
    facts = " · ".join(f"{text(label)}: {text(value)}" for label, value in document_facts(doc, hb, as_of))
    if changed:
        facts += f" · Senast ändrad: {text(changed)}"
    days = doc.days_overdue(as_of)
    if days:
        return (f'!!! warning "Granskningen är försenad"\n\n    Dokumentet skulle ha granskats senast '
                f"{doc.meta.next_review} och är {days} dagar försenat (per {as_of}). "
                + ("Det gäller tills vidare. " if doc.status is not DocStatus.DRAFT else "")
                + f"Kontakta ägaren om något verkar fel.\n\n    {facts}\n\n")
    if doc.status is DocStatus.DRAFT:
        return (f'!!! note "Utkast"\n\n    Det här är ett utkast. Inget beslut är registrerat, så dokumentet '
                f"gäller inte ännu.\n\n    {facts}\n\n")
    return f'!!! info "Styrdokument"\n\n    {facts}\n\n'


def goal_value(hb: Handbook, measure: str, year: int) -> str:
    """The year's target for 'klassningar' or 'klassningsprotokoll', for use in running text."""
    goal = status.year_goal(hb.year_goals, year)
    if goal is None:
        raise UserError(f"det finns inget årsmål för {year} i data/mal.yaml")
    values = {"klassningar": goal.classifications, "klassningsprotokoll": goal.protocols}
    if measure not in values:
        raise UserError(f'okänt mått "{measure}"; tillåtna: klassningar, klassningsprotokoll')
    return str(values[measure])
