"""`make serve` (`mkdocs serve --dirty`): MkDocs may skip a generated page whose Markdown and surroundings
are unchanged since the last successful build. The bookkeeping is macros/incremental.py; this is where
it meets MkDocs' files, configuration and theme.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.structure.files import Files

from ..incremental import MarkdownCache, Tracker, digest, folder_digest
from ..site import Generated

# Generated pages skip the macros' Jinja pass. In the search index a record page is its name and
# `lis_post` (id and purpose; overrides/main.html), which keeps the index small at city scale.
NO_MACROS = "---\nrender_macros: false\n"

PACKAGE = Path(__file__).resolve().parent.parent  # the handbook's code: part of every page's surroundings


def _front_matter(generated: Generated) -> str:
    # JSON with ASCII escapes is a YAML double-quoted scalar: any text stays one value
    post = f"lis_post: {json.dumps(generated.post)}\n" if generated.post is not None else ""
    return f"{NO_MACROS}{post}---\n\n"


class DirtyBuilds:
    """What the last build of this `mkdocs serve` session rendered, and what the build in progress decides."""

    def __init__(self) -> None:
        self.tracker = Tracker()
        self.markdown = MarkdownCache()
        self.inputs: dict[str, str] = {}  # generated page -> digest of what its Markdown is computed from
        self.surroundings: dict[str, Any] = {}
        self.compiled = CompiledTemplates()
        self.scanned_clean: dict[str, tuple[int, int]] = {}  # output files the personal-number scan found clean

    @property
    def enabled(self) -> bool:
        return self.tracker.enabled

    def content(self, generated: Generated) -> str:
        """A generated file's content; under serve, the last build's when its inputs are unchanged."""
        front = _front_matter(generated) if generated.path.endswith(".md") and not generated.macros else ""
        if not self.tracker.enabled or generated.inputs is None:
            return front + generated.make()
        key = self.inputs[generated.path] = generated.inputs()
        return self.markdown.get(generated.path, key, lambda: front + generated.make())

    def track(self, files: Files) -> None:
        """Let MkDocs skip a generated page whose Markdown and surroundings are unchanged (dirty builds only)."""
        if not self.tracker.enabled:
            return
        self.tracker.begin(((f.src_uri, self.inputs.get(f.src_uri) or digest(f.content_string))
                            for f in files.documentation_pages()
                            if f.generated_by and f.content_string.startswith(NO_MACROS)),
                           (f.dest_uri for f in files))
        for f in files.documentation_pages():
            f.is_modified = functools.partial(self._modified, f.src_uri)  # type: ignore[method-assign]

    def _modified(self, src_uri: str) -> bool:
        if src_uri not in self.tracker.contents:
            return True  # hand-written pages and pages with macros: any data change may show on them
        if self.tracker.surroundings is None:
            # Asked first for a generated page, after every hand-written page is read (their titles are final).
            config = self.surroundings["config"]
            self.tracker.surroundings = digest(
                Path(config["config_file_path"]).read_text(encoding="utf-8"),
                folder_digest(Path(config["theme"].custom_dir or "")), folder_digest(PACKAGE),
                str(config["site_url"]), json.dumps(config["extra"], sort_keys=True, default=str),
                json.dumps(_outline(self.surroundings["nav"].items)))
        return self.tracker.needs_render(src_uri, self.tracker.surroundings)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not once per rebuild (Jinja checks the source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _outline(items: Any) -> list[Any]:
    return [[type(i).__name__, i.title, getattr(i, "url", None), _outline(i.children or [])] for i in items]
