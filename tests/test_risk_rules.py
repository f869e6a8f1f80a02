"""The risk method's own rules on fixture data: what a current risk must record, who may accept it,
the consequence override, risks that wait for a decision, and risks that were not reassessed.

The fixture is the 3 × 3 method of tests/fixtures/riskmetod with the rules switched on: the method
applies from 2026, consequence 3 (Svår) may only be accepted by the nämnd, and "mycket hög" is the
nämnd's whatever the residual level and needs an action started at once. Three 2026 risks follow the
fixture's ten 2025 risks: one scored and accepted, one "mycket hög" still waiting for the nämnd, and one
closed by a decision.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros import riskmethod as rm
from macros.loader import Handbook, load_handbook
from tests.build_helpers import build
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES, fixture_project

METHOD_FIXTURE = FIXTURES / "riskmetod" / "riskmetod.yaml"

# Appended to the fixture's risker.yaml (105 lines): the first entry starts on line 106.
RISKS_2026 = """  - id: vor-behorighet-2026
    år: 2026
    källa: VoR
    process: Behörighetshantering
    risk: För breda behörigheter.
    sannolikhet: 3
    konsekvens: 2
    nivå: hög
    behandling: Egenkontroller.
    kvarvarande_nivå: medel
    accepterad_av: chef
    accepterad: 2026-11-20
    beslut: EX-1
    i_ikp: ja
    ursprung: test
    åtgärder: [a25-egenkontroll]
    ägare: objektagare
    system: [alfa]
    kontroller: [A.5.15]
  - id: rsa-pilot-2026
    år: 2026
    källa: RSA
    process: Pilot
    risk: En pilot utan avtal.
    sannolikhet: 3
    konsekvens: 3
    nivå: mycket hög
    behandling: Pausa piloten.
    kvarvarande_nivå: medel
    i_ikp: nej
    ursprung: test
    åtgärder: [a25-egenkontroll-uppfoljning]
    ägare: forvaltningsledning
    tillgångar: Samtal i socialtjänsten
    kontroller: [A.5.20]
  - id: vor-lokal-anvisning-2026
    år: 2026
    källa: VoR
    process: Implementering av lokal anvisning
    risk: Oklart ansvar.
    nivå: medel
    behandling: Översyn.
    i_ikp: nej
    ursprung: test
    åtgärder: [a26-lta]
    avslutad:
      datum: 2026-11-20
      beslut: EX-1
      motivering: Hanteras i en annan risk.
"""


def _switch_rules_on(method: Path) -> None:
    replace_in(method, "sannolikhet:\n", "gäller_från: 2026\nsannolikhet:\n")
    replace_in(method, "{värde: 3, namn: Svår, beskrivning: Skadar enskilda}",
               "{värde: 3, namn: Svår, beskrivning: Skadar enskilda, accepteras_av: namnd}")
    replace_in(method, "Nämnden beslutar, accepteras_av: namnd}",
               "Nämnden beslutar, accepteras_av: namnd, gäller_före_behandling: ja, åtgärder_genast: ja}")


@pytest.fixture
def rules_dir(data_dir: Path) -> Path:
    shutil.copy(METHOD_FIXTURE, data_dir / "riskmetod.yaml")
    _switch_rules_on(data_dir / "riskmetod.yaml")
    with (data_dir / "risker.yaml").open("a", encoding="utf-8") as handle:
        handle.write(RISKS_2026)
    return data_dir


@pytest.fixture
def rules_hb(rules_dir: Path) -> Handbook:
    return load_handbook(rules_dir)


CURRENT = "risken är bedömd 2026, och riskmetoden gäller från 2026: "


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("risker.yaml", "    sannolikhet: 3\n    konsekvens: 2\n", "",
     f'data/risker.yaml, rad 106, risk "vor-behorighet-2026": {CURRENT}ange sannolikhet och konsekvens'),
    ("risker.yaml", "    kvarvarande_nivå: medel\n    i_ikp: nej\n", "    i_ikp: nej\n",
     f'data/risker.yaml, rad 125, risk "rsa-pilot-2026": {CURRENT}ange kvarvarande_nivå '
     "(nivån när behandlingen är genomförd)"),
    ("risker.yaml", "    ägare: forvaltningsledning\n", "",
     f'data/risker.yaml, rad 125, risk "rsa-pilot-2026": {CURRENT}ange ägare (roll-id)'),
    ("risker.yaml", "    kontroller: [A.5.20]\n", "",
     f'data/risker.yaml, rad 125, risk "rsa-pilot-2026": {CURRENT}ange kontroller (kontrollerna i bilaga A '
     "som behandlar risken, till exempel A.5.15)"),
    ("risker.yaml", "    tillgångar: Samtal i socialtjänsten\n", "",
     f'data/risker.yaml, rad 125, risk "rsa-pilot-2026": {CURRENT}ange system (id i data/system.yaml) '
     "eller tillgångar (det risken gäller)"),
    ("risker.yaml", "    accepterad: 2026-11-20\n", "",
     'data/risker.yaml, rad 116, risk "vor-behorighet-2026", fält "accepterad_av": en accepterad risk ska ange '
     "accepterad (dagen för beslutet) och beslut (diarienummer eller protokoll)"),
    ("risker.yaml", "    sannolikhet: 3\n    konsekvens: 2\n    nivå: hög\n",
     "    sannolikhet: 1\n    konsekvens: 3\n    nivå: medel\n",
     'data/risker.yaml, rad 116, risk "vor-behorighet-2026", fält "accepterad_av": konsekvens 3 (Svår) får bara '
     'accepteras av rollen "namnd" enligt data/riskmetod.yaml, vilken nivå risken än har'),
    ("risker.yaml", "    kvarvarande_nivå: medel\n    i_ikp: nej\n",
     "    kvarvarande_nivå: medel\n    accepterad_av: chef\n    accepterad: 2026-11-20\n    beslut: EX-2\n"
     "    i_ikp: nej\n",
     'data/risker.yaml, rad 135, risk "rsa-pilot-2026", fält "accepterad_av": nivån "mycket hög" får bara '
     'accepteras av rollen "namnd" enligt data/riskmetod.yaml, även när behandlingen sänker den kvarvarande risken'),
    ("risker.yaml", "    system: [alfa]\n", "    system: [omega]\n",
     'data/risker.yaml, rad 123, risk "vor-behorighet-2026", fält "system[1]": okänt system "omega"; '
     "system finns i data/system.yaml"),
    ("risker.yaml", "    åtgärder: [a25-egenkontroll-uppfoljning]\n", "    åtgärder: []\n",
     'data/risker.yaml, rad 137, risk "rsa-pilot-2026", fält "åtgärder": en risk utan åtgärder ska vara '
     "accepterad (accepterad_av, accepterad och beslut) eller avslutad"),
    ("riskmetod.yaml", "{värde: 2, namn: Kännbar,", "{värde: 2, namn: Måttlig,",
     'data/riskmetod.yaml, rad 9, steg "2", fält "namn": "Måttlig" är nivå 1 (Måttlig skada) i klassningsskalan '
     "KLASSA (SKR) men steg 2 här; samma ord får inte betyda olika steg. Välj ett annat namn."),
    ("riskmetod.yaml", "{värde: 2, namn: Kännbar, beskrivning: Stör arbetet}",
     "{värde: 2, namn: Kännbar, beskrivning: Stör arbetet, klassning: 7}",
     'data/riskmetod.yaml, rad 9, steg "2", fält "klassning": nivån 7 finns inte i skalan KLASSA (SKR). '
     "Tillåtna värden: 0, 1, 2, 3, 4."),
])
def test_each_broken_current_risk_or_method_gives_its_swedish_error(rules_dir, file, old, new, expected):
    replace_in(rules_dir / file, old, new)
    errors = data_errors(rules_dir)
    assert errors == [expected]


def test_a_closed_risk_needs_no_score_and_the_rules_pass_on_the_fixture(rules_hb):
    closed = next(r for r in rules_hb.risks if r.id == "vor-lokal-anvisning-2026")
    assert closed.closed is not None and closed.likelihood is None


def test_before_the_method_applies_a_risk_needs_no_score(rules_dir):
    replace_in(rules_dir / "riskmetod.yaml", "gäller_från: 2026\n", "gäller_från: 2027\n")
    replace_in(rules_dir / "risker.yaml", "    sannolikhet: 3\n    konsekvens: 2\n", "")
    load_handbook(rules_dir)  # no error: the method applies from 2027


def test_the_mycket_hog_risk_waits_for_the_namnd_and_the_accepted_one_does_not(rules_hb):
    waiting = rm.awaiting_decision(rules_hb, AS_OF)
    assert [(r.id, role) for r, role in waiting] == [("rsa-pilot-2026", "namnd")]


def test_the_consequence_override_decides_who_must_accept(rules_dir):
    replace_in(rules_dir / "risker.yaml", "    sannolikhet: 3\n    konsekvens: 2\n    nivå: hög\n",
               "    sannolikhet: 1\n    konsekvens: 3\n    nivå: medel\n")
    replace_in(rules_dir / "risker.yaml", "    accepterad_av: chef\n    accepterad: 2026-11-20\n    beslut: EX-1\n", "")
    hb = load_handbook(rules_dir)
    assert [(r.id, role) for r, role in rm.awaiting_decision(hb, AS_OF)] == [
        ("rsa-pilot-2026", "namnd"), ("vor-behorighet-2026", "namnd")]


def test_a_level_that_needs_action_at_once_without_a_started_action_is_a_gap(rules_dir):
    hb = load_handbook(rules_dir)
    assert [r.id for r in rm.actions_not_started(hb, AS_OF)] == ["rsa-pilot-2026"]
    replace_in(rules_dir / "risker.yaml", "    åtgärder: [a25-egenkontroll-uppfoljning]\n",
               "    åtgärder: [a25-egenkontroll-uppfoljning, a26-nis2]\n")  # a26-nis2 started 2026-01-15
    assert rm.actions_not_started(load_handbook(rules_dir), AS_OF) == []


def test_a_risk_not_reassessed_stays_until_it_is_reassessed_or_closed(rules_hb):
    # Ten 2025 risks; Behörighetshantering is reassessed and Implementering av lokal anvisning closed in 2026.
    stale = rm.not_reassessed(rules_hb, AS_OF)
    assert len(stale) == 8
    assert {"Behörighetshantering", "Implementering av lokal anvisning"}.isdisjoint(r.process for r in stale)
    # The next year the closed risk stays closed; the 2026 assessments and the eight 2025 ones are due.
    assert len(rm.not_reassessed(rules_hb, AS_OF.replace(year=2027))) == 10


def test_the_review_of_the_year_shows_every_open_risk_with_its_reassessment(rules_hb):
    rows = rm.review_risks(rules_hb, 2026)
    states = {r.id: state for r, state in rows}
    assert states["vor-behorighet-2026"] == "omprövad 2026"
    assert states["rsa-pilot-2026"] == "ny 2026"
    assert states["vor-lokal-anvisning-2026"] == "avslutad 2026-11-20 (EX-1)"
    assert states["gdpr-kunskap"] == "ej omprövad (senast bedömd 2025)"
    assert len(rows) == 11


def test_the_dashboard_and_the_review_show_the_gaps_in_a_real_build(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    data = project / "data"
    shutil.copy(METHOD_FIXTURE, data / "riskmetod.yaml")
    _switch_rules_on(data / "riskmetod.yaml")
    with (data / "risker.yaml").open("a", encoding="utf-8") as handle:
        handle.write(RISKS_2026)
    review = project / "docs" / "ledningens-genomgang" / "2026.md"
    review.write_text("---\ntitle: Ledningens genomgång 2026\nutgåva: lis\n---\n\n# Ledningens genomgång 2026\n\n"
                      "{{ lg_risker(2026) }}\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    dashboard = result.html("uppfoljning/index.html")
    assert "Risker 2026 som väntar på beslut: 1 – beräknat per 2026-11-28" in dashboard
    assert "<td>Pilot</td><td>En pilot utan avtal.</td><td>mycket hög</td>" in dashboard
    assert "inte accepterad; väntar på beslut av Stadsdelsnämnden" in dashboard
    assert "Risker där en åtgärd ska ha påbörjats genast: 1 – beräknat per 2026-11-28" in dashboard
    page = result.html("ledningens-genomgang/2026/index.html")
    assert page.count("<td>ej omprövad (senast bedömd 2025)</td>") == 8
    assert "<td>avslutad 2026-11-20 (EX-1)</td>" in page
