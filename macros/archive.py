"""The archive of adopted management reviews: one PDF per year in docs/, never replaced.

`lis arkivera ÅR` stores the PDF that `lis pdf ÅR` printed as docs/ledningens-genomgang/arkiv/ÅR.pdf.
The coordinator commits it; the review page then links to it with its SHA-256 checksum, computed
at every build, so a reader can check that the file is the edition the board adopted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import models as m
from . import pages
from .errors import UserError
from .loader import load_handbook


class ArchiveError(UserError):
    """Archiving refused; the message says why in Swedish. Nothing has been written."""


@dataclass(frozen=True)
class ArchivedEdition:
    year: int
    src_path: str  # under docs/, e.g. ledningens-genomgang/arkiv/2025.pdf
    sha256: str
    size: int  # bytes


def archive_src(year: int) -> str:
    return pages.archived_review(year)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def archived_edition(docs_dir: Path, year: int) -> ArchivedEdition | None:
    """The archived PDF of `year` with its checksum, or None when the year has none."""
    path = docs_dir / archive_src(year)
    if not path.is_file():
        return None
    return ArchivedEdition(year, archive_src(year), sha256_of(path), path.stat().st_size)


def default_pdf(root: Path, year: int) -> Path:
    """Where `lis pdf ÅR` writes the review by default."""
    return root / "pdf" / f"ledningens-genomgang-{year}.pdf"


def archive_review(root: Path, year: int, pdf: Path | None = None) -> str:
    """Store an adopted review's PDF in the archive; refuse to replace an edition already there."""
    review = load_handbook(root / "data").review(year)  # a clear error for an unknown year
    if review.status is not m.ReviewStatus.ADOPTED:
        raise ArchiveError(f"genomgången {year} har status {review.status.value} i data/genomgangar.yaml. "
                           "Bara en fastställd genomgång arkiveras: för in nämndens beslut först.")
    source = (pdf or default_pdf(root, year)).resolve()
    if not source.is_file():
        raise ArchiveError(f"hittar inte {source}. Skapa PDF:en först med: lis pdf {year}")
    content = source.read_bytes()
    if not content.startswith(b"%PDF-"):
        raise ArchiveError(f"{source} är ingen PDF-fil")
    target = root / "docs" / archive_src(year)
    shown = target.relative_to(root)
    if target.exists():
        raise ArchiveError(f"{shown} finns redan. En arkiverad fastställd utgåva ersätts aldrig; "
                           "ingenting har ändrats.")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".arkiv-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
        os.link(tmp, target)  # fails if the file appeared meanwhile: never replaces an edition
    except FileExistsError:
        raise ArchiveError(f"{shown} finns redan; ingenting har ändrats.") from None
    finally:
        os.unlink(tmp)
    digest = hashlib.sha256(content).hexdigest()
    return (f"Arkiverade genomgången {year} som {shown} (SHA-256 {digest}). "
            f"Checka in filen med: git add {shown}")
