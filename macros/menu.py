"""The menu as every engine should show it: mkdocs.yml's nav plus the register pages declared with `menu=`.

A register may say which top-level section of the menu its pages go in (`Register.menu`, the section's
title in mkdocs.yml), so adding a register needs no line in mkdocs.yml. This module computes the
resulting menu from the nav as plain data (lists, one-key dicts and strings, as MkDocs and ProperDocs
parse it) without importing an engine: the `lis` plugin hands it to MkDocs in on_config, `navcheck`
reads the same menu, and an adapter for an engine that runs no MkDocs plugins (Zensical) would write it
into that engine's configuration.

A declared page is appended, untitled (the engine takes its title from the page's first heading, as
for any untitled nav entry), at the end of its section, unless the menu lists it already; a page that
is not among the project's pages is left out (a test project without the register's page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .catalogue import Register
from .registers import DeclarationError


class MenuError(DeclarationError):
    """A register declares a menu section that mkdocs.yml's nav does not have (a developer's mistake)."""


def listed_pages(nav: Any) -> Iterator[str]:
    """Every page (or address) the nav points at, in menu order."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from listed_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from listed_pages(value)


def sections(nav: Any) -> list[str]:
    """The titles of the nav's top-level sections (entries that hold a list of pages)."""
    if not isinstance(nav, list):
        return []
    return [title for item in nav if isinstance(item, dict)
            for title, value in item.items() if isinstance(value, list)]


def with_register_pages(nav: Any, registers: Iterable[Register], exists: Callable[[str], bool]) -> Any:
    """`nav` with every declared register page (`exists` says it is a page of the project) that it does not
    list yet appended to the end of the register's `menu` section; a new nav, `nav` is not changed.

    No nav (None: the engine lists every page itself) stays None. Raises MenuError, naming the register's
    module and the sections there are, when a page is to be placed in a section the nav does not have."""
    if not isinstance(nav, list):
        return nav
    listed = set(listed_pages(nav))
    placed: dict[str, list[str]] = {}
    for register in registers:
        new = [page for page in dict.fromkeys(register.pages) if register.menu and page not in listed and exists(page)]
        if not new:
            continue
        if register.menu not in sections(nav):
            there = ", ".join(f'"{title}"' for title in sections(nav)) or "none"
            raise MenuError(f'{register.source} puts its page {new[0]} in the menu section "{register.menu}" '
                            f"(menu= in its Register(...)), but nav: in mkdocs.yml has no top-level section "
                            f"with that title; the sections are: {there}")
        placed.setdefault(register.menu, []).extend(new)
        listed.update(new)
    if not placed:
        return nav
    return [{title: [*value, *placed.pop(title, ())] if isinstance(value, list) else value  # the first of a title
             for title, value in item.items()} if isinstance(item, dict) else item for item in nav]
