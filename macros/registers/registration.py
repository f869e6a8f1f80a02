"""The registration under 2 kap. 2 § cybersäkerhetslagen and its changes (data/registrering.yaml).

One column spec for Lagar och krav (the registration's facts and the table of changes) and the export,
which has a row per change (the registration alone when there is none).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from .. import models as m
from .. import pages
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Reference, Register, Scope
from ..columns import HANDBOOK_STAMP, Column, Table, clean_text, fact_sections, stamp_columns
from ..handbook import Handbook
from ..registration import ChangeState, changes
from ..render import example_mark, iso
from ..swedish import count
from .organisation import ROLES

FILE = "registrering.yaml"


class RegistrationRow(BaseModel):
    """The registration with one of its changes, the change's last day to report it and its state."""

    model_config = ConfigDict(frozen=True)
    registration: m.Registration = Field(alias="registrering")
    change: m.RegistrationChange | None = Field(None, alias="ändring")
    due: date | None = Field(None, alias="anmäls_senast")
    state: ChangeState | None = Field(None, alias="status")



def status_phrase(change: m.RegistrationChange, due: date, state: ChangeState, as_of: date) -> str:
    """A change's state in words, with the dates that matter."""
    if state is ChangeState.REPORTED:
        return f"anmäld {change.reported}"
    if state is ChangeState.REPORTED_LATE:
        return f"anmäld för sent {change.reported} (senast {due})"
    if state is ChangeState.OVERDUE:
        return f"försenad: skulle ha anmälts senast {due}, {count((as_of - due).days, 'dag', 'dagar')} sedan"
    if state is ChangeState.PLANNED:
        return f"planerad: ska anmälas senast {due}"
    return f"ska anmälas senast {due}"


def _status(r: RegistrationRow, x: Scope) -> str:
    assert r.change is not None and r.due is not None and r.state is not None  # the page shows changes only
    return status_phrase(r.change, r.due, r.state, x.as_of)


def _role(role_id: str, x: Scope) -> str:
    return x.hb.role(role_id).name


FACTS = "Registreringen"  # the facts of the registration itself, as Lagar och krav shows them
RegistrationColumn = Column[RegistrationRow, Scope]
REGISTRATION_COLUMNS: tuple[RegistrationColumn, ...] = (
    RegistrationColumn("Verksamhetsutövare", "registrering.verksamhetsutövare", section=FACTS),
    RegistrationColumn("Registrerad", "registrering.anmäld", section=FACTS, fact=lambda r, x: (
        "Anmäld", f"{r.registration.registered.isoformat()}{example_mark(r.registration.example)}")),
    RegistrationColumn("Registrerad av", export=lambda r, x: _role(r.registration.registered_by, x), section=FACTS,
                       fact=lambda r, x: ("Anmäld av", _role(r.registration.registered_by, x))),
    RegistrationColumn("Myndighet", export=lambda r, x: x.hb.authority(r.registration.authority).name,
                       section=FACTS, fact=lambda r, x: ("Till", x.hb.authority(r.registration.authority).name)),
    RegistrationColumn("Anmälda uppgifter",
                       export=lambda r, x: "\n".join(clean_text(t) for t in r.registration.contents),
                       section=FACTS, fact=lambda r, x: ("Anmälda uppgifter", "; ".join(r.registration.contents))),
    RegistrationColumn("Diarienummer", "registrering.diarienummer", section=FACTS,
                       fact=lambda r, x: ("Diarienummer", r.registration.reference or "–")),
    RegistrationColumn("Exempel", "registrering.exempel"),
    RegistrationColumn("Ändring", "ändring.id"),
    RegistrationColumn("Ändrad", "ändring.ändrad", page="",
                       cell=lambda r, x: iso(r.change.changed if r.change else None)),
    RegistrationColumn("Vad som ändrades", "ändring.vad", page="",
                       cell=lambda r, x: r.change.what + example_mark(r.change.example) if r.change else "–"),
    RegistrationColumn("Anmäls senast", "anmäls_senast", page="", cell=lambda r, x: iso(r.due)),
    RegistrationColumn("Ändringen anmäld", "ändring.anmäld", page="Anmäld",
                       cell=lambda r, x: iso(r.change.reported if r.change else None)),
    RegistrationColumn("Ändringens status", "status", dated=True, page="Status", cell=_status),
    RegistrationColumn("Ändringens diarienummer", "ändring.diarienummer", page="Diarienummer",
                       cell=lambda r, x: (r.change.reference if r.change else None) or "–"),
    RegistrationColumn("Ändringen är exempel", "ändring.exempel"),
    *stamp_columns(HANDBOOK_STAMP),
)


def registration_rows(hb: Handbook, as_of: date) -> list[RegistrationRow]:
    """A row per change, oldest first, with its state on `as_of`; the registration alone when none."""
    if hb.registration is None:
        return []
    registration = hb.registration.registration
    rows = [RegistrationRow.model_validate({"registrering": registration, "ändring": s.change,
                                            "anmäls_senast": s.due, "status": s.state})
            for s in changes(hb, as_of)]
    return rows or [RegistrationRow.model_validate({"registrering": registration})]


def registration_facts(hb: Handbook, registration: m.Registration) -> list[tuple[str, object]]:
    """The registration's own facts (label, value) as Lagar och krav shows them, from the columns above."""
    row = RegistrationRow.model_validate({"registrering": registration})
    context = Scope(hb, date.min)  # no fact of the registration depends on the date
    return dict(fact_sections(REGISTRATION_COLUMNS, row, context))[FACTS]


def registration_table(hb: Handbook, as_of: date, version: str = "") -> Table[RegistrationRow, Scope]:
    return Table(REGISTRATION_COLUMNS, tuple(registration_rows(hb, as_of)), Scope(hb, as_of, version))


def _what(scope: Scope, table: Table[RegistrationRow, Scope]) -> str:
    found = count(len(scope.hb.registration.changes) if scope.hb.registration else 0, "ändring", "ändringar",
                  none="inga ändringar")
    return (f"Registreringen enligt 2 kap. 2 § cybersäkerhetslagen och {found} i den, med sista dag att anmäla "
            "varje ändring och om den är anmäld.")


REGISTER = Register(
    DataFile(FILE, m.RegistrationFile, "Registrering enligt cybersäkerhetslagen och anmälda ändringar",
             "Lagar och krav (registreringen och ändringarna) och Uppföljning (påminnelse och Att göra)",
             (Entries("ändringar", "ändring", unique="id"),),
             (Reference("registrering.anmäld_av", *ROLES),
              Reference("registrering.myndighet", "lagkrav.yaml", "myndigheter")),
             optional=True, handbook={"registration": None}, item_pages=False,
             about=("Registreringen enligt 2 kap. 2 § cybersäkerhetslagen (när, av vem, till vilken myndighet och "
                    "vad) och varje ändring i den, med dag då den anmäldes. Se [Anmäla en ändring i "
                    "registreringen](registrering.md).")),
    lambda scope: registration_table(scope.hb, scope.as_of, scope.version),
    Export("registrering", "Registrering", "registreringen", _what, in_supervision=True, order=80),
    pages=(pages.LAW,),
    audience=Audience.ALL,  # who registered, when and with whom is no weak point; the page is for everyone
)
