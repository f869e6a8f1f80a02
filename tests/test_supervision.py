"""`lis tillsyn` and the risk register export, on the fixture project (tests/fixtures/utskrift + data).

The fixture project gets a known risk register (tests/fixtures/tillsyn/risker.yaml), the 3 × 3 risk
method, the SoA, registration (tests/fixtures/tillsyn/registrering.yaml) and management training fixtures,
and is committed to git with a fixed date so the version stamp is known.
The package with a printed review (Chromium, slow) is built once per session.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from macros import cli, pii, supervision
from macros.columns import HANDBOOK_STAMP as STAMP
from macros.edition import NO_GIT, handbook_version
from macros.errors import UserError
from macros.loader import load_handbook
from macros.lock import LOCK_NAME
from macros.project import load_project
from macros.registers.risks import risk_table
from macros.spreadsheet import export_all
from macros.supervision import CONTENTS
from macros.supervision_parts import READABLE
from macros.supervision_request import RequestArgs
from tests.archive_fixture import adopt_page
from tests.build_helpers import ROOT, run_lis
from tests.fixture_project import FIXTURES, fixture_project
from tests.git_fixture import commit, git
from tests.pdf_helpers import minimal_pdf

AS_OF = date(2026, 11, 28)
ZIP_NAME = "tillsynspaket-2026-11-28.zip"
ARCHIVED_PDF = minimal_pdf("Ledningens genomgang 2025, arkiverad utgava")  # real: the package is read with pdftotext
TABLES = ["bedomning-2-kap-3-cybersakerhetslagen", "bevarande", "dokumentregister", "handlingsplan", "incidentstatistik",
          "internrevision", "kontinuitet", "ledningen", "ledningsutbildning", "ovningar", "registrering", "riskregister",
          "systemforteckning", "tillamplighetsforklaring"]
# The adopted edition in force of each of the fixture's six adopted routines, copied from its archive.
EDITIONS = [f"styrdokument-rutiner-{name}-1.0.pdf" for name in (
    "behorighetshantering", "digitaliseringsinitiativ", "incidenthantering", "personuppgiftsincidenter", "provrutin",
    "uppfoljning-av-klassningar")]
FILES = sorted([*(f"{t}.{s}" for t in TABLES for s in ("csv", "xlsx")), "foljebrev.txt", "innehall.txt", *EDITIONS,
                "ledningens-genomgang-2025.pdf"])
# The request: the fixture's supervisor (added by supervision_project), both diarienummer, the contact and the
# secrecy review with two parts marked.
REQUEST = ("--myndighet", "lansstyrelsen", "--arende", "Lst 2026-77", "--diarienummer", "FAR 2026/321",
           "--kontakt", "samordnare", "--sekretessprovning", "samordnare",
           "--sekretess", "systemforteckning=18:8,kontinuitet=18:13")
TILLSYN = ("tillsyn", *REQUEST)
ASKED = RequestArgs("lansstyrelsen", "Lst 2026-77", "FAR 2026/321", "samordnare", "samordnare")
MAKE_REQUEST = {"MYNDIGHET": "lansstyrelsen", "ARENDE": "Lst 2026-77", "DNR": "FAR 2026/321", "KONTAKT": "samordnare",
                "SEKRETESSPROVNING": "samordnare", "SEKRETESS": "systemforteckning=18:8"}
SUPERVISOR = ("myndigheter:\n  - id: lansstyrelsen\n    namn: Länsstyrelsen i Stockholms län\n"
              "    uppgift: Tillsynsmyndighet för kommunerna i länet.\n    lagrum: [csl-omfattning]\n")
# The risk register page's order (Process … Källa), with the export-only columns around it.
RISK_HEADERS = ["Id", "Bedömd år", "Process", "Risk", "Nivå", "Sannolikhet", "Konsekvens", "Ägare", "Gäller",
                "Kontroller", "Behandling", "Åtgärder", "Behandlingen", "Kvarvarande nivå", "Accepterad av",
                "Accepterad", "Beslut", "Acceptans", "Källa", "I internkontrollplanen", "Omprövning", "Ursprung",
                "Handbokens version", "Beräknat per", "Exempeldata"]
EXAMPLE = "ja, påhittade uppgifter"  # the fixture data says exempeldata: ja, and every exported row says so

needs_tools = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")) and os.environ.get("CI") != "true",
    reason="Chromium och poppler saknas (CI installerar dem)")


def supervision_project(target: Path, committed: bool = True) -> Path:
    """The print fixture with a known risk register, risk method, SoA, registration and management training,
    committed on 2026-11-20."""
    project = fixture_project(target)
    shutil.copy(FIXTURES / "tillsyn" / "risker.yaml", project / "data" / "risker.yaml")
    shutil.copy(FIXTURES / "riskmetod" / "riskmetod.yaml", project / "data" / "riskmetod.yaml")
    shutil.copy(FIXTURES / "tillamplighet" / "tillamplighet.yaml", project / "data" / "tillamplighet.yaml")
    shutil.copy(FIXTURES / "tillsyn" / "registrering.yaml", project / "data" / "registrering.yaml")
    shutil.copy(FIXTURES / "tillsyn" / "bevarande.yaml", project / "data" / "bevarande.yaml")
    shutil.copy(FIXTURES / "ledningsutbildning" / "ledningsutbildning.yaml", project / "data" / "ledningsutbildning.yaml")
    shutil.copy(FIXTURES / "internrevision" / "internrevision.yaml", project / "data" / "internrevision.yaml")
    shutil.copy(FIXTURES / "ovningar" / "ovningar.yaml", project / "data" / "ovningar.yaml")
    law = project / "data" / "lagkrav.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("myndigheter:\n", SUPERVISOR, 1), encoding="utf-8")
    if committed:
        git(project, "init", "-q")
        commit(project, "Fixture", "2026-11-20T10:00:00+01:00")
    return project


def no_review_adopted(project: Path) -> None:
    (project / "data" / "genomgangar.yaml").write_text(
        "genomgångar:\n  - år: 2025\n    status: pågår\n  - år: 2026\n    status: pågår\n", encoding="utf-8")


def version_of(project: Path) -> str:
    return f"git {git(project, 'rev-parse', '--short', 'HEAD').strip()} (2026-11-20)"


def csv_rows(package: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = package.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def tree(root: Path) -> dict[str, bytes]:
    """Every file but git's, caches and the lock file (which every writing command opens)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts and "__pycache__" not in p.parts and p.name != LOCK_NAME}


@pytest.fixture(scope="session")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, zipfile.ZipFile, str]:
    """`lis tillsyn` once, with the review of 2025 printed: the project, the zip and the message."""
    project = supervision_project(tmp_path_factory.mktemp("tillsyn") / "handbok")
    result = run_lis(project, *TILLSYN)
    assert result.returncode == 0, result.stderr
    return project, zipfile.ZipFile(project / "tillsyn" / ZIP_NAME), result.stdout


@pytest.fixture
def quick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed project with no adopted review (no printing), as the current folder, LIS_DATE set."""
    project = supervision_project(tmp_path / "handbok", committed=False)
    no_review_adopted(project)
    git(project, "init", "-q")
    commit(project, "Fixture", "2026-11-20T10:00:00+01:00")
    monkeypatch.chdir(project)
    monkeypatch.setenv("LIS_DATE", AS_OF.isoformat())
    return project


def lis(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- The package with an adopted review ---------------------------------------------------------------


def test_the_zip_holds_exactly_the_tables_the_review_and_the_contents_file(packaged):
    _, package, message = packaged
    assert sorted(package.namelist()) == FILES
    assert message == (f"Skrev tillsyn/{ZIP_NAME} ur LIS-utgåvan (hela handboken, begränsad åtkomst): 37 filer med "
                       "ledningens genomgång 2025, beräknat per "
                       "2026-11-28; 2 delar markerade som omfattade av sekretess. Innehållet står i innehall.txt, "
                       "följebrevet i foljebrev.txt.\n")
    assert {info.date_time for info in package.infolist()} == {(2026, 11, 28, 0, 0, 0)}


def test_every_table_row_is_stamped_with_the_version_and_the_reference_date(packaged):
    project, package, _ = packaged
    version = version_of(project)
    for table in TABLES:
        header, *rows = csv_rows(package, f"{table}.csv")
        assert header[-3:] == ["Handbokens version", "Beräknat per", "Exempeldata"], table
        assert rows, table
        assert {tuple(row[-3:]) for row in rows} == {(version, "2026-11-28", EXAMPLE)}, table
        sheet = load_workbook(io.BytesIO(package.read(f"{table}.xlsx"))).active
        values = list(sheet.iter_rows(values_only=True))
        assert [list(r) for r in values[1:]] and all(r[-2] == datetime(2026, 11, 28) for r in values[1:]), table
        assert all(r[-3] == version for r in values[1:]), table


def test_the_risk_register_has_the_method_fields_from_known_data_and_neutralised_formulas(packaged):
    project, package, _ = packaged
    v = version_of(project)
    assert csv_rows(package, "riskregister.csv") == [RISK_HEADERS, [
        "behorighet-2025", "2025", "Behörighetshantering", "Användare har fler behörigheter än de behöver.",
        "mycket hög", "3", "3", "Informationssäkerhetssamordnare", "", "", "Rutin för tilldelning och egenkontroller.",
        "a25-behorighet-rutin, a25-egenkontroll", "försenad", "medel", "Chef", "2025-12-10", "EX-10",
        "accepterad av Chef 2025-12-10 (EX-10)", "VoR 2025", "ja", "ersatt av bedömningen 2026", "exempeldata", v,
        "2026-11-28", EXAMPLE,
    ], [
        "behorighet-2026", "2026", "Behörighetshantering", "Användare har fler behörigheter än de behöver.",
        "hög", "2", "3", "Informationssäkerhetssamordnare", "", "", "Inventering och uppföljning.", "a26-inventering",
        "genomförd", "låg", "Objektägare/systemägare", "2026-11-20", "EX-11",
        "accepterad av Objektägare/systemägare 2026-11-20 (EX-11)", "VoR 2026", "nej", "omprövad 2026",
        "exempeldata", v, "2026-11-28", EXAMPLE,
    ], [
        "formel", "2025", "'=HYPERLINK(\"http://evil.example/\",\"Klicka\")",
        "'+1+cmd|' /C calc'!A0", "hög", "", "", "", "", "", "'@SUM(1+1)", "a26-utb-medarbetare", "pågår", "ej bedömd",
        "", "", "", "–", "GDPR-årsrapport 2024", "nej", "ska omprövas 2026", "exempeldata", v, "2026-11-28",
        EXAMPLE,
    ]]
    sheet = load_workbook(io.BytesIO(package.read("riskregister.xlsx"))).active
    formula = sheet.cell(4, 3)  # Process
    assert formula.value == '=HYPERLINK("http://evil.example/","Klicka")'
    assert formula.data_type == "s" and formula.quotePrefix
    assert [c.value for c in sheet[2]][4:8] == ["mycket hög", 3, 3, "Informationssäkerhetssamordnare"]


def test_the_document_register_lists_status_decision_and_version(packaged):
    _, package, _ = packaged
    header, *rows = csv_rows(package, "dokumentregister.csv")
    assert header[:16] == ["Dokument", "Sida", "Typ", "Ägare", "Version", "Status", "Gällande utgåva",
                           "Beslutad av", "Beslutsdatum", "Diarienummer", "Beslutsuppgifterna är exempel",
                           "Fastställd utgåva (PDF)", "Senast granskad", "Planerad granskning", "Senast ändrad",
                           "Granskning"]
    provrutin = next(r for r in rows if r[0] == "Provrutin")
    # the page and the archived edition by title and by the file in the package, not by their paths
    assert provrutin[:16] == ["Provrutin", "Provrutin", "rutin", "Informationssäkerhetssamordnare",
                              "1.0", "gällande", "version 1.0", "Förvaltningsledningen", "2026-01-26", "PROV 2026/1",
                              "nej", "styrdokument-rutiner-provrutin-1.0.pdf", "2026-01-26", "2027-01-26",
                              "2026-01-26", "inom 59 dagar"]
    assert len(rows) == len(load_project(packaged[0]).documents)


def test_the_retention_table_lists_each_kind_of_record(packaged):
    project, package, _ = packaged
    assert csv_rows(package, "bevarande.csv") == [
        ["Handling", "Bevarande", "Förvaras", "Grund", "Exempel", *STAMP, "Exempeldata"],
        ["Fastställda utgåvor av styrdokument", "Bevaras", "Diariet och e-arkivet.",
         "Informationshanteringsplan 2026, punkt 3.1", "nej", version_of(project), "2026-11-28",
         EXAMPLE],
        ["Incidentloggen", "Gallras efter 5 år", "Ärendehanteringen.", "Informationshanteringsplan 2026, punkt 3.4",
         "ja", version_of(project), "2026-11-28", EXAMPLE]]


def test_incident_statistics_and_action_plan_come_from_the_data(packaged):
    project, package, _ = packaged
    assert [r[:6] for r in csv_rows(package, "incidentstatistik.csv")[1:]] == [
        ["2023", "1", "24", "3", "", "exempeldata"], ["2024", "1", "21", "2", "", "exempeldata"],
        ["2025", "1", "15", "", "Leverantörsincidenten i Miljödata röjde personuppgifter om samtliga medarbetare.",
         "exempeldata"],
        ["2026", "0", "11", "1", "Hittills i år.", "exempeldata"]]
    actions = csv_rows(package, "handlingsplan.csv")
    assert actions[0][-4:] == ["Status per 2026-11-28", *STAMP, "Exempeldata"]
    assert [r[0] for r in actions[1:]] == [a.id for a in load_handbook(project / "data").actions]


def test_the_contents_file_lists_each_item_its_stamp_and_source(packaged):
    project, package, _ = packaged
    text = package.read("innehall.txt").decode("utf-8")
    assert text.startswith("Tillsynspaket för Farsta stadsdelsförvaltning (Farsta stadsdelsnämnd)\n\n"
                           "Till: Länsstyrelsen i Stockholms län, ert diarienummer Lst 2026-77\n"
                           "Vårt diarienummer: FAR 2026/321\n"
                           "Beräknat per: 2026-11-28 (LIS_DATE eller dagen då paketet skapades)\n"
                           f"Handbokens version: {version_of(project)}\nSkapat med: lis tillsyn\n\nExempeldata: ")
    for table in TABLES:
        assert f"- {table}.xlsx och {table}.csv\n" in text
    assert text.count("  Stämpel: kolumnerna Handbokens version och Beräknat per på varje rad.\n") == len(TABLES)
    assert ("- bevarande.xlsx och bevarande.csv\n  Bevarande och gallring: 2 slag av LIS-handlingar med hur länge de "
            "sparas, var och enligt vilket beslut (informationshanteringsplanen).\n"
            "  Källa: handbokens sida Styrande dokument.\n") in text
    assert "- riskregister.xlsx och riskregister.csv\n" in text and "  Källa: handbokens sida Riskhantering.\n" in text
    assert ("- ledningens-genomgang-2025.pdf\n  Ledningens genomgång 2025, fastställd 2026-01-27, diarienummer "
            "FAR 2026/14.\n  OBS: genomgången finns inte i handbokens arkiv över fastställda utgåvor, så filen är "
            "utskriven ur dagens text och är inte den arkiverade fastställda utgåvan.\n"
            "  Källa: handbokens sida Ledningens genomgång 2025, utskriven 2026-11-28.\n"
            "  Stämpel: titelsidan anger att siffrorna gäller per 2025-12-31 och att den är utskriven 2026-11-28.\n"
            ) in text
    assert ("- styrdokument-rutiner-provrutin-1.0.pdf\n  Provrutin, version 1.0, fastställd 2026-01-26 av "
            "Förvaltningsledningen, diarienummer PROV 2026/1.\n  Källa: handbokens arkiv över fastställda utgåvor "
            "(fastställelse 2), SHA-256 ") in text
    assert text.endswith("- Incidentlogg: ingen fil; uppgifterna finns ännu inte i handboken.\n"
                         "- Registerförteckning: ingen fil; uppgifterna finns ännu inte i handboken.\n\nTabellerna finns både "
                         "som .xlsx och som .csv (semikolonseparerad, UTF-8). Text som ett kalkylprogram kunde läsa "
                         "som en formel står som text; i .csv-filerna har den en apostrof först.\n")


@needs_tools
def test_the_review_is_the_printed_adopted_edition(packaged):
    _, package, _ = packaged
    content = package.read("ledningens-genomgang-2025.pdf")
    assert content.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert "Fastställd av Farsta stadsdelsnämnd 2026-01-27" in text and "FAR 2026/14" in text
    assert "Utskriven" in text and "2026-11-28" in text


# --- The cover letter, the secrecy review and the parts no register exports ------------------------------


def test_the_cover_letter_is_filled_from_the_request_and_the_data(packaged):
    _, package, _ = packaged
    letter = package.read("foljebrev.txt").decode("utf-8")
    assert letter.startswith(
        "Följebrev\n\nTill: Länsstyrelsen i Stockholms län\nErt diarienummer: Lst 2026-77\n"
        "Vårt diarienummer: FAR 2026/321\nDatum: 2026-11-28\n\n"
        "Från: Farsta stadsdelsnämnd, Farsta stadsdelsförvaltning, Stockholms stad\n"
        # the registered operator, the authority and who registered, from tests/fixtures/tillsyn/registrering.yaml
        "Verksamhetsutövare: Teststaden. Anmäld till CERT-SE vid MCF 2026-02-02 av SLK:s informationssäkerhetsfunktion, "
        "diarienummer TEST-1 (exempel).\n\n")
    parts = [*TABLES, *(e.removesuffix(".pdf") for e in EDITIONS), "ledningens-genomgang-2025"]
    assert f"Paketet innehåller {len(parts)} delar; innehall.txt beskriver varje del" in letter
    assert sorted(line[2:] for line in letter.splitlines() if line.startswith("- ") and ":" not in line) == sorted(parts)
    assert ("Sekretessprövning: gjord 2026-11-28 av Informationssäkerhetssamordnare.\n"
            "Delar som är markerade som omfattade av sekretess:\n"
            "- systemforteckning: 18 kap. 8 § offentlighets- och sekretesslagen (2009:400) (uppgifter om säkerhets- och "
            "skyddsåtgärder, t.ex. it-säkerhet och sårbarheter)\n"
            "- kontinuitet: 18 kap. 13 § offentlighets- och sekretesslagen (2009:400) (risk- och sårbarhetsanalyser)\n"
            ) in letter
    assert "Överföring och diarieföring: skicka paketet på det säkra sätt som tillsynsmyndigheten anvisar" in letter
    assert ("Kontaktperson: Informationssäkerhetssamordnare\n  E-post: informationssakerhet.farsta@example.se\n"
            "  Telefon: 08-000 00 10\n  Nås: vardagar 8–16\n") in letter


def test_the_contents_file_says_what_each_part_is_and_what_was_marked_secret(packaged):
    _, package, _ = packaged
    text = package.read("innehall.txt").decode("utf-8")
    assert ("Sekretessprövning: gjord 2026-11-28 av Informationssäkerhetssamordnare.\n"
            "Delar som är markerade som omfattade av sekretess:\n- systemforteckning: 18 kap. 8 § ") in text
    assert "- foljebrev.txt\n  Följebrevet: till vem, båda diarienumren" in text
    marked = [block for block in text.split("\n- ") if "  Sekretess: markerad som omfattad av " in block]
    assert [block.split(".", 1)[0] for block in marked] == ["systemforteckning", "kontinuitet"]
    assert "  Sekretess: markerad som omfattad av 18 kap. 13 § offentlighets- och sekretesslagen (2009:400)" in marked[1]
    assert ("- kontinuitet.xlsx och kontinuitet.csv\n  Kontinuitet per system i drift (5 system, 4 med brister): "
            "om kontinuitet krävs") in text
    assert ("- bedomning-2-kap-3-cybersakerhetslagen.xlsx och bedomning-2-kap-3-cybersakerhetslagen.csv\n"
            "  Samordnarens bedömning av säkerhetsåtgärderna per punkt 1–10 i 2 kap. 3 § cybersäkerhetslagen "
            "(3 av 10 punkter bedömda)") in text
    assert "- systemforteckning.xlsx och systemforteckning.csv\n  Systemförteckningen: 6 system med " in text


@pytest.mark.parametrize("name", ["innehall.txt", "foljebrev.txt"])
def test_no_internal_id_or_repository_path_in_the_text_files(packaged, name):
    _, package, _ = packaged
    text = package.read(name).decode("utf-8")
    # role ids (slk-sakerhet registered, samordnare is the contact), the authority's id, paths of pages and data
    for internal in ("slk-sakerhet", "lansstyrelsen,", "lansstyrelsen\n", "docs/", "data/", ".md", ".yaml",
                     "liggare", "lis faststall"):
        assert internal not in text, internal
    assert "samordnare" not in text.replace("Informationssäkerhetssamordnare", "")


def test_the_judgement_ledningen_and_continuity_are_computed_from_the_data(packaged):
    project, package, _ = packaged
    v = version_of(project)
    nis2 = csv_rows(package, "bedomning-2-kap-3-cybersakerhetslagen.csv")
    assert nis2[0] == ["Punkt", "NIS 2 art. 21.2", "Område enligt 2 kap. 3 §", "Bedömning", "Motivering", "Bedömd",
                       "Avsnitt i ISO/IEC 27001", "Belägg (sidor i handboken)", "Åtgärder", *STAMP, "Exempeldata"]
    assert nis2[2] == ["2", "b", "incidenthantering", "täckt", "Rutinen täcker området.", "2026-11-01", "",
                       "Incidenthantering", "", v, "2026-11-28", EXAMPLE]
    assert [r[3] for r in nis2[1:]] == ["delvis", "täckt", "saknas", *["ej bedömt"] * 7]
    assert nis2[1][7:9] == ["Uppföljning av klassningar",
                            "Genomföra cybersäkerhetslagens (NIS 2) krav i hela förvaltningen (pågår)"]
    assert csv_rows(package, "ledningen.csv")[1:] == [
        ["Räknas som ledningen", "Stadsdelsnämnden, Förvaltningsledningen", v, "2026-11-28", EXAMPLE],
        ["Motivering", "Nämnden är ytterst ansvarig.", v, "2026-11-28", EXAMPLE],
        ["Beslut", "Fastställt i Provrutin, version 1.0: beslutat av Förvaltningsledningen 2026-01-26, "
                   "diarienummer PROV 2026/1.", v, "2026-11-28", EXAMPLE],
        ["Anmärkning", "Nämnden bekräftar ställningstagandet.", v, "2026-11-28", EXAMPLE],
        ["Lagrum", "2 kap. 4 § Cybersäkerhetslag (SFS 2025:1506)", v, "2026-11-28", EXAMPLE]]
    # tests/fixtures/data/kontinuitet.yaml: zeta is retired, beta (T 1, not samhällsviktig) needs none
    rows = {r[0]: r[2:12] for r in csv_rows(package, "kontinuitet.csv")[1:]}
    assert list(rows) == ["Alfa", "Beta", "Gamma", "Delta", "Epsilon"]
    assert rows["Beta"] == ["nej", "1", "nej", "uppgift saknas", "", "", "uppgift saknas", "–", "–", "inga"]
    assert rows["Gamma"] == ["nej", "3", "ja", "ja", "2025-10-01", "2026-10-01", "staden (stadens drift)", "8 timmar",
                             "–", "Kräver kontinuitet, utan återställningsmål; Reservrutin på papper utan hantering"]
    assert rows["Delta"][:3] == ["nej", "ej klassat", "ja"]
    assert rows["Alfa"][:3] == ["ja", "2", "ja"]  # samhällsviktigt: continuity required below T 3


def test_the_tables_name_roles_pages_systems_and_editions_instead_of_ids_and_paths(packaged):
    project, package, _ = packaged
    hb = load_handbook(project / "data")
    role_ids, system_ids = {r.id for r in hb.organisation.roles}, {s.id for s in hb.systems}
    seen = set()
    for table in TABLES:
        header, *rows = csv_rows(package, f"{table}.csv")
        for i, name in enumerate(header):
            if name not in READABLE:
                continue
            seen.add(name)
            tokens = {t for row in rows for t in row[i].split(", ")}
            assert not tokens & (role_ids | system_ids), (table, name, tokens & (role_ids | system_ids))
            assert not [t for t in tokens if t.endswith((".md", ".pdf")) and "/" in t], (table, name)
    assert seen == set(READABLE), "a column in READABLE is no longer exported under that header"
    exercise = dict(zip(*csv_rows(package, "ovningar.csv")[:2], strict=True))
    audit = dict(zip(*csv_rows(package, "internrevision.csv")[:2], strict=True))
    # tests/fixtures/ovningar/ovningar.yaml ov-1 and tests/fixtures/internrevision/internrevision.yaml ir-1
    assert (exercise["Deltagare"], exercise["System"]) == ("Informationssäkerhetssamordnare, IT-support", "Alfa")
    assert (audit["Ansvariga"], audit["Revisor"], audit["Rutiner"]) == (
        "Informationssäkerhetssamordnare", "Registrator", "Incidenthantering")


REQUIRED = {"--myndighet": "tillsynsmyndigheten (--myndighet)",
            "--arende": "tillsynsmyndighetens diarienummer (--arende)",
            "--diarienummer": "förvaltningens diarienummer (--diarienummer)",
            "--kontakt": "kontaktperson (--kontakt ROLL)"}


def without(*options: str) -> list[str]:
    args = list(REQUEST)
    for option in options:
        at = args.index(option)
        del args[at:at + 2]
    return args


@pytest.mark.parametrize(("args", "message"), [
    (without("--arende"), "Fel: följebrevet saknar tillsynsmyndighetens diarienummer (--arende). Ingenting har "
                          "skrivits.\n"),
    (without(*REQUIRED), f"Fel: följebrevet saknar {', '.join(list(REQUIRED.values())[:3])} och "
                         f"{REQUIRED['--kontakt']}. Ingenting har skrivits.\n"),
    ([*without("--diarienummer"), "--diarienummer", "  "],
     "Fel: följebrevet saknar förvaltningens diarienummer (--diarienummer). Ingenting har skrivits.\n"),
    ([*without("--myndighet"), "--myndighet", "mcf"],
     'Fel: okänd myndighet "mcf" (--myndighet); kända myndigheter i data/lagkrav.yaml: lansstyrelsen, mcf-csirt, '
     "imy. Ingenting har skrivits.\n"),
    ([*without("--kontakt"), "--kontakt", "chef"],
     'Fel: rollen "chef" (Chef) har varken epost eller telefon i data/organisation.yaml; välj en kontaktperson med '
     "kontaktuppgifter (--kontakt). Ingenting har skrivits.\n"),
    ([*without("--kontakt"), "--kontakt", "ingen"], 'Fel: okänd roll "ingen" (--kontakt); kända roller i '
                                                     "data/organisation.yaml: "),
    (without("--sekretessprovning", "--sekretess"),
     "Fel: ange vem som har gjort sekretessprövningen (--sekretessprovning ROLL) och vilka delar som omfattas av "
     "sekretess (--sekretess DEL=18:8 eller DEL=18:13), eller --ingen-sekretessprovning om paketet ska skapas utan "
     "prövning. Ingenting har skrivits.\n"),
    ([*without("--sekretessprovning"), "--ingen-sekretessprovning"],
     "Fel: --sekretess kräver --sekretessprovning ROLL: vem som har markerat delarna. Ingenting har skrivits.\n"),
    ([*without("--sekretess"), "--sekretess", "riskregister=18:9"],
     'Fel: --sekretess "riskregister=18:9": skriv DEL=GRUND, där GRUND är 18:8 och 18:13 (18 kap. 8 § eller 13 § '
     "offentlighets- och sekretesslagen), t.ex. systemforteckning=18:8. Ingenting har skrivits.\n"),
    ([*without("--sekretess"), "--sekretess", "riskregister.csv=18:8,docs/hemligt=18:13"],
     'Fel: --sekretess: "riskregister.csv" och "docs/hemligt" hör inte till paketet; delarna är dokumentregister, '
     "systemforteckning, tillamplighetsforklaring, riskregister, incidentstatistik, handlingsplan, internrevision, "
     "ovningar, registrering, "
     "bevarande, ledningsutbildning, bedomning-2-kap-3-cybersakerhetslagen, ledningen, kontinuitet, "
     f"{', '.join(e.removesuffix('.pdf') for e in sorted(EDITIONS))}. Ingenting har skrivits.\n"),
])
def test_a_missing_or_wrong_request_value_is_a_swedish_error_and_writes_nothing(quick, capsys, args, message):
    before = tree(quick)
    code, out, err = lis(capsys, "tillsyn", *args)
    assert (code, out) == (1, "")
    assert err.startswith(message) if message.endswith(": ") else err == message
    assert tree(quick) == before


def test_both_secrecy_options_are_refused(quick, capsys):
    code, out, err = lis(capsys, *TILLSYN, "--ingen-sekretessprovning")
    assert (code, out) == (2, "")
    assert err.endswith("fel: argumentet --ingen-sekretessprovning: får inte användas tillsammans med "
                        "--sekretessprovning\n")


def test_without_a_secrecy_review_both_text_files_say_so_first(quick, capsys):
    code, out, err = lis(capsys, "tillsyn", *without("--sekretessprovning", "--sekretess"), "--ingen-sekretessprovning")
    assert (code, err) == (0, "")
    assert out.endswith("; OBS: sekretessprövningen är inte gjord; skicka inte paketet förrän den är gjord. "
                        "Innehållet står i innehall.txt, följebrevet i foljebrev.txt.\n")
    package = zipfile.ZipFile(quick / "tillsyn" / ZIP_NAME)
    for name in ("innehall.txt", "foljebrev.txt"):
        text = package.read(name).decode("utf-8")
        assert text.startswith("OBS: SEKRETESSPRÖVNINGEN ÄR INTE GJORD. Ingen har markerat vilka delar som omfattas "
                               "av sekretess (18 kap. 8 § och 13 § offentlighets- och sekretesslagen). Paketet kan "
                               "röja säkerhetsåtgärder och får inte skickas förrän prövningen är gjord.\n\n"), name
        assert "Sekretess: markerad" not in text and "Sekretessprövning: gjord" not in text


def test_a_review_with_nothing_secret_says_so(quick, capsys):
    code, out, _ = lis(capsys, "tillsyn", *without("--sekretess"))
    assert code == 0 and "; ingen del markerad som omfattad av sekretess. " in out
    text = zipfile.ZipFile(quick / "tillsyn" / ZIP_NAME).read("foljebrev.txt").decode("utf-8")
    assert ("Sekretessprövning: gjord 2026-11-28 av Informationssäkerhetssamordnare.\n"
            "Ingen del är markerad som omfattad av sekretess.\n") in text


# --- Without an adopted review, an archived edition, a folder ------------------------------------------


def test_without_an_adopted_review_the_package_says_so_instead_of_failing(quick, capsys):
    code, out, err = lis(capsys, *TILLSYN)
    assert (code, err) == (0, "")
    assert out == (f"Skrev tillsyn/{ZIP_NAME} ur LIS-utgåvan (hela handboken, begränsad åtkomst): 36 filer utan "
                   "ledningens genomgång (ingen är fastställd), "
                   "beräknat per 2026-11-28; 2 delar markerade som omfattade av sekretess. Innehållet står i "
                   "innehall.txt, följebrevet i foljebrev.txt.\n")
    package = zipfile.ZipFile(quick / "tillsyn" / ZIP_NAME)
    assert sorted(package.namelist()) == [f for f in FILES if f != "ledningens-genomgang-2025.pdf"]
    assert ("- Ledningens genomgång: ingen fil. Ingen ledningens genomgång är fastställd, så paketet innehåller "
            "ingen.\n") in package.read("innehall.txt").decode("utf-8")
    assert "- ledningens-genomgang" not in package.read("foljebrev.txt").decode("utf-8")


def test_an_archived_review_is_packed_as_the_adopted_edition_without_printing(quick, capsys, monkeypatch):
    (quick / "data" / "genomgangar.yaml").write_text(
        "genomgångar:\n  - år: 2025\n    status: fastställd\n    beräknad_per: 2025-12-31\n"
        "    fastställd: 2026-01-27\n    diarienummer: FAR 2026/14\n", encoding="utf-8")
    entry = adopt_page(quick / "docs", "ledningens-genomgang/2025.md", None, "namnd", "2026-01-27", "FAR 2026/14",
                       pdf=ARCHIVED_PDF)
    monkeypatch.setattr(supervision.pdf, "export", lambda *a, **k: pytest.fail("printed instead of archived"))
    code, out, err = lis(capsys, *TILLSYN, "--mapp", "paket")
    assert (code, err) == (0, ""), err
    assert out.startswith("Skrev paket ur LIS-utgåvan (hela handboken, begränsad åtkomst): 37 filer med ledningens "
                          "genomgång 2025")
    assert (quick / "paket" / "ledningens-genomgang-2025.pdf").read_bytes() == ARCHIVED_PDF
    text = (quick / "paket" / "innehall.txt").read_text(encoding="utf-8")
    assert f"  Källa: handbokens arkiv över fastställda utgåvor (fastställelse {entry.number}).\n" in text
    digest = hashlib.sha256(ARCHIVED_PDF).hexdigest()
    assert f"SHA-256 {digest}" in text
    assert "med ändringar som inte är incheckade" in text  # the data changed after the commit


def test_a_number_the_data_check_missed_stops_the_package_and_nothing_is_written(quick, capsys, monkeypatch):
    """Class: a personal number in the supervision package (every file in it is read, PDFs with pdftotext)."""
    monkeypatch.setattr(pii, "scan", lambda files, allowed: [])  # as if the check of the sources had missed it
    risks = quick / "data" / "risker.yaml"
    text = risks.read_text(encoding="utf-8")
    risks.write_text(text.replace("    risk: Användare har fler behörigheter än de behöver.\n",
                                  "    risk: Användare (900101-1239) har fler behörigheter än de behöver.\n", 1),
                     encoding="utf-8")
    code, out, err = lis(capsys, *TILLSYN)
    assert (code, out) == (1, "")
    assert err.startswith("Fel: Tillsynspaketet innehåller personnummer eller samordningsnummer och stoppades.")
    assert (f"  - {ZIP_NAME}/riskregister.xlsx: 900101-1239 ser ut som ett personnummer eller samordningsnummer "
            "(kontrollsiffran stämmer); siffrorna står i data/risker.yaml, rad ") in err
    assert f"  - {ZIP_NAME}/riskregister.csv: 900101-1239" in err
    assert not (quick / "tillsyn").exists()


def test_mapp_writes_the_same_files_as_a_folder(quick, capsys):
    assert lis(capsys, *TILLSYN, "--mapp", "ut/paket")[0] == 0
    assert sorted(p.name for p in (quick / "ut" / "paket").iterdir()) == [f for f in FILES if f != "ledningens-genomgang-2025.pdf"]
    assert not list((quick / "ut").glob(".*")), "a temporary folder was left behind"


# --- Errors: Swedish, nothing written -----------------------------------------------------------------


def test_an_existing_package_is_kept_unless_ersatt(quick, capsys):
    target = quick / "tillsyn" / ZIP_NAME
    assert lis(capsys, *TILLSYN)[0] == 0
    written = target.read_bytes()
    code, out, err = lis(capsys, *TILLSYN)
    assert (code, out) == (1, "")
    assert err == (f"Fel: {target} finns redan (skrivet av lis tillsyn); inget kommando skriver över något utan att "
                   "du ber om det. Välj en annan plats eller lägg till --ersatt för att ersätta det. Ingenting har "
                   "ändrats.\n")
    assert target.read_bytes() == written
    assert lis(capsys, *TILLSYN, "--ersatt")[0] == 0
    assert zipfile.ZipFile(target).namelist()
    assert sorted(p.name for p in target.parent.iterdir()) == [ZIP_NAME]


def test_a_file_the_command_did_not_write_is_never_replaced(quick, capsys):
    target = quick / "tillsyn" / ZIP_NAME
    target.parent.mkdir()
    target.write_bytes(b"gammalt")
    for args in ([], ["--ersatt"]):
        code, out, err = lis(capsys, *TILLSYN, *args)
        assert (code, out) == (1, "")
        assert err == (f"Fel: {target} finns redan och är inget som lis tillsyn har skrivit där (eller så har något "
                       "ändrats i det sedan dess). Inget kommando tar bort eller skriver över något som det inte själv "
                       "har skrivit. Välj en annan plats. Ingenting har ändrats.\n")
        assert "--ersatt" not in err
        assert target.read_bytes() == b"gammalt"


@pytest.mark.parametrize(("folder", "why"), [
    (".", "handbokens egen mapp"),
    ("data", "en del av handbokens källor (data/)"),
])
@pytest.mark.parametrize("ersatt", [[], ["--ersatt"]])
def test_mapp_never_deletes_the_handbook_or_its_data(quick, capsys, folder, why, ersatt):
    """Issue 23's critical item as reported: `--mapp . --ersatt` deleted the handbook (.git and uncommitted
    files too), `--mapp data --ersatt` all data, and the refusal without `--ersatt` advised `--ersatt`."""
    (quick / "osparad.txt").write_text("inte incheckad", encoding="utf-8")
    before, git_before = tree(quick), sorted((quick / ".git").rglob("*"))
    code, out, err = lis(capsys, *TILLSYN, "--mapp", folder, *ersatt)
    target = quick if folder == "." else quick / folder
    assert (code, out) == (1, "")
    assert err == (f"Fel: {target} är {why}; där skriver och ersätter inget kommando något. Välj en egen, ny mapp "
                   "eller fil utanför handbokens källor. Ingenting har ändrats.\n")
    assert tree(quick) == before and sorted((quick / ".git").rglob("*")) == git_before


def test_mapp_with_ersatt_replaces_only_an_earlier_package(quick, capsys):
    old = quick / "paket"
    old.mkdir()
    (old / "kvar.txt").write_text("gammal fil", encoding="utf-8")
    before = tree(quick)
    assert lis(capsys, *TILLSYN, "--mapp", "paket")[0] == 1
    assert lis(capsys, *TILLSYN, "--mapp", "paket", "--ersatt")[0] == 1
    assert tree(quick) == before
    (old / "kvar.txt").unlink()
    old.rmdir()
    assert lis(capsys, *TILLSYN, "--mapp", "paket")[0] == 0
    (old / CONTENTS).write_text("ändrad av en människa", encoding="utf-8")  # edited after the command wrote it
    before = tree(quick)
    assert lis(capsys, *TILLSYN, "--mapp", "paket", "--ersatt")[0] == 1
    assert tree(quick) == before
    (old / CONTENTS).unlink()  # a package with a file removed holds nothing foreign: it may be replaced
    assert lis(capsys, *TILLSYN, "--mapp", "paket", "--ersatt")[0] == 0
    assert (old / CONTENTS).read_text(encoding="utf-8").startswith("Tillsynspaket för")
    assert not list(quick.glob(".paket*")) and not list(quick.glob(".lis-skrivs-*")) and not list(quick.glob(".lis-gammalt-*"))


@pytest.mark.parametrize(("args", "message"), [
    (["--genomgang", "2026"], "Fel: genomgången 2026 har status pågår i data/genomgangar.yaml; ett tillsynspaket "
                              "tar bara med en fastställd genomgång. Ingenting har skrivits.\n"),
    (["--genomgang", "2099"], "Fel: Det finns ingen genomgång för 2099 i data/genomgangar.yaml. Kända år: 2025, "
                              "2026.\n"),
    (["--ut", "data"], "Fel: {root}/data är en del av handbokens källor (data/); där skriver och ersätter inget kommando "
                       "något. Välj en egen, ny mapp eller fil utanför handbokens källor. Ingenting har ändrats.\n"),
    (["--ut", "mkdocs.yml/paket.zip"], "Fel: {root}/mkdocs.yml finns men är ingen mapp; ingenting har skrivits\n"),
    (["--mapp", "mkdocs.yml", "--ersatt"], "Fel: {root}/mkdocs.yml finns men är ingen mapp; ingenting har skrivits\n"),
    (["--ut", "a.zip", "--mapp", "b"], "lis tillsyn: fel: argumentet --mapp: får inte användas tillsammans med "
                                       "--ut\n"),
])
def test_refusals_are_swedish_and_write_nothing(quick, capsys, args, message):
    before = tree(quick)
    code, out, err = lis(capsys, *TILLSYN, *args)
    assert code in (1, 2) and out == ""
    assert err.endswith(message.format(root=quick))
    assert tree(quick) == before


def test_a_failure_while_packing_leaves_no_file_and_no_new_folder(quick, monkeypatch):
    (quick / "data" / "genomgangar.yaml").write_text(
        "genomgångar:\n  - år: 2025\n    status: fastställd\n    beräknad_per: 2025-12-31\n"
        "    fastställd: 2026-01-27\n    diarienummer: FAR 2026/14\n", encoding="utf-8")
    before = tree(quick)

    def broken_build(root: Path, site: Path) -> None:
        raise UserError("bygget misslyckades")

    with pytest.raises(UserError, match="bygget misslyckades"):
        supervision.supervise(quick, quick / "ny" / "mapp" / "paket.zip", None, False, None, AS_OF,
                              lambda r, day: load_project(r, as_of=day), "v", broken_build, ASKED)
    assert tree(quick) == before and not (quick / "ny").exists()


# --- The risk register in lis export and the version stamp ---------------------------------------------


def test_lis_export_writes_the_risk_register_stamped_with_the_version(quick, capsys):
    code, out, _ = lis(capsys, "export")
    assert code == 0 and "export/riskregister.xlsx, export/riskregister.csv" in out
    with (quick / "export" / "riskregister.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == RISK_HEADERS
    assert [r[0] for r in rows[1:]] == ["behorighet-2025", "behorighet-2026", "formel"]
    assert {tuple(r[-3:]) for r in rows[1:]} == {(version_of(quick), "2026-11-28", EXAMPLE)}


def test_reassessment_follows_the_reference_date(tmp_path):
    project = supervision_project(tmp_path / "handbok", committed=False)
    hb = load_handbook(project / "data")
    early, late = (risk_table(hb, day, "v").export_rows() for day in (date(2025, 6, 1), date(2027, 1, 1)))
    column = RISK_HEADERS.index("Omprövning")
    assert [r[column] for r in early] == ["omprövad 2025", "gäller från 2026", "omprövad 2025"]
    assert [r[column] for r in late] == ["ersatt av bedömningen 2026", "ska omprövas 2027", "ska omprövas 2027"]
    export_all(hb, tmp_path, AS_OF)  # without a version the stamp says it is unknown
    assert "okänd;2026-11-28" in (tmp_path / "riskregister.csv").read_text(encoding="utf-8-sig")


@pytest.mark.process  # the package is stamped with the version from git
def test_without_soa_and_risk_method_the_contents_say_what_is_missing(tmp_path):
    project = fixture_project(tmp_path / "handbok")  # no data/tillamplighet.yaml, no data/riskmetod.yaml
    planned = supervision.plan(load_project(project), AS_OF, "v", None)
    assert [t.stem for t in planned.tables] == ["dokumentregister", "systemforteckning", "riskregister",
                                                "incidentstatistik", "handlingsplan",
                                                "bedomning-2-kap-3-cybersakerhetslagen", "ledningen", "kontinuitet"]
    assert planned.missing == [f"{name}: ingen fil; uppgifterna finns ännu inte i handboken." for name in (
        "Tillämplighetsförklaring", "Incidentlogg", "Registerförteckning", "Internrevision", "Övningar",
        "Registrering", "Bevarande", "Ledningens utbildning")]
    assert planned.tables[2].source == "handbokens sida Riskhantering"
    assert planned.tables[3].source == "handbokens uppgifter om incidenter per år"
    assert planned.review is not None and planned.review.year == 2025


@pytest.mark.process  # the package is stamped with the version from git
def test_the_version_outside_git_says_it_is_unknown(tmp_path):
    assert handbook_version(tmp_path) == NO_GIT


# --- make tillsyn: AR and ERSATT reach lis as values, never as shell code --------------------------------


@pytest.mark.build
def test_make_tillsyn_works_as_readme_prints_it(quick):
    """`make tillsyn` with no AR: GNU make's predefined AR ("ar", the archiver) is not a review year."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, quick / name)
    (quick / ".venv").symlink_to(ROOT / ".venv")
    os.utime(ROOT / ".venv/.installed")
    env = {key: value for key, value in os.environ.items() if key not in ("AR", "SIDA", "ERSATT")}
    env |= {"LIS_DATE": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1", **MAKE_REQUEST}
    result = subprocess.run(["make", "--no-print-directory", "tillsyn"], cwd=quick, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (quick / "tillsyn" / ZIP_NAME).is_file()


@pytest.mark.build
@pytest.mark.parametrize(("ar", "message"), [
    ("2027; touch pwned", "lis tillsyn: fel: argumentet --genomgang: inget heltal: '2027; touch pwned'"),
    ("$(touch pwned) '\"", "lis tillsyn: fel: argumentet --genomgang: inget heltal"),
    ("2099", "Fel: Det finns ingen genomgång för 2099 i data/genomgangar.yaml. Kända år: 2025, 2026."),
    ("2026", "Fel: genomgången 2026 har status pågår i data/genomgangar.yaml"),
])
def test_make_tillsyn_passes_ar_and_ersatt_as_values(quick, ar, message):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, quick / name)
    (quick / ".venv").symlink_to(ROOT / ".venv")
    os.utime(ROOT / ".venv/.installed")  # newer than the copied requirements: make installs nothing
    before = tree(quick)
    env = {**os.environ, "LIS_DATE": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1", "AR": ar, "ERSATT": "1",
           **MAKE_REQUEST}
    result = subprocess.run(["make", "--no-print-directory", "tillsyn"], cwd=quick, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (quick / "pwned").exists()
    assert tree(quick) == before
