"""Each domain rule is computed once: every page and feed of one build shows the same figure for it.

One strict build of the fixture project (tests/fixtures) on LIS_DATE 2026-11-28 with a dashboard
and the 2026 management review (in progress, so computed on the same day). Hand count of the
fixture data on that day:
- DPIA required but not done: alfa (marked klar, but dated 2026-12-10) and epsilon -> 2;
- personal data at a supplier without a finished PUB-avtal: epsilon -> 1;
- yearly follow-up overdue: beta (due 2025-05-02) and epsilon -> 2.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from macros.collation import swedish_key
from macros.followup import DPIA_GAP, PROCESSOR_AGREEMENT_GAP
from tests.build_helpers import BuildResult, build
from tests.fixture_project import fixture_project

LIS_DATE = "2026-11-28"
FOLLOW_UP = "Uppföljning av klassning"
OVERDUE_METRIC = "klassningar med försenad årlig uppföljning"

# Both pages show the state of the security work, so they belong to the LIS edition (issue 30).
DASHBOARD = "---\ntitle: Uppföljning\nutgåva: lis\n---\n\n# Uppföljning\n\n{{ att_gora() }}\n\n{{ brister() }}\n"
REVIEW = ("---\ntitle: Ledningens genomgång 2026\nutgåva: lis\n---\n\n# Ledningens genomgång 2026\n\n"
          "{{ lg_matetal(2026) }}\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = fixture_project(tmp_path_factory.mktemp("regler"))
    (project / "docs/uppfoljning/index.md").write_text(DASHBOARD, encoding="utf-8")
    (project / "docs/ledningens-genomgang/2026.md").write_text(REVIEW, encoding="utf-8")
    result = build(project, LIS_DATE)
    assert result.returncode == 0, result.output
    return result


def _tables(html: str) -> dict[str, list[list[str]]]:
    """Every captioned table's caption (without the date suffix) -> its body rows as plain text."""
    found: dict[str, list[list[str]]] = {}
    for caption, body in re.findall(r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", html, re.S):
        rows = [[unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
        found[unescape(caption).split(" – beräknat per")[0]] = rows
    return found


def _table(html: str, caption_start: str) -> list[list[str]]:
    found = [rows for caption, rows in _tables(html).items() if caption.startswith(caption_start)]
    assert len(found) == 1, caption_start
    return found[0]


def _caption_count(html: str, title: str) -> int:
    """The count in a caption like 'Title (3)'; an empty list is a paragraph with the same caption."""
    match = re.search(re.escape(title) + r" \((\d+)\)", unescape(html))
    assert match, title
    return int(match.group(1))


def _pages(site: Path, folder: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((site / folder).glob("*/index.html"))]


def _overdue_events(ics: str) -> int:
    events = re.findall(r"BEGIN:VEVENT(.*?)END:VEVENT", ics.replace("\r\n ", ""), re.S)
    return sum(1 for e in events if f"SUMMARY:{FOLLOW_UP}:" in e
               and re.search(r"DTSTART;VALUE=DATE:(\d{8})", e).group(1) < LIS_DATE.replace("-", ""))  # type: ignore[union-attr]


def test_every_page_and_feed_agrees_on_each_rule(built: BuildResult) -> None:
    site = built.site
    dashboard = built.html("uppfoljning/index.html")
    review = {row[0]: int(row[1]) for row in _table(built.html("ledningens-genomgang/2026/index.html"),
                                                    "Mätetal för systemen")}
    objects = _pages(site, "forvaltningsobjekt")
    systems = _pages(site, "system")
    inventory = _table(built.html("uppfoljning/systemforteckning/index.html"), "Systemförteckning, 5 system")
    assert len(objects) == 7 and len(systems) == 6  # every förvaltningsobjekt and system of the fixture

    # The data-protection gaps: dashboard, review, object pages (summed), system pages, inventory.
    for title, expected in ((DPIA_GAP, 2), (PROCESSOR_AGREEMENT_GAP, 1)):
        figures = {
            "dashboard": _caption_count(dashboard, title),
            "review": review[title],
            "object pages": sum(_caption_count(page, title) for page in objects),
            "system pages": sum(1 for page in systems if f"<td>{title}</td>" in unescape(page)),
        }
        assert figures == dict.fromkeys(figures, expected), title
    not_done = [r[0] for r in inventory if r[-1].startswith("krävs,") and r[-1] != "krävs, klar"]
    assert not_done == ["Alfa", "Epsilon"] and [r[-1] for r in inventory][0] == "krävs, klar först 2026-12-10"

    # The overdue yearly follow-ups: review, dashboard, object pages, system pages and the calendar feeds.
    dashboard_rows = _table(dashboard, "Försenat (")
    object_rows = [row for page in objects for name, rows in _tables(page).items() if name.startswith("Försenat")
                   for row in rows]
    feeds = {p.stem: p.read_text(encoding="utf-8") for p in (site / "kalender").glob("*.ics")}
    figures = {
        "review": review[OVERDUE_METRIC],
        "dashboard": sum(1 for row in dashboard_rows if row[0] == FOLLOW_UP),
        "object pages": sum(1 for row in object_rows if row[0] == FOLLOW_UP),
        "system pages": sum(1 for page in systems if re.search(r"<td>Nästa uppföljning</td><td>[\d-]+ \(försenat\)",
                                                              page)),
        "district feed": _overdue_events(feeds.pop("forvaltningen")),
        "object feeds": sum(_overdue_events(ics) for ics in feeds.values()),
    }
    assert figures == dict.fromkeys(figures, 2)


@pytest.mark.parametrize(("names", "expected"), [
    (["Öst", "Ärende", "Åsa", "Zeta", "Alfa"], ["Alfa", "Zeta", "Åsa", "Ärende", "Öst"]),  # å < ä < ö after z
    (["Åke", "Zygot", "Zeta"], ["Zeta", "Zygot", "Åke"]),  # å after every z-word, not between them
    (["ärende", "Ärende", "Ängel", "arkiv"], ["arkiv", "Ängel", "Ärende", "ärende"]),  # case folded, ties fixed
    (["Émile", "Eva", "Edvin"], ["Edvin", "Émile", "Eva"]),  # é sorts as e
    (["Øst", "Ösa", "Ære", "Ägg", "Ühr", "Yxa", "Zorn"],  # æ, ø and ü as ä, ö and y (CLDR Swedish)
     ["Ühr", "Yxa", "Zorn", "Ägg", "Ære", "Ösa", "Øst"]),
])
def test_swedish_order(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=swedish_key) == expected
