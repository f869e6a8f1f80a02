"""The search index: a page's keywords (`sökord:`), rank by page type, and short entries for generated pages.

Material's search plugin indexes the rendered pages. At city scale most of those would be the
generated pages (one per system and förvaltningsobjekt), whose tables nobody searches, and
building lunr's index over them on every page load made the first search slow. They are left
out of the theme's index (`search: exclude`) and listed in a small file of their own instead
(name, id, purpose), which the search worker matches directly. The hook module calls `enrich`
once per build on the index the theme wrote, and writes the generated pages' file.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import DataIssue
from .yamlsource import line_of

KEYWORDS_KEY = "sökord"
KEYWORDS_FIELD = "sokord"  # the field name in the index (and in mkdocs.yml, plugins: search: fields:)
MAX_KEYWORD = 60
MAX_KEYWORDS = 50

# Rank by page type (lunr's document boost): governing pages (policy, guidance, routines) first,
# so a topic word finds the routine before a page that only mentions it.
GOVERNING_BOOST = 3.0


def keyword_issues(front: Any, label: str) -> list[DataIssue]:
    """Swedish problems with a page's `sökord:` list (none when the page has no such field)."""
    if not isinstance(front, dict) or KEYWORDS_KEY not in front:
        return []
    value = front[KEYWORDS_KEY]
    line = line_of(front, (KEYWORDS_KEY,))
    if not isinstance(value, list) or not value:
        return [DataIssue(label, line, None, KEYWORDS_KEY,
                          "ska vara en lista med sökord, ett per rad med bindestreck först, "
                          "till exempel \"- DPIA\"")]
    if len(value) > MAX_KEYWORDS:
        return [DataIssue(label, line, None, KEYWORDS_KEY,
                          f"högst {MAX_KEYWORDS} sökord per sida, här finns {len(value)}")]
    issues = []
    for n, word in enumerate(value):
        where = f"{KEYWORDS_KEY}[{n + 1}]"
        word_line = line_of(front, (KEYWORDS_KEY, n))
        if not isinstance(word, str | int | float) or isinstance(word, bool):
            issues.append(DataIssue(label, word_line, None, where, "ett sökord ska vara en kort text"))
        elif not str(word).strip():
            issues.append(DataIssue(label, word_line, None, where, "sökordet är tomt"))
        elif len(str(word)) > MAX_KEYWORD or "\n" in str(word):
            issues.append(DataIssue(label, word_line, None, where,
                                    f"sökordet är för långt (högst {MAX_KEYWORD} tecken på en rad)"))
    return issues


def keywords(meta: Mapping[str, Any]) -> list[str]:
    """A validated page's keywords as they go into the index."""
    return [str(w).strip() for w in meta.get(KEYWORDS_KEY) or []]


GENERATED_FILE = "lis-sidor.json"  # beside the theme's search_index.json


def generated_index(items: Iterable[tuple[str, str, str, str]]) -> list[list[str]]:
    """The generated pages' file: one [location, name, id, description] per page, as HTML text.

    The search worker (overrides/assets/javascripts/workers/lis-sok.js) fetches it itself and
    matches it by name, id and description, so lunr never indexes thousands of generated pages."""
    return [[location, html.escape(name, quote=False), html.escape(ident, quote=False),
             html.escape(description, quote=False)] for location, ident, name, description in items]


def enrich(index: dict[str, Any], page_keywords: Mapping[str, Sequence[str]], governing: set[str]) -> dict[str, Any]:
    """The theme's index with keywords on each page's first entry and governing pages boosted."""
    docs = []
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        doc = dict(doc)
        if page in governing:
            doc["boost"] = GOVERNING_BOOST * doc.get("boost", 1)
        if doc["location"] == page and page_keywords.get(page):
            doc[KEYWORDS_FIELD] = " ".join(page_keywords[page])
        docs.append(doc)
    return {**index, "docs": docs}
