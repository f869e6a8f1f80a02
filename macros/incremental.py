"""The coordinator's edit loop: which generated pages a rebuild under `make serve` may leave as they are.

A generated page (one per system and förvaltningsobjekt) is plain Markdown computed from data,
so its HTML depends only on that Markdown and on what surrounds every page: the configuration,
the theme overrides and the menu. A rebuild renders it again only when one of those changed
since the last successful build; otherwise the HTML that build wrote stays. Hand-written pages,
and generated pages that call macros (the inventory parts), are always rendered again, since
any data change may show on them. A failed build forgets everything, so the next one renders
all pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .catalogue import PAGES, ids, walk
from .columns import field_names
from .handbook import Handbook
from .registers import data_file, data_files


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """Names and contents of every file under `folder` (the theme overrides)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
        if folder.is_dir() else []
    return digest(*(part for p in files for part in (p.relative_to(folder).as_posix(), p.read_bytes())))


@dataclass
class Tracker:
    """What the last successful build rendered, and what the build in progress decides."""

    enabled: bool = False  # only under `mkdocs serve --dirty`
    done: dict[str, str] = field(default_factory=dict)  # page -> key of its last successful render
    pending: dict[str, str] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)  # page -> digest of its Markdown (or inputs)
    surroundings: str | None = None
    rendered: int = 0
    kept: int = 0
    outputs: set[str] = field(default_factory=set)  # files (site paths) that earlier builds wrote
    writing: set[str] = field(default_factory=set)  # files the build in progress writes

    def begin(self, contents: Iterable[tuple[str, str]], outputs: Iterable[str] = ()) -> None:
        """A new build: the generated pages that may be kept, each with a digest of its Markdown, and every
        file it writes (its file list)."""
        self.contents = dict(contents)
        self.writing = set(outputs)
        self.pending, self.surroundings, self.rendered, self.kept = {}, None, 0, 0

    def stale(self) -> list[str]:
        """Files an earlier build of this session wrote that this one does not: the page of a system that was
        renamed or deleted, the calendar of a removed förvaltningsobjekt. They go, or they would be served."""
        return sorted(self.outputs - self.writing)

    def needs_render(self, page: str, surroundings: str) -> bool:
        """True unless the page's Markdown and surroundings are those of its last successful render."""
        if not self.enabled or page not in self.contents:
            return True
        key = self.pending.get(page)
        if key is None:
            key = self.pending[page] = digest(self.contents[page], surroundings)
            if self.done.get(page) == key:
                self.kept += 1
            else:
                self.rendered += 1
        return self.done.get(page) != key

    def succeeded(self) -> None:
        self.done = dict(self.pending)
        self.outputs = set(self.writing)

    def failed(self) -> None:
        self.done = {}
        self.outputs |= self.writing  # a failed build may have written some of them


def remove_outputs(site: Path, stale: Iterable[str]) -> None:
    """Delete files that an earlier build of this serve session wrote into `site` (Tracker.stale), and the
    folders they leave empty; nothing outside `site`."""
    for name in stale:
        path = site / name
        if not path.resolve().is_relative_to(site.resolve()):
            continue
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == site or not folder.is_relative_to(site):
                break
            if folder.is_dir():
                if any(folder.iterdir()):
                    break
                folder.rmdir()


# --- What a generated page is computed from ------------------------------------------------------
# A generated page's Markdown is a pure function of these inputs (and of the code, which is part of
# the surroundings), so under serve it is computed again only when they change. They are read from the
# registers' declarations (macros/registers/), so no data file can be forgotten: the page's own record,
# every entry of any register that refers to it (an action, a continuity entry, a log check of a
# system) and the entries that refer to those, the entries it refers to (a system's förvaltningsobjekt),
# the files whose values may show anywhere (`settings`: the roles, the scale) and the reference date.
# The incremental build test (tests/test_serve_incremental.py) compares the result with a full build.


Where = tuple[str, tuple[Any, ...]]  # a data file and the location of one entry in it


class PageInputs:
    """Digests of what each generated page (one per system and förvaltningsobjekt) is computed from."""

    DEPTH = 2  # entries referring to the record, and entries referring to those (a system's actions' risks)

    def __init__(self, hb: Handbook, as_of: date) -> None:
        self.hb = hb
        self.shared = digest(as_of.isoformat(), *(repr(hb.files.get(spec.name)) for spec in data_files()
                                                  if spec.settings))
        self.referrers: dict[tuple[str, str, str], list[Where]] = {}  # (file, list key, id) -> entries
        self.refers_to: dict[Where, list[tuple[str, str, str]]] = {}
        self.entries: dict[tuple[str, str, str], Where] = {}
        self.text: dict[Where, str] = {}
        for spec in data_files():
            if not spec.item_pages:
                continue  # none of its values shows on a generated page
            record = hb.files.get(spec.name)
            for entries in spec.entries:
                for loc, value in walk(record, (entries.key, "*", ids(entries))):
                    self.entries[spec.name, entries.key, str(value)] = (spec.name, loc[:2])
            for ref in spec.references:
                if ref.file == PAGES:
                    continue
                for loc, value in walk(record, ref.path.split(".")):
                    entry: Where = (spec.name, loc[:2] if len(loc) > 1 and isinstance(loc[1], int) else loc[:1])
                    target = (ref.file, ref.key, str(value))
                    self.referrers.setdefault(target, []).append(entry)
                    self.refers_to.setdefault(entry, []).append(target)

    def of(self, file: str, key: str, record_id: str) -> str:
        """The digest of everything the page of the entry `record_id` in `key` of data/`file` shows."""
        start = self.entries.get((file, key, record_id))
        if start is None:
            return digest(self.shared, file, key, record_id)
        seen: set[Where] = set()
        level = [start]
        for _ in range(self.DEPTH + 1):
            following: list[Where] = []
            for where in level:
                if where in seen:
                    continue
                seen.add(where)
                name, loc = where
                if loc and len(loc) > 1:
                    ident = self._id_of(where)
                    following += self.referrers.get((name, str(loc[0]), ident), []) if ident else []
            level = following
        targets = {self.entries[t] for where in list(seen) for t in self.refers_to.get(where, ())
                   if t in self.entries}
        return digest(self.shared, *(self._text(w) for w in sorted(seen | targets, key=repr)))

    def system(self, system_id: str) -> str:
        return self.of("system.yaml", "system", system_id)

    def management_object(self, object_id: str) -> str:
        return self.of("forvaltningsobjekt.yaml", "förvaltningsobjekt", object_id)

    def _node(self, where: Where) -> Any:
        name, loc = where
        node: Any = self.hb.files.get(name)
        for step in loc:
            node = node[step] if isinstance(step, int) else _field(node, step)
        return node

    def _id_of(self, where: Where) -> str | None:
        name, loc = where
        entries = data_file(name).naming.get(str(loc[0]))
        return None if entries is None else str(_field(self._node(where), ids(entries)))

    def _text(self, where: Where) -> str:
        if where not in self.text:
            self.text[where] = f"{where!r}={self._node(where)!r}"
        return self.text[where]


def _field(node: object, key: str) -> Any:
    """The value under the YAML key `key` of a validated record."""
    return getattr(node, field_names(type(node)).get(key, ""), None) if isinstance(node, BaseModel) else None


@dataclass
class MarkdownCache:
    """Generated Markdown of the last build, by page, with the digest of its inputs."""

    pages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, page: str, inputs: str, make: Callable[[], str]) -> str:
        cached = self.pages.get(page)
        if cached is not None and cached[0] == inputs:
            return cached[1]
        markdown = make()
        self.pages[page] = (inputs, markdown)
        return markdown
