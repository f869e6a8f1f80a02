"""Om handboken (docs/om-handboken/) on the registers: their data files and their macros, from the declarations.

A new register brings its row on Datafilerna (`DataFile.about`) and on Makron (`Macro.about`) with its own
module, so no page lists them by hand. The text is Markdown the developer wrote in the declaration (links
relative to the guide's pages, `code`): trusted, unlike data, which always passes through `render.text()`.
The tables are Markdown tables, as the hand-written ones on the same pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from .registers import all_registers, data_files

OPTIONAL = "Filen får saknas."


def _cell(markdown: str) -> str:
    """Declared Markdown as one table cell: one line (a "|" would split the cell; the tests refuse one)."""
    return " ".join(markdown.split())


def _table(headers: tuple[str, str], rows: Iterable[tuple[str, str]]) -> str:
    lines = [f"| {headers[0]} | {headers[1]} |", "|---|---|", *(f"| {a} | {_cell(b)} |" for a, b in rows)]
    return "\n\n" + "\n".join(lines) + "\n\n"


def data_file_table() -> str:
    """`{{ datafiler() }}`: every data file a register declares, by file name, and what it holds."""
    return _table(("Fil", "Innehåll"), (
        (f"`{spec.name}`", f"{spec.about} {OPTIONAL}" if spec.optional else spec.about) for spec in data_files()))


def register_macro_table() -> str:
    """`{{ registermakron() }}`: the macros the registers give, register by register, and what each shows."""
    return _table(("Makro", "Ger"), (
        (f"`{macro.example or name + '()'}`", macro.about)
        for register in all_registers() for name, macro in register.macros.items()))
