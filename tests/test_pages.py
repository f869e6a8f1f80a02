"""The page map is the one list of paths code names; mkdocs.yml and the menu check agree with it."""

from pathlib import Path

import pytest
import yaml

from macros import pages

ROOT = Path(__file__).resolve().parent.parent


class _Loader(yaml.SafeLoader):
    """mkdocs.yml has Python tags (emoji functions); this test reads only plain keys."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_constructor("!ENV", lambda loader, node: None)


def test_not_in_nav_in_mkdocs_yml_is_the_page_maps_list():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    assert tuple(config["not_in_nav"].split()) == pages.NOT_IN_MENU


@pytest.mark.parametrize(("path", "year"), [("ledningens-genomgang/2025.md", 2025),
                                            ("ledningens-genomgang/index.md", None),
                                            ("ledningens-genomgang/2025.md.bak", None),
                                            ("rutiner/2025.md", None)])
def test_a_review_page_is_recognised_by_the_map(path, year):
    assert pages.review_year(path) == year


def test_generated_paths():
    assert pages.system_page("ekonomi") == "system/ekonomi.md"
    assert pages.object_page("skola") == "forvaltningsobjekt/skola.md"
    assert pages.calendar(pages.DISTRICT_FEED) == "kalender/forvaltningen.ics"
    assert pages.inventory_page(1) == pages.INVENTORY
    assert pages.inventory_page(3) == "uppfoljning/systemforteckning-3.md"
    assert pages.review_page(2027) == "ledningens-genomgang/2027.md"


def test_hand_written_pages_the_map_names_exist():
    for path in (pages.HOME, pages.INVENTORY, pages.WHATS_NEW, pages.REVIEW_INDEX, pages.INCIDENT_ROUTINE,
                 pages.BREACH_ROUTINE):
        assert (ROOT / "docs" / path).is_file(), path
