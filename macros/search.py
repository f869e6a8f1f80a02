"""What the search knows besides the pages: keywords (`sökord:`), audience (`målgrupp:`), stop words, synonyms.

The search runs in the browser over an index built from the finished HTML after the build
(macros/search_index.py). The rules a page's front matter must follow are in macros/documents.py.
This module holds the language facts the query step in the browser (overrides/assets/javascripts/
lis-sok.js) uses: the Swedish stop words, the coordinator's synonyms (data/synonymer.yaml) and, per
audience, the words that say a query is about that audience's pages. They reach the browser in one
small file, search/lis-sok.json, which the indexing step completes with the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .documents import AUDIENCE_KEY, EVERYONE, KEYWORDS_KEY

SIDE_FILE = "lis-sok.json"  # under search/ in the site: stop words, synonyms, audiences, vocabulary

# Swedish function words, the question words staff start a query with, and the verbs a question is
# told with ("hon sa", "vad gör jag", "vi vill", "behöver jag"). A stop word is left out of a query in
# every form (never a prefix either: "om" must not find "omklassning", "sa" not "samtal"), unless
# the query has nothing else.
STOP_WORDS = frozenset("""
genom enligt inför kring per samt via
sa sade säger gör göra gjorde gjort vill ville behöver behövde ju själv sådan sådant sådana blivit
alla allt andra annan annat att av bara blev bli blir de dem den denna deras dess dessa det
detta dig din dina ditt du där då efter ej eller en er era ert ett för från får fått ha hade han
hans har hen hennes henne hon honom hos hur här i icke in ingen inget inom inte jag kan kunde man
med mellan men mig min mina mitt mot mycket måste ni nu när någon något några och om oss på
samma sedan sig sin sina sitt ska skall skulle som så till under upp ut utan vad var vara varför
varit varje vars vem vi vid vilka vilken vilket vår våra vårt än är åt över
""".split())  # noqa: SIM905 - a word list reads better as text

_WORD = re.compile(r"[0-9a-zåäöéüæø]+(?:-[0-9a-zåäöéüæø]+)*")


def words(text: str) -> list[str]:
    """Lower-case words of `text` as the query step splits them; hyphenated words stay whole."""
    return _WORD.findall(text.lower())


def keywords(meta: Mapping[str, Any]) -> list[str]:
    """A validated page's keywords as they go into the index."""
    return [str(w).strip() for w in meta.get(KEYWORDS_KEY) or []]


def audience(meta: Mapping[str, Any]) -> str:
    """A validated page's audience (everyone unless it says otherwise)."""
    return str(meta.get(AUDIENCE_KEY) or EVERYONE)


def audience_words(pages: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, list[list[str]]]:
    """Per audience other than everyone: its pages' title and keywords, each as its words without stop words.

    `pages` holds (audience, title, keywords) per page. A query that has every word of one of them
    is about that audience's pages, which then keep their rank ("ändra i handboken" finds Om
    handboken first); any other query ranks them below the pages for staff."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for group, title, page_keywords in pages:
        if group == EVERYONE:
            continue
        for phrase in [title, *page_keywords]:
            content = tuple(w for w in words(phrase) if w not in STOP_WORDS)
            if content:
                found.setdefault(group, set()).add(content)
    return {group: [list(p) for p in sorted(found[group])] for group in sorted(found)}


def side_data(synonyms: Mapping[str, Sequence[str]],
              audiences: Mapping[str, Sequence[Sequence[str]]]) -> dict[str, Any]:
    """search/lis-sok.json as the build writes it; the indexing step adds the vocabulary."""
    return {"stoppord": sorted(STOP_WORDS), "synonymer": {k: list(v) for k, v in sorted(synonyms.items())},
            "malgrupper": {k: [list(p) for p in v] for k, v in audiences.items()}}
