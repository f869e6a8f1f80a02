"""How long each kind of LIS record is kept and where (data/bevarande.yaml), under arkivlagen (1990:782).

Shown under the document register on Styrande dokument and put in the supervision package. The values
come from the district's informationshanteringsplan; the example data marks its values as examples.
"""

from __future__ import annotations

from typing import Any

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Macro, Register, Scope
from ..columns import Column, Table
from ..render import ja_nej, text

DATA = DataFile("bevarande.yaml", m.RetentionFile, "Bevarande och gallring av LIS-handlingar",
                "Styrande dokument (under dokumentregistret) och i tillsynspaketet (lis tillsyn)",
                (Entries("handlingar", "handling", unique="id"),), optional=True, item_pages=False,
                about=("Hur länge varje slag av LIS-handling sparas och var (bevaras eller gallras), enligt nämndens"
                       " informationshanteringsplan och arkivlagen. Visas under dokumentregistret på [Styrande "
                       "dokument](../styrande/index.md) och i tillsynspaketet."))

RetentionColumn = Column[m.RetentionRule, Any]
COLUMNS: tuple[RetentionColumn, ...] = (
    RetentionColumn("Handling", "handling", page=""),
    RetentionColumn("Bevarande", "bevarande", page=""),
    RetentionColumn("Förvaras", "förvaras", page=""),
    RetentionColumn("Grund", "grund", page=""),
    RetentionColumn("Exempel", export=lambda r, x: ja_nej(r.example), page=""),
)


def table(scope: Scope) -> Table[m.RetentionRule, Any]:
    found = DATA.of(scope.hb)
    return Table(COLUMNS, tuple(found.rules) if found else (), None)


def page_table(scope: Scope) -> str:
    """`{{ bevarande() }}`: how long LIS records are kept and where, under the document register."""
    rows = table(scope)
    if not len(rows):
        missing = text("Ingen uppgift om bevarande är införd. För in hur länge varje slag av LIS-handling sparas och "
                       "var i data/bevarande.yaml, enligt nämndens informationshanteringsplan.")
        return f"\n\n<p>{missing}</p>\n\n"
    examples = any(r.example for r in rows.rows)
    return rows.html("Bevarande och gallring av LIS-handlingar" + (" (exempeldata)" if examples else ""))


def _what(scope: Scope, rows: Table[m.RetentionRule, Any]) -> str:
    kinds = "1 slag" if len(rows) == 1 else f"{len(rows)} slag"
    return (f"Bevarande och gallring: {kinds} av LIS-handlingar med hur länge de sparas, var och enligt vilket "
            "beslut (informationshanteringsplanen).")


REGISTER = Register(
    DATA,
    table,
    Export("bevarande", "Bevarande", "bevarandet", _what, in_export=False, in_supervision=True, order=85),
    pages=("styrande/index.md",),
    audience=Audience.ALL,  # how long public records are kept is no secret
    macros={"bevarande": Macro(page_table, "Hur länge varje slag av LIS-handling sparas och var "
                                           "(`data/bevarande.yaml`)")},
)
