"""The handbook's generated views: data and domain rules in, an HTML fragment for a page out."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from markupsafe import Markup

from . import models as m
from . import pages, status
from .audience import Audience
from .columns import Column, Table, table
from .documents import DocStatus, GoverningDoc
from .errors import UserError
from .handbook import Handbook
from .registers import goals, systems
from .registers.documents import document_table, edition_links, in_force_text
from .render import NOT_INDEXED, caption, ja_nej, link, percent, relative_href, text
from .swedish import count

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
    phrase += Markup(" (") + text(role.hours) + Markup(")") if role.hours else Markup("")
    # The same addresses and numbers stand on most pages: in the index they would make "telefon" or
    # "e-post" match every page. The role's name, written beside them, is what the search finds.
    return Markup(f"<span {NOT_INDEXED}>") + phrase + Markup("</span>")


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
    delegates = [hb.role(r).name + (" (dygnet runt)" if hb.role(r).around_the_clock else "")
                 for r in deadline.delegates]
    on_behalf = f"; på dess vägnar genom delegation: {', '.join(delegates)}" if delegates else ""
    return hb.role(deadline.filed_by).name + extra + on_behalf


def _to_receiver(hb: Handbook, d: m.Deadline) -> str:
    """The receiver in the city, with the district's own deadline for reaching it when there is one."""
    if not d.receiver:
        return "–"
    name = hb.role(d.receiver).name
    return f"{name}, senast {d.internal_hours} timmar efter kännedom" if d.internal_hours else name


def deadline_table(hb: Handbook, group: str) -> str:
    rows = [
        (d.name, deadline_phrase(hb, d), _to_receiver(hb, d),
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
    blank = "_" * 24
    paper = "".join(f"<li>{text(d.name)}: senast {blank}</li>" for d in _group(hb, group))
    return "\n".join([
        "", "",
        f'<div class="lis-fristhjalp" data-frister="{payload}">',
        '<div class="lis-fristhjalp__skarm">',
        "<p>Fyll i när förvaltningen fick kännedom om incidenten, så räknar hjälpen ut "
        f"{'den senaste tidpunkten' if len(steps) == 1 else 'de senaste tidpunkterna'}.</p>",
        f'<p><label for="{field}">När fick förvaltningen kännedom om incidenten?</label> '
        f'<input type="datetime-local" id="{field}" class="lis-kannedom"></p>',
        '<output class="lis-fristresultat" aria-live="polite" '
        f'for="{field}">Fyll i datum och klockslag så visas de senaste tidpunkterna.</output>',
        '<noscript><p>Räknaren behöver JavaScript. Fristerna står i tabellen ovan.</p></noscript>',
        "</div>",
        # On paper: the same questions as a form to fill in by hand, with the table above for the rules.
        '<div class="lis-utskrift">',
        f"<p>Förvaltningen fick kännedom om incidenten (datum och klockslag): {blank}</p>",
        "<p>Räkna fram de senaste tidpunkterna med tabellen ovan och skriv in dem:</p>",
        f"<ul>{paper}</ul>",
        "</div>",
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


def inventory(hb: Handbook, as_of: date, page_src: str, part: int = 1, edition: Audience = Audience.LIS) -> str:
    """Every system in use with its classification status, in parts of INVENTORY_PAGE_SIZE rows.

    The staff edition shows the systems' names, owners and suppliers only (systems.for_everyone)."""
    active = systems.system_table(hb, status.active_systems(hb.systems, as_of), as_of, page_src).sorted()
    if edition is Audience.ALL:
        active = systems.for_everyone(active)
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
    return goals.multi_year_table(hb, as_of).html(caption("Flerårsmål", as_of))


_PROGRESS_COLUMNS = [Column("Mål"), Column("Målvärde", numeric=True), Column("Utfall", numeric=True),
                     Column("Kvar", numeric=True), Column("Andel", numeric=True), Column("Uppfyllt")]


def _progress_row(p: status.Progress) -> tuple[object, ...]:
    return (p.label, p.target, p.achieved, p.remaining, percent(p.percent), ja_nej(p.met))


def overdue_follow_ups(hb: Handbook, as_of: date) -> str:
    """Classifications whose yearly follow-up is overdue, the most overdue first."""
    overdue = Table(systems.OVERDUE_COLUMNS, tuple(status.overdue_follow_ups(hb.systems, as_of)),
                    systems.system_context(hb, as_of))
    return overdue.html(caption("Försenade uppföljningar av klassningar", as_of),
                        empty="Inga uppföljningar är försenade.", searchable=False)


# --- Governing documents ----------------------------------------------------------------------

# A proposal with no planned decision day: a visible gap in the banner and the document register.
PLAN_MISSING = "inte angivet (ägaren skriver planerat_beslut i sidans styrdokument-block)"


def document_facts(doc: GoverningDoc, hb: Handbook, as_of: date) -> list[tuple[str, str]]:
    """A governing document's control data as (Swedish label, plain text) pairs: banner, register, PDF.

    Plain text, not escaped: a renderer escapes it for its own format. The decision is the archive's.
    """
    meta = doc.meta
    facts = [("Dokumenttyp", meta.type.value), ("Ägare", hb.role(meta.owner).name),
             ("Version", meta.version), ("Status", doc.status.value)]
    adoption = doc.adoption
    if adoption is not None:
        if doc.status is DocStatus.UNDER_REVISION:
            facts.append(("Gällande utgåva", in_force_text(doc)))
        facts += [("Beslutad av", hb.role(adoption.decided_by).name), ("Beslutsdatum", str(adoption.adopted)),
                  ("Diarienummer", adoption.reference)]
        if adoption.example:
            facts.append(("Exempeldata", "beslutsuppgifterna är påhittade exempel"))
    else:
        facts.append(("Beslut", "inget beslut är registrerat; dokumentet är ett utkast"))
    if doc.awaits_decision:
        facts.append(("Planerat beslut", str(doc.meta.decision_due) if doc.meta.decision_due else PLAN_MISSING))
    facts.append(("Senast granskad", str(doc.reviewed) if doc.reviewed else "inte granskad"))
    label = "Granskningen förföll" if doc.days_overdue(as_of) else "Planerad granskning"
    facts.append((label, str(meta.next_review)))
    return facts


def document_register(docs: list[GoverningDoc], hb: Handbook, as_of: date, page_src: str,
                      docs_dir: Path | None = None) -> str:
    register = document_table(docs, hb, as_of, page_src, docs_dir)
    overdue = sum(1 for d in docs if d.days_overdue(as_of) > 0)
    drafts = sum(1 for d in docs if d.status is DocStatus.DRAFT)
    revising = sum(1 for d in docs if d.status is DocStatus.UNDER_REVISION)
    return register.html(caption(f"Dokumentregister, {len(docs)} styrdokument varav {drafts} utkast, {revising} "
                                 f"under revidering och {overdue} med försenad granskning", as_of))


def not_indexed(markdown: str) -> str:
    """Markdown blocks wrapped so that the search index leaves them out (the page still shows them)."""
    return f"<div {NOT_INDEXED} markdown>\n\n{markdown.strip()}\n\n</div>\n"


def document_banner(doc: GoverningDoc, hb: Handbook, as_of: date, page_src: str | None = None,
                    docs_dir: Path | None = None) -> str:
    """The admonition shown under a governing page's heading (Markdown)."""
    facts = " · ".join(f"{text(label)}: {text(value)}" for label, value in document_facts(doc, hb, as_of))
    facts += f" · Senast ändrad: {doc.last_changed}"
    links = (edition_links(doc.adoption, page_src, docs_dir)
             if doc.adoption is not None and page_src is not None and docs_dir is not None else "")
    if doc.status is DocStatus.UNDER_REVISION and doc.adoption is not None:
        adopted = doc.adoption
        where = f": {links}" if links else ""
        return (f'!!! warning "Under revidering"\n\n    Texten på sidan är version {text(doc.meta.version)}, ett '
                f"förslag som inte är fastställt. Den fastställda utgåvan, version {text(adopted.version)} "
                f"(fastställd {adopted.adopted}), gäller tills en ny version har fastställts{where}.\n\n"
                f"    {facts}\n\n")
    days = doc.days_overdue(as_of)
    in_force = f" Den fastställda utgåvan: {links}." if links else ""
    if days:
        return (f'!!! warning "Granskningen är försenad"\n\n    Dokumentet skulle ha granskats senast '
                f"{doc.meta.next_review} och är {count(days, 'dag', 'dagar')} försenat (per {as_of}). "
                + ("Det gäller tills vidare. " if doc.status is not DocStatus.DRAFT else "")
                + f"Kontakta ägaren om något verkar fel.{in_force}\n\n    {facts}\n\n")
    if doc.status is DocStatus.DRAFT:
        return (f'!!! note "Utkast"\n\n    Det här är ett utkast. Inget beslut är registrerat, så dokumentet '
                "gäller inte ännu. Till dess gäller stadens gemensamma regler och förvaltningens fastställda "
                f"styrdokument.\n\n    {facts}\n\n")
    return f'!!! info "Styrdokument"\n\n    {facts}' + (f"\n\n    {in_force.strip()}" if in_force else "") + "\n\n"


def goal_value(hb: Handbook, measure: str, year: int) -> str:
    """The year's target for 'klassningar' or 'klassningsprotokoll', for use in running text."""
    goal = status.year_goal(hb.year_goals, year)
    if goal is None:
        raise UserError(f"det finns inget årsmål för {year} i data/mal.yaml")
    values = {"klassningar": goal.classifications, "klassningsprotokoll": goal.protocols}
    if measure not in values:
        raise UserError(f'okänt mått "{measure}"; tillåtna: klassningar, klassningsprotokoll')
    return str(values[measure])
