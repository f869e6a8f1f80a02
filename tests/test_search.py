"""The search index: sökord validation, keywords and boosts in the index, generated pages in their own file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.browser import Hit
from macros.documents import load_documents
from macros.loader import load_handbook
from macros.pages import system_page
from macros.render import page_url
from macros.search import GOVERNING_BOOST, KEYWORDS_FIELD, enrich, generated_index, keyword_issues
from macros.yamlsource import parse_yaml
from tests.conftest import NO_HISTORY, ROOT


def _issues(front_matter: str) -> list[str]:
    front, problems = parse_yaml(front_matter, "docs/sida.md", 2)
    assert problems == []
    return [str(i) for i in keyword_issues(front, "docs/sida.md")]


def test_a_list_of_short_keywords_is_valid():
    assert _issues("title: Sida\nsökord:\n  - DPIA\n  - tappat mobilen\n  - 2FA\n") == []
    assert _issues("title: Sida\n") == []


@pytest.mark.parametrize(("front", "expected"), [
    ("sökord: DPIA\n",
     'docs/sida.md, rad 2, fält "sökord": ska vara en lista med sökord, ett per rad med bindestreck först, '
     'till exempel "- DPIA"'),
    ("sökord: []\n",
     'docs/sida.md, rad 2, fält "sökord": ska vara en lista med sökord, ett per rad med bindestreck först, '
     'till exempel "- DPIA"'),
    ("sökord:\n  - DPIA\n  - ''\n", 'docs/sida.md, rad 4, fält "sökord[2]": sökordet är tomt'),
    ("sökord:\n  - {a: b}\n", 'docs/sida.md, rad 3, fält "sökord[1]": ett sökord ska vara en kort text'),
    ("sökord:\n  - " + "x" * 61 + "\n",
     'docs/sida.md, rad 3, fält "sökord[1]": sökordet är för långt (högst 60 tecken på en rad)'),
])
def test_bad_keywords_give_a_swedish_error_with_file_line_and_field(front, expected):
    assert _issues(front) == [expected]


def test_keyword_errors_are_found_with_the_other_front_matter_checks(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sida.md").write_text("---\ntitle: Sida\nsökord: DPIA\n---\n\n# Sida\n", encoding="utf-8")
    _, issues = load_documents(docs, {"samordnare"}, NO_HISTORY)
    assert [str(i) for i in issues] == [
        'docs/sida.md, rad 3, fält "sökord": ska vara en lista med sökord, ett per rad med bindestreck först, '
        'till exempel "- DPIA"']


def test_enrich_puts_keywords_on_the_page_entry_and_boosts_governing_pages():
    index = {"config": {}, "docs": [
        {"location": "rutiner/a/", "title": "A", "text": "a"},
        {"location": "rutiner/a/#del", "title": "Del", "text": "d"},
        {"location": "om/", "title": "Om", "text": "o", "boost": 2},
    ]}
    docs = enrich(index, {"rutiner/a/": ["DPIA", "tappat mobilen"], "om/": []}, {"rutiner/a/"})["docs"]
    assert docs == [
        {"location": "rutiner/a/", "title": "A", "text": "a", "boost": GOVERNING_BOOST,
         KEYWORDS_FIELD: "DPIA tappat mobilen"},
        {"location": "rutiner/a/#del", "title": "Del", "text": "d", "boost": GOVERNING_BOOST},
        {"location": "om/", "title": "Om", "text": "o", "boost": 2},
    ]


def test_generated_pages_file_escapes_data():
    assert generated_index([("system/x/", "x", "<b>Namn</b> & co", "Syfte <script>")]) == [
        ["system/x/", "&lt;b&gt;Namn&lt;/b&gt; &amp; co", "x", "Syfte &lt;script&gt;"]]


def test_a_query_hit_counts_only_when_the_first_result_is_the_expected_page():
    assert Hit("incident", "rutiner/incidenthantering/", "rutiner/incidenthantering/#gor-sa-har").ok
    assert not Hit("incident", "rutiner/incidenthantering/", "rutiner/personuppgiftsincidenter/").ok
    assert not Hit("incident", "rutiner/incidenthantering/", None).ok


def test_the_search_worker_loads_the_installed_materials_worker():
    import material

    main = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    name = main.split('MATERIAL_WORKER = "')[1].split('"')[0]
    assert (Path(material.__file__).parent / "templates/assets/javascripts/workers" / name).is_file()


# --- The built handbook ----------------------------------------------------------------------------


@pytest.mark.build
def test_generated_pages_are_in_their_own_file_and_not_in_lunrs_index(site):
    hb = load_handbook(site.site.parent / "data")
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = json.loads((site.site / "search" / "lis-sidor.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert not any(loc.startswith(("system/", "uppfoljning/systemforteckning-")) for loc in locations)
    assert "rutiner/incidenthantering/" in locations
    assert len(pages) == len(hb.systems) + len(hb.objects)
    first = hb.systems[0]
    assert [page_url(system_page(first.id)), first.name, first.id, first.purpose] in pages


@pytest.mark.build
def test_record_tables_are_left_out_of_the_index_and_the_attribute_out_of_the_page(site):
    hb = load_handbook(site.site.parent / "data")
    index = (site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    written = " ".join(p.read_text(encoding="utf-8") for p in (site.site.parent / "docs").rglob("*.md"))
    names = [s.name for s in hb.systems if s.name not in written]  # shown only in tables and on their own page
    assert len(names) > 5 and [n for n in names if n in index] == []
    assert "data-search-exclude" not in site.html("uppfoljning/systemforteckning/index.html")
    assert "<table data-lis-sortera>" in site.html("uppfoljning/systemforteckning/index.html")


@pytest.mark.build
def test_pages_keywords_are_in_the_index_and_nowhere_on_the_page(site):
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = next(d for d in index["docs"] if d["location"] == "rutiner/konsekvensbedomning/")
    assert "DPIA" in page[KEYWORDS_FIELD].split()
    assert index["config"]["fields"][KEYWORDS_FIELD]["boost"] > index["config"]["fields"]["text"]["boost"]
    assert "dataskyddsbedömning" not in site.html("rutiner/konsekvensbedomning/index.html")
