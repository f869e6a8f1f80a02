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
from .documents import split_front_matter
from .errors import DataIssue
from .yamlsource import line_of, parse_yaml, read_text_file

KEY = "utgåva"


def restricted_pages(docs_dir: Path, page_paths: Iterable[str]) -> tuple[frozenset[str], list[DataIssue]]:
    """The pages whose front matter says `utgåva: lis`, and any value that is neither alla nor lis."""
    restricted: set[str] = set()
    issues: list[DataIssue] = []
    for rel in page_paths:
        text, _ = read_text_file(docs_dir / rel)
        if f"{KEY}:" not in text:  # most pages: no parse needed
            continue
        front, first_line = split_front_matter(text)
        meta, _ = parse_yaml(front, rel, first_line) if front else (None, [])
        if not isinstance(meta, dict) or KEY not in meta:
            continue
        value = meta[KEY]
        word = value.strip().lower() if isinstance(value, str) else None
        if word == Audience.LIS:
            restricted.add(rel)
        elif word != Audience.ALL:
            issues.append(DataIssue(f"docs/{rel}", line_of(meta, (KEY,)), None, KEY,
                                    f"{m.show_value(value)} går inte att tolka; skriv alla (personalutgåvan, som "
                                    "alla kan läsa) eller lis (LIS-utgåvan, bara för LIS-gruppen)"))
    return frozenset(restricted), issues
