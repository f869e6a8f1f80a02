"""The handbook on two engines, and a look at a third: MkDocs against ProperDocs, and a Zensical probe.

    python bench/engines.py jamfor            # build with MkDocs and ProperDocs, compare; exit 1 on a difference
    python bench/engines.py zensical         # probe: the newest Zensical that installs; always exit 0

`make engines` runs both (CI after `make test`). ProperDocs (the maintained MkDocs 1.x fork) lives
in its own venv, .venv-properdocs, pinned in requirements-properdocs.txt, so the runtime set stays
MkDocs. The two sites must be identical apart from the generator tag (and Pagefind's bundle, which
differs from run to run and is compared by the pages it indexed). The Zensical probe installs
each newer release exactly (==) into a temporary venv, newest first, builds a copy of the project
and reports which pages and files it wrote and which of MkDocs's it did not; it never fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
ZENSICAL_FLOOR = (0, 0, 73)  # the oldest release worth probing (the first that installed here, 2026-12)
ZENSICAL_TRIES = 8
SHOWN = 8  # examples listed per kind of missing file
_GENERATOR = re.compile(rb'(?:\n[ \t]*)?<meta name="generator" content="[^"]*"\s*/?>')  # with its own line


def _content(path: Path) -> bytes:
    """A file as compared: HTML without a generator tag (one engine may write it, the other not, or another
    name), gzip files unpacked (their header holds a time)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(data)
    if path.suffix == ".html":
        return _GENERATOR.sub(b"", data)
    return data


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _first_difference(a: bytes, b: bytes) -> str:
    lines_a, lines_b = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for n, (x, y) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if x != y:
            return f"rad {n}: {x.strip()[:120]!r} mot {y.strip()[:120]!r}"
    return f"{len(lines_a)} mot {len(lines_b)} rader"


# Pagefind's bundle differs from run to run on the same pages (file names are content hashes of a
# bundle whose order varies): it is compared by the pages it indexed, per language. The pages
# themselves, which Pagefind reads after the build, are compared byte for byte.
SEARCH_BUNDLE = "pagefind/"


def _indexed(site: Path) -> dict[str, int]:
    entry = site / SEARCH_BUNDLE / "pagefind-entry.json"
    if not entry.is_file():
        return {}
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    return {lang: int(value["page_count"]) for lang, value in languages.items()}


def compare_sites(first: Path, second: Path, names: tuple[str, str] = ("MkDocs", "ProperDocs")) -> list[str]:
    """Swedish lines for every file that differs between two built sites (generator tag aside); [] if none."""
    files_a = {f for f in _files(first) if not f.startswith(SEARCH_BUNDLE)}
    files_b = {f for f in _files(second) if not f.startswith(SEARCH_BUNDLE)}
    problems = [f"{name} finns bara i {names[0]}s bygge" for name in sorted(files_a - files_b)]
    problems += [f"{name} finns bara i {names[1]}s bygge" for name in sorted(files_b - files_a)]
    for name in sorted(files_a & files_b):
        a, b = _content(first / name), _content(second / name)
        if a != b:
            problems.append(f"{name} skiljer sig: {_first_difference(a, b)}")
    indexed = _indexed(first), _indexed(second)
    if indexed[0] != indexed[1]:
        problems.append(f"sökindexet (Pagefind) har sidor per språk {indexed[0]} i {names[0]}s bygge och "
                        f"{indexed[1]} i {names[1]}s")
    return problems


# --- Zensical probe -------------------------------------------------------------------------------


def _source(docs: Path, page: str) -> bool:
    """Whether a built page has a Markdown source in docs/ (otherwise the lis plugin generated it)."""
    stem = page.removesuffix("index.html").removesuffix(".html").rstrip("/")
    if not stem:
        return (docs / "index.md").is_file()
    return (docs / f"{stem}.md").is_file() or (docs / stem / "index.md").is_file()


def _kind(name: str, docs: Path) -> str:
    if name.endswith(".html") and name != "404.html":  # the theme's, not a page
        return "skrivna sidor" if _source(docs, name) else "genererade sidor (tillägget lis)"
    if name.endswith(".ics"):
        return "kalendrar"
    if name.endswith(".xml") and not name.startswith("sitemap"):
        return "flöden"
    if name.startswith("search/"):
        return "sökningens filer"
    return "övriga filer"


KINDS = ("skrivna sidor", "genererade sidor (tillägget lis)", "flöden", "kalendrar", "sökningens filer",
         "övriga filer")


def _examples(names: Iterable[str]) -> str:
    names = sorted(names)
    shown = ", ".join(names[:SHOWN])
    return shown + (f" … (+{len(names) - SHOWN})" if len(names) > SHOWN else "")


def probe_report(reference: Path, probe: Path, docs: Path) -> list[str]:
    """What a probe build wrote, per kind of file, against MkDocs's site of the same project."""
    expected, written = _files(reference), _files(probe) if probe.is_dir() else set()
    lines = []
    for kind in KINDS:
        want = {n for n in expected if _kind(n, docs) == kind}
        got = want & written
        line = f"{kind}: {len(got)} av {len(want)}"
        if want - got:
            line += f"; saknas: {_examples(want - got)}"
        lines.append(line)
    extra = written - expected
    if extra:
        lines.append(f"bara i provbygget: {_examples(extra)}")
    return lines


def _versions(python: Path) -> list[str]:
    """Zensical's releases on the registry, newest first, not older than the floor."""
    found = subprocess.run([str(python), "-m", "pip", "index", "versions", "zensical"], capture_output=True,
                           text=True, timeout=300)
    match = re.search(r"Available versions: (.*)", found.stdout)
    if not match:
        return []
    versions = [v.strip() for v in match.group(1).split(",")]
    plain = [v for v in versions if re.fullmatch(r"\d+(\.\d+)*", v)]
    return [v for v in plain if tuple(int(x) for x in v.split(".")) >= ZENSICAL_FLOOR][:ZENSICAL_TRIES]


def _pip(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, timeout=600)


def _last_error(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip() and not ln.startswith("WARNING: Location")]
    errors = [ln for ln in lines if "Error" in ln or ln.startswith("ERROR")]
    return (errors or lines or ["(inget meddelande)"])[-1][:300]


def probe_zensical(reference: Path, work: Path) -> list[str]:
    """Install the newest Zensical that installs, build a copy of the project with it, and say what it made."""
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True, timeout=300)
    python = work / "venv" / "bin" / "python"
    lines = []
    # The handbook's runtime set first (pinned; the macros module imports it), then Zensical with its own pins.
    runtime = _pip(python, "-r", str(ROOT / "requirements.txt"))
    if runtime.returncode != 0:
        return [f"handbokens paket gick inte att installera: {_last_error(runtime.stderr)}"]
    _pip(python, "--no-deps", "-e", str(ROOT))
    installed = None
    for version in _versions(python):
        attempt = _pip(python, f"zensical=={version}")
        if attempt.returncode == 0:
            installed = version
            break
        lines.append(f"zensical {version} går inte att installera: {_last_error(attempt.stderr)}")
    if installed is None:
        return [*lines, "ingen version av Zensical gick att installera; inget provbygge"]
    project = work / "projekt"
    for part in ("docs", "data", "macros", "overrides"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    try:
        built = subprocess.run([str(work / "venv" / "bin" / "zensical"), "build", "-f", "mkdocs.yml"], cwd=project,
                               capture_output=True, text=True, timeout=900, env=os.environ)
        outcome = "lyckades" if built.returncode == 0 else \
            f"misslyckades (kod {built.returncode}): {_last_error(built.stdout + built.stderr)}"
    except subprocess.TimeoutExpired:
        outcome = "avbröts efter 15 minuter"
    lines.append(f"zensical {installed}: bygget {outcome}")
    return lines + probe_report(reference, project / "site", ROOT / "docs")


# --- Commands -------------------------------------------------------------------------------------


def _build(command: list[str], site: Path) -> None:
    built = subprocess.run([*command, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
    if built.returncode != 0:
        raise SystemExit(f"{Path(command[-1]).name} build misslyckades:\n{built.stdout[-3000:]}")


def _env() -> None:
    """Both engines see the same date and time, so nothing that depends on them can differ."""
    os.environ.setdefault("LIS_DATE", "2026-11-28")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795824000")  # 2026-11-28: MkDocs's build date (the sitemap)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vad", choices=["jamfor", "zensical"])
    args = parser.parse_args()
    _env()
    with tempfile.TemporaryDirectory(prefix="lis-motorer-") as tmp:
        work = Path(tmp)
        print("Bygger med MkDocs …", flush=True)
        _build([sys.executable, "-m", "mkdocs"], work / "mkdocs")
        if args.vad == "zensical":
            print("Zensical-prov (avgör inte CI):")
            try:
                lines = probe_zensical(work / "mkdocs", work / "zensical")
            except (OSError, subprocess.SubprocessError) as err:
                lines = [f"provet avbröts: {err}"]
            print("\n".join(f"  {line}" for line in lines))
            return 0
        if not PROPERDOCS.is_file():
            raise SystemExit(f"{PROPERDOCS} saknas: kör make engines (installerar ProperDocs i .venv-properdocs)")
        print("Bygger med ProperDocs …", flush=True)
        _build([str(PROPERDOCS)], work / "properdocs")
        problems = compare_sites(work / "mkdocs", work / "properdocs")
        pages = sum(1 for _ in (work / "mkdocs").rglob("*.html"))
        files = len(_files(work / "mkdocs"))
    if problems:
        print(f"MkDocs och ProperDocs byggde olika webbplatser ({len(problems)} skillnader):", file=sys.stderr)
        print("\n".join(f"  - {p}" for p in problems[:50]), file=sys.stderr)
        return 1
    print(f"MkDocs och ProperDocs byggde samma webbplats: {pages} sidor, {files} filer (generatortaggen undantagen).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
