"""The management review in real builds: frozen once adopted, next year from one command, PDF export."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from macros.loader import load_handbook
from macros.review import missing_headings
from tests.build_helpers import build, call_lis, copy_project, run_lis
from tests.conftest import replace_in
from tests.test_build import cells

pytestmark = pytest.mark.build

NEW_CLASSIFICATION = """    klassningsprotokoll: 2026-10-01
    klassning:
      datum: 2026-11-02
      K: 2
      R: 2
      T: 2
"""


def test_adopted_review_does_not_change_when_later_data_is_added(site, tmp_path):
    """The shared build of the real handbook (conftest `site`) is the "before"; a changed copy the "after"."""
    project = copy_project(tmp_path / "handbook")
    review_2025 = site.html("ledningens-genomgang/2025/index.html")
    before_2026 = cells(site.html("ledningens-genomgang/2026/index.html"), "Måluppfyllelse 2026")

    # A system in use that had neither protocol nor classification gets both, dated 2026
    # (whichever system that is in the example data: the figures are compared, not quoted).
    unclassified = [s for s in load_handbook(project / "data").systems
                    if s.protocol is None and s.classification is None and s.retired is None]
    assert unclassified, "the example data has no unclassified system to classify"
    system = project / "data" / "system.yaml"
    text = system.read_text(encoding="utf-8")
    start = text.index(f"  - id: {unclassified[0].id}\n")
    end = text.find("\n  - id: ", start + 1) + 1 or len(text)
    block = text[start:end]
    assert "klassning" not in block and "    pub_avtal:" in block
    replace_in(system, block, block.replace("    pub_avtal:", NEW_CLASSIFICATION + "    pub_avtal:", 1))

    second = build(project)
    assert second.returncode == 0, second.output
    assert second.html("ledningens-genomgang/2025/index.html") == review_2025
    after_2026 = cells(second.html("ledningens-genomgang/2026/index.html"), "Måluppfyllelse 2026")
    assert [row[0] for row in after_2026] == [row[0] for row in before_2026] == [
        "Fullständiga klassningar 2026", "Klassningsprotokoll 2026"]
    assert [int(row[2]) for row in after_2026] == [int(row[2]) + 1 for row in before_2026]

    # A later build date does not move the adopted review either.
    later = build(project, lis_date="2027-03-01")
    assert later.returncode == 0, later.output
    assert later.html("ledningens-genomgang/2025/index.html") == review_2025


def test_review_2025_reports_its_own_figures_from_data(fixture_site):
    """tests/fixtures/data/incidenter.yaml has 2023-2026; the 2025 review stops at 2025, built on 2026-11-28."""
    html = fixture_site.html("ledningens-genomgang/2025/index.html")
    rows = cells(html, "Incidenter per år till och med 2025")
    assert [row[:3] for row in rows] == [["2023", "1", "24"], ["2024", "1", "21"], ["2025", "1", "15"]]
    assert "beräknat per 2025-12-31" in html and "2026-11-28" not in html


def test_next_years_review_from_one_command(tmp_path):
    project = copy_project(tmp_path / "handbook")
    made = call_lis(project, "ny-genomgang", "2027")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Skapade docs/ledningens-genomgang/2027.md")
    page = project / "docs/ledningens-genomgang/2027.md"
    assert missing_headings(page.read_text(encoding="utf-8")) == []
    assert "  - år: 2027\n    status: pågår\n" in (project / "data/genomgangar.yaml").read_text()
    # Unpublished until its text is written (tests/test_unpublished.py); written, the line goes.
    replace_in(page, "publiceras: nej  # syns bara i make serve; ta bort raden när texten är skriven\n", "")
    result = build(project, lis_date="2027-02-01")
    assert result.returncode == 0, result.output
    html = result.html("ledningens-genomgang/2027/index.html")
    assert "Ledningens genomgång 2027" in html and "beräknat per 2027-02-01" in html
    again = call_lis(project, "ny-genomgang", "2027")
    assert again.returncode == 1
    assert again.stderr == "Fel: docs/ledningens-genomgang/2027.md finns redan; ingenting har ändrats\n"


needs_chromium = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftoppm")) and os.environ.get("CI") != "true",
    reason="Chromium och poppler saknas (CI installerar dem)")


@needs_chromium
def test_review_exports_to_a_clean_a4_pdf(tmp_path):
    project = copy_project(tmp_path / "handbook")
    out = tmp_path / "lg-2025.pdf"
    result = run_lis(project, "pdf", "2025", "--ut", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info
    assert int(info.split("Pages:")[1].split()[0]) >= 3
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Ledningens genomgång 2025" in text
    assert "Sök" not in text.split("Ledningens genomgång 2025")[0]  # no header or search box first
    assert "Handlingsplan beslutad i ledningens genomgång 2025" in text
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(out),
                    str(tmp_path / "sida")], check=True)  # sida.png, whatever the number of pages
    assert (tmp_path / "sida.png").stat().st_size > 5_000
