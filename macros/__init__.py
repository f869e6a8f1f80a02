"""mkdocs-macros adapter: load the data once per build and register the page macros.

Together with mkdocs_hooks.py (generated pages), this is the only code that knows about MkDocs;
everything else can serve a CLI, the tests or another engine. Macro names are Swedish because
the coordinator writes them in Markdown pages.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateSyntaxError, meta
from mkdocs.exceptions import PluginError

from . import followup as fu
from . import followup_views as fv
from . import review_views as lg
from . import views
from .documents import GoverningDoc
from .errors import DataError
from .loader import Handbook
from .project import load_project
from .render import text
from .stash import Stash
from .status import reference_date

log = logging.getLogger("mkdocs.plugins.lis")

# What define_env loaded for the build in progress; the hooks module reads it (on_files).
_current: dict[str, Any] = {}


def restore_tables(html: str) -> str:
    """A finished page with the large tables its macros set aside (macros/stash.py) put back."""
    stash: Stash = _current["stash"]
    return stash.restore(html)


def current_build() -> fu.Overview:
    """Data, governing documents and follow-up figures of the build in progress."""
    overview: fu.Overview = _current["overview"]
    return overview


# Names a page may use besides our macros: what mkdocs-macros itself puts in every page.
_PAGE_NAMES = {"page", "config", "environment", "extra", "plugin", "git", "navigation", "files"}


def define_env(env: Any) -> None:
    """Called by mkdocs-macros once per build (and on every rebuild under `mkdocs serve`)."""
    root = Path(env.project_dir)
    try:
        as_of = reference_date()
        project = load_project(root, Path(env.conf["docs_dir"]))
    except DataError as err:
        raise PluginError(err.report()) from None
    hb, docs = project.handbook, project.documents
    env.variables["_lis"] = {"docs": {d.src_path: d for d in docs}, "hb": hb, "as_of": as_of}
    register(env, hb, docs, as_of)


def register(env: Any, hb: Handbook, docs: list[GoverningDoc], as_of: date) -> None:
    org = hb.organisation
    env.variables["org"] = {"forvaltning": text(org.district), "namnd": text(org.board),
                            "stad": text(org.city)}
    env.variables["lis_datum"] = as_of.isoformat()
    env.conf["extra"]["lis_exempeldata"] = org.example_data

    def here() -> str:
        return str(env.page.file.src_uri)

    overview = fu.Overview(hb, docs, as_of)
    _current["overview"] = overview
    _current["stash"] = Stash()  # large record tables, put back into the pages by the hooks

    macros: dict[str, Callable[..., Any]] = {
        # inline phrases
        "roll": lambda role_id: text(hb.role(role_id).name),
        "kontakt": lambda role_id: views.contact_routes(hb.role(role_id)),
        "frist": lambda deadline_id: views.deadline_phrase(hb, hb.deadline(deadline_id)),
        "mottagare": lambda deadline_id: text(hb.role(hb.deadline(deadline_id).receiver).name),
        "myndighet": lambda deadline_id: text(hb.deadline(deadline_id).authority),
        "malvarde": lambda measure, year=None: views.goal_value(hb, measure, year or as_of.year),
        # blocks
        "kontaktlista": lambda: views.contact_list(hb),
        "fristtabell": lambda group: views.deadline_table(hb, group),
        "fristhjalp": lambda group: views.deadline_helper(hb, group),
        "klassningsskala": lambda: views.scale_table(hb),
        "systemforteckning": lambda part=1: views.inventory(hb, as_of, here(), part),
        "malupfyllelse": lambda year=None: views.year_goals(hb, as_of, year),
        "flerarsmal": lambda: views.multi_year_goals(hb, as_of),
        "forsenade_uppfoljningar": lambda: views.overdue_follow_ups(hb, as_of),
        "dokumentregister": lambda: views.document_register(docs, hb, as_of, here()),
        "nis2_tackning": lambda: views.nis2_coverage(docs, as_of, here()),
        # management review: every macro takes the review year
        "incidenter": lambda year, kind: lg.incident_figure(hb, year, kind),
        "genomgangar": lambda: lg.review_list(hb, as_of, here()),
        "lg_status": lambda year: lg.status_box(hb, year, as_of),
        "lg_atgarder": lambda year: lg.previous_actions(hb, year, as_of),
        "lg_incidenter": lambda year: lg.incident_trend(hb, year),
        "lg_utbildning": lambda year: lg.training(hb, year),
        "lg_matetal": lambda year: lg.classification_monitoring(hb, year, as_of),
        "lg_mal": lambda year: lg.goals(hb, year, as_of),
        "lg_revision": lambda year: lg.audit_status(hb, year, as_of),
        "lg_risker": lambda year: lg.risks(hb, year),
        "lg_handlingsplan": lambda year: lg.action_plan(hb, year),
        # follow-up: dashboard and the generated pages
        "malstaplar": lambda: fv.goal_bars(hb, as_of),
        "att_gora": lambda: fv.due_tables(overview.due, as_of, here()),
        "brister": lambda: fv.gap_tables(overview, here()),
        "klassningsko": lambda: fv.queue_table(overview, here()),
        "forvaltningsobjekt_oversikt": lambda: fv.object_overview(overview, here()),
        "kalenderlank": lambda: fv.calendar_href(here(), fv.DISTRICT_FEED),
    }
    for name, function in macros.items():
        env.macro(_guarded(env, name, function), name)


def _guarded(env: Any, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A macro that stops the build with a Swedish message instead of a traceback."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = function(*args, **kwargs)
            return _current["stash"].hide(result) if isinstance(result, str) else result
        except (KeyError, ValueError, TypeError) as err:
            shown = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())])
            _stop(env, f"makrot {name}({shown}): {err}")

    return call


def _stop(env: Any, message: str) -> None:
    log.error(f"docs/{env.page.file.src_uri}: {message}")
    raise SystemExit(1)


def on_pre_page_macros(env: Any) -> None:
    """Before rendering: a misspelt macro or broken template syntax stops the build in Swedish."""
    if env.page.meta.get("render_macros") is False or "{" not in env.markdown:
        return  # nothing for Jinja to do on this page
    try:
        names = meta.find_undeclared_variables(env.env.parse(env.markdown))
    except TemplateSyntaxError as err:
        _stop(env, f"mallsyntaxen är fel på rad {err.lineno} (efter front matter): {err.message}. "
                   "Kontrollera {{ }} och {% %} och citattecknen i makroanropet.")
        return
    known = set(env.variables) | set(env.macros) | set(env.filters) | _PAGE_NAMES | set(env.page.meta)
    unknown = sorted(names - known)
    if unknown:
        public = sorted(n for n in env.macros if not n.startswith("_") and n not in
                        ("context", "macros_info", "now", "fix_url"))
        _stop(env, f"okänt makro eller okänd variabel: {', '.join(unknown)}. "
                   f"Kända makron: {', '.join(public)}.")


def on_post_page_macros(env: Any) -> None:
    """Put the governing-document banner (owner, version, review date) under the page heading."""
    state = env.variables["_lis"]
    doc = state["docs"].get(env.page.file.src_uri)
    if doc is not None:
        banner = views.document_banner(doc, state["hb"], state["as_of"])
        lines = env.markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        env.markdown = "\n".join([*lines[:at], "", banner, *lines[at:]])
    dump = os.environ.get("LIS_DUMP_MARKDOWN")
    if dump:  # the benchmark builds this output again as plain Markdown, without macros
        target = Path(dump) / env.page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(dict(env.page.meta), allow_unicode=True) if env.page.meta else ""
        markdown = _current["stash"].restore(env.markdown)
        target.write_text((f"---\n{front}---\n\n" if front else "") + markdown, encoding="utf-8")
