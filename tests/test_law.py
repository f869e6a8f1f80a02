"""Law data on fixtures: references, the NIS 2 judgement, receivers, first steps and the on-call chain."""

from __future__ import annotations

from datetime import date

import pytest

from macros import law_views as law
from macros import models as m
from macros import nis2, views
from macros.documents import GoverningDoc, GoverningMeta
from macros.errors import UserError
from macros.ledger import Ledger, new_entry
from macros.loader import load_handbook
from macros.project import page_issues
from tests.conftest import AS_OF, data_errors, replace_in

ALL_PAGES = {"rutiner/uppfoljning-av-klassningar.md", "rutiner/incidenthantering.md", "rutiner/other.md"}


def _doc(path: str, areas: list[str]) -> GoverningDoc:
    """An adopted (in force) document claiming `areas`."""
    meta = GoverningMeta.model_validate({"typ": "rutin", "ägare": "samordnare", "version": "1.0",
                                         "nästa_granskning": "2027-01-01", "nis2": areas, "ändringar": [
                                             {"version": "1.0", "datum": "2026-01-01", "typ": "saklig",
                                              "beskrivning": "Första versionen."}]})
    adoption = new_entry(Ledger(), path, "1.0", "forvaltningsledning", date(2026, 1, 1), "FAR 2026/1", False,
                         date(2026, 1, 1), [(f"arkiv/{path[:-3]}/1.0/x.md.txt", "0" * 64)])
    return GoverningDoc(path, path.removesuffix(".md").split("/")[-1].capitalize(), meta, (adoption,))


def _rows(html: str) -> list[str]:
    return html.split("<tbody>")[1].split("<tr>")[1:]


def test_a_routine_claiming_an_area_does_not_make_it_covered(handbook):
    # rutiner/other.md claims every area; only area 2 (b) has a recorded judgement "täckt" in the fixture.
    docs = [_doc("rutiner/other.md", list("abcdefghij"))]
    html = law.nis2_matrix(handbook, docs, ALL_PAGES, AS_OF, "styrande/index.md")
    rows = _rows(html)
    assert [("<td>täckt</td>" in r) for r in rows] == [False, True] + [False] * 8
    assert sum("<td>ej bedömt</td>" in r for r in rows) == 7
    assert "1 täckt, 1 delvis, 1 saknas, 7 ej bedömt" in html
    assert all('href="../rutiner/other/"' in r for r in rows)  # the claims are shown beside the judgement
    assert "<td>1 (a)</td><td>strategier för riskanalys</td>" in rows[0]


def test_evidence_must_be_an_existing_page(handbook):
    with pytest.raises(UserError, match='sidan "rutiner/incidenthantering.md" finns inte under docs/'):
        law.nis2_matrix(handbook, [], ALL_PAGES - {"rutiner/incidenthantering.md"}, AS_OF, "styrande/index.md")


def test_judgement_lists_the_actions_with_their_status(handbook):
    html = law.nis2_matrix(handbook, [], ALL_PAGES, AS_OF, "styrande/index.md")
    assert "Genomföra cybersäkerhetslagens (NIS 2) krav i hela förvaltningen (pågår)" in _rows(html)[0]


def test_law_reference_has_section_and_checked_date_or_says_enligt(handbook):
    assert handbook.law_fact("csl-omfattning").reference == "1 kap. 3 § Cybersäkerhetslag (SFS 2025:1506)"
    assert handbook.law_fact("pdl").reference == "enligt Patientdatalag (SFS 2008:355)"
    assert handbook.law_fact("gdpr-anmalan").reference == "artikel 33 Dataskyddsförordningen (GDPR), (EU) 2016/679"
    html = law.law_facts(handbook)
    assert "Lagrum som handboken bygger på, 5 varav 1 inte kontrollerat" in html
    assert "<td>2026-11-28 mot lagtexten i SFS 2025:1506</td>" in html
    assert "<td>inte kontrollerad mot källan</td>" in html


def test_imy_row_names_the_controller_and_the_dpo_as_consulted(handbook):
    html = views.deadline_table(handbook, "personuppgift")
    row = _rows(html)[0]
    assert ("<td>–</td><td>Stadsdelsnämnden (Dataskyddsombud rådfrågas och anges i rapporten); på dess vägnar "
            "genom delegation: Informationssäkerhetssamordnare, Förvaltningens chef i beredskap (dygnet runt)</td>") in row
    assert "<td>Integritetsskyddsmyndigheten (IMY)</td>" in row
    assert "Rapporteras till" not in html


def test_nis_reports_go_through_slk_to_the_csirt(handbook):
    row = _rows(views.deadline_table(handbook, "nis"))[0]
    assert "<td>SLK:s informationssäkerhetsfunktion</td>" in row and "<td>CERT-SE vid MCF</td>" in row


def test_ledningen_is_a_recorded_decision_with_reasoning(handbook):
    assert [r.id for r in law.management_groups(handbook)] == ["namnd", "forvaltningsledning"]
    html = law.management(handbook, [_doc("rutiner/provrutin.md", ["b"])])
    assert "<td>Stadsdelsnämnden, Förvaltningsledningen</td>" in html
    assert "2 kap. 4 § Cybersäkerhetslag (SFS 2025:1506)" in html
    # The decision is read from the ledger, not typed: the cited version 1.0 is adopted.
    assert ("<td>Fastställt i Provrutin, version 1.0: beslutat av Förvaltningsledningen 2026-01-01, "
            "diarienummer FAR 2026/1.</td>") in html
    assert "<td>Anmärkning</td><td>Nämnden bekräftar ställningstagandet.</td>" in html


def test_ledningen_in_a_version_not_adopted_is_a_proposal(handbook):
    adopted = _doc("rutiner/provrutin.md", ["b"])
    proposal = GoverningMeta.model_validate({**adopted.meta.model_dump(by_alias=True), "planerat_beslut": "2027-01-26",
                                             "version": "1.1", "ändringar": [
        {"version": "1.1", "datum": "2026-11-01", "typ": "saklig", "beskrivning": "Ledningen utökas."},
        {"version": "1.0", "datum": "2026-01-01", "typ": "saklig", "beskrivning": "Första versionen."}]})
    draft = GoverningDoc(adopted.src_path, adopted.title, proposal, ())  # no decision in the ledger
    assert ("<td>Inte fastställt: föreslaget i Provrutin, version 1.0, planerat beslut 2027-01-26. Till dess "
            "gäller bara det som en fastställd version säger.</td>") in law.management(handbook, [draft])
    # A newer version under revision does not undo the decision on the version the stance cites.
    revised = GoverningDoc(adopted.src_path, adopted.title, proposal, adopted.adoptions)
    assert "<td>Fastställt i Provrutin, version 1.0: beslutat av" in law.management(handbook, [revised])


def test_ledningen_without_a_governing_document_is_not_decided(data_dir):
    replace_in(data_dir / "lagkrav.yaml", '  fastställs_i:\n    sida: rutiner/provrutin.md\n    version: "1.0"\n', "")
    html = law.management(load_handbook(data_dir), [])
    assert ("<td>Inte beslutat: inget styrdokument anger ställningstagandet (fastställs&#95;i saknas under ledningen "
            "i data/lagkrav.yaml).</td>") in html


def test_ledningen_must_cite_a_governing_page_and_one_of_its_versions(data_dir):
    hb = load_handbook(data_dir)
    page_set = {"rutiner/provrutin.md", "index.md"}
    doc = _doc("rutiner/provrutin.md", ["b"])
    assert [i for i in page_issues(data_dir, hb, page_set, [doc]) if "ledningen" in str(i)] == []
    replace_in(data_dir / "lagkrav.yaml", 'version: "1.0"\n  anmärkning', 'version: "2.0"\n  anmärkning')
    issues = [str(i) for i in page_issues(data_dir, load_handbook(data_dir), page_set, [doc])
              if "ledningen" in str(i)]
    line = _line_of(data_dir / "lagkrav.yaml", 'version: "2.0"')
    assert issues == [f'data/lagkrav.yaml, rad {line}, fält "ledningen.fastställs_i.version": "Provrutin" har ingen '
                      "version 2.0; versionerna i sidans ändringsanteckningar är 1.0"]
    replace_in(data_dir / "lagkrav.yaml", "sida: rutiner/provrutin.md", "sida: index.md")
    issues = [str(i) for i in page_issues(data_dir, load_handbook(data_dir), page_set, [doc])
              if "ledningen" in str(i)]
    assert issues == [f'data/lagkrav.yaml, rad {line - 1}, fält "ledningen.fastställs_i.sida": "index.md" är inget '
                      "styrdokument; ange det styrdokument som säger vem som är ledningen, till exempel "
                      "styrande/lokal-tillampningsanvisning.md"]


def _line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_first_steps_and_on_call_chain_come_from_data(handbook):
    html = law.first_steps(handbook, "index.md")
    assert "<summary>Du har klickat på en länk i ett misstänkt mejl (phishing)</summary>" in html
    assert "<li>Ring IT-support direkt.</li><li>Spara mejlet.</li>" in html
    assert html.index("IT-support</strong>: Spärrar konton dygnet runt.") < html.index("SLK:s informationssäkerhetsfunktion")
    assert 'href="rutiner/incidenthantering/"' in html
    assert law.on_call_list(handbook) in law.on_call(handbook)


def test_done_routine_action_without_result_page_stops_the_load(data_dir):
    replace_in(data_dir / "atgarder.yaml", "    resultat: rutiner/personuppgiftsincidenter.md\n", "")
    from macros.errors import DataError
    with pytest.raises(DataError, match="en klar åtgärd inom Rutiner ska visa var resultatet finns"):
        load_handbook(data_dir)


def test_areas_must_follow_the_law_order(data_dir):
    replace_in(data_dir / "lagkrav.yaml", "    bokstav: b\n", "    bokstav: c\n")
    from macros.errors import DataError
    with pytest.raises(DataError, match=r'punkt "2": områdena ska stå i lagens ordning: punkt 2, bokstav b'):
        load_handbook(data_dir)


def test_adopted_review_says_when_its_decision_data_is_example_data(handbook, data_dir):
    from macros import review_views as lg
    note = "Datum och diarienummer för beslutet är exempeldata."
    assert note not in lg.status_box(handbook, 2025, AS_OF)
    replace_in(data_dir / "genomgangar.yaml", "    diarienummer: FAR 2026/14\n",
               "    diarienummer: FAR 2026/14\n    beslut_exempeldata: ja\n")
    assert note in lg.status_box(load_handbook(data_dir), 2025, AS_OF)


def test_no_page_wraps_an_unchecked_law_fact_in_parentheses():
    # An unchecked fact renders "enligt <lag>": "patientdatalagen ({{ lagrum("pdl") }})" would read
    # "patientdatalagen (enligt Patientdatalag (SFS 2008:355))" on the page (review 2026-12, L2).
    import re

    from tests.conftest import ROOT
    hb = load_handbook(ROOT / "data")
    unchecked = {f.id for f in hb.law.facts if not f.section} if hb.law else set()
    wrapped = re.compile(r'\(\{\{ lagrum\("([a-z0-9-]+)"\) \}\}')
    found = [(page.relative_to(ROOT).as_posix(), m.group(1))
             for page in sorted((ROOT / "docs").rglob("*.md"))
             for m in wrapped.finditer(page.read_text(encoding="utf-8")) if m.group(1) in unchecked]
    assert found == []


def _changed(path: str, day: str) -> GoverningDoc:
    """The in-force document at `path` with a later editorial change note dated `day`."""
    doc = _doc(path, [])
    note = {"version": "1.0.1", "datum": day, "typ": "redaktionell", "beskrivning": "Stavfel."}
    meta = GoverningMeta.model_validate({**doc.meta.model_dump(by_alias=True, mode="json"), "version": "1.0.1",
                                         "ändringar": [note, *doc.meta.model_dump(by_alias=True, mode="json")[
                                             "ändringar"]]})
    return GoverningDoc(doc.src_path, doc.title, meta, doc.adoptions)


def test_a_judgement_older_than_a_change_to_its_evidence_must_be_reconsidered(handbook):
    """Fixture area 2 (täckt) was judged 2026-11-01 on rutiner/incidenthantering.md."""
    [area] = [a for a in handbook.law.nis2 if a.point == 2]
    later = _changed("rutiner/incidenthantering.md", "2026-11-20")
    assert nis2.reconsider(area, {later.src_path: later}) == [
        "Incidenthantering ändrades 2026-11-20, efter bedömningen"]
    earlier = _changed("rutiner/incidenthantering.md", "2026-10-20")
    assert nis2.reconsider(area, {earlier.src_path: earlier}) == []
    html = law.nis2_matrix(handbook, [later], ALL_PAGES, AS_OF, "styrande/index.md")
    assert "<td>2026-11-01 – ompröva: Incidenthantering ändrades 2026-11-20, efter bedömningen</td>" in _rows(html)[1]
    assert "7 ej bedömt; 1 bedömning att ompröva" in html


def test_an_area_judged_missing_whose_evidence_is_in_force_must_be_reconsidered(handbook):
    [area] = [a for a in handbook.law.nis2 if a.point == 2]
    missing = area.model_copy(update={"judgement": m.Coverage.MISSING})
    doc = _changed("rutiner/incidenthantering.md", "2026-10-20")
    assert nis2.reconsider(missing, {doc.src_path: doc}) == [
        "Incidenthantering är fastställd och gäller, men bedömningen säger saknas"]


def test_the_districts_own_deadline_to_slk_leaves_slk_time_for_the_legal_one(data_dir):
    """Fixture: the early warning (24 h) goes through SLK; the district's own deadline to reach SLK is data."""
    replace_in(data_dir / "organisation.yaml", "    timmar: 24\n    räknas_från: kännedom\n    mottagare: slk-sakerhet\n",
               "    timmar: 24\n    räknas_från: kännedom\n    mottagare: slk-sakerhet\n"
               "    till_mottagaren_inom_timmar: 12\n")
    row = _rows(views.deadline_table(load_handbook(data_dir), "nis"))[0]
    assert "<td>SLK:s informationssäkerhetsfunktion, senast 12 timmar efter kännedom</td>" in row
    replace_in(data_dir / "organisation.yaml", "    till_mottagaren_inom_timmar: 12\n",
               "    till_mottagaren_inom_timmar: 24\n")
    [error] = data_errors(data_dir)
    assert error.endswith("till_mottagaren_inom_timmar (24) måste vara kortare än fristen (24 timmar), så att "
                          "mottagaren hinner lämna rapporten i tid")
    assert error.startswith('data/organisation.yaml, rad ') and 'frist "nis-tidig-varning"' in error


def test_a_deadline_in_hours_needs_someone_with_delegation_reachable_around_the_clock(data_dir):
    org = data_dir / "organisation.yaml"
    replace_in(org, "    delegerad_till: [samordnare, chef-i-beredskap]\n", "    delegerad_till: [samordnare]\n")
    line = _line_of(org, "delegerad_till: [samordnare]")
    first = _line_of(org, "  - id: imy-anmalan")
    assert data_errors(data_dir) == [
        f'data/organisation.yaml, rad {line}, frist "imy-anmalan", fält "delegerad_till": fristen är 72 timmar och '
        "löper även under långa helger (påsk, midsommar, jul och nyår), när ingen arbetsdag ligger inom fristen; "
        "minst en roll som får lämna rapporten (anmäls_av eller delegerad_till) måste gå att nå dygnet runt: ange "
        "den under delegerad_till och skriv dygnet_runt: ja på rollen"]
    assert first < line
    # SLK files the NIS reports itself; without its around-the-clock duty the two reports in hours fail.
    replace_in(org, "    delegerad_till: [samordnare]\n", "    delegerad_till: [samordnare, chef-i-beredskap]\n")
    replace_in(org, "akut via stadens tjänsteman i beredskap\n    dygnet_runt: ja\n",
               "akut via stadens tjänsteman i beredskap\n")
    errors = data_errors(data_dir)
    assert [e.split(", fält")[0].split(", ")[-1] for e in errors] == ['frist "nis-tidig-varning"',
                                                                       'frist "nis-incidentanmalan"']

