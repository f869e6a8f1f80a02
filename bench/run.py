"""Benchmark: how the handbook's build grows with the inventory, and what the macros cost.

    python bench/run.py            # full run: 30, 500 and 5 000 systems, search in Chromium, make serve
    python bench/run.py --ci       # about a minute: small sizes, checks that every figure is produced
    python bench/run.py --kontrollera   # only what the record of processing and the incident log add to
                                        # `lis kontrollera` at 5 000 systems and 2 000 processing activities
    python bench/run.py --bara-sokfragor utveckling kontroll   # only the query sets, on the example site
                                        # (about a minute); --webbplats site/ reuses a built site

Measures the build (full and plain), the command users run (`lis bygg`, what `make build` runs:
the build, the search index, the link check and publishing) against `mkdocs build --strict` of the
same site, in pairs run back to back, the fast test layer (`make test-fast`: wall time and test
count), the search index built from the finished site
(macros/search_index.py), search in a real browser (bench/browser.py: time from the last key to
the results on a freshly opened page, bytes fetched per query, and the first and top three hits of
each query set: bench/sokfragor.yaml, the regression set; bench/sokfragor-utveckling.yaml,
the development set; bench/sokfragor-tredje.yaml, a third development set (written blind 2026-12-04);
bench/sokfragor-kontroll.yaml, the control set, a second development set since
2026-12-04; bench/sokfragor-prov.yaml and bench/sokfragor-femte.yaml, held out: measured, never
tuned to, their misses never listed) and the edit
loop under `make serve` (mkdocs serve --dirty). Prints a table and writes bench-results/resultat.json
and bench-results/resultat.md, with the machine, its load and the method.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
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

from bench.synthetic import write_data, write_registers  # noqa: E402
from macros.parsecache import FOLDER as PARSE_CACHE  # noqa: E402
from macros.search import SIDE_FILE  # noqa: E402
from macros.search_index import INDEX_LATER  # noqa: E402

LIS_DATE = "2026-11-28"
ENV = {**os.environ, "LIS_DATE": LIS_DATE, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Build:
    seconds: float
    peak_mb: float


@dataclass
class Pairs:
    """`mkdocs build --strict` and `lis bygg` of the same site, run back to back (one pair per run)."""

    mkdocs_s: list[float]
    lis_bygg_s: list[float]
    load: list[float]  # the one-minute load average before each pair

    @property
    def ratios(self) -> list[float]:
        return [round(b / m, 2) for m, b in zip(self.mkdocs_s, self.lis_bygg_s, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def spread(values: list[float]) -> str:
    """min/median, as the report shows them."""
    return f"{min(values):.2f}/{statistics.median(values):.2f}"


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
    index_s: float  # the search index built from the finished site (Pagefind and the vocabulary)
    search_bundle_kb: float  # pagefind/ on disk: the whole index; a query fetches a small part of it
    search_side_kb: float  # search/lis-sok.json: stop words, synonyms, audiences, vocabulary
    bygg: Pairs

    @property
    def overhead(self) -> float:
        return self.full.seconds / self.plain.seconds


def _child(cmd: list[str], cwd: Path, env: dict[str, str], failed: str) -> tuple[float, resource.struct_rusage]:
    """Wall time and resource usage of one child process that must succeed (else `failed` and its output)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    output = proc.stdout.read().decode() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{failed} i {cwd}:\n{output[-3000:]}")
    return seconds, usage


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> Build:
    """Wall time and peak memory (maximum resident set) of one child process."""
    seconds, usage = _child(cmd, cwd, env, "Bygget misslyckades")
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
    """The same configuration without the lis and macros plugins: plain Markdown in, HTML out."""
    text = re.sub(r"  - macros:\n(?:      .*\n)+", "", text)
    text = text.replace("  - lis\n", "")
    # No plugin is left; an empty `plugins:` would make MkDocs add its search plugin.
    text = re.sub(r"\nplugins:\n((?:[ \t]*#.*\n|\n)*)(?=\S)", r"\nplugins: []\n\1", text)
    text = re.sub(r"watch:\n(?:  - .*\n)+", "", text)
    return re.sub(r"hooks:\n(?:  - .*\n)+", "", text)


def measure(systems: int, objects: int, runs: int, pair_runs: int, work: Path) -> Size:
    folder = project(work / f"handbok-{systems}", systems, objects)
    dump = work / f"markdown-{systems}"
    fulls = []
    for _ in range(runs):
        shutil.rmtree(dump, ignore_errors=True)
        fulls.append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], folder,
                           {**ENV, "LIS_DUMP_MARKDOWN": str(dump), INDEX_LATER: "ja"}))
    index = timed([sys.executable, "-c", "from pathlib import Path; from macros.search_index import index_site; "
                   "index_site(Path('site'))"], folder, ENV)
    bygg = pairs(folder, pair_runs)
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
        index.seconds,
        round(sum(f.stat().st_size for f in (folder / "site" / "pagefind").rglob("*") if f.is_file()) / 1024, 1),
        round((folder / "site" / "search" / SIDE_FILE).stat().st_size / 1024, 1),
        bygg,
    )


def pairs(folder: Path, runs: int) -> Pairs:
    """`mkdocs build --strict` and then `lis bygg` (which publishes to folder/site), `runs` times."""
    lis = str(Path(sys.executable).parent / "lis")
    result = Pairs([], [], [])
    # The size's own measurement built site/ with plain mkdocs, which leaves no record of its output; lis bygg
    # replaces only what it has written itself, so the bench clears the folder it made (a temporary project).
    shutil.rmtree(folder / "site", ignore_errors=True)
    for _ in range(runs):
        result.load.append(round(os.getloadavg()[0], 1))
        result.mkdocs_s.append(timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                                      str(folder / "site-mkdocs")], folder, ENV).seconds)
        result.lis_bygg_s.append(timed([lis, "bygg"], folder, ENV).seconds)
    shutil.rmtree(folder / "site-mkdocs")
    return result


def bygg_table(rows: list[tuple[int, Pairs]]) -> list[str]:
    lines = ["`lis bygg` (det `make build` kör: bygget, länkkontrollen och publiceringen) mot "
             "`mkdocs build --strict` av samma webbplats, körda direkt efter varandra; min/median i sekunder:", "",
             "| System | mkdocs build | lis bygg | Kvot lis bygg/mkdocs build | Belastning före varje par (1 min) |",
             "|---:|---:|---:|---:|---:|"]
    return lines + [f"| {n} | {spread(p.mkdocs_s)} | {spread(p.lis_bygg_s)} | {spread(p.ratios)} | "
                    f"{', '.join(f'{x:.1f}' for x in p.load)} |" for n, p in rows]


CHECK_LIMIT_S = 0.3  # what checking the record of processing and the incident log may add to lis kontrollera
REGISTER_FILES = ("behandlingar.yaml", "incidentlogg.yaml")
CACHE_STATES = {"kall": "utan cache (.cache/lis tömd före varje körning)",
                "varm": "med cache (filerna oförändrade sedan körningen före)",
                "ändrad": f"efter en ändring i {REGISTER_FILES[0]} (övriga filer i cachen)"}


def check_cost(systems: int, objects: int, processing: int, incidents: int, runs: int, work: Path) -> list[str]:
    """--kontrollera: `lis kontrollera` with and without the two registers, in alternating runs (medians).

    Cold: the parse cache (.cache/lis, macros/parsecache.py) emptied before each run, so every file is read as
    YAML (a fresh clone). Warm: the run right after, with the files unchanged since the cold run kept them.
    Edited: the record of processing changed since the last run (its entry removed), every other file kept,
    against the warm run without the registers. Wall time and the CPU time (user + system) of the command
    and the children it waited for, which other work on a shared machine disturbs far less."""
    lis = str(Path(sys.executable).parent / "lis")
    with_them = project(work / "med", systems, objects)
    write_registers(with_them / "data", processing, incidents)
    without = project(work / "utan", systems, objects)
    for name in REGISTER_FILES:  # both are optional: without them there is nothing to check
        (without / "data" / name).unlink()
    cpu_timed([lis, "kontrollera"], with_them)  # warm the file cache and the bytecode once
    times: dict[tuple[str, str, str], list[float]] = {
        (k, c, m): [] for k in ("med", "utan") for c in CACHE_STATES for m in ("vägg", "cpu")}
    for _ in range(runs):
        for cache in CACHE_STATES:
            for key, folder in (("med", with_them), ("utan", without)):
                if cache == "kall":
                    shutil.rmtree(folder / PARSE_CACHE, ignore_errors=True)
                if cache == "ändrad" and key == "med":
                    (folder / PARSE_CACHE / f"{REGISTER_FILES[0]}.json").unlink()
                wall, cpu = cpu_timed([lis, "kontrollera"], folder)
                times[key, cache, "vägg"].append(wall)
                times[key, cache, "cpu"].append(cpu)
    lines = [f"lis kontrollera vid {systems} system, {processing} behandlingar och {incidents} incidenter "
             f"(median och min av {runs} körningar, utan/med registerförteckning och incidentlogg):"]
    for cache, said in CACHE_STATES.items():
        for measure in ("vägg", "cpu"):
            without_s, with_s = times["utan", cache, measure], times["med", cache, measure]
            added = statistics.median(with_s) - statistics.median(without_s)
            # The target is the time the coordinator waits; the processor time (the read-ahead's children
            # included, macros/readahead.py) is shown beside it, as the work it costs.
            verdict = (f"mål under {CHECK_LIMIT_S} s: {'ja' if added < CHECK_LIMIT_S else 'NEJ'}" if measure == "vägg"
                       else "arbetet, inget mål")
            lines.append(f"  {said}, {'väggklocka' if measure == 'vägg' else 'processortid'}: "
                         f"{statistics.median(without_s):.2f}/{statistics.median(with_s):.2f} s "
                         f"(min {min(without_s):.2f}/{min(with_s):.2f} s); tillagt {added:.2f} s "
                         f"(min {min(with_s) - min(without_s):.2f} s); {verdict}.")
    return lines


def cpu_timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one child process that must succeed."""
    seconds, usage = _child(cmd, cwd, ENV, "lis kontrollera misslyckades")
    return seconds, usage.ru_utime + usage.ru_stime


def bygg_only(sizes: list[tuple[int, int]], runs: int, work: Path) -> list[str]:
    """--bara-bygg: only the pairs of mkdocs build and lis bygg, smallest size first."""
    rows = []
    for n, o in sizes:  # each row printed as it is measured: a long run interrupted keeps what it had
        rows.append((n, pairs(project(work / f"handbok-{n}", n, o), runs)))
        print(bygg_table(rows)[-1], flush=True)
    growth = statistics.median(rows[-1][1].lis_bygg_s) / statistics.median(rows[-2][1].lis_bygg_s)
    return [*bygg_table(rows), "", f"lis bygg från {rows[-2][0]} till {rows[-1][0]} system: {growth:.2f} × (medianer)."]


@dataclass
class FastLayer:
    """`make test-fast`: the same pytest command, its wall time and how many tests passed."""

    seconds: float
    passed: int


def fast_layer() -> FastLayer:
    sys.path.insert(0, str(ROOT / "tests"))
    from layers import FAST_EXPRESSION, FAST_WORKERS

    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", *FAST_WORKERS, "-m", FAST_EXPRESSION], cwd=ROOT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=1800)
    seconds = round(time.perf_counter() - start, 1)
    summary = re.search(r"(\d+) passed", proc.stdout)
    if proc.returncode != 0 or not summary:
        raise SystemExit(f"make test-fast misslyckades:\n{proc.stdout[-3000:]}")
    return FastLayer(seconds, int(summary.group(1)))


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


@dataclass(frozen=True)
class Edit:
    """A change the coordinator makes under `make serve`, and where it must show."""

    name: str
    file: str
    old: str
    new: str
    page: str  # site path of the page that shows it


def serve_latency(folder: Path, edits: list[Edit], timeout: float = 900) -> dict[str, float | None]:
    """Seconds from saving each edit until `make serve` (mkdocs serve --dirty) shows it; None if it never did."""
    port = 8765 + os.getpid() % 1000
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    results: dict[str, float | None] = {e.name: None for e in edits}
    try:
        if not _wait_for(base + edits[0].page, edits[0].old, timeout=timeout):
            return results
        time.sleep(2)  # let the watcher settle
        for edit in edits:
            path = folder / edit.file
            text = path.read_text(encoding="utf-8")
            assert text.count(edit.old) == 1, f"{edit.old!r} finns inte exakt en gång i {edit.file}"
            start = time.perf_counter()
            path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
            if _wait_for(base + edit.page, edit.new, timeout=300):
                results[edit.name] = round(time.perf_counter() - start, 2)
            time.sleep(2)
        return results
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def serve_edits(systems: int) -> list[Edit]:
    """One data edit (a system's purpose) and one page edit; for the example data, a phone number."""
    if systems <= 30:
        return [Edit("data", "data/organisation.yaml", "08-000 00 10", "08-999 99 99", "om-lis/roller/")]
    n = (systems - 30) // 2
    return [Edit("data", "data/system.yaml", f"Syntetiskt system nummer {n} för",
                 f"Syntetiskt system nummer {n} (ändrat) för", f"system/system-{n:05d}/"),
            # Not a governing document: an edit to an adopted one without a change note stops the build (by
            # design), so under make serve it never shows; that is what "syntes inte" measured before.
            Edit("sida", "docs/om-lis/index.md", "Ett ledningssystem är inget IT-system.",
                 "Ett ledningssystem (ändrat) är inget IT-system.", "om-lis/")]


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


@dataclass
class SetResult:
    """One query set on one site: how many queries found the expected page first and in the top three."""

    name: str
    site: str
    queries: int
    first: int
    top3: int
    empty: list[str]  # queries that gave "Inga sökresultat"
    misses: list[str]  # queries whose first hit was wrong: "query → first, second, third (expected)"
    waiting: int  # queries whose page is written on another branch (kräver: services)
    waiting_first: int
    waiting_top3: int

    @property
    def available(self) -> int:
        return self.queries - self.waiting

    def share(self, count: int, of: int) -> float:
        return round(100 * count / of, 1) if of else 100.0

    @property
    def first_share(self) -> float:  # of the queries whose page exists
        return self.share(self.first - self.waiting_first, self.available)

    @property
    def top3_share(self) -> float:
        return self.share(self.top3 - self.waiting_top3, self.available)


@dataclass
class Search:
    """Search in Chromium (bench/browser.py has the method): time and bytes per query, and the query sets."""

    query: str
    small_s: float  # from the last key to the results, example site
    large_s: float  # the same on the large site, same run
    small_kb: float  # fetched from pagefind/ and search/ for the query, page load included
    large_kb: float
    system_query: str
    system_s: float  # until the system's own page is the first result, large site
    sets: list[SetResult]

    @property
    def ratio(self) -> float:
        return round(self.large_s / self.small_s, 2) if self.small_s else 0.0

    def of(self, name: str, site: str) -> SetResult:
        return next(r for r in self.sets if r.name == name and r.site == site)


QUERY_SETS = {"regression": "sokfragor.yaml", "utveckling": "sokfragor-utveckling.yaml",
              "kontroll": "sokfragor-kontroll.yaml", "tredje": "sokfragor-tredje.yaml", "prov": "sokfragor-prov.yaml",
              "femte": "sokfragor-femte.yaml"}
# Written blind; the targets apply to them. utveckling and kontroll are development sets (kontroll since
# 2026-12-04); tredje, written blind on the evening of 2026-12-04, was measured once before any change and
# its misses then read, so it is a development set too; prov, written 2026-12-04 by someone who had not seen
# the site, is held out: measured, never tuned to, and its misses are not listed. femte, written blind on
# 2026-12-05 by someone who had seen neither the site nor the other sets, is held out in the same way.
NEW_SETS = ("utveckling", "kontroll", "tredje", "prov", "femte")
HELD_OUT = frozenset({"prov", "femte"})
QUERY_SET = Path(__file__).parent / QUERY_SETS["regression"]


@dataclass(frozen=True)
class Case:
    query: str
    page: str
    waiting: bool  # the page is written on another branch (kräver:) and does not exist yet


def query_cases(name: str = "regression") -> list[Case]:
    """A query set from bench/: each query, the page that should answer it, and whether that page exists yet."""
    import yaml

    rows = yaml.safe_load((Path(__file__).parent / QUERY_SETS[name]).read_text(encoding="utf-8"))
    return [Case(str(r["fråga"]), str(r["sida"]), bool(r.get("kräver")) and not page_exists(str(r["sida"])))
            for r in rows]


def page_exists(page: str) -> bool:
    """Whether docs/ has the page at a site path like `vardag/lss/`."""
    stem = ROOT / "docs" / page.rstrip("/")
    return stem.with_suffix(".md").is_file() or (stem / "index.md").is_file()


def query_set(name: str = "regression") -> list[tuple[str, str]]:
    """(query, page that must come first) for every query of a set."""
    return [(c.query, c.page) for c in query_cases(name)]


def run_set(browser: object, url: str, name: str, site: str) -> SetResult:
    from bench.browser import first_hits

    cases = query_cases(name)
    hits = first_hits(browser, url, [(c.query, c.page) for c in cases])
    waiting = [h for h, c in zip(hits, cases, strict=True) if c.waiting]
    return SetResult(name, site, len(hits), sum(h.ok for h in hits), sum(h.in_top3 for h in hits),
                     [h.query for h, c in zip(hits, cases, strict=True) if h.empty and not c.waiting],
                     [f"{h.query} → {', '.join(h.top) or 'inga sökresultat'} "
                      f"(väntat {h.expected}{', kräver en annan gren' if c.waiting else ''})"
                      for h, c in zip(hits, cases, strict=True) if not h.ok],
                     len(waiting), sum(h.ok for h in waiting), sum(h.in_top3 for h in waiting))


def sets_only(names: list[str], site: Path | None, work: Path) -> list[str]:
    """The query sets alone on the example site (built into `work` unless `site` is given): a line per set and,
    except for the held-out set, its misses with the first three results."""
    from bench.browser import chromium, serve

    if site is None:
        folder = project(work / "handbok-30", 30, 7)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=folder, env=ENV, check=True)
        site = folder / "site"
    with serve(site) as url, chromium() as browser:
        results = [run_set(browser, url, name, "exempeldata") for name in names]
    lines = [f"{r.name}: {r.first_share} % rätt först, {r.top3_share} % bland tre av {r.available} "
             f"({r.waiting} väntar på en annan gren), {len(r.empty)} utan sökresultat" for r in results]
    return lines + [f"- {r.name}: {miss}" for r in results if r.name not in HELD_OUT for miss in r.misses]


def measure_search(small_site: Path, large_site: Path, systems: int, runs: int) -> Search:
    from bench.browser import chromium, median_times, median_timings, serve

    n = (systems - 30) // 2
    name, target = f"Verksamhetssystem {n:05d}", f"system/system-{n:05d}/"
    with serve(small_site) as small, serve(large_site) as large, chromium() as browser:
        small_t, large_t = median_timings(browser, [small, large], "incident", runs)
        [system_s] = median_times(browser, [large], name, runs, expected=target)
        sets = [run_set(browser, url, set_name, site)
                for set_name in QUERY_SETS for url, site in ((small, "30"), (large, str(systems)))]
    return Search("incident", small_t.seconds, large_t.seconds, round(small_t.search_bytes / 1024, 1),
                  round(large_t.search_bytes / 1024, 1), name, system_s, sets)


def machine() -> str:
    import platform

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} kärnor, {platform.system()} {platform.machine()}, Python {platform.python_version()}; " \
           f"belastning (load average 1/5/15 min) {load}"


Verdict = tuple[str, bool, str]
NOT_MEASURED = -1.0  # --ci skips the serve round trip


def verdicts(small: Size, large: Size, base: Size, load: dict[str, float], serve: float | None,
             search: Search, edits: dict[str, float | None], tests: FastLayer | None) -> list[Verdict]:
    growth = large.full.seconds / small.full.seconds
    bygg_growth = statistics.median(large.bygg.lis_bygg_s) / statistics.median(small.bygg.lis_bygg_s)
    checks = [
        *[(f"lis bygg högst 1,5 × mkdocs build vid {size.systems} system", size.bygg.ratio <= 1.5,
           f"{size.bygg.ratio:.2f} × (kvoter min/median {spread(size.bygg.ratios)})")
          for size in (base, small, large)],
        ("10 × fler system: lis bygg högst 12 × tiden", bygg_growth <= 12,
         f"{bygg_growth:.2f} × ({small.systems} → {large.systems} system, medianer)"),
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
        ("En sökning hämtar högst 2 MB (index och ordlista)", search.large_kb <= 2048,
         f"{search.large_kb} kB vid {large.systems} system (hela indexet {large.search_bundle_kb} kB på disk, "
         f"ordlistan {large.search_side_kb} kB)"),
        ("Sökningen visar träffar inom 1,0 s från sista tangenten", search.large_s <= 1.0,
         f"{search.large_s} s vid {large.systems} system"),
        ("Sökningen högst 1,5 × exempeldatans tid", search.ratio <= 1.5,
         f"{search.ratio} × ({search.large_s} s mot {search.small_s} s)"),
        ("Ett system hittas först på sitt namn inom 1,0 s", search.system_s <= 1.0,
         f"{search.system_s} s till systemsidan som första träff"),
    ]
    for site in ("30", str(large.systems)):
        regression = search.of("regression", site)
        checks.append((f"Regressionsfrågorna ({site} system): minst 90 % rätt första träff",
                       regression.first_share >= 90, f"{regression.first_share} % av {regression.available}"))
        for name in NEW_SETS:
            r = search.of(name, site)
            checks.append((f"Nya frågor, {name} ({site} system): minst 90 % först och 97 % bland tre",
                           r.first_share >= 90 and r.top3_share >= 97,
                           f"{r.first_share} % först, {r.top3_share} % bland tre, av {r.available} frågor vars "
                           f"sida finns ({r.waiting} väntar på en annan gren)"))
        empty = [q for r in search.sets if r.site == site for q in r.empty]
        checks.append((f"Ingen fråga med en sida i handboken ger Inga sökresultat ({site} system)", not empty,
                       ", ".join(empty) or "inga"))
    if tests is not None:
        checks.append(("make test-fast under 20 s", tests.seconds < 20, f"{tests.seconds} s för {tests.passed} tester"))
    if serve is not NOT_MEASURED:
        checks.append(("Ändring syns i make serve inom 3 s (exempeldata)", serve is not None and serve <= 3,
                       "syntes inte" if serve is None else f"{serve} s"))
    for name, seconds in edits.items():
        what = {"data": "en ändring i ett systems data", "sida": "en ändring i en sida"}.get(name, name)
        checks.append((f"Vid {large.systems} system syns {what} i make serve inom 5 s",
                       seconds is not None and seconds <= 5, "syntes inte" if seconds is None else f"{seconds} s"))
    return checks


def report(sizes: list[Size], load: dict[str, float], serve: float | None, search: Search,
           edits: dict[str, float | None], checks: list[Verdict], method: str, tests: FastLayer | None) -> str:
    lines = ["| System | Objekt | Sidor | Fullt bygge (s) | Minne (MB) | Enkelt bygge (s) | Fullt/enkelt | "
             "Största sida (kB) | Mediansida (kB) | Sökindex (s) | Sökindex på disk (kB) | Ordlista (kB) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {s.systems} | {s.objects} | {s.pages} | {s.full.seconds} | {s.full.peak_mb} | {s.plain.seconds} | "
              f"{s.overhead:.2f} | {s.largest_page_kb} | {s.median_page_kb} | {s.index_s} | {s.search_bundle_kb} | "
              f"{s.search_side_kb} |" for s in sizes]
    lines += ["", *bygg_table([(s.systems, s.bygg) for s in sizes])]
    if tests is not None:
        lines += ["", f"make test-fast: {tests.passed} tester på {tests.seconds} s (väggklocka)."]
    lines += ["", f"Inläsning av data ({sizes[-1].systems} system): handbokens inläsning med validering "
              f"{load['lis_loader_s']} s, enbart libyaml (CSafeLoader) {load['csafeloader_s']} s med skräpsamlaren "
              f"pausad som i handbokens inläsning ({load['csafeloader_med_gc_s']} s utan paus), kvot {load['ratio']}."]
    if serve is None:
        lines.append("make serve: ändringen i data/organisation.yaml syntes inte inom 60 s.")
    elif serve != NOT_MEASURED:
        lines.append(f"make serve: en ändring i data/organisation.yaml syntes efter {serve} s.")
    lines += ["", f"Sökning i Chromium (median): från sista tangenttryckningen till träffarna för \"{search.query}\" "
              f"{search.small_s} s med exempeldata och {search.large_s} s med {sizes[-1].systems} system; den "
              f"frågan hämtade {search.small_kb} kB respektive {search.large_kb} kB (sidladdningen inräknad). "
              f"\"{search.system_query}\" gav systemets sida som första träff efter {search.system_s} s.",
              "", "| Frågor | Webbplats | Antal | Rätt först | Bland tre första | Sida på annan gren | "
              "Rätt först (sidan finns) | Bland tre (sidan finns) | Inga sökresultat |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.name} | {r.site} system | {r.queries} | {r.first} | {r.top3} | {r.waiting} | {r.first_share} % | "
              f"{r.top3_share} % | {len(r.empty)} |" for r in search.sets]
    lines += [f"- fel första träff ({r.name}, {r.site} system): {miss}" for r in search.sets
              if r.name not in HELD_OUT for miss in r.misses]
    shown = ", ".join(f"{name} {'syntes inte' if s is None else f'{s} s'}" for name, s in edits.items())
    lines += ["", f"make serve vid {sizes[-1].systems} system (mkdocs serve --dirty): från sparad ändring till "
              f"synlig sida: {shown}."]
    lines += ["", "| Mål | Uppfyllt | Mätt |", "|---|---|---|"]
    lines += [f"| {name} | {'ja' if ok else 'NEJ'} | {value} |" for name, ok, value in checks]
    lines += ["", f"Maskin: {machine()}.", f"Metod: {method}"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--system", type=int, default=5000, help="systemen i den stora mätningen")
    parser.add_argument("--objekt", type=int, default=500, help="förvaltningsobjekten i den stora mätningen")
    parser.add_argument("--korningar", type=int, default=1, help="byggen per storlek (medianen redovisas)")
    parser.add_argument("--sokningar", type=int, default=7, help="sökningar per webbplats (medianen redovisas)")
    parser.add_argument("--par", type=int, default=3,
                        help="par av mkdocs build och lis bygg per storlek (min och median redovisas)")
    parser.add_argument("--utan-tester", action="store_true", help="kör inte make test-fast")
    parser.add_argument("--bara-bygg", action="store_true",
                        help="mät bara lis bygg mot mkdocs build (och make test-fast), inga sökningar eller make serve")
    parser.add_argument("--kontrollera", action="store_true",
                        help="mät bara vad registerförteckningen och incidentloggen lägger till lis kontrollera")
    parser.add_argument("--behandlingar", type=int, default=2000, help="behandlingar i --kontrollera")
    parser.add_argument("--incidenter", type=int, default=500, help="incidenter i --kontrollera")
    parser.add_argument("--ci", action="store_true", help="snabb kontroll: 300 och 30 system, färre sökningar")
    parser.add_argument("--bara-sokfragor", nargs="+", choices=sorted(QUERY_SETS), metavar="MÄNGD",
                        help="mät bara frågemängderna (" + ", ".join(sorted(QUERY_SETS)) + ") med exempeldata och "
                        "lista missarna (inte för de undanhållna mängderna prov och femte)")
    parser.add_argument("--webbplats", type=Path,
                        help="med --bara-sokfragor: en byggd webbplats (t.ex. site/) i stället för ett nytt bygge")
    parser.add_argument("--ut", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args()
    large, objects = (300, 30) if args.ci else (args.system, args.objekt)
    searches = 3 if args.ci else args.sokningar
    small = max(large // 10, 31)
    started = machine()
    if args.kontrollera:
        with tempfile.TemporaryDirectory(prefix="lis-bench-") as tmp:
            lines = check_cost(large, objects, args.behandlingar, args.incidenter, max(args.korningar, 5), Path(tmp))
        print("\n".join([*lines, f"Maskin vid start: {started}.", f"Maskin vid slut: {machine()}."]))
        return 0
    if args.bara_sokfragor:
        with tempfile.TemporaryDirectory(prefix="lis-bench-") as tmp:
            print("\n".join(sets_only(args.bara_sokfragor, args.webbplats, Path(tmp))))
        return 0
    if args.bara_bygg:
        with tempfile.TemporaryDirectory(prefix="lis-bench-") as tmp:
            lines = bygg_only([(30, 7), (small, max(objects // 10, 8)), (large, objects)], args.par, Path(tmp))
        tests = None if args.utan_tester else fast_layer()
        if tests is not None:
            lines += ["", f"make test-fast: {tests.passed} tester på {tests.seconds} s (väggklocka)."]
        print("\n".join([*lines, "", f"Maskin vid start: {started}.", f"Maskin vid slut: {machine()}."]))
        return 0
    with tempfile.TemporaryDirectory(prefix="lis-bench-") as tmp:
        work = Path(tmp)
        pairs_per_size = 1 if args.ci else args.par
        sizes = [measure(30, 7, args.korningar, pairs_per_size, work),
                 measure(small, max(objects // 10, 8), args.korningar, pairs_per_size, work),
                 measure(large, objects, args.korningar, pairs_per_size, work)]
        load = load_times(work / f"handbok-{large}" / "data", runs=5)
        # The search is measured on the LIS edition: the complete site, with the system pages a search for a
        # system's name must find (the staff edition, site/, has none).
        search = measure_search(work / "handbok-30" / "site-lis", work / f"handbok-{large}" / "site-lis", large,
                                searches)
        serve = NOT_MEASURED if args.ci else serve_latency(project(work / "serve", 30, 7), serve_edits(30))["data"]
        edits = serve_latency(work / f"handbok-{large}", serve_edits(large))
    tests = None if args.utan_tester else fast_layer()
    method = (f"{args.korningar} bygge(n) per storlek (median); {pairs_per_size} par av mkdocs build och lis bygg "
              f"per storlek, direkt efter varandra (min/median); sökningen {searches} gånger per webbplats i nya "
              "webbläsarsammanhang (tom cache), tid mätt i sidan från första tangenttryckningen tills första "
              "träffen visas, omväxlande mellan webbplatserna; make serve = mkdocs serve --dirty, tid från "
              f"sparad fil tills sidan visar ändringen. Belastning vid start: {started.split('belastning ')[-1]}.")
    checks = verdicts(sizes[1], sizes[2], sizes[0], load, serve, search, edits, tests)
    text = report(sizes, load, serve, search, edits, checks, method, tests)
    print(text)
    args.ut.mkdir(parents=True, exist_ok=True)
    (args.ut / "resultat.md").write_text(text + "\n", encoding="utf-8")
    (args.ut / "resultat.json").write_text(json.dumps(
        {"storlekar": [asdict(s) | {"overhead": round(s.overhead, 2), "lis_bygg_kvoter": s.bygg.ratios}
                       for s in sizes], "inlasning": load, "test_fast": asdict(tests) if tests else None,
         "serve_s": serve, "serve_stor": edits, "sokning": asdict(search) | {"kvot": search.ratio},
         "maskin": machine(), "metod": method,
         "mal": [{"mal": n, "uppfyllt": ok, "matt": v} for n, ok, v in checks]},
        ensure_ascii=False, indent=2), encoding="utf-8")
    if args.ci:
        return 0  # CI checks that the figures are produced; the targets are judged at full size
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
