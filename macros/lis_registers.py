"""The LIS registers' column specs: risk register, internal audit, exercises, registration, management training.

A sibling of registers.py (which holds the system inventory, the action plan and the SoA). Each spec
drives the register's .xlsx/.csv export in `lis export` and its file in the `lis tillsyn` package. The
page tables of these registers show other columns in another order (a combined likelihood × consequence,
role names with example marks, links), so they keep their own columns in the *_views modules.

A register whose rows combine two records (an audit and one of its findings, the registration and one
of its changes, a member and the training that counts) gets a small row model, so the columns read the
values by dotted YAML key like every other register.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from . import models as m
from .columns import HANDBOOK_STAMP, OWN_STAMP, Column, Table, clean_text, stamp_columns
from .internal_audit import audit_state, finding_state
from .loader import Handbook
from .management_training import TrainingState, member_status
from .registration import ChangeState, changes
from .review import treatment_state


@dataclass(frozen=True)
class StampedContext:
    """The reference date, the version every row is stamped with, and the handbook for lookups."""

    as_of: date
    version: str
    hb: Handbook


def _role(role_id: str | None, x: StampedContext) -> str | None:
    return x.hb.role(role_id).name if role_id else None


# --- The risk register -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskContext(StampedContext):
    actions: dict[str, m.Action]
    risks: tuple[m.Risk, ...]  # every year's assessments, for whether one is superseded


def reassessment(risk: m.Risk, risks: Iterable[m.Risk], as_of: date) -> str:
    """Whether an assessment is the current one for `as_of`'s year (same source and process), in Swedish."""
    later = [r.year for r in risks if (r.source, r.process) == (risk.source, risk.process)
             and risk.year < r.year <= as_of.year]
    if later:
        return f"ersatt av bedömningen {max(later)}"
    if risk.year > as_of.year:
        return f"gäller från {risk.year}"
    return f"omprövad {risk.year}" if risk.year == as_of.year else f"ska omprövas {as_of.year}"


RISK_COLUMNS: tuple[Column[m.Risk, RiskContext], ...] = (
    Column("Id", "id"),
    Column("Bedömd år", "år"),
    Column("Källa", export=lambda r, x: r.source_label),
    Column("Process", "process"),
    Column("Risk", "risk"),
    Column("Nivå", "nivå"),
    Column("Sannolikhet", "sannolikhet"),
    Column("Konsekvens", "konsekvens"),
    Column("Ägare", export=lambda r, x: _role(r.owner, x)),
    Column("Behandling", "behandling"),
    Column("Åtgärder", "åtgärder"),
    Column("Behandlingen", export=lambda r, x: treatment_state(r, x.actions, x.as_of).value),
    Column("Kvarvarande nivå", export=lambda r, x: r.residual.value if r.residual else "ej bedömd"),
    Column("Accepterad av", export=lambda r, x: _role(r.accepted_by, x)),
    Column("I internkontrollplanen", "i_ikp"),
    Column("Omprövning", export=lambda r, x: reassessment(r, x.risks, x.as_of)),
    Column("Ursprung", "ursprung"),
    *stamp_columns(HANDBOOK_STAMP),
)


def risk_table(hb: Handbook, as_of: date, version: str) -> Table[m.Risk, RiskContext]:
    """The risk register: every year's assessments, in file order."""
    return Table(RISK_COLUMNS, tuple(hb.risks),
                 RiskContext(as_of, version, hb, {a.id: a for a in hb.actions}, tuple(hb.risks)))


# --- The internal audit programme: one row per finding ----------------------------------------------


class AuditRow(BaseModel):
    """One audit with one of its findings; an audit not held, or held without findings, has none."""

    model_config = ConfigDict(frozen=True)
    audit: m.InternalAudit = Field(alias="revision")
    finding: m.AuditFinding | None = Field(None, alias="iakttagelse")


@dataclass(frozen=True)
class AuditContext(StampedContext):
    actions: dict[str, m.Action]


AUDIT_COLUMNS: tuple[Column[AuditRow, AuditContext], ...] = (
    Column("Revision", "revision.id"),
    Column("Namn", "revision.namn"),
    Column("Omfattning", "revision.omfattning"),
    Column("Punkter i 2 kap. 3 §", "revision.nis2_punkter"),
    Column("Kontroller", "revision.kontroller"),
    Column("Rutiner", "revision.rutiner"),
    Column("Ansvariga", "revision.ansvariga"),
    Column("Revisor", "revision.revisor"),
    Column("Revisorns funktion", "revision.revisor_funktion"),
    Column("Planerad", "revision.planerad"),
    Column("Genomförd", "revision.genomförd"),
    Column("Exempel", "revision.exempel"),
    Column("Iakttagelse", "iakttagelse.id"),
    Column("Typ", "iakttagelse.typ"),
    Column("Beskrivning", "iakttagelse.beskrivning"),
    Column("Åtgärder", "iakttagelse.åtgärder"),
    Column("Senast", "iakttagelse.senast"),
    Column("Revisionens status", export=lambda r, x: audit_state(r.audit, x.as_of).value),
    Column("Iakttagelsens status",
           export=lambda r, x: finding_state(r.finding, x.actions, x.as_of).value if r.finding else None),
    *stamp_columns(OWN_STAMP),
)


def audit_rows(programme: m.InternalAuditFile, as_of: date) -> list[AuditRow]:
    """Per audit in file order: a row per finding once it is held, else (or without findings) one row."""
    rows = []
    for audit in programme.audits:
        held = audit.held is not None and audit.held <= as_of
        for f in audit.findings if held else []:
            rows.append(AuditRow.model_validate({"revision": audit, "iakttagelse": f}))
        if not held or not audit.findings:
            rows.append(AuditRow.model_validate({"revision": audit}))
    return rows


def audit_table(hb: Handbook, as_of: date) -> Table[AuditRow, AuditContext]:
    programme = hb.internal_audits
    return Table(AUDIT_COLUMNS, tuple(audit_rows(programme, as_of)) if programme else (),
                 AuditContext(as_of, programme.version if programme else "", hb, {a.id: a for a in hb.actions}))


# --- The exercises -----------------------------------------------------------------------------------


EXERCISE_COLUMNS: tuple[Column[m.Exercise, StampedContext], ...] = (
    Column("Id", "id"),
    Column("Typ", "typ"),
    Column("Datum", "datum"),
    Column("Scenario", "scenario"),
    Column("Deltagare", "deltagare"),
    Column("System", "system"),
    Column("Lärdomar", export=lambda e, x: "\n".join(clean_text(t) for t in e.lessons) or None),  # one per line
    Column("Åtgärder", "åtgärder"),
    Column("Exempel", "exempel"),
    *stamp_columns(OWN_STAMP),
)


def exercise_table(hb: Handbook, as_of: date) -> Table[m.Exercise, StampedContext]:
    """The exercises in file order, stamped with the list's own version."""
    found = hb.exercises
    return Table(EXERCISE_COLUMNS, tuple(found.exercises) if found else (),
                 StampedContext(as_of, found.version if found else "", hb))


# --- The registration under 2 kap. 2 § and its changes: one row per change ---------------------------


class RegistrationRow(BaseModel):
    """The registration with one of its changes, the change's last day to report it and its state."""

    model_config = ConfigDict(frozen=True)
    registration: m.Registration = Field(alias="registrering")
    change: m.RegistrationChange | None = Field(None, alias="ändring")
    due: date | None = Field(None, alias="anmäls_senast")
    state: ChangeState | None = Field(None, alias="status")


REGISTRATION_COLUMNS: tuple[Column[RegistrationRow, StampedContext], ...] = (
    Column("Verksamhetsutövare", "registrering.verksamhetsutövare"),
    Column("Registrerad", "registrering.anmäld"),
    Column("Registrerad av", export=lambda r, x: _role(r.registration.registered_by, x)),
    Column("Myndighet", export=lambda r, x: x.hb.authority(r.registration.authority).name),
    Column("Anmälda uppgifter", export=lambda r, x: "\n".join(clean_text(t) for t in r.registration.contents)),
    Column("Diarienummer", "registrering.diarienummer"),
    Column("Exempel", "registrering.exempel"),
    Column("Ändring", "ändring.id"),
    Column("Ändrad", "ändring.ändrad"),
    Column("Vad som ändrades", "ändring.vad"),
    Column("Anmäls senast", "anmäls_senast"),
    Column("Ändringen anmäld", "ändring.anmäld"),
    Column("Ändringens diarienummer", "ändring.diarienummer"),
    Column("Ändringen är exempel", "ändring.exempel"),
    Column("Ändringens status", "status", dated=True),
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


def registration_table(hb: Handbook, as_of: date, version: str) -> Table[RegistrationRow, StampedContext]:
    return Table(REGISTRATION_COLUMNS, tuple(registration_rows(hb, as_of)), StampedContext(as_of, version, hb))


# --- Ledningen's training under 2 kap. 4 §: one row per member in office -----------------------------


class MemberRow(BaseModel):
    """A member of ledningen with the training that counts on the reference date and its state."""

    model_config = ConfigDict(frozen=True)
    member: m.ManagementMember = Field(alias="ledamot")
    last: m.ManagementCourse | None = Field(None, alias="utbildning")
    renew_by: date | None = Field(None, alias="förnyas_senast")
    state: TrainingState = Field(alias="status")


TRAINING_COLUMNS: tuple[Column[MemberRow, StampedContext], ...] = (
    Column("Id", "ledamot.id"),
    Column("Funktion", "ledamot.funktion"),
    Column("Grupp", export=lambda r, x: _role(r.member.group, x)),
    Column("Sedan", "ledamot.sedan"),
    Column("Exempel", "ledamot.exempel"),
    Column("Senaste utbildning", "utbildning.utbildning"),
    Column("Utbildningstillfälle", "utbildning.id"),
    Column("Datum", "utbildning.datum"),
    Column("Anordnare", "utbildning.anordnare"),
    Column("Förnyas senast", "förnyas_senast"),
    Column("Status", "status", dated=True),
    *stamp_columns(HANDBOOK_STAMP),
)


def training_rows(hb: Handbook, as_of: date) -> list[MemberRow]:
    """The members in office on `as_of`, in file order (as on the page), with their status."""
    if hb.management_training is None:
        return []
    return [MemberRow.model_validate({"ledamot": s.member, "utbildning": s.last, "förnyas_senast": s.renew_by,
                                      "status": s.state}) for s in member_status(hb, as_of)]


def training_table(hb: Handbook, as_of: date, version: str) -> Table[MemberRow, StampedContext]:
    return Table(TRAINING_COLUMNS, tuple(training_rows(hb, as_of)), StampedContext(as_of, version, hb))
