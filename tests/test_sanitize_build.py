"""Class: script in page bodies, in real builds.

Each payload of tests/hostile.py SCRIPT_PAYLOADS on a page of its own in the fixture project: the
build stops and names every page and the line of its payload, all in one run. A file in docs/
that a browser runs and a page that picks a theme template are refused by `lis kontrollera` and
the build. Unit tests: tests/test_sanitize.py; in Chromium: tests/test_page_scripts_browser.py."""

from __future__ import annotations

from tests.archive_fixture import note_change
from tests.build_helpers import build, call_lis
from tests.fixture_project import fixture_project
from tests.hostile import SCRIPT_PAYLOADS
from tests.test_sanitize import INERT

HEAD = "---\ntitle: Prov\n---\n\n# Prov\n\nText före.\n\n"
FIRST_LINE = HEAD.count("\n") + 1


def test_every_payload_stops_the_build_naming_its_page_and_line(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    folder = project / "docs" / "prov"
    folder.mkdir()
    for name, payload in SCRIPT_PAYLOADS.items():
        (folder / f"{name}.md").write_text(f"{HEAD}{payload}\n\nText efter.\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    for name, payload in SCRIPT_PAYLOADS.items():
        lines = range(FIRST_LINE, FIRST_LINE + payload.count("\n") + 1)
        named = [f"docs/prov/{name}.md, rad {line}: " in result.output for line in lines]
        assert any(named) != (name in INERT), (name, result.output[-3000:])
    assert result.output.count("är inte tillåtet i en sida. Sidor får ha text, formatering") == \
        len(SCRIPT_PAYLOADS) - len(INERT)  # the advice once per page


def test_the_reviews_payloads_in_the_owners_page(tmp_path):
    """M8 of the 2026-12 review, verbatim, in the page CODEOWNERS gives to the system owners."""
    project = fixture_project(tmp_path / "handbok")
    page = project / "docs" / "rutiner" / "behorighetshantering.md"
    note_change(page, "1.0", "1.0.1")  # adopted in the fixture: else the edition check stops the build first
    text = page.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    payloads = [SCRIPT_PAYLOADS[k] for k in ("img_onerror", "script", "iframe_data")]
    page.write_text(text + "\n" + "\n\n".join(payloads) + "\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    for expected in (f"rad {line}: adressen \"data:,\" i <img src>",
                     f"rad {line}: attributet onerror på <img> (händelseattribut kör skript)",
                     f"rad {line + 2}: elementet <script>", f"rad {line + 4}: elementet <iframe>"):
        assert f"docs/rutiner/behorighetshantering.md, {expected} är inte tillåtet i en sida" in result.output
    assert "Handbokens data innehåller 4 fel" in result.output


def test_script_files_and_theme_templates_are_refused_before_building(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    (project / "docs" / "bilaga.html").write_text("<script>window.__pwned=1</script>", encoding="utf-8")
    (project / "docs" / "ritning.svg").write_text('<svg onload="window.__pwned=2"/>', encoding="utf-8")
    (project / "docs" / "flytt.md").write_text('---\ntemplate: redirect.html\nlocation: "javascript:alert(3)"\n---\n'
                                               "# Flytt\n", encoding="utf-8")
    expected = ["docs/bilaga.html: är en fil som webbläsaren kan köra skript i",
                "docs/ritning.svg: är en fil som webbläsaren kan köra skript i",
                'docs/flytt.md, rad 2, fält "template": en sida får inte välja en egen mall ur temat']
    checked = call_lis(project, "kontrollera")
    assert checked.returncode != 0 and all(e in checked.stdout + checked.stderr for e in expected)
    result = build(project)
    assert result.returncode != 0 and all(e in result.output for e in expected)
