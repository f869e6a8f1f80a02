"""The coordinator's synonyms in the search (data/synonymer.yaml): words staff type, and the handbook's words
the search also looks for. The build hands them to the query step in the browser (macros/search.py)."""

from __future__ import annotations

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Macro, Register, Scope
from ..columns import Column, table
from ..render import ja_nej

DATA = DataFile("synonymer.yaml", m.SynonymsFile, "Synonymer i sökningen: ord som personalen använder",
                "Om handboken (Synonymer i sökningen) och i sökrutan på varje sida",
                (Entries("synonymer", "synonym", ("ord",), "ord"),), optional=True, handbook={"synonyms": None},
                item_pages=False,
                about=("Ord som personalen söker på och de ord handboken använder för samma sak, till exempel "
                       "avvikelse och incident. Se [Hjälpa sökningen](sokord.md#synonymer)."))


def synonyms_table(scope: Scope) -> str:
    """The macro `{{ synonymer() }}`: the synonyms in the data file's order."""
    found = DATA.of(scope.hb)
    return table("Synonymer i sökningen", [Column("Ord som personalen söker på", page=""),
                                           Column("Sökningen letar också efter", page=""), Column("Exempel", page="")],
                 [(s.word, ", ".join(s.also), ja_nej(s.example)) for s in (found.synonyms if found else [])],
                 empty="Inga synonymer ännu: lägg till dem i data/synonymer.yaml.")


REGISTER = Register(
    DATA,
    pages=("om-handboken/sokord.md",),
    audience=Audience.ALL,  # shown in the search of every edition
    macros={"synonymer": Macro(synonyms_table, "Synonymerna i sökningen (`data/synonymer.yaml`)")},
)
