"""The record of processing activities (data/behandlingar.yaml) on fixture data: the screening rule, the DPIA
plan on its page, Uppföljning and the review, the reference errors and the consistency with system.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.catalogue import Scope
from macros.loader import Handbook, load_handbook
from macros.registers import processing as pr
from macros.registers.processing import Criterion
from tests.build_helpers import build
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES, fixture_project

FIXTURE = FIXTURES / "behandlingar" / "behandlingar.yaml"
FILE = "data/behandlingar.yaml"


@pytest.fixture
def pr_dir(data_dir: Path) -> Path:
    shutil.copy(FIXTURE, data_dir / "behandlingar.yaml")
    return data_dir


@pytest.fixture
def pr_hb(pr_dir: Path) -> Handbook:
    return load_handbook(pr_dir)


@pytest.mark.parametrize(("criteria", "required"), [
    ((), False),
    ((Criterion.SENSITIVE,), False),
    ((Criterion.SENSITIVE, Criterion.SENSITIVE), False),  # one criterion written twice is still one
    ((Criterion.SENSITIVE, Criterion.VULNERABLE), True),
    (tuple(Criterion), True),
])
def test_two_or_more_criteria_normally_require_a_dpia(criteria, required):
    assert len(Criterion) == 9
    assert pr.normally_required(criteria) is required


def _screening(pr_dir: Path, criteria: str, extra: str = "") -> None:
    replace_in(pr_dir / "behandlingar.yaml", "      kriterier: []\n      bedömd_av: samordnare\n      bedömd: 2026-01-15\n"
               "      resultat: krävs inte\n      motivering: Inget kriterium är uppfyllt.\n",
               f"      kriterier: [{criteria}]\n      bedömd_av: samordnare\n      bedömd: 2026-01-15\n"
               f"      resultat: krävs inte\n{extra}")


@pytest.mark.parametrize(("criteria", "expected"), [
    ("", "skriv under motivering varför en konsekvensbedömning inte krävs"),
    ("ny teknik", "skriv under motivering varför en konsekvensbedömning inte krävs"),
    ("ny teknik, stor omfattning", "2 kriterier är uppfyllda, så en konsekvensbedömning krävs normalt; skriv "
     "resultat: krävs, eller motivera under motivering varför den ändå inte krävs"),
    (", ".join(c.value for c in Criterion), "9 kriterier är uppfyllda, så en konsekvensbedömning krävs normalt; "
     "skriv resultat: krävs, eller motivera under motivering varför den ändå inte krävs"),
])
def test_not_required_needs_a_reason_and_two_criteria_say_why(pr_dir, criteria, expected):
    _screening(pr_dir, criteria)
    assert data_errors(pr_dir) == [f'{FILE}, rad 70, behandling "p-delta", fält "förhandsbedömning": {expected}']


def test_two_criteria_with_a_reason_may_be_not_required(pr_dir):
    _screening(pr_dir, "ny teknik, stor omfattning", "      motivering: Bedömd av dataskyddsombudet.\n")
    hb = load_handbook(pr_dir)
    assert pr.dpia_state(pr.activities(hb)[3], AS_OF) is pr.DpiaState.NOT_REQUIRED


def test_each_activity_has_its_dpia_state(pr_hb):
    states = {p.id: pr.dpia_state(p, AS_OF).value for p in pr.activities(pr_hb)}
    assert states == {"p-alfa": "krävs, saknas",  # the DPIA is dated 2026-12-10, after the reference date
                      "p-epsilon": "krävs, försenad", "p-barn": "krävs, saknas", "p-delta": "krävs inte",
                      "p-gamma": "inte förhandsbedömd"}
    assert pr.dpia_state(pr.activities(pr_hb)[0], AS_OF.replace(month=12, day=10)) is pr.DpiaState.DONE


def test_the_plan_puts_sensitive_data_and_children_first(pr_hb):
    assert [p.id for p in pr.dpia_plan(pr.activities(pr_hb), AS_OF)] == ["p-barn", "p-alfa", "p-epsilon"]


def test_a_missing_dpia_is_in_the_plan_on_the_page_the_dashboard_and_the_review(pr_hb):
    scope = Scope(pr_hb, AS_OF, "", (), "uppfoljning/index.md")
    dashboard = pr.plan_table(scope)
    assert "Genomförda konsekvensbedömningar: 0 av 3" in dashboard
    assert "<p>Behandlingar som inte är förhandsbedömda ännu: 1.</p>" in dashboard
    assert "Plan för konsekvensbedömningar: 3 konsekvensbedömningar att göra, 1 försenad – beräknat per 2026-11-28" \
        in dashboard
    assert ('<td class="lis-tal">1</td><td>Barnbehandling</td><td>känsliga uppgifter, sårbara registrerade</td>'
            "<td>Objektägare/systemägare</td><td>2027-06-30</td><td>krävs, saknas: senast 2027-06-30</td>") in dashboard
    assert ('<td class="lis-tal">3</td><td>Epsilonbehandling</td><td>ny teknik, stor omfattning</td>'
            "<td>Informationssäkerhetssamordnare</td><td>2026-06-30</td><td>krävs, försenad: senast 2026-06-30</td>"
            ) in dashboard
    review = pr.review_plan(scope, 2026)
    assert "Plan för konsekvensbedömningar, ledningens genomgång 2026: 3 konsekvensbedömningar att göra" in review
    later = pr.plan_table(Scope(pr_hb, AS_OF.replace(month=12, day=10)))
    assert "Genomförda konsekvensbedömningar: 1 av 3" in later
    assert "Alfabehandling" not in later.split("Plan för")[1]


def test_export_has_the_contents_of_article_30(pr_hb):
    table = pr.processing_table(Scope(pr_hb, AS_OF, "v1"))
    headers = table.export_headers(AS_OF)
    row = dict(zip(headers, table.export_rows()[0], strict=True))
    assert row["Personuppgiftsansvarig"] == pr_hb.organisation.board
    assert row["Rättslig grund"] == "6.1 e; 9.2 h; SoLPuL"
    assert row["System"] == "Alfa"
    assert row["Personuppgiftsbiträden"] == "Alfa AB (PUB-avtal finns)"
    assert row["Tredjeland"] == "inga överföringar"
    assert row["Konsekvensbedömning per 2026-11-28"] == "krävs, saknas: klar först 2026-12-10"
    assert row["Uppfyllda kriterier"] == "känsliga uppgifter, stor omfattning"


def test_without_the_file_the_pages_say_so(handbook):
    assert "Ingen registerförteckning är införd ännu" in pr.page_table(Scope(handbook, AS_OF))
    assert "planen är tom" in pr.plan_table(Scope(handbook, AS_OF))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    system: [alfa]\n", "    system: [okand]\n",
     'rad 16, behandling "p-alfa", fält "system[1]": okänt system "okand"; system finns i data/system.yaml'),
    ("    biträden: [epsilon-ab]\n", "    biträden: [okand-ab]\n",
     'rad 35, behandling "p-epsilon", fält "biträden[1]": okänt personuppgiftsbiträde "okand-ab". Kända biträden '
     "under biträden: alfa-ab, epsilon-ab."),
    ("    system: [delta]\n", "    system: [beta]\n",
     'rad 69, behandling "p-delta", fält "system[1]": systemet "beta" är stadsgemensamt: skriv under '
     "stadens_avtal om stadens centrala avtal täcker behandlingen (ja, nej eller oklart)"),
    ("      plan_senast: 2027-06-30\n", "",
     'rad 53, behandling "p-barn", fält "förhandsbedömning": en konsekvensbedömning som krävs ska stå i planen: '
     "ange vem som ansvarar (plan_ansvarig) och när den ska vara klar (plan_senast)"),
    ("      referens: FAR 2026/90\n", "",
     'rad 18, behandling "p-alfa", fält "förhandsbedömning": en genomförd konsekvensbedömning ska ha datum '
     "(genomförd) och diarienummer eller annan referens (referens)"),
    ("      kriterier: [ny teknik, stor omfattning]\n", "      kriterier: [ai]\n",
     'rad 37, behandling "p-epsilon", fält "förhandsbedömning.kriterier[1]": "ai" är inte ett tillåtet värde'),
])
def test_each_broken_entry_gives_its_swedish_error(pr_dir, old, new, expected):
    replace_in(pr_dir / "behandlingar.yaml", old, new)
    errors = data_errors(pr_dir)
    assert len(errors) == 1 and errors[0].startswith(f"{FILE}, {expected}"), errors


def test_the_inventory_must_agree_with_the_register(pr_dir):
    replace_in(pr_dir / "system.yaml", "      krävs: ja\n      status: ej påbörjad\n", "      krävs: nej\n")
    assert data_errors(pr_dir) == [
        f'{FILE}, rad 34, behandling "p-epsilon", fält "system": behandlingen p-epsilon, p-barn kräver en '
        'konsekvensbedömning som saknas, men data/system.yaml säger något annat för systemet "epsilon"; skriv där '
        "konsekvensbedömning: krävs: ja och en status som inte är klar"]


def test_a_processor_and_the_system_it_supplies_give_the_same_pub_state(pr_dir):
    replace_in(pr_dir / "behandlingar.yaml", "{id: epsilon-ab, namn: Epsilon AB, pub_avtal: pågår}",
               "{id: epsilon-ab, namn: Epsilon AB, pub_avtal: finns}")
    assert data_errors(pr_dir) == [
        f'{FILE}, rad 35, behandling "p-epsilon", fält "biträden[1]": biträdet "epsilon-ab" har pub_avtal: finns här, '
        'men data/system.yaml säger pågår för systemet "epsilon", som har samma leverantör (Epsilon AB); skriv samma '
        "på båda ställena"]


def test_a_system_said_to_lack_a_dpia_needs_an_activity_that_lacks_one(pr_dir):
    replace_in(pr_dir / "system.yaml", "      krävs: nej\n", "      krävs: ja\n      status: pågår\n", count=3)
    errors = data_errors(pr_dir)
    assert f'{FILE}, rad 69, behandling "p-delta", fält "system": data/system.yaml säger att systemet "delta" ' \
        "saknar en konsekvensbedömning som krävs, men ingen av dess behandlingar här kräver en som saknas; rätta " \
        "den ena eller den andra" in errors


def test_the_dashboard_of_a_real_build_shows_the_plan_and_the_late_reports(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    shutil.copy(FIXTURE, project / "data" / "behandlingar.yaml")
    shutil.copy(FIXTURES / "incidentlogg" / "incidentlogg.yaml", project / "data" / "incidentlogg.yaml")
    incidents = project / "data" / "incidenter.yaml"  # from 2026 the log is the source of the yearly counts
    incidents.write_text(incidents.read_text(encoding="utf-8").split("  - år: 2026\n")[0], encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.html("uppfoljning/index.html")
    assert "Plan för konsekvensbedömningar: 3 konsekvensbedömningar att göra, 1 försenad" in page
    assert "<td>Barnbehandling</td>" in page and "<td>Deltabehandling</td>" not in page
    assert "Rapporter efter fristen eller som saknas (3)" in page


def test_the_pages_of_systems_and_objects_list_their_processing_activities(pr_hb):
    from macros import followup as fu
    from macros import followup_views as fv
    ov = fu.Overview(pr_hb, [], AS_OF)

    def listed(page: str) -> tuple[str, list[str]]:
        part = page.split("## Behandlingar av personuppgifter\n")[1].split("</table>")[0]
        caption_text = part.split("<caption>")[1].split("</caption>")[0]
        return caption_text, [row.split("<td>")[1].split("</td>")[0] for row in part.split("<tr>")[2:]]

    assert listed(fv.system_page(ov, "epsilon")) == (
        "Behandlingar av personuppgifter i systemet: 2 behandlingar – beräknat per 2026-11-28",
        ["Barnbehandling", "Epsilonbehandling"])
    beta = fv.system_page(ov, "beta").split("## Behandlingar av personuppgifter\n")[1]
    assert "Ingen behandling i registerförteckningen anger systemet." in beta.split("##")[0]
    # The object page gathers its systems' activities once each.
    assert listed(fv.object_page(ov, "ekonomi"))[1] == ["Barnbehandling", "Epsilonbehandling"]


def test_without_a_record_of_processing_the_pages_say_so(handbook):
    from macros import followup as fu
    from macros import followup_views as fv
    page = fv.system_page(fu.Overview(handbook, [], AS_OF), "alfa")
    assert ("## Behandlingar av personuppgifter\n\n\n\nIngen registerförteckning är införd ännu "
            "(data/behandlingar.yaml saknas).") in page
