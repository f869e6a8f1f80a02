"""Parsed data files kept between runs of `lis kontrollera`, so an unchanged file is not read as YAML again.

An entry holds one file's data with every line number the YAML recorded, as JSON (never pickle: an entry is
data, not code), in `.cache/lis/` in the handbook's folder (git-ignored; delete the folder to clear it).
It is used only when the file's text has the SHA-256 the entry was made from, the entry's format is this
one and the entry's own checksum is right; anything else (a changed file, a damaged, unreadable or foreign
entry) means the file is read as YAML again, never an error. Only files that read without a problem are
kept, and only when the whole command succeeded (`save`): a failing command writes nothing, and every
message about the YAML comes from reading the YAML itself.
"""

from __future__ import annotations

import json
import os
import tempfile
from hashlib import sha256
from pathlib import Path
from typing import Any

from .errors import DataIssue
from .yamlsource import LineDict, LineList, parse_yaml, read_text_file

FOLDER = Path(".cache") / "lis"
FORMAT = 1  # raise when the entries' layout or what parse_yaml gives changes: older entries are then read again


class ParseCache:
    """Parsed data files by their text's SHA-256; `folder=None` reads every file as YAML (no cache)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.pending: dict[str, bytes] = {}  # entries made by this run, written by save()

    @classmethod
    def in_project(cls, root: Path) -> ParseCache:
        """The project's cache, or none when `.cache` or `.cache/lis` is a link (it could point anywhere)."""
        if any((root / part).is_symlink() for part in (FOLDER.parent, FOLDER)):
            return cls(None)
        return cls(root / FOLDER)

    def read(self, path: Path, label: str) -> tuple[str, Any, list[DataIssue]]:
        """The text of one data file, its data (with lines) and the Swedish issues of reading it."""
        text, unreadable = read_text_file(path)
        if unreadable is not None:
            return text, None, [DataIssue(label, None, None, None, unreadable)]
        if self.folder is None:
            return text, *parse_yaml(text, label)
        digest = sha256(text.encode("utf-8")).hexdigest()
        kept = self._load(path.name, digest)
        if kept is not None:
            return text, kept, []
        data, issues = parse_yaml(text, label)
        if not issues:
            self._keep(path.name, digest, data)
        return text, data, issues

    def _entry(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{name}.json"

    def _load(self, name: str, digest: str) -> Any:
        try:
            header, _, payload = self._entry(name).read_bytes().partition(b"\n")
            version, source, checksum = json.loads(header)
            if version != FORMAT or source != digest or sha256(payload).hexdigest() != checksum:
                return None
            data = json.loads(payload, object_hook=_decode)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None  # missing, damaged or not ours: read the YAML
        return data if isinstance(data, LineDict) else None

    def _keep(self, name: str, digest: str, data: Any) -> None:
        try:
            payload = json.dumps(_encode(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (_Unsupported, ValueError, RecursionError):
            return  # a value JSON cannot hold as it is (a set, bytes, a date from an explicit tag): not kept
        header = json.dumps([FORMAT, digest, sha256(payload).hexdigest()]).encode("ascii")
        self.pending[name] = header + b"\n" + payload

    def save(self) -> None:
        """Write the entries this run made; call it only when the command succeeded. Never fails."""
        if self.folder is None or not self.pending:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, content in self.pending.items():
                _write_atomically(self._entry(name), content)
        except OSError:
            return  # a read-only folder or a full disk: the next run reads the YAML, as without a cache
        self.pending.clear()


def _write_atomically(target: Path, content: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: a reader sees the old entry or the new one."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Unsupported(Exception):
    """A value that the cache's JSON layout does not hold."""


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _encode(node: Any) -> Any:
    """Mappings as {"m": line, "k": keys, "l": key lines, "v": values}, lists as {"s": line, "l": item lines,
    "v": items}; every JSON object in an entry is one of the two, scalars stand as themselves."""
    if isinstance(node, LineDict):
        keys = list(node)
        return {"m": node.line, "k": keys, "l": [node.key_lines[k] for k in keys],
                "v": [v if type(v) in _SCALARS else _encode(v) for v in node.values()]}
    if isinstance(node, LineList):
        return {"s": node.line, "l": list(node.item_lines),
                "v": [v if type(v) in _SCALARS else _encode(v) for v in node]}
    if type(node) in _SCALARS:
        return node
    raise _Unsupported


def _decode(obj: dict[str, Any]) -> LineDict | LineList:
    if "m" in obj:
        keys = obj["k"]
        mapping = LineDict(zip(keys, obj["v"], strict=True))
        mapping.line, mapping.key_lines = obj["m"], dict(zip(keys, obj["l"], strict=True))
        return mapping
    items = LineList(obj["v"])
    items.line, items.item_lines = obj["s"], obj["l"]
    return items
