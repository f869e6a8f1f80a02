"""`lis faststall`: a decision recorded, the adopted edition archived with its checksums, nothing replaced."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from macros import adopt
from macros.ledger import load_ledger
from tests.build_helpers import call_lis, run_lis
from tests.conftest import replace_in
from tests.fixture_project import fixture_project

pytestmark = pytest.mark.process  # the command loads the project as lis does (in-process, but marked like call_lis)

FAKE_PDF = b"%PDF-1.7\n% utskriven av testet\n%%EOF\n"
SUBSTANTIVE = ('  ändringar:\n    - version: "2.0"\n      datum: 2026-11-20\n      typ: saklig\n'
               "      beskrivning: Ny frist.\n")
EDITORIAL = ('  ändringar:\n    - version: "1.1"\n      datum: 2026-11-20\n      typ: redaktionell\n'
             "      beskrivning: Stavfel.\n")
ARGS = ("--beslutad-av", "forvaltningsledning", "--datum", "2026-11-27", "--diarienummer", "FAR 2026/99")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture project with provrutin revised (version 2.0, a substantive note); printing is stubbed."""
    root = fixture_project(tmp_path / "handbok")
    page = root / "docs/rutiner/provrutin.md"
    replace_in(page, "## Syfte\n", "## Syfte\n\nRapporten lämnas inom två timmar.\n")
    replace_in(page, "  ändringar:\n", SUBSTANTIVE)
    replace_in(page, '  version: "1.0"\n', '  version: "2.0"\n')
    printed: list[str] = []

    def fake_export(copy: Path, project: object, target: str, output: Path, *args: object, **kwargs: object) -> str:
        printed.append(target)
        assert "under revidering" not in (copy / "docs/rutiner/provrutin.md").read_text(encoding="utf-8")
        output.write_bytes(FAKE_PDF)
        return f"Skrev {output}"

    monkeypatch.setattr(adopt.pdf, "export", fake_export)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs/arkiv").rglob("*"))
            if p.is_file()}


def test_faststall_archives_the_edition_and_appends_to_the_ledger(project):
    before = load_ledger(project / "docs")
    source = (project / "docs/rutiner/provrutin.md").read_bytes()
    result = call_lis(project, "faststall", "rutiner/provrutin", *ARGS)
    assert result.returncode == 0, result.stderr
    folder = "arkiv/rutiner/provrutin/2.0"
    sha_source, sha_pdf = hashlib.sha256(source).hexdigest(), hashlib.sha256(FAKE_PDF).hexdigest()
    assert result.stdout == (
        "Fastställde Provrutin, version 2.0 (Förvaltningsledningen 2026-11-27, diarienummer FAR 2026/99) och "
        "arkiverade utgåvan som fastställelse 7 i docs/arkiv/liggare.yaml:\n"
        f"  {folder}/provrutin.md.txt: SHA-256 {sha_source}\n  {folder}/provrutin.pdf: SHA-256 {sha_pdf}\n"
        "Checka in arkivet med: git add docs/arkiv\n")
    ledger = load_ledger(project / "docs")
    assert ledger.issues == () and ledger.adoptions[:6] == before.adoptions  # earlier entries untouched
    entry = ledger.adoptions[-1]
    assert (entry.document, entry.version, entry.decided_by, str(entry.adopted), entry.reference, str(entry.archived),
            entry.example) == ("rutiner/provrutin.md", "2.0", "forvaltningsledning", "2026-11-27", "FAR 2026/99",
                               "2026-11-28", False)
    assert (project / "docs" / folder / "provrutin.md.txt").read_bytes() == source
    assert (project / "docs" / folder / "provrutin.pdf").read_bytes() == FAKE_PDF
    assert call_lis(project, "kontrollera").returncode == 0
    # The page is in force again: the substantive note is now the adopted version.
    from macros.project import load_project
    [doc] = [d for d in load_project(project).documents if d.src_path == "rutiner/provrutin.md"]
    assert (doc.status.value, doc.adoption and doc.adoption.version) == ("gällande", "2.0")


def test_a_second_faststall_of_the_same_version_is_refused(project):
    assert call_lis(project, "faststall", "rutiner/provrutin", *ARGS).returncode == 0
    files = _files(project)
    again = call_lis(project, "faststall", "rutiner/provrutin", *ARGS)
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == ("Fel: version 2.0 av Provrutin är redan fastställd (2026-11-27, diarienummer FAR 2026/99). "
                            "Lägg först till en saklig ändring med en ny version under ändringar:. Ingenting har "
                            "ändrats.\n")
    assert _files(project) == files


@pytest.mark.parametrize(("setup", "args", "expected"), [
    ("editorial", ("rutiner/provrutin", *ARGS),
     "Fel: den senaste ändringen av Provrutin (version 1.1) är redaktionell. En redaktionell ändring gäller utan nytt "
     "beslut. Det som fastställs är en saklig ändring: lägg till den överst under ändringar: med typ: saklig och en "
     "ny version. Ingenting har ändrats.\n"),
    (None, ("rutiner/provrutin", "--beslutad-av", "forvaltningsledning", "--datum", "2026-11-19", "--diarienummer",
            "X"),
     "Fel: beslutsdagen 2026-11-19 ligger före datumet för ändringen som fastställs (2026-11-20, version 2.0). "
     "Ingenting har ändrats.\n"),
    (None, ("rutiner/provrutin", "--beslutad-av", "forvaltningsledning", "--datum", "2026-12-01", "--diarienummer",
            "X"),
     "Fel: beslutsdagen 2026-12-01 ligger efter dagens datum 2026-11-28; ett beslut fastställs när det är fattat. "
     "Ingenting har ändrats.\n"),
    (None, ("rutiner/provrutin", "--beslutad-av", "direktoren", "--datum", "2026-11-27", "--diarienummer", "X"),
     'Fel: okänd roll "direktoren" i --beslutad-av. Kända roller: chef, chef-i-beredskap, dataskyddsombud, forvaltningsledning, '
     "it-support, medarbetare, namnd, objektagare, objektledare, registrator, samordnare, slk-sakerhet. Ingenting "
     "har ändrats.\n"),
    (None, ("rutiner/provrutin", "--beslutad-av", "namnd", "--datum", "2026-11-27", "--diarienummer", "FAR\x1b[2J"),
     'Fel: diarienumret ska vara en rad text på högst 100 tecken, till exempel "FAR 2026/123". Ingenting har '
     "ändrats.\n"),
    (None, ("2026", *ARGS),
     "Fel: för först in nämndens beslut för 2026 i data/genomgangar.yaml (status: fastställd, fastställd: "
     "2026-11-27, diarienummer: FAR 2026/99) och kör kommandot igen. Ingenting har ändrats.\n"),
])
def test_refusals_are_swedish_and_write_nothing(project, setup, args, expected):
    if setup == "editorial":
        page = project / "docs/rutiner/provrutin.md"
        replace_in(page, SUBSTANTIVE, EDITORIAL)
        replace_in(page, '  version: "2.0"\n', '  version: "1.1"\n')
    files = _files(project)
    result = call_lis(project, "faststall", *args)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", expected)
    assert _files(project) == files


def test_an_unknown_page_lists_the_documents(project):
    result = call_lis(project, "faststall", "rutiner/finns-inte", *ARGS)
    assert result.returncode == 1
    assert result.stderr.startswith('Fel: "rutiner/finns-inte" är varken ett år med ledningens genomgång eller ett '
                                    "styrdokument. Ange ett år eller en av de här sidorna (sökväg under docs/ utan "
                                    ".md):\n  - rutiner/behorighetshantering (Behörighetshantering)\n")


def test_a_bad_date_is_an_argument_error_in_swedish(project):
    result = call_lis(project, "faststall", "rutiner/provrutin", "--beslutad-av", "namnd", "--datum", "2026-13-01",
                      "--diarienummer", "X")
    assert result.returncode == 2
    assert result.stderr.endswith('lis faststall: fel: argumentet --datum: "2026-13-01" är inget datum; skriv '
                                  "ÅÅÅÅ-MM-DD, till exempel 2026-11-28\n")


def test_the_adopted_review_is_archived_with_its_action_plan(project):
    result = call_lis(project, "faststall", "2025", "--beslutad-av", "namnd", "--datum", "2026-01-27",
                      "--diarienummer", "FAR 2026/14")
    assert result.returncode == 0, result.stderr
    folder = project / "docs/arkiv/ledningens-genomgang/2025"
    assert sorted(p.name for p in folder.iterdir()) == ["2025.md.txt", "2025.pdf", "handlingsplan.yaml"]
    plan = (folder / "handlingsplan.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# Handlingsplanen som ledningens genomgång 2025 fastställde (arkiverad av lis "
                           'faststall).\nåtgärder:\n  - id: "a26-lta"\n    år: 2026\n')
    again = call_lis(project, "faststall", "2025", "--beslutad-av", "namnd", "--datum", "2026-01-27",
                     "--diarienummer", "FAR 2026/14")
    assert again.stderr == ("Fel: ledningens genomgång 2025 är redan fastställd och arkiverad (2026-01-27, "
                            "diarienummer FAR 2026/14). En fastställd genomgång ändras inte. Ingenting har ändrats.\n")


needs_tools = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")) and os.environ.get("CI") != "true",
    reason="Chromium och poppler saknas (CI installerar dem)")


@needs_tools
@pytest.mark.build
def test_faststall_prints_the_adopted_edition_with_the_decision(tmp_path):
    """End to end, with Chromium: the archived PDF's title page carries the new decision, not "under revidering"."""
    root = fixture_project(tmp_path / "handbok")
    page = root / "docs/rutiner/provrutin.md"
    replace_in(page, "  ändringar:\n", SUBSTANTIVE)
    replace_in(page, '  version: "1.0"\n', '  version: "2.0"\n')
    result = run_lis(root, "faststall", "rutiner/provrutin", *ARGS)
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(root / "docs/arkiv/rutiner/provrutin/2.0/provrutin.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    assert "Rutin, version 2.0" in text and "FAR 2026/99" in text and "gällande" in text
    assert "under revidering" not in text
    assert run_lis(root, "kontrollera").returncode == 0
