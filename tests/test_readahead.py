"""Reading large data files in child processes as `lis kontrollera` starts (macros/readahead.py): the same
data, lines and cache entry as reading them here, the same Swedish messages, and a file read here whenever a
child's answer cannot be trusted."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from macros.errors import DataError
from macros.loader import load_handbook
from macros.parsecache import ParseCache, has_entry
from macros.readahead import ReadAhead
from tests.build_helpers import call_lis, run_lis
from tests.conftest import replace_in
from tests.fixture_project import fixture_project
from tests.test_yamlsource_fast import shape

pytestmark = [pytest.mark.process,  # children are forked
              pytest.mark.skipif(not hasattr(os, "fork"), reason="read-ahead forks; without fork it never starts")]


def alone() -> bool:
    return False  # the test process may have threads (pytest's): the children here only parse and leave


def start(data_dir: Path, folder: Path | None, large: int = 1) -> ReadAhead:
    return ReadAhead.start(data_dir, folder, large=large, threads=alone, most=100)


def test_a_file_read_ahead_gives_the_same_data_lines_and_entry_as_reading_it_here(data_dir, tmp_path,
                                                                                   monkeypatch):
    folder = tmp_path / "cache"
    ahead = start(data_dir, folder)
    files = sorted(data_dir.glob("*.yaml"))
    assert sorted(ahead.children) == [p.name for p in files]  # every file lacked: each read in a child
    here, there = ParseCache(folder), ParseCache(folder, ahead)
    mine = {path.name: here.read(path, path.name)[1] for path in files}

    def not_here(text: str, label: str) -> None:
        raise AssertionError(f"{label} was read here, not taken from its child")

    monkeypatch.setattr("macros.parsecache.parse_yaml_in_order", not_here)
    for path in files:
        _, theirs, issues = there.read(path, path.name)
        assert issues == []
        assert shape(theirs) == shape(mine[path.name])
    assert there.pending == here.pending  # byte for byte the entries reading the files here makes
    assert ahead.children == {}
    monkeypatch.undo()
    assert load_handbook(data_dir, ParseCache(folder, start(data_dir, folder))) == load_handbook(data_dir)


def test_only_large_files_the_cache_lacks_are_read_ahead(data_dir, tmp_path):
    folder = tmp_path / "cache"
    size = (data_dir / "system.yaml").stat().st_size
    ahead = start(data_dir, folder, large=size)
    assert [name for name in ahead.children if (data_dir / name).stat().st_size < size] == []
    assert "system.yaml" in ahead.children
    ahead.close()
    kept = ParseCache(folder)
    kept.read(data_dir / "system.yaml", "data/system.yaml")
    kept.save()
    assert has_entry(folder, "system.yaml", _digest(data_dir / "system.yaml"))
    assert "system.yaml" not in start(data_dir, folder).children  # kept: nothing to read ahead
    assert start(data_dir, None).children == {}  # no cache (a linked folder): nothing to compare with


def _digest(path: Path) -> str:
    from hashlib import sha256

    return sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()


def test_at_most_one_child_per_processor_is_started(data_dir, tmp_path):
    ahead = ReadAhead.start(data_dir, tmp_path / "cache", large=1, threads=alone, most=2)
    assert len(ahead.children) == 2
    ahead.close()


def test_no_child_is_started_while_other_threads_run(data_dir, tmp_path):
    assert ReadAhead.start(data_dir, tmp_path / "cache", large=1, threads=lambda: True).children == {}


def test_an_error_in_a_file_read_ahead_is_said_as_reading_it_here(data_dir, tmp_path):
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", "    leverantör: [Alfa AB\n")
    folder = tmp_path / "cache"
    with pytest.raises(DataError) as here:
        load_handbook(data_dir, ParseCache(folder))
    cache = ParseCache(folder, start(data_dir, folder))
    with pytest.raises(DataError) as there:
        load_handbook(data_dir, cache)
    assert [str(i) for i in there.value.issues] == [str(i) for i in here.value.issues]
    assert "system.yaml" in str(there.value.issues[0])


def test_a_file_changed_after_its_child_read_it_is_read_again(data_dir, tmp_path):
    folder = tmp_path / "cache"
    ahead = start(data_dir, folder)
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", "    leverantör: Alfa Nya AB\n")
    cache = ParseCache(folder, ahead)
    _, data, _ = cache.read(data_dir / "system.yaml", "data/system.yaml")
    assert data["system"][0]["leverantör"] == "Alfa Nya AB"
    ahead.close()


def test_a_child_that_dies_means_the_file_is_read_here(data_dir, tmp_path):
    folder = tmp_path / "cache"
    ahead = start(data_dir, folder)
    _, pid, _ = ahead.children["system.yaml"]
    os.kill(pid, signal.SIGKILL)
    cache = ParseCache(folder, ahead)
    _, data, issues = cache.read(data_dir / "system.yaml", "data/system.yaml")
    assert issues == []
    assert shape(data) == shape(ParseCache(None).read(data_dir / "system.yaml", "data/system.yaml")[1])
    ahead.close()


def test_a_damaged_answer_is_not_taken(data_dir, tmp_path):
    folder = tmp_path / "cache"
    ahead = start(data_dir, folder)
    digest = _digest(data_dir / "system.yaml")
    made = ahead.take("system.yaml", digest)
    assert made is not None
    damaged = made[:-10] + b"0123456789"
    ahead.take = lambda name, digest: damaged  # type: ignore[method-assign]
    cache = ParseCache(folder, ahead)
    _, data, issues = cache.read(data_dir / "system.yaml", "data/system.yaml")
    assert issues == []
    assert data["system"][0]["leverantör"] == "Alfa AB"
    assert cache.pending["system.yaml"] == made  # the entry of reading it here, not the damaged answer
    ahead.close()


def test_close_stops_the_children_never_asked_for(data_dir, tmp_path):
    ahead = start(data_dir, tmp_path / "cache")
    pids = [pid for _, pid, _ in ahead.children.values()]
    assert pids
    ahead.close()
    assert ahead.children == {}
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already waited for: no child left behind


def test_the_installed_command_reads_large_files_ahead_with_the_same_result(tmp_path):
    assert "macros.entry" in (Path(sys.executable).parent / "lis").read_text(encoding="utf-8")  # what starts it
    project = fixture_project(tmp_path / "handbok")
    padding = "".join(f"# rad {n} av en lång kommentar som gör filen stor nog att läsas i förväg\n"
                      for n in range(4_000))
    system = project / "data" / "system.yaml"
    system.write_text(system.read_text(encoding="utf-8") + padding, encoding="utf-8")
    assert system.stat().st_size >= 256 * 1024
    installed = run_lis(project, "kontrollera")
    assert installed.returncode == 0, installed.stderr
    entry = project / ".cache" / "lis" / "system.yaml.json"
    made_ahead = entry.read_bytes()
    entry.unlink()
    in_process = call_lis(project, "kontrollera")  # in-process: no read-ahead
    assert (in_process.returncode, in_process.stdout) == (0, installed.stdout)
    assert entry.read_bytes() == made_ahead
    replace_in(system, "    leverantör: Alfa AB\n", "    leverantör: [Alfa AB\n")
    broken, broken_here = run_lis(project, "kontrollera"), call_lis(project, "kontrollera")
    assert broken.returncode == broken_here.returncode == 1
    assert broken.stderr == broken_here.stderr
    assert "data/system.yaml" in broken.stderr
