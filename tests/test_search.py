"""The search's rules and files: sökord and målgrupp in front matter, synonyms in data, what the index reads."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from bench.browser import Hit
from macros import search_index
from macros.audience import Audience
from macros.columns import Column, table
from macros.documents import front_matter_issues, load_documents
from macros.history_views import version_history
from macros.ledger import load_ledger
from macros.loader import load_handbook
from macros.render import NOT_INDEXED
from macros.search import STOP_WORDS, audience_words, side_data, words
from macros.search_index import INDEX_LATER, indexed_text, vocabulary
from macros.yamlsource import parse_yaml
from tests.conftest import FIXTURE_DATA
from tests.fixture_project import FIXTURES


def _issues(front_matter: str) -> list[str]:
    front, problems = parse_yaml(front_matter, "docs/sida.md", 2)
    assert problems == []
    return [str(i) for i in front_matter_issues(front, "docs/sida.md")]


def test_a_list_of_short_keywords_and_a_known_audience_are_valid():
    assert _issues("title: Sida\nsökord:\n  - DPIA\n  - tappat mobilen\n  - 2FA\nmålgrupp: samordnare\n") == []
    assert _issues("title: Sida\nmålgrupp: alla\n") == []
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
    ("title: Sida\nmålgrupp: chefer\n",
     'docs/sida.md, rad 3, fält "målgrupp": ska vara alla eller samordnare, inte "chefer"'),
])
def test_bad_search_fields_give_a_swedish_error_with_file_line_and_field(front, expected):
    assert _issues(front) == [expected]


def _page_issues(tmp_path: Path, pages: dict[str, str]) -> list[str]:
    """The issues of loading docs/ with these pages (name: front matter), each page with a heading."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, front in pages.items():
        (docs / name).write_text(f"---\n{front}---\n\n# Sida\n", encoding="utf-8")
    return [str(i) for i in load_documents(docs, {"samordnare"})[1]]


def test_search_field_errors_are_found_with_the_other_front_matter_checks(tmp_path: Path):
    assert _page_issues(tmp_path, {"sida.md": "title: Sida\nsökord: DPIA\nmålgrupp: ledning\n"}) == [
        'docs/sida.md, rad 3, fält "sökord": ska vara en lista med sökord, ett per rad med bindestreck först, '
        'till exempel "- DPIA"',
        'docs/sida.md, rad 4, fält "målgrupp": ska vara alla eller samordnare, inte "ledning"']


def test_a_keyword_on_two_pages_is_an_error_on_the_second_with_the_first_named(tmp_path: Path):
    assert _page_issues(tmp_path, {"a.md": "title: A\nsökord:\n  - DPIA\n  - Årlig  uppföljning\n",
                                   "b.md": "title: B\nsökord:\n  - PUB\n  - årlig uppföljning\n  - dpia\n"}) == [
        'docs/b.md, rad 5, fält "sökord[2]": sökordet "årlig uppföljning" står redan på docs/a.md, rad 5; '
        "ge ett sökord till en sida, den som är svaret",
        'docs/b.md, rad 6, fält "sökord[3]": sökordet "dpia" står redan på docs/a.md, rad 4; '
        "ge ett sökord till en sida, den som är svaret"]


def test_the_same_keyword_twice_on_one_page_is_not_two_pages(tmp_path: Path):
    assert _page_issues(tmp_path, {"a.md": "title: A\nsökord:\n  - DPIA\n  - dpia\n"}) == []


def test_words_keep_hyphenated_words_whole_and_split_at_other_punctuation():
    assert words("E-tjänst: sms:a, IT-system/Teams") == ["e-tjänst", "sms", "a", "it-system", "teams"]


def test_prepositions_and_question_words_are_stop_words():
    assert {"om", "på", "vem", "vad", "hur", "jag", "får", "till"} <= STOP_WORDS
    assert not {"it", "ai", "sms", "mejl", "lösenord"} & STOP_WORDS


def test_the_verbs_a_question_is_told_with_are_stop_words():
    assert {"sa", "säger", "gör", "göra", "vill", "behöver"} <= STOP_WORDS


def test_audience_words_are_the_titles_and_keywords_of_the_audiences_pages_without_stop_words():
    pages = [("samordnare", "Om handboken", ["ändra i handboken", "YAML"]),
             ("alla", "Incidenthantering", ["ransomware"]),
             ("samordnare", "Kommandot lis", [])]
    assert audience_words(pages) == {"samordnare": [["handboken"], ["kommandot", "lis"], ["yaml"],
                                                    ["ändra", "handboken"]]}


def test_the_side_file_carries_stop_words_synonyms_and_audiences():
    data = side_data({"SoA": ["tillämplighetsförklaring"]}, {"samordnare": [["yaml"]]})
    assert data["synonymer"] == {"SoA": ["tillämplighetsförklaring"]}
    assert data["malgrupper"] == {"samordnare": [["yaml"]]}
    assert data["stoppord"] == sorted(STOP_WORDS)


PAGE = """<html><head><meta name="keywords" content="DPIA, tappat mobilen" data-pagefind-meta="sokord[content]">
</head><body><nav>menyord</nav><article><div data-pagefind-body data-pagefind-filter="malgrupp:alla">
<h1>Rubrik</h1><p>Brödtext om incident &amp; nätfiske.</p><script>skriptord()</script>
<table data-pagefind-ignore><tr><td>tabellord</td></tr></table>
<details class="info lis-historik" data-pagefind-ignore><summary>Versionshistorik</summary>historikord</details>
<p>Sista stycket, 2026.</p></div></article><footer>sidfotsord</footer></body></html>"""


def test_the_indexed_text_is_the_body_without_ignored_elements_scripts_or_the_page_around_it():
    assert indexed_text(PAGE) == "Rubrik Brödtext om incident & nätfiske. Sista stycket, 2026."
    assert indexed_text("<html><body><p>ingen markering</p></body></html>") is None


def test_the_vocabulary_counts_the_indexed_words_of_indexed_pages(tmp_path: Path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE.replace("Rubrik", "Incident"), encoding="utf-8")
    (tmp_path / "c.html").write_text("<html><body>oindexerad</body></html>", encoding="utf-8")
    counts, pages = vocabulary(sorted(tmp_path.glob("*.html")))
    assert pages == 2
    assert counts["incident"] == 3 and counts["rubrik"] == 1 and counts["nätfiske"] == 2
    assert counts["dpia"] == 2 and counts["tappat"] == 2  # keywords are searched, so they are words of the handbook
    assert not {"tabellord", "historikord", "skriptord", "menyord", "sidfotsord", "oindexerad", "2026"} & set(counts)


def test_words_with_a_digit_stay_out_of_the_vocabulary(tmp_path: Path):
    (tmp_path / "a.html").write_text(PAGE.replace("Sista stycket, 2026.", "Se system-00123 och 2026-11-28 i DS3."),
                                     encoding="utf-8")
    counts, _ = vocabulary([tmp_path / "a.html"])
    assert counts["se"] == 1
    assert not {"system-00123", "2026-11-28", "ds3", "2026"} & set(counts)


def test_record_tables_and_the_version_history_are_marked_for_the_index_to_skip():
    records = table("Systemen", [Column("Namn")], [["Lönesystem"]], sortable=True)
    prose = table("Skalan", [Column("Nivå")], [["1"]])
    assert f"<table data-lis-sortera {NOT_INDEXED}>" in records
    assert NOT_INDEXED not in prose
    assert indexed_text(f"<div data-pagefind-body>{records}</div>") == ""
    docs_dir = FIXTURES / "utskrift" / "docs"
    hb = load_handbook(FIXTURE_DATA)
    roles = {r.id for r in hb.organisation.roles}
    docs, _ = load_documents(docs_dir, roles, load_ledger(docs_dir, roles))
    doc = next(d for d in docs if d.src_path == "rutiner/provrutin.md")
    assert f'<details class="info lis-historik" {NOT_INDEXED}>' in version_history(doc, hb, doc.src_path, docs_dir)


def test_a_query_hit_counts_only_when_the_first_result_is_the_expected_page():
    assert Hit("incident", "rutiner/incidenthantering/", "rutiner/incidenthantering/#gor-sa-har").ok
    assert not Hit("incident", "rutiner/incidenthantering/", "rutiner/personuppgiftsincidenter/").ok
    assert not Hit("incident", "rutiner/incidenthantering/", None).ok


def test_a_query_hit_in_the_top_three_counts_each_page_once():
    hit = Hit("x", "c/", "a/", ("a/", "b/", "c/"))
    assert hit.in_top3 and not hit.ok and not hit.empty
    assert not Hit("x", "d/", "a/", ("a/", "b/", "c/")).in_top3
    assert Hit("x", "a/", None).empty


# --- Synonyms in data --------------------------------------------------------------------------------


def _load_with(tmp_path: Path, synonyms: str) -> list[str]:
    from macros.errors import DataError

    data = tmp_path / "data"
    data.mkdir()
    for path in (FIXTURES / "data").glob("*.yaml"):
        (data / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "synonymer.yaml").write_text(synonyms, encoding="utf-8")
    try:
        load_handbook(data)
    except DataError as err:
        return [str(i) for i in err.issues]
    return []


def test_synonyms_load_from_data(tmp_path: Path):
    assert _load_with(tmp_path, "synonymer:\n  - ord: avvikelse\n    sök_även: [incident]\n") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("synonymer:\n  - ord: avvikelse\n    sök_även: []\n",
     'data/synonymer.yaml, rad 3, synonym "avvikelse", fält "sök_även": listan måste ha minst 1 poster'),
    ("synonymer:\n  - ord: avvikelse\n    sök_även: [Avvikelse]\n",
     'data/synonymer.yaml, rad 2, synonym "avvikelse": sök_även ska ha andra ord än ordet självt (avvikelse)'),
    ("synonymer:\n  - ord: avvikelse\n    sök_även: [incident]\n  - ord: avvikelse\n    sök_även: [fel]\n",
     'data/synonymer.yaml, rad 4, synonym "avvikelse", fält "ord": ord "avvikelse" används redan av en '
     'tidigare post; varje post måste ha ett eget'),
    ("synonymer:\n  - ord: ''\n    sök_även: [incident]\n",
     'data/synonymer.yaml, rad 2, synonym "", fält "ord": "" är inget ord; skriv ett ord, till exempel avvikelse'),
])
def test_bad_synonyms_give_a_swedish_error_with_file_line_and_entry(tmp_path: Path, text, expected):
    assert _load_with(tmp_path, text) == [expected]


# --- The built handbook ----------------------------------------------------------------------------


@pytest.mark.build
def test_the_index_is_built_after_the_site_with_the_vocabulary_and_the_datas_synonyms(fixture_site):
    side = json.loads((fixture_site.site / "search" / "lis-sok.json").read_text(encoding="utf-8"))
    assert (fixture_site.site / "pagefind" / "pagefind.js").is_file()
    assert side["synonymer"] == {}  # the fixture data has no synonymer.yaml
    assert side["stoppord"] == sorted(STOP_WORDS)
    assert side["ord"]["incidenthantering"] >= 1


@pytest.mark.build
def test_record_pages_are_indexed_by_name_id_and_purpose_only(fixture_site):
    hb = load_handbook(fixture_site.site.parent / "data")
    system = hb.systems[0]
    text = indexed_text(fixture_site.html(f"system/{system.id}/index.html"))
    assert text == f"{system.name} {system.id} · {system.purpose}"


@pytest.mark.build
def test_record_tables_are_not_indexed(fixture_site):
    hb = load_handbook(fixture_site.site.parent / "data")
    text = indexed_text(fixture_site.html("uppfoljning/systemforteckning/index.html")) or ""
    assert [s.name for s in hb.systems if s.name in text] == []
    # the HTML allow-list writes an empty attribute with its value ="" (macros/sanitize.py)
    assert re.search(f'<table data-lis-sortera(="")? {NOT_INDEXED}(="")?>',
                     fixture_site.html("uppfoljning/systemforteckning/index.html"))


@pytest.mark.build
def test_a_pages_keywords_are_searched_and_shown_nowhere(site):
    """Every page with `sökord:` carries them in a meta element the index reads, not in its text."""
    import html as html_module

    from macros.documents import split_front_matter

    checked = 0
    for path in sorted((site.site.parent / "docs").rglob("*.md")):
        yaml_text, first = split_front_matter(path.read_text(encoding="utf-8"))
        front, _ = parse_yaml(yaml_text, str(path), first) if yaml_text else (None, [])
        if not isinstance(front, dict) or "sökord" not in front:
            continue
        rel = path.relative_to(site.site.parent / "docs").with_suffix("")
        page = "index.html" if rel.as_posix() == "index" else (
            f"{rel.parent.as_posix()}/index.html" if rel.name == "index" else f"{rel.as_posix()}/index.html")
        built = site.html(page.lstrip("./"))
        content = ", ".join(str(w).strip() for w in front["sökord"])
        assert f'<meta name="keywords" content="{html_module.escape(content)}" data-pagefind-meta="sokord[content]">' \
            in built, page
        checked += 1
    assert checked >= 5


def test_the_build_pipeline_builds_the_index_itself(monkeypatch: pytest.MonkeyPatch):
    """`lis bygg` runs MkDocs without the index and then the engine-neutral step on the site folder."""
    from macros import publish

    calls: list[tuple[str, str | None]] = []

    def fake_run(command, **kwargs):  # noqa: ANN001, ANN003 - subprocess.run's signature
        calls.append(("mkdocs", kwargs["env"].get(INDEX_LATER)))
        return type("Done", (), {"returncode": 0, "stdout": ""})()

    monkeypatch.setattr(publish.subprocess, "run", fake_run)
    publish.mkdocs_build(Path("."), Path("site"))
    assert calls == [("mkdocs", "ja")]
    assert os.environ.get(INDEX_LATER) is None
    # One edition: MkDocs first, then the index of the finished folder (beside the link check).
    order: list[str] = []
    monkeypatch.setattr(publish, "mkdocs_build", lambda root, folder, edition: order.append(f"mkdocs {folder}"))
    monkeypatch.setattr(publish.search_index, "index_site", lambda folder: order.append(f"index {folder}"))
    monkeypatch.setattr(publish.linkcheck, "check_site", lambda folder: [])
    assert publish._make(Path("."), Path("ny"), Audience.LIS) == []
    assert order == ["mkdocs ny", "index ny"]


def test_pagefinds_own_interfaces_and_unused_languages_are_not_published(tmp_path: Path):
    from macros.search_index import UNUSED, _drop_unused
    bundle = tmp_path / "pagefind"
    (bundle / "index").mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"sv":{"hash":"sv_1","wasm":"sv","page_count":3}}}', encoding="utf-8")
    kept = ["pagefind.js", "pagefind-worker.js", "wasm.sv.pagefind", "pagefind.sv_1.pf_meta"]
    for name in (*kept, *UNUSED, "wasm.unknown.pagefind"):
        (bundle / name).write_text("x", encoding="utf-8")
    _drop_unused(bundle)
    assert sorted(p.name for p in bundle.iterdir()) == sorted([*kept, "index", "pagefind-entry.json"])


# --- Pagefind runs while the words are counted -------------------------------------------------------------------


def _fake_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    program = tmp_path / "pagefind"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(search_index, "pagefind_program", lambda: program)
    return program


@pytest.mark.process
def test_a_failing_pagefind_stops_the_index_with_its_own_words(tmp_path, monkeypatch):
    _fake_pagefind(tmp_path, monkeypatch, 'echo "Error: no pages" >&2; exit 3')
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<main data-pagefind-body>Hej</main>', encoding="utf-8")
    with pytest.raises(search_index.SearchIndexError) as caught:
        search_index.index_site(site)
    assert str(caught.value) == "Pagefind kunde inte bygga sökindexet:\nError: no pages"


@pytest.mark.process
def test_pagefind_is_stopped_when_counting_the_words_fails(tmp_path, monkeypatch):
    started = tmp_path / "started"
    _fake_pagefind(tmp_path, monkeypatch, f"touch {started}; exec sleep 30")
    site = tmp_path / "site"
    site.mkdir()

    def broken(paths):
        deadline = time.monotonic() + 20
        while not started.exists():  # Pagefind is running when the count fails
            assert time.monotonic() < deadline
        raise OSError("disk error")

    monkeypatch.setattr(search_index, "vocabulary", broken)
    with pytest.raises(OSError, match="disk error"):
        search_index.index_site(site)  # returns at once: the running Pagefind is killed, not waited for 30 s


@pytest.mark.process
def test_pagefind_and_the_word_count_run_at_the_same_time(tmp_path, monkeypatch):
    log, counted = tmp_path / "log", tmp_path / "counted"
    # This Pagefind finishes only once the words have been counted: run one after the other, neither ends.
    _fake_pagefind(tmp_path, monkeypatch, f"echo started >> {log}; while [ ! -e {counted} ]; do sleep 0.01; done; "
                   f"mkdir -p $2/pagefind; echo '{{\"languages\": {{}}}}' > $2/pagefind/pagefind-entry.json")
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)

    def counting(paths):
        deadline = time.monotonic() + 20
        while not log.exists():
            assert time.monotonic() < deadline, "Pagefind had not started while the words were counted"
        counted.touch()
        return search_index.Counter(), 0

    monkeypatch.setattr(search_index, "vocabulary", counting)
    search_index.index_site(site)
    assert log.read_text(encoding="utf-8") == "started\n"
