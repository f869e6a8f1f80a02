"""`lis bygg`: build into a private temporary folder, check every link, then swap the result in.

One build at a time per project (a lock file); a failed build publishes nothing; a folder left
behind by an earlier failed or killed build never stops a later one. When `site` is a symbolic
link (for example to the web server's folder), the link is kept and the contents of the folder it
points to are replaced.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import linkcheck, navcheck, webaddress
from .errors import DataError, UserError, describe_os_error
from .swedish import translate

LOCK_NAME = ".lis-bygg.lock"
FRESH_PREFIX, OLD_PREFIX = ".site-nytt", ".site-gammalt"
MKDOCS_TIMEOUT = 1800  # seconds; a build of 5 000 systems takes a few minutes


class BuildError(UserError):
    """The site could not be built or published; site/ is unchanged."""


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock for the project; refuse at once if another build holds it."""
    path = root / LOCK_NAME
    try:
        handle = path.open("a")
    except OSError as err:
        raise BuildError(f"kan inte skapa låsfilen {LOCK_NAME}: {describe_os_error(err)}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise BuildError("ett annat bygge pågår i den här mappen; vänta tills det är klart och "
                                 "försök igen. Ingenting har ändrats.") from None
            raise
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def mkdocs_build(root: Path, site: Path) -> None:
    """Run `mkdocs build --strict` into `site`; its messages come back in Swedish."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=MKDOCS_TIMEOUT)  # one stream: messages stay in the order MkDocs wrote them
    except subprocess.TimeoutExpired:
        raise BuildError(f"bygget tog mer än {MKDOCS_TIMEOUT // 60} minuter och avbröts") from None
    if built.returncode != 0:
        shown = [translate(ln) for ln in built.stdout.splitlines() if not ln.startswith("INFO")]
        raise BuildError("webbplatsen gick inte att bygga:\n" + "\n".join(shown))


def _remove(path: Path, warnings: list[str]) -> None:
    """Delete a folder (or link); when that fails, say so instead of leaving it silently."""
    failed: list[str] = []
    if path.is_symlink() or not path.is_dir():
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            failed.append(describe_os_error(err))
    elif sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=lambda _f, _p, err: failed.append(describe_os_error(err)))
    else:
        shutil.rmtree(path, onerror=lambda _f, _p, exc: failed.append(describe_os_error(exc[1])))
    if failed:
        warnings.append(f"Varning: {path} kunde inte tas bort ({failed[0]}); ta bort den för hand. "
                        "Den stör inte kommande byggen.")


def _leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith((FRESH_PREFIX, OLD_PREFIX)))


def _swap_folder(site: Path, fresh: Path, warnings: list[str]) -> None:
    """Replace the folder `site` with `fresh` (two renames in the same folder)."""
    if site.exists() and not site.is_dir():
        raise BuildError(f"{site.name} finns men är ingen mapp; flytta eller ta bort den och bygg igen")
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX + "-", dir=site.parent)) if site.exists() else None
    try:
        if old is not None:
            site.rename(old)  # onto an empty folder of our own: allowed, and never a leftover's name
        try:
            fresh.rename(site)
        except OSError:
            if old is not None:
                old.rename(site)
            raise
    except OSError as err:
        if old is not None and old.exists() and not any(old.iterdir()):
            old.rmdir()
        raise BuildError(f"kan inte byta in det nya bygget i {site.name}/: {describe_os_error(err)}; "
                         f"{site.name}/ är oförändrad") from None
    if old is not None:
        _remove(old, warnings)


def _swap_contents(target: Path, fresh: Path, warnings: list[str]) -> None:
    """Replace everything inside `target` (the folder a `site` link points to) with `fresh`'s contents."""
    for leftover in _leftovers(target):
        _remove(leftover, warnings)
    try:
        stage = Path(tempfile.mkdtemp(prefix=FRESH_PREFIX + "-", dir=target))
        shutil.copytree(fresh, stage, dirs_exist_ok=True)  # same file system as target: renames below
        old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX + "-", dir=target))
    except OSError as err:
        raise BuildError(f"kan inte skriva i {target}: {describe_os_error(err)}; webbplatsen är oförändrad") from None
    try:
        for entry in list(target.iterdir()):
            if entry not in (stage, old):
                entry.rename(old / entry.name)
        for entry in list(stage.iterdir()):
            entry.rename(target / entry.name)
    except OSError as err:
        raise BuildError(f"bytet av innehållet i {target} avbröts: {describe_os_error(err)}. Det gamla "
                         f"innehållet finns i {old}, det nya i {stage}.") from None
    stage.rmdir()
    _remove(old, warnings)


def build_site(root: Path) -> str:
    """Build, check links and publish to root/site; on any error nothing published changes."""
    site = root / "site"
    warnings: list[str] = []
    webaddress.from_environment()  # before MkDocs, whose own check of site_url is in English
    menu = navcheck.check_mkdocs_yml(root)  # the same Swedish messages as lis kontrollera, before MkDocs's own
    if menu:
        raise DataError(menu)
    with build_lock(root):
        for leftover in _leftovers(root):  # from a build that was killed or failed to clean up
            _remove(leftover, warnings)
        target = site.resolve() if site.is_symlink() else None
        if target is not None and not target.is_dir():
            raise BuildError(f"{site.name} är en länk till {target}, som inte finns eller inte är en mapp")
        try:
            fresh = Path(tempfile.mkdtemp(prefix=FRESH_PREFIX + "-", dir=root))
        except OSError as err:
            raise BuildError(f"kan inte skapa en tillfällig mapp i {root}: {describe_os_error(err)}") from None
        try:
            mkdocs_build(root, fresh)
            problems = linkcheck.check_site(fresh)
            if problems:
                raise BuildError("länkkontrollen hittade fel:\n" + "\n".join(f"  - {p}" for p in problems))
            if target is None:
                _swap_folder(site, fresh, warnings)
            else:
                _swap_contents(target, fresh, warnings)
        finally:
            if fresh.exists():
                _remove(fresh, warnings)
    pages = sum(1 for _ in site.rglob("*.html")) if target is None else sum(1 for _ in target.rglob("*.html"))
    where = f"{site.name}/" if target is None else f"{site.name}/ (länk till {target})"
    return "\n".join([f"Byggde {pages} sidor till {where} (länkarna är kontrollerade).", *warnings])
