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
             handbook={"organisation": None}, settings=True,
             about=('Förvaltningens namn, roller med kontaktvägar, vem som är personuppgiftsansvarig, '
                    'rapporteringsfrister för incidenter (vem som lämnar rapporten, vem som rådfrågas och vilken '
                    'myndighet som tar emot den, och med `till_mottagaren_inom_timmar` förvaltningens egen frist för'
                    ' att ge rapporten till mottagaren, till exempel SLK, som måste vara kortare än lagens frist; en'
                    ' frist i timmar löper också under långa helger, så minst en roll i `anmäls_av` eller '
                    '`delegerad_till`, de som genom delegation lämnar rapporten på dess vägnar, ska ha `dygnet_runt:'
                    ' ja`), de första stegen vid en incident (`första_stegen`) och kedjan kvällar och helger '
                    '(`utanför_kontorstid`). Här finns också `exempeldata: ja`, som visar varningen överst på varje '
                    'sida och märker allt annat som handboken skriver ut: varje rad i exporterna och tillsynspaketet'
                    ' får kolumnen *Exempeldata*, och kalendrarna och flödet för *Vad är nytt* får "(exempeldata)" '
                    'efter varje namn. Ändra till `nej` när uppgifterna är verkliga.')),
    audience=Audience.ALL,  # roles and contact routes are for everyone
)
