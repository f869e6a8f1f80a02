"""The menu from the declarations (macros/menu.py): a register's `menu=` puts its pages in mkdocs.yml's nav."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from macros import cli, navcheck
from macros.catalogue import Register
from macros.menu import MenuError, with_register_pages
from tests.build_helpers import build
from tests.fixture_project import fixture_project

NAV = [
    {"Start": "index.md"},
    {"Rutiner": ["rutiner/index.md", {"Incidenthantering": "rutiner/incidenthantering.md"}]},
    {"Uppföljning": ["uppfoljning/index.md", {"Systemförteckning": "uppfoljning/systemforteckning.md"}]},
    {"Extern": "https://example.org/"},
]


def register(module: str, menu: str, *pages: str) -> Register:
    return Register(None, pages=pages, menu=menu, module=module)


def every_page(page: str) -> bool:
    return True


def test_a_declared_page_is_appended_untitled_to_its_section():
    before = copy.deepcopy(NAV)
    nav = with_register_pages(NAV, [register("keys", "Uppföljning", "uppfoljning/nycklar.md")], every_page)
    assert nav == [
        {"Start": "index.md"},
        {"Rutiner": ["rutiner/index.md", {"Incidenthantering": "rutiner/incidenthantering.md"}]},
        {"Uppföljning": ["uppfoljning/index.md", {"Systemförteckning": "uppfoljning/systemforteckning.md"},
                         "uppfoljning/nycklar.md"]},
        {"Extern": "https://example.org/"},
    ]
    assert before == NAV  # a new menu; mkdocs.yml's as parsed is not changed


def test_pages_go_in_the_order_of_the_registers_and_their_pages():
    nav = with_register_pages(NAV, [register("a", "Rutiner", "rutiner/a.md", "rutiner/b.md"),
                                    register("b", "Uppföljning", "uppfoljning/c.md"),
                                    register("c", "Rutiner", "rutiner/d.md")], every_page)
    assert nav[1]["Rutiner"][2:] == ["rutiner/a.md", "rutiner/b.md", "rutiner/d.md"]
    assert nav[2]["Uppföljning"][2:] == ["uppfoljning/c.md"]


def test_a_page_the_menu_lists_already_keeps_its_place_and_title():
    listed = register("systems", "Rutiner", "uppfoljning/systemforteckning.md")  # listed under Uppföljning
    assert with_register_pages(NAV, [listed], every_page) == NAV
    twice = register("keys", "Rutiner", "rutiner/nycklar.md", "rutiner/nycklar.md")
    assert with_register_pages(NAV, [twice], every_page)[1]["Rutiner"][2:] == ["rutiner/nycklar.md"]


def test_a_page_the_project_does_not_have_and_a_register_without_menu_are_left_out():
    assert with_register_pages(NAV, [register("keys", "Uppföljning", "uppfoljning/nycklar.md")],
                               lambda page: page != "uppfoljning/nycklar.md") == NAV
    assert with_register_pages(NAV, [register("keys", "", "uppfoljning/nycklar.md")], every_page) == NAV


def test_no_nav_stays_no_nav():
    """Without nav: MkDocs lists every page itself; the fixture project builds that way."""
    assert with_register_pages(None, [register("keys", "Uppföljning", "uppfoljning/nycklar.md")], every_page) is None


def test_a_section_the_nav_does_not_have_names_the_register_and_the_sections_there_are():
    with pytest.raises(MenuError) as err:
        with_register_pages(NAV, [register("keys", "Uppfoljning", "uppfoljning/nycklar.md")], every_page)
    assert str(err.value) == (
        'macros/registers/keys.py puts its page uppfoljning/nycklar.md in the menu section "Uppfoljning" (menu= in '
        'its Register(...)), but nav: in mkdocs.yml has no top-level section with that title; the sections are: '
        '"Rutiner", "Uppföljning"')
    with pytest.raises(MenuError, match='the sections are: none$'):
        with_register_pages([{"Start": "index.md"}], [register("keys", "Rutiner", "a.md")], every_page)


# --- navcheck reads the same menu -------------------------------------------------------------------

MKDOCS_YML = """site_name: Prov
site_url: !ENV [LIS_WEBBADRESS, "https://lis.intranat.example/"]
nav:
  - Start: index.md
  - Uppföljning:
      - uppfoljning/index.md
"""


def project(tmp_path: Path, *pages: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for page in ("index.md", "uppfoljning/index.md", *pages):
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text("# Sida\n", encoding="utf-8")
    return tmp_path


def test_navcheck_counts_a_declared_page_as_in_the_menu(tmp_path):
    root = project(tmp_path, "uppfoljning/nycklar.md")
    keys = register("keys", "Uppföljning", "uppfoljning/nycklar.md")
    assert navcheck.nav_entries(root, [keys]) == [("Start", "index.md"), (None, "uppfoljning/index.md"),
                                                  (None, "uppfoljning/nycklar.md")]
    assert navcheck.nav_entries(root, []) == [("Start", "index.md"), (None, "uppfoljning/index.md")]
    assert navcheck.menu(root, [keys]) == [{"Start": "index.md"},
                                           {"Uppföljning": ["uppfoljning/index.md", "uppfoljning/nycklar.md"]}]


def test_lis_kontrollera_says_which_section_is_missing_without_a_traceback(tmp_path, monkeypatch, capsys):
    root = project(tmp_path, "uppfoljning/nycklar.md")
    monkeypatch.setattr(navcheck, "all_registers", lambda: (register("keys", "Rapporter", "uppfoljning/nycklar.md"),))
    monkeypatch.chdir(root)
    assert cli.main(["kontrollera"]) == cli.BUG_EXIT
    err = capsys.readouterr().err
    assert err == ("Fel: detta är ett fel i handbokens kod, inte i dina uppgifter (till den som förvaltar handboken): "
                   'macros/registers/keys.py puts its page uppfoljning/nycklar.md in the menu section "Rapporter" '
                   "(menu= in its Register(...)), but nav: in mkdocs.yml has no top-level section with that title; "
                   'the sections are: "Uppföljning"\n')
    assert "Traceback" not in err


# --- A real build: the plugin puts the declared page in the menu ----------------------------------------------


@pytest.mark.build
def test_a_register_page_declared_with_menu_is_in_the_built_menu_without_a_line_in_mkdocs_yml(tmp_path):
    root = fixture_project(tmp_path / "handbok", menu=True)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = text.index("\nnav:\n")
    listed = text[nav + len("\nnav:\n"):]
    # The fixture's flat menu as one section, and a register page that no line of it names.
    config.write_text(text[:nav] + "\nnav:\n  - Handboken:\n" + listed.replace("  - ", "      - "), encoding="utf-8")
    (root / "docs" / "uppfoljning" / "provregister.md").write_text("# Provregistret\n\nRegistrets sida.\n",
                                                                   encoding="utf-8")
    (root / "macros" / "registers" / "provregister.py").write_text(
        '"""A register of the test: only its page and menu section."""\n\n'
        "from ..catalogue import Register\n\n"
        'REGISTER = Register(None, pages=("uppfoljning/provregister.md",), menu="Handboken")\n', encoding="utf-8")
    assert "provregister" not in config.read_text(encoding="utf-8")
    done = build(root)
    assert done.returncode == 0, done.output
    start = done.html("index.html")
    assert re.search(r'<a href="uppfoljning/provregister/"[^>]*>\s*(?:<span[^>]*>\s*)?Provregistret', start), \
        "the page is in the menu under its first heading"
    page = done.html("uppfoljning/provregister/index.html")
    assert 'aria-label="Föregående"' in page or "md-footer__link--prev" in page  # it has a place in the order
