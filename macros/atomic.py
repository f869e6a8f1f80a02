"""Every file a command writes is written whole or not at all.

The content goes to a temporary file beside the target, is flushed and fsynced, and is then renamed
over the target (a rename within one folder is atomic on POSIX file systems); the folder is fsynced
too, so the rename survives a power cut. A kill, a full disk or an error part-way leaves the old
file exactly as it was and nothing under the target's name. Used for every file the handbook's
commands and build write.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import UserError

TEMP_PREFIX = ".lis-skrivs-"  # a temporary file of ours; never a name a user would choose


class ChangedMeanwhile(UserError):
    """The file changed on disk while the command was working: writing would lose that change."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The rights a new file gets from an ordinary `open` (the temporary file starts private)."""
    return 0o666 & ~_umask()


def new_folder_mode() -> int:
    """The rights a new folder gets from an ordinary `mkdir` (`mkdtemp` makes it private)."""
    return 0o777 & ~_umask()


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a folder that cannot be opened for reading still got the rename
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is done
    finally:
        os.close(handle)


@contextmanager
def replacing(path: Path, *, exclusive: bool = False, unchanged: bytes | None = None) -> Iterator[IO[bytes]]:
    """A binary stream whose content becomes `path` when the block ends without an error.

    `exclusive`: never replace; fail with FileExistsError if `path` exists by then.
    `unchanged`: the bytes the command read from `path`; if the file differs just before the
    rename, raise ChangedMeanwhile and write nothing (someone else's edit is not lost).
    A symbolic link is followed: the file it points to is replaced, the link stays."""
    try:
        target = path.resolve(strict=True) if path.is_symlink() else path
    except RuntimeError:  # a link that points at itself (Python 3.11): the file system's own error
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None
    if not exclusive and target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
    mode = (target.stat().st_mode & 0o7777) if target.exists() else new_file_mode()
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if unchanged is not None and _read(target) != unchanged:
            raise ChangedMeanwhile(f"{path.name} ändrades av något annat medan kommandot arbetade; ingenting har "
                                   "skrivits. Kör kommandot igen.")
        if exclusive:
            os.link(temporary, target)  # fails if the file appeared meanwhile: never replaces anything
        else:
            os.replace(temporary, target)
        _sync_folder(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_bytes(path: Path, data: bytes, *, exclusive: bool = False, unchanged: bytes | None = None) -> None:
    """`path` holds `data` afterwards, or (on any error) exactly what it held before."""
    with replacing(path, exclusive=exclusive, unchanged=unchanged) as stream:
        stream.write(data)


def write_text(path: Path, text: str, *, exclusive: bool = False, unchanged: bytes | None = None,
               encoding: str = "utf-8") -> None:
    """`path` holds `text` afterwards, or (on any error) exactly what it held before."""
    write_bytes(path, text.encode(encoding), exclusive=exclusive, unchanged=unchanged)


@contextmanager
def replacing_text(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """A text stream (for the csv module and the like) whose content becomes `path`, as `replacing`."""
    with replacing(path) as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, newline=newline, write_through=True)
        try:
            yield stream
            stream.flush()
        finally:
            stream.detach()  # the binary stream is closed (and renamed) by `replacing`


def copy_file(source: Path, target: Path) -> None:
    """Copy `source` to `target` whole or not at all."""
    with source.open("rb") as stream, replacing(target) as out:
        while block := stream.read(1 << 20):
            out.write(block)
