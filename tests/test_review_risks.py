"""Review input f (ISO/IEC 27001 9.3 f) reads the risk method: owner, scored level, residual level, acceptance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros import review_views as lg
from macros.loader import Handbook, load_handbook
from tests.build_helpers import build
from tests.conftest import AS_OF, replace_in
from tests.fixture_project import FIXTURES, fixture_project

METHOD_FIXTURE = FIXTURES / "riskmetod" / "riskmetod.yaml"
# Fixture method: 3 × 3 = 9 is "mycket hög"; "medel" may be accepted by chef, "hög" by forvaltningsledning.
SCORED = """    åtgärder: [a25-behorighet-rutin, a25-egenkontroll, a25-egenkontroll-uppfoljning]
    ägare: objektagare
    sannolikhet: 3
    konsekvens: 3
    kvarvarande_nivå: medel
    accepterad_av: chef
    accepterad: 2026-11-20
    beslut: EX-1
"""
UNACCEPTED = """  - id: vor-lokal-2026
    år: 2026
    källa: VoR
    process: Lokal anvisning
    risk: Ansvaret är otydligt.
    nivå: hög
    behandling: Översyn.
    i_ikp: nej
    ursprung: test
    åtgärder: [a26-nis2]
    ägare: samordnare
    kvarvarande_nivå: hög
"""
SCORED_2026 = SCORED.replace("    åtgärder: [a25-behorighet-rutin, a25-egenkontroll, a25-egenkontroll-uppfoljning]\n",
                             "    åtgärder: [a25-egenkontroll]\n")
RISK_2026 = """  - id: vor-behorighet-2026
    år: 2026
    källa: VoR
    process: Behörighetshantering
    risk: För breda behörigheter.
    nivå: mycket hög
    behandling: Egenkontroller.
    i_ikp: ja
    ursprung: test
""" + SCORED_2026


@pytest.fixture
def method_hb(data_dir: Path) -> Handbook:
    shutil.copy(METHOD_FIXTURE, data_dir / "riskmetod.yaml")
    with (data_dir / "risker.yaml").open("a", encoding="utf-8") as handle:
        handle.write(RISK_2026 + UNACCEPTED)
    return load_handbook(data_dir)


def _rows(html: str) -> list[str]:
    return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


def test_with_the_method_each_risk_shows_owner_score_residual_and_acceptance(method_hb):
    html = lg.risks(method_hb, 2026, AS_OF)
    assert ("<th scope=\"col\">Ägare</th><th scope=\"col\">Nivå (sannolikhet × konsekvens)</th>") in html
    assert ('<th scope="col">Kvarvarande nivå</th><th scope="col">Acceptans</th>'
            '<th scope="col">Omprövning</th>') in html
    rows = _rows(html)
    scored, unaccepted, stale = rows[0], rows[1], rows[2:]
    assert scored.startswith("<td>Behörighetshantering</td><td>För breda behörigheter.</td>"
                             "<td>Objektägare/systemägare</td><td>mycket hög (3 × 3 = 9)</td><td>ja</td>")
    assert ("<td>medel</td><td>accepterad av Chef 2026-11-20 (EX-1)</td><td>omprövad 2026</td>"
            "<td>VoR 2026</td><td>test</td>") in scored
    assert unaccepted.startswith("<td>Lokal anvisning</td><td>Ansvaret är otydligt.</td>"
                                 "<td>Informationssäkerhetssamordnare</td><td>hög (inte poängsatt)</td>")
    assert ("<td>hög</td><td>inte accepterad; väntar på beslut av Förvaltningsledningen</td><td>ny 2026</td>"
            in unaccepted)
    # The fixture's nine other 2025 risks were not reassessed: they stay in the review as "ej omprövad".
    assert len(stale) == 9 and all("<td>ej omprövad (senast bedömd 2025)</td>" in r for r in stale)
    assert ("<caption>Risker 2026 och status för riskbehandlingen (3 genomförd, 6 försenad, 2 pågår, "
            "9 ej omprövade) (exempeldata) – beräknat per 2026-11-28</caption>") in html


def test_without_the_method_the_table_keeps_its_earlier_columns(handbook):
    html = lg.risks(handbook, 2025, AS_OF)
    assert "Ägare" not in html and "Acceptans" not in html
    assert '<th scope="col">Process</th><th scope="col">Risk</th><th scope="col">Nivå</th>' in html


def test_review_page_shows_the_method_in_a_real_build(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    shutil.copy(METHOD_FIXTURE, project / "data" / "riskmetod.yaml")
    replace_in(project / "data" / "risker.yaml",
               "    åtgärder: [a25-behorighet-rutin, a25-egenkontroll, a25-egenkontroll-uppfoljning]\n", SCORED)
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.html("ledningens-genomgang/2025/index.html")
    assert "<td>Objektägare/systemägare</td><td>mycket hög (3 × 3 = 9)</td>" in page
    assert "<td>medel</td><td>accepterad av Chef 2026-11-20 (EX-1)</td><td>ny 2025</td>" in page
