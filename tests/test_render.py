"""Escaping and table structure: data never becomes markup, and rows never shift."""

from __future__ import annotations

import re

import markdown
import pytest

from macros import views
from macros.columns import Column, table
from macros.render import text
from tests.conftest import AS_OF, replace_in

HOSTILE = 'A <script>alert(1)</script> | *fet* _k_ [x](javascript:alert(1)) {{ 7*7 }} {% if %} --8<-- "f"\nrad två'


def test_text_is_inert():
    out = str(text(HOSTILE))
    assert "<script>" not in out and "&lt;script&gt;" in out
    for syntax in ("|", "*", "_", "[", "]", "{", "}", "`"):
        assert syntax not in out
    assert "\n" not in out


def test_table_has_one_row_per_record_and_one_cell_per_column():
    html = table("T", [Column("A"), Column("B")], [(HOSTILE, 1), ("x", 2)])
    rows = re.findall(r"<tr>.*</tr>", html)
    assert len(rows) == 3  # header + 2
    assert all(r.count("<td") == 2 for r in rows[1:])
    assert "rad två" in html and "<br>" in html


def test_table_survives_markdown_unchanged():
    html = table("T", [Column("A")], [(HOSTILE,)])
    rendered = markdown.markdown(html, extensions=["tables", "md_in_html", "attr_list"])
    assert "<script>" not in rendered
    assert "<em>" not in rendered and "<strong>" not in rendered and 'href="javascript' not in rendered
    assert rendered.count("<tr>") == 2


def test_empty_table_says_so_with_the_date():
    html = table("Försenade – beräknat per 2026-11-28", [Column("A")], [], empty="Inga är försenade.")
    assert "<table>" not in html
    assert "Försenade – beräknat per 2026-11-28" in html and "Inga är försenade." in html


def test_hostile_system_name_stays_in_one_cell(data_dir):
    from macros.loader import load_handbook

    replace_in(data_dir / "system.yaml", "    namn: Alfa\n", f"    namn: {HOSTILE!r}\n".replace("\\n", "\n"))
    hb = load_handbook(data_dir)
    html = views.inventory(hb, AS_OF, "uppfoljning/systemforteckning.md")
    body = re.findall(r"<tr>.*</tr>", html)[1:]
    assert len(body) == 5
    columns = html.count('<th scope="col">')  # as many as the inventory's spec shows (14 today)
    assert columns >= 14 and {row.count("<td") for row in body} == {columns}
    assert "<script>" not in html


def test_inventory_caption_states_date_and_count(handbook):
    assert "<caption>Systemförteckning, 5 system – beräknat per 2026-11-28</caption>" in views.inventory(
        handbook, AS_OF, "uppfoljning/systemforteckning.md")


@pytest.mark.parametrize(("deadline_id", "phrase"), [
    ("nis-tidig-varning", "senast 24 timmar efter att förvaltningen fick kännedom om incidenten"),
    ("nis-slutrapport", "senast 1 månad efter incidentanmälan"),
])
def test_deadline_phrases(handbook, deadline_id, phrase):
    assert str(views.deadline_phrase(handbook, handbook.deadline(deadline_id))) == phrase


def test_contact_routes_link_mail_and_phone(handbook):
    out = str(views.contact_routes(handbook.role("samordnare")))
    assert out == ('<span data-pagefind-ignore>e-post <a href="mailto:informationssakerhet.farsta@example.se">'
                   "informationssakerhet.farsta@example.se</a>, telefon "
                   '<a href="tel:080000010">08-000 00 10</a> (vardagar 8–16)</span>')


def test_deadline_helper_carries_the_rules_from_data(handbook):
    html = views.deadline_helper(handbook, "nis")
    assert 'data-frister="&#91;&#123;&quot;id&quot;: &quot;nis-tidig-varning&quot;' in html
    assert "<noscript>" in html


def test_deadline_helper_has_a_paper_form_with_a_line_per_deadline(handbook):
    """On paper the helper is a form to fill in by hand (shown only in print; utskrift.css)."""
    html = views.deadline_helper(handbook, "nis")
    paper = html[html.index('<div class="lis-utskrift">'):]
    assert paper.count("senast ________________________") == len(
        [d for d in handbook.organisation.deadlines if d.group.value == "nis"]) == 3
    assert "<input" not in paper and "<output" not in paper


def test_link_address_carries_no_markdown_or_html():
    from macros.render import link

    out = str(link('tel:1 *a* _b_ [c](javascript:x) {{ y }}\n# h"<', "etikett"))
    assert out == ('<a href="tel:1%20%2Aa%2A%20_b_%20%5Bc%5D%28javascript:x%29%20%7B%7B%20y%20%7D%7D%0A#'
                   '%20h%22%3C">etikett</a>')


def test_contact_routes_do_not_link_invalid_addresses(handbook):
    from macros import models as m

    role = m.Role.model_validate({"id": "x", "namn": "X", "epost": "inte en adress", "telefon": "saknas"})
    # the same details stand on most pages: left out of the search index
    assert str(views.contact_routes(role)) == "<span data-pagefind-ignore>e-post inte en adress, telefon saknas</span>"
