"""Hostile inputs shared by the tests, by class of attack:

- break-out payloads for every output context (`PAYLOADS`), and a copy of the handbook whose every
  free-text field and front-matter field holds them (class: data and front matter rendered as markup);
- `TEMPLATE_ESCAPES`: Jinja in a page that tries to reach Python on the build machine (class: code
  execution from a page; tests/test_sandbox.py, tests/test_sandbox_build.py), and
  `TEMPLATE_LEGITIMATE`, the template uses that must keep working;
- `SCRIPT_PAYLOADS`: HTML and Markdown in a page body that would run script for every reader (class:
  script in page bodies; tests/test_sanitize.py, tests/test_sanitize_build.py,
  tests/test_page_scripts_browser.py).

`PAYLOADS` is the shared corpus, a dict from output context to payload (iterate `.values()`; the
command tests use it that way; keep the name and the type). Each
payload that could run script sets `window.__pwned` (or opens a dialog), so a browser test only
has to check that flag on every page.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import yaml

# Context -> a payload that breaks out of it if the value is printed unescaped there.
PAYLOADS: dict[str, str] = {
    "title": "</title><script>window.__pwned=1</script><title>",
    "element": "<script>window.__pwned=2</script><img src=x onerror=\"window.__pwned=2\">",
    "attribute_double": "\"><img src=x onerror=\"window.__pwned=3\">",
    "attribute_single": "' onmouseover='window.__pwned=4' autofocus onfocus='window.__pwned=4' x='",
    "textarea": "</textarea><svg onload=\"window.__pwned=5\">",
    "style": "</style><script>window.__pwned=6</script>",
    "noscript": "</noscript><img src=x onerror=\"window.__pwned=7\">",
    "script": "</script><script>window.__pwned=8</script>",
    "url": "javascript:window.__pwned=9",
    "markdown_link": "[länk](javascript:window.__pwned=10) <javascript:alert(10)>",
    "jinja": "{{ 7*7 }} {% if true %}X{% endif %} {# kommentar",
    "entity": "&lt;b&gt;fet&lt;/b&gt; &amp; &#60;i&#62;",
    "markdown_block": "!!! danger \"Fara\"",
    "ordered_list": "1986. Införs",
    "table": "| a | b |",
    "snippet": "--8<-- \"README.md\"",
    "attr_list": "{: onclick=\"window.__pwned=11\" }",
}

# The single string written into every free-text field: every payload, with line breaks (each line
# then starts with block syntax too) and quotes of both kinds.
PAYLOAD = "\n".join(PAYLOADS.values())
# What a reader sees of PAYLOAD where a line break is shown as a space.
PAYLOAD_AS_TEXT = re.sub(r"\s+", " ", PAYLOAD).strip()

FREE_TEXT = {
    "namn", "syfte", "beskrivning", "leverantör", "systemägare", "objektägare", "objektledare", "epost",
    "telefon", "nås", "annan_väg", "regelverk", "anmärkning", "förvaltning", "nämnd", "stad",
    "område", "åtgärd", "process", "risk", "behandling", "granskning", "granskare", "iakttagelse",
    "rekommendation", "kommentar", "utbildning", "diarienummer", "ursprung", "när", "gör",
    "författning", "beteckning", "paragraf", "innebörd", "kontrollerad_mot", "uppgift", "så_gör_vi",
    "motivering", "beslut", "lydelse", "omfattning", "revisor_funktion", "scenario",
    "verksamhetsutövare", "vad", "funktion", "anordnare",
}

# Front-matter keys MkDocs or the theme print (title, description, author, subtitle) and the
# governing document's change note (beskrivning): all hold the payload.
FRONT_MATTER_TEXT = ("title", "description", "author", "subtitle")


def _poison(node: Any, counter: itertools.count[int]) -> Any:
    if isinstance(node, dict):
        return {k: (f"{PAYLOAD} {next(counter)}" if k in FREE_TEXT and isinstance(v, str)
                    else _poison(v, counter)) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(item, counter) for item in node]
    return node


def make_hostile(data_dir: Path) -> None:
    """Rewrite every data file in place with the payload in each free-text field.

    The decided part of an adopted review's action plan, and its decision, are records the build
    refuses to change, so they stay as they are (every other action and review carries the payload)."""
    from macros.editions import PLAN_FIELDS
    from macros.ledger import load_ledger
    from macros.pages import review_year

    adopted = {review_year(a.document) for a in load_ledger(data_dir.parent / "docs").adoptions} - {None}
    counter = itertools.count(1)
    for path in sorted(data_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(data, counter)
        if path.name == "atgarder.yaml":
            for before, after in zip(data["åtgärder"], poisoned["åtgärder"], strict=True):
                if before.get("genomgång") in adopted:
                    after.update({k: before[k] for k in PLAN_FIELDS if k in before})
        if path.name == "genomgangar.yaml":  # the decision the ledger recorded stays as recorded
            poisoned["genomgångar"] = [before if before.get("år") in adopted else after
                                       for before, after in zip(data["genomgångar"], poisoned["genomgångar"],
                                                                strict=True)]
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_hostile_front_matter(docs_dir: Path) -> list[str]:
    """Put the payload in every printed front-matter field of every page (and the H1 of pages
    without a front-matter title) and in a new editorial change note on every governing page, which
    also keeps an adopted page in force. An adopted management review is a record that may not
    change at all, so it is left as it is. Returns the changed pages."""
    from macros.ledger import load_ledger
    from macros.pages import review_year

    records = {a.document for a in load_ledger(docs_dir).adoptions if review_year(a.document) is not None}
    changed = []
    for path in sorted(docs_dir.rglob("*.md")):
        if path.relative_to(docs_dir).as_posix() in records:
            continue
        text = path.read_text(encoding="utf-8")
        front: dict[str, Any] = {}
        body = text
        if text.startswith("---\n"):
            end = text.index("\n---\n", 4)
            front = yaml.safe_load(text[4:end]) or {}
            body = text[end + 5:]
        for key in FRONT_MATTER_TEXT:
            front[key] = f"{PAYLOAD} {key}"
        if isinstance(front.get("styrdokument"), dict):
            block = front["styrdokument"]
            block["version"] = "99.9"
            notes = block.get("ändringar", [])
            newest = max((str(n["datum"]) for n in notes), default="2026-11-28")  # the notes stay in date order
            block["ändringar"] = [{"version": "99.9", "datum": newest, "typ": "redaktionell",
                                   "beskrivning": f"{PAYLOAD} ändring"}, *notes]
        dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
        changed.append(path.relative_to(docs_dir).as_posix())
    return changed


# The site name in mkdocs.yml (administrator's text, but printed by the theme in the same places).
SITE_NAME = 'LIS </title><script>window.__pwned=12</script> & "handbok" \'x\' &amp;'


# An edit address (LIS_REDIGERA / edit_uri) that breaks out of the edit button's href.
EDIT_URI = 'https://git.example/"><img src=x onerror="window.__pwned=13">/'


def make_hostile_site_name(mkdocs_yml: Path) -> None:
    """The site name and the edit address in mkdocs.yml hold payloads; the edit and view buttons are on."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    assert "\nsite_name: LIS-handboken\n" in text and "\n  features:\n" in text
    text = text.replace("\nsite_name: LIS-handboken\n",
                        f"\nsite_name: {json.dumps(SITE_NAME)}\nedit_uri: {json.dumps(EDIT_URI)}\n")
    text = text.replace("\n  features:\n", "\n  features:\n    - content.action.edit\n    - content.action.view\n")
    mkdocs_yml.write_text(text, encoding="utf-8")


# --- Class: code execution from a page (server-side template injection) --------------------------
# Jinja in a page that tries to reach Python on the build machine. Each is written into a page body;
# `{sentinel}` is a file the payload tries to create and `{secret}` an environment variable it tries to
# publish. macros/sandbox.py refuses every one before anything is evaluated (the grammar), and its
# sandbox refuses them even without the grammar. The first two are the review's (2026-12, H4).
TEMPLATE_ESCAPES: dict[str, str] = {
    "globals_popen": '{{{{ roll.__globals__.os.popen("touch {sentinel}; id -un").read() }}}}',
    "globals_environ": '{{{{ roll.__globals__.os.environ.get("{secret}") }}}}',
    "globals_item": '{{{{ roll.__globals__["os"].system("touch {sentinel}") }}}}',
    "class_mro_subclasses": "{{{{ roll.__class__.__mro__[1].__subclasses__() }}}}",
    "str_subclasses": "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}",
    "init_globals": '{{{{ roll.__init__.__globals__.os.popen("touch {sentinel}").read() }}}}',
    "call_globals": "{{{{ roll.__call__.__globals__ }}}}",
    "cycler": '{{{{ cycler.__init__.__globals__.os.popen("touch {sentinel}").read() }}}}',
    "joiner": '{{{{ joiner.__init__.__globals__.os.popen("touch {sentinel}").read() }}}}',
    "namespace": '{{{{ namespace.__init__.__globals__.os.popen("touch {sentinel}").read() }}}}',
    "lipsum": '{{{{ lipsum.__globals__["os"].popen("touch {sentinel}").read() }}}}',
    "range_class": "{{{{ range.__class__ }}}}",
    "dict_global": "{{{{ dict(a=1) }}}}",
    "self_context": ('{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os'
                     '.popen("touch {sentinel}").read() }}}}'),
    "config": "{{{{ config.plugins }}}}",
    "config_class": '{{{{ config.__class__.__init__.__globals__["os"].environ["{secret}"] }}}}',
    "environment": "{{{{ environment }}}}",
    "plugin": "{{{{ plugin.conf }}}}",
    "page_object": "{{{{ page.file.abs_src_path }}}}",
    "macros_dict": "{{{{ macros.roll.__globals__ }}}}",
    "request": "{{{{ request.application.__globals__.__builtins__.__import__('os').popen('touch {sentinel}') }}}}",
    "front_matter_variable": "{{{{ title.__class__.__mro__ }}}}",
    "org_class": "{{{{ org.__class__.__init__.__globals__ }}}}",
    "org_method": "{{{{ org.items() }}}}",
    "org_item_dunder": '{{{{ org["__class__"] }}}}',
    "data_text_method": "{{{{ lis_datum.__class__ }}}}",
    "macro_result_method": '{{{{ roll("samordnare").__class__.__mro__ }}}}',
    "macro_uncalled": "{{{{ roll }}}}",
    "filter_attr": '{{{{ roll|attr("__globals__") }}}}',
    "filter_attr_chain": '{{{{ (roll|attr("__globals__"))["os"].popen("touch {sentinel}").read() }}}}',
    "filter_map_attribute": "{{{{ [roll]|map(attribute='__class__')|list }}}}",
    "filter_safe": '{{{{ roll("samordnare")|safe }}}}',
    "test": "{{{{ roll is callable }}}}",
    "format_method": "{{{{ '{{0.__globals__}}'.format(roll) }}}}",
    "format_class": "{{{{ '{{0.__class__}}'.format(org) }}}}",
    "percent_format": "{{{{ '%s' % roll }}}}",
    "import": '{{% import "../mkdocs.yml" as x %}}',
    "include": '{{% include "../data/organisation.yaml" %}}',
    "include_absolute": '{{% include "/etc/passwd" %}}',
    "extends": '{{% extends "../overrides/main.html" %}}',
    "from_import": '{{% from "../mkdocs.yml" import x %}}',
    "set_globals": '{{% set x = roll.__globals__ %}}{{{{ x.os.popen("touch {sentinel}").read() }}}}',
    "set_namespace": "{{% set ns = namespace(a=1) %}}{{{{ ns.a }}}}",
    "set_block": "{{% set x %}}{{{{ roll.__globals__ }}}}{{% endset %}}{{{{ x }}}}",
    "macro_block": "{{% macro m() %}}{{{{ caller.__globals__ }}}}{{% endmacro %}}{{{{ m() }}}}",
    "call_block": "{{% call roll('samordnare') %}}x{{% endcall %}}",
    "filter_block": "{{% filter upper %}}x{{% endfilter %}}",
    "with_block": "{{% with x = roll %}}{{{{ x.__globals__ }}}}{{% endwith %}}",
    "if_block": "{{% if roll.__globals__ %}}x{{% endif %}}",
    "keyword_injection": '{{{{ roll(**{{"role_id": "samordnare"}}) }}}}',
    "positional_injection": '{{{{ roll(*["samordnare"]) }}}}',
    "argument_expression": "{{{{ roll(roll.__globals__) }}}}",
    "argument_list": "{{{{ malvarde(['klassningar'], 2027) }}}}",
    "huge_range": "{{{{ range(999999999)|list }}}}",
    "huge_loop": "{{% for i in range(999999999) %}}x{{% endfor %}}",
    "string_multiplication": "{{{{ 'x' * 999999999 }}}}",
    "power": "{{{{ 9 ** 9 ** 9 }}}}",
    # (A personnummer put together this way is the personnummer scan's: PII_FORMS["jinja_concatenation"].)
    "concatenation": '{{{{ "Inform" ~ "ations" ~ "säkerhet" }}}}',
}

# Page texts with template syntax that must stay working exactly as before.
TEMPLATE_LEGITIMATE: dict[str, str] = {
    "macro": '{{ roll("samordnare") }}',
    "single_quotes": "{{ roll('samordnare') }}",
    "number": '{{ malvarde("klassningar", 2027) }}',
    "keywords": '{{ malvarde(measure="klassningar", year=2027) }}',
    "organisation": "{{ org.forvaltning }}, {{ org.namnd }}, {{ org['stad'] }}",
    "date": "{{ lis_datum }}",
    "raw": "{% raw %}{{ roll.__globals__ }} {% set x = 1 %}{% endraw %}",
    "comment": "{# en anteckning #}",
    "whitespace_control": '{{- roll("samordnare") -}}',
}


# --- Class: script in page bodies -----------------------------------------------------------------
# Raw HTML and Markdown in a page body that would run script for every reader. Each sets a
# `window.__p…` flag or opens a dialog if it runs. macros/sanitize.py stops the build (naming page
# and line) and removes each from the output; the Content-Security-Policy forbids inline script as a
# second wall. The first three are the review's (2026-12, M8).
SCRIPT_PAYLOADS: dict[str, str] = {
    "img_onerror": '<img src="data:," onerror="window.__p1=1">',
    "script": "<script>window.__p2=1</script>",
    "iframe_data": '<iframe src="data:text/html,<script>parent.__p3=1</script>"></iframe>',
    "iframe_srcdoc": '<iframe srcdoc="<script>parent.__pwned=&quot;srcdoc&quot;</script>"></iframe>',
    "object_data": '<object data="data:text/html,<script>alert(4)</script>"></object>',
    "embed": '<embed src="javascript:window.__pwned=5">',
    "svg_onload": '<svg onload="window.__pwned=6"></svg>',
    "svg_script": "<svg><script>window.__pwned=7</script></svg>",
    "svg_link": '<svg><a xlink:href="javascript:window.__pwned=8"><text x="0" y="15">svg</text></a></svg>',
    "svg_animate": '<svg><animate onbegin="window.__pwned=9" attributeName="x" dur="1s"/></svg>',
    "svg_set": '<svg><a><set attributeName="href" to="javascript:window.__pwned=10"/><text y="15">x</text></a></svg>',
    "math": '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=11"></style></mglyph></table></mtext></math>',
    "math_href": '<math href="javascript:window.__pwned=12"><mi>x</mi></math>',
    "style_element": "<style>body { background: url(javascript:window.__pwned=13) }</style>",
    "style_attribute": '<p style="background:url(javascript:window.__pwned=14);width:expression(alert(14))">stil</p>',
    "base": '<base href="https://angripare.example/">',
    "meta_refresh": '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=15">',
    "form": '<form action="javascript:window.__pwned=16"><button>Skicka</button></form>',
    "formaction": '<button formaction="javascript:window.__pwned=17">Knapp</button>',
    "input_autofocus": '<input autofocus onfocus="window.__pwned=18">',
    "details_toggle": '<details open ontoggle="window.__pwned=19"><summary>x</summary></details>',
    "body_onload": '<body onload="window.__pwned=20">',
    "video": '<video><source onerror="window.__pwned=21"></video>',
    "audio": '<audio src="x" onerror="window.__pwned=22"></audio>',
    "link_javascript": '<a href="javascript:window.__pwned=23">länk</a>',
    "link_entities": '<a href="&#106;avascript:window.__pwned=24">länk</a>',
    "link_tab": '<a href="java&#x09;script:window.__pwned=25">länk</a>',
    "link_data": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyNik8L3NjcmlwdD4=">länk</a>',
    "link_vbscript": '<a href="vbscript:msgbox(27)">länk</a>',
    "area": '<map name="k"><area href="javascript:window.__pwned=28" shape="rect" coords="0,0,9,9"></map>',
    "markdown_link": "[länk](javascript:window.__pwned=29)",
    "markdown_image": "![bild](javascript:window.__pwned=30)",
    "markdown_data_link": "[länk](data:text/html,<script>alert(31)</script>)",
    "attr_list_paragraph": 'Stycke\n{: onclick="window.__pwned=32" }',
    "attr_list_heading": '## Rubrik { onmouseover="window.__pwned=33" }',
    "heading_html": '## Rubrik <img src=x onerror="window.__pwned=34">',
    "toc_label": '## Rubrik { data-toc-label="<img src=x onerror=window.__pwned=35>" }',
    "noscript": '<noscript><p title="</noscript><img src=x onerror=window.__pwned=36>"></p></noscript>',
    "comment": '<!--><img src=x onerror="window.__pwned=37">-->',
    "table_cell": '| a |\n|---|\n| <img src=x onerror="window.__pwned=38"> |',
    "link_element": '<link rel="stylesheet" href="https://angripare.example/x.css">',
    "marquee": '<marquee onstart="window.__pwned=39">x</marquee>',
    "select": '<select autofocus onfocus="window.__pwned=40"><option>x</option></select>',
    "textarea": '<textarea autofocus onfocus="window.__pwned=41"></textarea>',
    "template": "<template><script>window.__pwned=42</script></template>",
    "portal": '<portal src="javascript:window.__pwned=43"></portal>',
    "xlink_use": '<svg><use href="data:image/svg+xml,<svg id=\'x\' onload=\'alert(44)\'/>#x"/></svg>',
    "abbr_event": '<abbr title="x" onmouseover="window.__pwned=45">LIS</abbr>',
    "clobber_config": '<div id="__config">{"base": "https://angripare.example/", "features": []}</div>',
    "link_target": '<a href="https://angripare.example/" target="_top">länk</a>',
}


# --- Personal numbers a reader still sees, hidden from a scan of the sources ---------------------
# 900101-1239 is Luhn-valid (a made-up test number). Each class is one way the 2026-12 attack review
# got a number into site/; the entries after the first of each class are variants of our own.
# Used by the source scan tests (tests/test_input_pages.py) and the published-output scan
# (tests/test_published.py), which must catch every one of them after rendering.
HIDDEN_NUMBERS: dict[str, list[str]] = {
    "markdown_escape": ["900101\\-1239", "19900101\\-1239", "900101\\+1239", "900101 \\- 1239"],
    "html_split": [
        "900101-<span></span>1239", "900101-<!-- x -->1239", "9001<b></b>01-1239",
        '<span class="x">9</span>00101-1239', "900101<wbr>-1239", "900101-<em>12</em>39",
        "900101-<!--\n-->1239", '900101-<span\ntitle="a>b">1239</span>', "900101<br>1239",
        '<abbr title="900101-1239">nummer</abbr>',
    ],
    "jinja_concatenation": ['{{ "900101" ~ "-1239" }}', '{{ "9001" ~ "01" ~ "-" ~ "1239" }}',
                            "{{ '900101' + '-1239' }}", '{{ "900101-" ~ 1239 }}'],
    "entity": ["&#57;00101-1239", "900101&#x2d;1239", "900101&shy;-1239", "&#x39;&#x30;0101&minus;1239"],
}

# The same number in a file whose bytes hide it from a text scan (the published file shows it).
ENCODED_NUMBERS: dict[str, bytes] = {
    "nul_before": b"Bilaga\n\0Kontakt 900101-1239\n",
    "nul_inside": b"Kontakt 900101\0-1239\n",
    "utf16_le_mark": "Kontakt 900101-1239\n".encode("utf-16"),
    "utf16_be_mark": b"\xfe\xff" + "Kontakt 900101-1239\n".encode("utf-16-be"),
    "utf16_no_mark": "Kontakt 900101-1239\n".encode("utf-16-le"),
    "utf32_mark": "Kontakt 900101-1239\n".encode("utf-32"),
}

# Files and folders whose name carries the number (it is then in the page's web address).
NUMBER_NAMES = ["bilagor/19900101-1239.txt", "19900101-1239/bilaga.txt", "rutiner/900101-1239.md"]

# Forms the source scan does not read (Markdown inline markup joins the text when rendered): only the
# scan of the built site (macros/published.py) finds them.
RENDERED_NUMBERS = ["9001*01*-1239", "900101-**1239**", "900101-`1239`", "900101-[1239](#kontakt)"]

# Forged internal markers: a page author types the stash's placeholder (attack review 2026-12, L3).
# Used by tests/test_stash.py and in a page of the hostile print (tests/test_pdf.py), whose build must pass.
FORGED_PLACEHOLDERS = ['<div data-lis-tabell="7"></div>', '<div data-lis-tabell="0"></div>',
                       '<div data-lis-tabell="99999999999999999999"></div>', '<div data-lis-tabell="-1"></div>']

# Page content that would run past the printable area of a PDF (client review 2026-12, HIGH-1), by kind.
# tests/test_pdf.py prints it and checks every word's box with pdftotext -bbox.
LONG_WORD = "Informationssäkerhetssamordnarensrapporteringsskyldighet" * 5 + "x" * 25  # 305 characters
LONG_URL = f"https://intranat.example.se/lis/{'mycket-lang-sokvag/' * 12}sida.html?fraga={'a' * 80}"
LONG_CODE = "kodrad_utan_mellanrum_" * 12
LONG_TITLE = "Incidenthanteringsrutinsbeskrivningsdokument" * 6  # title, running footer and contents
WIDE_CELL = "Förvaltningsobjektsgruppsansvarig"
PRINT_OVERFLOW: dict[str, str] = {
    "long_word": LONG_WORD,
    "long_url": f"Adress: {LONG_URL}",
    "code_line": f"```\n{LONG_CODE}\n```",
    "wide_table": (f"| {' | '.join(f'Kolumnrubrik{n}' for n in range(1, 13))} |\n|{'---|' * 12}\n"
                   f"| {' | '.join(WIDE_CELL for _ in range(12))} |"),
    "long_word_in_a_narrow_table": f"| Roll | Ansvar |\n|---|---|\n| {'Ö' * 120} | Kort. |",
}

# Interactive parts that must print as their paper equivalent or not at all (client review 2026-12,
# MEDIUM-2), with the texts that must not reach the PDF. A form written into a page body is no longer
# possible (the HTML allow-list, macros/sanitize.py, stops the build: SCRIPT_PAYLOADS "form"); the
# deadline helper is the form a page can still get, from its macro.
INTERACTIVE_ON_PAPER: dict[str, str] = {
    "deadline_helper": '{{ fristhjalp("nis") }}',
    "collapsed_note": '??? note "Hopfälld anmärkning"\n    Texten i den hopfällda anmärkningen ska synas på papper.',
}
NOT_ON_PAPER = ["mm/dd", "--:--", "Fyll i", "↕"]
