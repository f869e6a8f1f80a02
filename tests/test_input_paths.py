"""Hostile and careless input through the loader: each attack gets a Swedish message naming file and line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.errors import DataError, DataIssue
from macros.loader import load_handbook
from macros.status import reference_date
from tests.build_helpers import copy_project
from tests.conftest import replace_in


def errors_for(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_handbook(data_dir)
    return [str(issue) for issue in caught.value.issues]


def line_with(path: Path, text: str) -> int:
    """The line number of the one line in `path` that is `text`, so fixture edits do not move the test."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if line == text]
    assert len(lines) == 1, f"{path.name}: {text!r} on lines {lines}"
    return lines[0]


ALIASES = ("ankare och alias (&namn och *namn) stöds inte i handbokens data; "
           "skriv ut värdet på varje ställe där det behövs")


# --- YAML constructs the data does not need ----------------------------------------------------


def _alias_bomb() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once(data_dir):
    path = data_dir / "incidenter.yaml"
    path.write_text(_alias_bomb() + path.read_text(encoding="utf-8"), encoding="utf-8")
    started = time.monotonic()
    assert errors_for(data_dir) == [f"data/incidenter.yaml, rad 2: {ALIASES}"]
    assert time.monotonic() - started < 5


@pytest.mark.build
def test_alias_bomb_stops_check_and_build_within_seconds(tmp_path):
    project = copy_project(tmp_path / "handbok")
    path = project / "data" / "incidenter.yaml"
    path.write_text(_alias_bomb() + path.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "LIS_DATE": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    lis = Path(sys.executable).parent / "lis"
    for command in ([str(lis), "kontrollera"], [sys.executable, "-m", "mkdocs", "build", "--strict"]):
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode != 0
        assert f"data/incidenter.yaml, rad 2: {ALIASES}" in done.stderr
        assert "Traceback" not in done.stderr


def test_alias_line_is_where_it_is_used(data_dir):
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", "    leverantör: &lev Alfa AB\n")
    replace_in(data_dir / "system.yaml", "    systemägare: Avdelningschef\n    stadsgemensamt: ja\n",
               "    systemägare: Avdelningschef\n    leverantör: *lev\n    stadsgemensamt: ja\n")
    line = line_with(data_dir / "system.yaml", "    leverantör: *lev")
    assert errors_for(data_dir) == [f"data/system.yaml, rad {line}: {ALIASES}"]


def test_merge_key_gets_a_clear_message_not_a_false_duplicate(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: alfa\n", "  - &bas\n    id: alfa\n")
    replace_in(data_dir / "system.yaml", "  - id: beta\n", "  - <<: *bas\n    id: kopia\n  - id: beta\n")
    line = line_with(data_dir / "system.yaml", "  - <<: *bas")
    assert errors_for(data_dir) == [
        f"data/system.yaml, rad {line}: sammanslagning med << stöds inte i handbokens data; skriv ut alla "
        "fält i posten i stället för att hämta dem från en annan post"]


@pytest.mark.parametrize(("key", "expected"), [
    ("~", "ett fält saknar namn före kolonet; skriv fältets namn, till exempel namn:"),
    ("12", 'fältnamnet "12" läses som ett tal eller ja/nej-värde, inte som text; använd ett av de '
           "tillåtna fältnamnen"),
    ("yes", 'fältnamnet "yes" läses som ett tal eller ja/nej-värde, inte som text; använd ett av de '
            "tillåtna fältnamnen"),
    ("[a, b]", "ett fältnamn måste vara text, inte en lista eller en grupp av fält"),
])
def test_keys_that_are_not_text_get_a_swedish_message_with_line(data_dir, key, expected):
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", f"    {key}: Alfa AB\n")
    line = line_with(data_dir / "system.yaml", f"    {key}: Alfa AB")
    assert errors_for(data_dir) == [f"data/system.yaml, rad {line}: {expected}"]


# --- Values the validation library would have accepted or described in English ---------------


@pytest.mark.parametrize("word", ["yes", "on", "true", "no"])
def test_yaml_booleans_are_not_levels(data_dir, word):
    replace_in(data_dir / "system.yaml", "      K: 3\n      R: 2\n      T: 2\n    pub_avtal: finns",
               f"      K: {word}\n      R: 2\n      T: 2\n    pub_avtal: finns")
    line = line_with(data_dir / "system.yaml", f"      K: {word}")
    assert errors_for(data_dir) == [
        f'data/system.yaml, rad {line}, system "alfa", fält "klassning.K": värdet läses som ja/nej '
        "(yes, no, on, off, true, false); skriv ett heltal"]


def test_blank_supplier_means_no_supplier(data_dir):
    replace_in(data_dir / "system.yaml", "    leverantör: Alfa AB\n", '    leverantör: "   "\n')
    assert load_handbook(data_dir).systems[0].supplier is None


def test_digits_only_id_is_told_to_use_quotes(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: beta", "  - id: 12345")
    messages = errors_for(data_dir)
    line = line_with(data_dir / "system.yaml", "  - id: 12345")
    assert messages[0] == (
        f'data/system.yaml, rad {line}, system "12345", fält "id": 12345 läses som ett tal; ett id som bara '
        'består av siffror ska stå inom citattecken, till exempel "12345"')
    replace_in(data_dir / "system.yaml", "  - id: 12345", '  - id: "12345"')
    assert "12345" in [s.id for s in load_handbook(data_dir).systems]


def test_overlong_id_is_refused(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: beta", "  - id: " + "b" * 201)
    assert errors_for(data_dir)[0].endswith(
        'fält "id": id är för långt (201 tecken); ett id får ha högst 200 tecken')


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_dates_outside_the_supported_range_are_refused(data_dir, day):
    replace_in(data_dir / "system.yaml", "klassningsprotokoll: 2026-02-01", f"klassningsprotokoll: {day}")
    line = line_with(data_dir / "system.yaml", f"    klassningsprotokoll: {day}")
    assert errors_for(data_dir) == [
        f'data/system.yaml, rad {line}, system "alfa", fält "klassningsprotokoll": {day} ligger utanför de '
        "datum handboken räknar med; använd ett datum från 1900-01-01 till 2199-12-31"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_reference_date_outside_the_range_is_refused(value):
    with pytest.raises(DataError) as caught:
        reference_date({"LIS_DATE": value})
    assert [str(i) for i in caught.value.issues] == [
        f"LIS_DATE: {value} ligger utanför de datum handboken räknar med; använd ett datum från "
        "1900-01-01 till 2199-12-31"]


@pytest.mark.parametrize("value", ["２０２６-11-28", "20261128", "2026-02-30", "garbage"])
def test_reference_date_must_be_iso(value):
    with pytest.raises(DataError) as caught:
        reference_date({"LIS_DATE": value})
    assert str(caught.value.issues[0]).startswith(f'LIS_DATE: "{value}" är inget giltigt datum')


# --- Ids that would overwrite another file of the build -----------------------------------------


@pytest.mark.parametrize(("object_id", "reason"), [
    ("forvaltningen", "förvaltningens gemensamma kalender heter kalender/forvaltningen.ics"),
    ("index", "förvaltningsobjektens översiktssida heter forvaltningsobjekt/index.md"),
])
def test_object_ids_that_collide_with_other_files_are_reserved(data_dir, object_id, reason):
    replace_in(data_dir / "forvaltningsobjekt.yaml", "  - id: individ-och-familj", f"  - id: {object_id}")
    replace_in(data_dir / "system.yaml", "förvaltningsobjekt: individ-och-familj",
               f"förvaltningsobjekt: {object_id}")
    assert errors_for(data_dir) == [
        f'data/forvaltningsobjekt.yaml, rad 4, förvaltningsobjekt "{object_id}", fält "id": id '
        f'"{object_id}" är reserverat ({reason}); välj ett annat id']


# --- Messages are safe to print ---------------------------------------------------------------


def test_terminal_escapes_in_values_are_shown_not_obeyed(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: beta", '  - id: "\\e[2J\\e]0;kapad\\a\\u202e\\x9b"')
    line = line_with(data_dir / "system.yaml", '  - id: "\\e[2J\\e]0;kapad\\a\\u202e\\x9b"')
    message = errors_for(data_dir)[0]
    assert message.startswith(f'data/system.yaml, rad {line}, system "\\u001b[2J\\u001b]0;kapad\\u0007\\u202e\\u009b"')
    assert message.isprintable()


def test_every_issue_prints_without_control_characters():
    issue = DataIssue("data/x.yaml", 1, 'system "\x1b[31m"', "namn\u2066", "fel\r\nrad\x00\u200b")
    assert str(issue) == ('data/x.yaml, rad 1, system "\\u001b[31m", fält "namn\\u2066": '
                          "fel\\u000d\\u000arad\\u0000\\u200b")


# --- Files that are not ordinary readable files ---------------------------------------------------


def test_data_file_that_is_a_folder(data_dir):
    (data_dir / "mal.yaml").unlink()
    (data_dir / "mal.yaml").mkdir()
    assert errors_for(data_dir) == ["data/mal.yaml: är en mapp, inte en fil"]


def test_data_file_in_a_symlink_loop(data_dir):
    (data_dir / "mal.yaml").unlink()
    (data_dir / "mal.yaml").symlink_to("mal.yaml")
    assert errors_for(data_dir) == ["data/mal.yaml: filen är en länk som pekar på sig själv (en länkslinga)"]


def test_unreadable_data_file(data_dir, monkeypatch):
    unreadable = data_dir / "mal.yaml"
    read_text = Path.read_text

    def refuse(path: Path, *args: object, **kwargs: object) -> str:
        if path == unreadable:  # chmod does not stop root, who runs the tests in CI containers
            raise PermissionError(13, "Permission denied", str(path))
        return read_text(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", refuse)
    assert errors_for(data_dir) == ["data/mal.yaml: filen går inte att läsa: behörighet saknas"]


def test_data_file_not_saved_as_utf8(data_dir):
    path = data_dir / "mal.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("# ", "# å ").encode("latin-1"))
    assert errors_for(data_dir) == [
        "data/mal.yaml: filen är inte sparad som UTF-8; spara den som UTF-8 och försök igen"]


# --- No English from the validation library, whatever the value ------------------------------

BROKEN_VALUES = [
    "yes", "~", "[1, 2]", "{a: 1}", "1.5", "-3", "0", "99999999999999999999999999", '"1e400"', "''",
    '"   "', ".nan", ".inf", "2026-13-45", "9999-12-31", "!!binary aGVq", "!!set {a}", '"\\x1b[31m"',
    "'" + "9" * 5000 + "'", "9" * 5000, "12345", "x" * 300, "!!float 3", "!!timestamp 2026-01-01",
]
ENGLISH = re.compile(r"\b(should|Input|input|valid|Value|Field|required|expected|unable|parse|Keys|"
                     r"instance|object|string|integer|type|error|errors\.pydantic)\b")
_MARK = "@@TRASIG@@"


def _replace(node: Any, mode: str) -> Any:
    if isinstance(node, dict):
        return {k: _replace(v, mode) for k, v in node.items()}
    if isinstance(node, list):
        return [_MARK if mode == "poster" else _replace(v, mode) for v in node]
    return _MARK if mode == "värden" else node


@pytest.mark.parametrize("mode", ["värden", "poster"])
@pytest.mark.parametrize("value", BROKEN_VALUES)
@pytest.mark.sweep
def test_no_english_from_the_validation_library(data_dir, value, mode):
    for path in sorted(data_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump(_replace(data, mode), allow_unicode=True, sort_keys=False)
        path.write_text(text.replace(f"'{_MARK}'", value).replace(_MARK, value), encoding="utf-8")
    messages = errors_for(data_dir)
    assert messages
    for message in messages:
        assert not ENGLISH.search(message), message
        assert message.isprintable(), message
