"""The risk method and the risk register on fixture data: validation, matrix, register and the yearly gap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros import risk_views
from macros.errors import UserError
from macros.loader import Handbook, load_handbook
from macros.riskmethod import not_reassessed
from tests.build_helpers import build, copy_project
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES

METHOD_FIXTURE = FIXTURES / "riskmetod" / "riskmetod.yaml"

# A 2026 reassessment of the fixture's Behörighetshantering risk: probability 3 × consequence 3 = 9.
RISK_2026 = """  - id: vor-behorighet-2026
    år: 2026
    källa: VoR
    process: Behörighetshantering
    risk: För breda behörigheter.
    nivå: mycket hög
    behandling: Egenkontroller.
    i_ikp: ja
    ursprung: test
    åtgärder: [a25-egenkontroll]
    ägare: objektagare
    sannolikhet: 3
    konsekvens: 3
    kvarvarande_nivå: medel
    accepterad_av: chef
    accepterad: 2026-11-20
    beslut: EX-1
"""


@pytest.fixture
def risk_dir(data_dir: Path) -> Path:
    shutil.copy(METHOD_FIXTURE, data_dir / "riskmetod.yaml")
    with (data_dir / "risker.yaml").open("a", encoding="utf-8") as handle:
        handle.write(RISK_2026)
    return data_dir


@pytest.fixture
def risk_hb(risk_dir: Path) -> Handbook:
    return load_handbook(risk_dir)


def test_matrix_reads_the_level_of_every_cell(risk_hb):
    html = risk_views.matrix(risk_hb)
    rows = html.split("<tbody>")[1].split("<tr>")[1:]
    assert [r.count("<td>") for r in rows] == [4, 4, 4]
    assert rows[0].startswith("<td>3 Hög</td><td>medel</td><td>hög</td><td>mycket hög</td>")
    assert rows[2].startswith("<td>1 Låg</td><td>låg</td><td>låg</td><td>medel</td>")


def test_acceptance_names_the_role_per_level(risk_hb):
    html = risk_views.acceptance(risk_hb)
    assert "<td>hög</td><td>6–6</td><td>Bara med åtgärder</td><td>Förvaltningsledningen</td>" in html


def test_register_shows_owner_score_actions_and_residual_risk(risk_hb):
    html = risk_views.register(risk_hb, AS_OF)
    assert "Riskregister 2026: 1 risker – beräknat per 2026-11-28" in html
    assert ("<td>Behörighetshantering</td><td>För breda behörigheter.</td><td>mycket hög</td><td>3 × 3</td>"
            "<td>Objektägare/systemägare</td><td>–</td><td>–</td><td>Egenkontroller.</td><td>a25-egenkontroll (") in html
    assert "<td>medel</td><td>accepterad av Chef 2026-11-20 (EX-1)</td><td>VoR 2026</td>" in html
    assert "Riskregister 2025: 10 risker" in risk_views.register(risk_hb, AS_OF, 2025)


def test_risks_not_reassessed_this_year_are_gaps(risk_hb, handbook):
    assert len(not_reassessed(handbook, AS_OF)) == 10  # the fixture has only 2025 assessments
    found = not_reassessed(risk_hb, AS_OF)
    assert len(found) == 9 and "Behörighetshantering" not in [r.process for r in found]
    assert "Risker som inte är omprövade 2026: 9 – beräknat per 2026-11-28" in risk_views.stale(risk_hb, AS_OF)
    assert len(not_reassessed(risk_hb, AS_OF.replace(year=2025))) == 0


def test_without_the_method_file_the_macro_says_so(handbook):
    with pytest.raises(UserError, match="data/riskmetod.yaml saknas"):
        risk_views.matrix(handbook)


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("riskmetod.yaml", "{nivå: hög, från: 6, till: 6,", "{nivå: hög, från: 7, till: 7,",
     'data/riskmetod.yaml, rad 10, fält "nivåer": sannolikhet × konsekvens = 6 hör till ingen nivå; '
     "varje produkt ska höra till exakt en nivå"),
    ("riskmetod.yaml", "{nivå: medel, från: 3, till: 4,", "{nivå: medel, från: 2, till: 4,",
     'data/riskmetod.yaml, rad 10, fält "nivåer": sannolikhet × konsekvens = 2 hör till flera nivåer (låg, medel); '
     "varje produkt ska höra till exakt en nivå"),
    ("riskmetod.yaml", "{värde: 3, namn: Hög,", "{värde: 2, namn: Hög,",
     'data/riskmetod.yaml, rad 5, steg "2", fält "värde": stegen ska vara numrerade 1, 2, 3 … i ordning; '
     "det här steget ska ha värde 3"),
    ("riskmetod.yaml", "accepteras_av: namnd}", "accepteras_av: kommunstyrelsen}",
     'data/riskmetod.yaml, rad 14, nivå "mycket hög", fält "accepteras_av": okänd roll "kommunstyrelsen". Kända roller:'),
    ("risker.yaml", "    sannolikhet: 3\n    konsekvens: 3\n", "    sannolikhet: 2\n    konsekvens: 3\n",
     'data/risker.yaml, rad 111, risk "vor-behorighet-2026", fält "nivå": nivån "mycket hög" stämmer inte med '
     'sannolikhet 2 × konsekvens 3 = 6, som enligt riskmetoden är "hög"'),
    ("risker.yaml", "    accepterad_av: chef\n", "    accepterad_av: objektagare\n",
     'data/risker.yaml, rad 120, risk "vor-behorighet-2026", fält "accepterad_av": risknivån "medel" får bara '
     'accepteras av rollen "chef" enligt data/riskmetod.yaml'),
    ("risker.yaml", "    sannolikhet: 3\n", "    sannolikhet: 4\n",
     'data/risker.yaml, rad 117, risk "vor-behorighet-2026", fält "sannolikhet": 4 finns inte på skalan; '
     "tillåtna värden är 1–3"),
    ("risker.yaml", "    konsekvens: 3\n", "",
     'data/risker.yaml, rad 106, risk "vor-behorighet-2026": ange både sannolikhet och konsekvens, eller ingen av dem'),
    ("risker.yaml", "    ägare: objektagare\n", "    ägare: vd\n",
     'data/risker.yaml, rad 116, risk "vor-behorighet-2026", fält "ägare": okänd roll "vd". Kända roller:'),
])
def test_each_broken_method_or_risk_gives_its_swedish_error(risk_dir, file, old, new, expected):
    replace_in(risk_dir / file, old, new)
    errors = data_errors(risk_dir)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_scores_without_a_method_are_refused(risk_dir):
    (risk_dir / "riskmetod.yaml").unlink()
    assert data_errors(risk_dir) == ['data/risker.yaml, rad 117, risk "vor-behorighet-2026", fält "sannolikhet": '
                                 "sannolikhet och konsekvens kräver data/riskmetod.yaml"]


def test_routine_page_renders_fixture_method_in_a_real_build(tmp_path):
    # The real project's risks are scored on its own 4 × 4 method, so the page must follow a change to that
    # method: step 3 renamed, its row 3, 6, 9, 12 is låg, medel, hög, mycket hög under the real levels.
    project = copy_project(tmp_path / "projekt")
    replace_in(project / "data" / "riskmetod.yaml", "    namn: Sannolik\n", "    namn: Väntas varje år\n")
    result = build(project)
    assert result.returncode == 0, result.output
    html = result.html("rutiner/riskhantering/index.html")
    assert "<td>3 Väntas varje år</td><td>låg</td><td>medel</td><td>hög</td><td>mycket hög</td>" in html
    assert "<caption>Riskmatris: risknivå = sannolikhet × konsekvens</caption>" in html
    # The register itself is restricted (issue 30): it stands on Uppföljning, not on the routine for everyone.
    assert "Riskregister 2026:" not in html
    dashboard = result.html("uppfoljning/index.html")
    assert "Riskregister 2026:" in dashboard and "Risker som inte är omprövade 2026:" in dashboard
