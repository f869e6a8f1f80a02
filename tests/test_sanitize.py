"""Class: script in page bodies, at the unit level (macros/sanitize.py, macros/csp.py).

Every payload of tests/hostile.py SCRIPT_PAYLOADS, through the site's own Markdown configuration,
is reported with the line it is on and removed from the output; every construct the handbook's
pages use survives the allow-list as it was. The same payloads in real builds and in Chromium:
tests/test_sanitize_build.py and tests/test_page_scripts_browser.py."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import markdown
import pytest

from macros import charts, csp, sanitize
from macros.stash import Stash
from tests.build_helpers import ROOT
from tests.hostile import SCRIPT_PAYLOADS

# Rendered inert without a report: attr_list hands the label to the table of contents, which keeps
# only text (MkDocs prints it escaped); nothing reaches the body.
INERT = {"toc_label"}


@functools.cache
def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the real mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def html_of(text: str) -> str:
    return _markdown().reset().convert(text)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def assert_inert(html: str) -> None:
    """Nothing in `html` can run script: allowed elements only, no event attributes, no style, no
    address outside http, https, mailto, tel and relative ones."""
    for tag, attrs in elements(html):
        assert tag in sanitize.TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "srcdoc", "formaction"), (name, html)
            assert not (name == "id" and value in sanitize.RESERVED_IDS), (value, html)  # the theme's own
            assert not (name == "target" and value != "_blank"), (value, html)
            if name in ("href", "src", "xlink:href", "action"):
                assert sanitize.scheme(value) in (None, *sanitize.URL_SCHEMES), (value, html)
    lowered = html.lower()
    assert "javascript:" not in lowered and "<script" not in lowered and "<iframe" not in lowered


@pytest.mark.parametrize("name", SCRIPT_PAYLOADS)
def test_every_payload_is_reported_and_removed(name):
    html = html_of(f"Text före.\n\n{SCRIPT_PAYLOADS[name]}\n\nText efter.\n")
    cleaned = sanitize.clean(html)
    assert_inert(cleaned)
    assert "Text före." in cleaned and "Text efter." in cleaned
    assert sanitize.problems(cleaned) == []  # cleaning leaves nothing to report
    if name not in INERT:
        assert sanitize.problems(html), html


def test_the_reviews_payloads_name_what_is_wrong():
    """M8 of the 2026-12 review."""
    source = "# Rubrik\n\n" + "\n\n".join(SCRIPT_PAYLOADS[k] for k in ("img_onerror", "script", "iframe_data")) + "\n"
    issues = sanitize.page_issues(html_of(source), source, "docs/rutiner/x.md")
    assert [(i.line, i.message.split(" är inte tillåtet")[0]) for i in issues] == [
        (3, 'adressen "data:," i <img src>'),
        (3, "attributet onerror på <img> (händelseattribut kör skript)"),
        (5, "elementet <script>"),
        (7, "elementet <iframe>"),
    ]
    assert all(str(i).startswith("docs/rutiner/x.md, rad ") for i in issues)
    assert issues[0].message.endswith(sanitize.ADVICE)  # once per page
    assert not any(sanitize.ADVICE in i.message for i in issues[1:])


def test_each_problem_is_found_on_its_own_line():
    source = ("---\ntitle: x\n---\n\n# Rubrik\n\n<p onclick=\"a()\">ett</p>\n\nText om onclick i löptext.\n\n"
              "<p onclick=\"b()\">två</p>\n\n[länk](javascript:c())\n")
    issues = sanitize.page_issues(html_of(source.split("---\n", 2)[2]), source, "docs/x.md")
    assert [i.line for i in issues] == [7, 11, 13]


def test_a_page_with_nothing_outside_the_allow_list_passes_and_is_cleaned():
    html = html_of("# Rubrik\n\nText med <strong>fet</strong> stil.\n")
    assert sanitize.safe_body(html, "# Rubrik", "docs/x.md") == (sanitize.clean(html), [])
    body, issues = sanitize.safe_body(html_of("x\n<script>1</script>\n"), "x\n<script>1</script>\n", "docs/x.md")
    assert body == "<p>x</p>\n" and [str(i).split(" är")[0] for i in issues] == ["docs/x.md, rad 2: elementet <script>"]
    # a generated page (no source) is cleaned, not reported
    assert sanitize.safe_body("<p>a</p><script>1</script>", None, "docs/system/x.md") == ("<p>a</p>", [])


@pytest.mark.parametrize(("url", "expected"), [
    ("javascript:x", "javascript"), ("JaVaScRiPt:x", "javascript"), (" \x01javascript:x", "javascript"),
    ("java\tscript:x", "javascript"), ("java\nscript:x", "javascript"), ("../x/", None), ("#fn:1", None),
    ("x.md#a:b", None), ("mailto:a@b.se", "mailto"), ("data:,", "data"),
])
def test_a_scheme_is_read_as_a_browser_reads_it(url, expected):
    assert sanitize.scheme(url) == expected


# --- What the handbook's pages use survives ------------------------------------------------------

LEGITIMATE_MARKDOWN = """# Rubrik

Text med **fet**, *kursiv*, `kod`, ~~inte~~, <kbd>Ctrl</kbd>, H<sub>2</sub>O, x<sup>2</sup>, <mark>markerad</mark>.

!!! note "Obs"
    En ruta.

??? tip "Mer"
    En utfällbar ruta.

| Vänster | Höger |
|:--|--:|
| 1 | 2 |

- [x] klar
- [ ] inte klar

LIS[^1] och [en sida](../rutiner/incidenthantering.md#steg), [e-post](mailto:lis@example.se),
[telefon](tel:+4685080000), [webb](https://www.imy.se/), ![Bild](bild.png){ width="300" },
[ny flik](https://www.imy.se/){ target="_blank" }

[^1]: En fotnot.

*[LIS]: Ledningssystem för informationssäkerhet

Term
:   Förklaring

> Citat

```text
<script>visas som kod</script>
```

<div class="lis-ruta" markdown>
Ruta med **Markdown** i.
</div>

<details><summary>Rå HTML</summary><p>Innehåll</p></details>

## Rubrik med ankare { #eget-ankare }
"""


def test_every_markdown_construct_of_the_site_survives_unchanged():
    html = html_of(LEGITIMATE_MARKDOWN)
    assert sanitize.problems(html) == []
    assert elements(sanitize.clean(html)) == elements(html)


def test_the_macros_output_survives_unchanged(handbook):
    from macros import views

    outputs = [views.deadline_helper(handbook, "nis"), charts.progress_chart("lis-x", "Mål", [("Klassningar", 3, 4)]),
               charts.bar_chart("lis-y", "Incidenter", "Sammanfattning", ["2025"], [("NIS", [2]), ("IMY", [1])]), views.scale_table(handbook),
               Stash().hide("x"), '<div data-lis-tabell="0"></div>', views.not_indexed("*x*"),
               '<table data-lis-sortera data-pagefind-ignore><caption>T</caption><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
               '<nav class="lis-sidor" aria-label="Delar"><ul><li><a href="x/">1</a></li></ul></nav>']
    for output in outputs:
        html = html_of(output)
        assert sanitize.problems(html) == [], output
        assert elements(sanitize.clean(html)) == elements(html), output


def test_comments_are_dropped_and_text_stays_text():
    assert sanitize.clean("<p>a<!-- anteckning -->b &lt;script&gt; &amp; ¶</p>") == "<p>ab &lt;script&gt; &amp; ¶</p>"


# --- Content-Security-Policy -------------------------------------------------------------------


def test_the_policy_forbids_inline_script_and_other_hosts():
    policy = dict(d.split(" ", 1) for d in csp.policy().split("; "))
    assert policy["default-src"] == policy["style-src"] == "'self'"
    # the search compiles Pagefind's WebAssembly; no eval of JavaScript, no inline script
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert "unsafe" not in csp.policy().replace("'wasm-unsafe-eval'", "") and "*" not in csp.policy()
    assert csp.header() == csp.policy() + "; frame-ancestors 'self'"


def test_an_inline_style_is_allowed_by_its_hash_only():
    page = '<head><meta http-equiv="Content-Security-Policy" content="x"></head>'
    out = csp.allow_inline_style(page, '<style media="print">@page { x }</style>')
    digest = re.search(r"style-src &#x27;self&#x27; &#x27;sha256-([^&]+)&#x27;", out)
    assert digest is not None
    import base64
    import hashlib
    assert digest.group(1) == base64.b64encode(hashlib.sha256(b"@page { x }").digest()).decode()
    assert csp.allow_inline_style("<head></head>", "<style>x</style>") == "<head></head>"


# --- The same class outside the body: files published as they are, the page's own template --------


@pytest.mark.parametrize("name", ["bilaga.html", "lista.HTM", "ritning.svg", "data.xml", "skript.js", "sida.xhtml"])
def test_a_file_in_docs_that_a_browser_runs_is_refused(tmp_path, name):
    from macros.sources import active_file_issues

    (tmp_path / "docs" / "bilagor").mkdir(parents=True)
    (tmp_path / "docs" / "bilagor" / name).write_text("<script>window.__pwned=1</script>", encoding="utf-8")
    for harmless in ("bild.png", "protokoll.pdf", "lista.csv", "text.txt", "sida.md"):
        (tmp_path / "docs" / harmless).write_text("x", encoding="utf-8")
    issues = active_file_issues(tmp_path / "docs")
    assert [str(i) for i in issues] == [
        f"docs/bilagor/{name}: är en fil som webbläsaren kan köra skript i (HTML, SVG, XML eller JavaScript) och "
        "publiceras inte. Skriv innehållet som en sida (.md), eller spara det som PDF eller som en bild i PNG- "
        "eller JPEG-format."]


def test_a_page_cannot_choose_a_theme_template(tmp_path):
    """Material's redirect.html runs `location:` in an inline script: `javascript:` would run."""
    from macros.documents import load_documents

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "flytt.md").write_text('---\ntitle: Flytt\ntemplate: redirect.html\nlocation: "javascript:alert(1)"\n---\n'
                                   "# Flytt\n", encoding="utf-8")
    _, issues = load_documents(docs, set())
    assert [str(i) for i in issues] == [
        'docs/flytt.md, rad 3, fält "template": en sida får inte välja en egen mall ur temat; ta bort raden']


def test_the_readme_gives_the_web_server_the_same_policy():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(f'"{csp.header()}"') == 3  # nginx's two-edition server block, nginx's headers alone, Apache
