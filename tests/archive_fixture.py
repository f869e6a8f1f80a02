"""Adopted editions for fixture projects: the archive and ledger entries lis faststall writes, without Chromium.

The files and the ledger entry are written with the same library functions as `lis faststall`
(macros/adopt.py); only the PDF is a small stand-in, so a test can adopt a page in milliseconds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from macros import adopt
from macros.editions import PLAN_FILE, plan_yaml
from macros.ledger import LEDGER, SOURCE_SUFFIX, Adoption, edition_folder, load_ledger
from macros.loader import load_handbook
from macros.review import decided_in
from tests.pdf_helpers import minimal_pdf

STAND_IN_PDF = minimal_pdf("Provutgava")  # a real PDF: the build reads every published PDF with pdftotext


def adopt_page(docs: Path, page: str, version: str | None, decided_by: str, day: str, reference: str,
               example: bool = False, archived: str = "2026-11-28", pdf: bytes | None = STAND_IN_PDF,
               data_files: tuple[str, ...] = (), data_dir: Path | None = None) -> Adoption:
    """Archive `page` (under `docs`) as adopted and append its ledger entry; return the entry."""
    stem = Path(page).stem
    files = {f"{stem}{SOURCE_SUFFIX}": (docs / page).read_bytes()}
    for name in data_files:
        files[name] = ((data_dir or docs.parent / "data") / name).read_bytes()
    if version is None:  # a management review: its decided action plan beside the text
        year = int(stem)
        actions = load_handbook(data_dir or docs.parent / "data").actions
        files[PLAN_FILE] = plan_yaml(year, decided_in(actions, year)).encode()
    if pdf is not None:
        files[f"{stem}.pdf"] = pdf
    edition = adopt.Edition(page, version, page, files, page)
    decision = adopt.Decision(decided_by, date.fromisoformat(day), reference, example)
    folder = docs / edition_folder(page, version)
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    entry = adopt._entry(load_ledger(docs), edition, decision, date.fromisoformat(archived), files)
    adopt._append(docs / LEDGER, entry)
    return entry


def note_change(page: Path, old: str, new: str, day: str = "2026-11-20", kind: str = "redaktionell",
                text: str = "Ett tillägg i texten.") -> None:
    """Record a change of the adopted `page` from version `old` to `new`, so the edition check lets a
    test's edit of the body through (and the test reaches what it is about)."""
    content = page.read_text(encoding="utf-8")
    assert f'  version: "{old}"\n' in content and "  ändringar:\n" in content, page
    page.write_text(content.replace(f'  version: "{old}"\n', f'  version: "{new}"\n', 1).replace(
        "  ändringar:\n", f'  ändringar:\n    - version: "{new}"\n      datum: {day}\n      typ: {kind}\n'
        f"      beskrivning: {text}\n", 1), encoding="utf-8")
