"""Check mkdocs.yml before MkDocs does: it must parse, and every menu (nav) entry must point to a page.

The file is only composed (not constructed), so MkDocs's own tags (`!ENV`, `!!python/name:`)
need no code here; every problem is a Swedish `DataIssue` with the line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import pages
from .errors import DataIssue
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
    """Problems in root/mkdocs.yml: YAML that does not parse, or menu entries without a page."""
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
            return _check_items(value, root / "docs")
    return []


def nav_entries(root: Path) -> list[tuple[str | None, str]]:
    """Every (title, page) pair in the menu, flattened; a page without its own title has None."""
    try:
        document = yaml.compose((root / LABEL).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    found: list[tuple[str | None, str]] = []

    def walk(node: yaml.Node) -> None:
        for item in node.value if isinstance(node, yaml.SequenceNode) else []:
            if isinstance(item, yaml.ScalarNode):
                found.append((None, item.value))
            elif isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    if isinstance(value, yaml.SequenceNode):
                        walk(value)
                    elif isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                        found.append((key.value, value.value))

    if isinstance(document, yaml.MappingNode):
        for key, value in document.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "nav":
                walk(value)
    return found
