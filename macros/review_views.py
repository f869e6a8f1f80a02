"""Views for the management-review pages: each takes the review year and computes as of its date."""

from __future__ import annotations

from datetime import date

from . import management_training_views as mtv
from . import models as m
from . import pages, status
from . import review as rv
from . import riskmethod as rm
from .charts import bar_chart
from .errors import UserError
from .followup import DPIA_GAP, PROCESSOR_AGREEMENT_GAP
from .loader import Handbook
from .render import Column, caption, iso, ja_nej, link, percent, relative_href, table, text
from .views import year_goals


def computed(hb: Handbook, title: str) -> str:
    """A caption for a table computed from the handbook's data, marked while that data is example data."""
    return f"{title} (exempeldata)" if hb.organisation.example_data else title


def as_of_for(hb: Handbook, year: int, build_date: date) -> date:
    return rv.review_date(hb.review(year), build_date)


def status_box(hb: Handbook, year: int, build_date: date) -> str:
    review = hb.review(year)
    as_of = rv.review_date(review, build_date)
    if review.status is m.ReviewStatus.ADOPTED:
        title = "Fastställd"
        body = (f"Nämnden fastställde genomgången {review.adopted}"
                + (f" (diarienummer {text(review.reference)})" if review.reference else "")
                + f". Siffrorna gäller per {as_of} och ändras inte när nya uppgifter läggs till."
                + (" Datum och diarienummer för beslutet är exempeldata." if review.decision_is_example else ""))
        kind = "success"
    else:
        title = "Pågår"
        body = (f"Genomgången för {year} pågår. Siffrorna räknas fram per {as_of}, den dag "
                "webbplatsen byggdes, och uppdateras vid varje bygge tills genomgången fastställs.")
        kind = "info"
    return (f'\n\n<div class="admonition {kind}"><p class="admonition-title">{title}</p>'
            f"<p>{body}</p></div>\n\n")


def _action_row(hb: Handbook, a: m.Action) -> tuple[object, ...]:
    return (a.what, a.area, hb.role(a.owner).name, iso(a.due), a.source.value)


_ACTION_COLUMNS = [Column("Åtgärd"), Column("Område"), Column("Ansvarig"), Column("Senast"), Column("Källa")]


def previous_actions(hb: Handbook, year: int, build_date: date) -> str:
    """Input (a): status of earlier decided actions that concern this year."""
    as_of = as_of_for(hb, year, build_date)
    actions = sorted(rv.actions_to_report(hb.actions, year), key=lambda a: (a.due, a.id))
    rows = [(*_action_row(hb, a), rv.action_state(a, as_of).value) for a in actions]
    states = [r[-1] for r in rows]
    summary = ", ".join(f"{states.count(s.value)} {s.value}" for s in rv.ActionState if s.value in states)
    return table(caption(computed(hb, f"Åtgärder att rapportera {year} ({summary or 'inga'})"), as_of),
                 [*_ACTION_COLUMNS, Column("Status")], rows)


def action_plan(hb: Handbook, year: int) -> str:
    """Output: the action plan decided in this review (no status: it belongs to next year's input a)."""
    actions = rv.decided_in(hb.actions, year)
    rows = [(a.year, *_action_row(hb, a)) for a in actions]
    return table(f"Handlingsplan beslutad i ledningens genomgång {year}",
                 [Column("År"), *_ACTION_COLUMNS], rows,
                 empty="Inga åtgärder är beslutade eller föreslagna i den här genomgången ännu.")


def incident_trend(hb: Handbook, year: int) -> str:
    """Input (d1): incidents per year up to the review year, as a table and a chart."""
    years = rv.incidents_until(hb.incidents, year)
    rows = [(y.year, y.nis, y.personal_data, "–" if y.reported_to_imy is None else y.reported_to_imy,
             y.comment, y.origin) for y in years]
    cols = [Column("År", numeric=True), Column("NIS-incidenter", numeric=True),
            Column("Personuppgiftsincidenter", numeric=True), Column("Anmälda till IMY", numeric=True),
            Column("Kommentar"), Column("Ursprung")]
    tab = table(f"Incidenter per år till och med {year}", cols, rows)
    if not years:
        return tab
    summary = "; ".join(f"{y.year}: {_count(y.nis, 'NIS-incident', 'NIS-incidenter')} och "
                        f"{_count(y.personal_data, 'personuppgiftsincident', 'personuppgiftsincidenter')}"
                        for y in years)
    chart = bar_chart(f"incidenter-{year}", f"Incidenter per år till och med {year}", summary,
                      [str(y.year) for y in years],
                      [("NIS-incidenter", [y.nis for y in years]),
                       ("Personuppgiftsincidenter", [y.personal_data for y in years])])
    return chart + tab


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def incident_figure(hb: Handbook, year: int, kind: str) -> str:
    """One incident figure for running text, e.g. the number of personal-data breaches in 2025."""
    record = rv.incidents_in(hb.incidents, year)
    if record is None:
        raise UserError(f"det finns inga incidentsiffror för {year} i data/incidenter.yaml")
    values = {"nis": record.nis, "personuppgift": record.personal_data, "imy": record.reported_to_imy}
    if kind not in values:
        raise UserError(f'okänd sort "{kind}"; tillåtna: nis, personuppgift, imy')
    value = values[kind]
    return "uppgift saknas" if value is None else str(value)


def training(hb: Handbook, year: int) -> str:
    """Input (d2): training completed by target group during the review year."""
    rows = [(r.group.value, r.course, r.headcount, r.completed, percent(round(100 * r.completed / r.headcount)),
             r.origin) for r in hb.training if r.year == year]
    cols = [Column("Målgrupp"), Column("Utbildning"), Column("I målgruppen", numeric=True),
            Column("Genomfört", numeric=True), Column("Andel", numeric=True), Column("Ursprung")]
    return table(f"Utbildning {year}", cols, rows, empty=f"Inga utbildningar är registrerade för {year}.")


def classification_monitoring(hb: Handbook, year: int, build_date: date) -> str:
    """Input (d2): the inventory's state on the review date, as measured figures."""
    as_of = as_of_for(hb, year, build_date)
    active = status.active_systems(hb.systems, as_of)
    rows = [
        ("System i drift", len(active)),
        ("med klassningsprotokoll", sum(1 for s in active if status.protocol_date(s, as_of))),
        ("med fullständig klassning (KRT-värden)", sum(1 for s in active if status.classification_date(s, as_of))),
        ("klassningar med försenad årlig uppföljning", len(status.overdue_follow_ups(hb.systems, as_of))),
        (PROCESSOR_AGREEMENT_GAP, sum(1 for s in active if status.lacks_processor_agreement(s, as_of))),
        (DPIA_GAP, sum(1 for s in active if status.dpia_outstanding(s, as_of))),
    ]
    cols = [Column("Mått"), Column("Antal", numeric=True)]
    return table(caption(computed(hb, "Mätetal för systemen"), as_of), cols, rows)


def goals(hb: Handbook, year: int, build_date: date) -> str:
    """Input (d4): the year's goals and the multi-year goals with a projection at the current pace."""
    as_of = as_of_for(hb, year, build_date)
    rows = []
    for goal in hb.multi_year_goals:
        p = rv.projection(hb.systems, goal, as_of)
        if p.progress.met:
            outlook = "målet är nått"
        elif p.reached is None:
            outlook = "med nuvarande takt nås målet inte (inget klart de senaste tolv månaderna)"
        else:
            verdict = "före" if p.on_time else "efter"
            outlook = f"med nuvarande takt är alla klara omkring {p.reached}, {verdict} målet"
        rows.append((goal.name, goal.deadline.isoformat(), f"{p.progress.achieved} av {p.progress.target}",
                     percent(p.progress.percent), p.per_year, outlook))
    cols = [Column("Mål"), Column("Senast"), Column("Klara"), Column("Andel", numeric=True),
            Column("Klara senaste 12 mån", numeric=True), Column("Prognos")]
    multi = table(caption(computed(hb, "Flerårsmål och prognos"), as_of), cols, rows)
    return year_goals(hb, as_of, year) + multi


def audit_status(hb: Handbook, year: int, build_date: date) -> str:
    """Input (d3): audit recommendations and whether the actions answering them are done."""
    as_of = as_of_for(hb, year, build_date)
    rows = []
    for r in rv.recommendations(hb.audits, hb.actions, year, as_of):
        remaining = "; ".join(a.what for a in r.open_actions)
        rows.append((f"{r.audit.name} ({r.audit.year})", r.recommendation.text,
                     "åtgärdad" if r.closed else "öppen", remaining or "–"))
    cols = [Column("Granskning"), Column("Rekommendation"), Column("Status"), Column("Kvar att göra")]
    open_count = sum(1 for row in rows if row[2] == "öppen")
    return table(caption(computed(hb, f"Revisionens rekommendationer, {open_count} öppna"), as_of), cols, rows)


def risks(hb: Handbook, year: int, build_date: date) -> str:
    """Input (f): the risks assessed this year and the status of their treatment (which actions are done).

    With data/riskmetod.yaml each risk also shows its owner, its level from likelihood × consequence,
    the residual level and who accepted it (and whether that role may accept that level)."""
    as_of = as_of_for(hb, year, build_date)
    by_id = {a.id: a for a in hb.actions}
    assessed = rv.risks_assessed_in(hb.risks, year)
    method = hb.risk_method
    rows: list[tuple[object, ...]] = []
    for r in assessed:
        actions = "; ".join(f"{by_id[i].what.rstrip('.')} ({rv.action_state(by_id[i], as_of).value})"
                            for i in r.actions)
        treatment = (r.treatment, actions, rv.treatment_state(r, by_id, as_of).value)
        if method is None:
            rows.append((r.process, r.risk, r.level.value, ja_nej(r.in_ikp), *treatment, r.source_label, r.origin))
        else:
            rows.append((r.process, r.risk, hb.role(r.owner).name if r.owner else "–",
                         rm.scored_level(method, r), ja_nej(r.in_ikp), *treatment,
                         r.residual.value if r.residual else "ej bedömd", rm.acceptance_note(hb, method, r),
                         r.source_label, r.origin))
    middle = [Column("I IKP"), Column("Behandling"), Column("Åtgärder och status"), Column("Behandlingen")]
    if method is None:
        cols = [Column("Process"), Column("Risk"), Column("Nivå"), *middle, Column("Källa"), Column("Ursprung")]
    else:
        cols = [Column("Process"), Column("Risk"), Column("Ägare"), Column("Nivå (sannolikhet × konsekvens)"),
                *middle, Column("Kvarvarande nivå"), Column("Acceptans"), Column("Källa"), Column("Ursprung")]
    states = [rv.treatment_state(r, by_id, as_of).value for r in assessed]
    summary = ", ".join(f"{states.count(s.value)} {s.value}" for s in rv.TreatmentState if s.value in states)
    last = rv.last_risk_year(hb.risks, year)
    empty = (f"Riskerna är inte omprövade för {year}. Senaste bedömningen är från {last}; "
             "samordnaren lägger in årets bedömning innan genomgången fastställs." if last
             else f"Det finns ingen riskbedömning för {year}.")
    return table(caption(computed(hb, f"Risker bedömda {year} och status för riskbehandlingen ({summary or 'inga'})"),
                         as_of),
                 cols, rows, empty=empty)


def management_training(hb: Handbook, year: int, build_date: date) -> str:
    """Input (d2): ledningen's training under 2 kap. 4 § per group, with the functions that have a gap."""
    as_of = as_of_for(hb, year, build_date)
    months = hb.management_training.renew_months if hb.management_training else 0
    return mtv.review_summary(hb, as_of, computed(
        hb, f"Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen (giltig i {months} månader)"))


def review_list(hb: Handbook, build_date: date, page_src: str) -> str:
    rows = []
    for review in sorted(hb.reviews, key=lambda r: r.year, reverse=True):
        href = relative_href(page_src, pages.review_page(review.year))
        rows.append((link(href, f"Ledningens genomgång {review.year}"), review.status.value,
                     iso(rv.review_date(review, build_date)), iso(review.adopted)))
    cols = [Column("Genomgång"), Column("Status"), Column("Siffror per"), Column("Fastställd")]
    return table("Genomgångar", cols, rows)

