"""The "Vad är nytt" changes as an Atom feed (RFC 4287), for Outlook and the intranet's feed reader.

Built with ElementTree, so every text and attribute is escaped for XML; characters that XML 1.0
does not allow at all (control characters in a commit message) are dropped. Entry ids are tag:
URIs made of the site's host, the page and the commit, so they stay the same from build to build.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from urllib.parse import quote, urljoin, urlsplit

from .history import Change
from .render import page_url

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAG_YEAR = "2026"  # the tag: URIs' date part; fixed, so ids never change


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: ET.Element, name: str, value: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{name}", {k: _clean(v) for k, v in attrs.items()})
    if value is not None:
        node.text = _clean(value)
    return node


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _tag(site_url: str, specific: str) -> str:
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{_TAG_YEAR}:{quote(specific, safe='/-._~@')}"


def entry_id(site_url: str, change: Change) -> str:
    """A stable, unique id for one commit's change to one page."""
    return _tag(site_url, f"lis/{change.path}/{change.commit}")


def atom_feed(changes: Sequence[Change], titles: Mapping[str, str], site_url: str, as_of: date,
              title: str, author: str, page_src: str, feed_path: str) -> str:
    """The feed document: one entry per change, newest first, as in the list on the page."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    _add(feed, "title", title)
    _add(feed, "subtitle", "Ändringar i styrdokument, rutiner och ledningens genomgång")
    _add(feed, "id", _tag(site_url, f"lis/{feed_path}"))
    newest = changes[0].when if changes else datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    _add(feed, "updated", _stamp(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=urljoin(site_url, feed_path))
    _add(feed, "link", rel="alternate", type="text/html", href=urljoin(site_url, page_url(page_src)))
    _add(_add(feed, "author"), "name", author)
    for change in changes:
        entry = _add(feed, "entry")
        page_title = titles[change.path]
        heading = f"{page_title}, version {change.new_version}" if change.new_version else page_title
        _add(entry, "title", heading)
        _add(entry, "id", entry_id(site_url, change))
        _add(entry, "updated", _stamp(change.when))
        _add(entry, "link", rel="alternate", type="text/html", href=urljoin(site_url, page_url(change.path)))
        summary = change.subject + (f" (ny version: {change.new_version})" if change.new_version else "")
        _add(entry, "summary", summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
