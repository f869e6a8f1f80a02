"""The incident log (data/incidentlogg.yaml): each incident or personal-data breach, its assessment and reports.

Without personal data: what happened in general terms, the systems, when the district became aware, whether
it is significant under cybersäkerhetslagen, a personal-data breach, or a lex Sarah/lex Maria matter, and each
report with its timestamp. The deadlines are those of data/organisation.yaml (`frister`), counted from the
awareness (or from the report another deadline counts from); a report sent late, or a deadline passed without
one, shows on the log's page, on Uppföljning and in the management review. Art. 33.5: every breach is here,
and one not notified to IMY says why. From the year the log starts, the yearly counts come from it
(incident_years), and data/incidenter.yaml keeps the recorded figures of earlier years.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .. import models as m
from .. import pages
from .. import review as rv
from ..audience import Audience
from ..catalogue import DataFile, Entries, Export, Macro, Reference, Register, Reporter, Scope
from ..columns import HANDBOOK_STAMP, Column, Table, stamp_columns
from ..handbook import Handbook
from ..render import caption, example_mark
from ..swedish import count
from .actions import ACTIONS
from .organisation import ROLES

FILE = "incidentlogg.yaml"
PAGE = "uppfoljning/incidentlogg.md"
AWARENESS = "kännedom"  # a deadline counted from the awareness (organisation.yaml, räknas_från)
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})")


def _timestamp(value: Any) -> datetime:
    text = value.strip() if isinstance(value, str) else None
    found = _TIMESTAMP.fullmatch(text) if text is not None else None
    if found is not None:
        try:
            moment = datetime.fromisoformat(f"{found[1]}T{found[2]}:{found[3]}")
        except ValueError:
            moment = None
        if moment is not None and m.date_in_range(moment.date()):
            return moment
    raise PydanticCustomError("datum", "{value} är ingen tidpunkt; skriv ÅÅÅÅ-MM-DD TT:MM, till exempel "
                              "2026-03-02 14:30", {"value": m.show_value(value)})


Timestamp = Annotated[datetime, BeforeValidator(_timestamp),
                      WithJsonSchema({"type": "string", "pattern": _TIMESTAMP.pattern})]


class Report(m.Record):
    deadline: m.Slug = Field(alias="frist", description=(
        "Id för fristen i data/organisation.yaml, t.ex. nis-tidig-varning."))
    sent: Timestamp = Field(alias="skickad", description="När rapporten skickades, ÅÅÅÅ-MM-DD TT:MM.")
    reference: str | None = Field(None, alias="referens", description="Diarienummer eller mottagarens ärendenummer.")
    delay_reason: str | None = Field(None, alias="skäl_till_dröjsmål", description=(
        "Varför rapporten lämnades efter fristen (en anmälan till IMY efter 72 timmar ska ange skälen)."))


class Incident(m.Record):
    id: m.Slug
    what: m.Text = Field(alias="vad", description="Vad som hände, i allmänna ordalag och utan personuppgifter.")
    example: m.JaNej = Field(False, alias="exempel", description="ja när posten är ett påhittat exempel.")
    systems: list[m.Slug] = Field(default_factory=list, alias="system", description="Id från data/system.yaml.")
    aware: Timestamp = Field(alias="kännedom", description="När förvaltningen fick kännedom, ÅÅÅÅ-MM-DD TT:MM.")
    significant: m.JaNej = Field(alias="betydande", description=(
        "ja om incidenten är betydande enligt cybersäkerhetslagen."))
    breach: m.JaNej = Field(alias="personuppgiftsincident", description="ja om det är en personuppgiftsincident.")
    lex_sarah: m.JaNej = Field(False, alias="lex_sarah", description="ja om händelsen utreds enligt lex Sarah.")
    lex_maria: m.JaNej = Field(False, alias="lex_maria", description="ja om händelsen utreds enligt lex Maria.")
    reports: list[Report] = Field(default_factory=list, alias="rapporter", description="Varje rapport som lämnats.")
    not_notified: str | None = Field(None, alias="ej_anmäld_skäl", description=(
        "Varför en personuppgiftsincident inte anmäldes till IMY (artikel 33.5)."))
    data_subjects: str | None = Field(None, alias="information_registrerade", description=(
        "När de registrerade informerades, eller varför de inte behövde informeras (artikel 34)."))
    effects: str | None = Field(None, alias="konsekvenser", description="Incidentens effekter, i allmänna ordalag.")
    lessons: str | None = Field(None, alias="lärdomar", description="Vad förvaltningen lärde sig (A.5.27).")
    actions: list[m.Slug] = Field(default_factory=list, alias="åtgärder", description="Id från data/atgarder.yaml.")
    handled_by: m.Slug | None = Field(None, alias="ansvarig", description="Roll-id för den som hanterade incidenten.")


class IncidentLogFile(m.Record):
    start: m.IsoDate = Field(alias="loggen_från", description=(
        "Dag då loggen började föras. Från det året räknas antalen per år ur loggen, inte ur data/incidenter.yaml."))
    incidents: list[Incident] = Field(default_factory=list, alias="incidenter")


DATA = DataFile(
    FILE, IncidentLogFile, "Incidentlogg",
    "Incidentlogg, Uppföljning (rapporter efter fristen) och Ledningens genomgång",
    (Entries("incidenter", "incident", unique="id"),),
    (Reference("incidenter.*.system", "system.yaml", "system"), Reference("incidenter.*.åtgärder", *ACTIONS),
     Reference("incidenter.*.rapporter.*.frist", "organisation.yaml", "frister"),
     Reference("incidenter.*.ansvarig", *ROLES)),
    optional=True,
    checks=lambda rep, hb: _check(rep, hb),
    item_pages=False,  # restricted: no system or object page shows it (issue 30)
    about=("Incidentloggen: varje incident och personuppgiftsincident med kännedom, bedömning, rapporter med "
           "tidpunkt, skälen när en personuppgiftsincident inte anmäls, lärdomar och åtgärder. Från året i "
           "`loggen_från` räknas antalen per år ur loggen. Se [Föra incidentloggen](incidentlogg.md)."),
)


# --- Rules -------------------------------------------------------------------------------------------


class ReportState(StrEnum):
    ON_TIME = "i tid"
    LATE = "för sent"
    MISSED = "fristen passerad utan rapport"
    PENDING = "ska lämnas"


@dataclass(frozen=True)
class ReportStatus:
    incident: Incident
    deadline: m.Deadline
    due: datetime
    report: Report | None
    state: ReportState


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later; the 31st becomes the last day of a shorter month."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def notified(incident: Incident, deadlines: Iterable[m.Deadline]) -> bool:
    """A report against a personal-data deadline (the notification to IMY) is logged."""
    ids = {d.id for d in deadlines if d.group is m.DeadlineGroup.PERSONAL_DATA}
    return any(r.deadline in ids for r in incident.reports)


def _due(incident: Incident, deadline: m.Deadline, by_id: dict[str, m.Deadline]) -> datetime:
    if deadline.counted_from == AWARENESS or deadline.counted_from not in by_id:
        start = incident.aware
    else:
        earlier = next((r for r in incident.reports if r.deadline == deadline.counted_from), None)
        start = earlier.sent if earlier else _due(incident, by_id[deadline.counted_from], by_id)
    if deadline.hours is not None:
        return start + timedelta(hours=deadline.hours)
    return add_months(start, deadline.months or 0)


def owed(incident: Incident, deadlines: Iterable[m.Deadline]) -> list[m.Deadline]:
    """The deadlines that apply: the NIS ones for a significant incident, IMY's for a breach that is not
    documented as not notified, and any deadline a report was sent against."""
    reported = {r.deadline for r in incident.reports}
    return [d for d in deadlines if d.id in reported
            or (d.group is m.DeadlineGroup.NIS and incident.significant)
            or (d.group is m.DeadlineGroup.PERSONAL_DATA and incident.breach and not incident.not_notified)]


def report_status(incident: Incident, deadlines: Iterable[m.Deadline], as_of: date) -> list[ReportStatus]:
    """Each report the incident owes, with its due time and state on `as_of` (a deadline passes at its end)."""
    deadlines = list(deadlines)
    by_id = {d.id: d for d in deadlines}
    result = []
    for deadline in owed(incident, deadlines):
        due = _due(incident, deadline, by_id)
        report = next((r for r in incident.reports if r.deadline == deadline.id), None)
        if report is not None:
            state = ReportState.ON_TIME if report.sent <= due else ReportState.LATE
        else:
            state = ReportState.MISSED if due.date() < as_of else ReportState.PENDING
        result.append(ReportStatus(incident, deadline, due, report, state))
    return result


def late_reports(incidents: Iterable[Incident], deadlines: Iterable[m.Deadline], as_of: date) -> list[ReportStatus]:
    """Reports sent late and deadlines passed without a report, for incidents the district knew of by `as_of`."""
    deadlines = list(deadlines)
    return [s for i in incidents if i.aware.date() <= as_of for s in report_status(i, deadlines, as_of)
            if s.state in (ReportState.LATE, ReportState.MISSED)]


def incidents(hb: Handbook) -> tuple[Incident, ...]:
    found = DATA.of(hb)
    return tuple(found.incidents) if found else ()


LOG_ORIGIN = "incidentloggen"


def incident_years(hb: Handbook) -> tuple[m.IncidentYear, ...]:
    """The yearly counts: recorded figures (data/incidenter.yaml) before the log's first year, and from it on,
    counted from the log (significant incidents, breaches, breaches notified to IMY)."""
    found = DATA.of(hb)
    if found is None:
        return hb.incidents
    start = found.start
    last = max([start.year, *(i.aware.year for i in found.incidents)])
    counted = []
    for year in range(start.year, last + 1):
        of_year = [i for i in found.incidents if i.aware.year == year]
        counted.append(m.IncidentYear.model_validate({
            "år": year, "nis_incidenter": sum(1 for i in of_year if i.significant),
            "personuppgiftsincidenter": sum(1 for i in of_year if i.breach),
            "anmälda_till_imy": sum(1 for i in of_year if i.breach and notified(i, hb.organisation.deadlines)),
            "kommentar": f"Räknat ur incidentloggen från {start}." if year == start.year and start != date(year, 1, 1)
            else None,
            "ursprung": LOG_ORIGIN}))
    return tuple(sorted([*(y for y in hb.incidents if y.year < start.year), *counted], key=lambda y: y.year))


def _check(rep: Reporter, hb: Handbook) -> None:
    found = DATA.of(hb)
    if found is None:
        return
    deadlines = hb.organisation.deadlines
    for i, incident in enumerate(found.incidents):
        if incident.breach and not incident.not_notified and not notified(incident, deadlines):
            rep.add(FILE, ("incidenter", i, "personuppgiftsincident"), (
                "personuppgiftsincidenten är inte anmäld till IMY: lägg till anmälan under rapporter, eller skriv "
                "under ej_anmäld_skäl varför den inte anmäls (artikel 33.5: varje personuppgiftsincident "
                "dokumenteras, även den som inte anmäls)"))
        late = {s.report.deadline for s in report_status(incident, deadlines, date.max)
                if s.report is not None and s.state is ReportState.LATE
                and s.deadline.group is m.DeadlineGroup.PERSONAL_DATA}
        for j, report in enumerate(incident.reports):
            if report.deadline in late and not report.delay_reason:
                rep.add(FILE, ("incidenter", i, "rapporter", j), (
                    "anmälan till IMY lämnades efter fristen: skriv skälen till dröjsmålet under "
                    "skäl_till_dröjsmål (artikel 33.1 i dataskyddsförordningen)"))
            if report.sent < incident.aware:
                rep.add(FILE, ("incidenter", i, "rapporter", j, "skickad"),
                        f"rapporten skickades {report.sent:%Y-%m-%d %H:%M}, före kännedomen "
                        f"{incident.aware:%Y-%m-%d %H:%M}; rätta den ena tidpunkten")
    for i, year in enumerate(hb.incidents):
        if year.year >= found.start.year:
            rep.add("incidenter.yaml", ("incidenter", i, "år"), (
                f"år {year.year} räknas fram ur incidentloggen (data/incidentlogg.yaml gäller från {found.start}); "
                "ta bort året här, eller ändra loggen_från i incidentloggen"))


# --- Columns ---------------------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _phrase(s: ReportStatus) -> str:
    if s.report is None:
        return f"{s.deadline.name}: {s.state.value} (senast {_when(s.due)})"
    late = s.report.sent - s.due
    hours = round(late.total_seconds() / 3600)
    extra = f", {count(hours, 'timme', 'timmar')} efter fristen" if s.state is ReportState.LATE else ""
    return f"{s.deadline.name}: skickad {_when(s.report.sent)}, {s.state.value}{extra}"


def _reports(i: Incident, x: Scope) -> str:
    return "; ".join(_phrase(s) for s in report_status(i, x.hb.organisation.deadlines, x.as_of)) or "inga"


def _assessment(i: Incident, x: Scope) -> str:
    parts = [("betydande incident enligt cybersäkerhetslagen", i.significant), ("personuppgiftsincident", i.breach),
             ("lex Sarah", i.lex_sarah), ("lex Maria", i.lex_maria)]
    return ", ".join(name for name, flag in parts if flag) or "ingen rapporteringsplikt"


def _imy(i: Incident, x: Scope) -> str:
    if not i.breach:
        return "–"
    return "anmäld" if notified(i, x.hb.organisation.deadlines) else f"inte anmäld: {i.not_notified}"


IncidentColumn = Column[Incident, Scope]
COLUMNS: tuple[IncidentColumn, ...] = (
    IncidentColumn("Id", "id"),
    IncidentColumn("Kännedom", export=lambda i, x: _when(i.aware), page=""),
    IncidentColumn("Vad som hände", "vad", page="", cell=lambda i, x: i.what + example_mark(i.example)),
    IncidentColumn("Exempel", "exempel"),
    IncidentColumn("System", export=lambda i, x: ", ".join(
        next((s.name for s in x.hb.systems if s.id == sid), sid) for sid in i.systems) or "–", page=""),
    IncidentColumn("Bedömning", export=_assessment, page=""),
    IncidentColumn("Rapporter", export=_reports, dated=True, page=""),
    IncidentColumn("Anmälan till IMY (artikel 33.5)", export=_imy, page="Anmälan till IMY"),
    IncidentColumn("Information till registrerade", "information_registrerade"),
    IncidentColumn("Konsekvenser", "konsekvenser"),
    IncidentColumn("Lärdomar", "lärdomar"),
    IncidentColumn("Åtgärder", "åtgärder", page="", cell=lambda i, x: ", ".join(i.actions) or "–"),
    *stamp_columns(HANDBOOK_STAMP),
)

StatusColumn = Column[ReportStatus, Scope]
LATE_COLUMNS: tuple[StatusColumn, ...] = (
    StatusColumn("Incident", page="", cell=lambda s, x: s.incident.what + example_mark(s.incident.example)),
    StatusColumn("Kännedom", page="", cell=lambda s, x: _when(s.incident.aware)),
    StatusColumn("Rapport", page="", cell=lambda s, x: s.deadline.name),
    StatusColumn("Senast", page="", cell=lambda s, x: _when(s.due)),
    StatusColumn("Skickad", page="", cell=lambda s, x: _when(s.report.sent) if s.report else "–"),
    StatusColumn("Läge", page="", cell=lambda s, x: s.state.value),
    StatusColumn("Skäl till dröjsmålet", page="",
                 cell=lambda s, x: (s.report.delay_reason if s.report else None) or "–"),
)


def log_table(scope: Scope) -> Table[Incident, Scope]:
    return Table(COLUMNS, incidents(scope.hb), scope)


def page_table(scope: Scope) -> str:
    if DATA.of(scope.hb) is None:
        return "\n\nIngen incidentlogg är införd ännu (data/incidentlogg.yaml saknas).\n\n"
    rows = log_table(scope)
    return rows.html(caption(f"Incidentloggen: {count(len(rows), 'incident', 'incidenter')}", scope.as_of),
                     empty="Inga incidenter är loggade.", sortable=True, searchable=False)


def _late(scope: Scope, as_of: date, found: Iterable[Incident], title: str) -> str:
    late = late_reports(found, scope.hb.organisation.deadlines, as_of)
    return Table(LATE_COLUMNS, tuple(late), scope).html(
        caption(f"{title} ({len(late)})", as_of), empty="Alla rapporter lämnades inom fristen.", sortable=True,
        searchable=False)


def late_table(scope: Scope) -> str:
    """Reports sent late or deadlines passed without a report: `{{ incidentrapporter() }}`."""
    if DATA.of(scope.hb) is None:
        return "\n\nIngen incidentlogg är införd ännu.\n\n"
    return _late(scope, scope.as_of, incidents(scope.hb), "Rapporter efter fristen eller som saknas")


def review_late(scope: Scope, year: int) -> str:
    """The review's input: the year's incidents whose reports were late or missing, on the review's date."""
    if DATA.of(scope.hb) is None:
        return "\n\nIngen incidentlogg är införd ännu.\n\n"
    as_of = rv.review_date(scope.hb.review(year), scope.as_of)
    return _late(scope, as_of, (i for i in incidents(scope.hb) if i.aware.year == year),
                 f"Incidentrapporter {year} efter fristen eller som saknas")


def _what(scope: Scope, table: Table[Incident, Scope]) -> str:
    late = late_reports(incidents(scope.hb), scope.hb.organisation.deadlines, scope.as_of)
    return (f"Incidentloggen: {count(len(table), 'incident', 'incidenter')} med kännedom, bedömning "
            "(cybersäkerhetslagen, personuppgiftsincident, lex Sarah och lex Maria), varje rapport med tidpunkt och "
            "om den lämnades inom fristen, anmälan till IMY eller skälen till att den inte anmäldes (artikel 33.5), "
            f"konsekvenser, lärdomar och åtgärder ({count(len(late), 'rapport', 'rapporter')} efter fristen eller "
            "saknas).")


REGISTER = Register(
    DATA,
    log_table,
    Export("incidentlogg", "Incidentlogg", "incidentloggen", _what, in_supervision=True, order=41),
    pages=(PAGE, pages.DASHBOARD),
    search_excluded=True,
    audience=Audience.LIS,  # incidents describe weak points: the restricted edition
    macros={"incidentlogg": Macro(page_table, "Incidentloggen"),
            "incidentrapporter": Macro(late_table, "Rapporter efter fristen eller som saknas")},
)
