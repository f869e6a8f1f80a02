"""Rendering of the change notes: a page's version history, the "Vad är nytt" list and archive links."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from markupsafe import Markup

from .changes import RECENT_DAYS, NewsItem, decision_phrase
from .columns import Column, table
from .documents import ChangeKind, GoverningDoc
from .handbook import Handbook
from .ledger import Adoption
from .registers.documents import edition_links
from .render import NOT_INDEXED, caption, link, relative_href, text


def _decision_cell(doc: GoverningDoc, hb: Handbook, version: str, kind: ChangeKind, page_src: str,
                   docs_dir: Path) -> Markup:
    adoption = next((a for a in doc.adoptions if a.version == version), None)
    if adoption is not None:
        return Markup("{} ({})").format(text(decision_phrase(hb, adoption)),
                                        edition_links(adoption, page_src, docs_dir))
    if kind is ChangeKind.EDITORIAL:
        return text("behövs inte för en redaktionell ändring")
    return text("inte fastställd ännu" if doc.adoption is not None or doc.pending else "inte fastställd")


def version_history(doc: GoverningDoc, hb: Handbook, page_src: str, docs_dir: Path) -> str:
    """The page's change notes as a collapsed <details> block (one raw HTML block for Markdown).

    Left out of the search index: the notes are about the page, not what a reader searches for."""
    rows = [(n.version, n.day.isoformat(), n.kind.value, n.text,
             _decision_cell(doc, hb, n.version, n.kind, page_src, docs_dir)) for n in doc.notes]
    body = table("", [Column("Version"), Column("Datum"), Column("Typ"), Column("Ändring"), Column("Beslut")],
                 rows, searchable=True).strip()
    noun = "ändring" if len(rows) == 1 else "ändringar"
    title = f"Versionshistorik ({len(rows)} {noun})"
    return (f'\n\n<details class="info lis-historik" {NOT_INDEXED}>\n<summary>{text(title)}</summary>\n'
            f"{body}\n</details>\n\n")


def whats_new(items: Sequence[NewsItem], titles: Mapping[str, str], as_of: date, page_src: str) -> str:
    """Change notes and decisions of the last RECENT_DAYS days, newest first.

    The table stays out of the search index: each note is about a document the search finds itself, and
    a list of the latest notes would otherwise come first for whatever they mention (the page's own
    introduction is indexed, so a search for "vad är nytt" still finds the page)."""
    heading = f"Ändringar de senaste {RECENT_DAYS} dagarna"
    rows = [(i.day.isoformat(), link(relative_href(page_src, i.path), titles[i.path]), i.version or "–",
             i.text, i.kind.value) for i in items]
    cols = [Column("Datum"), Column("Dokument"), Column("Version"), Column("Ändring"), Column("Typ")]
    return table(caption(heading, as_of), cols, rows, empty="Inga ändringar.", searchable=False)


def archive_notice(adoption: Adoption, hb: Handbook, page_src: str, docs_dir: Path, what: str) -> str:
    """The box under a review's heading: its adopted edition in the archive, with the PDF's checksum."""
    checksum = (f" PDF:ens kontrollsumma (SHA-256): <code>{text(adoption.pdf.sha256)}</code>."
                if adoption.pdf is not None else "")
    return (f'\n\n<div class="admonition success lis-arkiv"><p class="admonition-title">Arkiverad utgåva</p>'
            f"<p>{text(what)} fastställdes av {text(decision_phrase(hb, adoption))} och arkiverades "
            f"{adoption.archived}: {edition_links(adoption, page_src, docs_dir)}.{checksum} Arkivets filer ersätts "
            "aldrig, och bygget stoppar om en av dem inte längre stämmer med sin kontrollsumma.</p></div>\n\n")
