"""What a command may replace: only what it can prove it wrote itself.

`lis pdf`, `lis tillsyn`, `lis export` and `lis bygg` note every file and folder they write in
`.lis-utdata.json` in the handbook folder, with the SHA-256 of every file. An existing target is
replaced (with `--ersatt`; `lis bygg` always) only while it is still exactly what that note says the
same command wrote: the same files with the same contents, nothing added, no links. Anything else is
refused with a Swedish message and left as it is. The handbook folder, its sources (data/, docs/,
.git, macros/, overrides/), every folder above it, the home folder and / are never targets at all,
also not through a symbolic link.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import atomic
from .errors import UserError

RECORD = ".lis-utdata.json"
SOURCES = ("data", "docs", ".git", "macros", "overrides")  # the handbook itself: never an output
OLD_PREFIX = ".lis-gammalt-"  # a replaced folder waits here until the new one is in place


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class OutputError(UserError):
    """A target a command may not write or replace; nothing has been changed."""


def present(path: Path) -> bool:
    """Something is at `path` (also a link that points nowhere)."""
    return path.exists() or path.is_symlink()


# --- Targets that are never written ----------------------------------------------------------------


def _forbidden(root: Path, resolved: Path) -> str | None:
    """Why `resolved` (a path with links followed) may never be written or replaced; None if it may."""
    root = root.resolve()
    home = Path.home().resolve()
    if resolved == root:
        return "handbokens egen mapp"
    if resolved in root.parents:
        return "en mapp som innehåller handboken"
    for name in SOURCES:
        source = root / name
        if resolved == source or resolved.is_relative_to(source):
            return f"en del av handbokens källor ({name}/)"
    if resolved == home:
        return "din hemkatalog"
    if resolved in home.parents:
        return "en mapp som innehåller hemkataloger" if resolved != Path("/") else "filsystemets rot (/)"
    return None


def check_allowed(root: Path, target: Path) -> None:
    """Refuse a target that is the handbook, its sources, a folder above it, home or / (links followed)."""
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a link that points at itself (Python 3.11 raises RuntimeError)
        raise OutputError(f"{target} går inte att följa (symboliska länkar i en slinga?); välj en annan plats. "
                          "Ingenting har ändrats.") from None
    why = _forbidden(root, resolved)
    if why is not None:
        shown = f"{target} (som pekar på {resolved})" if resolved != target.absolute() else str(target)
        raise OutputError(f"{shown} är {why}; där skriver och ersätter inget kommando något. Välj en egen, "
                          "ny mapp eller fil utanför handbokens källor. Ingenting har ändrats.")


# --- The note of what each command wrote -------------------------------------------------------------


def _key(target: Path) -> str:
    return os.path.abspath(target)


def record_path(root: Path) -> Path:
    """The note's path; refused when something other than a plain file is there (a link is never followed)."""
    path = root / RECORD
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OutputError(f"{path} är inte en vanlig fil (till exempel en länk); kommandona skriver inte genom "
                          "den. Ta bort den och försök igen. Ingenting har ändrats.")
    return path


def _load(root: Path) -> dict[str, Any]:
    path = root / RECORD
    if path.is_symlink():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no note, or a broken one: nothing can be proved, so nothing is replaced
    return data if isinstance(data, dict) else {}


_STRANGE = "?"  # a link, device or the like in a folder: never written by a command of ours


def _entries(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `folder`, "" for a folder, "?" for anything else."""
    found: dict[str, str] = {}
    for current, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(current) / name
            mode = os.lstat(path).st_mode
            found[path.relative_to(folder).as_posix()] = (
                "" if stat.S_ISDIR(mode) else sha256_of(path) if stat.S_ISREG(mode) else _STRANGE)
    return found


def digest_folder(folder: Path) -> dict[str, str] | None:
    """What a command wrote into `folder`, for the note: `_entries`, or None if a link or the like is there."""
    found = _entries(folder)
    return None if _STRANGE in found.values() else found


def _fingerprint(target: Path) -> dict[str, Any] | None:
    """What is at `target` now, in the note's form; None for anything a command never writes."""
    mode = os.lstat(target).st_mode
    if stat.S_ISREG(mode):
        return {"sha256": sha256_of(target)}
    if stat.S_ISDIR(mode):
        files = digest_folder(target)
        return None if files is None else {"filer": files}
    return None


def _note(root: Path, command: str, target: Path) -> dict[str, Any] | None:
    note = _load(root).get(_key(target))
    return note if isinstance(note, dict) and note.get("kommando") == command else None


def noted(root: Path, command: str, target: Path) -> bool:
    """True when the note says `command` has written `target` (whatever is there now)."""
    return _note(root, command, target) is not None


def _proved(note: dict[str, Any] | None, found: dict[str, Any] | None) -> bool:
    """Everything found is in the note, unchanged: a file with its checksum, a folder with nothing but
    files and folders the note lists with the same checksums (some may have been deleted since)."""
    if note is None or found is None:
        return False
    if "sha256" in found:
        return bool(found["sha256"] == note.get("sha256"))
    listed = note.get("filer")
    return isinstance(listed, dict) and all(listed.get(name) == value for name, value in found["filer"].items())


def written_by(root: Path, command: str, target: Path) -> bool:
    """True when everything at `target` is what `command` wrote there (per the note)."""
    return present(target) and _proved(_note(root, command, target), _fingerprint(target))


def written_by_at(root: Path, command: str, target: Path, actual: Path) -> bool:
    """`written_by` for an output that has been moved from `target` to `actual`."""
    return _proved(_note(root, command, target), _fingerprint(actual))


def unproved(root: Path, command: str, folder: Path) -> list[str]:
    """The entries of `folder` that `command` did not write there or that have changed since (sorted)."""
    note = _note(root, command, folder) or {}
    listed = note["filer"] if isinstance(note.get("filer"), dict) else {}
    return sorted(name for name, value in _entries(folder).items() if value == _STRANGE or listed.get(name) != value)


def remember(root: Path, command: str, targets: list[Path], fingerprint: dict[str, Any] | None = None) -> None:
    """Note that `command` has just written `targets` (what is there now, or `fingerprint` for one target).

    Notes of outputs that no longer exist are dropped, so the file stays small."""
    notes = {key: note for key, note in _load(root).items() if present(Path(key))}
    for target in targets:
        found = fingerprint if fingerprint is not None else _fingerprint(target)
        if found is not None:
            notes[_key(target)] = {"kommando": command, **found}
    # ASCII with escapes: a file name that is not UTF-8 (a surrogate here) is kept exactly
    atomic.write_text(record_path(root), json.dumps(notes, indent=1, sort_keys=True) + "\n")


def check_replaceable(root: Path, command: str, targets: list[Path], replace: bool, flag: str = "--ersatt") -> None:
    """Refuse before any work when a target may not be written: forbidden, or present and not provably
    an earlier output of `command`, or present and `replace` not asked for."""
    record_path(root)
    for target in targets:
        check_allowed(root, target)
    existing = [t for t in targets if present(t)]
    foreign = [t for t in existing if not written_by(root, command, t)]
    if foreign:
        names = ", ".join(str(t) for t in foreign)
        raise OutputError(f"{names} finns redan och är inget som lis {command} har skrivit där (eller så har "
                          "något ändrats i det sedan dess). Inget kommando tar bort eller skriver över något som "
                          "det inte själv har skrivit. Välj en annan plats. Ingenting har ändrats.")
    if existing and not replace:
        names = ", ".join(str(t) for t in existing)
        raise OutputError(f"{names} finns redan (skrivet av lis {command}); inget kommando skriver över något "
                          f"utan att du ber om det. Välj en annan plats eller lägg till {flag} för att ersätta "
                          "det. Ingenting har ändrats.")


# --- Replacing a folder whole --------------------------------------------------------------------------


def new_folder_beside(target: Path) -> Path:
    """An empty private folder in `target`'s folder (same file system: renames work), with normal rights."""
    folder = Path(tempfile.mkdtemp(prefix=atomic.TEMP_PREFIX, dir=target.parent))
    folder.chmod(atomic.new_folder_mode())
    return folder


@contextmanager
def set_aside(root: Path, command: str, target: Path, prefix: str = OLD_PREFIX,
              empty_ok: bool = False) -> Iterator[Path | None]:
    """Move an earlier output folder out of the way for the block, into a new private folder beside it,
    which the block's caller deletes afterwards; it is moved back if the block fails. Checked again once
    it is aside: anything added or changed meanwhile puts it back and stops the command. With `empty_ok`
    an empty folder counts as an earlier output (there is nothing in it to lose)."""
    if not present(target):
        yield None
        return
    aside = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    os.replace(target, aside)  # onto our own empty folder: allowed, atomic
    empty = aside.is_dir() and not aside.is_symlink() and not any(aside.iterdir())
    if not (written_by_at(root, command, target, aside) or (empty_ok and empty)):
        os.replace(aside, target)
        raise OutputError(f"{target} ändrades medan kommandot arbetade; ingenting har ändrats. Försök igen.")
    try:
        yield aside
    except BaseException:
        if not present(target):
            os.replace(aside, target)
        raise


def remove_created(folders: list[Path]) -> None:
    """Remove folders this command created (innermost first) if they are still empty."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (someone put something there) or already gone: leave it
