"""Parts of the supervision package that no register exports: the coordinator's judgement per point of
2 kap. 3 § cybersäkerhetslagen, the stance on who counts as ledningen, and the continuity status per system.

Each is a table of headers and rows (without the stamp columns, which supervision.py adds). Pages are named
by their titles and roles by their names, never by paths or ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from . import continuity as co
from . import management_stance as stances
from . import models as m
from . import status
from .documents import GoverningDoc
from .handbook import Handbook
from .registers.continuity import BACKUP, hours
from .review import action_state

Rows = tuple[list[str], list[list[Any]]]
NOT_JUDGED = "ej bedömt"


def nis2_assessment(hb: Handbook, as_of: date, title: Callable[[str], str]) -> Rows:
    """One row per point 1–10 of 2 kap. 3 §, as the coordinator judged it in data/lagkrav.yaml."""
    headers = ["Punkt", "NIS 2 art. 21.2", "Område enligt 2 kap. 3 §", "Bedömning", "Motivering", "Bedömd",
               "Avsnitt i ISO/IEC 27001", "Belägg (sidor i handboken)", "Åtgärder"]
    if hb.law is None:
        return headers, []
    actions = {a.id: a for a in hb.actions}
    rows = [[area.point, area.letter, area.wording, area.judgement.value if area.judgement else NOT_JUDGED,
             area.reasoning or "", area.judged or "", ", ".join(area.clauses),
             ", ".join(title(p) for p in area.pages),
             "; ".join(f"{actions[i].what.rstrip('.')} ({action_state(actions[i], as_of).value})"
                       for i in area.actions if i in actions)]
            for area in hb.law.nis2]
    return headers, rows


def management(hb: Handbook, docs: Sequence[GoverningDoc]) -> Rows:
    """Who counts as ledningen under 2 kap. 4 §, the reasoning and the decision (data/lagkrav.yaml, the ledger)."""
    headers = ["Uppgift", "Ställningstagande"]
    if hb.law is None:
        return headers, []
    body = hb.law.management
    decided = stances.decision_text(hb, docs)
    return headers, [["Räknas som ledningen", ", ".join(hb.role(g).name for g in body.groups)],
                     ["Motivering", body.reasoning], ["Beslut", decided],
                     *([["Anmärkning", body.note]] if body.note else []),
                     ["Lagrum", "; ".join(hb.law_fact(i).reference for i in body.refs)]]


def _continuity_row(hb: Handbook, s: m.System, entry: m.Continuity | None, as_of: date) -> list[Any]:
    level = co.availability(s, as_of)
    gaps = co.continuity_gaps_of(s, entry, as_of)
    return [s.name, hb.management_object(s.management_object).name,
            "ja" if s.essential else "nej", "ej klassat" if level is None else level,
            "ja" if co.needs_recovery_plan(s, as_of) else "nej",
            "uppgift saknas" if entry is None else ("ja" if entry.fallback else "nej"),
            co.last_test(entry, as_of) or "", co.next_test(entry, as_of) or "",
            BACKUP[entry.backup] if entry else "uppgift saknas",
            hours(entry.max_outage_hours if entry else None), hours(entry.max_data_loss_hours if entry else None),
            "; ".join(g.title for g in gaps) or "inga"]


def continuity(hb: Handbook, as_of: date) -> Rows:
    """Every system in use with its continuity: required or not, fallback, tests, recovery targets and gaps."""
    headers = ["System", "Förvaltningsobjekt", "Samhällsviktigt", "Tillgänglighet (T)", "Kräver kontinuitet",
               "Reservrutin", "Senast testad", "Nästa test", "Säkerhetskopiering", "Längsta avbrott",
               "Största dataförlust", "Brister"]
    entries = {c.system: c for c in hb.continuity}
    return headers, [_continuity_row(hb, s, entries.get(s.id), as_of)
                     for s in status.active_systems(hb.systems, as_of)]


def gap_count(rows: Sequence[list[Any]]) -> int:
    return sum(1 for row in rows if row[-1] != "inga")


# --- Names instead of ids and titles instead of paths in the registers' exported columns ---------------

ROLE, PAGE, SYSTEM, EDITION = "roll", "sida", "system", "utgåva"
# The exported columns that hold ids or paths (the same specs serve `lis export` and `lis import`, which need
# the ids), by header, and what their values are. tests/test_supervision.py fails if a header is renamed.
READABLE = {"Ansvarig": ROLE, "Ansvariga": ROLE, "Revisor": ROLE, "Deltagare": ROLE, "Ägare": ROLE,
            "Rutiner": PAGE, "Sida": PAGE, "Resultat": PAGE, "System": SYSTEM, "Fastställd utgåva (PDF)": EDITION}


Names = dict[str, Callable[[str], str | None]]


def readable(headers: Sequence[str], rows: list[list[Any]], names: Names) -> list[list[Any]]:
    """The rows with every id or path in a READABLE column replaced by its name (an unknown value stays)."""
    kinds = {i: names[READABLE[h]] for i, h in enumerate(headers) if h in READABLE}

    def named(value: Any, known: Callable[[str], str | None]) -> Any:
        if not isinstance(value, str) or not value:
            return value
        return ", ".join(known(token) or token for token in value.split(", "))
    return [[named(v, kinds[i]) if i in kinds else v for i, v in enumerate(row)] for row in rows]
