"""Governing pages: front matter and change notes, status from the ledger, the register, banner and coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from macros import followup as fu
from macros.documents import DocStatus, load_documents, split_front_matter
from macros.ledger import load_ledger
from macros.pdf import document_job
from macros.render import relative_href
from macros.views import document_banner, document_facts, document_register
from tests.archive_fixture import adopt_page
from tests.conftest import replace_in

ROLES = {"samordnare", "dataskyddsombud", "forvaltningsledning", "objektagare"}

ROUTINE = """---
title: Testrutin
styrdokument:
  typ: rutin
  ägare: samordnare
  version: "1.0"
  nästa_granskning: 2027-01-10
  nis2: [b, f]
  ändringar:
    - version: "1.0"
      datum: 2026-01-10
      typ: saklig
      beskrivning: Första versionen.
---

# Testrutin

Text.
"""
NOTES = "  ändringar:\n"
EDITORIAL = ('  ändringar:\n    - version: "1.1"\n      datum: 2026-03-01\n      typ: redaktionell\n'
             "      beskrivning: Stavfel rättade.\n")
SUBSTANTIVE = ('  ändringar:\n    - version: "2.0"\n      datum: 2026-03-01\n      typ: saklig\n'
               "      beskrivning: Ny frist för rapporten.\n")


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "rutiner").mkdir(parents=True)
    (docs / "rutiner" / "index.md").write_text("# Rutiner\n", encoding="utf-8")
    (docs / "rutiner" / "test.md").write_text(ROUTINE, encoding="utf-8")
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    return docs


def _adopted(docs: Path, **decision: str | bool) -> Path:
    """The test routine adopted as version 1.0 by förvaltningsledningen 2026-01-10, FAR 2026/7."""
    adopt_page(docs, "rutiner/test.md", "1.0", str(decision.get("by", "forvaltningsledning")),
               "2026-01-10", str(decision.get("reference", "FAR 2026/7")), example=bool(decision.get("example")))
    return docs


def _load(docs: Path, roles: set[str] = ROLES, as_of: date | None = None):  # type: ignore[no-untyped-def]
    return load_documents(docs, roles, load_ledger(docs, roles), as_of)


def _adopted_then_noted(docs: Path, handbook, note: str, version: str):  # type: ignore[no-untyped-def]
    """The test routine adopted as 1.0, then changed with `note` to `version`: the one document, checked."""
    _adopted(docs)
    replace_in(docs / "rutiner" / "test.md", NOTES, note)
    replace_in(docs / "rutiner" / "test.md", '  version: "1.0"\n  nästa', f'  version: "{version}"\n  nästa')
    [doc], issues = _load(docs, {r.id for r in handbook.organisation.roles})
    assert issues == []
    return doc


def test_valid_routine_is_loaded(docs_dir):
    docs, issues = _load(docs_dir)
    assert issues == []
    assert [(d.src_path, d.title, d.meta.version, d.meta.nis2, d.last_changed) for d in docs] == [
        ("rutiner/test.md", "Testrutin", "1.0", ["b", "f"], date(2026, 1, 10))]
    assert [(n.version, n.day, n.kind.value, n.text) for n in docs[0].notes] == [
        ("1.0", date(2026, 1, 10), "saklig", "Första versionen.")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('  version: "1.0"\n  nästa', "  nästa",
     'docs/rutiner/test.md, rad 3, fält "styrdokument.version": fältet saknas men måste finnas'),
    ("  nästa_granskning: 2027-01-10", "  nästa_granskning: 2027-02-30",
     'docs/rutiner/test.md, rad 7, fält "styrdokument.nästa_granskning": 2027-02-30 är inget giltigt '
     "datum (finns den månaden och dagen?)"),
    ("  nis2: [b, f]", "  nis2: [b, k]",
     'docs/rutiner/test.md, rad 8, fält "styrdokument.nis2[2]": "k" är inte ett tillåtet värde. '
     "Tillåtna värden: a, b, c, d, e, f, g, h, i, j."),
    ("  ägare: samordnare", "  ägare: kalle",
     'docs/rutiner/test.md, rad 5, fält "styrdokument.ägare": okänd roll "kalle". Kända roller: '
     "dataskyddsombud, forvaltningsledning, objektagare, samordnare."),
    ("  ägare: samordnare", "  agare: samordnare",
     'docs/rutiner/test.md, rad 5, fält "styrdokument.agare": okänt fält. Menade du "ägare"? '
     "Tillåtna fält: typ, ägare, version, senast_granskad, nästa_granskning, planerat_beslut, nis2, datafiler, ändringar."),
    ('  version: "1.0"\n  nästa', '  version: "1.1"\n  nästa',
     'docs/rutiner/test.md, rad 6, fält "styrdokument.version": versionen är 1.1, men den senaste ändringen '
     "under ändringar har version 1.0. Skriv den nya versionen på båda ställena."),
    ("      typ: saklig", "      typ: stor",
     'docs/rutiner/test.md, rad 12, ändring "1.0", fält "typ": "stor" är inte ett tillåtet värde. '
     "Tillåtna värden: redaktionell, saklig."),
    ("      beskrivning: Första versionen.\n", "",
     'docs/rutiner/test.md, rad 10, ändring "1.0", fält "beskrivning": fältet saknas men måste finnas'),
    ('  ändringar:\n    - version: "1.0"\n      datum: 2026-01-10\n      typ: saklig\n'
     "      beskrivning: Första versionen.\n", "  ändringar: []\n",
     'docs/rutiner/test.md, rad 9, fält "styrdokument.ändringar": listan måste ha minst 1 poster'),
    ("  nis2: [b, f]", "  nis2: [b, f]\n  beslutad_av: forvaltningsledning",
     'docs/rutiner/test.md, rad 9, fält "styrdokument.beslutad_av": fältet används inte längre: beslutet står '
     "i arkivets liggare (docs/arkiv/liggare.yaml) och förs in med kommandot lis faststall SIDA --beslutad-av "
     "ROLL --datum ÅÅÅÅ-MM-DD --diarienummer DNR. Ta bort raden."),
    ("  nis2: [b, f]", "  nis2: [b, f]\n  status: gällande",
     'docs/rutiner/test.md, rad 9, fält "styrdokument.status": fältet används inte längre: status räknas fram '
     "ur ändringarna och arkivets liggare. Ta bort raden."),
    ("  nis2: [b, f]", "  nis2: [b, f]\n  datafiler: [../organisation.yaml]",
     'docs/rutiner/test.md, rad 9, fält "styrdokument.datafiler": "../organisation.yaml" är ingen fil i data/; '
     "skriv filnamnet, t.ex. tillamplighet.yaml"),
])
def test_broken_front_matter_gives_exact_message(docs_dir, old, new, expected):
    replace_in(docs_dir / "rutiner" / "test.md", old, new)
    (docs_dir.parent / "data").mkdir()
    _, issues = load_documents(docs_dir, ROLES, data_dir=docs_dir.parent / "data")
    assert [str(i) for i in issues] == [expected]


@pytest.mark.parametrize(("notes", "as_of", "expected"), [
    ('    - version: "1.0"\n      datum: 2026-02-01\n      typ: saklig\n      beskrivning: Äldre.\n', None,
     ['docs/rutiner/test.md, rad 14, ändring "1.0", fält "styrdokument.ändringar": version 1.0 står två gånger; '
      "varje ändring får en egen version",
      'docs/rutiner/test.md, rad 14, ändring "1.0", fält "styrdokument.ändringar": ändringarna ska stå med den '
      "senaste först; den här är daterad 2026-02-01, efter ändringen ovanför (2026-01-10)"]),
    ("", date(2026, 1, 9),
     ['docs/rutiner/test.md, rad 10, ändring "1.0", fält "styrdokument.ändringar": ändringen är daterad '
      "2026-01-10, efter dagens datum 2026-01-09; skriv dagen då ändringen publicerades"]),
])
def test_change_notes_are_in_order_unique_and_not_in_the_future(docs_dir, notes, as_of, expected):
    """A note cannot move "Senast ändrad" backwards or into the future (issue 23, M2)."""
    replace_in(docs_dir / "rutiner" / "test.md", "      beskrivning: Första versionen.\n",
               "      beskrivning: Första versionen.\n" + notes)
    _, issues = _load(docs_dir, as_of=as_of)
    assert [str(i) for i in issues] == expected


def test_a_routine_without_front_matter_is_an_error(docs_dir):
    (docs_dir / "rutiner" / "test.md").write_text("# Testrutin\n", encoding="utf-8")
    _, issues = _load(docs_dir)
    assert [str(i) for i in issues] == [
        'docs/rutiner/test.md, rad 1, fält "styrdokument": sidan är ett styrdokument men saknar front '
        "matter med styrdokument: typ, ägare, version, nästa_granskning, nis2 och ändringar"]


def test_split_front_matter():
    assert split_front_matter("---\na: 1\n---\n# X") == ("a: 1", 2)
    assert split_front_matter("# X\n---\n") == (None, 0)


def test_banner_warns_once_the_review_is_overdue(docs_dir, handbook):
    [doc], _ = _load(_adopted(docs_dir), {r.id for r in handbook.organisation.roles})
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


def test_a_document_without_an_adoption_is_a_draft_everywhere(docs_dir, handbook):
    [doc], issues = _load(docs_dir, {r.id for r in handbook.organisation.roles})
    assert issues == []
    assert doc.status is DocStatus.DRAFT and doc.adoption is None
    banner = document_banner(doc, handbook, date(2026, 11, 28))
    assert banner.startswith('!!! note "Utkast"\n\n    Det här är ett utkast. Inget beslut är registrerat, så '
                             "dokumentet gäller inte ännu.")
    assert "gällande" not in banner and "Beslutad av" not in banner
    assert ("Beslut", "inget beslut är registrerat; dokumentet är ett utkast") in \
        document_facts(doc, handbook, date(2026, 11, 28))
    html = document_register([doc], handbook, date(2026, 11, 28), "styrande/index.md")
    assert "<td>utkast</td><td>inget beslut (utkast)</td><td>–</td><td>–</td>" in html
    assert "1 styrdokument varav 1 utkast, 0 under revidering och 0 med försenad granskning" in html


def test_a_draft_says_what_applies_meanwhile_and_shows_a_missing_planned_decision_as_a_gap(docs_dir, handbook):
    [doc], _ = _load(docs_dir, {r.id for r in handbook.organisation.roles})
    banner = document_banner(doc, handbook, date(2026, 11, 28))
    assert ("dokumentet gäller inte ännu. Till dess gäller stadens gemensamma regler och förvaltningens fastställda "
            "styrdokument.") in banner
    # Markdown: the underscore is escaped so that it shows as written
    assert "Planerat beslut: inte angivet (ägaren skriver planerat&#95;beslut i sidans styrdokument-block)" in banner
    html = document_register([doc], handbook, date(2026, 11, 28), "styrande/index.md")
    assert html.split("<tbody>")[1].split("</tr>")[0].endswith("<td>saknas</td>")


def test_a_draft_with_a_planned_decision_is_due_under_att_gora_and_shows_the_day(docs_dir, handbook):
    replace_in(docs_dir / "rutiner" / "test.md", "  nästa_granskning: 2027-01-10\n",
               "  nästa_granskning: 2027-01-10\n  planerat_beslut: 2027-02-15\n")
    [doc], issues = _load(docs_dir, {r.id for r in handbook.organisation.roles})
    assert issues == []
    assert "Planerat beslut: 2027-02-15" in document_banner(doc, handbook, date(2026, 11, 28))
    html = document_register([doc], handbook, date(2026, 11, 28), "styrande/index.md")
    assert html.split("<tbody>")[1].split("</tr>")[0].endswith("<td>2027-02-15</td>")
    due = [i for i in fu.due_items(handbook, [doc], date(2026, 11, 28)) if i.kind is fu.DueKind.DECISION]
    assert [(i.key, i.title, i.owner, i.due, i.page) for i in due] == [
        ("rutiner/test.md", "Testrutin", handbook.role("samordnare").name, date(2027, 2, 15), "rutiner/test.md")]


def test_an_adopted_document_in_force_is_not_awaiting_a_decision(docs_dir, handbook):
    replace_in(docs_dir / "rutiner" / "test.md", "  nästa_granskning: 2027-01-10\n",
               "  nästa_granskning: 2027-01-10\n  planerat_beslut: 2027-02-15\n")
    [doc], issues = _load(_adopted(docs_dir), {r.id for r in handbook.organisation.roles})
    assert issues == [] and doc.status is DocStatus.IN_FORCE
    assert not [i for i in fu.due_items(handbook, [doc], date(2026, 11, 28)) if i.kind is fu.DueKind.DECISION]
    assert "Planerat beslut" not in document_banner(doc, handbook, date(2026, 11, 28))


def test_an_adopted_document_shows_who_when_and_the_registration_number(docs_dir, handbook):
    [doc], issues = _load(_adopted(docs_dir), {r.id for r in handbook.organisation.roles})
    assert issues == []
    as_of = date(2026, 11, 28)
    assert document_facts(doc, handbook, as_of) == [
        ("Dokumenttyp", "rutin"), ("Ägare", "Informationssäkerhetssamordnare"), ("Version", "1.0"),
        ("Status", "gällande"), ("Beslutad av", "Förvaltningsledningen"), ("Beslutsdatum", "2026-01-10"),
        ("Diarienummer", "FAR 2026/7"), ("Senast granskad", "2026-01-10"), ("Planerad granskning", "2027-01-10")]
    banner = document_banner(doc, handbook, as_of, "rutiner/test.md", docs_dir)
    assert ("Beslutad av: Förvaltningsledningen · Beslutsdatum: 2026-01-10 · Diarienummer: FAR 2026/7 · "
            "Senast granskad: 2026-01-10 · Planerad granskning: 2027-01-10 · Senast ändrad: 2026-01-10") in banner
    assert ('Den fastställda utgåvan: <a href="../../arkiv/rutiner/test/1.0/test.pdf">PDF (1 kB)</a> · '
            '<a href="../../arkiv/rutiner/test/1.0/test.md.txt">källtext</a>.') in banner
    late = document_facts(doc, handbook, date(2027, 2, 1))
    assert late[-1] == ("Granskningen förföll", "2027-01-10")
    html = document_register([doc], handbook, as_of, "styrande/index.md", docs_dir)
    assert ("<td>1.0</td><td>gällande</td><td>Förvaltningsledningen 2026-01-10, diarienummer FAR 2026/7</td>"
            '<td>version 1.0: <a href="../arkiv/rutiner/test/1.0/test.pdf">PDF (1 kB)</a> · '
            '<a href="../arkiv/rutiner/test/1.0/test.md.txt">källtext</a></td>'
            "<td>2026-01-10</td><td>2027-01-10</td><td>2026-01-10</td><td>inom 43 dagar</td>") in html


def test_an_editorial_note_keeps_the_adopted_document_in_force(docs_dir, handbook):
    doc = _adopted_then_noted(docs_dir, handbook, EDITORIAL, "1.1")
    assert doc.status is DocStatus.IN_FORCE and doc.adoption is not None and doc.adoption.version == "1.0"
    assert [n.version for n in doc.pending] == ["1.1"] and doc.last_changed == date(2026, 3, 1)
    facts = dict(document_facts(doc, handbook, date(2026, 11, 28)))
    assert facts["Version"] == "1.1" and facts["Status"] == "gällande" and "Gällande utgåva" not in facts


def test_a_substantive_note_puts_the_document_under_revision(docs_dir, handbook):
    doc = _adopted_then_noted(docs_dir, handbook, SUBSTANTIVE, "2.0")
    assert doc.status is DocStatus.UNDER_REVISION
    facts = dict(document_facts(doc, handbook, date(2026, 11, 28)))
    assert facts["Status"] == "under revidering"
    assert facts["Gällande utgåva"] == "version 1.0 (fastställd 2026-01-10) gäller tills den nya är fastställd"
    banner = document_banner(doc, handbook, date(2026, 11, 28), "rutiner/test.md", docs_dir)
    assert banner.startswith(
        '!!! warning "Under revidering"\n\n    Texten på sidan är version 2.0, ett förslag som inte är fastställt. '
        "Den fastställda utgåvan, version 1.0 (fastställd 2026-01-10), gäller tills en ny version har fastställts: "
        '<a href="../../arkiv/rutiner/test/1.0/test.pdf">PDF (1 kB)</a> · '
        '<a href="../../arkiv/rutiner/test/1.0/test.md.txt">källtext</a>.')
    html = document_register([doc], handbook, date(2026, 11, 28), "index.md", docs_dir)
    assert "<td>2.0</td><td>under revidering</td>" in html
    assert "1 styrdokument varav 0 utkast, 1 under revidering och 0 med försenad granskning" in html
    # The PDF's title page and footer say it too (issue 24: on the page, in the register and in the PDF).
    job = document_job(handbook, doc, date(2026, 11, 28))
    printed = dict(job.title.facts)
    assert printed["Status"] == "under revidering" and printed["Gällande utgåva"] == facts["Gällande utgåva"]
    assert job.title.footer == "Testrutin (rutin, version 2.0, under revidering)"


@pytest.mark.parametrize(("change", "expected"), [
    (lambda page: replace_in(page, '    - version: "1.0"', '    - version: "0.9"'),
     'docs/rutiner/test.md, rad 9, fält "styrdokument.ändringar": version 1.0 är fastställd (2026-01-10, '
     "diarienummer FAR 2026/7) men saknas bland ändringarna; lägg tillbaka den sakliga ändringen med den "
     "versionen"),
    (lambda page: replace_in(page, "      typ: saklig", "      typ: redaktionell"),
     'docs/rutiner/test.md, rad 10, ändring "1.0", fält "styrdokument.ändringar": version 1.0 är fastställd '
     "genom ett beslut och ska vara typ saklig"),
    (lambda page: replace_in(page, "  nästa_granskning: 2027-01-10", "  nästa_granskning: 2025-01-10"),
     'docs/rutiner/test.md, rad 7, fält "styrdokument.nästa_granskning": nästa granskning måste ligga efter '
     "fastställelsedagen (2026-01-10)"),
    (lambda page: replace_in(page, "  nis2: [b, f]", "  senast_granskad: 2025-12-01\n  nis2: [b, f]"),
     'docs/rutiner/test.md, rad 8, fält "styrdokument.senast_granskad": senaste granskningen kan inte ligga '
     "före fastställelsedagen (2026-01-10)"),
])
def test_notes_and_dates_must_agree_with_the_ledger(docs_dir, change, expected):
    _adopted(docs_dir)
    change(docs_dir / "rutiner" / "test.md")
    replace_in(docs_dir / "rutiner" / "test.md", '  version: "1.0"\n  nästa', '  version: "1.0"\n  nästa')
    _, issues = _load(docs_dir)
    assert expected in [str(i) for i in issues]


def test_example_decisions_are_marked(docs_dir, handbook):
    [doc], issues = _load(_adopted(docs_dir, example=True), {r.id for r in handbook.organisation.roles})
    assert issues == []
    facts = dict(document_facts(doc, handbook, date(2026, 11, 28)))
    assert facts["Exempeldata"] == "beslutsuppgifterna är påhittade exempel"
    assert "FAR 2026/7 (exempel)" in document_register([doc], handbook, date(2026, 11, 28), "index.md")


def test_hostile_decision_data_is_escaped(docs_dir, handbook):
    [doc], _ = _load(_adopted(docs_dir, reference="<b>{{ 7*7 }}</b>"), {r.id for r in handbook.organisation.roles})
    banner = document_banner(doc, handbook, date(2026, 11, 28))
    assert "&lt;b&gt;&#123;&#123; 7&#42;7 &#125;&#125;&lt;/b&gt;" in banner and "<b>" not in banner


def test_retention_is_listed_with_its_example_flag(handbook):
    from dataclasses import replace
    from types import MappingProxyType

    from macros import models as m
    from macros.catalogue import Scope
    from macros.registers.retention import page_table
    from macros.yamlsource import read_yaml_file
    from tests.fixture_project import FIXTURES

    assert page_table(Scope(handbook, date(2026, 11, 28))) == (
        "\n\n<p>Ingen uppgift om bevarande är införd. För in hur länge varje slag av LIS-handling sparas och var i "
        "data/bevarande.yaml, enligt nämndens informationshanteringsplan.</p>\n\n")
    data, _ = read_yaml_file(FIXTURES / "tillsyn" / "bevarande.yaml", "bevarande.yaml")
    files = MappingProxyType({**handbook.files, "bevarande.yaml": m.RetentionFile.model_validate(data)})
    html = page_table(Scope(replace(handbook, files=files), date(2026, 11, 28)))
    assert "<caption>Bevarande och gallring av LIS-handlingar (exempeldata)</caption>" in html
    assert ("<tr><td>Incidentloggen</td><td>Gallras efter 5 år</td><td>Ärendehanteringen.</td>"
            "<td>Informationshanteringsplan 2026, punkt 3.4</td><td>ja</td></tr>") in html


def test_a_version_line_in_the_body_is_text_not_a_version(docs_dir):
    """Issue 23 M3: a YAML example in a page's body never sets the document's version or history."""
    replace_in(docs_dir / "rutiner" / "test.md", "Text.\n",
               "Text.\n\n```yaml\nstyrdokument:\n  version: 99.9\nändringar:\n  - version: \"99.9\"\n```\n")
    [doc], issues = _load(docs_dir)
    assert issues == []
    assert doc.meta.version == "1.0" and [n.version for n in doc.notes] == ["1.0"]


def test_every_lis_document_of_the_example_is_in_the_register():
    """Issue 24 item 5: the SoA, the risk method and criteria, the internal audit programme, the exercise
    plan and the continuity plan are governing documents with owner, version, review and change notes,
    and a register that is one names the data file that is its content."""
    from macros.loader import load_handbook

    root = Path(__file__).resolve().parent.parent
    hb = load_handbook(root / "data")
    roles = {r.id for r in hb.organisation.roles}
    docs, issues = load_documents(root / "docs", roles, load_ledger(root / "docs", roles))
    assert issues == []
    found = {d.src_path: (d.meta.type.value, d.meta.data_files) for d in docs}
    expected = {
        "styrande/tillamplighetsforklaring.md": ("register", ["tillamplighet.yaml"]),
        "rutiner/riskhantering.md": ("rutin", ["riskmetod.yaml"]),
        "uppfoljning/internrevision.md": ("register", []),
        "uppfoljning/ovningar.md": ("register", []),
        "rutiner/kontinuitet-och-reservrutiner.md": ("rutin", []),
    }
    assert {path: found.get(path) for path in expected} == expected
    for doc in docs:
        if doc.src_path in expected:
            assert doc.meta.owner in roles and doc.meta.version and doc.meta.next_review and doc.notes, doc.src_path
