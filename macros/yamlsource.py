"""Read YAML with libyaml's fast parser while remembering the line of every key and list item.

Dates stay text here (the timestamp resolver is removed), so an impossible date such as
2026-13-45 reaches validation as a string and gets a Swedish message instead of a crash.
"""

from __future__ import annotations

import errno
import gc
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

import yaml

from .errors import DataIssue

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that knows the line (1-based) of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):  # type: ignore[type-arg]
    """A sequence that knows the line (1-based) of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class DuplicateKey(Exception):
    def __init__(self, key: object, line: int) -> None:
        self.key, self.line = key, line


class Refused(Exception):
    """YAML that is valid but not accepted in the handbook's data (aliases, merge keys, odd keys)."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


_MERGE = "tag:yaml.org,2002:merge"
_NO_ALIASES = ("ankare och alias (&namn och *namn) stöds inte i handbokens data; "
               "skriv ut värdet på varje ställe där det behövs")
_NO_MERGE = ("sammanslagning med << stöds inte i handbokens data; "
             "skriv ut alla fält i posten i stället för att hämta dem från en annan post")


class _Loader(_Base):  # type: ignore[misc]
    yaml_implicit_resolvers = {  # noqa: RUF012 - a class attribute PyYAML reads
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    # libyaml asks these three for every node. PyYAML's own versions also look for path resolvers and
    # resolvers for any first character, which the safe loader has none of; without that search they
    # are a sixth of the time it takes to compose a large file.
    assert not _Base.yaml_path_resolvers and None not in _Base.yaml_implicit_resolvers

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.plain_tags: dict[str, str] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool], _scalar: type = yaml.ScalarNode,
                _sequence: type = yaml.SequenceNode) -> str:
        # The names bound as defaults, and the tag of a plain scalar that begins like a number or a yes/no
        # remembered for the document: the loader asks once for every node, hundreds of thousands of times
        # for a large register.
        if kind is _scalar:
            if implicit[0] and value[:1] in _IMPLICIT:
                tag = self.plain_tags.get(value)
                if tag is None:
                    tag = self.plain_tags[value] = next(
                        (str(t) for t, rx in _IMPLICIT[value[:1]] if rx.match(value)), _STR)
                return tag
            return _STR
        return _SEQ if kind is _sequence else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise Refused(line, "ett fältnamn måste vara text, inte en lista eller en grupp av fält")
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise Refused(line, _key_message(key_node.value))
        if key in result.key_lines:
            raise DuplicateKey(key, line)
        result.key_lines[key] = line
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _key_message(source: str) -> str:
    if source in ("", "~", "null", "Null", "NULL"):
        return "ett fält saknar namn före kolonet; skriv fältets namn, till exempel namn:"
    return (f'fältnamnet "{source}" läses som ett tal eller ja/nej-värde, inte som text; '
            "använd ett av de tillåtna fältnamnen")


def _refuse_shared_nodes(root: yaml.Node) -> None:
    """Stop at the first merge key or alias; walks each node once, so an alias bomb costs nothing."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise Refused(node.start_mark.line + 1, _NO_ALIASES)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                if key_node.tag == _MERGE:
                    raise Refused(key_node.start_mark.line + 1, _NO_MERGE)
                stack.extend((value_node, key_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _first_alias_line(text: str) -> int | None:
    """The line where the first alias (*namn) is used; an alias shares its anchor's position."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return int(event.start_mark.line) + 1
    except yaml.YAMLError:
        return None
    return None


def _load(text: str, order: list[int]) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        with suppress(Exception):  # anything unusual or wrong: the careful path below decides what it is
            return _build(loader, node, order, shared="&" in text)
        order.clear()
        try:
            _refuse_shared_nodes(node)
        except Refused as refused:
            if refused.message == _NO_ALIASES:
                refused.line = _first_alias_line(text) or refused.line
            raise
        data = loader.construct_document(node)
        order.extend(line_order(data))
        return data
    finally:
        loader.dispose()


class _Unplain(Exception):
    """The fast path met a shared node (alias), a merge key or a key that is not plain text."""


_PLAIN_SCALARS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                            "tag:yaml.org,2002:float"})
# Deeper documents take the careful path, which has always decided where nesting is too deep.
_FAST_DEPTH = 50


def _build(loader: Any, root: yaml.Node, order: list[int], shared: bool) -> Any:
    """The data of a document of plain mappings, lists and scalars, with their lines, in one walk.

    The same result as the constructors above at a fraction of the cost per node: strings are taken
    as they are. Anything else (a node met twice, a merge key, a key that is not text, a duplicate
    key, another tag) raises _Unplain, and the careful path in _load reads the document instead.
    Nodes are looked for twice only when the text may share them (`shared`: it has an anchor sign,
    without which no alias can be written). Every line is also appended to `order`, in the order
    `line_order` gives them, for the parse cache."""
    seen: set[int] = set()
    constructors = loader.yaml_constructors
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    note = order.append

    def build(node: yaml.Node, depth: int) -> Any:
        if depth > _FAST_DEPTH:
            raise _Unplain
        if shared:
            if id(node) in seen:
                raise _Unplain
            seen.add(id(node))
        kind, tag = type(node), node.tag
        if kind is scalar and tag == _STR:
            return node.value
        if kind is scalar and tag in _PLAIN_SCALARS:
            return constructors[tag](loader, node)
        if kind is mapping and tag == _MAP:
            result = LineDict()
            result.line = node.start_mark.line + 1
            note(result.line)
            lines: dict[str, int] = {}
            result.key_lines = lines
            for key_node, value_node in node.value:
                if type(key_node) is not scalar or key_node.tag != _STR:
                    raise _Unplain
                if shared:
                    if id(key_node) in seen:
                        raise _Unplain
                    seen.add(id(key_node))
                key = key_node.value
                if key in lines:
                    raise _Unplain
                lines[key] = line = key_node.start_mark.line + 1
                note(line)
                # Text, most values, is taken here rather than in a call of its own.
                if not shared and type(value_node) is scalar and value_node.tag == _STR:
                    result[key] = value_node.value
                else:
                    result[key] = build(value_node, depth + 1)
            return result
        if kind is sequence and tag == _SEQ:
            items = LineList()
            items.line = node.start_mark.line + 1
            note(items.line)
            item_lines: list[int] = []
            items.item_lines = item_lines
            for child in node.value:
                item_lines.append(line := child.start_mark.line + 1)
                note(line)
                if not shared and type(child) is scalar and child.tag == _STR:
                    items.append(child.value)
                else:
                    items.append(build(child, depth + 1))
            return items
        raise _Unplain

    return build(root, 0)


def line_order(data: Any) -> list[int]:
    """Every line recorded in parsed data, in one order: a mapping's line, then for each key its line
    followed by its value's lines; a list's line, then for each item its line followed by the item's."""
    order: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, LineDict):
            order.append(node.line)
            for key, value in node.items():
                order.append(node.key_lines[key])
                if isinstance(value, LineDict | LineList):
                    walk(value)
        elif isinstance(node, LineList):
            order.append(node.line)
            for value, line in zip(node, node.item_lines, strict=True):
                order.append(line)
                if isinstance(value, LineDict | LineList):
                    walk(value)

    walk(data)
    return order


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    try:
        return int(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))
    except ValueError:  # Python refuses to read integers of more than 4300 digits
        raise Refused(node.start_mark.line + 1, "talet har för många siffror") from None


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)

# libyaml's problems, said in Swedish (the English original follows in parentheses).
_PROBLEMS = [
    (r"found character '\\t'|tab character", "tabbtecken är inte tillåtna för indrag, använd mellanslag"),
    (r"mapping values are not allowed", "ett kolon står där det inte får stå; kontrollera indraget "
     "eller sätt texten inom citattecken"),
    (r"did not find expected key", "fel indrag: raden hör inte ihop med raderna ovanför"),
    (r"could not find expected ':'", "ett kolon saknas efter fältnamnet"),
    (r"did not find expected '-' indicator", "fel indrag i en lista"),
    (r"found unexpected end of stream", "filen tar slut mitt i ett värde (saknas ett citattecken?)"),
    (r"found undefined alias|found unknown", "okänd YAML-konstruktion"),
    (r"exceeded maximum nesting depth", "värdena är inbäddade i varandra i för många nivåer (listor i listor eller "
     "fält i fält)"),
    (r"found invalid Unicode character escape code", "en \\u-kod inom citattecken är ogiltig (till exempel en "
     "halv UTF-16-kod som \\udcff); ta bort den eller skriv tecknet självt"),
]


def _swedish_problem(problem: str) -> str:
    for pattern, text in _PROBLEMS:
        if re.search(pattern, problem):
            return f"{text} ({problem})"
    return f"filen kan inte läsas som YAML ({problem})"


# `namn:Nytt system`: a field name and a value with no space after the colon. YAML reads the
# whole line as one piece of text, and says so on a later line as a missing colon.
_NO_SPACE = re.compile(r"^(?:- +)?([^\W\d][\w.-]*):(?![\s/])(\S.*)$")


def missing_space(text: str) -> str | None:
    """`key:value` written without the space YAML needs: the message that says so, else None."""
    found = _NO_SPACE.match(text.strip())
    if found is None:
        return None
    return f'ett mellanslag saknas efter kolonet; skriv "{found.group(1)}: {found.group(2)}"'


def _missing_space_near(text: str, err: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """The line, from where the parser began the key to where it gave up, that lacks a space after a colon."""
    marks = [mark.line for mark in (err.context_mark, err.problem_mark) if mark is not None]
    lines = text.split("\n")
    for index in range(max(min(marks) - 1, 0), min(max(marks), len(lines) - 1) + 1):
        message = missing_space(lines[index])
        if message:
            return index + 1, message
    return None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (and on again after it, if it was on).

    Building many small objects triggers the collector again and again, and each full collection walks
    every object alive, all of which the caller keeps; nothing is freed later than a collection after
    the block would free it, so pausing it while data is read is safe and much faster."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_yaml(text: str, label: str, first_line: int = 1) -> tuple[Any, list[DataIssue]]:
    """Parse YAML text; return the data (or None) and any Swedish issues. Never raises."""
    data, issues, _ = parse_yaml_in_order(text, label, first_line)
    return data, issues


def parse_yaml_in_order(text: str, label: str, first_line: int = 1) -> tuple[Any, list[DataIssue], list[int]]:
    """parse_yaml, and every line of the data in `line_order`'s order (what the parse cache keeps)."""
    order: list[int] = []
    data, issues = _parse(text, label, first_line, order)
    return data, issues, order


def _parse(text: str, label: str, first_line: int, order: list[int]) -> tuple[Any, list[DataIssue]]:
    # Blank lines in front keep every recorded line number true to the file (front matter).
    text = "\n" * (first_line - 1) + text
    try:
        with gc_paused():
            return _load(text, order), []
    except Refused as refused:
        return None, [DataIssue(label, refused.line, None, None, refused.message)]
    except DuplicateKey as dup:
        msg = f'fältet "{dup.key}" förekommer två gånger; ta bort eller slå ihop det ena'
        return None, [DataIssue(label, dup.line, None, None, msg)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        spaced = _missing_space_near(text, err) if mark else None
        if spaced:
            return None, [DataIssue(label, spaced[0], None, None, spaced[1])]
        return None, [DataIssue(label, line, None, None, _swedish_problem(str(err.problem)))]
    except RecursionError:  # Python's message depends on where the stack ran out: say what it means
        return None, [DataIssue(label, None, None, None, "värdena är inbäddade i varandra i för många nivåer "
                                "(listor i listor eller fält i fält)")]
    except (yaml.YAMLError, ValueError, TypeError) as err:
        return None, [DataIssue(label, None, None, None, _swedish_problem(str(err)))]


def read_yaml_file(path: Path, label: str) -> tuple[Any, list[DataIssue]]:
    """Read and parse one YAML file."""
    text, problem = read_text_file(path)
    if problem:
        return None, [DataIssue(label, None, None, None, problem)]
    return parse_yaml(text, label)


def read_text_file(path: Path) -> tuple[str, str | None]:
    """A data file or page as text (a UTF-8 byte-order mark dropped), or a Swedish reason it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "filen är inte sparad som UTF-8; spara den som UTF-8 och försök igen"
    except IsADirectoryError:
        return "", "är en mapp, inte en fil"
    except PermissionError:
        return "", "filen går inte att läsa: behörighet saknas"
    except FileNotFoundError:
        return "", "filen saknas (eller är en länk som pekar på en fil som inte finns)"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "", "filen är en länk som pekar på sig själv (en länkslinga)"
        return "", f"filen går inte att läsa ({err.strerror or 'okänt fel'})"


def placeholders(data: Any, marker: str, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every value that is still the template's marker (for example ÄNDRA)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, marker, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholders(value, marker, (*path, index))
    elif isinstance(data, str) and data.strip() == marker:
        yield path


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the deepest node along `path` that the YAML recorded."""
    line = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


class Naming(Protocol):
    """How the entries of one list are named in messages (macros/catalogue.py declares them)."""

    @property
    def label(self) -> str: ...

    @property
    def names(self) -> tuple[str, ...]: ...


def describe_location(data: Any, loc: tuple[Any, ...],
                      naming: Mapping[str, Naming]) -> tuple[str | None, str | None]:
    """Split a location into the entry it belongs to (`system "x"`) and the field path.

    `naming` maps a list's key to how its entries are named (the data file's catalogue entry)."""
    entry = None
    rest = loc
    node = data
    for index, step in enumerate(loc):
        if isinstance(step, int) and index > 0 and isinstance(loc[index - 1], str):
            kind = naming.get(loc[index - 1])
            if kind is not None and isinstance(_step(node, step), dict):
                entry = _entry_name(kind, node, step)
                rest = loc[index + 1:]
        node = _step(node, step)
    parts = [f"[{s + 1}]" if isinstance(s, int) else str(s) for s in rest]
    return entry, ".".join(parts).replace(".[", "[") or None


def _step(node: Any, step: Any) -> Any:
    if isinstance(node, dict) and step in node:
        return node[step]
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def _entry_name(kind: Naming, container: Any, index: int) -> str:
    item = _step(container, index)
    values = [str(item[k]) for k in kind.names
              if isinstance(item.get(k), str | int) and not isinstance(item.get(k), bool)]
    if values:
        return f'{kind.label} "{", ".join(values)}"'
    return f"{kind.label} nr {index + 1}"
