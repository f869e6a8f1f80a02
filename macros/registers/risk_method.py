"""The risk method (data/riskmetod.yaml): scales for likelihood and consequence, levels and who accepts them."""

from __future__ import annotations

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Reference, Register
from .organisation import ROLES

REGISTER = Register(
    DataFile("riskmetod.yaml", m.RiskMethod, "Riskmetod: skalor, risknivåer och vem som får acceptera dem",
             "Rutiner > Riskhantering",
             (Entries("sannolikhet", "steg", ("värde",)), Entries("konsekvens", "steg", ("värde",)),
              Entries("nivåer", "nivå", ("nivå",), "nivå")),
             (Reference("nivåer.*.accepteras_av", *ROLES), Reference("konsekvens.*.accepteras_av", *ROLES)),
             optional=True, handbook={"risk_method": None}, item_pages=False,
             about=("Riskmetoden: skalor för sannolikhet och konsekvens, risknivåerna och vem som får acceptera en "
                    "risk på varje nivå. Se [Bedöma risker](risker.md).")),
    audience=Audience.ALL,  # the method is a routine; the risks it is applied to are restricted
)
