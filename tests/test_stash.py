"""Large record tables skip Markdown parsing, and come back unchanged (still marked for the index to skip)."""

from __future__ import annotations

from macros.columns import Column, table
from macros.stash import MIN_CHARS, Stash
from tests import hostile

ROWS = [(f"System {n}", "ja") for n in range(2000)]


def test_a_large_record_table_is_set_aside_and_put_back_as_the_page_shows_it():
    stash = Stash()
    html = table("Systemförteckning", [Column("System"), Column("NIS")], ROWS, sortable=True)
    assert len(html) > MIN_CHARS
    hidden = stash.hide("<nav>del 1</nav>" + html)
    assert hidden == f'<nav>del 1</nav>\n\n<div data-lis-tabell="{stash.token}-0"></div>\n\n'
    assert stash.restore(f"<p>x</p>{hidden}<p>y</p>") == "<p>x</p><nav>del 1</nav>" + html + "<p>y</p>"


def test_small_output_and_searchable_tables_stay_in_the_markdown():
    stash = Stash()
    small = table("Få", [Column("System"), Column("NIS")], ROWS[:3], sortable=True)
    searchable = table("Sökbar", [Column("System"), Column("NIS")], ROWS)
    assert stash.hide(small) == small and stash.hide(searchable) == searchable and stash.parts == []


def test_a_placeholder_typed_into_a_page_is_left_alone():
    """Class: forged internal markers (tests/hostile.py FORGED_PLACEHOLDERS)."""
    stash = Stash()
    html = table("Systemförteckning", [Column("System"), Column("NIS")], ROWS, sortable=True)
    hidden = stash.hide(html)
    for forged in hostile.FORGED_PLACEHOLDERS:
        assert stash.restore(f"<p>{forged}</p>{hidden}") == f"<p>{forged}</p>" + html


def test_each_build_marks_its_placeholders_with_a_token_of_its_own():
    html = table("Systemförteckning", [Column("System"), Column("NIS")], ROWS, sortable=True)
    first, second = Stash(), Stash()
    hidden = first.hide(html)
    assert second.hide(html) != hidden  # a placeholder seen in one build is no use in the next
    assert second.restore(hidden) == hidden
