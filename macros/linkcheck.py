"""Offline link check of a built site: every internal link, raw HTML included, and every anchor."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

_URL_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
              ("iframe", "src"), ("form", "action")}
# Links the site may point out to (a reader follows them; nothing is fetched when a page loads).
_OUTBOUND = ("http:", "https:", "mailto:", "tel:")
# <link> relations that name an address without loading it.
_NOT_FETCHED = {"canonical", "alternate", "author", "license"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.canonical: str | None = None  # <link rel="canonical" href=...>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            values = dict(attrs)
            rel = values.get("rel") or ""
            if rel == "canonical":
                self.canonical = values.get("href")
            if rel in _NOT_FETCHED:
                tag = "a"  # followed by a reader, not fetched: checked like any link
        for name, value in attrs:
            if value is None:
                continue
            if (name == "id" or name == "name") and tag != "meta":
                self.ids.add(value)
            if (tag, name) in _URL_ATTRS:
                self.urls.append((tag, value))


class _Page(NamedTuple):
    """What the check needs of a page: its anchors, its links (tag, url) and its canonical address."""

    ids: set[str]
    urls: list[tuple[str, str]]
    canonical: str | None


def _parse(path: Path) -> _Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return _Page(parser.ids, parser.urls, parser.canonical)


# Parsing is most of the check's time (Python's HTMLParser, about 5 ms a page); from this many pages
# on, the pages are parsed in worker processes, one per core (at most 4). Below it, starting them costs more.
PARALLEL_FROM = 400


def _parse_all(paths: list[Path]) -> list[_Page]:
    workers = min(os.cpu_count() or 1, 4)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [_parse(path) for path in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_parse, paths, chunksize=max(1, len(paths) // (8 * workers))))


class _Files:
    """The built site's files and folders (paths relative to it), listed once instead of a stat per link."""

    def __init__(self, site: Path) -> None:
        self.files: set[str] = set()
        self.folders: set[str] = {""}
        for folder, subfolders, names in os.walk(site):
            here = Path(folder).relative_to(site).as_posix()
            prefix = "" if here == "." else here + "/"
            self.folders.update(prefix + name for name in subfolders)
            self.files.update(prefix + name for name in names)

    def page(self, path: str) -> str | None:
        """The file a site path names: a folder means its index.html; None if there is no such file."""
        folder = path.endswith("/") or not path
        path = "/".join(part for part in path.split("/") if part)  # a//b is a/b, as for the file system
        if folder or path in self.folders:
            path = f"{path}/index.html".lstrip("/")
        return path if path in self.files else None


def _target(files: _Files, base_path: str, base: str, url: str) -> tuple[str | None, str, bool]:
    """The file a link on the page at address `base` leads to (None if missing), its fragment, and
    whether it stays inside the site.

    The site is published at `base_path` (the path of its address, e.g. /lis/): a root-absolute
    link such as /lis/assets/x.css (MkDocs writes them in 404.html) is resolved below that path."""
    parts = urlsplit(urljoin(base, url))
    if not parts.path.startswith(base_path):
        return None, unquote(parts.fragment), False
    return files.page(unquote(parts.path[len(base_path):])), unquote(parts.fragment), True


def site_base_path(site: Path, start: _Page | None = None) -> str:
    """The path the site is published under, from its start page's canonical address ("/" if none).

    `start` is the start page already parsed, if the caller has it."""
    if start is None:
        if not (site / "index.html").is_file():
            return "/"
        start = _parse(site / "index.html")
    canonical = start.canonical
    path = urlsplit(canonical).path if canonical else "/"
    return path if path.endswith("/") else path + "/"


def check_site(site: Path, base_path: str | None = None) -> list[str]:
    """Swedish messages for broken internal links and anchors, and for resources from other hosts.

    `base_path` is the path of the site's address (e.g. /lis/); by default it is read from the
    start page's canonical link, which MkDocs writes from site_url."""
    files = _Files(site)
    names = sorted(name for name in files.files if name.endswith(".html"))
    pages = dict(zip(names, _parse_all([site / name for name in names]), strict=True))  # each page once
    if base_path is None:
        base_path = site_base_path(site, pages["index.html"]) if "index.html" in pages else "/"
    # A relative link resolves the same from every page of a folder: the same menu and theme links
    # on thousands of pages are resolved once per folder.
    resolved: dict[tuple[str, str], tuple[str | None, str, bool]] = {}
    problems = []
    for name, parsed in pages.items():
        base = base_path + name
        folder = base.rsplit("/", 1)[0] + "/"
        for tag, url in parsed.urls:
            if url.startswith(("//", "http:", "https:")) and tag != "a":
                problems.append(f"{name}: {tag} hämtar {url} från en annan server; webbplatsen måste "
                                "fungera utan internet")
                continue
            if url.startswith(_OUTBOUND) or url.startswith("data:"):
                continue
            if url.lower().startswith("javascript:"):
                problems.append(f"{name}: länken {url} kör skript; sådana länkar är inte tillåtna")
                continue
            if not url or url.startswith(("#", "?")):  # the page itself: its own address, not its folder's
                target, fragment, inside = _target(files, base_path, base, url)
            else:
                key = (folder, url)
                if key not in resolved:
                    resolved[key] = _target(files, base_path, folder, url)
                target, fragment, inside = resolved[key]
            if not inside:
                problems.append(f"{name}: länken {url} pekar utanför webbplatsens adress {base_path}")
            elif target is None:
                problems.append(f"{name}: länken {url} pekar på en sida eller fil som inte finns")
            elif fragment and target.endswith(".html") and fragment not in pages[target].ids:
                problems.append(f"{name}: länken {url} pekar på ankaret #{fragment} som inte finns")
    return problems
