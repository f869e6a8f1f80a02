"""Systems written into data/system.yaml as a person writes them, so a change is a small diff.

The import writes text, not a YAML dump, to keep the file's comments and layout. A new entry has
every value in the hand-written form (`ja`/`nej`, dates and levels unquoted) and follows the blank
line the file puts between entries. An entry that `lis import --ersatt` replaces keeps every line
whose value did not change (its quoting, its comment, its place); a changed value is rewritten on
its own line, a new value gets a line where the column order puts it, a value the row no longer has
loses its line. A patched entry is read back and must give exactly the imported system; if the
entry has a layout this module does not know, it is written anew instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import ValidationError

from . import models as m
from .columns import lookup
from .yamlsource import parse_yaml
from .yamltext import scalar

_TOP = re.compile(r"    ([^\s:#][^:#]*):(?:[ \t]+(.*?))?[ \t]*$")
_SUB = re.compile(r"      ([^\s:#][^:#]*):(?:[ \t]+(.*?))?[ \t]*$")
_IGNORABLE = re.compile(r"[ \t]*(#.*)?$")  # a blank line or a comment


def value_text(value: Any) -> str:
    """A typed value as a person writes it in the data files: ja/nej, ISO dates and numbers unquoted.

    `scalar` quotes the text "ja" (it could be a name); as the value of a choice (krävs: ja) it is plain."""
    if isinstance(value, Enum) and value.value in ("ja", "nej"):
        return str(value.value)
    return scalar(value.value if isinstance(value, Enum) else value)


def key_order(keys: list[str]) -> dict[str, list[str]]:
    """Top-level keys in column order, each with its nested keys (empty for a plain value)."""
    order: dict[str, list[str]] = {}
    for key in keys:
        top, _, sub = key.partition(".")
        order.setdefault(top, [])
        if sub:
            order[top].append(sub)
    return order


def entry_text(system: m.System, keys: list[str]) -> str:
    """One system as a YAML list entry: the dotted `keys` it has a value for, in the order given."""
    lines: list[str] = []
    for top, subs in key_order(keys).items():
        prefix = "  - " if not lines else "    "
        if not subs:
            value = lookup(system, top)
            if value is not None:
                lines.append(f"{prefix}{top}: {value_text(value)}")
            continue
        children = [(sub, lookup(system, f"{top}.{sub}")) for sub in subs]
        if any(value is not None for _, value in children):
            lines.append(f"{prefix}{top}:")
            lines += [f"      {sub}: {value_text(value)}" for sub, value in children if value is not None]
    return "\n".join(lines) + "\n"


class _Unknown(Exception):
    """The entry has a layout this module does not patch (it is written anew instead)."""


@dataclass
class _Item:
    """One field of an entry with its lines (a comment line is an item without a key)."""

    key: str | None
    lines: list[str]
    children: list[_Item] = field(default_factory=list)

    @property
    def parent(self) -> bool:
        found = _TOP.fullmatch(self.lines[0])
        return found is not None and not (found.group(2) or "").split("#")[0].strip()


def _items(lines: list[str]) -> list[_Item]:
    """The top-level fields of an entry body (the lines after `  - id:`)."""
    items: list[_Item] = []
    for line in lines:
        top, sub = _TOP.fullmatch(line), _SUB.fullmatch(line)
        current = items[-1] if items and items[-1].key is not None else None
        if top:
            items.append(_Item(top.group(1), [line]))
        elif _IGNORABLE.fullmatch(line):
            (current.children if current is not None and current.parent and line.startswith("      #")
             else items).append(_Item(None, [line]))
        elif sub and current is not None and current.parent:
            current.children.append(_Item(sub.group(1), [line]))
        elif current is not None and line.startswith("     "):  # a value continued on the next line
            (current.children[-1] if current.children else current).lines.append(line)
        else:
            raise _Unknown
    return items


def _value(old: m.System, new: m.System, key: str, item: _Item, indent: str) -> list[str]:
    """The field's lines: as they are when the value did not change, one new line when it did, none when
    the new system has no value."""
    value = lookup(new, key)
    if value is None:
        return []
    return item.lines if lookup(old, key) == value else [f"{indent}{item.key}: {value_text(value)}"]


def _place(items: list[_Item], order: list[str], key: str) -> int:
    """Where a field the entry did not have goes: after the last field that comes before it in `order`."""
    earlier = set(order[:order.index(key)])
    return max((i + 1 for i, item in enumerate(items) if item.key in earlier), default=0)


def _patch(text: str, old: m.System, new: m.System, keys: list[str]) -> str:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    head, body = lines[0], lines[1:]
    tail: list[str] = []
    while body and _IGNORABLE.fullmatch(body[-1]):
        tail.insert(0, body.pop())
    if not head.startswith("  - id: "):
        raise _Unknown
    order = key_order(keys)
    result: list[_Item] = []
    for item in _items(body):
        if item.key is None or item.key not in order:
            result.append(item)  # a comment, or a field the import has no column for: not its business
        elif not order[item.key]:
            if item.children:
                raise _Unknown
            result.append(_Item(item.key, _value(old, new, item.key, item, "    ")))
        else:
            if not item.parent:
                raise _Unknown  # a flow mapping ({K: 3, ...}): written anew
            children: list[_Item] = []
            for child in item.children:
                if child.key is not None and child.key not in order[item.key]:
                    raise _Unknown
                children.append(child if child.key is None else _Item(child.key, _value(
                    old, new, f"{item.key}.{child.key}", child, "      ")))
            for sub in order[item.key]:
                value = lookup(new, f"{item.key}.{sub}")
                if value is not None and sub not in {c.key for c in children}:
                    children.insert(_place(children, order[item.key], sub),
                                    _Item(sub, [f"      {sub}: {value_text(value)}"]))
            if any(c.key is not None and c.lines for c in children):
                result.append(_Item(item.key, item.lines[:1], children))
    present = {item.key for item in result} | {"id"}
    for top in order:
        if top not in present:
            addition = entry_text(new, [k for k in keys if k.split(".")[0] == top])
            if addition.strip():
                new_lines = ["    " + line.removeprefix("  - ").removeprefix("    ")
                             if n == 0 else line for n, line in enumerate(addition.rstrip("\n").split("\n"))]
                result.insert(_place(result, ["id", *order], top), _Item(top, new_lines))
    out = [head]
    for item in result:
        out += item.lines
        for child in item.children:
            out += child.lines
    return "\n".join([*out, *tail]) + "\n"


def patched_entry(text: str, old: m.System, new: m.System, keys: list[str]) -> str:
    """The entry `text` (from its `  - id:` line to the next entry) changed from `old` to `new`.

    `keys` are the dotted keys of every column, in column order; a key the new system has no value
    for loses its line."""
    try:
        patched: str | None = _patch(text, old, new, keys)
    except _Unknown:
        patched = None
    if patched is None or not _reads_as(patched, new):
        body = text.rstrip("\n")
        return entry_text(new, keys) + text[len(body) + 1:]
    return patched


def _reads_as(text: str, system: m.System) -> bool:
    """The entry, read as YAML and validated, is exactly `system`."""
    data, problems = parse_yaml("system:\n" + text, "data/system.yaml")
    if problems or not isinstance(data, dict) or not isinstance(data.get("system"), list) or len(data["system"]) != 1:
        return False
    try:
        return m.System.model_validate(data["system"][0]) == system
    except ValidationError:
        return False
