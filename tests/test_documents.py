"""Governing pages: front matter validation, the register's overdue flags, the banner and coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from macros.documents import DocStatus, load_documents, split_front_matter
from macros.render import relative_href
from macros.views import document_banner, document_facts, document_register
from tests.conftest import NO_HISTORY, replace_in

ROLES = {"samordnare", "dataskyddsombud", "forvaltningsledning", "objektagare"}
DECISION = "  beslutad_av: forvaltningsledning\n  fastställd: 2026-01-10\n  diarienummer: FAR 2026/7\n"

ROUTINE = """---
title: Testrutin
styrdokument:
  typ: rutin
  ägare: samordnare
  beslutad_av: forvaltningsledning
  fastställd: 2026-01-10
  diarienummer: FAR 2026/7
  version: "1.0"
  nästa_granskning: 2027-01-10
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
    docs, issues = load_documents(docs_dir, ROLES, NO_HISTORY)
    assert issues == []
    assert [(d.src_path, d.title, d.meta.version, d.meta.nis2) for d in docs] == [
        ("rutiner/test.md", "Testrutin", "1.0", ["b", "f"])]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  version: \"1.0\"\n", "",
     'docs/rutiner/test.md, rad 3, fält "styrdokument.version": fältet saknas men måste finnas'),
    ("  nästa_granskning: 2027-01-10", "  nästa_granskning: 2027-02-30",
     'docs/rutiner/test.md, rad 10, fält "styrdokument.nästa_granskning": 2027-02-30 är inget giltigt '
     "datum (finns den månaden och dagen?)"),
    ("  nis2: [b, f]", "  nis2: [b, k]",
     'docs/rutiner/test.md, rad 11, fält "styrdokument.nis2[2]": "k" är inte ett tillåtet värde. '
     "Tillåtna värden: a, b, c, d, e, f, g, h, i, j."),
    ("  nis2: [b, f]", "  status: klar\n  nis2: [b, f]",
     'docs/rutiner/test.md, rad 11, fält "styrdokument.status": "klar" är inte ett tillåtet värde. '
     "Tillåtna värden: utkast, gällande, under revidering."),
    ("  beslutad_av: forvaltningsledning", "  beslutad_av: direktoren",
     'docs/rutiner/test.md, rad 6, fält "styrdokument.beslutad_av": okänd roll "direktoren". Kända roller: '
     "dataskyddsombud, forvaltningsledning, objektagare, samordnare."),
    ("  diarienummer: FAR 2026/7\n", "",
     'docs/rutiner/test.md, rad 3, fält "styrdokument.diarienummer": fältet saknas. Ett beslut anges med '
     "beslutad_av, fastställd och diarienummer tillsammans; ta bort alla tre medan dokumentet är ett utkast"),
    ("  beslutad_av: forvaltningsledning\n", "",
     'docs/rutiner/test.md, rad 3, fält "styrdokument.beslutad_av": fältet saknas. Ett beslut anges med '
     "beslutad_av, fastställd och diarienummer tillsammans; ta bort alla tre medan dokumentet är ett utkast"),
    ("  nis2: [b, f]", "  status: utkast\n  nis2: [b, f]",
     'docs/rutiner/test.md, rad 11, fält "styrdokument.status": dokumentet har ett beslut och kan inte vara '
     'utkast. Ta bort status, eller skriv "under revidering" medan en ny version tas fram'),
    (DECISION, "  status: gällande\n",
     'docs/rutiner/test.md, rad 6, fält "styrdokument.status": "gällande" kräver ett beslut. Fyll i '
     "beslutad_av, fastställd och diarienummer; utan beslut visas dokumentet som utkast"),
    ("  nis2: [b, f]", "  senast_granskad: 2025-12-01\n  nis2: [b, f]",
     'docs/rutiner/test.md, rad 11, fält "styrdokument.senast_granskad": senaste granskningen kan inte ligga '
     "före fastställelsedagen"),
    ("  ägare: samordnare", "  ägare: kalle",
     'docs/rutiner/test.md, rad 5, fält "styrdokument.ägare": okänd roll "kalle". Kända roller: '
     "dataskyddsombud, forvaltningsledning, objektagare, samordnare."),
    ("  ägare: samordnare", "  agare: samordnare",
     'docs/rutiner/test.md, rad 5, fält "styrdokument.agare": okänt fält. Menade du "ägare"? '
     "Tillåtna fält: typ, ägare, beslutad_av, fastställd, diarienummer, exempel, version, senast_granskad, "
     "nästa_granskning, status, nis2."),
    ("  nästa_granskning: 2027-01-10", "  nästa_granskning: 2025-01-10",
     'docs/rutiner/test.md, rad 10, fält "styrdokument.nästa_granskning": nästa granskning måste '
     "ligga efter fastställelsedagen"),
])
def test_broken_front_matter_gives_exact_message(docs_dir, old, new, expected):
    replace_in(docs_dir / "rutiner" / "test.md", old, new)
    _, issues = load_documents(docs_dir, ROLES, NO_HISTORY)
    assert [str(i) for i in issues] == [expected]


def test_a_routine_without_front_matter_is_an_error(docs_dir):
    (docs_dir / "rutiner" / "test.md").write_text("# Testrutin\n", encoding="utf-8")
    _, issues = load_documents(docs_dir, ROLES, NO_HISTORY)
    assert [str(i) for i in issues] == [
        'docs/rutiner/test.md, rad 1, fält "styrdokument": sidan är ett styrdokument men saknar front '
        "matter med styrdokument: typ, ägare, version, nästa_granskning och nis2"]


def test_split_front_matter():
    assert split_front_matter("---\na: 1\n---\n# X") == ("a: 1", 2)
    assert split_front_matter("# X\n---\n") == (None, 0)


def test_banner_warns_once_the_review_is_overdue(docs_dir, handbook):
    roles = {r.id for r in handbook.organisation.roles}
    [doc], _ = load_documents(docs_dir, roles, NO_HISTORY)
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


def test_a_document_without_a_decision_is_a_draft_everywhere(docs_dir, handbook):
    replace_in(docs_dir / "rutiner" / "test.md", DECISION, "")
    [doc], issues = load_documents(docs_dir, {r.id for r in handbook.organisation.roles}, NO_HISTORY)
    assert issues == []
    assert doc.status is DocStatus.DRAFT and not doc.meta.decided
    banner = document_banner(doc, handbook, date(2026, 11, 28))
    assert banner.startswith('!!! note "Utkast"\n\n    Det här är ett utkast. Inget beslut är registrerat, så '
                             "dokumentet gäller inte ännu.")
    assert "gällande" not in banner and "Beslutad av" not in banner
    assert ("Beslut", "inget beslut är registrerat; dokumentet är ett utkast") in \
        document_facts(doc, handbook, date(2026, 11, 28))
    html = document_register([doc], handbook, date(2026, 11, 28), "styrande/index.md")
    assert "<td>utkast</td><td>inget beslut (utkast)</td><td>–</td>" in html
    assert "1 styrdokument varav 1 utkast och 0 med försenad granskning" in html


def test_a_decided_document_shows_who_when_and_the_registration_number(docs_dir, handbook):
    [doc], _ = load_documents(docs_dir, {r.id for r in handbook.organisation.roles}, NO_HISTORY)
    as_of = date(2026, 11, 28)
    assert document_facts(doc, handbook, as_of) == [
        ("Dokumenttyp", "rutin"), ("Ägare", "Informationssäkerhetssamordnare"), ("Version", "1.0"),
        ("Status", "gällande"), ("Beslutad av", "Förvaltningsledningen"), ("Beslutsdatum", "2026-01-10"),
        ("Diarienummer", "FAR 2026/7"), ("Senast granskad", "2026-01-10"), ("Planerad granskning", "2027-01-10")]
    banner = document_banner(doc, handbook, as_of, "2026-05-02")
    assert ("Beslutad av: Förvaltningsledningen · Beslutsdatum: 2026-01-10 · Diarienummer: FAR 2026/7 · "
            "Senast granskad: 2026-01-10 · Planerad granskning: 2027-01-10 · Senast ändrad: 2026-05-02") in banner
    late = document_facts(doc, handbook, date(2027, 2, 1))
    assert late[-1] == ("Granskningen förföll", "2027-01-10")
    html = document_register([doc], handbook, as_of, "styrande/index.md", changed=lambda d: "2026-05-02")
    assert ("<td>1.0</td><td>gällande</td><td>Förvaltningsledningen 2026-01-10, diarienummer FAR 2026/7</td>"
            "<td>2026-01-10</td><td>2027-01-10</td><td>2026-05-02</td><td>inom 43 dagar</td>") in html


def test_example_decisions_and_revisions_are_marked(docs_dir, handbook):
    replace_in(docs_dir / "rutiner" / "test.md", DECISION,
               DECISION + "  exempel: ja\n  status: under revidering\n  senast_granskad: 2026-06-01\n")
    [doc], issues = load_documents(docs_dir, {r.id for r in handbook.organisation.roles}, NO_HISTORY)
    assert issues == []
    assert doc.status is DocStatus.UNDER_REVISION
    facts = dict(document_facts(doc, handbook, date(2026, 11, 28)))
    assert facts["Exempeldata"] == "beslutsuppgifterna är påhittade exempel"
    assert facts["Senast granskad"] == "2026-06-01" and facts["Status"] == "under revidering"
    assert "FAR 2026/7 (exempeldata)" in document_register([doc], handbook, date(2026, 11, 28), "index.md")


def test_hostile_decision_data_is_escaped(docs_dir, handbook):
    replace_in(docs_dir / "rutiner" / "test.md", "diarienummer: FAR 2026/7", 'diarienummer: "<b>{{ 7*7 }}</b>"')
    [doc], _ = load_documents(docs_dir, {r.id for r in handbook.organisation.roles}, NO_HISTORY)
    banner = document_banner(doc, handbook, date(2026, 11, 28))
    assert "&lt;b&gt;&#123;&#123; 7&#42;7 &#125;&#125;&lt;/b&gt;" in banner and "<b>" not in banner
