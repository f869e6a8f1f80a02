"""The archive's ledger: append-only by checksum chain, every archived file checked, nothing slipped in beside."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from macros.ledger import LEDGER, chained, entry_fields, load_ledger
from tests.archive_fixture import STAND_IN_PDF, adopt_page
from tests.conftest import replace_in

PAGE = "---\ntitle: Prov\n---\n\n# Prov\n\nText.\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """Two pages, adopted in turn: a.md version 1.0 (entry 1) and b.md version 2.0 (entry 2)."""
    docs = tmp_path / "docs"
    (docs / "rutiner").mkdir(parents=True)
    for name in ("a", "b"):
        (docs / "rutiner" / f"{name}.md").write_text(PAGE, encoding="utf-8")
    adopt_page(docs, "rutiner/a.md", "1.0", "forvaltningsledning", "2026-01-10", "FAR 2026/1")
    adopt_page(docs, "rutiner/b.md", "2.0", "namnd", "2026-02-10", "FAR 2026/2", example=True)
    return docs


def _issues(docs: Path) -> list[str]:
    return [str(i) for i in load_ledger(docs, {"forvaltningsledning", "namnd"}).issues]


def test_a_ledger_written_by_faststall_is_whole(docs):
    ledger = load_ledger(docs, {"forvaltningsledning", "namnd"})
    assert ledger.issues == ()
    assert [(a.number, a.document, a.version, a.decided_by, str(a.adopted), a.reference, a.example)
            for a in ledger.adoptions] == [
        (1, "rutiner/a.md", "1.0", "forvaltningsledning", "2026-01-10", "FAR 2026/1", False),
        (2, "rutiner/b.md", "2.0", "namnd", "2026-02-10", "FAR 2026/2", True)]
    first, second = ledger.adoptions
    assert first.checksum == chained("", entry_fields(first))
    assert second.checksum == chained(first.checksum, entry_fields(second))  # each entry seals the one before
    assert [(f.path, f.sha256) for f in first.files] == [
        ("arkiv/rutiner/a/1.0/a.md.txt", hashlib.sha256(PAGE.encode()).hexdigest()),
        ("arkiv/rutiner/a/1.0/a.pdf", hashlib.sha256(STAND_IN_PDF).hexdigest())]
    assert ledger.latest("rutiner/b.md") == second and ledger.adopted("rutiner/a.md", "2.0") is None


def test_without_a_ledger_nothing_is_adopted(tmp_path):
    ledger = load_ledger(tmp_path)
    assert ledger.adoptions == () and ledger.issues == ()


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('diarienummer: "FAR 2026/1"', 'diarienummer: "FAR 2026/9"',
     ['docs/arkiv/liggare.yaml, rad 20, fastställelse 1 (rutiner/a.md version 1.0), fält "kontrollsumma": posten '
      "stämmer inte med sin kontrollsumma: den har ändrats, eller en post före den har ändrats eller tagits bort. "
      "Liggaren får bara växa genom lis faststall. Återställ filen från git (git checkout -- docs/arkiv/liggare.yaml)."
      ]),
    ("    exempel: ja\n", "    exempel: nej\n",
     ['docs/arkiv/liggare.yaml, rad 34, fastställelse 2 (rutiner/b.md version 2.0), fält "kontrollsumma": posten '
      "stämmer inte med sin kontrollsumma: den har ändrats, eller en post före den har ändrats eller tagits bort. "
      "Liggaren får bara växa genom lis faststall. Återställ filen från git (git checkout -- docs/arkiv/liggare.yaml)."
      ]),
    ("  - nummer: 2\n", "  - nummer: 3\n",
     ['docs/arkiv/liggare.yaml, rad 21, fastställelse 2 (rutiner/b.md version 2.0), fält "nummer": posterna ska vara '
      "numrerade 1, 2, 3 … i ordning; här står 3 där 2 väntas. En post tas aldrig bort eller flyttas.",
      'docs/arkiv/liggare.yaml, rad 34, fastställelse 2 (rutiner/b.md version 2.0), fält "kontrollsumma": posten '
      "stämmer inte med sin kontrollsumma: den har ändrats, eller en post före den har ändrats eller tagits bort. "
      "Liggaren får bara växa genom lis faststall. Återställ filen från git (git checkout -- docs/arkiv/liggare.yaml)."
      ]),
])
def test_an_edited_entry_breaks_the_chain(docs, old, new, expected):
    replace_in(docs / LEDGER, old, new)
    assert _issues(docs) == expected


def test_a_removed_first_entry_breaks_the_next_one(docs):
    text = (docs / LEDGER).read_text(encoding="utf-8")
    start, end = text.index("  - nummer: 1\n"), text.index("  - nummer: 2\n")
    (docs / LEDGER).write_text(text[:start] + text[end:].replace("nummer: 2", "nummer: 1", 1), encoding="utf-8")
    issues = _issues(docs)
    assert any("fastställelse 1 (rutiner/b.md version 2.0), fält \"kontrollsumma\"" in i for i in issues)
    assert ("docs/arkiv/rutiner/a/1.0/a.pdf: filen ligger i arkivet men finns inte i liggaren (docs/arkiv/liggare.yaml). "
            "Bara lis faststall lägger filer i arkivet; ta bort filen eller fastställ dokumentet med lis faststall."
            ) in issues


def test_a_replaced_or_missing_file_is_named(docs):
    (docs / "arkiv/rutiner/a/1.0/a.pdf").write_bytes(b"%PDF-1.7\n% en annan fil\n")
    (docs / "arkiv/rutiner/b/2.0/b.md.txt").unlink()
    assert _issues(docs) == [
        'docs/arkiv/liggare.yaml, rad 18, fastställelse 1 (rutiner/a.md version 1.0), fält "filer": '
        "docs/arkiv/rutiner/a/1.0/a.pdf stämmer inte med kontrollsumman i liggaren: filen har bytts ut eller ändrats "
        "efter arkiveringen. En arkiverad utgåva ersätts aldrig; återställ filen från git.",
        'docs/arkiv/liggare.yaml, rad 30, fastställelse 2 (rutiner/b.md version 2.0), fält "filer": '
        "docs/arkiv/rutiner/b/2.0/b.md.txt saknas i arkivet. En arkiverad utgåva tas aldrig bort; återställ filen "
        "från git."]


def test_a_file_slipped_into_the_archive_is_named(docs):
    (docs / "arkiv/rutiner/a/1.0/extra.pdf").write_bytes(STAND_IN_PDF)
    assert _issues(docs) == [
        "docs/arkiv/rutiner/a/1.0/extra.pdf: filen ligger i arkivet men finns inte i liggaren "
        "(docs/arkiv/liggare.yaml). Bara lis faststall lägger filer i arkivet; ta bort filen eller fastställ "
        "dokumentet med lis faststall."]


def test_an_unknown_role_and_a_file_outside_the_edition_are_named(docs):
    assert [str(i) for i in load_ledger(docs, {"forvaltningsledning"}).issues] == [
        'docs/arkiv/liggare.yaml, rad 24, fastställelse 2 (rutiner/b.md version 2.0), fält "beslutad_av": okänd roll '
        '"namnd". Kända roller: forvaltningsledning.']


def test_a_hand_written_ledger_with_wrong_fields_gets_swedish_messages(tmp_path):
    docs = tmp_path / "docs"
    (docs / "arkiv").mkdir(parents=True)
    (docs / LEDGER).write_text("fastställelser:\n  - nummer: 1\n    dokument: x.md\n    fastställd: igår\n",
                               encoding="utf-8")
    issues = _issues(docs)
    assert 'docs/arkiv/liggare.yaml, rad 4, fält "fastställelser[1].fastställd": "igår" är inget datum; skriv ' \
           "ÅÅÅÅ-MM-DD, till exempel 2026-11-28" in issues
