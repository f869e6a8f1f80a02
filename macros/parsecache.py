"""Parsed data files kept between runs of `lis kontrollera`, so an unchanged file is not read as YAML again.

An entry holds one file's data and every line number the YAML recorded, as JSON (never pickle: an entry is
data, not code): `[data, lines]`, the data as it is and its lines in `yamlsource.line_order`'s order (so
writing an entry is one call of the JSON encoder, with no walk in Python). Entries are in `.cache/lis/` in
the handbook's folder (git-ignored; delete the folder to clear it).
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
from typing import Any, Protocol

from .errors import DataIssue
from .yamlsource import LineDict, LineList, parse_yaml, parse_yaml_in_order, read_text_file


class Ahead(Protocol):
    """Files being read elsewhere as the command started (readahead.ReadAhead)."""

    def take(self, name: str, digest: str) -> bytes | None:
        """The entry made for the file `name` whose text has `digest`, or None."""

FOLDER = Path(".cache") / "lis"
FORMAT = 2  # raise when the entries' layout or what parse_yaml gives changes: older entries are then read again


class ParseCache:
    """Parsed data files by their text's SHA-256; `folder=None` reads every file as YAML (no cache)."""

    def __init__(self, folder: Path | None, ahead: Ahead | None = None) -> None:
        self.folder = folder
        self.ahead = ahead  # files being read in child processes as the command started (readahead.py)
        self.pending: dict[str, bytes] = {}  # entries made by this run, written by save()

    @classmethod
    def in_project(cls, root: Path, ahead: Ahead | None = None) -> ParseCache:
        """The project's cache, or none when `.cache` or `.cache/lis` is a link (it could point anywhere)."""
        return cls(folder_in(root), ahead)

    def read(self, path: Path, label: str) -> tuple[str, Any, list[DataIssue]]:
        """The text of one data file, its data (with lines) and the Swedish issues of reading it."""
        text, unreadable = read_text_file(path)
        if unreadable is not None:
            return text, None, [DataIssue(label, None, None, None, unreadable)]
        if self.folder is None:
            return text, *parse_yaml(text, label)
        digest = sha256(text.encode("utf-8")).hexdigest()
        try:
            kept = _from_entry(_entry_path(self.folder, path.name).read_bytes(), digest)
        except OSError:
            kept = None  # no entry yet, or one that cannot be read
        if kept is not None:
            return text, kept, []
        made = self.ahead.take(path.name, digest) if self.ahead is not None else None
        if made is not None and (data := _from_entry(made, digest)) is not None:  # made by a child (readahead.py)
            self.pending[path.name] = made
            return text, data, []
        data, issues, order = parse_yaml_in_order(text, label)
        made = None if issues else entry(digest, data, order)
        if made is not None:
            self.pending[path.name] = made
        return text, data, issues

    def save(self) -> None:
        """Write the entries this run made; call it only when the command succeeded. Never fails."""
        if self.folder is None or not self.pending:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, content in self.pending.items():
                _write_atomically(_entry_path(self.folder, name), content)
        except OSError:
            return  # a read-only folder or a full disk: the next run reads the YAML, as without a cache
        self.pending.clear()


def folder_in(root: Path) -> Path | None:
    """The project's cache folder, or None when `.cache` or `.cache/lis` is a link (it could point anywhere)."""
    if any((root / part).is_symlink() for part in (FOLDER.parent, FOLDER)):
        return None
    return root / FOLDER


def _entry_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.json"


def has_entry(folder: Path, name: str, digest: str) -> bool:
    """Whether `folder` has an entry of this format for the data file `name` whose text has `digest`
    (its header only: whether the entry is whole is decided when it is read)."""
    try:
        with _entry_path(folder, name).open("rb") as handle:
            return _checksum(handle.readline(), digest) is not None
    except (OSError, ValueError, TypeError):
        return False


def _checksum(header: bytes, digest: str) -> str | None:
    """The payload's checksum an entry's header states, when the entry is of this format and was made from
    a text with `digest`; None otherwise. A header that is not ours raises ValueError or TypeError."""
    version, source, checksum = json.loads(header)
    return checksum if version == FORMAT and source == digest else None


def entry(digest: str, data: Any, order: list[int]) -> bytes | None:
    """The entry to keep for a file whose text has `digest` and reads as `data` with its lines in `order`;
    None for data the cache does not keep."""
    if not isinstance(data, LineDict):
        return None
    try:  # keys are always text here (yamlsource refuses any other)
        payload = json.dumps([data, order], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return None  # a value JSON cannot hold (a set, bytes, a date from an explicit tag): not kept
    header = json.dumps([FORMAT, digest, sha256(payload).hexdigest()]).encode("ascii")
    return header + b"\n" + payload


def _from_entry(content: bytes, digest: str) -> Any:
    """The data an entry holds, when it is of this format, made from a text with `digest` and whole."""
    try:
        header, _, payload = content.partition(b"\n")
        checksum = _checksum(header, digest)
        if checksum is None or sha256(payload).hexdigest() != checksum:
            return None
        plain, order = json.loads(payload)
        data = _restore(plain, order)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, StopIteration):
        return None  # damaged or not ours: read the YAML
    return data if isinstance(data, LineDict) else None


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


def _restore(plain: Any, order: list[int]) -> Any:
    """The data with its lines again: JSON's mappings and lists as LineDict and LineList, their lines taken
    from `order` in `yamlsource.line_order`'s order. Too few lines, too many or one that is not a whole
    number raises (the entry is then read as YAML again). A value that JSON writes as another kind (a pair
    from `!!omap` comes back a list) asks for lines that `order` never had, so it is never taken as kept."""
    if type(order) is not list or not all(type(line) is int for line in order):
        raise ValueError("lines")
    lines = iter(order)
    take = lines.__next__

    def restore(node: Any) -> Any:
        if type(node) is dict:
            result = LineDict()
            result.line = take()
            key_lines: dict[str, int] = {}
            result.key_lines = key_lines
            for key, value in node.items():
                key_lines[key] = take()
                result[key] = restore(value) if type(value) in (dict, list) else value
            return result
        result_list = LineList()
        result_list.line = take()
        item_lines: list[int] = []
        result_list.item_lines = item_lines
        for value in node:
            item_lines.append(take())
            result_list.append(restore(value) if type(value) in (dict, list) else value)
        return result_list

    data = restore(plain) if type(plain) in (dict, list) else plain
    if next(lines, None) is not None:
        raise ValueError("lines")
    return data
