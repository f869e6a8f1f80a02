"""Large record tables skip Markdown and search parsing, and come back unchanged in the finished page."""

from __future__ import annotations

from macros.render import Column, table
from macros.stash import MIN_CHARS, Stash

ROWS = [(f"System {n}", "ja") for n in range(2000)]


def test_a_large_record_table_is_set_aside_and_put_back_as_the_page_shows_it():
    stash = Stash()
    html = table("Systemförteckning", [Column("System"), Column("NIS")], ROWS, sortable=True)
    assert len(html) > MIN_CHARS
    hidden = stash.hide("<nav>del 1</nav>" + html)
    assert hidden == '<nav>del 1</nav>\n\n<div data-lis-tabell="0"></div>\n\n'
    assert stash.restore(f"<p>x</p>{hidden}<p>y</p>") == (
        "<p>x</p><nav>del 1</nav>" + html.replace(' data-search-exclude="ja"', "") + "<p>y</p>")


def test_small_output_and_searchable_tables_stay_in_the_markdown():
    stash = Stash()
    small = table("Få", [Column("System"), Column("NIS")], ROWS[:3], sortable=True)
    searchable = table("Sökbar", [Column("System"), Column("NIS")], ROWS)
    assert stash.hide(small) == small and stash.hide(searchable) == searchable and stash.parts == []
