"""The edit loop: rebuilds under `make serve` keep unchanged generated pages, and end where a full build does."""

from __future__ import annotations

import ast
import copy
import dataclasses
import filecmp
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from macros import pages
from macros.errors import DataError
from macros.followup import Overview
from macros.followup_views import object_page, system_page
from macros.handbook import Handbook
from macros.incremental import PageInputs
from macros.loader import load_handbook
from macros.registers import all_registers, data_file, data_files
from tests.build_helpers import ROOT, build, copy_project
from tests.conftest import AS_OF, FIXTURE_DATA
from tests.fixture_project import FIXTURES, fixture_project

# The search index is built on the session's first build only (macros/adapters/mkdocs_plugin.py): a rebuild under
# make serve keeps it, and make build makes a new one.
SEARCH_OUTPUT = ["pagefind", "search"]


def _compare(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively (the search index left out)."""
    cmp = filecmp.dircmp(a, b, ignore=[*filecmp.DEFAULT_IGNORES, *SEARCH_OUTPUT])
    found = [*cmp.left_only, *cmp.right_only]
    found += [name for name in cmp.common_files if not filecmp.cmp(a / name, b / name, shallow=False)]
    for sub in cmp.common_dirs:
        found += [f"{sub}/{name}" for name in _compare(a / sub, b / sub)]
    return found


@pytest.mark.build
def test_rebuilds_render_only_what_changed_and_equal_a_full_build(tmp_path: Path):
    project = copy_project(tmp_path / "handbook")
    hb = load_handbook(project / "data")
    changed, kept = hb.systems[0], hb.systems[1]
    served = tmp_path / "served"
    env = {**os.environ, "LIS_DATE": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    driver = subprocess.Popen([sys.executable, str(ROOT / "bench" / "incremental.py"), str(project), str(served)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert driver.stdin and driver.stdout

    def rebuild() -> dict[str, int]:
        driver.stdin.write("\n")  # type: ignore[union-attr]
        driver.stdin.flush()  # type: ignore[union-attr]
        return json.loads(driver.stdout.readline())  # type: ignore[union-attr]

    first = json.loads(driver.stdout.readline())
    kept_page = served / "system" / kept.id / "index.html"
    stamp = kept_page.stat().st_mtime_ns

    data = project / "data" / "system.yaml"
    text = data.read_text(encoding="utf-8")
    assert text.count(f"syfte: {changed.purpose}") == 1
    data.write_text(text.replace(f"syfte: {changed.purpose}", "syfte: Ett helt nytt syfte."), encoding="utf-8")
    after_data = rebuild()
    page = project / "docs" / "rutiner" / "leverantorer.md"  # a draft: an adopted page would need a change note
    page.write_text(page.read_text(encoding="utf-8") + "\nEn ny mening sist.\n", encoding="utf-8")
    after_page = rebuild()
    driver.stdin.close()
    errors = driver.stderr.read()  # type: ignore[union-attr]
    assert driver.wait(timeout=120) == 0, errors
    driver.stdout.close()
    driver.stderr.close()  # type: ignore[union-attr]

    generated = len(hb.systems) + len(hb.objects)
    assert first["skrivna"] == first["sidor"]
    data_bound = first["sidor"] - generated + 3  # hand-written pages, the system and its object
    page_bound = first["sidor"] - generated + 1
    kept_again = kept_page.stat().st_mtime_ns != stamp  # another system's page should not be rendered again
    assert "Ett helt nytt syfte." in (served / "system" / changed.id / "index.html").read_text(encoding="utf-8")
    assert "En ny mening sist." in (served / "rutiner" / "leverantorer" / "index.html").read_text(encoding="utf-8")

    full = build(project)
    assert full.returncode == 0, full.output
    assert _compare(served, full.site) == []
    assert not kept_again, "another system's page was rendered again"
    assert after_data["skrivna"] < data_bound
    assert after_page["skrivna"] < page_bound


def test_the_comparison_can_fail(tmp_path: Path):
    """The equality check is real: one changed byte in one page is found."""
    for side in ("a", "b"):
        (tmp_path / side / "system").mkdir(parents=True)
        (tmp_path / side / "system" / "index.html").write_text("<p>1</p>", encoding="utf-8")
    (tmp_path / "b" / "system" / "index.html").write_text("<p>2</p>", encoding="utf-8")
    assert _compare(tmp_path / "a", tmp_path / "b") == ["system/index.html"]


# --- The inputs of a generated page come from the registers: no data file can be forgotten ---------
# Every value of every data file (all optional files present) is changed in turn, straight in the
# typed records; each generated page whose Markdown changes must get a new inputs digest, or
# `make serve` would keep showing the old page. A new register in macros/registers/ is covered
# without touching this test.

# Data files that declare that no generated page shows them (DataFile.item_pages): changed in every value
# at once (one edit instead of hundreds), and the test fails if a generated page then changes. The
# declaration is what macros/incremental.py trusts, so this is what proves it.
NOT_ON_GENERATED_PAGES = frozenset(spec.name for spec in data_files() if not spec.item_pages)

# Where a data file's complete example is when it is not tests/fixtures/<stem>/<file> (the supervision
# package's fixture fills in more fields); tests/fixtures/data holds the required files.
FULLER = {"registrering.yaml": "tillsyn", "risker.yaml": "tillsyn", "bevarande.yaml": "tillsyn"}
# A register's test may carry its data file's complete example instead, as a string literal of this name.
EXAMPLE = "COMPLETE_EXAMPLE"


def example_in_test(test_file: Path) -> str | None:
    """The string assigned to COMPLETE_EXAMPLE at the top level of `test_file` (read, not imported)."""
    if not test_file.is_file():
        return None
    for node in ast.parse(test_file.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        if any(isinstance(target, ast.Name) and target.id == EXAMPLE for target in targets):
            value = getattr(node, "value", None)
            assert isinstance(value, ast.Constant) and isinstance(value.value, str), (
                f"tests/{test_file.name}: {EXAMPLE} must be a string literal, the whole data file as YAML")
            return value.value
    return None


def complete_example(name: str, module: str, fixtures: Path = FIXTURES) -> str | None:
    """The complete example of data/`name` (declared in macros/registers/`module`.py) the test changes value by
    value: tests/fixtures/<stem>/`name`, else COMPLETE_EXAMPLE in tests/test_`module`.py (None: only the one in
    tests/fixtures/data)."""
    stem = name.removesuffix(".yaml")
    path = fixtures / FULLER.get(name, stem) / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = example_in_test(fixtures.parent / f"test_{module}.py")
    if text is not None:
        return text
    assert (fixtures / "data" / name).is_file(), (
        f"data/{name} has no complete example for the test of make serve: give tests/test_{module}.py a "
        f'{EXAMPLE} = """...""" (the whole file as YAML, every list and field filled in; the register\'s own '
        f"test can load it too), or put the file in tests/fixtures/{stem}/{name}")
    return None


def _with_every_data_file(data: Path) -> None:
    """The fixture data in `data` completed with every optional data file and list (tests/fixtures/*)."""
    for register in all_registers():
        if register.data is not None and (example := complete_example(register.data.name, register.module)):
            (data / register.data.name).write_text(example, encoding="utf-8")
    # From the incident log's first year (2026) the yearly counts come from the log, not incidenter.yaml.
    incidents = data / "incidenter.yaml"
    incidents.write_text(incidents.read_text(encoding="utf-8").split("  - år: 2026\n")[0], encoding="utf-8")
    retention = (FIXTURES / "tjanster" / "lagringstider.yaml").read_text(encoding="utf-8")
    with (data / "loggkontroller.yaml").open("a", encoding="utf-8") as log_checks:
        log_checks.write("\n" + retention)


def test_a_registers_test_may_carry_its_complete_example(tmp_path: Path):
    fixtures = tmp_path / "fixtures"
    (fixtures / "data").mkdir(parents=True)
    (tmp_path / "test_keys.py").write_text('X = 1\nCOMPLETE_EXAMPLE = """\nnycklar:\n  - id: a\n"""\n', encoding="utf-8")
    assert complete_example("nycklar.yaml", "keys", fixtures) == "\nnycklar:\n  - id: a\n"
    (fixtures / "nycklar").mkdir()  # a fixture file of its own comes first
    (fixtures / "nycklar" / "nycklar.yaml").write_text("nycklar: []\n", encoding="utf-8")
    assert complete_example("nycklar.yaml", "keys", fixtures) == "nycklar: []\n"


def test_a_missing_complete_example_says_where_to_put_it(tmp_path: Path):
    fixtures = tmp_path / "fixtures"
    (fixtures / "data").mkdir(parents=True)
    (tmp_path / "test_keys.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    with pytest.raises(AssertionError) as missing:
        complete_example("nycklar.yaml", "keys", fixtures)
    assert str(missing.value).startswith(
        'data/nycklar.yaml has no complete example for the test of make serve: give tests/test_keys.py a '
        'COMPLETE_EXAMPLE = """...""" (the whole file as YAML, every list and field filled in; the register\'s own '
        "test can load it too), or put the file in tests/fixtures/nycklar/nycklar.yaml")
    (tmp_path / "test_keys.py").write_text("COMPLETE_EXAMPLE = open('x').read()\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"^tests/test_keys.py: COMPLETE_EXAMPLE must be a string literal"):
        complete_example("nycklar.yaml", "keys", fixtures)
    (fixtures / "data" / "nycklar.yaml").write_text("nycklar: []\n", encoding="utf-8")  # a required file
    (tmp_path / "test_keys.py").unlink()
    assert complete_example("nycklar.yaml", "keys", fixtures) is None


@pytest.fixture(scope="module")
def full_handbook(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    """The fixture data with every optional data file (tests/fixtures/*), loaded once."""
    data = tmp_path_factory.mktemp("alla") / "data"
    shutil.copytree(FIXTURE_DATA, data)
    _with_every_data_file(data)
    hb = load_handbook(data)
    assert {f.name for f in data_files()} == {p.name for p in data.glob("*.yaml")}, "a data file has no fixture"
    return hb


def _changed(value: Any) -> Any:
    """Another value of the same type (None when there is none to try)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, Enum):
        members = list(type(value))
        return members[(members.index(value) + 1) % len(members)] if len(members) > 1 else None
    if isinstance(value, int):
        return value + 1
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, str):
        return value + " ändrad"
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], BaseModel):
        return type(value)(value[:-1])  # one item fewer (a system dropped from an exercise)
    return None


def _variants(record: Any) -> Iterator[tuple[str, Any]]:
    """(field path, the record with that one value changed) for every value in `record`, nested ones too."""
    if not isinstance(record, BaseModel):
        return
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, BaseModel):
            for path, inner in _variants(value):
                yield f"{name}.{path}", record.model_copy(update={name: inner})
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], BaseModel):
            for index, item in enumerate(value):
                for path, inner in _variants(item):
                    items = list(value)
                    items[index] = inner
                    yield f"{name}[{index}].{path}", record.model_copy(update={name: type(value)(items)})
        else:
            new = _changed(value)
            if new is not None and new != value:
                yield name, record.model_copy(update={name: new})


def _with_file(hb: Handbook, name: str, record: BaseModel) -> Handbook:
    """`hb` with data/`name` replaced by `record`, in Handbook.files and in the attributes it gives (as the loader)."""
    fields = {attribute: record if source is None else tuple(getattr(record, source))
              for attribute, source in data_file(name).handbook.items()}
    return dataclasses.replace(hb, files=MappingProxyType({**hb.files, name: record}), **fields)


def _edits(hb: Handbook, name: str) -> Iterator[tuple[str, Handbook]]:
    """(what changed, the handbook with it changed) for every value of data/`name`."""
    for path, changed in _variants(hb.files[name]):
        yield f"{name}: {path}", _with_file(hb, name, changed)


def _digests(hb: Handbook) -> dict[str, str]:
    """The inputs digest of every generated page (what `make serve` compares)."""
    inputs = PageInputs(hb, AS_OF)
    return {**{pages.system_page(s.id): inputs.system(s.id) for s in hb.systems},
            **{pages.object_page(o.id): inputs.management_object(o.id) for o in hb.objects}}


def _markdown(hb: Handbook, wanted: Iterable[str] | None = None) -> dict[str, str]:
    """The Markdown of the generated pages in `wanted` (all when None)."""
    ov = Overview(hb, [], AS_OF)
    made = {**{pages.system_page(s.id): functools.partial(system_page, ov, s.id) for s in hb.systems},
            **{pages.object_page(o.id): functools.partial(object_page, ov, o.id) for o in hb.objects}}
    return {page: make() for page, make in made.items() if wanted is None or page in wanted}


def _all_changed(value: Any) -> Any:
    """`value` with every value in it changed at once (records, their lists and nested records)."""
    if isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
        return tuple(_all_changed(item) for item in value)
    if not isinstance(value, BaseModel):
        return value
    update = {}
    for name in type(value).model_fields:
        inner = getattr(value, name)
        if isinstance(inner, BaseModel) or (isinstance(inner, (list, tuple)) and inner
                                            and isinstance(inner[0], BaseModel)):
            update[name] = type(inner)(map(_all_changed, inner)) if isinstance(inner, (list, tuple)) \
                else _all_changed(inner)
        elif (new := _changed(inner)) is not None:
            update[name] = new
    return value.model_copy(update=update)


def _stale_pages(hb: Handbook, name: str, find_shown: bool) -> tuple[list[str], int, int]:
    """(edits that changed a page's Markdown but not its digest, edits tried, edits that showed on a page).

    A file that no generated page shows (find_shown False) is first changed in every value at once: one
    edit instead of hundreds; only when that breaks a reference is it changed value by value."""
    digests, markdown = _digests(hb), _markdown(hb)
    if not find_shown:
        try:
            after = _markdown(_with_file(hb, name, _all_changed(hb.files[name])))
        except (KeyError, ValueError, AttributeError, TypeError):
            pass
        else:
            return [f"{name} (alla värden): {page}" for page in after if after[page] != markdown[page]], 1, 0
    stale, tried, shown = [], 0, 0
    for what, edited in _edits(hb, name):
        try:
            same = [page for page, key in _digests(edited).items() if digests.get(page) == key]
            after = _markdown(edited, None if find_shown and not shown else same)
        except (KeyError, ValueError, AttributeError, TypeError):
            continue  # the edit broke a reference the loader would have refused
        tried += 1
        stale += [f"{what}: {page}" for page in same if after[page] != markdown[page]]
        shown += len(after) == len(markdown) and after != markdown
    return stale, tried, shown


@pytest.mark.sweep
@pytest.mark.parametrize("name", [f.name for f in data_files()])
def test_every_value_of_every_data_file_that_shows_on_a_generated_page_changes_its_inputs(full_handbook, name):
    """And a file the test treats as shown on no generated page (NOT_ON_GENERATED_PAGES) shows on none."""
    stale, tried, shown = _stale_pages(full_handbook, name, name not in NOT_ON_GENERATED_PAGES)
    assert stale == []
    assert tried > 0
    assert shown > 0 or name in NOT_ON_GENERATED_PAGES, "no edit shows: declare item_pages=False on the file's DataFile"


@pytest.mark.parametrize(("name", "value"), [
    ("kontinuitet.yaml", ".description"), ("kontinuitet.yaml", ".tested"), ("loggkontroller.yaml", ".checked"),
    ("ovningar.yaml", ".systems"), ("forvaltningsobjekt.yaml", ".name")])
def test_the_edits_that_left_system_pages_stale_give_them_new_inputs(full_handbook, name, value):
    """The 2026-12 review's repro: kontinuitet.yaml and loggkontroller.yaml edits (and övningar, objects)."""
    digests, markdown = _digests(full_handbook), _markdown(full_handbook)
    edits = [(what, edited) for what, edited in _edits(full_handbook, name) if what.endswith(value)]
    assert edits
    for what, edited in edits:
        changed, keys = _markdown(edited), _digests(edited)
        assert [page for page, key in keys.items() if key == digests[page] and changed[page] != markdown[page]] == [], what


# --- The same through `make serve`: an edit to every data file, a rename and a deletion -----------


class Served:
    """A `make serve` session on a project (bench/incremental.py): rebuild after each edit."""

    def __init__(self, project: Path, site: Path) -> None:
        env = {**os.environ, "LIS_DATE": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
        self.driver = subprocess.Popen([sys.executable, str(ROOT / "bench" / "incremental.py"), str(project),
                                        str(site)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, env=env)
        self.first = self._result()

    def _result(self) -> dict[str, int]:
        line = self.driver.stdout.readline()  # type: ignore[union-attr]
        assert line, self.driver.stderr.read()  # type: ignore[union-attr]
        return json.loads(line)  # type: ignore[no-any-return]

    def rebuild(self) -> dict[str, int]:
        self.driver.stdin.write("\n")  # type: ignore[union-attr]
        self.driver.stdin.flush()  # type: ignore[union-attr]
        return self._result()

    def stop(self) -> None:
        self.driver.stdin.close()  # type: ignore[union-attr]
        errors = self.driver.stderr.read()  # type: ignore[union-attr]
        assert self.driver.wait(timeout=120) == 0, errors
        self.driver.stdout.close()  # type: ignore[union-attr]
        self.driver.stderr.close()  # type: ignore[union-attr]


def _leaves(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*at, index))
    else:
        yield at, node


def _yaml_edit(data_dir: Path, name: str, scratch: Path) -> str:
    """The text of data/`name` with one value changed so that the data stays valid and, if the file shows on
    generated pages, one of them changes."""
    source = yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))
    before = _markdown(load_handbook(data_dir))
    fallback = None
    for at, value in _leaves(source):
        new = _changed(value)
        if new is None:
            continue
        edited = copy.deepcopy(source)
        node = edited
        for key in at[:-1]:
            node = node[key]
        node[at[-1]] = new
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(data_dir, scratch)
        text = yaml.safe_dump(edited, allow_unicode=True, sort_keys=False)
        (scratch / name).write_text(text, encoding="utf-8")
        try:
            after = _markdown(load_handbook(scratch))
        except DataError:
            continue
        if name in NOT_ON_GENERATED_PAGES or after != before:
            return text
        fallback = fallback or text
    assert fallback, f"no valid edit of {name}"
    return fallback


def _without(path: Path, system_id: str) -> None:
    """Data file `path` with every entry that is or names the system `system_id` removed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, items in data.items():
        if isinstance(items, list):
            kept = []
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("system"), list) and system_id in item["system"]:
                    item["system"] = [s for s in item["system"] if s != system_id]  # one of its systems goes
                    if not item["system"]:
                        continue
                if isinstance(item, dict) and system_id in (item.get("id"), item.get("system")):
                    continue
                kept.append(item)
            data[key] = kept
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def _output(page: str) -> str:
    return page.removesuffix(".md") + "/index.html"


@pytest.mark.build
def test_an_edit_to_every_data_file_a_rename_and_a_deletion_end_where_a_full_build_does(tmp_path: Path):
    """Every data file in the catalogue is edited under `make serve`, with a rebuild after each; then a system
    is renamed and one deleted. After every rebuild each generated page whose Markdown changed must have been
    written again (so a later edit cannot hide a stale page), and at the end the served site must equal a full
    build, with no page of the old or the deleted system left."""
    project = fixture_project(tmp_path / "handbok")
    data = project / "data"
    _with_every_data_file(data)
    served = tmp_path / "served"
    session = Served(project, served)
    assert (served / "system" / "delta" / "index.html").exists() and (served / "system" / "zeta").is_dir()
    stale: list[str] = []

    def rebuild(what: str, edit: Callable[[], object]) -> dict[str, int]:
        before, stamps = _markdown(load_handbook(data)), _stamps(served)
        edit()
        result = session.rebuild()
        after, written = _markdown(load_handbook(data)), _stamps(served)
        stale.extend(f"{what}: {page}" for page, text in after.items()
                     if text != before.get(page) and written.get(_output(page)) == stamps.get(_output(page)))
        return result

    for spec in data_files():
        rebuild(spec.name, lambda name=spec.name: (data / name).write_text(
            _yaml_edit(data, name, tmp_path / "prov"), encoding="utf-8"))

    # The system list and every file whose declaration refers to it (a new register is covered too).
    naming_systems = ["system.yaml", *(spec.name for spec in data_files()
                                       if any(ref.file == "system.yaml" for ref in spec.references))]

    def rename() -> None:  # delta becomes delta-ny
        for name in naming_systems:
            path = data / name
            if path.exists():
                path.write_text(re.sub(r"\bdelta\b", "delta-ny", path.read_text(encoding="utf-8")),
                                encoding="utf-8")

    rebuild("byte av id", rename)
    after_delete = rebuild("borttaget system", lambda: [_without(data / n, "zeta") for n in naming_systems
                                                        if (data / n).exists()])
    session.stop()
    assert stale == []
    assert not (served / "system" / "delta").exists() and not (served / "system" / "zeta").exists()
    assert (served / "system" / "delta-ny" / "index.html").exists()
    assert after_delete["skrivna"] < after_delete["sidor"]  # still incremental
    full = build(project)
    assert full.returncode == 0, full.output
    assert _compare(served, full.site) == []
