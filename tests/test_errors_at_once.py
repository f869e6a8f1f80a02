"""Every mistake in the data is reported in one round, on the right line, in correct Swedish."""

from __future__ import annotations

import pytest

from macros.errors import DataError, DataIssue
from macros.loader import load_handbook
from macros.swedish import translate
from tests.conftest import replace_in

SYSTEM_KEYS = ("id, namn, syfte, förvaltningsobjekt, systemägare, leverantör, stadsgemensamt, personuppgifter, "
               "samhällsviktig, i_drift_sedan, avvecklat, klassningsprotokoll, klassning, uppföljd, pub_avtal, "
               "pub_avtal_undertecknat, pub_avtal_referens, konsekvensbedömning")
OBJECTS = "administration, aldreomsorg, ekonomi, individ-och-familj, personal, stadsmiljo, stod-och-service"


def errors_for(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir)
    return [str(issue) for issue in caught.value.issues]


def test_a_typo_two_wrong_levels_and_a_wrong_date_in_another_system_come_in_one_round(data_dir):
    systems = data_dir / "system.yaml"
    replace_in(systems, "    leverantör: Alfa AB\n", "    leverantor: Alfa AB\n")
    replace_in(systems, "      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns",
               "      K: 7\n      R: 9\n      T: 2\n    pub_avtal: finns")
    replace_in(systems, "klassningsprotokoll: 2024-01-10", "klassningsprotokoll: 2024-13-01")
    assert errors_for(data_dir) == [
        f'data/system.yaml, rad 8, system "alfa", fält "leverantor": okänt fält. Menade du "leverantör"? '
        f"Tillåtna fält: {SYSTEM_KEYS}.",
        'data/system.yaml, rad 15, system "alfa", fält "klassning.K": nivån 7 finns inte i skalan KLASSA (SKR). '
        "Tillåtna värden: 0, 1, 2, 3, 4.",
        'data/system.yaml, rad 16, system "alfa", fält "klassning.R": nivån 9 finns inte i skalan KLASSA (SKR). '
        "Tillåtna värden: 0, 1, 2, 3, 4.",
        'data/system.yaml, rad 33, system "beta", fält "klassningsprotokoll": 2024-13-01 är inget giltigt datum '
        "(finns den månaden och dagen?)",
    ]


def test_a_wrong_date_and_a_wrong_level_in_the_same_system_come_together(data_dir):
    systems = data_dir / "system.yaml"
    replace_in(systems, "klassningsprotokoll: 2026-02-01", "klassningsprotokoll: 2026-13-01")
    replace_in(systems, "      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns",
               "      K: 7\n      R: 2\n      T: 2\n    pub_avtal: finns")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 12, system "alfa", fält "klassningsprotokoll": 2026-13-01 är inget giltigt datum '
        "(finns den månaden och dagen?)",
        'data/system.yaml, rad 15, system "alfa", fält "klassning.K": nivån 7 finns inte i skalan KLASSA (SKR). '
        "Tillåtna värden: 0, 1, 2, 3, 4.",
    ]


def test_a_field_set_aside_is_not_judged_again_by_the_later_checks(data_dir):
    """A wrong DPIA status is one mistake, not also "status is required when krävs: ja"."""
    replace_in(data_dir / "system.yaml", "      status: klar\n", "      status: påbörjad\n", count=1)
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 23, system "alfa", fält "konsekvensbedömning.status": "påbörjad" är inte ett '
        "tillåtet värde. Tillåtna värden: ej påbörjad, pågår, klar.",
    ]


def test_an_entry_left_out_is_no_unknown_reference_and_other_checks_still_run(data_dir):
    """alfa's required field is wrong, so alfa cannot be checked; actions that name alfa are not blamed,
    and beta's level and another file's mistake are still found."""
    systems = data_dir / "system.yaml"
    replace_in(systems, "    personuppgifter: känsliga\n", "    personuppgifter: mycket\n", count=1)
    replace_in(systems, "      K: 2\n      R: 2\n      T: 1\n      S: 1", "      K: 8\n      R: 2\n      T: 1\n      S: 1")
    replace_in(data_dir / "mal.yaml", "klassningar: 12", "klassningar: -1", count=3)
    found = errors_for(data_dir)
    assert found[0].startswith('data/mal.yaml, rad 5, årsmål "2026", fält "klassningar": "-1" är för litet')
    assert found[-2:] == [
        'data/system.yaml, rad 10, system "alfa", fält "personuppgifter": "mycket" är inte ett tillåtet värde. '
        "Tillåtna värden: inga, vanliga, känsliga.",
        'data/system.yaml, rad 36, system "beta", fält "klassning.K": nivån 8 finns inte i skalan KLASSA (SKR). '
        "Tillåtna värden: 0, 1, 2, 3, 4.",
    ]
    assert not any('okänt system "alfa"' in message for message in found)


def test_a_field_still_saying_andra_does_not_hide_the_other_checks(data_dir):
    replace_in(data_dir / "system.yaml", "    syfte: Klassad 2026, uppföljning inte förfallen.\n", "    syfte: ÄNDRA\n")
    replace_in(data_dir / "system.yaml", "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: aldreomsorgen")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 5, system "alfa", fält "syfte": fältet är inte ifyllt; ersätt ÄNDRA med rätt uppgift',
        f'data/system.yaml, rad 28, system "beta", fält "förvaltningsobjekt": okänt förvaltningsobjekt '
        f'"aldreomsorgen". Kända: {OBJECTS}.',
    ]



def test_a_field_saying_andra_through_an_escape_is_still_unfilled(data_dir):
    # The loader walks the values for ÄNDRA only when the file spells it out or has an escape: this is the escape.
    replace_in(data_dir / "system.yaml", "    syfte: Klassad 2026, uppföljning inte förfallen.\n",
               '    syfte: "\\u00c4NDRA"\n')
    assert "ÄNDRA" not in (data_dir / "system.yaml").read_text(encoding="utf-8")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 5, system "alfa", fält "syfte": fältet är inte ifyllt; ersätt ÄNDRA med rätt uppgift',
    ]

# --- The right line, said as what it is -------------------------------------------------------------


def test_a_missing_space_after_a_colon_is_named_on_its_own_line(data_dir):
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", "    leverantör:Alfa AB\n")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 8: ett mellanslag saknas efter kolonet; skriv "leverantör: Alfa AB"',
    ]


def test_a_missing_space_in_the_last_field_of_an_entry_is_found_too(data_dir):
    replace_in(data_dir / "system.yaml", "      krävs: nej\n  - id: gamma", "      krävs:nej\n  - id: gamma")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 43, system "beta", fält "konsekvensbedömning": ett mellanslag saknas efter kolonet; '
        'skriv "krävs: nej"',
    ]


# --- Ids: the nearest id of the kind the field names -------------------------------------------------


def test_an_object_id_with_a_swedish_letter_suggests_the_object(data_dir):
    replace_in(data_dir / "system.yaml", "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: äldreomsorg")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 28, system "beta", fält "förvaltningsobjekt": "äldreomsorg" är inget giltigt id; '
        'använd små bokstäver a–z, siffror och bindestreck. Menade du "aldreomsorg"?',
    ]


def test_an_object_id_like_no_object_lists_the_objects(data_dir):
    replace_in(data_dir / "system.yaml", "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: Hemtjänst")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 28, system "beta", fält "förvaltningsobjekt": "Hemtjänst" är inget giltigt id; '
        f"använd små bokstäver a–z, siffror och bindestreck. Kända: {OBJECTS}.",
    ]


def test_a_new_id_of_its_own_gets_its_spelling_without_swedish_letters(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: beta", "  - id: Äldre Omsorg")
    assert errors_for(data_dir) == [
        'data/system.yaml, rad 25, system "Äldre Omsorg", fält "id": "Äldre Omsorg" är inget giltigt id; '
        "använd små bokstäver a–z, siffror och bindestreck, till exempel aldre-omsorg",
    ]


# --- Singular and plural ---------------------------------------------------------------------------


def test_one_error_is_it_and_two_are_them():
    one = DataError([DataIssue("data/x.yaml", 1, None, None, "a")])
    two = DataError([DataIssue("data/x.yaml", 1, None, None, "a"), DataIssue("data/x.yaml", 2, None, None, "b")])
    assert one.report().splitlines()[0] == "Handbokens data innehåller 1 fel. Rätta det och bygg igen."
    assert two.report().splitlines()[0] == "Handbokens data innehåller 2 fel. Rätta dem och bygg igen."


@pytest.mark.parametrize(("english", "swedish"), [
    ("Aborted with 1 warnings in strict mode!", "Bygget avbröts: 1 varning i strikt läge."),
    ("Aborted with 3 warnings in strict mode!", "Bygget avbröts: 3 varningar i strikt läge."),
])
def test_strict_mode_counts_warnings_in_correct_swedish(english, swedish):
    assert translate(english) == swedish


def test_days_and_unchecked_references_are_counted_in_correct_swedish(handbook):
    from datetime import date
    from types import SimpleNamespace

    from macros.law_views import law_facts
    from macros.registers.documents import review_state

    doc = SimpleNamespace(meta=SimpleNamespace(next_review=date(2026, 11, 27)))  # what review_state reads
    assert review_state(doc, date(2026, 11, 28)) == "försenad 1 dag"
    assert review_state(doc, date(2026, 11, 26)) == "inom 1 dag"
    assert "Lagrum som handboken bygger på, 5 varav 1 inte kontrollerat" in law_facts(handbook)
