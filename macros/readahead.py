"""Large data files the parse cache lacks, read as YAML in child processes while `lis kontrollera` starts.

`lis` spends its first quarter of a second importing its own modules. A large data file that the parse
cache (parsecache.py) does not have, such as the register just edited or every file of a fresh clone, is
read meanwhile in a child process of its own, which hands back the entry the cache would keep for it
(`parsecache.entry`). The check then takes the data from that entry exactly as from a kept one, so what it
sees is what reading the file here gives; a file the child could not read without a problem (a YAML error)
is read here again, so every message comes from reading the file here.

Only files of at least LARGE bytes, only where the platform can fork, and only while nothing else runs in
the process (no thread has started). Whatever goes wrong in a child (it dies, its answer is short or
damaged, the file changed since it was read) means the file is read here, as without this module.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from hashlib import sha256
from pathlib import Path

from . import parsecache
from .yamlsource import parse_yaml_in_order, read_text_file

LARGE = 256 * 1024  # bytes: below this, a file is read in less time than a child takes to hand it over


class ReadAhead:
    """Children reading data files, by file name: each with the SHA-256 of the text it read."""

    def __init__(self) -> None:
        self.children: dict[str, tuple[str, int, int]] = {}  # name -> (digest, pid, read end of its pipe)

    @classmethod
    def start(cls, data_dir: Path, cache: Path | None, large: int = LARGE,
              threads: Callable[[], bool] | None = None, most: int | None = None) -> ReadAhead:
        """Start a child for every large data file in `data_dir` that the cache folder `cache` lacks, at most
        `most` (by default one per processor); the rest are read in the command as usual.

        None is started while `threads()` says other threads run: a child forked then could inherit a lock
        one of them holds. By default, whether any thread has been started."""
        ahead = cls()
        if cache is None or not hasattr(os, "fork") or (threads or _threads_running)():
            return ahead
        try:
            paths = sorted(data_dir.glob("*.y*ml"))
        except OSError:
            return ahead
        most = most or os.cpu_count() or 1
        for path in paths:
            if len(ahead.children) >= most:
                break
            try:
                if path.is_symlink() or not path.is_file() or path.stat().st_size < large:
                    continue
            except OSError:
                continue
            text, unreadable = read_text_file(path)
            if unreadable is not None:
                continue
            digest = sha256(text.encode("utf-8")).hexdigest()
            if parsecache.has_entry(cache, path.name, digest):
                continue
            ahead._fork(path.name, text, digest)
        return ahead

    def _fork(self, name: str, text: str, digest: str) -> None:
        reading, writing = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return
        if pid == 0:  # the child: read, hand over, and leave without running anything of the parent's
            status = 1
            try:
                os.close(reading)
                data, issues, order = parse_yaml_in_order(text, name)
                made = None if issues else parsecache.entry(digest, data, order)
                with os.fdopen(writing, "wb") as out:
                    out.write(made or b"")
                status = 0
            finally:
                os._exit(status)
        os.close(writing)
        self.children[name] = (digest, pid, reading)

    def take(self, name: str, digest: str) -> bytes | None:
        """The entry a child made for the file `name` whose text has `digest`; None when there is none."""
        child = self.children.pop(name, None)
        if child is None:
            return None
        read, pid, reading = child  # `read`: the SHA-256 of the text the child read
        try:
            with os.fdopen(reading, "rb") as answer:
                content = answer.read()
            _, status = os.waitpid(pid, 0)
        except OSError:
            return None
        if read != digest or status != 0 or not content:
            return None
        return content

    def close(self) -> None:
        """Stop the children whose files were never asked for (the command stopped before it read them)."""
        for _, pid, reading in self.children.values():
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with suppress(OSError):
                os.close(reading)
                os.waitpid(pid, 0)
        self.children.clear()


def _threads_running() -> bool:
    if "threading" not in sys.modules:  # nothing has imported it, so no thread was started through it
        return False
    import threading

    return threading.active_count() > 1
