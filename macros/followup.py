"""Domain rules of follow-up: what falls due when, which gaps exist, which system to classify next."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import continuity as co
from . import internal_audit as ia
from . import models as m
from . import pages, status
from . import registration as reg
from .collation import swedish_key
from .documents import GoverningDoc
from .handbook import Handbook
from .review import ActionState, action_state
from .status import Bucket as Bucket  # the windows are rules of status.py; named here for older callers
from .status import bucket as bucket


class DueKind(StrEnum):
    FOLLOW_UP = "Uppföljning av klassning"
    REVIEW = "Granskning av styrdokument"
    ACTION = "Åtgärd"
    FALLBACK_TEST = "Test av reservrutin"
    LOG_CHECK = "Loggkontroll"
    INTERNAL_AUDIT = "Internrevision"
    AUDIT_FINDING = "Iakttagelse från internrevision"
    NONCONFORMITY = "Avvikelse"
    REGISTRATION = "Anmälan av ändring i registreringen"
    DECISION = "Beslut om styrdokument"  # a draft or a new version that is to be adopted by its planned day


@dataclass(frozen=True)
class DueItem:
    """Something with a due date that somebody must act on."""

    kind: DueKind
    key: str | tuple[str, ...]  # the record: system id, page path, action id or (audit id, finding id)
    title: str
    owner: str
    due: date
    page: str  # the page (path under docs/) that describes it
    objects: tuple[str, ...]  # förvaltningsobjekt ids it belongs to (empty: the whole district)


def due_items(hb: Handbook, docs: Iterable[GoverningDoc], as_of: date) -> list[DueItem]:
    """Every due date: yearly follow-ups, document reviews and unfinished actions, earliest first."""
    systems = {s.id: s for s in hb.systems}
    owners = {r.id: r.name for r in hb.organisation.roles}
    items = [
        DueItem(DueKind.FOLLOW_UP, f.system.id, f.system.name, f.system.owner or "ansvar oklart", f.due,
                pages.system_page(f.system.id), (f.system.management_object,))
        for f in status.follow_ups(hb.systems, as_of)
    ]
    items += [
        DueItem(DueKind.REVIEW, d.src_path, d.title, owners[d.meta.owner], d.meta.next_review,
                d.src_path, ())
        for d in docs
    ]
    items += [
        DueItem(DueKind.DECISION, d.src_path, d.title, owners[d.meta.owner], d.meta.decision_due, d.src_path, ())
        for d in docs if d.awaits_decision and d.meta.decision_due is not None
    ]
    items += [
        DueItem(DueKind.ACTION, a.id, a.what, owners[a.owner], a.due,
                pages.system_page(a.systems[0]) if len(a.systems) == 1 else pages.REVIEW_INDEX,
                tuple(sorted({systems[s].management_object for s in a.systems})))
        for a in hb.actions if action_state(a, as_of) is not ActionState.DONE
    ]
    items += [
        DueItem(DueKind.FALLBACK_TEST, t.system.id, t.system.name, t.system.owner or "ansvar oklart", t.due,
                pages.system_page(t.system.id), (t.system.management_object,))
        for t in co.fallback_tests(hb, as_of)
    ]
    items += [
        DueItem(DueKind.LOG_CHECK, c.system.id, c.system.name, owners[entry.responsible], c.due,
                pages.system_page(c.system.id), (c.system.management_object,))
        for entry, c in co.log_checks(hb, as_of)
    ]
    items += _internal_audit_items(hb, as_of, owners)
    if hb.registration is not None:
        reporter = owners[hb.registration.registration.registered_by]
        items += [DueItem(DueKind.REGISTRATION, s.change.id, s.change.what, reporter, s.due, pages.LAW, ())
                  for s in reg.unreported(hb, as_of)]
    return sorted(items, key=lambda i: (i.due, i.kind.value, swedish_key(i.title)))


def _internal_audit_items(hb: Handbook, as_of: date, owners: dict[str, str]) -> list[DueItem]:
    """Audits not yet held (on their planned date) and open findings (on their due date)."""
    audits, findings = ia.scheduled(hb, as_of)
    actions = {a.id: a for a in hb.actions}
    items = [DueItem(DueKind.INTERNAL_AUDIT, a.id, a.name, owners[a.auditor], a.planned, pages.INTERNAL_AUDIT, ())
             for a in audits]
    for f in findings:
        responsible = dict.fromkeys(owners[actions[i].owner] for i in f.finding.actions)
        assert f.finding.due is not None  # scheduled() only returns findings with a due date
        items.append(DueItem(DueKind.AUDIT_FINDING, (f.audit.id, f.finding.id), f"{f.audit.name}: {f.finding.text}",
                             ", ".join(responsible), f.finding.due, pages.INTERNAL_AUDIT, ()))
    outside = {n.id for n in hb.internal_audits.nonconformities} if hb.internal_audits else set()
    for n in ia.nonconformities(hb, as_of):
        if n.id in outside and n.state in ia.OPEN_STATES and n.due is not None:
            responsible = dict.fromkeys(owners[actions[i].owner] for i in n.actions)
            items.append(DueItem(DueKind.NONCONFORMITY, n.id, n.text, ", ".join(responsible), n.due,
                                 pages.INTERNAL_AUDIT, ()))
    return items


# --- Gaps: named predicates over the systems in use ------------------------------------------------


def _sensitive_unclassified(s: m.System, as_of: date) -> bool:
    return s.personal_data is m.PersonalData.SENSITIVE and status.classification_date(s, as_of) is None


def _essential_unclassified(s: m.System, as_of: date) -> bool:
    return s.essential and status.classification_date(s, as_of) is None


def _city_shared_without_owner(s: m.System, as_of: date) -> bool:
    del as_of
    return s.city_shared and not s.owner


@dataclass(frozen=True)
class Gap:
    id: str
    title: str
    explanation: str
    applies: Callable[[m.System, date], bool]  # (system, reference date)


# Shared with the management review's measurements, so both pages name and count the same thing.
PROCESSOR_AGREEMENT_GAP = "Personuppgifter hos leverantör men inget klart PUB-avtal (saknas eller pågår)"
DPIA_GAP = "Konsekvensbedömning krävs men är inte klar"

GAPS = (
    Gap("pub-avtal-saknas", PROCESSOR_AGREEMENT_GAP,
        "Leverantören behandlar personuppgifter men PUB-avtal saknas eller är inte klart.",
        status.lacks_processor_agreement),
    Gap("konsekvensbedomning-saknas", DPIA_GAP,
        "En konsekvensbedömning krävs men är inte genomförd.", status.dpia_outstanding),
    Gap("kansliga-oklassade", "Känsliga personuppgifter men inte klassat",
        "Systemet har känsliga personuppgifter men ingen fullständig klassning.", _sensitive_unclassified),
    Gap("samhallsviktiga-oklassade", "Samhällsviktigt men inte klassat",
        "Systemet behövs för samhällsviktig verksamhet men har ingen fullständig klassning.",
        _essential_unclassified),
    Gap("stadsgemensamt-utan-ansvarig", "Stadsgemensamt system utan namngiven ansvarig",
        "Ingen systemägare är angiven för det stadsgemensamma systemet.", _city_shared_without_owner),
)


def gaps_of(system: m.System, as_of: date) -> list[Gap]:
    return [g for g in GAPS if g.applies(system, as_of)]


def gap_members(hb: Handbook, gap: Gap, as_of: date) -> list[m.System]:
    return [s for s in status.active_systems(hb.systems, as_of) if gap.applies(s, as_of)]


# --- The prioritised classification queue -------------------------------------------------------

_DATA_WEIGHT = {m.PersonalData.SENSITIVE: 2, m.PersonalData.ORDINARY: 1, m.PersonalData.NONE: 0}


def classification_queue(systems: Iterable[m.System], as_of: date) -> list[m.System]:
    """Systems in use without full classification: sensitive personal data first, then essential systems,
    then ordinary personal data; a system that already has a protocol comes before one without."""
    waiting = [s for s in status.active_systems(systems, as_of) if status.classification_date(s, as_of) is None]
    return sorted(waiting, key=lambda s: (-_DATA_WEIGHT[s.personal_data], not s.essential,
                                          status.protocol_date(s, as_of) is None, swedish_key(s.name)))


class Overview:
    """Everything follow-up needs, computed once per build (so a page per system stays linear)."""

    def __init__(self, hb: Handbook, docs: list[GoverningDoc], as_of: date) -> None:
        self.hb, self.docs, self.as_of = hb, docs, as_of
        self.active = status.active_systems(hb.systems, as_of)
        self.objects = {o.id: o for o in hb.objects}
        self.systems = {s.id: s for s in hb.systems}
        self.follow_ups = {f.system.id: f for f in status.follow_ups(hb.systems, as_of)}
        self.due = due_items(hb, docs, as_of)
        self.due_by_object: dict[str, list[DueItem]] = {o.id: [] for o in hb.objects}
        for item in self.due:
            for object_id in item.objects:
                self.due_by_object[object_id].append(item)
        self.active_by_object: dict[str, list[m.System]] = {o.id: [] for o in hb.objects}
        for system in self.active:
            self.active_by_object[system.management_object].append(system)
        self.continuity = {c.system: c for c in hb.continuity}
        self.log_checks = {c.system: c for c in hb.log_checks}
        self.actions_by_system: dict[str, list[m.Action]] = {}
        for action in hb.actions:
            for system_id in action.systems:
                self.actions_by_system.setdefault(system_id, []).append(action)
