"""One `lis` command at a time per handbook folder: the lock file `.lis-bygg.lock`.

Every command that writes (the build, the import, the scaffolding, the exports, the archive) holds
an exclusive lock on the file for its whole run; a second command started meanwhile stops at once
with a Swedish message and changes nothing, so two imports can never both report success while one
is lost. Within one process the lock is re-entrant (`lis tillsyn` builds as `lis bygg` does).
"""

from __future__ import annotations

import errno
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UserError, describe_os_error

LOCK_NAME = ".lis-bygg.lock"
BUSY = ("ett annat lis-kommando (till exempel ett bygge eller en import) arbetar redan i den här mappen; "
        "vänta tills det är klart och försök igen. Ingenting har ändrats.")

_held: set[Path] = set()  # folders this process holds the lock of


class Busy(UserError):
    """Another command holds the lock; nothing has been changed."""


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the handbook folder's lock for the block; refuse at once if another process holds it."""
    key = root.resolve()
    if key in _held:
        yield
        return
    path = root / LOCK_NAME
    try:
        handle = path.open("a")
    except OSError as err:
        raise Busy(f"kan inte skapa låsfilen {LOCK_NAME}: {describe_os_error(err)}; ingenting har ändrats") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise Busy(BUSY) from None
            raise
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)
