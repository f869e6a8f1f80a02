"""The fast reading of plain YAML (yamlsource._build) gives exactly what the careful constructors give."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros import yamlsource
from macros.yamlsource import LineDict, LineList, gc_paused, line_order, parse_yaml, parse_yaml_in_order

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

DOCUMENTS = [
    "a: 1\nb: [x, 2, ja, ~, 1.5, .nan, 2026-13-45]\nc:\n  - {d: e}\n  - - f\n    - g\n",
    "- 1\n- two\n-\n  - 3\n",
    "text: |\n  rad ett\n  rad två\nfolded: >\n  a\n  b\n",
    "a: &x [1]\nb: *x\n",  # an alias: refused
    "a: &x 1\nb: *x\n",  # an alias of a scalar
    "a: &x 1\nb: 2\n",  # an anchor no alias uses
    "a: Svensson & Co\nb: [x, '&y']\n",  # the sign of an anchor in text only
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",  # a merge key: refused
    "a: 1\na: 2\n",  # a duplicate key
    "1: a\n",  # a key read as a number
    "? [a]\n: b\n",  # a key that is a list
    "~: a\n",  # a key without a name
    "a: !!binary aGVq\n",
    "a: !!set {x}\n",
    "a: !!timestamp 2026-01-01\n",
    "a: !!str [1]\n",
    "a: !!float 3\n",
    "a: !!int abc\n",
    "a: " + "9" * 5000 + "\n",
    "a: " + "[" * 300 + "]" * 300 + "\n",  # deeper than the fast path goes: the careful path decides
    "a: " + "[" * 20 + "1" + "]" * 20 + "\n",
    "",
    "just text\n",
]


def _careful(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[Any, list[str]]:
    def unplain(*_: object) -> None:
        raise yamlsource._Unplain
    with monkeypatch.context() as patched:
        patched.setattr(yamlsource, "_build", unplain)
        data, issues = parse_yaml(text, "x.yaml")
    return data, [str(i) for i in issues]


def shape(data: Any) -> Any:
    """The data with every line it records, so that two results compare in full."""
    if isinstance(data, LineDict):
        return ("map", data.line, [(k, data.key_lines[k], shape(v)) for k, v in data.items()])
    if isinstance(data, LineList):
        return ("seq", data.line, [(n, shape(v)) for n, v in zip(data.item_lines, data, strict=True)])
    if isinstance(data, float) and data != data:
        return ("nan",)
    return (type(data).__name__, data)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_fast_path_reads_every_document_as_the_careful_one(monkeypatch, text):
    data, issues = parse_yaml(text, "x.yaml")
    want_data, want_issues = _careful(monkeypatch, text)
    assert ([str(i) for i in issues], shape(data)) == (want_issues, shape(want_data))


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")) + sorted((FIXTURES / "data").glob("*.yaml")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_fast_path_reads_every_data_file_as_the_careful_one(monkeypatch, path):
    text = path.read_text(encoding="utf-8-sig")
    data, issues = parse_yaml(text, path.name)
    assert not issues
    assert shape(data) == shape(_careful(monkeypatch, text)[0])


@pytest.mark.parametrize("text", DOCUMENTS + [p.read_text(encoding="utf-8-sig") for p in sorted(DATA.glob("*.yaml"))])
def test_the_lines_kept_for_the_cache_are_the_lines_of_the_data_in_order(monkeypatch, text):
    data, _, order = parse_yaml_in_order(text, "x.yaml")
    assert order == line_order(data)
    with monkeypatch.context() as patched:  # the careful path gives them the same way
        patched.setattr(yamlsource, "_build", lambda *_: (_ for _ in ()).throw(yamlsource._Unplain()))
        assert parse_yaml_in_order(text, "x.yaml")[2] == order


def test_line_order_names_each_line_once_in_document_order():
    data, _ = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\nd: [y]\n", "x.yaml")
    # a (1), its key (1); b (2); the list (3), item x (3), item {c} (4), the mapping (4), key c (4); d (5) ...
    assert line_order(data) == [1, 1, 2, 3, 3, 4, 4, 4, 5, 5, 5]


def test_the_fast_path_is_taken_for_plain_data(monkeypatch):
    calls = []
    careful = yamlsource._refuse_shared_nodes
    monkeypatch.setattr(yamlsource, "_refuse_shared_nodes", lambda node: calls.append(node) or careful(node))
    parse_yaml("a: [1, b]\n", "x.yaml")
    assert calls == []
    parse_yaml("a: &x 1\nb: *x\n", "x.yaml")
    assert len(calls) == 1


def test_the_collector_is_paused_only_for_the_block():
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # off before, off after: a caller that turned it off decides
    finally:
        gc.enable()


class _PyYamlResolver(yamlsource._Loader):
    """The handbook's loader with PyYAML's own resolver methods (the ones _Loader replaces)."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def _tags(loader_class: type, text: str) -> Any:
    loader = loader_class(text)
    try:
        return _node_tags(loader.get_single_node())
    except yaml.YAMLError as err:
        return str(err)
    finally:
        loader.dispose()


def _node_tags(node: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        return (node.tag, [(_node_tags(k), _node_tags(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_node_tags(item) for item in node.value])
    return None if node is None else (node.tag, node.value)


SCALARS = ["", "~", "null", "Null", "ja", "yes", "No", "on", "OFF", "true", "1", "-3", "0x1f", "0o17", "1_000",
           "1.5", ".5", "1e3", ".nan", ".Inf", "-.inf", "2026-01-01", "2026-13-45", "<<", "=", "12:30", "'1'",
           '"ja"', "text", "0", "+1", "190:20:30"]


@pytest.mark.parametrize("text", [*DOCUMENTS, *(f"a: {v}\nb: [{v}]\n{v}: c\n" for v in SCALARS)])
def test_the_loaders_resolver_tags_every_node_as_pyyamls_own(text):
    assert _tags(yamlsource._Loader, text) == _tags(_PyYamlResolver, text)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_the_loaders_resolver_tags_every_data_file_as_pyyamls_own(path):
    text = path.read_text(encoding="utf-8-sig")
    assert _tags(yamlsource._Loader, text) == _tags(_PyYamlResolver, text)



@pytest.mark.parametrize(("depth", "where"), [(300, "x.yaml: "), (5000, "x.yaml, rad 1: ")])
def test_nesting_too_deep_gives_a_swedish_message(depth, where):
    # 300: Python's stack runs out while the careful path builds the data; 5000: libyaml's own limit.
    data, issues = parse_yaml("a: " + "[" * depth + "]" * depth + "\n", "x.yaml")
    assert data is None
    assert [str(i).split(" (exceeded")[0] for i in issues] == [
        f"{where}värdena är inbäddade i varandra i för många nivåer (listor i listor eller fält i fält)"]
