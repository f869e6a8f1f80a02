"""Views of the law data (data/lagkrav.yaml) and of the first steps at an incident (organisation.yaml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date

from markupsafe import Markup

from . import management_stance as stances
from . import models as m
from . import nis2, pages
from .collation import swedish_key
from .columns import Column, table
from .documents import DocStatus, GoverningDoc, title_of
from .errors import UserError
from .handbook import Handbook
from .render import caption, iso, link, relative_href, text
from .review import action_state
from .swedish import count
from .views import contact_routes

NOT_JUDGED = "ej bedömt"


def _law(hb: Handbook) -> m.LawFile:
    if hb.law is None:
        raise UserError("data/lagkrav.yaml saknas")
    return hb.law


def references(hb: Handbook, fact_ids: Iterable[str]) -> str:
    """'1 kap. 3 § Cybersäkerhetslag (SFS 2025:1506); ...' for a list of lagrum ids."""
    return "; ".join(hb.law_fact(i).reference for i in fact_ids)


def _checked(fact: m.LawFact) -> str:
    if fact.checked is None:
        return "inte kontrollerad mot källan"
    return f"{fact.checked.isoformat()} mot {fact.checked_against}"


def law_facts(hb: Handbook) -> str:
    """Every law fact the handbook relies on, with its reference and when it was checked."""
    facts = _law(hb).facts
    rows = [(f.reference, f.says, _checked(f)) for f in facts]
    unchecked = sum(1 for f in facts if f.checked is None)
    cols = [Column("Bestämmelse"), Column("Vad den säger"), Column("Kontrollerad")]
    return table(f"Lagrum som handboken bygger på, {len(facts)} varav "
                 f"{count(unchecked, 'inte kontrollerat', 'inte kontrollerade')}",
                 cols, rows)


def authorities(hb: Handbook) -> str:
    rows = [(a.name, a.task, references(hb, a.refs)) for a in _law(hb).authorities]
    return table("Myndigheter", [Column("Myndighet"), Column("Uppgift"), Column("Lagrum")], rows)


def duties(hb: Handbook) -> str:
    rows = [(d.name, d.what, hb.role(d.done_by).name, d.how, references(hb, d.refs)) for d in _law(hb).duties]
    cols = [Column("Skyldighet"), Column("Vad den kräver"), Column("Vem gör det"), Column("Så gör vi"),
            Column("Lagrum")]
    return table("Skyldigheter enligt cybersäkerhetslagen", cols, rows)


def management_groups(hb: Handbook) -> list[m.Role]:
    return [hb.role(g) for g in _law(hb).management.groups]


def management(hb: Handbook, docs: Sequence[GoverningDoc]) -> str:
    """Who counts as 'ledningen' under 2 kap. 4 §, the reasoning, and whether a decision has adopted it."""
    body = _law(hb).management
    groups = ", ".join(r.name for r in management_groups(hb))
    decided = stances.decision_text(hb, docs)
    rows = [("Räknas som ledningen", groups), ("Motivering", body.reasoning), ("Beslut", decided),
            *([("Anmärkning", body.note)] if body.note else []), ("Lagrum", references(hb, body.refs))]
    return table("Vem är ledningen enligt cybersäkerhetslagen", [Column("Uppgift"), Column("Ställningstagande")],
                 rows)


# --- NIS 2 coverage: a recorded judgement per area, never derived from the routines' own claims ---


def coverage_of(area: m.Nis2Area) -> str:
    return area.judgement.value if area.judgement else NOT_JUDGED


def nis2_matrix(hb: Handbook, docs: list[GoverningDoc], pages: AbstractSet[str], as_of: date, page_src: str,
                titles: Mapping[str, str] | None = None) -> str:
    """The ten areas of 2 kap. 3 § with the coordinator's judgement, its evidence and the routines' claims."""
    actions = {a.id: a for a in hb.actions}
    by_path = {d.src_path: d for d in docs}
    rows, stale = [], 0
    for area in _law(hb).nis2:
        for page in area.pages:
            if page not in pages:
                raise UserError(f'lagkrav.yaml, nis2_områden punkt {area.point}: sidan "{page}" finns inte '
                                 "under docs/")
        evidence = Markup(", ").join(link(relative_href(page_src, p), title_of(p, docs, titles)) for p in area.pages)
        planned = "; ".join(f"{actions[i].what.rstrip('.')} ({action_state(actions[i], as_of).value})"
                            for i in area.actions)
        claims = [d for d in docs if area.letter in d.meta.nis2 and d.status is not DocStatus.DRAFT]
        claimed = Markup(", ").join(link(relative_href(page_src, d.src_path), d.title)
                                    for d in sorted(claims, key=lambda d: swedish_key(d.title)))
        reasons = nis2.reconsider(area, by_path)
        stale += bool(reasons)
        judged = text(f"{area.judged} – ompröva: {'; '.join(reasons)}") if reasons else iso(area.judged)
        rows.append((f"{area.point} ({area.letter})", area.wording, coverage_of(area), area.reasoning or "–",
                     evidence or "–", planned or "–", claimed or "–", judged))
    cols = [Column("Punkt (NIS 2)"), Column("Område enligt 2 kap. 3 §"), Column("Bedömning"), Column("Motivering"),
            Column("Belägg"), Column("Åtgärder"), Column("Rutiner som anger området"), Column("Bedömd")]
    counts = [coverage_of(a) for a in _law(hb).nis2]
    summary = ", ".join(f"{counts.count(v)} {v}" for v in [*(c.value for c in m.Coverage), NOT_JUDGED])
    summary += f"; {count(stale, 'bedömning', 'bedömningar')} att ompröva" if stale else ""
    return table(caption(f"Täckning av säkerhetsåtgärderna i cybersäkerhetslagen: {summary}", as_of), cols, rows)


# --- The first minutes of an incident and the out-of-hours chain (one source, used on many pages) ---


def on_call_list(hb: Handbook, said: str | None = None) -> Markup:
    """The out-of-hours chain; the contact of role `said` (already given above it) is not repeated."""
    items = "".join(f"<li><strong>{text(hb.role(s.role).name)}</strong>: {text(s.does)} "
                    + ("Kontakt: som ovan." if s.role == said else f"Kontakt: {contact_routes(hb.role(s.role))}.")
                    + "</li>" for s in hb.organisation.on_call)
    return Markup(f"<ol>{items}</ol>")


def on_call(hb: Handbook) -> str:
    """The out-of-hours chain as a block of its own (for the routines' contact sections)."""
    return ('\n\n<div class="lis-jour"><p><strong>Kvällar, nätter och helger.</strong> Fristerna löper även då. '
            f"Gör så här i tur och ordning:</p>{on_call_list(hb)}</div>\n\n")


def urgent_contact(hb: Handbook) -> str | None:
    """The role most first steps send people to (IT-support): its contact goes once, at the top of the box."""
    contacts = [step.contact for step in hb.organisation.first_steps if step.contact]
    return max(contacts, key=contacts.count) if contacts else None


def first_steps(hb: Handbook, page_src: str) -> str:
    """The 'Har något hänt?' box: the urgent call and its number first, each situation opening on tap.

    On a phone the box used to fill two screens and repeat IT-support's line in every situation; now
    the one urgent action and the number are at the top, and every situation is a <details> element
    (native, keyboard- and screen-reader-accessible) that opens when tapped."""
    urgent = urgent_contact(hb)
    head = ""
    if urgent is not None:
        role = hb.role(urgent)
        verb = "Ring" if role.phone else "Kontakta"
        head = (f'<p class="lis-akut"><strong>{verb} {text(role.name)} direkt:</strong> '
                f"{contact_routes(role)}.</p>")
    parts = []
    for step in hb.organisation.first_steps:
        items = "".join(f"<li>{text(s)}</li>" for s in step.steps)
        contact = (f"<p>{text(hb.role(step.contact).name)}: {contact_routes(hb.role(step.contact))}.</p>"
                   if step.contact and step.contact != urgent else "")
        parts.append(f"<details><summary>{text(step.situation)}</summary><ol>{items}</ol>{contact}</details>")
    incidents = link(relative_href(page_src, pages.INCIDENT_ROUTINE), "incidenthantering")
    breaches = link(relative_href(page_src, pages.BREACH_ROUTINE), "personuppgiftsincidenter")
    routines = (f"<p>Läs sedan rutinerna för {incidents} och {breaches}."
                " Hellre en rapport för mycket än en för lite.</p>")
    return ('\n\n<div class="admonition danger lis-forsta-stegen" id="har-nagot-hant">'
            '<p class="admonition-title">Har något hänt? Gör så här först</p>'
            + head
            + "<p>Vänta inte tills du är säker. Det brådskande är att spärra det som kan missbrukas. "
            "Välj vad som har hänt:</p>"
            + "".join(parts)
            + "<details><summary>Kvällar, nätter och helger (fristerna löper även då)</summary>"
            + str(on_call_list(hb, urgent)) + "</details>" + routines + "</div>\n\n")
