"""Nothing restricted leaks into the staff edition: a unique marker in every restricted page and in a text field
of every restricted register of the fixture project, both editions built by `lis bygg`, and every file of the
staff edition read as a reader or a program sees it (HTML, JSON, XML, ICS, sitemap, the packed search index)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser import chromium, first_hits, serve
from macros import page_audience, published
from macros.audience import Audience
from macros.registers import all_registers
from tests.browser_helpers import chromium_path
from tests.build_helpers import copy_project, run_lis
from tests.conftest import replace_in
from tests.fixture_project import FIXTURES, fixture_project

# data file -> (the text as the fixture has it, the marker planted after it); fields only the LIS edition shows.
FIELD_MARKERS = {
    "risker.yaml": ("risk: Användare har fler eller andra behörigheter än de behöver, och det upptäcks inte.",
                    "lackprovrisk"),
    "atgarder.yaml": ("åtgärd: Upprätta rutiner för tilldelning, ändring, borttagning och uppföljning av behörigheter "
                      "i Sociala system.", "lackprovatgard"),
    "granskningar.yaml": ("rekommendation: Upprätta rutiner för tilldelning, ändring, borttagning och uppföljning av "
                          "användares behörigheter i Sociala system.", "lackprovgranskning"),
    "kontinuitet.yaml": ("beskrivning: Utskrivna listor i pärmen på expeditionen.", "lackprovkontinuitet"),
    "loggkontroller.yaml": ("beskrivning: Slumpvisa uttag och alla uppslag på personer med skyddade personuppgifter.",
                            "lackprovlogg"),
    "incidenter.yaml": ("kommentar: Leverantörsincidenten i Miljödata röjde personuppgifter om samtliga medarbetare.",
                        "lackprovincident"),
    # a restricted field of a register for everyone: the system's PUB-avtal reference
    "system.yaml": ("pub_avtal_referens: FAR 2026/77", "lackprovpubavtal"),
}
# page -> marker, put right under the page's heading (in a review: outside its summary and decisions)
PAGE_MARKERS = {"ledningens-genomgang/2025.md": "lackprovgenomgang", "uppfoljning/index.md": "lackprovuppfoljning",
                "uppfoljning/mal.md": "lackprovmal", "uppfoljning/lackprov.md": "lackprovsida"}
EVERYONE = "zebrafinkmarkering"  # on a page for everyone: in both editions, so the scan is shown to find markers
# A restricted page that shows the restricted registers' fields, so each marker is in the LIS edition.
PROBE_PAGE = """---
utgåva: lis
---

# Underlag för granskning

{{ riskregister() }}

{{ loggkontroller() }}

{{ reservrutiner() }}

{{ lg_revision(2025) }}

{{ lg_incidenter(2025) }}
"""


def restricted_markers() -> list[str]:
    return [marker for _, marker in FIELD_MARKERS.values()] + list(PAGE_MARKERS.values())


def plant(project: Path) -> None:
    data, docs = project / "data", project / "docs"
    for name, (line, marker) in FIELD_MARKERS.items():
        replace_in(data / name, line, f"{line} {marker}")
    (docs / "uppfoljning" / "lackprov.md").write_text(PROBE_PAGE, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:  # the menu is the last section
        config.write("  - uppfoljning/lackprov.md\n")
    for page, marker in PAGE_MARKERS.items():
        text = (docs / page).read_text(encoding="utf-8")
        heading = next(ln for ln in text.splitlines() if ln.startswith("# "))
        replace_in(docs / page, heading + "\n", f"{heading}\n\nUppgift {marker} här.\n")
    with (docs / "index.md").open("a", encoding="utf-8") as page:
        page.write(f"\nUppgift {EVERYONE} här.\n")


def texts(site: Path) -> Iterator[tuple[str, str]]:
    """(file, text) for every file of a built edition: its raw text and what a reader or program reads from it."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        name = path.relative_to(site).as_posix()
        yield name, raw.decode("utf-8", "replace")
        for text in published.texts_of(name, raw):
            yield name, text


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = fixture_project(tmp_path_factory.mktemp("lackprov") / "handbok", menu=True)
    plant(project)
    done = run_lis(project, "bygg")
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site", project / "site-lis"


def test_every_restricted_register_of_the_fixture_has_a_planted_marker():
    fixture = {p.name for p in (FIXTURES / "data").glob("*.yaml")}
    restricted = {r.data.name for r in all_registers() if r.audience is Audience.LIS and r.data is not None}
    unmarked = sorted(restricted & fixture - set(FIELD_MARKERS))
    assert unmarked == [], f"plant a marker in a text field of {unmarked} (FIELD_MARKERS)"


def test_no_restricted_marker_reaches_any_file_of_the_staff_edition(editions):
    staff, _ = editions
    found = sorted({(name, m) for name, text in texts(staff) for m in restricted_markers() if m in text})
    assert found == []
    assert any(EVERYONE in text for _, text in texts(staff)), "the scan finds a marker of a page for everyone"
    assert (staff / "pagefind").is_dir() and (staff / "sitemap.xml").is_file() and (staff / "404.html").is_file()
    assert (staff / "kalender" / "forvaltningen.ics").is_file() and (staff / "vad-ar-nytt.xml").is_file()


def test_every_marker_is_in_the_lis_edition_and_its_search_index(editions):
    _, lis = editions
    everything = "\n".join(text for _, text in texts(lis))
    assert [m for m in [*restricted_markers(), EVERYONE] if m not in everything] == []
    index = "\n".join(text for name, text in texts(lis) if name.startswith("pagefind/"))
    assert "lackprovsida" in index and "lackprovuppfoljning" in index


def test_the_staff_edition_shows_a_restricted_page_as_a_notice_and_a_review_as_summary_and_decisions(editions):
    staff, lis = editions
    notice = (staff / "uppfoljning" / "lackprov" / "index.html").read_text(encoding="utf-8")
    assert "Sidan finns i LIS-utgåvan" in notice
    assert 'href="https://lis.intranat.example/lis/uppfoljning/lackprov/"' in notice
    assert "LIS-utgåvan – begränsad åtkomst" not in notice
    review = (staff / "ledningens-genomgang" / "2025" / "index.html").read_text(encoding="utf-8")
    assert "Sammanfattning" in review and "Hela genomgången finns i LIS-utgåvan" in review
    assert not (staff / "system").exists() and not (staff / "arkiv" / "ledningens-genomgang").exists()
    assert "LIS-utgåvan – begränsad åtkomst" in (lis / "index.html").read_text(encoding="utf-8")
    assert (lis / "system" / "alfa" / "index.html").is_file()


@pytest.mark.browser
def test_searching_the_staff_edition_for_a_marker_finds_nothing(editions):
    staff, lis = editions
    with chromium(chromium_path()) as browser:
        with serve(staff) as url:
            [hidden] = first_hits(browser, url, [("lackprovsida", "")])
        with serve(lis) as url:
            [found] = first_hits(browser, url, [("lackprovsida", "uppfoljning/lackprov/")])
    assert hidden.empty, hidden
    assert found.first is not None and found.first.startswith("uppfoljning/lackprov/"), found


# --- The example site: every restricted page and the first text field of every restricted register --------------

_TEXT_FIELD = re.compile(r"^(\s+-?\s?(?:kommentar|beskrivning|risk|åtgärd|rekommendation|motivering): [^>|\"'].*)$", re.M)


_NOTE = re.compile(r"^      beskrivning: >-\n(?:        .*\n)*?        .*(?=\n(?!        ))", re.M)


def plant_everywhere(project: Path) -> tuple[list[str], list[str]]:
    """A marker under the heading of every page with `utgåva: lis` (but an adopted review, whose text may not
    change) and in the first free-text field of every restricted register's data file: (page markers, field
    markers)."""
    docs = project / "docs"
    restricted, _ = page_audience.restricted_pages(docs, [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")])
    page_markers = []
    adopted = {page for page in restricted if (docs / "arkiv" / page.removesuffix(".md")).is_dir()}  # a record
    for n, page in enumerate(sorted(restricted - adopted)):
        marker = f"lackprovsida{n:02d}x"
        text = (docs / page).read_text(encoding="utf-8")
        heading = next(ln for ln in text.splitlines() if ln.startswith("# "))
        replace_in(docs / page, heading + "\n", f"{heading}\n\nUppgift {marker} här.\n")
        page_markers.append(marker)
        note = _NOTE.search(text)  # the newest change note, which Vad är nytt and its feed show
        if note:
            marker = f"lackprovnot{n:02d}x"
            current = (docs / page).read_text(encoding="utf-8")
            at = current.index(note.group(0)) + len(note.group(0))
            (docs / page).write_text(current[:at] + f" {marker}" + current[at:], encoding="utf-8")
            page_markers.append(marker)
    field_markers = []
    for n, register in enumerate(r for r in all_registers() if r.audience is Audience.LIS and r.data is not None):
        path = project / "data" / register.data.name  # type: ignore[union-attr]
        found = _TEXT_FIELD.search(path.read_text(encoding="utf-8")) if path.is_file() else None
        if found:
            marker = f"lackprovfalt{n:02d}x"
            text = path.read_text(encoding="utf-8")
            path.write_text(text[:found.end(1)] + f" {marker}" + text[found.end(1):], encoding="utf-8")
            field_markers.append(marker)
    return page_markers, field_markers


def test_the_example_sites_staff_edition_has_no_marker_of_its_restricted_pages_and_registers(tmp_path):
    project = copy_project(tmp_path / "handbok")
    page_markers, field_markers = plant_everywhere(project)
    assert len(page_markers) >= 5 and len(field_markers) >= 7
    assert any(m.startswith("lackprovnot") for m in page_markers)
    done = run_lis(project, "bygg", lis_date="2026-12-04")  # the restricted pages' notes are news that day
    assert done.returncode == 0, done.stdout + done.stderr
    markers = page_markers + field_markers
    leaked = sorted({(name, m) for name, text in texts(project / "site") for m in markers if m in text})
    assert leaked == []
    everything = "\n".join(text for _, text in texts(project / "site-lis"))
    assert [m for m in page_markers if m not in everything] == []
    news = (project / "site-lis" / "vad-ar-nytt.xml").read_text(encoding="utf-8")
    assert any(m in news for m in page_markers if m.startswith("lackprovnot"))
