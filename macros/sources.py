"""The files the build reads and publishes from docs/: pages, other files, and the symbolic links and
script-capable files it refuses."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataIssue

# The theme's override folder (theme.custom_dir in mkdocs.yml): its assets are published as well.
THEME_DIR = "overrides"
# The suffixes MkDocs renders as pages (mkdocs.utils.markdown_extensions); every one is a page here too.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_page(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def _walk(docs_dir: Path) -> tuple[list[Path], list[Path]]:
    """(regular files, symbolic links) under docs_dir; links are listed, never followed."""
    files: list[Path] = []
    links: list[Path] = []
    if not docs_dir.is_dir():
        return files, links
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                links.append(here / name)
        # MkDocs leaves out files and folders whose name starts with a dot.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if path.is_symlink():
                links.append(path)
            elif not name.startswith("."):
                files.append(path)
    return sorted(files), sorted(links)


def published_files(docs_dir: Path) -> list[Path]:
    """Every file MkDocs copies or renders from docs_dir (symbolic links excluded: they are refused)."""
    return _walk(docs_dir)[0]


def pages(docs_dir: Path) -> list[Path]:
    """Every page MkDocs renders from docs_dir, whatever Markdown suffix it has."""
    return [p for p in published_files(docs_dir) if is_page(p)]


def symlink_issues(docs_dir: Path) -> list[DataIssue]:
    """A symbolic link in docs/ would publish whatever it points at (even /etc/passwd): refuse each one."""
    return [DataIssue(f"{docs_dir.name}/{link.relative_to(docs_dir).as_posix()}", None, None, None,
                      "är en symbolisk länk; länkar publiceras inte eftersom de kan peka på filer utanför "
                      "handboken. Lägg en kopia av filen här i stället.")
            for link in _walk(docs_dir)[1]]


# Files a browser runs as a page, an image with script or a script when one opens them from the site:
# published as they are, they would carry script past the page checks (macros/sanitize.py).
ACTIVE_SUFFIXES = (".htm", ".html", ".shtml", ".xht", ".xhtml", ".xml", ".xsl", ".xslt", ".svg", ".svgz",
                   ".js", ".cjs", ".mjs", ".swf", ".mht", ".mhtml")


def active_file_issues(docs_dir: Path) -> list[DataIssue]:
    """A file in docs/ that can run script in the reader's browser: refuse each one (pages are Markdown)."""
    return [DataIssue(f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}", None, None, None,
                      "är en fil som webbläsaren kan köra skript i (HTML, SVG, XML eller JavaScript) och publiceras "
                      "inte. Skriv innehållet som en sida (.md), eller spara det som PDF eller som en bild i PNG- "
                      "eller JPEG-format.")
            for path in published_files(docs_dir) if path.suffix.lower() in ACTIVE_SUFFIXES]
