"""Offline link check of a built site: every internal link, raw HTML included, and every anchor."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
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
        rel = dict(attrs).get("rel") or ""
        if tag == "link" and rel == "canonical":
            self.canonical = dict(attrs).get("href")
        if tag == "link" and rel in _NOT_FETCHED:
            tag = "a"  # followed by a reader, not fetched: checked like any link
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta":
                self.ids.add(value)
            if (tag, name) in _URL_ATTRS:
                self.urls.append((tag, value))


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def _target(site: Path, base_path: str, page: Path, url: str) -> tuple[Path | None, str, bool]:
    """The file a link leads to (None if missing), its fragment, and whether it stays inside the site.

    The site is published at `base_path` (the path of its address, e.g. /lis/): a root-absolute
    link such as /lis/assets/x.css (MkDocs writes them in 404.html) is resolved below that path."""
    base = base_path + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, url))
    if not parts.path.startswith(base_path):
        return None, unquote(parts.fragment), False
    path = site / unquote(parts.path[len(base_path):])
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return (path if path.is_file() else None), unquote(parts.fragment), True


def site_base_path(site: Path) -> str:
    """The path the site is published under, from its start page's canonical address ("/" if none)."""
    start = site / "index.html"
    if not start.is_file():
        return "/"
    canonical = _parse(start).canonical
    path = urlsplit(canonical).path if canonical else "/"
    return path if path.endswith("/") else path + "/"


def check_site(site: Path, base_path: str | None = None) -> list[str]:
    """Swedish messages for broken internal links and anchors, and for resources from other hosts.

    `base_path` is the path of the site's address (e.g. /lis/); by default it is read from the
    start page's canonical link, which MkDocs writes from site_url."""
    base_path = site_base_path(site) if base_path is None else base_path
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for page, parsed in pages.items():
        name = page.relative_to(site).as_posix()
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
            target, fragment, inside = _target(site, base_path, page, url)
            if not inside:
                problems.append(f"{name}: länken {url} pekar utanför webbplatsens adress {base_path}")
            elif target is None:
                problems.append(f"{name}: länken {url} pekar på en sida eller fil som inte finns")
            elif fragment and target.suffix == ".html" and fragment not in pages.get(target, _parse(target)).ids:
                problems.append(f"{name}: länken {url} pekar på ankaret #{fragment} som inte finns")
    return problems
