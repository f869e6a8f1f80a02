"""The benchmark's own parts: the synthetic inventory is valid data, the plain build drops the machinery."""

from __future__ import annotations

from bench.run import plain_config
from bench.synthetic import write_data
from macros.loader import load_handbook
from tests.conftest import ROOT


def test_synthetic_inventory_is_valid_and_has_the_asked_size(tmp_path):
    write_data(ROOT / "data", tmp_path / "data", systems=250, objects=40)
    hb = load_handbook(tmp_path / "data")
    assert (len(hb.systems), len(hb.objects)) == (250, 40)
    assert any(s.classification for s in hb.systems[30:]) and any(not s.owner for s in hb.systems[30:])


def test_plain_configuration_has_no_macros_hooks_or_data_watch():
    text = plain_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "macros" not in text.split("# --- Extra")[0].split("plugins:")[1]
    assert "  - lis\n" not in text and "  - macros" not in text and "  - data\n" not in text
    assert "  - search:" in text and "theme:" in text


def test_serve_edits_change_text_that_is_there_exactly_once(tmp_path):
    from bench.run import serve_edits

    write_data(ROOT / "data", tmp_path / "data", systems=300, objects=30)
    for size in (30, 300):
        for edit in serve_edits(size):
            source = (tmp_path if edit.file.startswith("data/") and size > 30 else ROOT) / edit.file
            assert source.read_text(encoding="utf-8").count(edit.old) == 1, (size, edit)


def test_every_page_in_the_query_set_exists():
    from bench.run import query_set

    cases = query_set()
    assert len(cases) >= 15
    for query, page in cases:
        stem = ROOT / "docs" / page.rstrip("/")
        assert page.endswith("/") and (stem.with_suffix(".md").is_file() or (stem / "index.md").is_file()), query
