"""Output contexts outside the browser: block Markdown in data, calendar TEXT and dates, the site
address (LIS_WEBBADRESS) and the README's publishing command run literally."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date

import icalendar
import markdown
import pytest

from macros.calendar import feed
from macros.errors import DataError
from macros.followup import DueItem, DueKind
from macros.linkcheck import check_site
from macros.render import text
from macros.webaddress import from_environment, web_address
from tests.build_helpers import ROOT, BuildResult, build, copy_project, run_lis
from tests.conftest import replace_in

# The Markdown extensions of mkdocs.yml that read block syntax.
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]

BLOCK_VALUES = [
    "1986. Införs ett nytt system", "12) punkt", "- punkt", "+ plus", "* stjärna", "---", "===", "- - -",
    "!!! danger", '!!! danger "Fara"', "??? warning", "???+ note", ": definition", "> citat",
    "# rubrik", "    indragen kod", "```", "~~~", "| a | b |", "[^1]: fotnot", "*[LIS]: förkortning",
    "[ ] uppgift", "<div markdown>x</div>", "{: #id }", "--8<-- \"README.md\"",
]


def _shown(markdown_text: str) -> str:
    """What a reader sees of rendered Markdown: the text of the one paragraph, entities decoded."""
    rendered = markdown.markdown(markdown_text, extensions=EXTENSIONS)
    assert rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1, rendered
    return html.unescape(rendered[3:-4])


@pytest.mark.parametrize("value", BLOCK_VALUES)
def test_block_markdown_at_the_start_of_a_value_renders_as_the_same_text(value):
    assert _shown(f"{text(value)}\n") == value.strip()


@pytest.mark.parametrize("value", BLOCK_VALUES)
def test_block_markdown_after_a_line_break_renders_as_the_same_text(value):
    assert _shown(f"{text('Före' + chr(10) + value)}\n") == "Före " + value.strip()


def test_ordinary_text_is_unchanged_by_the_block_guard():
    assert str(text("Införs 1986. Klart - nu + sen!")) == "Införs 1986. Klart - nu + sen!"


@pytest.mark.parametrize("value", ["1.0", "2.1.3", "3)x", "2026-11-28"])
def test_a_number_without_a_blank_after_its_dot_is_no_list_and_stays_as_it_is(value):
    assert str(text(value)) == value
    assert _shown(f"{text(value)}\n") == value


# --- Calendar -----------------------------------------------------------------------------------


def _item(title: str, due: date, owner: str = "Ägare") -> DueItem:
    return DueItem(DueKind.ACTION, "a1", title, owner, due, "uppfoljning/index.md", ())


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\v", "\f"])
def test_no_control_character_reaches_calendar_text(char):
    ics = feed(f"LIS{char}x", [_item(f"Namn{char}[31m slut", date(2026, 12, 1), f"Ä{char}")],
               "https://x.example/", date(2026, 11, 28))
    body = ics.replace("\r\n", "")
    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]", body)
    event = next(iter(icalendar.Calendar.from_ical(ics).walk("VEVENT")))
    assert str(event["SUMMARY"]) in ("Åtgärd: Namn[31m slut", "Åtgärd: Namn\n[31m slut")


def test_word_soft_line_break_becomes_a_calendar_line_break():
    ics = feed("LIS", [_item("Rad ett\vrad två", date(2026, 12, 1))], "https://x.example/", date(2026, 11, 28))
    event = next(iter(icalendar.Calendar.from_ical(ics).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Åtgärd: Rad ett\nrad två"


def test_the_last_representable_day_is_a_valid_all_day_event():
    ics = feed("LIS", [_item("Långt fram", date.max)], "https://x.example/", date(2026, 11, 28))
    event = next(iter(icalendar.Calendar.from_ical(ics).walk("VEVENT")))
    assert event["DTSTART"].dt == date(9999, 12, 31)
    assert "DTEND" not in event


def _uids(ics: str) -> list[str]:
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")]


def test_a_moved_deadline_and_a_new_site_address_keep_the_event():
    """A calendar client updates an event with the same UID; a new UID would be a deleted and a new event."""
    before = feed("LIS", [_item("Rutin", date(2026, 12, 1))], "https://intranat.example/lis/", date(2026, 11, 28))
    moved = feed("LIS", [_item("Rutin", date(2027, 3, 15))], "https://intranat.example/lis/", date(2026, 11, 29))
    moved_site = feed("LIS", [_item("Rutin", date(2026, 12, 1))], "https://ny.example/handbok/", date(2026, 11, 28))
    assert _uids(before) == _uids(moved) == _uids(moved_site) == ["action/a1@lis-handboken"]
    assert "DTSTART;VALUE=DATE:20270315\r\n" in moved and "DTSTAMP:20261129T000000Z\r\n" in moved


def test_every_event_of_the_fixture_data_has_a_uid_of_its_own_naming_register_and_record(handbook):
    from macros.followup import due_items

    uids = _uids(feed("LIS", due_items(handbook, [], date(2026, 11, 28)), "https://x.example/", date(2026, 11, 28)))
    assert len(uids) == len(set(uids)) > 5
    assert all(not re.search(r"20\d{6}", uid) for uid in uids)  # no date in any of them
    assert "fallback-test/gamma@lis-handboken" in uids and "log-check/gamma@lis-handboken" in uids


def test_a_uid_tells_records_apart_whatever_their_ids_hold():
    """Parts are percent-encoded and joined with "/", so no two (kind, record) pairs share a UID."""
    items = [DueItem(DueKind.REVIEW, "rutiner/a.md", "A", "x", date(2026, 12, 1), "a.md", ()),
             DueItem(DueKind.REVIEW, "rutiner-a.md", "B", "x", date(2026, 12, 1), "a.md", ()),
             DueItem(DueKind.AUDIT_FINDING, ("ir-1", "a"), "C", "x", date(2026, 12, 1), "a.md", ()),
             DueItem(DueKind.AUDIT_FINDING, ("ir", "1-a"), "D", "x", date(2026, 12, 1), "a.md", ()),
             DueItem(DueKind.ACTION, "x@evil\r\nBEGIN:VEVENT", "E", "x", date(2026, 12, 1), "a.md", ())]
    assert _uids(feed("LIS", items, "https://x.example/", date(2026, 11, 28))) == [
        "review/rutiner%2Fa.md@lis-handboken", "review/rutiner-a.md@lis-handboken",
        "audit-finding/ir-1/a@lis-handboken", "audit-finding/ir/1-a@lis-handboken",
        "action/x%40evil%0D%0ABEGIN%3AVEVENT@lis-handboken"]


def test_calendar_url_is_percent_encoded():
    ics = feed("LIS", [_item("x", date(2026, 12, 1))], "https://x.example/a b\"<>/", date(2026, 11, 28))
    assert "URL:https://x.example/a%20b%22%3C%3E/uppfoljning/" in ics


# --- LIS_WEBBADRESS -----------------------------------------------------------------------------

EXAMPLE = "skriv till exempel https://intranat.example.se/lis/"
CHARACTERS = ("innehåller tecken som inte hör hemma i en webbadress (till exempel mellanslag, citattecken, ?, #, "
              "& eller kontrolltecken). Skriv bara adressen, till exempel https://intranat.example.se/lis/")


@pytest.mark.parametrize(("value", "expected"), [
    ("https://intranat.example.se/lis/", "https://intranat.example.se/lis/"),
    ("https://intranat.example.se/lis", "https://intranat.example.se/lis/"),
    ("http://lis.intranat:8080", "http://lis.intranat:8080/"),
])
def test_good_addresses_are_accepted_with_a_final_slash(value, expected):
    assert web_address(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("", "LIS_WEBBADRESS: är satt men tom. Ange handbokens adress på intranätet, till exempel "
         "https://intranat.example.se/lis/, eller ta bort variabeln för att bygga med adressen i mkdocs.yml"),
    ("ftp://x.example/", f'LIS_WEBBADRESS: "ftp://x.example/" är ingen webbadress som börjar med https:// eller '
                         f"http://; {EXAMPLE}"),
    ("javascript:alert(1)", 'LIS_WEBBADRESS: "javascript:alert(1)" är ingen webbadress som börjar med https:// '
                            f"eller http://; {EXAMPLE}"),
    ("x", f'LIS_WEBBADRESS: "x" är ingen webbadress som börjar med https:// eller http://; {EXAMPLE}'),
    ("https://x.example/?a=1", f'LIS_WEBBADRESS: "https://x.example/?a=1" {CHARACTERS}'),
    ("https://x.example/#frag", f'LIS_WEBBADRESS: "https://x.example/#frag" {CHARACTERS}'),
    ('https://x.example/"><script>', f'LIS_WEBBADRESS: "https://x.example/"><script>" {CHARACTERS}'),
    ("https://x.example/a b/", f'LIS_WEBBADRESS: "https://x.example/a b/" {CHARACTERS}'),
    ("https://x.example/\r\nX-INJECTED:1", f'LIS_WEBBADRESS: "https://x.example/\\r\\nX-INJECTED:1" {CHARACTERS}'),
    ("https://user@x.example/", f'LIS_WEBBADRESS: "https://user@x.example/" {CHARACTERS}'),
    ("https://x.example:port/", f'LIS_WEBBADRESS: "https://x.example:port/" har inget giltigt servernamn eller '
                                f"portnummer; {EXAMPLE}"),
])
def test_bad_addresses_get_a_swedish_error(value, message):
    with pytest.raises(DataError) as caught:
        from_environment({"LIS_WEBBADRESS": value})
    assert [str(issue) for issue in caught.value.issues] == [message]


def test_unset_address_means_the_one_in_mkdocs_yml():
    assert from_environment({}) is None


@pytest.mark.build
@pytest.mark.parametrize("value", ["", 'https://x.example/?a="><script>window.__pwned=1</script>'])
def test_build_stops_on_a_bad_address_in_swedish(tmp_path, monkeypatch, value):
    monkeypatch.setenv("LIS_WEBBADRESS", value)
    result = build(copy_project(tmp_path / "p"))
    assert result.returncode != 0
    assert "Handbokens data innehåller 1 fel" in result.output and "LIS_WEBBADRESS:" in result.output
    assert not (tmp_path / "p" / "site" / "index.html").exists()


# --- The README's publishing command, run as written ----------------------------------------------


def _readme_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"`(LIS_WEBBADRESS=\S+ make build)`", readme)
    assert found, "README.md beskriver inte publiceringskommandot"
    return found.group(1)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuildResult, str]]:
    """A copy of the handbook built with the README's own command (`make build`, sub-path address)."""
    project = copy_project(tmp_path_factory.mktemp("publicera"))
    # The copy shares this checkout's .venv; its install inputs are dated before the install, so
    # make never reinstalls that .venv from the copy.
    installed = (ROOT / ".venv" / ".installed").stat().st_mtime
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
        os.utime(project / name, (installed - 60, installed - 60))
    (project / ".venv").symlink_to(ROOT / ".venv")
    command = _readme_command()
    env = {**os.environ, "LIS_DATE": "2026-11-28"}
    env.pop("LIS_WEBBADRESS", None)
    proc = subprocess.run(["sh", "-c", command], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    yield BuildResult(proc.returncode, proc.stdout + proc.stderr, project / "site"), command


@pytest.mark.build
def test_readme_publishing_command_builds_a_site_under_a_sub_path(published):
    """The staff edition at the README's address, the LIS edition under its sub-path lis/ (issue 30)."""
    result, command = published
    assert command == "LIS_WEBBADRESS=https://intranat.example.se/ make build"
    assert result.returncode == 0, result.output
    assert "pip install" not in result.output and "lis bygg" in result.output
    assert '<link rel="canonical" href="https://intranat.example.se/">' in result.html("index.html")
    assert 'href="/assets/' in result.html("404.html")
    lis = result.site.parent / "site-lis"
    assert '<link rel="canonical" href="https://intranat.example.se/lis/">' in (lis / "index.html").read_text(
        encoding="utf-8")
    assert 'href="/lis/assets/' in (lis / "404.html").read_text(encoding="utf-8")  # root-absolute, under /lis/
    ics = (lis / "kalender" / "forvaltningen.ics").read_text(encoding="utf-8")
    assert "URL:https://intranat.example.se/lis/" in ics


@pytest.mark.build
def test_link_check_resolves_root_absolute_links_under_the_sub_path(published, tmp_path):
    result, _ = published
    lis = result.site.parent / "site-lis"  # the LIS edition lives under the sub-path /lis/
    assert check_site(lis) == []
    copy = tmp_path / "site"
    shutil.copytree(lis, copy)
    page = copy / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<a href="/lis/finns-inte/">x</a><a href="/annat/">y</a></body>', 1), encoding="utf-8")
    assert check_site(copy) == [
        "404.html: länken /lis/finns-inte/ pekar på en sida eller fil som inte finns",
        "404.html: länken /annat/ pekar utanför webbplatsens adress /lis/",
    ]


# --- Block Markdown in a real build --------------------------------------------------------------


@pytest.mark.build
def test_block_markdown_in_data_renders_as_text_on_generated_pages(tmp_path):
    project = copy_project(tmp_path / "p")
    data = project / "data"
    purpose = next(line for line in (data / "system.yaml").read_text(encoding="utf-8").splitlines()
                   if line.strip().startswith("syfte:"))
    replace_in(data / "system.yaml", purpose + "\n", purpose.split("syfte:")[0] + "syfte: '1986. Införs'\n")
    result = build(project)
    assert result.returncode == 0, result.output
    pages = [p.read_text(encoding="utf-8") for p in (result.site / "system").rglob("index.html")]
    shown = [p for p in pages if "1986. Införs" in p]  # text (the escape &#46; is decoded by the allow-list pass)
    assert len(shown) == 1
    assert "<ol" not in shown[0].split('<article', 1)[1].split("</article>", 1)[0]


@pytest.mark.build
@pytest.mark.parametrize("command", ["bygg", "kontrollera"])
def test_lis_commands_reject_an_address_without_scheme_in_swedish(tmp_path, monkeypatch, command):
    """MkDocs' own check of site_url is English; `lis` checks LIS_WEBBADRESS first."""
    monkeypatch.setenv("LIS_WEBBADRESS", "javascript:alert(1)")
    project = copy_project(tmp_path / "p")
    result = run_lis(project, command)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Handbokens data innehåller 1 fel. Rätta det och bygg igen.",
        '  - LIS_WEBBADRESS: "javascript:alert(1)" är ingen webbadress som börjar med https:// eller http://; '
        f"{EXAMPLE}",
    ]
    assert not (project / "site").exists()
