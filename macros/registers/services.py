"""The services, apps and forms the everyday pages name (data/tjanster.yaml): approved or not, and for what.

The pages show them as short lists that read well on a phone (macros/service_views.py, the macro
tjanster()), not as a table; whether a service counts as approved is a rule (macros/service_approval.py).
"""

from __future__ import annotations

from .. import models as m
from ..audience import Audience
from ..catalogue import DataFile, Entries, Reference, Register

REGISTER = Register(
    DataFile("tjanster.yaml", m.ServicesFile, "Tjänster, appar och blanketter som vardagssidorna hänvisar till",
             "AI-användning, Lösenord och inloggning, Förskola, Äldreomsorg och hemtjänst, Socialtjänst och LSS",
             (Entries("tjänster", "tjänst", unique="id"),),
             (Reference("tjänster.*.system", "system.yaml", "system"),),
             optional=True, handbook={"services": "services"}, item_pages=False,
             about=("Tjänster, appar och blanketter som vardagssidorna hänvisar till, och om de är godkända: "
                    "AI-tjänster, förskolans plattform, säker kommunikation, inloggning med mera. Se [Ändra godkända"
                    " tjänster och lagringstider](tjanster.md).")),
    pages=("rutiner/ai-anvandning.md", "vardag/losenord-och-inloggning.md", "vardag/forskola.md",
           "vardag/aldreomsorg-och-hemtjanst.md", "vardag/socialtjanst.md", "vardag/lss.md"),
    audience=Audience.ALL,  # what staff may use, for everyone
)
