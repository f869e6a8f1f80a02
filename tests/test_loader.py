"""Every validation rule: one broken field in known data, the exact Swedish message."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.errors import DataError
from macros.loader import load_handbook
from macros.registers import data_files
from tests.conftest import replace_in


def errors_for(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir)
    return [str(issue) for issue in caught.value.issues]


def test_fixture_data_is_valid(handbook):
    assert [s.id for s in handbook.systems] == ["alfa", "beta", "gamma", "delta", "epsilon", "zeta"]


CASES = [
    pytest.param(
        "system.yaml", "      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns",
        "      K: 9\n      R: 2\n      T: 2\n    pub_avtal: finns",
        'data/system.yaml, rad 15, system "alfa", fält "klassning.K": nivån 9 finns inte i skalan '
        "KLASSA (SKR). Tillåtna värden: 0, 1, 2, 3, 4.",
        id="level-outside-scale"),
    pytest.param(
        "system.yaml", "klassningsprotokoll: 2026-02-01", "klassningsprotokoll: 2026-13-45",
        'data/system.yaml, rad 12, system "alfa", fält "klassningsprotokoll": 2026-13-45 är inget '
        "giltigt datum (finns den månaden och dagen?)",
        id="impossible-date"),
    pytest.param(
        "system.yaml", "klassningsprotokoll: 2026-02-01", "klassningsprotokoll: 1 februari",
        'data/system.yaml, rad 12, system "alfa", fält "klassningsprotokoll": "1 februari" är inget '
        "datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-11-28",
        id="date-not-iso"),
    pytest.param(
        "system.yaml", "    leverantör: Alfa AB", "    leverantor: Alfa AB",
        'data/system.yaml, rad 8, system "alfa", fält "leverantor": okänt fält. Menade du '
        '"leverantör"? Tillåtna fält: id, namn, syfte, förvaltningsobjekt, systemägare, leverantör, '
        "stadsgemensamt, personuppgifter, samhällsviktig, i_drift_sedan, avvecklat, klassningsprotokoll, "
        "klassning, uppföljd, pub_avtal, pub_avtal_undertecknat, pub_avtal_referens, konsekvensbedömning.",
        id="unknown-key-typo"),
    pytest.param(
        "system.yaml", "  - id: beta", "  - id: alfa",
        'data/system.yaml, rad 25, system "alfa", fält "id": id "alfa" används redan av en tidigare '
        "post; varje post måste ha ett eget",
        id="duplicate-id"),
    pytest.param(
        "system.yaml", "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: aldreomsorgen",
        'data/system.yaml, rad 28, system "beta", fält "förvaltningsobjekt": okänt förvaltningsobjekt '
        '"aldreomsorgen". Kända: administration, aldreomsorg, ekonomi, individ-och-familj, personal, '
        "stadsmiljo, stod-och-service.",
        id="unknown-reference"),
    pytest.param(
        "system.yaml", "    personuppgifter: känsliga", "    personuppgifter: mycket",
        'data/system.yaml, rad 10, system "alfa", fält "personuppgifter": "mycket" är inte ett '
        "tillåtet värde. Tillåtna värden: inga, vanliga, känsliga.",
        id="enum-value"),
    pytest.param(
        "system.yaml", "      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns",
        "      K: hög\n      R: 2\n      T: 2\n    pub_avtal: finns",
        'data/system.yaml, rad 15, system "alfa", fält "klassning.K": "hög" ska vara ett heltal',
        id="wrong-type"),
    pytest.param(
        "system.yaml", "    samhällsviktig: ja\n    klassningsprotokoll: 2026-02-01",
        "    samhällsviktig: kanske\n    klassningsprotokoll: 2026-02-01",
        'data/system.yaml, rad 11, system "alfa", fält "samhällsviktig": "kanske" går inte att tolka; skriv ja '
        "eller nej",
        id="ja-nej"),
    pytest.param(
        "system.yaml", "    syfte: Klassad 2026, uppföljning inte förfallen.\n", "",
        'data/system.yaml, rad 3, system "alfa", fält "syfte": fältet saknas men måste finnas',
        id="missing-field"),
    pytest.param(
        "system.yaml", "  - id: beta", "  - id: Beta System",
        'data/system.yaml, rad 25, system "Beta System", fält "id": "Beta System" är inget giltigt '
        "id; använd små bokstäver a–z, siffror och bindestreck, till exempel beta-system",
        id="bad-id"),
    pytest.param(
        "system.yaml", "    uppföljd: 2025-12-01", "    uppföljd: 2025-01-01",
        'data/system.yaml, rad 57, system "gamma", fält "uppföljd": uppföljningen (2025-01-01) ligger '
        "före klassningen (2025-03-01); en klassning kan inte följas upp innan den finns",
        id="follow-up-before-classification"),
    pytest.param(
        "system.yaml", "      K: 3\n      R: 2\n", "      R: 2\n",
        'data/system.yaml, rad 13, system "alfa", fält "klassning": nivå för K (Konfidentialitet) saknas',
        id="required-aspect-missing"),
    pytest.param(
        "system.yaml", "      krävs: ja\n      status: klar\n", "      krävs: ja\n",
        'data/system.yaml, rad 21, system "alfa", fält "konsekvensbedömning": när konsekvensbedömning '
        "krävs ska status anges: ej påbörjad, pågår eller klar",
        id="dpia-status-required"),
    pytest.param(
        "system.yaml", "    avvecklat: 2026-01-31", "    avvecklat: 2026-01-31\n    i_drift_sedan: 2026-02-01",
        'data/system.yaml, rad 101, system "zeta", fält "avvecklat": avvecklingen ligger före driftstarten',
        id="retired-before-start"),
    pytest.param(
        "system.yaml", "    namn: Alfa\n", "    namn: Alfa\n    namn: Alfa igen\n",
        'data/system.yaml, rad 5: fältet "namn" förekommer två gånger; ta bort eller slå ihop det ena',
        id="duplicate-key"),
    pytest.param(
        "system.yaml", "    syfte: Klassad 2026, uppföljning inte förfallen.",
        "  syfte: Klassad 2026, uppföljning inte förfallen.",
        "data/system.yaml, rad 5: fel indrag i en lista (did not find expected '-' indicator)",
        id="bad-indentation"),
    pytest.param(
        "system.yaml", "    namn: Alfa\n", "\tnamn: Alfa\n",
        "data/system.yaml, rad 4: tabbtecken är inte tillåtna för indrag, använd mellanslag "
        "(found a tab character that violates indentation)",
        id="tab-indentation"),
    pytest.param(
        "system.yaml", "    namn: Alfa\n", '    namn: "Alfa\\udcff"\n',
        "data/system.yaml, rad 4: en \\u-kod inom citattecken är ogiltig (till exempel en halv UTF-16-kod som "
        "\\udcff); ta bort den eller skriv tecknet självt (found invalid Unicode character escape code)",
        id="surrogate-escape"),
    pytest.param(
        "organisation.yaml", "    mottagare: slk-sakerhet\n    myndighet: mcf-csirt\n    regelverk: Cybersäkerhetslagen "
        "(2025:1506)\n    anmäls_av: slk-sakerhet\n  - id: nis-incidentanmalan",
        "    mottagare: slk\n    myndighet: mcf-csirt\n    regelverk: Cybersäkerhetslagen "
        "(2025:1506)\n    anmäls_av: slk-sakerhet\n  - id: nis-incidentanmalan",
        'data/organisation.yaml, rad 74, frist "nis-tidig-varning", fält "mottagare": okänd roll "slk". '
        "Kända roller: chef, chef-i-beredskap, dataskyddsombud, forvaltningsledning, it-support, medarbetare, namnd, "
        "objektagare, objektledare, registrator, samordnare, slk-sakerhet.",
        id="unknown-role"),
    pytest.param(
        "organisation.yaml", "    timmar: 24\n", "    timmar: 24\n    månader: 1\n",
        'data/organisation.yaml, rad 69, frist "nis-tidig-varning": ange antingen timmar eller månader '
        "(exakt ett av dem)",
        id="deadline-unit"),
    pytest.param(
        "organisation.yaml", "    anmäls_av: namnd\n", "    anmäls_av: dataskyddsombud\n",
        'data/organisation.yaml, rad 102, frist "imy-anmalan", fält "anmäls_av": en personuppgiftsincident '
        'anmäls av den personuppgiftsansvariga ("namnd"), genom delegation. Dataskyddsombudet rådfrågas och '
        "anges i anmälan (art. 33.3 b och 39.1 e GDPR) men gör inte anmälan; skriv ombudet under rådfrågas.",
        id="imy-filed-by-the-dpo"),
    pytest.param(
        "organisation.yaml", "    myndighet: imy\n", "    myndighet: dataskyddsombud\n",
        'data/organisation.yaml, rad 103, frist "imy-anmalan", fält "myndighet": okänd myndighet '
        '"dataskyddsombud". Kända myndigheter i data/lagkrav.yaml: imy, mcf-csirt.',
        id="unknown-authority"),
    pytest.param(
        "lagkrav.yaml", "    lydelse: incidenthantering\n    bedömning: täckt\n    motivering: Rutinen täcker "
        "området.\n    bedömd: 2026-11-01\n    sidor: [rutiner/incidenthantering.md]\n",
        "    lydelse: incidenthantering\n    bedömning: täckt\n    motivering: Rutinen täcker "
        "området.\n    bedömd: 2026-11-01\n",
        'data/lagkrav.yaml, rad 72, punkt "2": täckt kräver belägg: ange minst en sida under sidor',
        id="nis2-covered-without-evidence"),
    pytest.param(
        "lagkrav.yaml", "    bedömning: saknas\n    motivering: Rutin saknas.\n",
        "    bedömning: saknas\n",
        'data/lagkrav.yaml, rad 79, punkt "3": en bedömning måste ha motivering och datum (bedömd)',
        id="nis2-judgement-without-reasoning"),
    pytest.param(
        "lagkrav.yaml", "    paragraf: 1 kap. 3 §\n", "",
        'data/lagkrav.yaml, rad 3, lagrum "csl-omfattning": en kontrollerad uppgift måste ange paragraf och '
        "kontrollerad_mot",
        id="checked-law-fact-without-section"),
    pytest.param(
        "risker.yaml", "    åtgärder: [a25-dpia]\n", "",
        'data/risker.yaml, rad 84, risk "gdpr-pub-avtal", fält "åtgärder": fältet saknas men måste finnas',
        id="treated-risk-without-action"),
    pytest.param(
        "atgarder.yaml", "    resultat: rutiner/incidenthantering.md\n", "",
        'data/atgarder.yaml, rad 154, åtgärd "a26-rutin-nis", fält "klar": en klar åtgärd inom Rutiner ska '
        "visa var resultatet finns: ange resultat (sidan under docs/)",
        id="done-routine-without-result"),
    pytest.param(
        "mal.yaml", "  - år: 2027\n    klassningar: 12", "  - år: 2027\n    klassningar: tolv",
        'data/mal.yaml, rad 8, årsmål "2027", fält "klassningar": "tolv" ska vara ett heltal',
        id="goal-not-number"),
    pytest.param(
        "klassningsskala.yaml", "  - värde: 4\n", "  - värde: 3\n",
        'data/klassningsskala.yaml, rad 14, nivå "3", fält "värde": värde "3" används redan av en '
        "tidigare post; varje post måste ha ett eget",
        id="duplicate-level"),
    pytest.param(
        "risker.yaml", "    åtgärder: [a25-dpia, a26-dpia-inventering]", "    åtgärder: [a25-dpia, a26-dpia]",
        'data/risker.yaml, rad 22, risk "vor-konsekvensbedomningar", fält "åtgärder[2]": okänd åtgärd '
        '"a26-dpia"; åtgärder finns i data/atgarder.yaml',
        id="unknown-action-reference"),
    pytest.param(
        "granskningar.yaml", "        åtgärder: [a25-dpia, a26-dpia-inventering]",
        "        åtgärder: [a25-dpia, a99]",
        'data/granskningar.yaml, rad 30, rekommendation "rev-2024-5", fält "åtgärder[2]": okänd åtgärd '
        '"a99"; åtgärder finns i data/atgarder.yaml',
        id="recommendation-action-reference"),
    pytest.param(
        "utbildning.yaml", "    genomfört: 9\n", "    genomfört: 10\n",
        'data/utbildning.yaml, rad 14, utbildning "2026, förvaltningsledning", fält "genomfört": 10 har genomfört men '
        "målgruppen är bara 9",
        id="training-more-than-headcount"),
    pytest.param(
        "genomgangar.yaml", "    beräknad_per: 2025-12-31\n", "",
        'data/genomgangar.yaml, rad 5, genomgång "2025": en fastställd genomgång måste ha beräknad_per (datum)',
        id="adopted-review-needs-date"),
    pytest.param(
        "atgarder.yaml", "    källa: ledningens genomgång\n    genomgång: 2025\n  - id: a26-lta",
        "    källa: ledningens genomgång\n  - id: a26-lta",
        'data/atgarder.yaml, rad 59, åtgärd "a26-nis2", fält "genomgång": ange året för den genomgång som '
        "beslutade åtgärden (källa: ledningens genomgång)",
        id="review-action-needs-year"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_broken_field_gives_exact_swedish_message(data_dir, file, old, new, expected):
    replace_in(data_dir / file, old, new)
    assert errors_for(data_dir) == [expected]


def test_all_errors_are_listed_not_only_the_first(data_dir):
    replace_in(data_dir / "system.yaml", "personuppgifter: känsliga", "personuppgifter: mycket")
    replace_in(data_dir / "mal.yaml", "klassningar: 12", "klassningar: -1", count=3)
    messages = errors_for(data_dir)
    assert len(messages) == 4
    assert messages[0].startswith('data/mal.yaml, rad 5, årsmål "2026", fält "klassningar": "-1" är för litet')


def test_missing_and_unknown_files_are_named(data_dir):
    (data_dir / "mal.yaml").rename(data_dir / "mål.yaml")
    assert errors_for(data_dir) == [
        "data/mal.yaml: filen saknas",
        # every file a register declares (macros/registers/), in alphabetical order
        f"data/mål.yaml: okänd datafil; kända filer är {', '.join(sorted(s.name for s in data_files()))}",
    ]
    assert "atgarder.yaml, behandlingar.yaml, bevarande.yaml, forvaltningsobjekt.yaml, genomgangar.yaml" in errors_for(data_dir)[1]


def test_report_is_swedish_and_lists_every_issue(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: beta", "  - id: alfa")
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir)
    report = caught.value.report().splitlines()
    assert report[0] == "Handbokens data innehåller 1 fel. Rätta det och bygg igen."
    assert report[1].startswith('  - data/system.yaml, rad 25, system "alfa"')
