"""Law facts, authorities, duties, who counts as ledningen and the NIS 2 coverage (data/lagkrav.yaml)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import models as m
from ..audience import Audience
from ..catalogue import PAGES, DataFile, Entries, Reference, Register
from ..documents import GoverningDoc
from ..handbook import Handbook
from ..management_stance import source_issues
from .organisation import ROLES

FACTS = "lagkrav.yaml", "lagrum"


def _stance_source(hb: Handbook, docs: Sequence[GoverningDoc]) -> list[tuple[tuple[Any, ...], str]]:
    return source_issues(hb.law.management if hb.law else None, docs)


REGISTER = Register(
    DataFile("lagkrav.yaml", m.LawFile, "Lagrum, myndigheter, ledningen och NIS 2-täckning",
             "Lagar och krav, Styrande dokument (NIS 2-täckningen), Utbildning och incidentrutinerna",
             (Entries("lagrum", "lagrum", unique="id",
                      unknown='okänt lagrum "{ref}"; lagrum finns under lagrum i data/lagkrav.yaml'),
              Entries("myndigheter", "myndighet", unique="id",
                      unknown='okänd myndighet "{ref}". Kända myndigheter i data/lagkrav.yaml: {known}.'),
              Entries("skyldigheter", "skyldighet", unique="id"), Entries("nis2_områden", "punkt", ("punkt",))),
             (Reference("myndigheter.*.lagrum", *FACTS), Reference("skyldigheter.*.lagrum", *FACTS),
              Reference("skyldigheter.*.utförs_av", *ROLES), Reference("ledningen.lagrum", *FACTS),
              Reference("ledningen.grupper", *ROLES), Reference("nis2_områden.*.åtgärder", "atgarder.yaml", "åtgärder"),
              Reference("nis2_områden.*.sidor", PAGES, hint="belägg måste vara en befintlig sida"),
              Reference("ledningen.fastställs_i.sida", PAGES,
                        hint="ange det styrdokument som säger vem som är ledningen")),
             handbook={"law": None}, page_checks=_stance_source, item_pages=False,
             about=('Lagrum med beteckning, paragraf och datum då de kontrollerades, myndigheterna, skyldigheterna '
                    'enligt cybersäkerhetslagen, vem som räknas som ledningen (med `fastställs_i`: styrdokumentet '
                    'och versionen som säger det; om versionen är fastställd läses ur liggaren, annars står '
                    'ställningstagandet som ett förslag) och din bedömning av täckningen av lagens tio områden för '
                    'säkerhetsåtgärder (`täckt`, `delvis` eller `saknas`). `täckt` kräver sidor som belägg, och '
                    '`delvis` och `saknas` kräver åtgärder. Ändras en av sidorna efter dagen i `bedömd`, eller säger'
                    ' bedömningen `saknas` fast en av sidorna är fastställd, står "ompröva" vid bedömningen på Lagar'
                    ' och krav tills du har gjort om den och skrivit ett nytt datum.')),
    # The law and the duties are for everyone; the coverage judgements (täckt, delvis, saknas) name gaps,
    # which a two-edition build (issue 30) may want to restrict.
    audience=Audience.ALL,
)
