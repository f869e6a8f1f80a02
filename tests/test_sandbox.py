"""Class: code execution from a page (server-side template injection), at the unit level.

Every escape in tests/hostile.py TEMPLATE_ESCAPES is refused by the page grammar with a Swedish
message, and by the sandbox alone as well; nothing runs (no file is created, no environment value
comes out). The legitimate uses of the real pages render as before. The same escapes in real
builds: tests/test_sandbox_build.py."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, StrictUndefined

from macros.adapters import mkdocs_macros
from macros.sandbox import PageTemplateError, PageTemplates, body_start
from macros.skeleton import fill
from macros.stash import Stash
from tests.hostile import TEMPLATE_ESCAPES, TEMPLATE_LEGITIMATE

SECRET = "LIS_TEST_HEMLIGHET"
SECRET_VALUE = "hemligt-värde-4711"


def _env() -> SimpleNamespace:
    return SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_uri="rutiner/x.md")))


def page_templates() -> PageTemplates:
    """The real macro wrapper (whose globals reach `os`) around stand-ins for two of the real macros."""
    functions = {"roll": lambda role_id: f"Rollen {role_id}",
                 "malvarde": lambda measure, year=None: f"{measure} {year}"}
    guarded = {name: mkdocs_macros._guarded(_env(), name, f, Stash()) for name, f in functions.items()}
    return PageTemplates(guarded, {"org": {"forvaltning": "Farsta stadsdelsförvaltning", "namnd": "Farsta stadsdelsnämnd",
                                           "stad": "Stockholms stad"}, "lis_datum": "2026-11-28"})


@pytest.fixture
def escape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(SECRET, SECRET_VALUE)
    sentinel = tmp_path / "SSTI-BEVIS"

    def make(name: str) -> tuple[str, Path]:
        return TEMPLATE_ESCAPES[name].format(sentinel=sentinel, secret=SECRET), sentinel
    return make


@pytest.mark.process  # the payload starts `touch` and `id`
def test_the_escapes_run_in_an_unsandboxed_environment(escape):
    """The corpus is real: in Jinja as mkdocs-macros sets it up, the review's payloads run."""
    text, sentinel = escape("globals_item")  # os.system: nothing left open for the warnings filter
    assert Environment(undefined=StrictUndefined).from_string(text).render(page_templates().macros) == "0"
    assert sentinel.exists()
    text, _ = escape("globals_environ")
    assert Environment().from_string(text).render(page_templates().macros) == SECRET_VALUE


@pytest.mark.parametrize("name", TEMPLATE_ESCAPES)
def test_every_escape_is_refused_with_a_swedish_message(escape, name):
    text, sentinel = escape(name)
    page = f"# Rubrik\n\nText före.\n\n{text}\n"
    with pytest.raises(PageTemplateError) as raised:
        page_templates().render(page)
    problems = raised.value.problems
    assert problems and all(line == 5 for line, _ in problems), problems
    assert all(message.endswith("är inte tillåtet i en sida")
               or message.startswith(("okänt makro", "makrot ", "org har ingen uppgift")) for _, message in problems)
    assert "En sida får bara anropa handbokens makron med fasta värden" in raised.value.advice
    assert not sentinel.exists()


@pytest.mark.parametrize("name", TEMPLATE_ESCAPES)
def test_the_sandbox_alone_refuses_every_escape(escape, name):
    """The second wall: rendered without the grammar, each escape fails or renders nothing of Python."""
    text, sentinel = escape(name)
    templates = page_templates()
    try:
        out = templates.sandbox.from_string(text).render({**templates.data, **templates.macros})
    except (Exception, SystemExit) as err:  # refused: SecurityError, UndefinedError, no loader, a macro's own stop
        out = f"refused: {type(err).__name__}"
    assert not sentinel.exists()
    assert SECRET_VALUE not in out
    assert "<function" not in out and "<class" not in out and "module" not in out, out


def test_the_reviews_payload_names_what_is_refused():
    with pytest.raises(PageTemplateError) as raised:
        page_templates().render('SSTI-1: {{ roll.__globals__.os.popen("id").read() }}')
    assert raised.value.problems == [
        (1, '"{{ roll.__globals__.os.popen(…).read(…) }}" är inte tillåtet i en sida')]


@pytest.mark.parametrize(("text", "expected"), [
    ("{{ kontakta('x') }}", "okänt makro eller okänd variabel: kontakta"),
    ("{{ config }}", "okänt makro eller okänd variabel: config"),
    ("{{ org }}", "org visas med ett av org.forvaltning, org.namnd, org.stad"),
    ("{{ org.kommun }}", 'org har ingen uppgift "kommun"; välj en av org.forvaltning, org.namnd, org.stad'),
    ("{{ roll }}", "makrot roll ska anropas med parenteser, till exempel {{ roll(…) }}"),
    ("{{ roll(lis_datum) }}", "makrot roll får bara fasta värden inom parentesen (text inom citattecken eller tal)"),
    ("{% set x = 1 %}", "{% set %} är inte tillåtet i en sida"),
    ("{% include 'x.md' %}", "{% include %} är inte tillåtet i en sida"),
    ("{{ roll('a')|upper }}", '"{{ roll(…)|upper }}" är inte tillåtet i en sida'),
    ("{{ 'x' * 3 }}", "räkning och sammanfogning (+, -, *, /, %, ~) är inte tillåtet i en sida"),
    ("{{ roll('samordnare' }}", 'mallsyntaxen är fel: oväntat "}", väntade ")"'),
])
def test_messages_say_what_is_wrong(text, expected):
    with pytest.raises(PageTemplateError) as raised:
        page_templates().render(f"Text\n{text}\n")
    assert raised.value.problems == [(2, expected)]


def test_unknown_names_list_the_known_macros_once():
    with pytest.raises(PageTemplateError) as raised:
        page_templates().render("{{ a() }} {{ b }}")
    assert [m for _, m in raised.value.problems] == ["okänt makro eller okänd variabel: a",
                                                     "okänt makro eller okänd variabel: b"]
    assert raised.value.advice.endswith("Kända makron: malvarde, roll.")


@pytest.mark.parametrize(("name", "expected"), [
    ("macro", "Före\n\nRollen samordnare\n\nEfter"),
    ("single_quotes", "Före\n\nRollen samordnare\n\nEfter"),
    ("number", "Före\n\nklassningar 2027\n\nEfter"),
    ("keywords", "Före\n\nklassningar 2027\n\nEfter"),
    ("organisation", "Före\n\nFarsta stadsdelsförvaltning, Farsta stadsdelsnämnd, Stockholms stad\n\nEfter"),
    ("date", "Före\n\n2026-11-28\n\nEfter"),
    ("raw", "Före\n\n{{ roll.__globals__ }} {% set x = 1 %}\n\nEfter"),
    ("comment", "Före\n\n\n\nEfter"),
    ("whitespace_control", "FöreRollen samordnareEfter"),
])
def test_legitimate_templates_render_as_before(name, expected):
    page = f"Före\n\n{TEMPLATE_LEGITIMATE[name]}\n\nEfter\n"
    assert page_templates().render(page) == expected
    # ...exactly as Jinja rendered them before, unsandboxed (mkdocs-macros' settings: the last newline goes)
    reference = Environment(undefined=StrictUndefined).from_string(page)
    assert reference.render({**page_templates().data, **page_templates().macros}) == expected


def test_a_negative_number_is_a_fixed_value():
    assert page_templates().render('{{ malvarde("k", -1) }}') == "k -1"


def test_a_page_without_template_syntax_is_returned_as_it_is():
    text = "# Rubrik\n\nText med { klammer } och }} och %}.\n"
    assert page_templates().render(text) == text


def test_a_wrong_argument_to_a_macro_is_still_the_macros_message(caplog):
    with pytest.raises(SystemExit):
        page_templates().render('{{ roll("a", "b") }}')
    assert "makrot roll('a', 'b'): fel antal argument eller fel argumentnamn; makrot tar 1 argument" in caplog.text


def test_names_cannot_be_both_macro_and_data():
    with pytest.raises(ValueError, match="org"):
        PageTemplates({"org": lambda: ""}, {"org": {}})


@pytest.mark.parametrize(("source", "body", "expected"), [
    ("---\ntitle: x\n---\n\n# R\n{{ a }}\n", "# R\n{{ a }}\n", 5),
    ("# R\n", "# R\n", 1),
    ("x", "annat", 1),
])
def test_body_start_is_the_files_line(source, body, expected):
    assert body_start(source, body) == expected


def test_generated_page_skeletons_never_evaluate_what_they_are_filled_with(tmp_path):
    """Class member: the skeletons (macros/templates/*.md) fill placeholders once, as text."""
    value = "$part {{ roll.__globals__ }} ${first} {% raw %}"
    filled = fill("inventory-part.md", part=value, first="x")
    assert value in filled
    assert "{{ systemforteckning(" + value in filled  # the skeleton's own macro call keeps the text as written
    with pytest.raises(PageTemplateError):  # and were it a page, the grammar would refuse it
        page_templates().render(filled)
    assert not any(os.environ.get(k) == value for k in os.environ)
