"""Views for the management-review pages: each takes the review year and computes as of its date."""

from __future__ import annotations

from datetime import date

from . import management_training_views as mtv
from . import models as m
from . import pages, status
from . import review as rv
from . import riskmethod as rm
from .charts import bar_chart
from .columns import Column, table
from .errors import UserError
from .followup import DPIA_GAP, PROCESSOR_AGREEMENT_GAP
from .handbook import Handbook
from .registers import actions as action_register
from .registers import audits as audit_register
from .registers import goals as goal_register
from .registers import incidents as incident_register
from .registers import reviews as review_register
from .registers import risks as risk_register
from .registers import training as training_register
from .registers.incident_log import incident_years
from .render import caption, text
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
        # On the web the figures follow every build; on paper (the board's PDF) they are those of one day.
        body = (f'<span class="lis-bara-webb">Genomgången för {year} pågår. Siffrorna räknas fram per {as_of}, '
                "den dag webbplatsen byggdes, och uppdateras vid varje bygge tills genomgången fastställs.</span>"
                f'<span class="lis-bara-utskrift">Genomgången för {year} är inte fastställd. Siffrorna gäller per '
                f"{as_of}.</span>")
        kind = "info"
    return (f'\n\n<div class="admonition {kind}"><p class="admonition-title">{title}</p>'
            f"<p>{body}</p></div>\n\n")


def previous_actions(hb: Handbook, year: int, build_date: date) -> str:
    """Input (a): status of earlier decided actions that concern this year."""
    as_of = as_of_for(hb, year, build_date)
    actions = tuple(sorted(rv.actions_to_report(hb.actions, year), key=lambda a: (a.due, a.id)))
    states = [rv.action_state(a, as_of).value for a in actions]
    late = sum(1 for a in actions if rv.days_late(a, as_of))
    summary = ", ".join(f"{states.count(s.value)} {s.value}" + (f" ({late} för sent)" if s is rv.ActionState.DONE
                                                                 and late else "")
                        for s in rv.ActionState if s.value in states)
    return action_register.action_table(hb, as_of, actions).showing(action_register.TO_REPORT_COLUMNS).html(
        caption(computed(hb, f"Åtgärder att rapportera {year} ({summary or 'inga'})"), as_of))


def action_plan(hb: Handbook, year: int) -> str:
    """Output: the action plan of this review (no status: it belongs to next year's input a); decided only once
    the nämnd has adopted the review, proposed until then."""
    actions = tuple(rv.decided_in(hb.actions, year))
    no_state = date(year, 12, 31)  # the plan shows no state, so no column reads the date
    adopted = hb.review(year).status is m.ReviewStatus.ADOPTED
    title = (f"Handlingsplan beslutad i ledningens genomgång {year}" if adopted else
             f"Handlingsplan föreslagen i ledningens genomgång {year} (beslutas när nämnden fastställer genomgången)")
    return action_register.action_table(hb, no_state, actions).showing(action_register.PLAN_COLUMNS).html(
        title, empty="Inga åtgärder är föreslagna i den här genomgången ännu." if not adopted
        else "Inga åtgärder beslutades i den här genomgången.")


def incident_trend(hb: Handbook, year: int) -> str:
    """Input (d1): incidents per year up to the review year, as a table and a chart."""
    years = rv.incidents_until(incident_years(hb), year)
    tab = incident_register.incident_table(tuple(years)).html(f"Incidenter per år till och med {year}")
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
    record = rv.incidents_in(incident_years(hb), year)
    if record is None:
        raise UserError(f"det finns inga incidentsiffror för {year} i data/incidenter.yaml eller "
                        "data/incidentlogg.yaml")
    values = {"nis": record.nis, "personuppgift": record.personal_data, "imy": record.reported_to_imy}
    if kind not in values:
        raise UserError(f'okänd sort "{kind}"; tillåtna: nis, personuppgift, imy')
    value = values[kind]
    return "uppgift saknas" if value is None else str(value)


def training(hb: Handbook, year: int) -> str:
    """Input (d2): training completed by target group during the review year."""
    records = tuple(r for r in hb.training if r.year == year)
    return training_register.training_table(records).html(f"Utbildning {year}",
                                                          empty=f"Inga utbildningar är registrerade för {year}.")


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
    multi = goal_register.projection_table(hb, as_of).html(caption(computed(hb, "Flerårsmål och prognos"), as_of))
    return year_goals(hb, as_of, year) + multi


def audit_status(hb: Handbook, year: int, build_date: date) -> str:
    """Input (d3): audit recommendations and whether the actions answering them are done."""
    as_of = as_of_for(hb, year, build_date)
    found = rv.recommendations(hb.audits, hb.actions, year, as_of)
    open_count = sum(1 for r in found if not r.closed)
    return audit_register.recommendation_table(found).html(
        caption(computed(hb, f"Revisionens rekommendationer, {open_count} öppna"), as_of))


def risks(hb: Handbook, year: int, build_date: date) -> str:
    """Input (f): every risk the review must show and the status of its treatment (which actions are done).

    The year's assessments (new, reassessed or closed by a decision) and every earlier risk that was neither
    reassessed nor closed, marked "ej omprövad": no risk leaves the review without a decision. With
    data/riskmetod.yaml each risk also shows its owner, its level from likelihood × consequence, the residual
    level and who accepted it, when and under which decision, or who must still decide."""
    as_of = as_of_for(hb, year, build_date)
    by_id = {a.id: a for a in hb.actions}
    shown = rm.review_risks(hb, year)
    columns = risk_register.REVIEW_COLUMNS if hb.risk_method is None else risk_register.REVIEW_COLUMNS_WITH_METHOD
    register = risk_register.risk_table(hb, as_of, risks=[r for r, _ in shown],
                                        states={r.id: state for r, state in shown}).showing(columns)
    states = [rv.treatment_state(r, by_id, as_of).value for r, _ in shown if r.closed is None]
    summary = [f"{states.count(s.value)} {s.value}" for s in rv.TreatmentState if s.value in states]
    stale = sum(1 for r, _ in shown if r.year < year)
    if stale:
        summary.append(f"{stale} ej omprövad{'e' if stale > 1 else ''}")
    empty = f"Det finns ingen riskbedömning för {year} eller tidigare."
    return register.html(caption(computed(hb, f"Risker {year} och status för riskbehandlingen "
                                              f"({', '.join(summary) or 'inga'})"), as_of), empty=empty)


def management_training(hb: Handbook, year: int, build_date: date) -> str:
    """Input (d2): ledningen's training under 2 kap. 4 § per group, with the functions that have a gap."""
    as_of = as_of_for(hb, year, build_date)
    months = hb.management_training.renew_months if hb.management_training else 0
    return mtv.review_summary(hb, as_of, computed(
        hb, f"Ledningens utbildning enligt 2 kap. 4 § cybersäkerhetslagen (giltig i {months} månader)"))


def review_list(hb: Handbook, build_date: date, page_src: str, hidden: frozenset[str] = frozenset()) -> str:
    """Every review with its status; a year whose page is not published yet (`publiceras: nej`) is left out."""
    return review_register.review_table(hb, build_date, page_src).filtered(
        lambda r: pages.review_page(r.year) not in hidden).html("Genomgångar")

