"""Benchmark: how the handbook's build grows with the inventory, and what the macros cost.

    python bench/run.py            # full run: 30, 500 and 5 000 systems, plus the serve check
    python bench/run.py --ci       # a few seconds: small sizes, checks that every figure is produced

Prints a table and writes bench-results/resultat.json and bench-results/resultat.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_data  # noqa: E402

LIS_DATE = "2026-11-28"
ENV = {**os.environ, "LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Build:
    seconds: float
    peak_mb: float


@dataclass
class Size:
    systems: int
    objects: int
    full: Build
    plain: Build
    pages: int
    largest_page_kb: float
    largest_page: str
    median_page_kb: float
    search_index_kb: float

    @property
    def overhead(self) -> float:
        return self.full.seconds / self.plain.seconds


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> Build:
    """Wall time and peak memory (maximum resident set) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    output = proc.stdout.read().decode() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"Bygget misslyckades i {cwd}:\n{output[-3000:]}")
    return Build(round(seconds, 2), round(usage.ru_maxrss / 1024, 1))


def project(target: Path, systems: int, objects: int) -> Path:
    for part in ("docs", "macros", "overrides"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if systems <= 30:
        shutil.copytree(ROOT / "data", target / "data")
    else:
        write_data(ROOT / "data", target / "data", systems, objects)
    return target


def plain_config(text: str) -> str:
    """The same configuration without the macros plugin and the hooks: plain Markdown in, HTML out."""
    text = re.sub(r"  - macros:\n(?:      .*\n)+", "", text)
    text = re.sub(r"watch:\n(?:  - .*\n)+", "", text)
    return re.sub(r"hooks:\n(?:  - .*\n)+", "", text)


def measure(systems: int, objects: int, runs: int, work: Path) -> Size:
    folder = project(work / f"handbok-{systems}", systems, objects)
    dump = work / f"markdown-{systems}"
    fulls = []
    for _ in range(runs):
        shutil.rmtree(dump, ignore_errors=True)
        fulls.append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], folder,
                           {**ENV, "LIS_DUMP_MARKDOWN": str(dump)}))
    plain = work / f"enkel-{systems}"
    shutil.copytree(folder / "overrides", plain / "overrides")
    shutil.copytree(dump, plain / "docs")
    (plain / "mkdocs.yml").write_text(plain_config((folder / "mkdocs.yml").read_text(encoding="utf-8")),
                                      encoding="utf-8")
    plains = [timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], plain, ENV) for _ in range(runs)]
    pages = sorted((p.stat().st_size, p.relative_to(folder / "site").as_posix())
                   for p in (folder / "site").rglob("*.html"))
    return Size(
        systems, objects,
        Build(statistics.median(b.seconds for b in fulls), max(b.peak_mb for b in fulls)),
        Build(statistics.median(b.seconds for b in plains), max(b.peak_mb for b in plains)),
        len(pages), round(pages[-1][0] / 1024, 1), pages[-1][1],
        round(statistics.median(size for size, _ in pages) / 1024, 1),
        round((folder / "site" / "search" / "search_index.json").stat().st_size / 1024, 1),
    )


def load_times(data: Path, runs: int) -> dict[str, float]:
    """Load + validate with the handbook's loader against libyaml's C loader parsing the same files."""
    import yaml

    from macros.loader import load_handbook

    files = [p.read_text(encoding="utf-8") for p in sorted(data.glob("*.yaml"))]

    def best(fn: object) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return round(statistics.median(times), 3)

    def parse_without_gc() -> None:
        # The loader pauses Python's garbage collector while parsing; give the baseline the same help,
        # so the ratio measures only the line tracking and validation.
        gc.disable()
        try:
            [yaml.load(text, Loader=yaml.CSafeLoader) for text in files]  # noqa: S506
        finally:
            gc.enable()

    plain = best(lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in files])  # noqa: S506
    parse = best(parse_without_gc)
    load = best(lambda: load_handbook(data))
    return {"csafeloader_s": parse, "csafeloader_med_gc_s": plain, "lis_loader_s": load,
            "ratio": round(load / parse, 2)}


def serve_latency(work: Path) -> float | None:
    """Seconds from saving a data file until `mkdocs serve` shows the change (example data)."""
    folder = project(work / "serve", 30, 7)
    port = 8765 + os.getpid() % 1000
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/om-lis/roller/"
    try:
        if not _wait_for(url, "08-000 00 10", timeout=120):
            return None
        time.sleep(2)  # let the watcher settle
        orgfile = folder / "data" / "organisation.yaml"
        start = time.perf_counter()
        orgfile.write_text(orgfile.read_text(encoding="utf-8").replace("08-000 00 10", "08-999 99 99"),
                           encoding="utf-8")
        if not _wait_for(url, "08-999 99 99", timeout=60):
            return None
        return round(time.perf_counter() - start, 2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for(url: str, needle: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
                if needle in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    print(f"{url} visade inte {needle!r} inom {timeout} s", file=sys.stderr)
    return False


Verdict = tuple[str, bool, str]
NOT_MEASURED = -1.0  # --ci skips the serve round trip


def verdicts(small: Size, large: Size, base: Size, load: dict[str, float], serve: float | None) -> list[Verdict]:
    growth = large.full.seconds / small.full.seconds
    checks = [
        ("Data och makron kostar högst 1,25 × det enkla bygget", large.overhead <= 1.25,
         f"{large.overhead:.2f} × vid {large.systems} system"),
        ("10 × fler system kostar högst 12 × byggtiden", growth <= 12,
         f"{growth:.2f} × ({small.systems} → {large.systems} system)"),
        ("Mediansidan växer högst 1,2 × från exempeldata", large.median_page_kb <= 1.2 * base.median_page_kb,
         f"{large.median_page_kb} kB mot {base.median_page_kb} kB"),
        ("Inläsning och validering högst 1,5 × libyaml", load["ratio"] <= 1.5,
         f"{load['ratio']:.2f} × ({load['lis_loader_s']} s mot {load['csafeloader_s']} s)"),
        ("Ingen sida över 1 MB", large.largest_page_kb <= 1024,
         f"största {large.largest_page_kb} kB ({large.largest_page})"),
    ]
    if serve is not NOT_MEASURED:
        checks.append(("Ändring syns i make serve inom 3 s", serve is not None and serve <= 3,
                       "syntes inte" if serve is None else f"{serve} s"))
    return checks


def report(sizes: list[Size], load: dict[str, float], serve: float | None, checks: list[Verdict]) -> str:
    lines = ["| System | Objekt | Sidor | Fullt bygge (s) | Minne (MB) | Enkelt bygge (s) | Fullt/enkelt | "
             "Största sida (kB) | Mediansida (kB) | Sökindex (kB) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {s.systems} | {s.objects} | {s.pages} | {s.full.seconds} | {s.full.peak_mb} | {s.plain.seconds} | "
              f"{s.overhead:.2f} | {s.largest_page_kb} | {s.median_page_kb} | {s.search_index_kb} |" for s in sizes]
    lines += ["", f"Inläsning av data ({sizes[-1].systems} system): handbokens inläsning med validering "
              f"{load['lis_loader_s']} s, enbart libyaml (CSafeLoader) {load['csafeloader_s']} s med skräpsamlaren "
              f"pausad som i handbokens inläsning ({load['csafeloader_med_gc_s']} s utan paus), kvot {load['ratio']}."]
    if serve is None:
        lines.append("make serve: ändringen i data/organisation.yaml syntes inte inom 60 s.")
    elif serve != NOT_MEASURED:
        lines.append(f"make serve: en ändring i data/organisation.yaml syntes efter {serve} s.")
    lines += ["", "| Mål | Uppfyllt | Mätt |", "|---|---|---|"]
    lines += [f"| {name} | {'ja' if ok else 'NEJ'} | {value} |" for name, ok, value in checks]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--system", type=int, default=5000, help="systemen i den stora mätningen")
    parser.add_argument("--objekt", type=int, default=500, help="förvaltningsobjekten i den stora mätningen")
    parser.add_argument("--korningar", type=int, default=1, help="byggen per storlek (medianen redovisas)")
    parser.add_argument("--ci", action="store_true", help="snabb kontroll: 300 och 30 system, inget serve-test")
    parser.add_argument("--ut", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args()
    large, objects = (300, 30) if args.ci else (args.system, args.objekt)
    small = max(large // 10, 31)
    with tempfile.TemporaryDirectory(prefix="lis-bench-") as tmp:
        work = Path(tmp)
        sizes = [measure(30, 7, args.korningar, work),
                 measure(small, max(objects // 10, 8), args.korningar, work),
                 measure(large, objects, args.korningar, work)]
        load = load_times(work / f"handbok-{large}" / "data", runs=5)
        serve = NOT_MEASURED if args.ci else serve_latency(work)
    checks = verdicts(sizes[1], sizes[2], sizes[0], load, serve)
    text = report(sizes, load, serve, checks)
    print(text)
    args.ut.mkdir(parents=True, exist_ok=True)
    (args.ut / "resultat.md").write_text(text + "\n", encoding="utf-8")
    (args.ut / "resultat.json").write_text(json.dumps(
        {"storlekar": [asdict(s) | {"overhead": round(s.overhead, 2)} for s in sizes], "inlasning": load,
         "serve_s": serve, "mal": [{"mal": n, "uppfyllt": ok, "matt": v} for n, ok, v in checks]},
        ensure_ascii=False, indent=2), encoding="utf-8")
    if args.ci:
        return 0  # CI checks that the figures are produced; the targets are judged at full size
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
