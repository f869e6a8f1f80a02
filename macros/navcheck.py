"""Check mkdocs.yml before MkDocs does: it must parse, and every menu (nav) entry must point to a page.

The menu is mkdocs.yml's nav plus the register pages declared with `menu=` (macros/menu.py): `menu`
and `nav_entries` read it as the build shows it, and a declared section that is not there is reported.

The file is only composed (not constructed), so MkDocs's own tags (`!ENV`, `!!python/name:`)
need no code here; every problem is a Swedish `DataIssue` with the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from . import pages
from .catalogue import Register
from .errors import DataIssue
from .menu import with_register_pages
from .registers import all_registers
from .yamlsource import _swedish_problem

LABEL = "mkdocs.yml"
_STR = "tag:yaml.org,2002:str"


def _issue(node: yaml.Node, message: str) -> DataIssue:
    return DataIssue(LABEL, node.start_mark.line + 1, None, None, message)


def _check_target(node: yaml.Node, docs: Path) -> list[DataIssue]:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
        return [_issue(node, "menyraden pekar inte på någon sida; skriv Rubrik: mapp/sida.md")]
    target = node.value.strip()
    if "://" in target or target in pages.GENERATED_IN_MENU:
        return []
    if not (docs / target).is_file():
        return [_issue(node, f'menyn (nav) pekar på "{target}", som inte finns i docs/')]
    return []


def _check_items(node: yaml.Node, docs: Path) -> list[DataIssue]:
    if not isinstance(node, yaml.SequenceNode):
        return [_issue(node, "menyn (nav) ska vara en lista med rader som börjar med -")]
    issues: list[DataIssue] = []
    for item in node.value:
        if isinstance(item, yaml.MappingNode):
            if len(item.value) != 1:
                issues.append(_issue(item, "varje menyrad ska ha en rubrik och en sida (eller en lista)"))
                continue
            key, value = item.value[0]
            if not isinstance(key, yaml.ScalarNode) or key.tag != _STR or not key.value.strip():
                issues.append(_issue(item, "menyradens rubrik är ingen text; sätt citattecken runt rubriken"))
            elif isinstance(value, yaml.SequenceNode):
                issues += _check_items(value, docs)
            else:
                issues += _check_target(value, docs)
        else:
            issues += _check_target(item, docs)
    return issues


def check_mkdocs_yml(root: Path) -> list[DataIssue]:
    """Problems in root/mkdocs.yml: YAML that does not parse, or menu entries without a page.

    Raises menu.MenuError when a register puts its page in a menu section the nav does not have."""
    try:
        text = (root / LABEL).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [DataIssue(LABEL, None, None, None, "filen är inte sparad som UTF-8")]
    except OSError:
        return [DataIssue(LABEL, None, None, None, "filen går inte att läsa")]
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return [DataIssue(LABEL, mark.line + 1 if mark else None, None, None, _swedish_problem(str(err.problem)))]
    except yaml.YAMLError as err:
        return [DataIssue(LABEL, None, None, None, _swedish_problem(str(err)))]
    if not isinstance(document, yaml.MappingNode):
        return [DataIssue(LABEL, None, None, None, "filen ska vara en mappning med inställningar")]
    for key, value in document.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "nav":
            issues = _check_items(value, root / "docs")
            if not issues:
                menu(root)  # a register's menu= that names no section: MenuError, the developer's message
            return issues
    return []


def _nav_node(root: Path) -> yaml.Node | None:
    try:
        document = yaml.compose((root / LABEL).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if isinstance(document, yaml.MappingNode):
        for key, value in document.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "nav" and isinstance(value, yaml.Node):
                return value
    return None


def _plain(node: yaml.Node) -> Any:
    """A composed nav as MkDocs parses it: lists, one-key dicts and strings."""
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): _plain(value) for key, value in node.value}
    return node.value


def menu(root: Path, registers: Iterable[Register] | None = None) -> Any:
    """The menu the build shows: mkdocs.yml's nav with the pages the registers declare (macros/menu.py).

    None when mkdocs.yml has no nav (or cannot be read); raises menu.MenuError for a section that is not there."""
    node = _nav_node(root)
    if node is None:
        return None
    docs = root / "docs"
    return with_register_pages(_plain(node), all_registers() if registers is None else registers,
                               lambda page: (docs / page).is_file())


def nav_entries(root: Path, registers: Iterable[Register] | None = None) -> list[tuple[str | None, str]]:
    """Every (title, page) pair in the menu the build shows, flattened; a page without its own title has None."""
    found: list[tuple[str | None, str]] = []

    def walk(nav: Any) -> None:
        for item in nav if isinstance(nav, list) else []:
            if isinstance(item, str):
                found.append((None, item))
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    elif isinstance(value, str):
                        found.append((title, value))

    walk(menu(root, registers))
    return found
