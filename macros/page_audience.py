"""Which edition a page belongs to: front matter `utgåva: alla` (the staff edition) or `utgåva: lis`.

A page is for everyone unless its front matter says `utgåva: lis`. A page for everyone may not call a
macro that shows restricted data (page_macros.restricted_macros): the sandbox refuses the call with
the page's file and line (macros/sandbox.py), so the declaration is checked, not trusted. The staff
edition shows a restricted page as a short notice that points to the LIS edition (macros/staff_edition.py).
`målgrupp:` is another key: it ranks a page in the search, it does not restrict who may read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import models as m
from .audience import Audience
from .documents import pages_setting
from .errors import DataIssue
from .yamlsource import line_of

KEY = "utgåva"


def restricted_pages(docs_dir: Path, page_paths: Iterable[str]) -> tuple[frozenset[str], list[DataIssue]]:
    """The pages whose front matter says `utgåva: lis`, and any value that is neither alla nor lis."""
    restricted: set[str] = set()
    issues: list[DataIssue] = []
    for rel, meta, value in pages_setting(docs_dir, page_paths, KEY):
        word = value.strip().lower() if isinstance(value, str) else None
        if word == Audience.LIS:
            restricted.add(rel)
        elif word != Audience.ALL:
            issues.append(DataIssue(f"docs/{rel}", line_of(meta, (KEY,)), None, KEY,
                                    f"{m.show_value(value)} går inte att tolka; skriv alla (personalutgåvan, som "
                                    "alla kan läsa) eller lis (LIS-utgåvan, bara för LIS-gruppen)"))
    return frozenset(restricted), issues
