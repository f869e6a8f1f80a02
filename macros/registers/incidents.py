"""Incidents per year: one column spec for the management review's table and the export.

The recorded figures of data/incidenter.yaml for the years before the incident log starts, and the counts of
the log (macros/registers/incident_log.py) from its first year on."""

from __future__ import annotations

from typing import Any

from .. import models as m
from ..catalogue import DataFile, Entries, Export, Register
from ..columns import Column, Table, clean_text
from .incident_log import incident_years

IncidentColumn = Column[m.IncidentYear, Any]
INCIDENT_COLUMNS: tuple[IncidentColumn, ...] = (
    IncidentColumn("År", "år", sort=lambda i: i.year, page="", numeric=True),
    IncidentColumn("NIS-incidenter", "nis_incidenter", page="", numeric=True),
    IncidentColumn("Personuppgiftsincidenter", "personuppgiftsincidenter", page="", numeric=True),
    IncidentColumn("Anmälda till IMY", "anmälda_till_imy", page="", numeric=True,
                   cell=lambda i, x: "–" if i.reported_to_imy is None else i.reported_to_imy),
    IncidentColumn("Kommentar", export=lambda i, x: clean_text(i.comment) if i.comment else None, page="",
                   cell=lambda i, x: i.comment),
    IncidentColumn("Ursprung", "ursprung", page=""),
)


def incident_table(incidents: tuple[m.IncidentYear, ...]) -> Table[m.IncidentYear, Any]:
    """The years given, oldest first."""
    return Table(INCIDENT_COLUMNS, incidents, None).sorted()


REGISTER = Register(
    DataFile("incidenter.yaml", m.IncidentsFile, "Incidenter per år", "Ledningens genomgång",
             (Entries("incidenter", "incidentår", ("år",), "år"),), handbook={"incidents": "years"},
             item_pages=False,
             about=("Antalet incidenter per år för åren innan incidentloggen räknar dem (`loggen_från` i "
                    "`incidentlogg.yaml`). Underlag för ledningens genomgång, se [Förbereda ledningens "
                    "genomgång](ledningens-genomgang.md).")),
    lambda scope: incident_table(incident_years(scope.hb)),
    Export("incidentstatistik", "Incidentstatistik", "incidentstatistiken",
           lambda scope, table: f"Incidentstatistiken: {len(table)} år med NIS-incidenter, "
                                "personuppgiftsincidenter och anmälningar till IMY.",
           in_export=False, in_supervision=True, order=40),
)
