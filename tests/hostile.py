"""Hostile inputs shared by the tests: break-out payloads for every output context, and a copy of the
handbook whose every free-text field and front-matter field holds them.

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
# governing document's free text (version): all hold the payload.
FRONT_MATTER_TEXT = ("title", "description", "author", "subtitle")


def _poison(node: Any, counter: itertools.count[int]) -> Any:
    if isinstance(node, dict):
        return {k: (f"{PAYLOAD} {next(counter)}" if k in FREE_TEXT and isinstance(v, str)
                    else _poison(v, counter)) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(item, counter) for item in node]
    return node


def make_hostile(data_dir: Path) -> None:
    """Rewrite every data file in place with the payload in each free-text field."""
    counter = itertools.count(1)
    for path in sorted(data_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(data, counter), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")


def make_hostile_front_matter(docs_dir: Path) -> list[str]:
    """Put the payload in every printed front-matter field of every page (and the H1 of pages
    without a front-matter title); the governing block's version too. Returns the changed pages."""
    changed = []
    for path in sorted(docs_dir.rglob("*.md")):
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
            front["styrdokument"]["version"] = f"1.0 {PAYLOAD}"
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
