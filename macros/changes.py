"""What changed for readers: the governing documents' change notes and the archive's adoptions (pure).

*Vad är nytt*, its Atom feed and each page's *Versionshistorik* show these and nothing from git:
a commit message is written for developers and is never published. Every item is dated by the
date its note or decision gives, so a change that waited on a branch is dated when it was
published, not when it was committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .collation import swedish_key
from .documents import ChangeKind, GoverningDoc
from .handbook import Handbook
from .ledger import Adoption, Ledger

RECENT_DAYS = 90  # "Vad är nytt" covers the 90 days up to and including the reference date


class NewsKind(StrEnum):
    EDITORIAL = "redaktionell ändring"
    SUBSTANTIVE = "saklig ändring"
    ADOPTED = "fastställd"


@dataclass(frozen=True)
class NewsItem:
    """One change note or one adoption, as a reader is told about it."""

    path: str  # the page under docs/
    day: date
    kind: NewsKind
    version: str | None
    text: str  # Swedish, for readers
    key: str  # what the item is, for feed ids: the document, its version and (for a decision) "fastställd"


def decision_phrase(hb: Handbook, adoption: Adoption) -> str:
    """"Förvaltningsledningen 2026-01-26, diarienummer FAR 2026/3" (marked when it is an example)."""
    said = f"{hb.role(adoption.decided_by).name} {adoption.adopted}, diarienummer {adoption.reference}"
    return said + (" (exempel)" if adoption.example else "")


def note_items(doc: GoverningDoc) -> list[NewsItem]:
    kinds = {ChangeKind.EDITORIAL: NewsKind.EDITORIAL, ChangeKind.SUBSTANTIVE: NewsKind.SUBSTANTIVE}
    return [NewsItem(doc.src_path, n.day, kinds[n.kind], n.version, n.text, f"{doc.src_path}/{n.version}")
            for n in doc.notes]


def adoption_item(hb: Handbook, adoption: Adoption, title: str) -> NewsItem:
    what = f"Version {adoption.version} av {title}" if adoption.version else title
    return NewsItem(adoption.document, adoption.adopted, NewsKind.ADOPTED, adoption.version,
                    f"{what} är fastställd: {decision_phrase(hb, adoption)}.",
                    f"{adoption.document}/{adoption.version or 'utgåva'}/fastställd")


def recent(hb: Handbook, docs: Iterable[GoverningDoc], ledger: Ledger, titles: Mapping[str, str], as_of: date,
           days: int = RECENT_DAYS) -> list[NewsItem]:
    """Notes and adoptions dated within the `days` days ending on `as_of`, newest first."""
    first = as_of - timedelta(days=days - 1)
    items = [item for doc in docs for item in note_items(doc)]
    items += [adoption_item(hb, a, titles[a.document]) for a in ledger.adoptions if a.document in titles]
    found = [i for i in items if first <= i.day <= as_of]
    # Newest first; on one day a decision before the notes, then by page.
    return sorted(found, key=lambda i: (-i.day.toordinal(), i.kind is not NewsKind.ADOPTED, swedish_key(i.path)))
