"""Om handboken: an index of short task pages and reference pages, each reachable from the index and the menu."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.browser_helpers import PHONE
from tests.build_helpers import ROOT
from tests.test_browser import base_url, browser  # noqa: F401  (module-scoped fixtures)

GUIDE = ROOT / "docs" / "om-handboken"
MAX_SCREENS = 5  # the longest task page stays under five phone screens (390 × 844 px)


def _linked(section: str) -> list[str]:
    """The guide pages the index links to under `## section`, in order."""
    text = (GUIDE / "index.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"\]\(([a-z0-9-]+\.md)\)", body)


def task_pages() -> list[str]:
    return _linked("Uppgifter")


def _menu_pages(items: list[object]) -> list[str]:
    found: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += _menu_pages(value) if isinstance(value, list) else [str(value)]
    return found


def test_every_guide_page_is_on_the_index_and_in_the_menu():
    pages = sorted(p.name for p in GUIDE.glob("*.md") if p.name != "index.md")
    listed = task_pages() + _linked("Att slå upp")
    assert sorted(listed) == pages
    assert len(set(listed)) == len(listed), "en sida står två gånger på Om handboken"
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    guide = next(item["Om handboken"] for item in config["nav"] if isinstance(item, dict) and "Om handboken" in item)
    assert sorted(_menu_pages(guide)) == sorted(["om-handboken/index.md"] + [f"om-handboken/{p}" for p in pages])


def test_the_guide_sends_the_coordinator_to_kontrollera_and_build_not_to_the_developer_tests():
    publish = (GUIDE / "spara-och-publicera.md").read_text(encoding="utf-8")
    assert "```sh\nmake kontrollera\n```" in publish and "```sh\nmake build\n```" in publish
    for page in GUIDE.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"```sh\n(?:.*\n)*?make test\n", text), f"{page.name} ber samordnaren köra make test"


def test_every_shared_macro_is_on_the_macro_page():
    """The macros of several registers (macros/page_macros.py); a register's own are checked in test_registers."""
    registered = re.findall(r'^\s+"([a-z_0-9]+)": lambda', (ROOT / "macros" / "page_macros.py").read_text(
        encoding="utf-8"), re.M)
    documented = (GUIDE / "makron.md").read_text(encoding="utf-8")
    assert len(registered) > 60
    assert [name for name in registered if f"`{name}(" not in documented] == []


@pytest.mark.browser
def test_every_task_page_fits_five_phone_screens(base_url, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    heights = {}
    for name in task_pages():
        response = page.goto(f"{base_url}om-handboken/{name.removesuffix('.md')}/", wait_until="load")
        assert response is not None and response.status == 200, name
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert len(heights) >= 15
    too_long = {name: f"{h / PHONE['height']:.1f} skärmar" for name, h in heights.items()
                if h >= MAX_SCREENS * PHONE["height"]}
    assert too_long == {}


PLACEHOLDER = re.compile(r"\b(?:SIDA|ROLL|DNR|FIL|FILNAMN|ÅR|ÅÅÅÅ-MM-DD|KOMMANDO|MAPP|ID|OBJEKT)\b")


def _printed_commands() -> list[tuple[str, str]]:
    """Every concrete `lis …` command the guide prints in a code block (fenced or indented), joined over `\\`."""
    found = []
    for page in sorted(GUIDE.glob("*.md")):
        text = page.read_text(encoding="utf-8").replace("\\\n", " ")
        for line in text.splitlines():
            command = line.strip()
            if command.startswith("lis ") and (line.startswith("    ") or line == command) \
                    and not PLACEHOLDER.search(command):
                found.append((page.name, re.sub(r"\s+", " ", command)))
    return found


def test_every_command_the_guide_prints_is_one_lis_accepts():
    """Issue 24: the flow of a governing document is explained with commands that work as printed."""
    import shlex

    from macros import cli

    commands = _printed_commands()
    assert ("styrdokument.md", 'lis faststall rutiner/incidenthantering --beslutad-av forvaltningsledning '
            '--datum 2027-01-26 --diarienummer "FAR 2027/12"') in commands
    parser = cli._parser()
    for page, command in commands:
        try:
            parser.parse_args(shlex.split(command)[1:])
        except SystemExit as refused:
            pytest.fail(f"{page}: {command} ({refused})")


def test_the_document_flow_has_its_five_steps_in_order():
    text = (GUIDE / "styrdokument.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.M) == [
        "1. Utkast", "2. Fastställ", "3. Redaktionell ändring", "4. Saklig revidering", "5. Fastställ igen"]
