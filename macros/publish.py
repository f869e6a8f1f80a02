"""`lis bygg`: build both editions into private temporary folders, check every link, then swap the results in.

The staff edition goes to site/, the LIS edition (complete, restricted) to site-lis/ (macros/staff_edition.py);
the web server decides who may read which (README, Publicera). Both are built and checked before either is
published, so a failed build leaves both as they were.

One build at a time per project (a lock file); a failed build publishes nothing; a folder left
behind by an earlier failed or killed build never stops a later one. When `site` is a symbolic
link (for example to the web server's folder), the link is kept and the contents of the folder it
points to are replaced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import atomic, linkcheck, navcheck, outputs, search_index, staff_edition, webaddress
from .audience import Audience
from .errors import DataError, UserError, describe_os_error
from .lock import project_lock
from .swedish import translate

FRESH_PREFIX, OLD_PREFIX = ".site-nytt", ".site-gammalt"
COMMAND = "bygg"
# Each edition's folder and name, in the order they are built and reported.
EDITIONS = (("site", Audience.ALL, "personalutgåvan"), ("site-lis", Audience.LIS, "LIS-utgåvan"))
MKDOCS_TIMEOUT = 1800  # seconds; a build of 5 000 systems takes a few minutes


class BuildError(UserError):
    """The site could not be built or published; site/ is unchanged."""


def mkdocs_build(root: Path, site: Path, edition: Audience | None = None) -> None:
    """Run `mkdocs build --strict` into `site`; its messages come back in Swedish. The search index is not built.

    `edition` builds that edition for publishing (LIS_UTGAVA); None builds the complete site at the site's own
    address, as `lis pdf`, `lis tillsyn` and `lis faststall` read it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", search_index.INDEX_LATER: "ja"}
    if edition is not None:
        env[staff_edition.EDITION_VARIABLE] = edition.value
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


def _check_target(root: Path, where: Path) -> None:
    """Refuse (before building) a target that holds anything the last build did not write there."""
    outputs.check_allowed(root, where)  # a `site` link to the handbook, data/, home or / is never replaced
    outputs.record_path(root)  # the note must be a plain file, written before anything is published
    if not where.is_dir() or outputs.written_by(root, COMMAND, where):
        return
    unknown = outputs.unproved(root, COMMAND, where)
    if not unknown:
        return
    if not outputs.noted(root, COMMAND, where):
        raise BuildError(f"{where} är inte tom, och lis bygg har ingen anteckning om att den har byggt något där "
                         f"(till exempel {', '.join(unknown[:3])}). Bygget tar aldrig bort något som det inte själv "
                         "har skrivit. Innehåller mappen bara ett bygge från en äldre version av handboken, töm den "
                         "en gång; annars välj en tom mapp. Bygg sedan igen. Ingenting har ändrats.")
    raise BuildError(f"{where} innehåller något som lis bygg inte har skrivit där, eller som har ändrats "
                     f"sedan dess (till exempel {', '.join(unknown[:3])}). Bygget tar aldrig bort något som det "
                     "inte själv har skrivit: flytta undan det som inte hör till webbplatsen och bygg igen. "
                     "Ingenting har ändrats.")


def _swap_folder(root: Path, site: Path, fresh: Path, warnings: list[str]) -> None:
    """Replace the folder `site` (an earlier build, checked again here) with `fresh`."""
    if outputs.present(site) and not site.is_dir():
        raise BuildError(f"{site.name} finns men är ingen mapp; flytta eller ta bort den och bygg igen")
    try:
        with outputs.set_aside(root, COMMAND, site, OLD_PREFIX + "-", empty_ok=True) as old:
            fresh.rename(site)
    except OSError as err:
        raise BuildError(f"kan inte byta in det nya bygget i {site.name}/: {describe_os_error(err)}; "
                         f"{site.name}/ är oförändrad") from None
    if old is not None:
        _remove(old, warnings)


def _swap_contents(root: Path, target: Path, fresh: Path, warnings: list[str]) -> None:
    """Replace everything inside `target` (the folder a `site` link points to; an earlier build, checked
    again here) with `fresh`'s contents."""
    try:
        stage = Path(tempfile.mkdtemp(prefix=FRESH_PREFIX + "-", dir=target))
        shutil.copytree(fresh, stage, dirs_exist_ok=True)  # same file system as target: renames below
        old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX + "-", dir=target))
    except OSError as err:
        raise BuildError(f"kan inte skriva i {target}: {describe_os_error(err)}; webbplatsen är oförändrad") from None
    moved: list[str] = []
    try:
        for entry in list(target.iterdir()):
            if entry not in (stage, old):
                entry.rename(old / entry.name)
                moved.append(entry.name)
        if moved and not outputs.written_by_at(root, COMMAND, target, old):
            raise BuildError(f"{target} ändrades medan bygget pågick; webbplatsen är oförändrad. Bygg igen.")
        for entry in list(stage.iterdir()):
            entry.rename(target / entry.name)
    except (OSError, BuildError) as err:
        for name in moved:  # put back what was there, as it was
            if not outputs.present(target / name):
                (old / name).rename(target / name)
        _remove(stage, warnings)
        if isinstance(err, BuildError):
            raise
        raise BuildError(f"bytet av innehållet i {target} avbröts: {describe_os_error(err)}; webbplatsen är "
                         "oförändrad") from None
    stage.rmdir()
    _remove(old, warnings)


def _where(root: Path, site: Path, warnings: list[str]) -> tuple[Path, Path | None]:
    """Where an edition is published: the folder `site`, or the folder it links to (returned second)."""
    try:
        target = site.resolve() if site.is_symlink() else None
    except (OSError, RuntimeError):  # a link that points at itself (Python 3.11 raises RuntimeError)
        raise BuildError(f"{site.name} är en länk som inte går att följa (en slinga?); rätta länken och "
                         "bygg igen") from None
    if target is not None and not target.is_dir():
        raise BuildError(f"{site.name} är en länk till {target}, som inte finns eller inte är en mapp")
    if target is not None:
        for leftover in _leftovers(target):
            _remove(leftover, warnings)
    where = site if target is None else target
    _check_target(root, where)  # before the long build, so a wrong target costs no waiting
    return where, target


def _fresh(root: Path) -> Path:
    try:
        fresh = Path(tempfile.mkdtemp(prefix=FRESH_PREFIX + "-", dir=root))
        fresh.chmod(atomic.new_folder_mode())  # it becomes site/: the rights of an ordinary folder
    except OSError as err:
        raise BuildError(f"kan inte skapa en tillfällig mapp i {root}: {describe_os_error(err)}") from None
    return fresh


def _make(root: Path, folder: Path, edition: Audience) -> list[str]:
    """One edition into `folder`: the site, its search index and the problems its link check finds.

    The site and the index are programs of their own, so the editions run side by side, and the link check
    (in this process) runs while Pagefind indexes the same pages. Neither writes what the other reads: the
    check reads the pages, Pagefind writes pagefind/ and search/lis-sok.json, which no page links to."""
    mkdocs_build(root, folder, edition)
    with ThreadPoolExecutor(max_workers=1) as indexer:
        indexed = indexer.submit(search_index.index_site, folder)  # engine-neutral: from the finished pages
        problems = linkcheck.check_site(folder)
        indexed.result()
    return problems


def build_site(root: Path) -> str:
    """Build both editions, check their links and publish them to root/site and root/site-lis; on any error
    nothing published changes."""
    warnings: list[str] = []
    # Both addresses before MkDocs, whose own check of site_url is in English.
    staff_edition.lis_address(webaddress.from_environment() or "")
    menu = navcheck.check_mkdocs_yml(root)  # the same Swedish messages as lis kontrollera, before MkDocs's own
    if menu:
        raise DataError(menu)
    with project_lock(root):
        for leftover in _leftovers(root):  # from a build that was killed or failed to clean up
            _remove(leftover, warnings)
        places = [(root / name, *_where(root, root / name, warnings), edition, label)
                  for name, edition, label in EDITIONS]
        fresh: list[Path] = []
        try:
            fresh += [_fresh(root) for _ in places]
            # The editions are built side by side: each is its own MkDocs process (and Pagefind), so on
            # two cores both take about as long as one. The first edition's error is reported first.
            with ThreadPoolExecutor(max_workers=len(places)) as pool:
                jobs = [pool.submit(_make, root, folder, edition)
                        for (_s, _w, _t, edition, _l), folder in zip(places, fresh, strict=True)]
                for job, (_s, _w, _t, _e, label) in zip(jobs, places, strict=True):
                    problems = job.result()
                    if problems:
                        raise BuildError(f"länkkontrollen hittade fel i {label}:\n"
                                         + "\n".join(f"  - {p}" for p in problems))
            for (site, where, target, _edition, _label), folder in zip(places, fresh, strict=True):
                files = outputs.digest_folder(folder)
                if target is None:
                    _swap_folder(root, site, folder, warnings)
                else:
                    _swap_contents(root, target, folder, warnings)
                outputs.remember(root, COMMAND, [where], {"filer": files or {}})
        finally:
            for folder in fresh:
                if folder.exists():
                    _remove(folder, warnings)
    said = []
    for site, where, target, _edition, label in places:
        pages = sum(1 for _ in where.rglob("*.html"))
        shown = f"{site.name}/" if target is None else f"{site.name}/ (länk till {target})"
        said.append(f"{label} ({pages} sidor) till {shown}")
    return "\n".join([f"Byggde {said[0]} och {said[1]}; länkarna är kontrollerade.", *warnings])
