"""The cache of parsed data files (macros/parsecache.py): the same data and lines as the YAML, a changed file
read again, a damaged entry ignored, the same Swedish messages, and nothing written by a failing check."""

from __future__ import annotations

import gc
import json
from hashlib import sha256
from pathlib import Path

import pytest

from macros import cli
from macros.errors import DataError
from macros.loader import load_handbook
from macros.parsecache import FOLDER, FORMAT, ParseCache
from macros.yamlsource import parse_yaml
from tests.conftest import data_errors, replace_in
from tests.fixture_project import fixture_project
from tests.test_yamlsource_fast import shape

LIS_DATE = "2026-11-28"
SYSTEM = "data/system.yaml"


def warm(data_dir: Path, folder: Path) -> None:
    cache = ParseCache(folder)
    load_handbook(data_dir, cache)
    cache.save()


def errors_with(data_dir: Path, cache: ParseCache) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir, cache)
    return [str(issue) for issue in caught.value.issues]


def test_a_kept_file_gives_the_same_data_and_lines_as_its_yaml(data_dir, tmp_path):
    folder = tmp_path / "cache"
    warm(data_dir, folder)
    files = sorted(data_dir.glob("*.yaml"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{p.name}.json" for p in files)
    for path in files:
        cache = ParseCache(folder)
        text, data, issues = cache.read(path, path.name)
        assert (issues, cache.pending) == ([], {})  # taken from the cache, not read as YAML
        assert shape(data) == shape(parse_yaml(text, path.name)[0])
    assert load_handbook(data_dir, ParseCache(folder)) == load_handbook(data_dir)


def test_a_changed_file_is_read_again(data_dir, tmp_path):
    folder = tmp_path / "cache"
    warm(data_dir, folder)
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", "    leverantör: Alfa Nya AB\n")
    cache = ParseCache(folder)
    _, data, _ = cache.read(data_dir / "system.yaml", SYSTEM)
    assert data["system"][0]["leverantör"] == "Alfa Nya AB"
    assert list(cache.pending) == ["system.yaml"]


def test_an_error_in_a_changed_file_is_said_as_without_the_cache(data_dir, tmp_path):
    folder = tmp_path / "cache"
    warm(data_dir, folder)
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", "    leverantör:Alfa AB\n")
    cache = ParseCache(folder)
    assert errors_with(data_dir, cache) == data_errors(data_dir) == [
        'data/system.yaml, rad 8: ett mellanslag saknas efter kolonet; skriv "leverantör: Alfa AB"']
    assert "system.yaml" not in cache.pending  # a file that does not read is never kept


def test_errors_in_the_values_of_a_kept_file_name_the_same_lines(data_dir, tmp_path):
    replace_in(data_dir / "system.yaml", "    personuppgifter: känsliga\n", "    personuppgifter: mycket\n")
    replace_in(data_dir / "system.yaml", "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: aldreomsorgen")
    folder = tmp_path / "cache"
    kept = ParseCache(folder)  # the file reads as YAML, so it can be kept although its values are wrong
    kept.read(data_dir / "system.yaml", SYSTEM)
    kept.save()
    cache = ParseCache(folder)
    found = errors_with(data_dir, cache)
    assert "system.yaml" not in cache.pending  # the data came from the cache
    assert found == data_errors(data_dir)
    assert found[0] == ('data/system.yaml, rad 10, system "alfa", fält "personuppgifter": "mycket" är inte ett '
                        "tillåtet värde. Tillåtna värden: inga, vanliga, känsliga.")
    assert found[1].startswith('data/system.yaml, rad 28, system "beta", fält "förvaltningsobjekt": okänt')


def _entry(folder: Path) -> Path:
    return folder / "system.yaml.json"


def _header(folder: Path) -> bytes:
    return _entry(folder).read_bytes().partition(b"\n")[0]


def _signed(folder: Path, payload: bytes) -> bytes:
    """A payload with a header that matches it and the file: only its content can be wrong."""
    source = json.loads(_header(folder))[1]
    return json.dumps([FORMAT, source, sha256(payload).hexdigest()]).encode() + b"\n" + payload


def _resigned(folder: Path, source: str) -> bytes:
    """The entry, intact, but made from another text than the file's."""
    payload = _entry(folder).read_bytes().partition(b"\n")[2]
    return json.dumps([FORMAT, source, sha256(payload).hexdigest()]).encode() + b"\n" + payload


DAMAGE = {
    "empty": lambda folder: b"",
    "garbage": lambda folder: b"\x00\xff\xfe not json at all",
    "truncated": lambda folder: _entry(folder).read_bytes()[:-200],
    "one byte changed": lambda folder: _entry(folder).read_bytes().replace(b"Alfa AB", b"Alfa AC", 1),
    "another format": lambda folder: _entry(folder).read_bytes().replace(b"[%d," % FORMAT, b"[999,", 1),
    "another file's text": lambda folder: _resigned(folder, "0" * 64),
    "header only": lambda folder: _header(folder),
    "not a mapping": lambda folder: _signed(folder, b'[["x"], [1, 1]]'),
    "not our layout": lambda folder: _signed(folder, b'{"a": 1}'),
    "too few lines": lambda folder: _signed(folder, b'[{"a": {"b": 1}}, [1, 1]]'),
    "too many lines": lambda folder: _signed(folder, b'[{"a": 1}, [1, 1, 1]]'),
    "a line that is not a number": lambda folder: _signed(folder, b'[{"a": 1}, [1, "2"]]'),
    "lines that are not a list": lambda folder: _signed(folder, b'[{"a": 1}, {"1": 1}]'),
    "deeply nested": lambda folder: _signed(folder, b"[" * 100_000 + b"]" * 100_000),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_entry_is_ignored_and_the_yaml_read_again(data_dir, tmp_path, damage):
    folder = tmp_path / "cache"
    warm(data_dir, folder)
    _entry(folder).write_bytes(DAMAGE[damage](folder))
    cache = ParseCache(folder)
    text, data, issues = cache.read(data_dir / "system.yaml", SYSTEM)
    assert issues == [] and shape(data) == shape(parse_yaml(text, SYSTEM)[0])
    assert list(cache.pending) == ["system.yaml"]  # made again, and written when the command succeeds
    cache.save()
    assert ParseCache(folder).read(data_dir / "system.yaml", SYSTEM)[1] == data


def test_an_entry_that_cannot_be_read_or_written_is_no_error(data_dir, tmp_path):
    (tmp_path / "in-the-way").write_text("a file where the cache folder would be", encoding="utf-8")
    cache = ParseCache(tmp_path / "in-the-way" / "lis")
    load_handbook(data_dir, cache)
    cache.save()  # cannot create the folder: the next run reads the YAML
    assert (tmp_path / "in-the-way").is_file()
    folder = tmp_path / "cache"
    warm(data_dir, folder)
    _entry(folder).unlink()
    _entry(folder).mkdir()  # a folder where the entry would be
    assert load_handbook(data_dir, ParseCache(folder)) == load_handbook(data_dir)


def test_a_linked_cache_folder_is_not_used(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "handbook"
    root.mkdir()
    (root / ".cache").symlink_to(elsewhere)
    assert ParseCache.in_project(root).folder is None
    assert ParseCache.in_project(tmp_path).folder == tmp_path / FOLDER


def test_kontrollera_keeps_the_parsed_files_only_when_the_check_passes(tmp_path, monkeypatch, capsys):
    root = fixture_project(tmp_path / "handbook")
    monkeypatch.chdir(root)
    monkeypatch.setenv("LIS_DATE", LIS_DATE)
    replace_in(root / SYSTEM, "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: aldreomsorgen")
    assert cli.main(["kontrollera"]) == 1
    failed = capsys.readouterr().err
    assert not (root / ".cache").exists()  # a failing command writes nothing
    replace_in(root / SYSTEM, "förvaltningsobjekt: aldreomsorgen", "förvaltningsobjekt: aldreomsorg")
    assert cli.main(["kontrollera"]) == 0
    cold = capsys.readouterr().out
    assert (root / FOLDER / "system.yaml.json").is_file()
    assert cli.main(["kontrollera"]) == 0 and capsys.readouterr().out == cold
    replace_in(root / SYSTEM, "förvaltningsobjekt: aldreomsorg", "förvaltningsobjekt: aldreomsorgen")
    assert cli.main(["kontrollera"]) == 1 and capsys.readouterr().err == failed
    assert gc.isenabled()  # load_project pauses the collector while it reads, and always turns it on again
