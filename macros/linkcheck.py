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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
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


def _target(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    base = "/" + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, url))
    path = site / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return (path if path.is_file() else None), unquote(parts.fragment)


def check_site(site: Path) -> list[str]:
    """Swedish messages for broken internal links and anchors, and for resources from other hosts."""
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
            target, fragment = _target(site, page, url)
            if target is None:
                problems.append(f"{name}: länken {url} pekar på en sida eller fil som inte finns")
            elif fragment and target.suffix == ".html" and fragment not in pages.get(target, _parse(target)).ids:
                problems.append(f"{name}: länken {url} pekar på ankaret #{fragment} som inte finns")
    return problems
