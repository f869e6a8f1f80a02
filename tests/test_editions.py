"""Adopted editions against the text in force: what counts as a change, where it is, and the adopted reviews."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.editions import changed_lines, governed_text, line_ranges, review_issues
from macros.ledger import load_ledger
from macros.loader import load_handbook
from macros.project import load_project
from tests.archive_fixture import adopt_page
from tests.conftest import FIXTURE_DATA, replace_in
from tests.fixture_project import FIXTURES


@pytest.mark.parametrize(("lines", "shown"), [([7], "7"), ([3, 4, 5], "3–5"), ([3, 4, 9], "3–4 och 9"),
                                              ([1, 3, 5, 6], "1, 3 och 5–6")])
def test_line_ranges_read_as_swedish(lines, shown):
    assert line_ranges(lines) == shown


def test_changed_lines_are_the_lines_of_the_current_text():
    before = ["a", "b", "c", "d"]
    assert changed_lines(before, ["a", "B", "c", "d"], 10) == [11]
    assert changed_lines(before, ["a", "b", "x", "y", "c", "d"], 10) == [12, 13]
    assert changed_lines(before, ["a", "d"], 10) == [11]  # two lines gone: the line after them is named
    assert changed_lines(before, before, 10) == []


def test_only_the_title_and_body_are_governed():
    page = "---\ntitle: Rutin\nstyrdokument:\n  version: \"1.0\"\n---\n\n# Rutin\n\nText.   \n\n\n"
    assert governed_text(page) == ("Rutin", 2, ["", "# Rutin", "", "Text."], 6)
    other_front = page.replace('version: "1.0"', 'version: "1.1"\n  nästa_granskning: 2027-01-01')
    assert governed_text(other_front)[2] == governed_text(page)[2]  # front matter is not the decided text


# --- An adopted register document: its data file is part of it ------------------------------------------


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A fixture project whose risk method (a page and data/riskmetod.yaml) is adopted."""
    root = tmp_path
    shutil.copytree(FIXTURE_DATA, root / "data")
    shutil.copy(FIXTURES / "riskmetod" / "riskmetod.yaml", root / "data" / "riskmetod.yaml")
    shutil.copytree(FIXTURES / "utskrift" / "docs", root / "docs")
    page = root / "docs" / "styrande" / "riskmetod.md"
    page.write_text('---\ntitle: Riskmetod\nstyrdokument:\n  typ: register\n  ägare: samordnare\n  version: "1.0"\n'
                    "  nästa_granskning: 2027-06-01\n  nis2: [a]\n  datafiler: [riskmetod.yaml]\n"
                    '  ändringar:\n    - version: "1.0"\n      datum: 2026-06-01\n      typ: saklig\n'
                    "      beskrivning: Metoden.\n---\n\n# Riskmetod\n\nText.\n", encoding="utf-8")
    adopt_page(root / "docs", "styrande/riskmetod.md", "1.0", "forvaltningsledning", "2026-06-01", "FAR 2026/20",
               data_files=("riskmetod.yaml",))
    return root


def _problems(root: Path) -> list[str]:
    from macros.errors import DataError

    try:
        load_project(root)
    except DataError as err:
        return [str(i) for i in err.issues]
    return []


def test_a_change_to_the_data_file_of_an_adopted_register_needs_a_note(register):
    assert _problems(register) == []
    data = register / "data" / "riskmetod.yaml"
    text = data.read_text(encoding="utf-8")
    line = text[:text.index("namn: Mellan")].count("\n") + 1
    replace_in(data, "namn: Mellan", "namn: Ganska mellan")
    assert _problems(register) == [
        f"data/riskmetod.yaml, rad {line}: skiljer sig från den fastställda utgåvan (version 1.0, fastställd "
        "2026-06-01, i docs/arkiv/styrande/riskmetod/1.0/), men ingen ändring är antecknad efter den. Lägg till "
        "en ändring överst under styrdokument: ändringar: med ny version, datum, typ (redaktionell eller saklig) och "
        "beskrivning, eller återställ texten."]


def test_a_data_file_dropped_from_an_adopted_register_is_named(register):
    replace_in(register / "docs" / "styrande" / "riskmetod.md", "  datafiler: [riskmetod.yaml]\n", "")
    assert _problems(register) == [
        "data/riskmetod.yaml: filen hörde till den fastställda utgåvan men står inte längre under datafiler: skiljer "
        "sig från den fastställda utgåvan (version 1.0, fastställd 2026-06-01, i docs/arkiv/styrande/riskmetod/1.0/), "
        "men ingen ändring är antecknad efter den. Lägg till en ändring överst under styrdokument: ändringar: med ny "
        "version, datum, typ (redaktionell eller saklig) och beskrivning, eller återställ texten."]


# --- An adopted management review: its text and action plan are a record ---------------------------------


@pytest.fixture
def review(tmp_path: Path) -> Path:
    """The fixture's review of 2025 (adopted 2026-01-27, FAR 2026/14) archived with its action plan."""
    root = tmp_path
    shutil.copytree(FIXTURE_DATA, root / "data")
    shutil.copytree(FIXTURES / "utskrift" / "docs", root / "docs")
    adopt_page(root / "docs", "ledningens-genomgang/2025.md", None, "namnd", "2026-01-27", "FAR 2026/14")
    return root


def _review_problems(root: Path) -> list[str]:
    hb = load_handbook(root / "data")
    return [str(i) for i in review_issues(hb, load_ledger(root / "docs"), root / "docs", root / "data")]


def test_an_adopted_review_is_whole(review):
    assert _review_problems(review) == []
    assert _problems(review) == []


def test_the_text_of_an_adopted_review_does_not_change(review):
    page = review / "docs" / "ledningens-genomgang" / "2025.md"
    replace_in(page, "## Sammanfattning\n", "## Sammanfattning\n\nEn mening som lades till senare.\n")
    assert _review_problems(review) == [
        "docs/ledningens-genomgang/2025.md, rad 11–12: ledningens genomgång 2025 är fastställd (2026-01-27) och är en "
        "handling som inte ändras. Återställ texten från den arkiverade utgåvan i "
        "docs/arkiv/ledningens-genomgang/2025/; nya uppgifter hör hemma i nästa genomgång."]


def test_an_action_added_later_with_the_adopted_year_is_refused(review):
    """Issue 24: an action added in November with genomgång: 2025 is not part of the plan decided in January."""
    atgarder = review / "data" / "atgarder.yaml"
    replace_in(atgarder, "  - id: a26-lta\n", "  - id: a26-ny\n    år: 2026\n    område: Utbildning\n"
               "    åtgärd: Utbilda nämnden.\n    ansvarig: samordnare\n    senast: 2026-12-31\n"
               "    källa: ledningens genomgång\n    genomgång: 2025\n  - id: a26-lta\n")
    assert _review_problems(review) == [
        'data/atgarder.yaml, rad 75, åtgärd "a26-ny", fält "genomgång": åtgärden har genomgång: 2025 men fanns inte '
        "i handlingsplanen som nämnden fastställde 2026-01-27 (docs/arkiv/ledningens-genomgang/2025/"
        "handlingsplan.yaml). En ny åtgärd hör till den genomgång som beslutar den; ändra genomgång till det året."]
    replace_in(atgarder, "    genomgång: 2025\n  - id: a26-lta\n", "    genomgång: 2026\n  - id: a26-lta\n")
    assert _review_problems(review) == []


def test_a_decided_action_cannot_be_reworded_moved_or_dropped(review):
    atgarder = review / "data" / "atgarder.yaml"
    replace_in(atgarder, "    senast: 2026-12-31\n    påbörjad: 2026-01-15\n",
               "    senast: 2027-06-30\n    påbörjad: 2026-01-15\n")
    replace_in(atgarder, "  - id: a26-utb-ledning\n", "  - id: a26-utb-ledning-ny\n")
    assert _review_problems(review) == [
        'data/atgarder.yaml, rad 64, åtgärd "a26-nis2", fält "senast": ändrad efter att handlingsplanen fastställdes '
        '(då: "2026-12-31"). En fastställd handlingsplan ändras inte; återställ värdet, eller låt nästa genomgång '
        "besluta en ny åtgärd.",
        'data/atgarder.yaml, rad 87, åtgärd "a26-utb-ledning-ny", fält "genomgång": åtgärden har genomgång: 2025 men fanns '
        "inte i handlingsplanen som nämnden fastställde 2026-01-27 (docs/arkiv/ledningens-genomgang/2025/"
        "handlingsplan.yaml). En ny åtgärd hör till den genomgång som beslutar den; ändra genomgång till det året.",
        'data/atgarder.yaml, åtgärd "a26-utb-ledning", fält "genomgång": åtgärden ingick i handlingsplanen som nämnden '
        "fastställde 2026-01-27 (docs/arkiv/ledningens-genomgang/2025/handlingsplan.yaml), men finns inte längre med "
        "genomgång: 2025. En fastställd handlingsplan ändras inte; återställ åtgärden."]


def test_the_decision_in_the_data_must_be_the_archived_one(review):
    replace_in(review / "data" / "genomgangar.yaml", "    diarienummer: FAR 2026/14\n", "    diarienummer: FAR 2026/15\n")
    assert _review_problems(review) == [
        'data/genomgangar.yaml, genomgång "2025", fält "fastställd": beslutet stämmer inte med den arkiverade '
        "utgåvan; arkivets liggare (fastställelse 7) säger fastställd 2026-01-27, diarienummer FAR 2026/14"]
