"""The registers: one module per register (or data file), each declaring `REGISTER = Register(...)`.

A new register is a new module here; it is found by looking, never by adding it to a list. Everything
that needs to know the registers (the loader, the reference check, the schemas, `lis export`,
`lis tillsyn`, `make serve` and the tests) asks `all_registers()` or `data_files()`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..catalogue import DataFile, Register


class DeclarationError(Exception):
    """A module in macros/registers/ does not declare its register as the others do (a developer's mistake)."""


@functools.cache
def all_registers() -> tuple[Register, ...]:
    """Every register, in the order of its module's name."""
    return find_registers(__path__, __name__)


def find_registers(path: Iterable[str], package: str) -> tuple[Register, ...]:
    """The register each module of the package at `path` declares (modules named _… are helpers)."""
    found = []
    for info in sorted(pkgutil.iter_modules(path), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        register = getattr(module, "REGISTER", None)
        if not isinstance(register, Register):
            raise DeclarationError(f"macros/registers/{info.name}.py has no REGISTER = Register(...): every module "
                                   "in macros/registers/ declares one register (see CONTRIBUTING.md, 'Where do I add "
                                   "a register?'); put helpers in a module whose name starts with _")
        found.append(replace(register, module=info.name))
    names = [r.data.name for r in found if r.data is not None]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DeclarationError(f"more than one register in macros/registers/ declares the data file {', '.join(twice)}")
    return tuple(found)


@functools.cache
def data_files() -> tuple[DataFile[Any], ...]:
    """Every data file under data/ that a register declares, by file name."""
    return tuple(sorted((r.data for r in all_registers() if r.data is not None), key=lambda d: d.name))


def data_file(name: str) -> DataFile[Any]:
    """The declaration of data/`name` (a programming error if there is none)."""
    for spec in data_files():
        if spec.name == name:
            return spec
    raise KeyError(f"no register in macros/registers/ declares data/{name}")


def exported() -> list[Register]:
    """The registers `lis export` writes, in their declared order."""
    return sorted((r for r in all_registers() if r.export is not None and r.export.in_export),
                  key=lambda r: r.export.order if r.export else 0)


def in_supervision() -> list[Register]:
    """The registers the supervision package (`lis tillsyn`) holds, in their declared order."""
    return sorted((r for r in all_registers() if r.export is not None and r.export.in_supervision),
                  key=lambda r: r.export.order if r.export else 0)
