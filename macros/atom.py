"""The "Vad är nytt" changes as an Atom feed (RFC 4287), for Outlook and the intranet's feed reader.

Built with ElementTree, so every text and attribute is escaped for XML; characters that XML 1.0
does not allow at all are dropped. Entry ids are tag: URIs that name the district, the document,
its version and whether the entry is a change or a decision: never the site's address, so moving
the site (a new LIS_WEBBADRESS) leaves every id as it was, and the same change keeps its id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from urllib.parse import quote, urljoin

from .changes import NewsItem
from .render import EXAMPLE_DATA, page_url

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAG_AUTHORITY = "lis-handboken,2026"  # the tag: URIs' authority and date; fixed, so ids never change


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: ET.Element, name: str, value: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{name}", {k: _clean(v) for k, v in attrs.items()})
    if value is not None:
        node.text = _clean(value)
    return node


def _stamp(day: date) -> str:
    """A note has a date, not a time: the feed says midnight UTC of that date."""
    return datetime.combine(day, time(0, 0), tzinfo=UTC).isoformat(timespec="seconds")


def _tag(district: str, specific: str) -> str:
    return f"tag:{_TAG_AUTHORITY}:{quote(district, safe='')}/{quote(specific, safe='/-._~@')}"


def entry_id(district: str, item: NewsItem) -> str:
    """A stable, unique id for one change note or one decision: the district, document and version."""
    return _tag(district, item.key)


def atom_feed(items: Sequence[NewsItem], titles: Mapping[str, str], site_url: str, as_of: date,
              title: str, author: str, page_src: str, feed_path: str, example: bool = False) -> str:
    """The feed document: one entry per change note or decision, newest first, as in the list on the page.

    With `example` (made-up example data) the feed's title and every entry's title say so."""
    mark = EXAMPLE_DATA if example else ""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    _add(feed, "title", title + mark)
    _add(feed, "subtitle", "Ändringar och beslut om styrdokument och ledningens genomgång")
    _add(feed, "id", _tag(author, feed_path))
    _add(feed, "updated", _stamp(items[0].day if items else as_of))
    _add(feed, "link", rel="self", type="application/atom+xml", href=urljoin(site_url, feed_path))
    _add(feed, "link", rel="alternate", type="text/html", href=urljoin(site_url, page_url(page_src)))
    _add(_add(feed, "author"), "name", author)
    for item in items:
        entry = _add(feed, "entry")
        page_title = titles[item.path]
        _add(entry, "title", (f"{page_title}, version {item.version}" if item.version else page_title) + mark)
        _add(entry, "id", entry_id(author, item))
        _add(entry, "updated", _stamp(item.day))
        _add(entry, "link", rel="alternate", type="text/html", href=urljoin(site_url, page_url(item.path)))
        _add(entry, "summary", f"{item.text} ({item.kind.value})")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
