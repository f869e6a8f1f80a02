"""The statement of applicability on fixture data: validation, gap lists, views, export and a real build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros import soa, soa_views
from macros.documents import load_documents
from macros.errors import UserError
from macros.ledger import load_ledger
from macros.loader import Handbook, load_handbook
from macros.project import page_issues
from macros.registers.soa import SOA_COLUMNS
from macros.sheetfile import read_rows
from macros.spreadsheet import csv_value, export_all
from tests.build_helpers import build, copy_project
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES

SOA_FIXTURE = FIXTURES / "tillamplighet" / "tillamplighet.yaml"
SOA = "data/tillamplighet.yaml"


@pytest.fixture
def soa_dir(data_dir: Path) -> Path:
    """The fixture data with the fixture statement of applicability (all 93 controls)."""
    shutil.copy(SOA_FIXTURE, data_dir / "tillamplighet.yaml")
    return data_dir


@pytest.fixture
def soa_hb(soa_dir: Path) -> Handbook:
    return load_handbook(soa_dir)


# --- Validation ---------------------------------------------------------------------------------


def test_fixture_is_valid_and_complete(soa_hb):
    assert soa_hb.soa is not None
    assert len(soa_hb.soa.controls) == 93
    assert soa_hb.soa.controls[0].control == "A.5.1" and soa_hb.soa.controls[-1].control == "A.8.34"


def test_a_missing_control_is_named(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "  - {kontroll: A.5.5,", "  # - {kontroll: A.5.5,")
    assert data_errors(soa_dir) == ['data/tillamplighet.yaml, rad 5, fält "kontroller": kontrollen A.5.5 saknas; '
                                "varje kontroll i bilaga A ska stå exakt en gång"]


def test_a_duplicate_control_is_named_with_line_and_entry(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "{kontroll: A.5.5,", "{kontroll: A.5.4,")
    assert data_errors(soa_dir) == [
        'data/tillamplighet.yaml, rad 5, fält "kontroller": kontrollen A.5.5 saknas; '
        "varje kontroll i bilaga A ska stå exakt en gång",
        'data/tillamplighet.yaml, rad 10, kontroll "A.5.4", fält "kontroll": kontrollen "A.5.4" finns redan i en '
        "tidigare post; varje kontroll ska stå exakt en gång",
    ]


def test_an_unknown_control_is_refused(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "{kontroll: A.5.5,", "{kontroll: A.5.38,")
    errors = data_errors(soa_dir)
    assert ('data/tillamplighet.yaml, rad 10, kontroll "A.5.38", fält "kontroll": okänd kontroll "A.5.38"; '
            "bilaga A i ISO/IEC 27001:2022 har A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 och A.8.1–A.8.34") in errors
    assert len(errors) == 2  # and A.5.5 is missing


def test_a_control_number_without_the_annex_letter_is_refused(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "{kontroll: A.5.5,", "{kontroll: 5.5,")
    assert ('data/tillamplighet.yaml, rad 10, kontroll nr 5, fält "kontroll": "5.5" är ingen kontroll i bilaga A; '
            "skriv A, tema och nummer, till exempel A.5.1") in data_errors(soa_dir)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("status: införd, ägare: samordnare, rutiner: [rutiner/provrutin.md], nis2_punkter: [1], granskad: 2026-06-01",
     "status: införd, ägare: samordnare, nis2_punkter: [1], granskad: 2026-06-01",
     'rad 6, kontroll "A.5.1", fält "rutiner": status införd kräver minst en rutin: ange sidan under docs/ som '
     "beskriver hur kontrollen görs"),
    ("tillämplig: nej, motivering: Vi utvecklar inga system., ", "tillämplig: nej, ",
     'kontroll "A.8.4", fält "motivering": en kontroll som inte är tillämplig ska ha en motivering som säger varför'),
    ("Myndigheter, tillämplig: ja, status: ej påbörjad, ", "Myndigheter, tillämplig: ja, ",
     'rad 10, kontroll "A.5.5", fält "status": en tillämplig kontroll ska ha status: införd, ärvd, delvis, '
     "planerad eller ej påbörjad"),
    ("Myndigheter, tillämplig: ja, status: ej påbörjad, ägare: samordnare",
     "Myndigheter, tillämplig: ja, status: ej påbörjad, ägare: kassan",
     'rad 10, kontroll "A.5.5", fält "ägare": okänd roll "kassan". Kända roller:'),
    ("åtgärder: [a26-nis2]", "åtgärder: [a99-finns-inte]",
     'rad 9, kontroll "A.5.4", fält "åtgärder[1]": okänd åtgärd "a99-finns-inte"; åtgärder finns i '
     "data/atgarder.yaml"),
    ("status: ej påbörjad,", "status: klar,",
     'rad 10, kontroll "A.5.5", fält "status": "klar" är inte ett tillåtet värde. Tillåtna värden: införd, ärvd, '
     "delvis, planerad, ej påbörjad."),
])
def test_each_broken_field_gives_its_swedish_error(soa_dir, old, new, expected):
    replace_in(soa_dir / "tillamplighet.yaml", old, new)
    errors = data_errors(soa_dir)
    assert len(errors) == 1 and expected in errors[0], errors


def test_an_unknown_routine_page_is_named_with_line_and_entry(soa_dir, soa_hb):
    pages = {"rutiner/provrutin.md"}
    assert [i for i in page_issues(soa_dir, soa_hb, pages, []) if i.file == SOA] == []
    replace_in(soa_dir / "tillamplighet.yaml", "status: delvis, ägare: chef, rutiner: [rutiner/provrutin.md]",
               "status: delvis, ägare: chef, rutiner: [rutiner/provrutin.md, rutiner/saknas.md]")
    issues = [i for i in page_issues(soa_dir, load_handbook(soa_dir), pages, []) if i.file == SOA]
    assert [str(i) for i in issues] == [
        'data/tillamplighet.yaml, rad 8, kontroll "A.5.3", fält "rutiner[2]": sidan "rutiner/saknas.md" finns inte '
        "under docs/; ange sökvägen till en befintlig rutin, till exempel rutiner/incidenthantering.md"]


def test_without_the_file_there_is_no_statement_and_the_macro_says_so(handbook):
    assert handbook.soa is None
    with pytest.raises(UserError, match="data/tillamplighet.yaml saknas"):
        soa_views.soa_table(handbook, [], AS_OF, "styrande/tillamplighetsforklaring.md")


# --- Gap lists and views ----------------------------------------------------------------------------


def test_gap_lists_have_the_hand_counted_controls(soa_hb):
    found = [[c.control for c in soa.gap(soa_hb, which, AS_OF)] for which in soa.GAPS]
    assert found == [["A.5.2", "A.5.3", "A.5.4", "A.5.5"], ["A.5.2"], ["A.5.2", "A.6.2"], ["A.5.2", "A.5.3", "A.5.5"]]


def test_gap_tables_show_the_counts(soa_hb):
    html = soa_views.soa_gaps(soa_hb, [], AS_OF, "styrande/tillamplighetsforklaring.md")
    assert "<caption>Tillämpliga kontroller som inte är införda: 4 – beräknat per 2026-11-28</caption>" in html
    assert "<caption>Införda eller delvis införda kontroller utan rutin: 1 – beräknat per 2026-11-28</caption>" in html
    assert "<caption>Kontroller som inte har granskats på ett år: 2 – beräknat per 2026-11-28</caption>" in html
    assert '<td>A.5.4</td><td>Chefers ansvar</td><td>planerad</td><td>Chef</td><td>–</td><td>a26-nis2 (' in html


def test_a_year_later_every_entry_is_stale(soa_hb):
    later = AS_OF.replace(year=2027, month=6)
    assert len(soa.gap(soa_hb, soa.GAPS[2], later)) == 93


def test_table_has_one_row_per_control_and_a_summary(soa_hb):
    html = soa_views.soa_table(soa_hb, [], AS_OF, "styrande/tillamplighetsforklaring.md")
    assert html.split("<tbody>")[1].count("<tr>") == 93
    assert ("Tillämplighetsförklaring version 2.3, 93 kontroller: 88 införd, 2 delvis, 1 planerad, "
            "1 ej påbörjad, 1 ej tillämplig") in html
    assert '<a href="../../rutiner/provrutin/">Provrutin</a>' in html


def test_view_by_area_counts_controls_per_point(soa_hb):
    html = soa_views.soa_by_area(soa_hb, AS_OF)
    rows = html.split("<tbody>")[1].split("<tr>")[1:]
    assert len(rows) == 10
    assert rows[1].startswith('<td>2 (b)</td><td>incidenthantering</td><td class="lis-tal">3</td>'
                              '<td class="lis-tal">0</td><td class="lis-tal">3</td>'
                              "<td>A.5.3 (delvis), A.5.4 (planerad), A.5.5 (ej påbörjad)</td>")
    assert rows[2].startswith('<td>3 (c)</td><td>kontinuitetshantering och krishantering</td><td class="lis-tal">1</td>')
    assert '<td class="lis-tal">0</td><td class="lis-tal">0</td><td class="lis-tal">0</td><td>–</td>' in rows[3]


def test_hostile_label_renders_as_text(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "benämning: Roller,", 'benämning: "<b>x</b> | {{ 7*7 }} *y*",')
    html = soa_views.soa_table(load_handbook(soa_dir), [], AS_OF, "styrande/tillamplighetsforklaring.md")
    assert "<td>&lt;b&gt;x&lt;/b&gt; &#124; &#123;&#123; 7&#42;7 &#125;&#125; &#42;y&#42;</td>" in html


# --- Export round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_round_trip_keeps_every_control_with_version_and_date(soa_hb, tmp_path, suffix):
    export_all(soa_hb, tmp_path, AS_OF)
    rows, _ = read_rows(tmp_path / f"tillamplighetsforklaring.{suffix}")
    if suffix == "csv":
        rows = [[csv_value(v) for v in row] for row in rows]
    assert rows[0] == [*(c.header for c in SOA_COLUMNS), "Exempeldata"]  # the fixture is example data
    body = rows[1:]
    assert len(body) == 93
    assert soa_hb.soa is not None
    for row, control in zip(body, soa_hb.soa.controls, strict=True):
        record = dict(zip(rows[0], row, strict=True))
        assert record["Kontroll"] == control.control
        assert record["Status"] in ((control.status.value if control.status else None), "")
        assert str(record["Granskad"])[:10] == control.reviewed.isoformat()
        assert str(record["Version"]) == "2.3" and str(record["Beräknat per"])[:10] == "2026-11-28"
    a84 = dict(zip(rows[0], body[-31], strict=True))
    assert a84["Kontroll"] == "A.8.4" and a84["Tillämplig"] == "nej" and a84["Motivering"] == "Vi utvecklar inga system."


def test_export_neutralises_a_formula_like_label(soa_dir, tmp_path):
    replace_in(soa_dir / "tillamplighet.yaml", "benämning: Roller,", 'benämning: "=HYPERLINK(1)",')
    export_all(load_handbook(soa_dir), tmp_path, AS_OF)
    csv_text = (tmp_path / "tillamplighetsforklaring.csv").read_text(encoding="utf-8-sig")
    assert "A.5.2;'=HYPERLINK(1);" in csv_text
    from openpyxl import load_workbook
    cell = load_workbook(tmp_path / "tillamplighetsforklaring.xlsx").active.cell(3, 2)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s" and cell.quotePrefix


# --- A real strict build -------------------------------------------------------------------------


def _real_project_with_fixture_soa(target: Path) -> Path:
    """The real handbook with the fixture statement; its routines point at a page the real docs have.

    (The small fixture project under tests/fixtures/utskrift does not pass the page checks of the
    fixture data on main, so the real handbook is the build to trust here.)"""
    project = copy_project(target)
    text = SOA_FIXTURE.read_text(encoding="utf-8").replace("rutiner/provrutin.md", "rutiner/incidenthantering.md")
    (project / "data" / "tillamplighet.yaml").write_text(text, encoding="utf-8")
    return project


def test_page_renders_fixture_counts_in_a_real_build(tmp_path):
    result = build(_real_project_with_fixture_soa(tmp_path / "projekt"))
    assert result.returncode == 0, result.output
    html = result.html("styrande/tillamplighetsforklaring/index.html")
    assert "<caption>Tillämpliga kontroller som inte är införda: 4 – beräknat per 2026-11-28</caption>" in html
    assert "<caption>Kontroller som inte har granskats på ett år: 2 – beräknat per 2026-11-28</caption>" in html
    assert html.count("<caption>") == 7  # with the NIS 2 coverage, which moved here from the open Styrande page
    assert "Tillämplighetsförklaring version 2.3, 93 kontroller: 88 införd" in html
    assert '<a href="../../rutiner/incidenthantering/">' in html


def test_a_link_to_a_page_that_is_no_governing_document_keeps_its_title_with_a_ring_and_dots(tmp_path):
    """The link text is the page's own title, not one made from its file name ("Systemforteckning")."""
    project = _real_project_with_fixture_soa(tmp_path / "projekt")
    page = project / "docs" / "uppfoljning" / "systemforteckning.md"
    page.write_text(re.sub(r"(?m)^title: .*$", "title: Förteckning över åtgärdade system",
                           page.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    replace_in(project / "data" / "tillamplighet.yaml",
               "ägare: chef, rutiner: [rutiner/incidenthantering.md], nis2_punkter: [2, 3]",
               "ägare: chef, rutiner: [uppfoljning/systemforteckning.md], nis2_punkter: [2, 3]")
    result = build(project)
    assert result.returncode == 0, result.output
    html = result.html("styrande/tillamplighetsforklaring/index.html")
    assert '<a href="../../uppfoljning/systemforteckning/">Förteckning över åtgärdade system</a>' in html
    assert ">Systemforteckning<" not in html


def test_an_unknown_routine_stops_the_build(tmp_path):
    project = _real_project_with_fixture_soa(tmp_path / "projekt")
    replace_in(project / "data" / "tillamplighet.yaml",
               "ägare: chef, rutiner: [rutiner/incidenthantering.md], nis2_punkter: [2, 3]",
               "ägare: chef, rutiner: [rutiner/borta.md], nis2_punkter: [2, 3]")
    result = build(project)
    assert result.returncode != 0
    assert ('data/tillamplighet.yaml, rad 8, kontroll "A.5.3", fält "rutiner[1]": sidan "rutiner/borta.md" finns '
            "inte under docs/") in result.output
    assert "Traceback" not in result.output
    assert not (project / "site" / "styrande" / "tillamplighetsforklaring").exists()


def test_real_handbook_page_renders(site):
    html = site.html("styrande/tillamplighetsforklaring/index.html")
    assert "<caption>Tillämplighetsförklaring version" in html and "93 kontroller" in html
    assert "<caption>Tillämplighetsförklaringen per område i cybersäkerhetslagen" in html
    assert "Tillämpliga kontroller som inte är införda" in html  # the first gap list
    assert '<a href="tillamplighetsforklaring/" class="md-nav__link">' in site.html("styrande/index.html")  # menu


# --- What a status rests on: inherited controls, actions or accepted risks, adopted routines ---------------

INHERITED = ("Myndigheter, tillämplig: ja, status: ärvd, ärvd_från: Stadens avtal om IT-drift (exempel), "
             "eget_ansvar: Beställa behörigheter och anmäla fel., ")


def test_an_inherited_control_names_the_citys_control_and_what_remains_for_the_district(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "Myndigheter, tillämplig: ja, status: ej påbörjad, ",
               "Myndigheter, tillämplig: ja, status: ärvd, ")
    assert sorted(data_errors(soa_dir)) == [
        f'{SOA}, rad 10, kontroll "A.5.5", fält "eget_ansvar": status ärvd kräver eget_ansvar: det som förvaltningen '
        "själv måste göra för att kontrollen ska fungera",
        f'{SOA}, rad 10, kontroll "A.5.5", fält "ärvd_från": status ärvd kräver ärvd_från: stadens kontroll eller '
        "avtal som genomför kontrollen åt förvaltningen"]


def test_an_inherited_control_is_not_a_gap_and_shows_who_runs_it(soa_dir):
    replace_in(soa_dir / "tillamplighet.yaml", "Myndigheter, tillämplig: ja, status: ej påbörjad, ", INHERITED)
    hb = load_handbook(soa_dir)
    assert [c.control for c in soa.gap(hb, soa.GAPS[0], AS_OF)] == ["A.5.2", "A.5.3", "A.5.4"]
    html = soa_views.soa_table(hb, [], AS_OF, "styrande/tillamplighetsforklaring.md")
    assert ("<td>genomförs av staden (ärvd): Stadens avtal om IT-drift (exempel). Förvaltningens ansvar: "
            "Beställa behörigheter och anmäla fel.</td>") in html
    assert "88 införd, 1 genomförs av staden (ärvd), 2 delvis, 1 planerad, 1 ej tillämplig" in html


def test_a_control_not_in_place_needs_an_action_or_an_accepted_risk(soa_dir):
    # A.5.2 and A.5.3 are delvis without actions, A.5.5 ej påbörjad without; A.5.4 has a26-nis2.
    hb = load_handbook(soa_dir)
    assert [c.control for c in soa.gap(hb, soa.UNTREATED, AS_OF)] == ["A.5.2", "A.5.3", "A.5.5"]
    with (soa_dir / "risker.yaml").open("a", encoding="utf-8") as handle:
        handle.write("""  - id: rsa-roller
    år: 2025
    källa: RSA
    process: Roller
    risk: Rollerna är inte helt beskrivna.
    nivå: låg
    behandling: Accepteras.
    i_ikp: nej
    ursprung: test
    åtgärder: []
    kontroller: [A.5.2]
    kvarvarande_nivå: låg
    accepterad_av: objektagare
    accepterad: 2025-10-01
    beslut: FAR 2025/7
""")
    hb = load_handbook(soa_dir)
    assert [c.control for c in soa.gap(hb, soa.UNTREATED, AS_OF)] == ["A.5.3", "A.5.5"]
    html = soa_views.soa_gaps(hb, [], AS_OF, "styrande/tillamplighetsforklaring.md")
    assert ("<caption>Tillämpliga kontroller som inte är införda och saknar både åtgärd och accepterad risk: 2 – "
            "beräknat per 2026-11-28</caption>") in html
    # Without a motivering of its own, an applicable control says why from its points and its risks.
    table = soa_views.soa_table(hb, [], AS_OF, "styrande/tillamplighetsforklaring.md")
    assert ("<td>A.5.2</td><td>Roller</td><td>ja</td><td>Stöder punkt 1 i 2 kap. 3 § cybersäkerhetslagen "
            "(strategier för riskanalys); behandlar risken rsa-roller</td>") in table


def test_implemented_rests_on_an_adopted_routine_not_a_draft(soa_dir, tmp_path):
    docs_dir = tmp_path / "docs"
    shutil.copytree(FIXTURES / "utskrift" / "docs", docs_dir)
    hb = load_handbook(soa_dir)
    pages = {"rutiner/provrutin.md"}
    roles = {r.id for r in hb.organisation.roles}
    docs, _ = load_documents(docs_dir, roles, load_ledger(docs_dir, roles))  # the fixture's ledger adopts it
    assert [i for i in page_issues(soa_dir, hb, pages, docs) if i.file == SOA] == []
    docs, _ = load_documents(docs_dir, roles)  # no ledger: no decision, every routine is a draft
    issues = [str(i) for i in page_issues(soa_dir, hb, pages, docs) if i.file == SOA]
    # 88 controls are införd on the provrutin; the first is A.5.1 on line 6 (A.5.3, delvis, is not affected).
    assert len(issues) == 88
    assert issues[0] == (f'{SOA}, rad 6, kontroll "A.5.1", fält "rutiner[1]": status införd kräver en fastställd '
                         'rutin, och "rutiner/provrutin.md" är ett utkast; skriv status delvis och en åtgärd för att '
                         "fastställa rutinen, eller fastställ den först")


def test_points_met_by_the_management_system_show_their_iso_clauses(soa_dir):
    # Points 1 and 6 of 2 kap. 3 § are met mainly by clauses 6.1, 8.2, 9.1 and 9.2, which annex A cannot show.
    replace_in(soa_dir / "lagkrav.yaml", "    lydelse: strategier för riskanalys\n",
               "    lydelse: strategier för riskanalys\n    avsnitt: [6.1, 8.2]\n")
    html = soa_views.soa_by_area(load_handbook(soa_dir), AS_OF)
    rows = html.split("<tbody>")[1].split("<tr>")[1:]
    assert '<th scope="col">Avsnitt i ISO/IEC 27001 utöver bilaga A</th>' in html
    assert rows[0].endswith("<td>6.1, 8.2</td></tr>\n")
    assert rows[1].endswith("<td>–</td></tr>\n")


def test_an_iso_clause_outside_4_to_10_is_refused(soa_dir):
    replace_in(soa_dir / "lagkrav.yaml", "    lydelse: strategier för riskanalys\n",
               "    lydelse: strategier för riskanalys\n    avsnitt: [6.1, 11.2]\n")
    errors = data_errors(soa_dir)
    assert len(errors) == 1 and errors[0].endswith(
        'fält "avsnitt[2]": "11.2" är inget avsnitt i ISO/IEC 27001; skriv avsnittets nummer i 4–10, till exempel '
        "6.1 eller 9.2"), errors
