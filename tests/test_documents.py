"""Governing pages: front matter validation, the register's overdue flags, the banner and coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from macros.documents import load_documents, split_front_matter
from macros.render import relative_href
from macros.views import document_banner
from tests.conftest import replace_in

ROLES = {"samordnare", "dataskyddsombud", "forvaltningsledning", "objektagare"}

ROUTINE = """---
title: Testrutin
styrdokument:
  typ: rutin
  ägare: samordnare
  fastställd: 2026-01-10
  version: "1.0"
  nästa_granskning: 2027-01-10
  status: gällande
  nis2: [b, f]
---

# Testrutin

Text.
"""


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "rutiner").mkdir(parents=True)
    (docs / "rutiner" / "index.md").write_text("# Rutiner\n", encoding="utf-8")
    (docs / "rutiner" / "test.md").write_text(ROUTINE, encoding="utf-8")
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    return docs


def test_valid_routine_is_loaded(docs_dir):
    docs, issues = load_documents(docs_dir, ROLES)
    assert issues == []
    assert [(d.src_path, d.title, d.meta.version, d.meta.nis2) for d in docs] == [
        ("rutiner/test.md", "Testrutin", "1.0", ["b", "f"])]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  version: \"1.0\"\n", "",
     'docs/rutiner/test.md, rad 3, fält "styrdokument.version": fältet saknas men måste finnas'),
    ("  nästa_granskning: 2027-01-10", "  nästa_granskning: 2027-02-30",
     'docs/rutiner/test.md, rad 8, fält "styrdokument.nästa_granskning": 2027-02-30 är inget giltigt '
     "datum (finns den månaden och dagen?)"),
    ("  nis2: [b, f]", "  nis2: [b, k]",
     'docs/rutiner/test.md, rad 10, fält "styrdokument.nis2[2]": "k" är inte ett tillåtet värde. '
     "Tillåtna värden: a, b, c, d, e, f, g, h, i, j."),
    ("  status: gällande", "  status: klar",
     'docs/rutiner/test.md, rad 9, fält "styrdokument.status": "klar" är inte ett tillåtet värde. '
     "Tillåtna värden: utkast, gällande, under revidering."),
    ("  ägare: samordnare", "  ägare: kalle",
     'docs/rutiner/test.md, rad 5, fält "styrdokument.ägare": okänd roll "kalle". Kända roller: '
     "dataskyddsombud, forvaltningsledning, objektagare, samordnare."),
    ("  ägare: samordnare", "  agare: samordnare",
     'docs/rutiner/test.md, rad 5, fält "styrdokument.agare": okänt fält. Menade du "ägare"? '
     "Tillåtna fält: typ, ägare, fastställd, version, nästa_granskning, status, nis2."),
    ("  nästa_granskning: 2027-01-10", "  nästa_granskning: 2025-01-10",
     'docs/rutiner/test.md, rad 8, fält "styrdokument.nästa_granskning": nästa granskning måste '
     "ligga efter fastställelsedagen"),
])
def test_broken_front_matter_gives_exact_message(docs_dir, old, new, expected):
    replace_in(docs_dir / "rutiner" / "test.md", old, new)
    _, issues = load_documents(docs_dir, ROLES)
    assert [str(i) for i in issues] == [expected]


def test_a_routine_without_front_matter_is_an_error(docs_dir):
    (docs_dir / "rutiner" / "test.md").write_text("# Testrutin\n", encoding="utf-8")
    _, issues = load_documents(docs_dir, ROLES)
    assert [str(i) for i in issues] == [
        'docs/rutiner/test.md, rad 1, fält "styrdokument": sidan är ett styrdokument men saknar front '
        "matter med styrdokument: typ, ägare, fastställd, version, nästa_granskning, status och nis2"]


def test_split_front_matter():
    assert split_front_matter("---\na: 1\n---\n# X") == ("a: 1", 2)
    assert split_front_matter("# X\n---\n") == (None, 0)


def test_banner_warns_once_the_review_is_overdue(docs_dir, handbook):
    roles = {r.id for r in handbook.organisation.roles}
    [doc], _ = load_documents(docs_dir, roles)
    assert document_banner(doc, handbook, date(2027, 1, 10)).startswith('!!! info "Styrdokument"')
    late = document_banner(doc, handbook, date(2027, 1, 12))
    assert late.startswith('!!! warning "Granskningen är försenad"')
    assert "granskats senast 2027-01-10 och är 2 dagar försenat (per 2027-01-12)" in late


@pytest.mark.parametrize(("src", "dst", "href"), [
    ("styrande/index.md", "rutiner/test.md", "../rutiner/test/"),
    ("index.md", "rutiner/index.md", "rutiner/"),
    ("rutiner/a.md", "rutiner/a.md", "./"),
])
def test_relative_links_between_pages(src, dst, href):
    assert relative_href(src, dst) == href
