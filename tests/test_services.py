"""Services, apps and forms the everyday pages name (data/tjanster.yaml), and how long logs are kept.

Verdicts and figures are worked out by hand from tests/fixtures/tjanster/tjanster.yaml and the
lagringstider in tests/fixtures/data/loggkontroller.yaml (reference date 2026-11-28).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from macros import continuity_views as cv
from macros import models as m
from macros import service_approval as sa
from macros import service_views as sv
from macros.errors import UserError
from macros.loader import Handbook, load_handbook
from tests.build_helpers import BuildResult, build
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES, fixture_project

SERVICES_FIXTURE = FIXTURES / "tjanster" / "tjanster.yaml"
RETENTION_FIXTURE = FIXTURES / "tjanster" / "lagringstider.yaml"  # appended to the fixture loggkontroller.yaml


def add_services(data: Path) -> None:
    """The fixture services and log retention, added to a copy of the fixture data."""
    shutil.copy(SERVICES_FIXTURE, data / "tjanster.yaml")
    with (data / "loggkontroller.yaml").open("a", encoding="utf-8") as logs:
        logs.write(RETENTION_FIXTURE.read_text(encoding="utf-8"))
GAPS = "PUB-avtal pågår; konsekvensbedömning krävs, ej påbörjad"  # epsilon's, in fixtures/data/system.yaml


@pytest.fixture
def services_dir(data_dir: Path) -> Path:
    add_services(data_dir)
    return data_dir


@pytest.fixture
def services_hb(services_dir: Path) -> Handbook:
    return load_handbook(services_dir)


# --- The rule: the data's verdict, unless an AI service's system lacks PUB-avtal or DPIA ----------------


def test_an_ai_service_is_not_approved_while_its_system_lacks_agreement_or_dpia(services_hb):
    found = {v.service.id: (v.approved, v.blocked, v.gaps) for v in sa.selected(services_hb, AS_OF)}
    assert found == {
        "ai-beta": (True, False, ()),
        "ai-epsilon": (False, True, ("PUB-avtal pågår", "konsekvensbedömning krävs, ej påbörjad")),
        "ai-privat": (False, False, ()),
        # an app in daily use keeps its approval; the gaps are the system owner's to close
        "nyckel": (True, False, ("PUB-avtal pågår", "konsekvensbedömning krävs, ej påbörjad")),
        "samtycke": (True, False, ()),
    }


def test_a_dpia_done_after_the_reference_date_counts_from_that_day(services_dir):
    replace_in(services_dir / "tjanster.yaml", "    system: beta\n", "    system: alfa\n")
    hb = load_handbook(services_dir)
    before = sa.verdict(hb.services[0], hb, AS_OF)
    assert (before.approved, before.gaps) == (False, ("konsekvensbedömning krävs, klar först 2026-12-10",))
    assert sa.verdict(hb.services[0], hb, date(2026, 12, 10)).approved


def test_selection_by_kind_and_unit_keeps_the_data_order(services_hb):
    def ids(kind=None, unit=None):
        return [v.service.id for v in sa.selected(services_hb, AS_OF, kind, unit)]

    assert ids(m.ServiceKind.AI) == ["ai-beta", "ai-epsilon", "ai-privat"]
    assert ids(unit=m.Unit.SOCIAL_SERVICES) == ["ai-epsilon"]
    assert ids(m.ServiceKind.AI, m.Unit.ELDERLY_CARE) == []


# --- The list a page shows --------------------------------------------------------------------------------


def test_ai_list_on_the_ai_page(services_hb):
    html = sv.service_list(services_hb, AS_OF, "rutiner/ai-anvandning.md", "ai")
    assert ('<p class="lis-lista-rubrik"><strong>AI-tjänster: 1 av 3 godkända – beräknat per 2026-11-28</strong>'
            '</p>\n<ul class="lis-tjanster">') in html
    assert ("<li><strong>Betas assistent</strong> (exempel) – <em>godkänd</em><br>Används till: Texter utan "
            "personuppgifter.<br>Inte till: Sekretessuppgifter.<br>Beslut: Beslut 1.<br><span data-pagefind-ignore>"
            'I systemförteckningen: <a href="../../system/beta/">Beta</a></span></li>') in html
    assert ("<li><strong>Epsilons transkribering</strong> – <em>inte godkänd för personuppgifter förrän bristerna "
            f"är åtgärdade ({GAPS})</em><br>Används till: Tal till text.<br><span data-pagefind-ignore>"
            'I systemförteckningen: <a href="../../system/epsilon/">Epsilon</a></span></li>') in html
    assert "<li><strong>Privata AI-chattar</strong> – <em>inte godkänd</em><br>Används till: Ingenting i tjänsten.</li>" \
        in html
    assert html.count("<li>") == 3


def test_unit_lists_show_an_apps_gaps_and_say_when_nothing_is_recorded(services_hb):
    care = sv.service_list(services_hb, AS_OF, "vardag/aldreomsorg-och-hemtjanst.md", unit="äldreomsorg")
    assert ("Tjänster, appar och blanketter för äldreomsorgen och hemtjänsten: 1 av 1 godkända – beräknat per "
            "2026-11-28") in care
    assert f"<strong>Nyckelappen</strong> – <em>godkänd; brister som systemägaren ska åtgärda: {GAPS}</em>" in care
    social_ai = sv.service_list(services_hb, AS_OF, "vardag/socialtjanst.md", "ai", "socialtjänst")
    assert "AI-tjänster för socialtjänsten: 0 av 1 godkända – beräknat per 2026-11-28" in social_ai
    assert sv.service_list(services_hb, AS_OF, "vardag/lss.md", unit="LSS") == (
        '\n\n<p class="lis-tom"><strong>Tjänster, appar och blanketter för LSS: 0 av 0 godkända – beräknat per '
        "2026-11-28</strong>: Inga tjänster är införda ännu. Fråga din chef eller "
        "informationssäkerhetssamordnaren.</p>\n\n")


def test_without_the_file_the_list_is_empty(handbook):
    assert "AI-tjänster: 0 av 0 godkända" in sv.service_list(handbook, AS_OF, "rutiner/ai-anvandning.md", "ai")


def test_a_wrong_macro_argument_is_named_in_swedish(services_hb):
    with pytest.raises(UserError, match='^okänt slag "AI"; tillåtna värden: ai, app, plattform, kommunikation, '
                                        "inloggning, blankett$"):
        sv.service_list(services_hb, AS_OF, "x.md", "AI")
    with pytest.raises(UserError, match='^okänt verksamhet "lss"; tillåtna värden: alla, förskola, äldreomsorg, '
                                        "socialtjänst, LSS$"):
        sv.service_list(services_hb, AS_OF, "x.md", unit="lss")


def test_markup_in_the_data_is_text(services_dir):
    replace_in(services_dir / "tjanster.yaml", "namn: Betas assistent", "namn: Betas <b>assistent</b> {{ 7*7 }}")
    html = sv.service_list(load_handbook(services_dir), AS_OF, "x.md", "ai")
    assert "<strong>Betas &lt;b&gt;assistent&lt;/b&gt; &#123;&#123; 7&#42;7 &#125;&#125;</strong>" in html


# --- Errors in the file -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("används_till: Öppna dörrar.\n    personuppgifter: ja\n    system: epsilon",
     "används_till: Öppna dörrar.\n    personuppgifter: ja\n    system: omega",
     'data/tjanster.yaml, rad 38, tjänst "nyckel", fält "system": okänt system "omega"; system finns i '
     "data/system.yaml"),
    ("    slag: app\n", "    slag: App\n",
     'data/tjanster.yaml, rad 33, tjänst "nyckel", fält "slag": "App" är inte ett tillåtet värde. Tillåtna värden: '
     "ai, app, plattform, kommunikation, inloggning, blankett."),
    ("  - id: nyckel\n", "  - id: ai-privat\n",
     'data/tjanster.yaml, rad 31, tjänst "ai-privat", fält "id": id "ai-privat" används redan av en tidigare post; '
     "varje post måste ha ett eget"),
])
def test_each_broken_field_gives_its_swedish_error(services_dir, old, new, expected):
    replace_in(services_dir / "tjanster.yaml", old, new)
    assert data_errors(services_dir) == [expected]


# --- How long logs are kept (loggkontroller.yaml, lagringstider) ------------------------------------------


def test_retention_table_in_years_months_and_one_month(services_hb):
    html = cv.retention_table(services_hb)
    assert "<caption>Hur länge loggarna sparas, 3 slag av loggar</caption>" in html
    assert ("<tr><td>Journalloggar (exempel)</td><td>5 år</td><td>Minst fem år.</td></tr>\n"
            "<tr><td>Kontologgar</td><td>18 månader</td><td>Stadens inställning.</td></tr>\n"
            "<tr><td>E-postloggar</td><td>1 månad</td><td>Kort.</td></tr>") in html


def test_patient_record_logs_kept_less_than_five_years_stop_the_build(services_dir):
    replace_in(services_dir / "loggkontroller.yaml", "sparas_månader: 60", "sparas_månader: 59")
    assert data_errors(services_dir) == [
        'data/loggkontroller.yaml, rad 28, lagringstid "journal", fält "sparas_månader": loggar i journalsystem ska '
        "sparas minst fem år (60 månader) enligt HSLF-FS 2016:40 4 kap. 9 §; här står 59"]


def test_other_logs_may_be_kept_shorter(services_dir):
    replace_in(services_dir / "loggkontroller.yaml", "grund: patientdatalagen\n    sparas_månader: 60",
               "grund: annat\n    sparas_månader: 59")
    assert [r.months for r in load_handbook(services_dir).log_retention] == [59, 18, 1]


def test_without_retention_the_table_says_so(handbook):
    assert ("<strong>Hur länge loggarna sparas, 0 slag av loggar</strong>: Inga lagringstider för loggar är "
            "införda ännu.") in cv.retention_table(handbook)


# --- A real build of the fixture project: the macros on a page, with the example-data banner ------------

PAGE = """---
title: Tjänster
---

# Tjänster

{{ tjanster(slag="ai") }}

{{ tjanster(verksamhet="förskola") }}

{{ lagringstider() }}
"""


@pytest.fixture(scope="module")
def services_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = fixture_project(tmp_path_factory.mktemp("tjanster") / "handbok")
    add_services(project / "data")
    (project / "docs" / "tjanster.md").write_text(PAGE, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    return result


def test_page_shows_the_lists_the_figures_and_the_example_banner(services_site):
    html = services_site.html("tjanster/index.html")
    assert '<p class="lis-exempel"><strong>Exempeldata:</strong>' in html
    assert "AI-tjänster: 1 av 3 godkända – beräknat per 2026-11-28" in html
    assert "<strong>Betas assistent</strong> (exempel) – <em>godkänd</em>" in html
    assert '<a href="../system/beta/">Beta</a>' in html  # the system page, one folder up from this page
    assert f"<em>inte godkänd för personuppgifter förrän bristerna är åtgärdade ({GAPS})</em>" in html
    assert "Tjänster, appar och blanketter för förskolan: 1 av 1 godkända" in html
    assert ("<strong>Samtyckesblanketten</strong> – <em>godkänd</em><br>Används till: Publicering utanför "
            "förskolan.<br>Inte till: Egen dokumentation.<br>Beslut: Beslut 2.</li>") in html
    assert "<td>Journalloggar (exempel)</td><td>5 år</td>" in html
    assert "{{" not in html


def test_a_misspelt_argument_stops_the_build_in_swedish(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    (project / "docs" / "tjanster.md").write_text('# Tjänster\n\n{{ tjanster(slag="AI-tjänst") }}\n', encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert ('docs/tjanster.md: makrot tjanster(slag=\'AI-tjänst\'): okänt slag "AI-tjänst"; tillåtna värden: ai, '
            "app, plattform, kommunikation, inloggning, blankett") in result.output
