"""The archive of adopted reviews: stored once, never replaced, linked with its SHA-256 checksum."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from macros.archive import ArchiveError, archive_review, archived_edition
from macros.history_views import archive_notice
from tests.build_helpers import call_lis
from tests.conftest import FIXTURE_DATA, replace_in

PDF_2025 = b"%PDF-1.7\n% utgava 2025\n%%EOF\n"
PDF_2026 = b"%PDF-1.7\n% utgava 2026\n%%EOF\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A handbook folder: fixture data (2025 adopted, 2026 in progress), an empty docs/ and mkdocs.yml."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: prov\n", encoding="utf-8")
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "ledningens-genomgang-2025.pdf").write_bytes(PDF_2025)
    return tmp_path


def test_an_adopted_review_is_archived_with_its_checksum(root):
    message = archive_review(root, 2025)
    target = root / "docs/ledningens-genomgang/arkiv/2025.pdf"
    digest = hashlib.sha256(PDF_2025).hexdigest()
    assert target.read_bytes() == PDF_2025
    assert message == (f"Arkiverade genomgången 2025 som docs/ledningens-genomgang/arkiv/2025.pdf "
                       f"(SHA-256 {digest}). Checka in filen med: git add docs/ledningens-genomgang/arkiv/2025.pdf")
    edition = archived_edition(root / "docs", 2025)
    assert edition is not None and (edition.sha256, edition.size) == (digest, len(PDF_2025))
    assert archived_edition(root / "docs", 2026) is None
    assert sorted(p.name for p in target.parent.iterdir()) == ["2025.pdf"]  # no temporary file left


def test_an_archived_edition_is_never_replaced(root):
    archive_review(root, 2025)
    (root / "pdf" / "annan.pdf").write_bytes(b"%PDF-1.7\n% en annan fil\n")
    with pytest.raises(ArchiveError) as err:
        archive_review(root, 2025, root / "pdf" / "annan.pdf")
    assert str(err.value) == ("docs/ledningens-genomgang/arkiv/2025.pdf finns redan. En arkiverad fastställd "
                              "utgåva ersätts aldrig; ingenting har ändrats.")
    assert (root / "docs/ledningens-genomgang/arkiv/2025.pdf").read_bytes() == PDF_2025


def test_a_later_year_leaves_earlier_editions_unchanged(root):
    archive_review(root, 2025)
    replace_in(root / "data/genomgangar.yaml", "  - år: 2026\n    status: pågår\n",
               "  - år: 2026\n    status: fastställd\n    beräknad_per: 2026-12-31\n    fastställd: 2027-01-26\n")
    (root / "pdf" / "ledningens-genomgang-2026.pdf").write_bytes(PDF_2026)
    archive_review(root, 2026)
    folder = root / "docs/ledningens-genomgang/arkiv"
    assert (folder / "2025.pdf").read_bytes() == PDF_2025 and (folder / "2026.pdf").read_bytes() == PDF_2026


@pytest.mark.parametrize(("year", "setup", "expected"), [
    (2026, None, "genomgången 2026 har status pågår i data/genomgangar.yaml. Bara en fastställd genomgång "
                 "arkiveras: för in nämndens beslut först."),
    (2025, "missing", "hittar inte {root}/pdf/ledningens-genomgang-2025.pdf. Skapa PDF:en först med: lis pdf 2025"),
    (2025, "not-pdf", "{root}/pdf/ledningens-genomgang-2025.pdf är ingen PDF-fil"),
])
def test_refusals_write_nothing(root, year, setup, expected):
    pdf = root / "pdf" / "ledningens-genomgang-2025.pdf"
    if setup == "missing":
        pdf.unlink()
    elif setup == "not-pdf":
        pdf.write_text("<html>inte en pdf</html>", encoding="utf-8")
    with pytest.raises(ArchiveError) as err:
        archive_review(root, year)
    assert str(err.value) == expected.format(root=root.resolve())
    assert not (root / "docs/ledningens-genomgang").exists()


def test_the_notice_links_the_pdf_with_its_checksum(root):
    archive_review(root, 2025)
    edition = archived_edition(root / "docs", 2025)
    assert edition is not None
    html = archive_notice(edition, "ledningens-genomgang/2025.md")
    assert '<a href="../arkiv/2025.pdf">PDF (1 kB)</a>' in html
    assert f"Kontrollsumma (SHA-256): <code>{hashlib.sha256(PDF_2025).hexdigest()}</code>" in html


def test_lis_arkivera_command(root):
    done = call_lis(root, "arkivera", "2025")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Arkiverade genomgången 2025 som docs/ledningens-genomgang/arkiv/2025.pdf")
    again = call_lis(root, "arkivera", "2025", "--pdf", "pdf/ledningens-genomgang-2025.pdf")
    assert again.returncode == 1
    assert again.stderr == ("Fel: docs/ledningens-genomgang/arkiv/2025.pdf finns redan. En arkiverad fastställd "
                            "utgåva ersätts aldrig; ingenting har ändrats.\n")


def test_an_unknown_year_is_a_swedish_error_not_a_bug_report(root):
    result = call_lis(root, "arkivera", "2099")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "Fel: Det finns ingen genomgång för 2099 i data/genomgangar.yaml. Kända år: 2025, 2026.\n"
    assert not (root / "docs/ledningens-genomgang/arkiv").exists()
