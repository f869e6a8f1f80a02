"""When the coordinator's NIS 2 judgement per area of 2 kap. 3 § must be reconsidered.

A judgement rests on its evidence pages. It goes stale when one of them changed after the day it was
made (a change note dated later), and it contradicts itself when it calls the area "saknas" while a page
it cites is an adopted document in force. Both are shown beside the judgement, never silently kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import models as m
from .documents import DocStatus, GoverningDoc


def reconsider(area: m.Nis2Area, docs: Mapping[str, GoverningDoc]) -> list[str]:
    """Why the area's judgement must be reconsidered (Swedish, one reason per page); empty when it stands."""
    if area.judgement is None or area.judged is None:
        return []
    reasons = []
    for page in area.pages:
        doc = docs.get(page)
        if doc is None:
            continue
        if doc.last_changed > area.judged:
            reasons.append(f"{doc.title} ändrades {doc.last_changed}, efter bedömningen")
        elif area.judgement is m.Coverage.MISSING and doc.status is DocStatus.IN_FORCE:
            reasons.append(f"{doc.title} är fastställd och gäller, men bedömningen säger saknas")
    return reasons
