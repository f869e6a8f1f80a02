"""Rendering of the change history: a page's version history and the "Vad är nytt" list."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from datetime import date

from . import pages
from .archive import ArchivedEdition
from .history import RECENT_DAYS, Change, History
from .render import Column, caption, link, page_url, relative_href, table, text


def tracked_pages(governing: Iterable[str], all_pages: Iterable[str]) -> set[str]:
    """Pages whose changes are news: governing documents, routines and the management reviews."""
    folders = (f"{pages.ROUTINE_FOLDER}/", f"{pages.REVIEW_FOLDER}/")
    return set(governing) | {p for p in all_pages if p.endswith(".md") and p.startswith(folders)}


def last_changed_phrase(history: History, path: str) -> str:
    """"Senast ändrad" in words: the commit date, or why it cannot be known here."""
    if history.unavailable:
        return history.unavailable
    day = history.last_changed(path)
    return day.isoformat() if day else "inte incheckad ännu"


def _version_cell(change: Change) -> str:
    if change.new_version:
        return f"{change.new_version} (ny version)"
    return change.version or "–"


def version_history(history: History, path: str) -> str:
    """The page's history as a collapsed <details> block (one raw HTML block for Markdown)."""
    if history.unavailable:
        body = f"<p>Versionshistoriken kan inte visas: {text(history.unavailable)}.</p>"
        title = "Versionshistorik"
    else:
        changes = history.of(path)
        rows = [(c.day.isoformat(), _version_cell(c), c.subject) for c in changes]
        body = table("", [Column("Datum"), Column("Version"), Column("Ändring")], rows,
                     empty="Sidan har inga incheckade ändringar ännu.").strip()
        noun = "ändring" if len(changes) == 1 else "ändringar"
        title = f"Versionshistorik ({len(changes)} {noun})"
    return f'\n\n<details class="info lis-historik">\n<summary>{text(title)}</summary>\n{body}\n</details>\n\n'


def whats_new(history: History, titles: Mapping[str, str], as_of: date, page_src: str) -> str:
    """Changes of the last RECENT_DAYS days to the pages in `titles`, newest first."""
    heading = f"Ändringar de senaste {RECENT_DAYS} dagarna"
    if history.unavailable:
        return (f'\n\n<p class="lis-tom"><strong>{text(heading)}</strong>: '
                f"{text(history.unavailable[0].upper() + history.unavailable[1:])}.</p>\n\n")
    rows = [(c.day.isoformat(), link(relative_href(page_src, c.path), titles[c.path]), c.subject,
             c.new_version or "–")
            for c in history.recent(titles, as_of)]
    cols = [Column("Datum"), Column("Sida"), Column("Ändring"), Column("Ny version")]
    return table(caption(heading, as_of), cols, rows, empty="Inga ändringar.")


def archive_notice(edition: ArchivedEdition, page_src: str) -> str:
    """The link to a review's archived PDF with its SHA-256 checksum (raw HTML block)."""
    href = posixpath.relpath(edition.src_path, page_url(page_src) or ".")
    kilobytes = max(1, round(edition.size / 1024))
    return (f'\n\n<div class="admonition success lis-arkiv"><p class="admonition-title">Arkiverad utgåva</p>'
            f"<p>Den fastställda utgåvan finns som {link(href, f'PDF ({kilobytes} kB)')}. "
            f"Kontrollsumma (SHA-256): <code>{text(edition.sha256)}</code>. Filen ersätts aldrig; jämför "
            "kontrollsumman om du vill vara säker på att du har samma fil.</p></div>\n\n")
