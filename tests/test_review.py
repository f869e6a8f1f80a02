"""Management review: clause 9.3 completeness, rules computed as of the review date, the template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from macros import followup as fu
from macros import review as rv
from macros import review_views as lg
from macros.errors import UserError
from tests.conftest import AS_OF, ROOT

REVIEW_PAGES = sorted((ROOT / "docs" / "ledningens-genomgang").glob("[0-9][0-9][0-9][0-9].md"))
TEMPLATE = ROOT / "macros" / "templates" / "genomgang.md"


def test_there_is_a_page_for_2025_and_2026():
    assert [p.stem for p in REVIEW_PAGES][:2] == ["2025", "2026"]


@pytest.mark.parametrize("page", [*REVIEW_PAGES, TEMPLATE], ids=lambda p: p.name)
def test_review_page_has_every_clause_9_3_input_and_output_in_order(page):
    assert rv.missing_headings(page.read_text(encoding="utf-8")) == []


def test_completeness_check_catches_a_missing_or_misplaced_heading():
    text = TEMPLATE.read_text(encoding="utf-8")
    without_e = text.replace("### e) Återkoppling från intressenter", "### Återkoppling")
    assert rv.missing_headings(without_e) == ["e) Återkoppling från intressenter"]
    moved = text.replace("### Handlingsplan\n", "").replace("## Indata", "### Handlingsplan\n\n## Indata")
    assert rv.missing_headings(moved) == ["Handlingsplan"]


def test_adopted_review_is_computed_as_of_its_own_date(handbook):
    adopted, in_progress = handbook.review(2025), handbook.review(2026)
    assert rv.review_date(adopted, AS_OF) == date(2025, 12, 31)
    assert rv.review_date(in_progress, AS_OF) == AS_OF


def test_action_state_follows_the_dates(handbook):
    actions = {a.id: a for a in handbook.actions}
    state = rv.action_state
    assert state(actions["a25-nis-rapport-slk"], date(2025, 12, 31)) is rv.ActionState.IN_PROGRESS
    assert state(actions["a25-nis-rapport-slk"], date(2026, 1, 5)) is rv.ActionState.OVERDUE
    assert state(actions["a25-nis-rapport-slk"], date(2026, 1, 26)) is rv.ActionState.DONE
    assert state(actions["a26-pm3"], date(2026, 1, 1)) is rv.ActionState.NOT_STARTED


def test_input_a_reports_unfinished_and_this_years_actions(handbook):
    ids_2025 = [a.id for a in rv.actions_to_report(handbook.actions, 2025)]
    assert ids_2025 == ["a25-behorighet-rutin", "a25-egenkontroll", "a25-nis-rapport-slk", "a25-dpia",
                        "a25-registerforteckning"]
    ids_2026 = {a.id for a in rv.actions_to_report(handbook.actions, 2026)}
    assert "a25-behorighet-rutin" not in ids_2026  # finished in 2025, reported then
    assert {"a25-egenkontroll", "a25-egenkontroll-uppfoljning", "a26-pm3"} <= ids_2026
    assert not any(i.startswith("a27") for i in ids_2026)


def test_recommendation_closes_when_all_its_actions_are_done(handbook):
    def open_ids(as_of: date) -> list[str]:
        return [r.recommendation.id for r in rv.recommendations(handbook.audits, handbook.actions, 2026, as_of)
                if not r.closed]

    assert open_ids(date(2025, 12, 31)) == ["rev-2024-2", "rev-2024-3", "rev-2024-4", "rev-2024-5",
                                            "rev-2024-6"]
    assert open_ids(AS_OF) == ["rev-2024-2", "rev-2024-3", "rev-2024-5", "rev-2024-6"]


def test_projection_at_the_pace_of_the_last_twelve_months(handbook):
    protocols = handbook.multi_year_goals[0]
    p = rv.projection(handbook.systems, protocols, AS_OF)
    # Fixture: 5 systems in use, all with a protocol: the goal is met.
    assert p.progress.met and p.on_time and p.reached == AS_OF
    krt = rv.projection(handbook.systems, handbook.multi_year_goals[1], AS_OF)
    # 4 of 5 classified; 1 (alfa, 2026-03-01) in the last 12 months -> one year for the last one.
    assert (krt.progress.remaining, krt.per_year, krt.reached) == (1, 1, date(2027, 11, 28))


def test_incident_figures_for_running_text(handbook):
    assert lg.incident_figure(handbook, 2025, "nis") == "1"
    assert lg.incident_figure(handbook, 2025, "personuppgift") == "15"
    assert lg.incident_figure(handbook, 2025, "imy") == "uppgift saknas"
    with pytest.raises(UserError, match="inga incidentsiffror för 2019"):
        lg.incident_figure(handbook, 2019, "nis")


def test_incident_chart_has_a_text_alternative_and_the_table(handbook):
    html = lg.incident_trend(handbook, 2025)
    assert 'role="img"' in html and 'id="diagram-incidenter-2025"' in html
    assert "2025: 1 NIS-incident och 15 personuppgiftsincidenter" in html
    assert "2026" not in html.split("<table>")[0]  # the 2025 chart stops at 2025


def test_risks_are_those_assessed_in_the_year_highest_first_and_the_rest_stay_as_not_reassessed(handbook):
    levels = [r.level.value for r in rv.risks_assessed_in(handbook.risks, 2025)]
    assert levels[:2] == ["mycket hög", "mycket hög"] and levels[-1] == "hög"
    assert rv.risks_assessed_in(handbook.risks, 2024) == []
    # The fixture has no 2026 assessment: 2025's ten risks stay in the 2026 review as not reassessed,
    # none of them counted as if it had been reviewed.
    assert rv.risks_assessed_in(handbook.risks, 2026) == []
    html = lg.risks(handbook, 2026, AS_OF)
    assert html.count("<td>ej omprövad (senast bedömd 2025)</td>") == 10
    assert "(3 genomförd, 6 försenad, 1 pågår, 10 ej omprövade)" in html


def test_risk_treatment_status_shows_which_actions_are_done_or_late(handbook):
    html = lg.risks(handbook, 2025, AS_OF)  # the adopted 2025 review: as of 2025-12-31
    row = next(r for r in html.split("<tr>") if "<td>Behörighetshantering</td>" in r)
    # Fixture: a25-behorighet-rutin is done 2025-06-16; a25-egenkontroll is due 2025-12-31 (in progress).
    assert "(klar)" in row and "<td>pågår</td>" in row
    assert "GDPR-årsrapport 2024" in html  # the report's own year, not the year the risk was recorded


def test_template_page_for_a_new_year(tmp_path: Path):
    from string import Template

    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(ar=2031)
    assert "# Ledningens genomgång 2031" in text and "{{ lg_atgarder(2031) }}" in text
    assert "$" not in text


def _measured(html: str, label: str) -> int:
    row = next(r for r in html.split("<tr>") if f"<td>{label}</td>" in r)
    return int(row.rsplit("<td", 1)[1].split(">", 1)[1].split("<", 1)[0])


@pytest.mark.parametrize(("gap_id", "expected"), [("pub-avtal-saknas", 1), ("konsekvensbedomning-saknas", 2)])
def test_review_measurements_and_dashboard_gaps_count_the_same_systems(handbook, gap_id, expected):
    # Fixture: epsilon's PUB-avtal is "pågår" (counts as missing on both pages); alfa's DPIA is
    # "klar" but dated 2026-12-10, so on 2026-11-28 both pages count it as not done.
    gap = next(g for g in fu.GAPS if g.id == gap_id)
    dashboard = len(fu.gap_members(handbook, gap, AS_OF))
    review = _measured(lg.classification_monitoring(handbook, 2026, AS_OF), gap.title)
    assert dashboard == review == expected
    on_review_day = date(2025, 12, 31)  # the 2025 review's own date: the same rule, the same count
    assert len(fu.gap_members(handbook, gap, on_review_day)) == _measured(
        lg.classification_monitoring(handbook, 2025, AS_OF), gap.title)


def test_the_action_plan_is_decided_only_once_the_review_is_adopted(handbook):
    # 2025 is adopted (fastställd 2026-01-27); 2026 is still pågår, so its plan is only proposed.
    assert "<caption>Handlingsplan beslutad i ledningens genomgång 2025</caption>" in lg.action_plan(handbook, 2025)
    proposed = lg.action_plan(handbook, 2026)
    assert ("<strong>Handlingsplan föreslagen i ledningens genomgång 2026 (beslutas när nämnden fastställer "
            "genomgången)</strong>: Inga åtgärder är föreslagna i den här genomgången ännu.") in proposed
    assert "beslutad" not in proposed
