"""Organisation, roles, contact routes and reporting deadlines (data/organisation.yaml). Every page may show it."""

from __future__ import annotations

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Reference, Register

ROLES = "organisation.yaml", "roller"  # what other registers refer to with a role id


def _role(path: str) -> Reference:
    return Reference(path, *ROLES)


REGISTER = Register(
    DataFile("organisation.yaml", m.Organisation, "Organisation, roller, kontaktvägar och rapporteringsfrister",
             "startsidan, Om LIS, Roller och ansvar och i rutinerna (via makron)",
             (Entries("roller", "roll", unique="id", unknown='okänd roll "{ref}". Kända roller: {known}.'),
              Entries("frister", "frist", unique="id", unknown='okänd frist "{ref}". Kända frister: {known}.')),
             (_role("frister.*.mottagare"), _role("frister.*.anmäls_av"), _role("frister.*.delegerad_till"),
              _role("frister.*.rådfrågas"),
              Reference("frister.*.myndighet", "lagkrav.yaml", "myndigheter"), _role("personuppgiftsansvarig"),
              _role("första_stegen.*.kontakt"), _role("utanför_kontorstid.*.roll")),
             handbook={"organisation": None}, settings=True),
    audience=Audience.ALL,  # roles and contact routes are for everyone
)
