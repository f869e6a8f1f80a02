"""Each register declares its data file once (macros/registers/): its lists exist in its model."""

import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from macros import schemas
from macros.handbook import Handbook
from macros.registers import data_files

ROOT = Path(__file__).resolve().parent.parent


def _list_aliases(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every YAML key in `model` (at any depth) that holds a list of records."""
    seen = seen or set()
    seen.add(model)
    found = set()
    for field in model.model_fields.values():
        args = getattr(field.annotation, "__args__", ())
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found.add(field.alias)
                if arg not in seen:
                    found |= _list_aliases(arg, seen)
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            found |= _list_aliases(field.annotation, seen)
    return found


@pytest.mark.parametrize("spec", data_files(), ids=lambda s: s.name)
def test_each_declared_list_is_a_list_of_records_in_the_files_model(spec):
    assert {e.key for e in spec.entries} <= _list_aliases(spec.model)


@pytest.mark.parametrize("spec", data_files(), ids=lambda s: s.name)
def test_what_a_file_gives_the_handbook_exists_on_both_sides(spec):
    for attribute, source in spec.handbook.items():
        assert attribute in Handbook.__dataclass_fields__
        assert source is None or source in spec.model.model_fields


def test_every_typed_handbook_field_comes_from_exactly_one_file():
    given = [a for spec in data_files() for a in spec.handbook]
    assert sorted(given) == sorted(set(Handbook.__dataclass_fields__) - {"files"})


def test_a_header_comment_that_disagrees_with_the_catalogue_is_named(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "risker.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Visas på:", "Syns på:", 1), encoding="utf-8")
    assert schemas.header_problems(tmp_path) == [
        "data/risker.yaml: kommentaren överst ska säga: Visas på: Ledningens genomgång (indata f) och Riskhantering."]
