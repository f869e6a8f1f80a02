"""The document register: every governing page (policy, guidance, routine, register) with its owner,
decision, adopted edition and review.

It has no data file: its records are the `styrdokument:` front matter of the pages under docs/
(macros/documents.py reads and checks them) joined with the archive's ledger (macros/ledger.py), which
holds the decisions. One column spec for Styrande dokument and the export in the supervision package.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup

from .. import status
from ..audience import Audience
from ..catalogue import Export, Register, Scope
from ..changes import decision_phrase
from ..collation import swedish_key
from ..columns import Column, Table, clean_text
from ..documents import DocStatus, GoverningDoc
from ..handbook import Handbook
from ..ledger import Adoption, ArchivedFile
from ..render import iso, link, page_url, relative_href
from ..swedish import count

PAGE = "styrande/index.md"


def review_state(doc: GoverningDoc, as_of: date) -> str:
    """The review's state in the register, in the same windows as every other due date."""
    days = (doc.meta.next_review - as_of).days
    window = status.bucket(doc.meta.next_review, as_of)
    if window is status.Bucket.OVERDUE:
        return f"försenad {count(-days, 'dag', 'dagar')}"
    return "i tid" if window is status.Bucket.IN_ORDER else f"inom {count(days, 'dag', 'dagar')}"


def decision_text(doc: GoverningDoc, hb: Handbook) -> str:
    """Who adopted the edition in force, when and under which registration number; or that it is a draft."""
    if doc.adoption is None:
        return "inget beslut (utkast)"
    return decision_phrase(hb, doc.adoption)


def in_force_text(doc: GoverningDoc) -> str:
    """Which edition applies: the version in force, and for a document under revision, that it still does."""
    adoption = doc.adoption
    if adoption is None:
        return "ingen (utkast)"
    if doc.status is DocStatus.UNDER_REVISION:
        return f"version {adoption.version} (fastställd {adoption.adopted}) gäller tills den nya är fastställd"
    return f"version {adoption.version}"


def file_href(page_src: str, archived: ArchivedFile) -> str:
    """A link from a page to an archived file (both under docs/)."""
    return posixpath.relpath(archived.path, page_url(page_src) or ".")


def edition_links(adoption: Adoption, page_src: str, docs_dir: Path) -> Markup:
    """"PDF (12 kB) · källtext": the archived edition of `adoption`, linked from `page_src`."""
    parts = []
    if adoption.pdf is not None:
        path = docs_dir / adoption.pdf.path
        kilobytes = max(1, round(path.stat().st_size / 1024)) if path.is_file() else 0
        parts.append(link(file_href(page_src, adoption.pdf), f"PDF ({kilobytes} kB)"))
    if adoption.source is not None:
        parts.append(link(file_href(page_src, adoption.source), "källtext"))
    return Markup(" · ").join(parts)


@dataclass(frozen=True)
class DocContext:
    """What the register's cells need besides the page: the roles, the reference date, the page linked from
    and (for the page's links to the archived editions) the docs folder."""

    hb: Handbook
    as_of: date
    page_src: str = ""
    docs_dir: Path | None = None


def _edition_cell(d: GoverningDoc, x: DocContext) -> object:
    if d.adoption is None or x.docs_dir is None:
        return "–"
    return Markup("version {}: {}").format(d.adoption.version, edition_links(d.adoption, x.page_src, x.docs_dir))


DocColumn = Column[GoverningDoc, DocContext]
def _planned_decision(d: GoverningDoc) -> str:
    """The day a proposal is to be adopted; "saknas" for a proposal without one; "–" for a document in force."""
    if not d.awaits_decision:
        return "–"
    return iso(d.meta.decision_due) if d.meta.decision_due else "saknas"


# Its rows are pages, not data records, so every value is computed (no YAML key). The decision is the
# archive's (the ledger's) latest adoption of the page.
DOCUMENT_COLUMNS: tuple[DocColumn, ...] = (
    DocColumn("Dokument", export=lambda d, x: clean_text(d.title), page="",
              cell=lambda d, x: link(relative_href(x.page_src, d.src_path), d.title)),
    DocColumn("Sida", export=lambda d, x: f"docs/{d.src_path}"),
    DocColumn("Typ", export=lambda d, x: d.meta.type.value, page=""),
    DocColumn("Ägare", export=lambda d, x: x.hb.role(d.meta.owner).name, page=""),
    DocColumn("Version", export=lambda d, x: d.meta.version, page=""),
    DocColumn("Status", export=lambda d, x: d.status.value, page=""),
    DocColumn("Gällande utgåva", export=lambda d, x: in_force_text(d)),
    DocColumn("Beslut", page="", cell=lambda d, x: decision_text(d, x.hb)),
    DocColumn("Beslutad av", export=lambda d, x: x.hb.role(d.adoption.decided_by).name if d.adoption else None),
    DocColumn("Beslutsdatum", export=lambda d, x: d.adoption.adopted if d.adoption else None),
    DocColumn("Diarienummer", export=lambda d, x: d.adoption.reference if d.adoption else None),
    DocColumn("Beslutsuppgifterna är exempel",
              export=lambda d, x: ("ja" if d.adoption.example else "nej") if d.adoption else None),
    DocColumn("Fastställd utgåva (PDF)", page="Fastställd utgåva", cell=_edition_cell,
              export=lambda d, x: f"docs/{d.adoption.pdf.path}" if d.adoption and d.adoption.pdf else None),
    DocColumn("Senast granskad", export=lambda d, x: d.reviewed, page="", cell=lambda d, x: iso(d.reviewed)),
    DocColumn("Planerad granskning", export=lambda d, x: d.meta.next_review, page="",
              cell=lambda d, x: iso(d.meta.next_review)),
    DocColumn("Senast ändrad", export=lambda d, x: d.last_changed, page="", cell=lambda d, x: iso(d.last_changed)),
    DocColumn("Granskning", export=lambda d, x: review_state(d, x.as_of), page=""),
    DocColumn("Planerat beslut", export=lambda d, x: d.meta.decision_due if d.awaits_decision else None, page="",
              cell=lambda d, x: _planned_decision(d)),
)


def document_table(docs: Sequence[GoverningDoc], hb: Handbook, as_of: date, page_src: str = "",
                   docs_dir: Path | None = None) -> Table[GoverningDoc, DocContext]:
    """Every governing document, by type and then title."""
    ordered = sorted(docs, key=lambda d: (d.meta.type.value, swedish_key(d.title)))
    return Table(DOCUMENT_COLUMNS, tuple(ordered), DocContext(hb, as_of, page_src, docs_dir))


def _what(scope: Scope, table: Table[GoverningDoc, DocContext]) -> str:
    return (f"Dokumentregistret: {len(table)} styrande dokument med typ, ägare, version, status, gällande "
            "utgåva, beslut, den fastställda utgåvans PDF och granskning (samma register som på sidan Styrande "
            "dokument).")


REGISTER = Register(
    None,
    lambda scope: document_table(scope.docs, scope.hb, scope.as_of, scope.page_src),
    Export("dokumentregister", "Dokumentregister", "dokumentregistret", _what,
           source=lambda hb: "front matter (styrdokument:) i sidorna under docs/", in_export=False,
           in_supervision=True, order=5),
    pages=(PAGE,),
    audience=Audience.ALL,  # the policy and the routines are for everyone
)
