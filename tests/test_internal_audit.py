"""Internal audit of the LIS (ISO/IEC 27001 9.2) on fixture data: validation, states, calendar, d3, export, builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros import followup as fu
from macros import internal_audit as ia
from macros import internal_audit_views as iav
from macros import pages
from macros.errors import DataError, UserError
from macros.loader import Handbook, load_handbook
from macros.project import load_project
from macros.sheetfile import read_rows
from macros.spreadsheet import csv_value, export_all
from tests.build_helpers import build, copy_project
from tests.conftest import AS_OF, data_errors, replace_in
from tests.fixture_project import FIXTURES
from tests.test_build import cells

AUDIT_FIXTURE = FIXTURES / "internrevision" / "internrevision.yaml"
SOA_FIXTURE = FIXTURES / "tillamplighet" / "tillamplighet.yaml"
FILE = "data/internrevision.yaml"


@pytest.fixture
def audit_dir(data_dir: Path) -> Path:
    """The fixture data with the fixture audit programme (five audits, five findings)."""
    shutil.copy(AUDIT_FIXTURE, data_dir / "internrevision.yaml")
    return data_dir


@pytest.fixture
def audit_hb(audit_dir: Path) -> Handbook:
    return load_handbook(audit_dir)


# --- Validation ---------------------------------------------------------------------------------


def test_fixture_is_valid(audit_hb):
    assert audit_hb.internal_audits is not None
    assert audit_hb.internal_audits.version == "1.2"
    assert [a.id for a in audit_hb.internal_audits.audits] == ["ir-1", "ir-2", "ir-3", "ir-4", "ir-5"]
    assert sum(len(a.findings) for a in audit_hb.internal_audits.audits) == 5


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    revisor: registrator\n", "    revisor: samordnare\n",
     f'{FILE}, rad 13, revision "ir-1", fält "revisor": revisorn "samordnare" ansvarar själv för det granskade '
     "området (ansvariga); välj en revisor som är oberoende av området (ISO/IEC 27001 9.2)"),
    ("    revisor: registrator\n", "    revisor: slk-sakerhet\n",
     f'{FILE}, rad 13, revision "ir-1", fält "revisor": revisorn "slk-sakerhet" lämnar själv rapporter om '
     "incidenter (Tidig varning, Incidentanmälan, Slutrapport i data/organisation.yaml) och kan inte granska "
     "incidentrapporteringen; välj en revisor som är oberoende av processen (ISO/IEC 27001 9.2)"),
    ("    revisor: registrator\n", "    revisor: revisionsbyran\n",
     f'{FILE}, rad 13, revision "ir-1", fält "revisor": okänd roll "revisionsbyran". Kända roller: chef, '),
    ("    ansvariga: [objektagare]\n", "    ansvariga: [objektagare, kassan]\n",
     f'{FILE}, rad 34, revision "ir-2", fält "ansvariga[2]": okänd roll "kassan". Kända roller: chef, '),
    ("åtgärder: [a26-lta]", "åtgärder: [a26-lta, a99-saknas]",
     f'{FILE}, rad 29, iakttagelse "ir-1-c", fält "åtgärder[2]": okänd åtgärd "a99-saknas"; åtgärder finns i '
     "data/atgarder.yaml"),
    ("        åtgärder: [a25-egenkontroll]\n        senast: 2026-06-30\n", "",
     f'{FILE}, rad 17, iakttagelse "ir-1-a", fält "åtgärder": en avvikelse kräver minst en korrigerande åtgärd '
     "(id i data/atgarder.yaml)"),
    ("        åtgärder: [a26-lta]\n        senast: 2026-09-30\n", "        åtgärder: [a26-lta]\n",
     f'{FILE}, rad 26, iakttagelse "ir-1-c", fält "senast": en iakttagelse med åtgärder ska ha ett datum: senast'),
    ("        senast: 2026-06-30\n", "        senast: 2026-03-01\n",
     f'{FILE}, rad 22, iakttagelse "ir-1-a", fält "senast": datumet (2026-03-01) ligger före dagen då revisionen '
     "genomfördes (2026-03-20)"),
    ("    genomförd: 2025-11-12\n", "",
     f'{FILE}, rad 52, revision "ir-4", fält "iakttagelser": en revision som inte är genomförd kan inte ha '
     "iakttagelser; ange genomförd (datum)"),
    ("  - id: ir-2\n", "  - id: ir-1\n",
     f'{FILE}, rad 31, revision "ir-1", fält "id": id "ir-1" används redan av en tidigare post; varje post måste '
     "ha ett eget"),
    ("kontroller: [A.5.24, A.5.25]", "kontroller: [A.5.24, A.5.38]",
     f'{FILE}, rad 10, revision "ir-1", fält "kontroller[2]": okänd kontroll "A.5.38"; bilaga A i '
     "ISO/IEC 27001:2022 har A.5.1–A.5.37"),
    ("        typ: observation\n", "        typ: notering\n",
     f'{FILE}, rad 24, iakttagelse "ir-1-b", fält "typ": "notering" är inte ett tillåtet värde. Tillåtna värden: '
     "avvikelse, observation, förbättringsförslag."),
    ("    planerad: 2026-10-01\n", "    planerad: 2026-13-01\n",
     f'{FILE}, rad 36, revision "ir-2", fält "planerad": 2026-13-01 är inget giltigt datum'),
])
def test_each_broken_field_gives_its_swedish_error(audit_dir, old, new, expected):
    replace_in(audit_dir / "internrevision.yaml", old, new)
    errors = data_errors(audit_dir)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_the_auditor_may_not_own_an_audited_control_of_the_statement(audit_dir):
    shutil.copy(SOA_FIXTURE, audit_dir / "tillamplighet.yaml")
    load_handbook(audit_dir)  # A.5.24 and A.5.25 belong to samordnare; ir-1's auditor is the registrator
    replace_in(audit_dir / "internrevision.yaml", "    ansvariga: [samordnare]\n    revisor: registrator\n",
               "    ansvariga: [forvaltningsledning]\n    revisor: samordnare\n")
    assert data_errors(audit_dir) == [
        f'{FILE}, rad 10, revision "ir-1", fält "kontroller[1]": revisorn "samordnare" äger kontrollen A.5.24 i '
        "data/tillamplighet.yaml; välj en revisor som är oberoende av området (ISO/IEC 27001 9.2)",
        f'{FILE}, rad 10, revision "ir-1", fält "kontroller[2]": revisorn "samordnare" äger kontrollen A.5.25 i '
        "data/tillamplighet.yaml; välj en revisor som är oberoende av området (ISO/IEC 27001 9.2)",
    ]


@pytest.mark.process  # loading the pages reads their git history
def test_the_auditor_may_not_own_an_audited_routine_and_the_routine_must_exist(tmp_path):
    project = copy_project(tmp_path / "projekt")
    target = project / "data" / "internrevision.yaml"
    shutil.copy(AUDIT_FIXTURE, target)
    load_project(project)  # rutiner/incidenthantering.md belongs to samordnare; ir-1's auditor is the registrator
    replace_in(target, "    ansvariga: [samordnare]\n    revisor: registrator\n",
               "    ansvariga: [forvaltningsledning]\n    revisor: samordnare\n")
    replace_in(target, "    kontroller: [A.5.24, A.5.25]\n", "")  # their owner in the real statement is samordnare too
    replace_in(target, "rutiner: [rutiner/incidenthantering.md]", "rutiner: [rutiner/incidenthantering.md, rutiner/borta.md]")
    with pytest.raises(DataError) as caught:
        load_project(project)
    assert [str(i) for i in caught.value.issues] == [
        f'{FILE}, rad 10, revision "ir-1", fält "rutiner[1]": revisorn "samordnare" äger styrdokumentet '
        '"rutiner/incidenthantering.md"; välj en revisor som är oberoende av området (ISO/IEC 27001 9.2)',
        f'{FILE}, rad 10, revision "ir-1", fält "rutiner[2]": sidan "rutiner/borta.md" finns inte under docs/; '
        "ange sökvägen till en befintlig rutin, till exempel rutiner/incidenthantering.md",
    ]


# --- Rules ----------------------------------------------------------------------------------------


def test_audit_and_finding_states_on_the_reference_date(audit_hb):
    assert [(a.id, ia.audit_state(a, AS_OF).value) for a in ia.audits(audit_hb)] == [
        ("ir-1", "genomförd"), ("ir-2", "försenad"), ("ir-3", "planerad"), ("ir-4", "genomförd"),
        ("ir-5", "genomförd")]
    assert [(f.finding.id, f.state.value) for f in ia.findings(audit_hb, AS_OF)] == [
        ("ir-1-a", "försenad"), ("ir-1-b", "ingen åtgärd"), ("ir-1-c", "åtgärdad"), ("ir-4-a", "öppen"),
        ("ir-5-a", "öppen")]
    assert [a.id for a in ia.late_audits(audit_hb, AS_OF)] == ["ir-2"]
    assert [f.finding.id for f in ia.overdue_findings(audit_hb, AS_OF)] == ["ir-1-a"]


def test_an_audit_held_after_the_reference_date_is_not_yet_held(audit_hb):
    before = AS_OF.replace(year=2026, month=3, day=19)
    assert ia.audit_state(ia.audits(audit_hb)[0], before) is ia.AuditState.LATE
    assert [f.finding.id for f in ia.findings(audit_hb, before)] == ["ir-4-a"]


def test_calendar_items_are_the_audits_not_held_and_the_open_findings(audit_hb):
    items = [(i.kind.value, i.key, i.due.isoformat(), i.owner, i.page) for i in fu.due_items(audit_hb, [], AS_OF)
             if i.kind in (fu.DueKind.INTERNAL_AUDIT, fu.DueKind.AUDIT_FINDING)]
    assert items == [
        ("Iakttagelse från internrevision", ("ir-1", "ir-1-a"), "2026-06-30", "Objektägare/systemägare", pages.INTERNAL_AUDIT),
        ("Internrevision", "ir-2", "2026-10-01", "Informationssäkerhetssamordnare", pages.INTERNAL_AUDIT),
        ("Iakttagelse från internrevision", ("ir-4", "ir-4-a"), "2026-12-31", "Förvaltningsledningen", pages.INTERNAL_AUDIT),
        ("Iakttagelse från internrevision", ("ir-5", "ir-5-a"), "2027-01-31", "Dataskyddsombud", pages.INTERNAL_AUDIT),
        ("Internrevision", "ir-3", "2027-02-15", "Informationssäkerhetssamordnare", pages.INTERNAL_AUDIT),
    ]


def test_without_the_file_nothing_is_due_and_the_page_macro_says_so(handbook):
    assert handbook.internal_audits is None
    assert not [i for i in fu.due_items(handbook, [], AS_OF) if i.kind is fu.DueKind.INTERNAL_AUDIT]
    with pytest.raises(UserError, match="data/internrevision.yaml saknas"):
        iav.programme(handbook, [], AS_OF, pages.INTERNAL_AUDIT)
    assert "det finns inget revisionsprogram" in iav.review_input(handbook, 2026, AS_OF)


# --- Views ----------------------------------------------------------------------------------------


def test_programme_findings_and_overdue_tables(audit_hb):
    html = iav.programme(audit_hb, [], AS_OF, pages.INTERNAL_AUDIT)
    assert ("<caption>Revisionsprogram version 1.2: 5 revisioner (3 genomförd, 1 försenad, 1 planerad) – "
            "beräknat per 2026-11-28</caption>") in html
    assert html.split("<tbody>")[1].count("<tr>") == 5
    assert "<td>Klassning (exempeldata)</td>" in html
    assert "<td>Informationssäkerhetssamordnare (Samordnaren i en annan förvaltning)</td>" in html
    html = iav.findings(audit_hb, AS_OF)
    assert ("<caption>Iakttagelser: 2 avvikelser, 1 observation, 2 förbättringsförslag – beräknat per 2026-11-28"
            "</caption>") in html
    assert ("<tr><td>ir-1-a</td><td>Incidenthantering</td><td>avvikelse</td><td>Egenkontrollerna dokumenteras "
            "inte.</td><td>a25-egenkontroll (försenad)</td><td>2026-06-30</td><td>försenad</td></tr>") in html
    html = iav.overdue(audit_hb, AS_OF)
    assert "<caption>Försenade revisioner: 1 – beräknat per 2026-11-28</caption>" in html
    assert '<td>ir-2</td><td>Behörighetshantering</td><td>Informationssäkerhetssamordnare</td><td>2026-10-01</td>' \
           '<td class="lis-tal">58</td>' in html
    assert "<caption>Försenade iakttagelser: 1 – beräknat per 2026-11-28</caption>" in html


def test_review_input_d3_for_an_open_and_an_adopted_year(audit_hb):
    html = iav.review_input(audit_hb, 2026, AS_OF)
    assert ("<caption>Internrevisioner av LIS 2026: 2 av 3 genomförda (exempeldata) – beräknat per 2026-11-28"
            "</caption>") in html
    assert ("<caption>Iakttagelser från internrevisionerna (2 avvikelser, 1 observation, 2 förbättringsförslag), "
            "3 inte åtgärdade (exempeldata) – beräknat per 2026-11-28</caption>") in html
    # 2025 is adopted and frozen on 2025-12-31: ir-4's finding was open then, and 2026's audits are not in it
    html = iav.review_input(audit_hb, 2025, AS_OF)
    assert "<caption>Internrevisioner av LIS 2025: 1 av 1 genomförda (exempeldata) – beräknat per 2025-12-31" in html
    assert "<td>ir-4-a</td><td>Kontinuitet</td><td>avvikelse</td>" in html
    assert "a26-pm3 (ej påbörjad)" in html and "ir-1-a" not in html


def test_hostile_text_renders_as_text(audit_dir):
    replace_in(audit_dir / "internrevision.yaml", "beskrivning: Kontaktlistan saknar ersättare.",
               'beskrivning: "<script>x</script> | {{ 7*7 }} *y*"')
    html = iav.findings(load_handbook(audit_dir), AS_OF)
    assert "<td>&lt;script&gt;x&lt;/script&gt; &#124; &#123;&#123; 7&#42;7 &#125;&#125; &#42;y&#42;</td>" in html


# --- Export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_has_one_row_per_finding_and_one_per_audit_without(audit_hb, tmp_path, suffix):
    export_all(audit_hb, tmp_path, AS_OF)
    rows, _ = read_rows(tmp_path / f"internrevision.{suffix}")
    if suffix == "csv":
        rows = [[csv_value(v) for v in row] for row in rows]
    assert rows[0] == ["Revision", "Namn", "Omfattning", "Punkter i 2 kap. 3 §", "Kontroller", "Rutiner", "Ansvariga",
                       "Revisor", "Revisorns funktion", "Planerad", "Genomförd", "Exempel", "Iakttagelse", "Typ",
                       "Beskrivning", "Åtgärder", "Senast", "Revisionens status", "Iakttagelsens status", "Version",
                       "Beräknat per", "Exempeldata"]
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [(r["Revision"], r["Iakttagelse"] or None, r["Revisionens status"], r["Iakttagelsens status"] or None)
            for r in records] == [
        ("ir-1", "ir-1-a", "genomförd", "försenad"), ("ir-1", "ir-1-b", "genomförd", "ingen åtgärd"),
        ("ir-1", "ir-1-c", "genomförd", "åtgärdad"), ("ir-2", None, "försenad", None),
        ("ir-3", None, "planerad", None), ("ir-4", "ir-4-a", "genomförd", "öppen"),
        ("ir-5", "ir-5-a", "genomförd", "öppen")]
    assert all(str(r["Version"]) == "1.2" and str(r["Beräknat per"])[:10] == "2026-11-28" for r in records)
    assert str(records[0]["Senast"])[:10] == "2026-06-30" and records[0]["Kontroller"] == "A.5.24, A.5.25"
    assert records[4]["Exempel"] == "ja" and records[4]["Revisorns funktion"] == "Samordnaren i en annan förvaltning"


def test_export_neutralises_formula_like_text(audit_dir, tmp_path):
    replace_in(audit_dir / "internrevision.yaml", "beskrivning: Kontaktlistan saknar ersättare.",
               'beskrivning: "=HYPERLINK(1)"')
    export_all(load_handbook(audit_dir), tmp_path, AS_OF)
    assert ";'=HYPERLINK(1);" in (tmp_path / "internrevision.csv").read_text(encoding="utf-8-sig")


def test_export_without_the_file_has_only_the_headers(handbook, tmp_path):
    export_all(handbook, tmp_path, AS_OF)
    rows, _ = read_rows(tmp_path / "internrevision.csv")
    assert len(rows) == 1


# --- Real strict builds -----------------------------------------------------------------------------


@pytest.mark.build
def test_real_build_shows_programme_d3_apart_from_the_city_auditors_and_calendar(tmp_path):
    project = copy_project(tmp_path / "projekt")
    shutil.copy(AUDIT_FIXTURE, project / "data" / "internrevision.yaml")
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.html("uppfoljning/internrevision/index.html")
    assert "Revisionsprogram version 1.2: 5 revisioner (3 genomförd, 1 försenad, 1 planerad)" in page
    assert [row[0] for row in cells(page, "Försenade iakttagelser: 1")] == ["ir-1-a"]
    assert '<a href="../../rutiner/incidenthantering/">' in page

    review = result.html("ledningens-genomgang/2026/index.html")
    own = cells(review, "Internrevisioner av LIS 2026: 2 av 3 genomförda")
    assert [row[0] for row in own] == ["Incidenthantering", "Konsekvensbedömningar", "Behörighetshantering"]
    found = cells(review, "Iakttagelser från internrevisionerna (2 avvikelser")
    assert [row[0] for row in found] == ["ir-1-a", "ir-1-b", "ir-1-c", "ir-4-a", "ir-5-a"]
    city = cells(review, "Revisionens rekommendationer")
    assert city and all("Stadsrevisionen" not in " ".join(row) and row[0] not in
                        ("Incidenthantering", "Konsekvensbedömningar") for row in city)
    d3 = review[review.index('id="d3-revisionsresultat"'):review.index('id="d4-uppfyllelse')]
    assert d3.index("Internrevisioner av LIS 2026") < d3.index("Stadsrevisionens granskningar") \
        < d3.index("Revisionens rekommendationer")

    feed = (result.site / "kalender" / "forvaltningen.ics").read_text(encoding="utf-8")
    uids = [line for line in feed.splitlines() if line.startswith("UID:internal-audit") or
            line.startswith("UID:audit-finding")]
    assert uids == ["UID:audit-finding/ir-1/ir-1-a@lis-handboken", "UID:internal-audit/ir-2@lis-handboken",
                    "UID:audit-finding/ir-4/ir-4-a@lis-handboken", "UID:audit-finding/ir-5/ir-5-a@lis-handboken",
                    "UID:internal-audit/ir-3@lis-handboken"]
    assert "SUMMARY:Internrevision: Behörighetshantering" in feed


@pytest.mark.build
def test_an_auditor_who_is_not_independent_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "projekt")
    target = project / "data" / "internrevision.yaml"
    shutil.copy(AUDIT_FIXTURE, target)
    replace_in(target, "    ansvariga: [objektagare]\n    revisor: samordnare\n",
               "    ansvariga: [objektagare]\n    revisor: objektagare\n")
    result = build(project)
    assert result.returncode != 0
    assert (f'{FILE}, rad 35, revision "ir-2", fält "revisor": revisorn "objektagare" ansvarar själv för det '
            "granskade området (ansvariga)") in result.output
    assert "Traceback" not in result.output
    assert not (project / "site" / "uppfoljning" / "internrevision").exists()


# --- Nonconformities and their corrective actions (ISO/IEC 27001 10.2) ----------------------------------

# Appended to the fixture programme (72 lines): the list starts on line 73, its entry on line 74.
OUTSIDE = """avvikelser:
  - id: avv-1
    upptäckt: 2026-11-01
    källa: Riskbedömningen
    beskrivning: En tjänst används utan PUB-avtal.
    krav: Rutinen för PUB-avtal
    orsak: Ingen kontroll vid beställning.
    åtgärder: [a26-nis2]
    senast: 2026-12-31
"""


def test_a_nonconformity_without_a_root_cause_is_refused(audit_dir):
    replace_in(audit_dir / "internrevision.yaml", "        orsak: Ingen mall för egenkontroller.\n", "")
    assert data_errors(audit_dir) == [
        f'{FILE}, rad 17, iakttagelse "ir-1-a": en avvikelse ska ange orsak: grundorsaken till att kravet inte '
        "uppfylls, så att åtgärderna kan hindra att det händer igen (ISO/IEC 27001 10.2)"]


def test_a_nonconformity_is_closed_only_when_the_effect_of_its_actions_is_checked(audit_dir):
    # ir-1-a's action becomes a26-lta, done 2026-02-10: the actions are done, but nobody checked the effect.
    replace_in(audit_dir / "internrevision.yaml", "        åtgärder: [a25-egenkontroll]\n",
               "        åtgärder: [a26-lta]\n")
    state = {f.finding.id: f.state for f in ia.findings(load_handbook(audit_dir), AS_OF)}
    assert state["ir-1-a"] is ia.FindingState.OVERDUE  # due 2026-06-30 and still not checked
    assert state["ir-1-c"] is ia.FindingState.DONE  # an improvement needs no effectiveness check
    replace_in(audit_dir / "internrevision.yaml", "        senast: 2026-06-30\n",
               "        senast: 2026-12-31\n        verkan:\n          kontrollerad: 2026-10-01\n"
               "          resultat: Stickprov visar dokumenterade kontroller.\n")
    state = {f.finding.id: f.state for f in ia.findings(load_handbook(audit_dir), AS_OF)}
    assert state["ir-1-a"] is ia.FindingState.DONE


def test_nonconformities_found_elsewhere_are_listed_due_and_reported_in_d1(audit_dir):
    with (audit_dir / "internrevision.yaml").open("a", encoding="utf-8") as handle:
        handle.write(OUTSIDE)
    hb = load_handbook(audit_dir)
    found = ia.nonconformities(hb, AS_OF)
    assert [(n.id, n.state) for n in found] == [("ir-4-a", ia.FindingState.OPEN), ("ir-1-a", ia.FindingState.OVERDUE),
                                                 ("avv-1", ia.FindingState.OPEN)]
    due = [i for i in fu.due_items(hb, [], AS_OF) if i.kind is fu.DueKind.NONCONFORMITY]
    assert [(i.key, i.owner, str(i.due)) for i in due] == [("avv-1", "Förvaltningsledningen", "2026-12-31")]
    assert [n.id for n in ia.review_nonconformities(hb, 2026, AS_OF)] == ["ir-4-a", "ir-1-a", "avv-1"]
    html = iav.nonconformities(hb, AS_OF)
    assert "Avvikelser och korrigerande åtgärder: 3, varav 3 inte åtgärdade – beräknat per 2026-11-28" in html
    assert ("<td>avv-1</td><td>2026-11-01</td><td>Riskbedömningen</td><td>En tjänst används utan PUB-avtal.</td>"
            "<td>Rutinen för PUB-avtal</td><td>Ingen kontroll vid beställning.</td><td>a26-nis2 (pågår)</td>"
            "<td>2026-12-31</td><td>–</td><td>öppen</td>") in html


def test_a_nonconformity_found_elsewhere_needs_its_root_cause(audit_dir):
    with (audit_dir / "internrevision.yaml").open("a", encoding="utf-8") as handle:
        handle.write(OUTSIDE.replace("    orsak: Ingen kontroll vid beställning.\n", ""))
    assert data_errors(audit_dir) == [f'{FILE}, rad 74, avvikelse "avv-1", fält "orsak": fältet saknas men måste finnas']


def test_who_files_incident_reports_may_audit_what_is_not_incident_handling(audit_dir):
    """ir-2 audits access management (no point 2, no incident controls): SLK may audit it."""
    replace_in(audit_dir / "internrevision.yaml", "    ansvariga: [objektagare]\n    revisor: samordnare\n",
               "    ansvariga: [objektagare]\n    revisor: slk-sakerhet\n")
    load_handbook(audit_dir)  # no DataError
    # The same auditor on ir-2 once it covers incident reporting through a control (A.6.8) is refused.
    replace_in(audit_dir / "internrevision.yaml", "    ansvariga: [objektagare]\n    revisor: slk-sakerhet\n",
               "    kontroller: [A.6.8]\n    ansvariga: [objektagare]\n    revisor: slk-sakerhet\n")
    assert [e.split(": revisorn")[0] for e in data_errors(audit_dir)] == [
        f'{FILE}, rad 36, revision "ir-2", fält "revisor"']


def test_the_programme_shows_which_clauses_and_controls_no_audit_covers_yet(audit_dir):
    """Fixture: ir-1 covers A.5.24 and A.5.25, no audit names a clause; then ir-1 takes clauses 4–9."""
    found = ia.coverage(load_handbook(audit_dir))
    assert found.missing_clauses == (4, 5, 6, 7, 8, 9, 10)
    covered = {c for a in load_handbook(audit_dir).internal_audits.audits for c in a.controls}  # type: ignore[union-attr]
    assert found.controls == len(covered) and len(found.missing_controls) == 93 - len(covered)
    replace_in(audit_dir / "internrevision.yaml", "    kontroller: [A.5.24, A.5.25]\n",
               "    kontroller: [A.5.24, A.5.25]\n    iso_avsnitt: [4, 5, 6, 7, 8, 9]\n")
    hb = load_handbook(audit_dir)
    assert ia.coverage(hb).missing_clauses == (10,)
    assert cells(iav.coverage(hb, AS_OF), "Revisionsprogrammets täckning (ISO/IEC 27001 9.2.2)") == [
        ["Avsnitt 4–10 i ISO/IEC 27001", "4, 5, 6, 7, 8, 9", "10"],
        ["Kontroller i bilaga A", f"{len(covered)} av 93", f"{93 - len(covered)} kontroller"]]


def test_a_clause_outside_4_to_10_is_refused(audit_dir):
    replace_in(audit_dir / "internrevision.yaml", "    kontroller: [A.5.24, A.5.25]\n",
               "    kontroller: [A.5.24, A.5.25]\n    iso_avsnitt: [3]\n")
    assert data_errors(audit_dir) == [
        f'{FILE}, rad 11, revision "ir-1", fält "iso_avsnitt[1]": "3" är för litet; minsta tillåtna värde är 4']
