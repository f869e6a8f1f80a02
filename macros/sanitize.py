"""Page bodies are HTML written by many hands: only an allow-list of elements, attributes and
addresses reaches a reader, and the build stops on anything else a page's author wrote.

Two steps, both after Markdown (MkDocs' on_page_content):

1. `problems()` lists what a hand-written page has outside the allow-list (a script, an event
   attribute, a `javascript:` address, a frame, a form, ...), each with the line of the page it is
   on, so the build can stop and tell the page's owner. The body is first parsed the way a browser
   parses it (nh3, a binding of the Rust sanitizer ammonia, with everything let through) so that
   tricks with comments, entities and broken markup are seen as the browser would see them.
2. `clean()` passes every page body through nh3 with the allow-list: whatever step 1 did not
   report (or a generated page carries) is removed, never shown.

The allow-list is what the handbook's own pages use: Markdown and its extensions in mkdocs.yml
(admonitions, details, footnotes, task lists, tables, abbreviations, heading anchors), and the
macros' output (tables, charts, the deadline helper, stash placeholders). A Content-Security-Policy
(overrides/main.html) forbids inline script as the second wall.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import nh3

from .errors import DataIssue

# Elements a page body may contain. svg and rect: the macros' bar charts (macros/charts.py).
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "input", "ins", "kbd", "label", "li", "mark", "nav", "noscript", "ol", "output", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
    "svg", "rect",
})
# Attributes any element may have; `aria-*` too. data-pagefind-ignore: the search index leaves the element out.
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "data-pagefind-ignore"})
ARIA_PREFIX = "aria-"
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "input": frozenset({"disabled", "checked"}),  # and `type` (ATTRIBUTE_VALUES)
    "label": frozenset({"for"}),
    "output": frozenset({"for"}),
    "time": frozenset({"datetime"}),
    "div": frozenset({"data-frister", "data-lis-tabell"}),  # the deadline helper's rules; stash placeholders
    "table": frozenset({"data-lis-sortera"}),  # tables the site's script sorts and filters
    "svg": frozenset({"viewBox", "preserveAspectRatio", "focusable", "xmlns", "width", "height"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry", "fill", "stroke", "stroke-width", "vector-effect"}),
}
# Task lists (pymdownx.tasklist) and the deadline helper's date field.
INPUT_TYPES = frozenset({"checkbox", "datetime-local"})
# Addresses may be relative (pages, anchors, files in docs/) or use one of these schemes.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Elements removed with everything inside them (their content is code or a document, not text).
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "noembed", "noframes", "xmp"})
# Links may open in a new tab (`{ target="_blank" }` after a Markdown link); the date field is the deadline helper's.
ATTRIBUTE_VALUES = {"a": {"target": frozenset({"_blank"})}, "input": {"type": INPUT_TYPES}}
# Ids the theme's script looks up (its settings, menu, search, consent, colour palette): a page
# element with one of them would stand in for the theme's own.
RESERVED_IDS = frozenset({"__config", "__drawer", "__search", "__consent"})
RESERVED_ID_PREFIX = "__palette"


def _reserved(attribute: str, value: str) -> bool:
    return attribute == "id" and (value in RESERVED_IDS or value.startswith(RESERVED_ID_PREFIX))


def _keep(tag: str, attribute: str, value: str) -> str | None:
    return None if _reserved(attribute, value) else value

_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={"*": set(GENERIC_ATTRIBUTES), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
    tag_attribute_values={tag: {name: set(values) for name, values in named.items()}
                          for tag, named in ATTRIBUTE_VALUES.items()},
    attribute_filter=_keep,
    generic_attribute_prefixes={ARIA_PREFIX},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # leave links as the page wrote them
    strip_comments=True,
)


def clean(html: str) -> str:
    """`html` with everything outside the allow-list removed (comments too)."""
    return _CLEANER.clean(html)


# --- What a page's author wrote outside the allow-list ----------------------------------------------

# Elements and schemes the browser-like parse of step 1 lets through so that they can be reported
# (a name is also let through when it appears as a tag in the body).
_KNOWN_ELEMENTS = frozenset({
    "applet", "area", "audio", "base", "basefont", "bgsound", "body", "button", "canvas", "dialog", "embed",
    "fieldset", "font", "form", "frame", "frameset", "head", "html", "iframe", "image", "isindex", "keygen",
    "layer", "link", "map", "marquee", "math", "menu", "meta", "meter", "noembed", "noframes", "object",
    "optgroup", "option", "param", "picture", "plaintext", "portal", "progress", "script", "select", "slot",
    "source", "style", "template", "textarea", "title", "track", "video", "xmp",
    "animate", "animatemotion", "animatetransform", "discard", "foreignobject", "g", "handler",
    "listener", "mglyph", "mi", "mo", "mtext", "set", "text", "use",
})
_DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha", "file", "blob", "jar",
                                "filesystem", "about", "view-source", "ms-its", "mhtml"})
_URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background",
                             "cite", "srcset", "ping", "longdesc", "codebase", "lowsrc", "dynsrc", "manifest"})
_TAG_NAME = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9:_-]*)")
_SCHEME_LIKE = re.compile(r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):")
_ALL_ATTRIBUTES = set(string.ascii_letters) | {"_", ":"}  # prefixes: every attribute name passes


@dataclass(frozen=True)
class Problem:
    """One thing outside the allow-list: what it is, in Swedish, and texts that find it in the page."""

    what: str
    needles: tuple[str, ...]


def problems(html: str, cleaned: str | None = None) -> list[Problem]:
    """Everything in the page body `html` that `clean()` removes (`cleaned`, when already known), as a
    browser would parse it."""
    written = {m.lower() for m in _TAG_NAME.findall(html)}
    schemes = URL_SCHEMES | _DANGEROUS_SCHEMES | {m.lower() for m in _SCHEME_LIKE.findall(html)}
    parsed = nh3.clean(html, tags=_KNOWN_ELEMENTS | TAGS | written, clean_content_tags=set(),
                       generic_attribute_prefixes=_ALL_ATTRIBUTES, url_schemes=schemes, link_rel=None,
                       strip_comments=True)
    if parsed == (clean(html) if cleaned is None else cleaned) and written <= TAGS:
        return []  # the same parse and serialiser: nothing was removed (the usual case, and cheap)
    inspector = _Inspector()
    inspector.feed(parsed)
    inspector.close()
    # Elements even the browser-like parse drops (a second <body>, SVG animation): still written by the author.
    dropped = sorted(written - TAGS - inspector.seen)
    return inspector.found + [Problem(f"elementet <{name}>", (f"<{name}",)) for name in dropped]


_LOWER_ATTRIBUTES = {tag: frozenset(n.lower() for n in names) for tag, names in ATTRIBUTES.items()}
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def scheme(url: str) -> str | None:
    """The scheme of an address as a browser reads it (tabs and line breaks dropped), or None if relative."""
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", _URL_NOISE.sub("", url).strip(_C0_AND_SPACE))
    return found.group(1).lower() if found else None


class _Inspector(HTMLParser):
    """Reads nh3's serialisation (well-formed; raw-text elements as the browser with script reads them)."""

    CDATA_CONTENT_ELEMENTS = ("script", "style", "noscript", "xmp", "iframe", "noembed", "noframes")  # type: ignore[misc]

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Problem] = []
        self.seen: set[str] = set()  # every element, also inside <noscript>
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        if tag not in TAGS:
            self.found.append(Problem(f"elementet <{tag}>", (f"<{tag}",)))
            return
        for name, value in attrs:
            self._attribute(tag, name, value or "")
        if tag == "noscript":
            self._raw = ""

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript" and self._raw is not None:
            inner = _Inspector()  # what a reader without JavaScript gets: the text read as HTML
            inner.feed(self._raw)
            inner.close()
            self.found.extend(inner.found)
            self.seen |= inner.seen
            self._raw = None

    def _attribute(self, tag: str, name: str, value: str) -> None:
        values = ATTRIBUTE_VALUES.get(tag, {}).get(name)
        allowed = (name in GENERIC_ATTRIBUTES or name.startswith(ARIA_PREFIX)
                   or name in _LOWER_ATTRIBUTES.get(tag, frozenset()) or (values is not None and value in values))
        if not allowed or _reserved(name, value):
            event = " (händelseattribut kör skript)" if name.startswith("on") else ""
            shown = f'{name}="{value}"' if values is not None or name == "id" else name
            self.found.append(Problem(f"attributet {shown} på <{tag}>{event}", (f"{name}=", f"{name} =", name)))
        elif name in _URL_ATTRIBUTES:
            found = scheme(value)
            if found is not None and found not in URL_SCHEMES:
                self.found.append(Problem(f'adressen "{_short(value)}" i <{tag} {name}>',
                                          (value, f"{found}:", f"{found[-6:]}:", found[-6:])))


def _short(value: str) -> str:
    value = _URL_NOISE.sub(" ", value)
    return value if len(value) <= 60 else value[:57] + "…"


def page_issues(html: str, source: str, label: str, cleaned: str | None = None) -> list[DataIssue]:
    """`problems()` of a page's body as issues of its source file, each on the first line (not yet
    used for the same text) that holds it; without a line when the page text does not show it."""
    lines = source.lower().split("\n")
    used: dict[str, int] = {}
    issues = []
    for problem in problems(html, cleaned):
        line = None
        for needle in (n.lower() for n in problem.needles if n):
            start = used.get(needle, 0)
            line = next((i + 1 for i in range(start, len(lines)) if needle in lines[i]), None)
            if line is not None:
                used[needle] = line
                break
        issues.append(DataIssue(label, line, None, None, f"{problem.what} är inte tillåtet i en sida"))
    issues.sort(key=lambda i: (i.line or 0, i.message))  # as DataError lists them: the advice once, first
    return [replace(i, message=f"{i.message}. {ADVICE}") if n == 0 else i for n, i in enumerate(issues)]


ADVICE = ("Sidor får ha text, formatering, länkar, bilder och tabeller men inga skript, händelseattribut (on…), "
          "ramar, formulär, stilar eller adresser som javascript: och data:.")


def safe_body(html: str, source: str | None, label: str) -> tuple[str, list[DataIssue]]:
    """The page body a reader gets, `clean(html)`, and, given the page's `source` (hand-written pages),
    an issue for every line that has something outside the allow-list."""
    cleaned = clean(html)
    return cleaned, ([] if source is None else page_issues(html, source, label, cleaned))
