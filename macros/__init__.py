"""mkdocs-macros adapter: load the data once per build and register the page macros.

This is the only module that knows about MkDocs. Macro names are Swedish because the
coordinator writes them in Markdown pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from . import views
from .render import text
from .errors import DataError
from .loader import Handbook, load_handbook
from .status import reference_date


def define_env(env: Any) -> None:
    """Called by mkdocs-macros once per build (and on every rebuild under `mkdocs serve`)."""
    root = Path(env.project_dir)
    try:
        as_of = reference_date()
        hb = load_handbook(root / "data")
    except DataError as err:
        raise PluginError(err.report()) from None
    register(env, hb, as_of)


def register(env: Any, hb: Handbook, as_of: Any) -> None:
    org = hb.organisation
    env.variables["org"] = {"forvaltning": text(org.district), "namnd": text(org.board),
                            "stad": text(org.city)}
    env.variables["lis_datum"] = as_of.isoformat()
    env.conf["extra"]["lis_exempeldata"] = org.example_data

    macros = {
        # inline phrases
        "roll": lambda role_id: text(hb.role(role_id).name),
        "kontakt": lambda role_id: views.contact_routes(hb.role(role_id)),
        "frist": lambda deadline_id: views.deadline_phrase(hb, hb.deadline(deadline_id)),
        "mottagare": lambda deadline_id: text(hb.role(hb.deadline(deadline_id).receiver).name),
        "myndighet": lambda deadline_id: text(hb.deadline(deadline_id).authority),
        # blocks
        "kontaktlista": lambda: views.contact_list(hb),
        "fristtabell": lambda group: views.deadline_table(hb, group),
        "fristhjalp": lambda group: views.deadline_helper(hb, group),
        "klassningsskala": lambda: views.scale_table(hb),
        "systemforteckning": lambda: views.inventory(hb, as_of),
        "malupfyllelse": lambda year=None: views.year_goals(hb, as_of, year),
        "flerarsmal": lambda: views.multi_year_goals(hb, as_of),
        "forsenade_uppfoljningar": lambda: views.overdue_follow_ups(hb, as_of),
    }
    for name, function in macros.items():
        env.macro(function, name)
