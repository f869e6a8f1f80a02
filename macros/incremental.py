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
from pathlib import Path

from .followup import Overview


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

    def begin(self, contents: Iterable[tuple[str, str]]) -> None:
        """A new build: the generated pages that may be kept, each with a digest of its Markdown."""
        self.contents = dict(contents)
        self.pending, self.surroundings, self.rendered, self.kept = {}, None, 0, 0

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

    def failed(self) -> None:
        self.done = {}


# --- What a generated page is computed from ------------------------------------------------------
# A generated page's Markdown is a pure function of these inputs (and of the code, which is part
# of the surroundings), so under serve it is computed again only when they change. They must
# name everything followup_views.system_page and object_page read; the incremental build test
# (tests/test_serve_incremental.py) compares the result with a full build.


def shared_inputs(ov: Overview) -> str:
    return digest(repr(ov.hb.scale), repr(ov.hb.organisation.roles), ov.as_of.isoformat())


def system_inputs(ov: Overview, system_id: str, shared: str) -> str:
    s = ov.systems[system_id]
    return digest(shared, repr(s), repr(ov.follow_ups.get(system_id)), repr(ov.actions_by_system.get(system_id, [])),
                  repr(ov.objects[s.management_object]))


def object_inputs(ov: Overview, object_id: str, shared: str) -> str:
    return digest(shared, repr(ov.objects[object_id]), repr(ov.active_by_object[object_id]),
                  repr(ov.due_by_object[object_id]))


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
