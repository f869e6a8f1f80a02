"""The installed `lis` command: for `lis kontrollera`, large data files the parse cache lacks start being
read in child processes (readahead.py) before the rest of the handbook's code is imported; then the
command runs (cli.py), which takes what the children read."""

from __future__ import annotations

import sys

from . import parsecache, rootfolder
from .readahead import ReadAhead


def main() -> int:
    argv = sys.argv[1:]
    ahead = _start() if argv[:1] == ["kontrollera"] else None
    try:
        from .cli import main as command  # imported after the children started: this is the time they use

        return command(argv, ahead=ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _start() -> ReadAhead | None:
    root = rootfolder.nearest()  # none: no handbook here, which the command says
    return ReadAhead.start(root / "data", parsecache.folder_in(root)) if root is not None else None
