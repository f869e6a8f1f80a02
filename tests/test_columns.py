"""Column specs (macros/columns.py, macros/registers.py): one declaration drives page table, export and import."""

from __future__ import annotations

import csv
import dataclasses
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import BaseModel

from macros import models as m
from macros import spreadsheet, views
from macros.columns import Column, Table, fact_sections, parse_int, parse_text, position
from macros.loader import Handbook
from macros.registers import systems as registers
from tests.conftest import AS_OF

INVENTORY_SRC = "uppfoljning/systemforteckning.md"

# The export's header rows, written out: a change to a register's columns must show up here on purpose.
SYSTEM_HEADERS = ("Id;Namn;Syfte;Förvaltningsobjekt;Systemägare;Leverantör;Stadsgemensamt;Personuppgifter;"
                  "Samhällsviktig;I drift sedan;Avvecklat;Klassningsprotokoll;Klassning datum;K;R;T;S;Uppföljd;"
                  "PUB-avtal;PUB-avtal undertecknat;PUB-avtal referens;Konsekvensbedömning krävs;"
                  "Konsekvensbedömning status;Konsekvensbedömning klar;Exempeldata")  # the fixture is example data
ACTION_HEADERS = ("Id;År;Område;Åtgärd;Ansvarig;Senast;Påbörjad;Klar;Källa;Genomgång;System;Resultat;"
                  "Status per 2026-11-28;Exempeldata")
SOA_HEADERS = ("Kontroll;Benämning;Tillämplig;Motivering;Status;Kommentar;Ärvd från;Eget ansvar;Ägare;Rutiner;Åtgärder;Punkter i 2 kap. 3 §;"
               "Granskad;Version;Beräknat per;Exempeldata")


def _page_headers(html: str) -> list[str]:
    return re.findall(r'<th scope="col">([^<]*)</th>', html)


def _body(html: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1))]


def test_inventory_page_shows_the_spec_columns_in_spec_order(handbook: Handbook) -> None:
    html = views.inventory(handbook, AS_OF, INVENTORY_SRC)
    assert _page_headers(html) == ["System", "Förvaltningsobjekt", "Stadsgemensamt", "Personuppgifter",
                                   "Samhällsviktig", "Klassningsprotokoll", "Klassning", "K", "R", "T", "S",
                                   "Nästa uppföljning", "PUB-avtal", "Konsekvensbedömning"]
    spec = [c.page or c.header for c in registers.SYSTEM_COLUMNS if c.page is not None]
    assert _page_headers(html) == spec


def test_inventory_rows_are_the_fixture_systems_in_swedish_order(handbook: Handbook) -> None:
    rows = _body(views.inventory(handbook, AS_OF, INVENTORY_SRC))
    assert [r[0] for r in rows] == ["Alfa", "Beta", "Delta", "Epsilon", "Gamma"]
    # Beta: classified 2024-05-02 with K2 R2 T1 S1, never followed up, so due 2025-05-02.
    assert rows[1] == ["Beta", "Äldreomsorg", "ja", "vanliga", "nej", "2024-01-10", "2024-05-02",
                       "2", "2", "1", "1", "2025-05-02", "ej aktuellt", "krävs inte"]


def test_level_columns_follow_the_scale(handbook: Handbook) -> None:
    """An aspect the scale does not have is not a page column, but stays in the export."""
    scale = handbook.scale.model_copy(update={"aspects": [a for a in handbook.scale.aspects if a.code.value != "S"]})
    without_s = dataclasses.replace(handbook, scale=scale)
    html = views.inventory(without_s, AS_OF, INVENTORY_SRC)
    assert "S" not in _page_headers(html) and "T" in _page_headers(html)
    assert "S" in registers.system_table(without_s, without_s.systems, AS_OF).export_headers(AS_OF)


@pytest.mark.parametrize(("stem", "expected"), [("systemforteckning", SYSTEM_HEADERS),
                                                ("handlingsplan", ACTION_HEADERS),
                                                ("tillamplighetsforklaring", SOA_HEADERS)])
def test_exported_headers_come_from_the_specs(handbook: Handbook, tmp_path: Path, stem: str, expected: str) -> None:
    spreadsheet.export_all(handbook, tmp_path, AS_OF)
    first = (tmp_path / f"{stem}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert first == expected


def test_exported_cells_of_one_system(handbook: Handbook, tmp_path: Path) -> None:
    spreadsheet.export_all(handbook, tmp_path, AS_OF)
    with (tmp_path / "systemforteckning.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    alfa = dict(zip(rows[0], rows[1], strict=True))
    assert alfa["Id"] == "alfa" and alfa["Klassning datum"] == "2026-03-01" and alfa["K"] == "3"
    assert alfa["S"] == "" and alfa["Samhällsviktig"] == "ja" and alfa["Konsekvensbedömning klar"] == "2026-12-10"
    assert rows[0].index("PUB-avtal") + 1 == position(registers.SYSTEM_COLUMNS, "PUB-avtal")


def test_export_then_import_gives_the_same_systems(handbook: Handbook, tmp_path: Path) -> None:
    spreadsheet.export_all(handbook, tmp_path, AS_OF)
    for suffix in ("xlsx", "csv"):
        headers, rows, labels = spreadsheet.read_table(tmp_path / f"systemforteckning.{suffix}")
        entries, problems = spreadsheet.rows_to_entries(headers, rows, labels)
        assert problems == []
        assert [m.System.model_validate(e) for _, e in entries] == list(handbook.systems)


def test_every_importable_header_names_a_system_field() -> None:
    """A column's YAML key must be a key the model reads (a typo would import into nothing)."""
    aliases = {f.alias or name for name, f in m.System.model_fields.items()}
    nested: dict[str, type[BaseModel]] = {"klassning": m.Classification, "konsekvensbedömning": m.Dpia}
    for column in spreadsheet.SYSTEM_IMPORT.values():
        top, _, sub = str(column.key).partition(".")
        assert top in aliases, column.header
        if sub:
            assert sub in {f.alias for f in nested[top].model_fields.values()}, column.header


def test_an_unknown_header_is_refused_naming_the_expected_ones() -> None:
    _, problems = spreadsheet.rows_to_entries(["Id", "Namnet"], [["a", "b"]], ["A", "B"])
    assert [str(p) for p in problems] == [
        "rad 1: okända rubriker: Namnet; rubrikerna ska vara: "
        + SYSTEM_HEADERS.removesuffix(";Exempeldata").replace(";", ", ")]


@pytest.mark.parametrize(("raw", "expected"), [(3.0, 3), ("3", 3), (" 2 ", 2), ("-1", -1), ("hög", "hög"),
                                               (2.5, 2.5), (None, None),
                                               ("٣", "٣"), ("³", "³"), ("３", "３")])  # int() reads these: not a level
def test_parse_int(raw: object, expected: object) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [(datetime(2026, 1, 2, 13, 5), "2026-01-02"),
                                               (date(2026, 1, 2), "2026-01-02"), ("  a\vb\x00 ", "a\nb"),
                                               (7, 7)])
def test_parse_text(raw: object, expected: object) -> None:
    assert parse_text(raw) == expected


def test_table_filters_sorts_and_renders(handbook: Handbook) -> None:
    columns: tuple[Column[m.System, None], ...] = (
        Column("Namn", "namn", sort=lambda s: s.name.casefold()),
        Column("Leverantör", "leverantör", page=""),
        Column("Antal tecken", page="", cell=lambda s, _: len(s.name), numeric=True),
    )
    table = Table(columns, tuple(reversed(handbook.systems)), None)
    shown = table.filtered(lambda s: s.supplier is not None).sorted()
    html = shown.html("Leverantörer")
    assert _page_headers(html) == ["Leverantör", "Antal tecken"]
    assert '<td class="lis-tal">4</td>' in html
    assert [r[0] for r in shown.export_rows()] == sorted(
        (s.name for s in handbook.systems if s.supplier), key=str.casefold)
    assert shown.export_headers(AS_OF) == ["Namn", "Leverantör"]


def test_system_page_facts_come_from_the_spec(handbook: Handbook) -> None:
    ctx = registers.system_context(handbook, AS_OF, "system/alfa.md")
    alfa = next(s for s in handbook.systems if s.id == "alfa")
    sections = dict(fact_sections(registers.SYSTEM_COLUMNS, alfa, ctx))
    assert list(sections) == ["Fakta", "Informationsklassning", "PUB-avtal och konsekvensbedömning"]
    assert [label for label, _ in sections["Fakta"]] == [
        "Id", "Förvaltningsobjekt", "Systemägare", "Leverantör", "Stadsgemensamt", "Personuppgifter",
        "Samhällsviktig verksamhet", "I drift sedan", "Avvecklat"]
    assert [(label, str(value)) for label, value in sections["Informationsklassning"]] == [
        ("Klassningsprotokoll", "2026-02-01"), ("Fullständig klassning", "2026-03-01"),
        ("Konfidentialitet (K)", "3 – Allvarlig skada"), ("Riktighet (R)", "2 – Betydande skada"),
        ("Tillgänglighet (T)", "2 – Betydande skada"), ("Spårbarhet (S)", "–"), ("Senast uppföljd", "–"),
        ("Nästa uppföljning", "2027-03-01 (i ordning)")]
    assert sections["PUB-avtal och konsekvensbedömning"] == [
        ("PUB-avtal", "finns"), ("PUB-avtal undertecknat", "2026-03-15"), ("PUB-avtalets referens", "FAR 2026/77"),
        ("Konsekvensbedömning krävs", "ja"), ("Status", "klar först 2026-12-10"), ("Klar", "2026-12-10")]


def test_dates_after_the_reference_date_do_not_count_yet(handbook: Handbook) -> None:
    """On 2026-02-15 Alfa has its protocol (2026-02-01) but not its classification (2026-03-01)."""
    day = date(2026, 2, 15)
    alfa = next(s for s in handbook.systems if s.id == "alfa")
    ctx = registers.system_context(handbook, day, "system/alfa.md")
    facts = dict(dict(fact_sections(registers.SYSTEM_COLUMNS, alfa, ctx))["Informationsklassning"])
    assert (str(facts["Klassningsprotokoll"]), str(facts["Fullständig klassning"])) == ("2026-02-01", "–")
    assert facts["Konfidentialitet (K)"] == "–" and str(facts["Nästa uppföljning"]) == "–"
    before = dict(dict(fact_sections(registers.SYSTEM_COLUMNS, alfa, registers.system_context(
        handbook, date(2026, 1, 31), "system/alfa.md")))["Informationsklassning"])
    assert str(before["Klassningsprotokoll"]) == "–"
    row = _body(views.inventory(handbook, day, INVENTORY_SRC))[0]
    assert row[0] == "Alfa" and row[5:8] == ["2026-02-01", "–", "–"]


def test_a_new_column_shows_on_the_page_the_system_page_and_in_the_export(handbook: Handbook) -> None:
    """What adding a field costs: one Column with a key, a page header and a section."""
    extra = Column[m.System, registers.SystemContext]("Syfte i korthet", "syfte", page="", section="Fakta")
    columns = (*registers.SYSTEM_COLUMNS, extra)
    table = Table(columns, tuple(handbook.systems), registers.system_context(handbook, AS_OF, INVENTORY_SRC))
    assert _page_headers(table.html("x"))[-1] == "Syfte i korthet"
    assert table.export_headers(AS_OF)[-1] == "Syfte i korthet"
    assert table.export_rows()[0][-1] == handbook.systems[0].purpose
    facts = dict(fact_sections(columns, handbook.systems[0], table.context))["Fakta"]
    assert facts[-1] == ("Syfte i korthet", handbook.systems[0].purpose)


def test_a_new_optional_column_shows_a_dash_for_an_empty_value_on_the_page_and_the_system_page(
        handbook: Handbook) -> None:
    """A field added without a cell of its own reads the same on the inventory and on the system's page."""
    extra = Column[m.System, registers.SystemContext]("Leverantör", "leverantör", page="", section="Fakta")
    without = next(s for s in handbook.systems if s.supplier is None)
    table = Table((extra,), (without,), registers.system_context(handbook, AS_OF, INVENTORY_SRC))
    assert _body(table.html("x")) == [["–"]]
    assert dict(fact_sections((extra,), without, table.context))["Fakta"] == [("Leverantör", "–")]
    assert table.export_rows() == [[None]]
