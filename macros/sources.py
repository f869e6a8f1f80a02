"""The files the build reads and publishes from docs/: pages, other files, and symbolic links it refuses."""

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
