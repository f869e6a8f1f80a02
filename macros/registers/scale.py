"""The classification scale (data/klassningsskala.yaml): levels and the aspects K, R, T and S."""

from __future__ import annotations

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Register

REGISTER = Register(
    DataFile("klassningsskala.yaml", m.Scale, "Skala för informationsklassning",
             "Informationsklassning och i systemförteckningen",
             (Entries("nivåer", "nivå", ("värde",), "värde"), Entries("aspekter", "aspekt", ("kod",), "kod")),
             handbook={"scale": None}, settings=True,
             about=("Skalan för informationsklassning (nivåer och aspekterna K, R, T och S).")),
    audience=Audience.ALL,
)
