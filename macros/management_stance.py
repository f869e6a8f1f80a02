"""Who counts as ledningen (2 kap. 4 § cybersäkerhetslagen) rests on a governing document: adopted or proposed.

The stance in data/lagkrav.yaml names the governing page and the version that states it. Whether it is
decided is derived from the archive's ledger, never typed: the cited version is adopted, or it is a
proposal until a decision adopts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import models as m
from .documents import GoverningDoc
from .handbook import Handbook


def _governing(docs: Sequence[GoverningDoc], page: str) -> GoverningDoc | None:
    return next((d for d in docs if d.src_path == page), None)


def decision_text(hb: Handbook, docs: Sequence[GoverningDoc]) -> str:
    """The row "Beslut": adopted (by whom, when, diarienummer) or a proposal not yet decided."""
    source = hb.law.management.source if hb.law else None
    doc = _governing(docs, source.page) if source else None
    if source is None or doc is None:
        return ("Inte beslutat: inget styrdokument anger ställningstagandet (fastställs_i saknas under "
                "ledningen i data/lagkrav.yaml).")
    where = f"{doc.title}, version {source.version}"
    adoption = next((a for a in doc.adoptions if a.version == source.version), None)
    if adoption is not None:
        example = " (exempel)" if adoption.example else ""
        return (f"Fastställt i {where}: beslutat av {hb.role(adoption.decided_by).name} "
                f"{adoption.adopted.isoformat()}, diarienummer {adoption.reference}{example}.")
    planned = doc.meta.decision_due
    return (f"Inte fastställt: föreslaget i {where}"
            + (f", planerat beslut {planned.isoformat()}" if planned else ", inget planerat beslut")
            + ". Till dess gäller bara det som en fastställd version säger.")


def source_issues(body: m.ManagementBody | None, docs: Sequence[GoverningDoc]) -> list[tuple[tuple[Any, ...], str]]:
    """fastställs_i names a governing page and one of its versions."""
    if body is None or body.source is None:
        return []
    page, version = body.source.page, body.source.version
    doc = _governing(docs, page)
    if doc is None:
        return [(("ledningen", "fastställs_i", "sida"),
                 f'"{page}" är inget styrdokument; ange det styrdokument som säger vem som är ledningen, '
                 "till exempel styrande/lokal-tillampningsanvisning.md")]
    versions = [n.version for n in doc.notes]
    if version not in versions:
        return [(("ledningen", "fastställs_i", "version"),
                 f'"{doc.title}" har ingen version {version}; versionerna i sidans ändringsanteckningar är '
                 f'{", ".join(versions)}')]
    return []
