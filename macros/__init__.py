"""mkdocs-macros adapter: register the page macros over the build object the lis plugin created.

Together with plugin.py (the build object, generated pages, feeds), this is the only code that knows about MkDocs;
everything else can serve a CLI, the tests or another engine. Macro names are Swedish because
the coordinator writes them in Markdown pages.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateSyntaxError, meta
from mkdocs.exceptions import PluginError

from . import continuity_views as cv
from . import exercise_views as exv
from . import followup_views as fv
from . import history_views as hv
from . import internal_audit_views as iav
from . import law_views as law
from . import management_training_views as mtv
from . import pages, soa_views, views
from . import registration_views as regv
from . import review_views as lg
from . import risk_views as risk
from .archive import archived_edition
from .build import Build
from .errors import UserError
from .plugin import LisPlugin
from .render import text
from .stash import Stash

log = logging.getLogger("mkdocs.plugins.lis")


def _plugin(env: Any) -> LisPlugin:
    """The handbook's plugin of this build, which created the build object in its on_config."""
    plugin = env.conf["plugins"].get("lis")
    if not isinstance(plugin, LisPlugin):
        raise PluginError("mkdocs.yml måste ha tillägget lis under plugins, före macros")
    return plugin


# Names a page may use besides our macros: what mkdocs-macros itself puts in every page.
_PAGE_NAMES = {"page", "config", "environment", "extra", "plugin", "git", "navigation", "files"}


def define_env(env: Any) -> None:
    """Called by mkdocs-macros once per build (and on every rebuild under `mkdocs serve`)."""
    plugin = _plugin(env)
    register(env, plugin.current(), plugin.stash)


def register(env: Any, build: Build, stash: Stash) -> None:
    hb, docs, as_of, history, overview = build.hb, build.docs, build.as_of, build.history, build.overview
    org = hb.organisation
    env.variables["org"] = {"forvaltning": text(org.district), "namnd": text(org.board),
                            "stad": text(org.city)}
    env.variables["lis_datum"] = as_of.isoformat()

    def here() -> str:
        return str(env.page.file.src_uri)

    macros: dict[str, Callable[..., Any]] = {
        # inline phrases
        "roll": lambda role_id: text(hb.role(role_id).name),
        "kontakt": lambda role_id: views.contact_routes(hb.role(role_id)),
        "frist": lambda deadline_id: views.deadline_phrase(hb, hb.deadline(deadline_id)),
        "mottagare": lambda deadline_id: text(views.receiver_name(hb, hb.deadline(deadline_id))),
        "myndighet": lambda deadline_id: text(hb.authority(hb.deadline(deadline_id).authority).name),
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
        "dokumentregister": lambda: views.document_register(
            docs, hb, as_of, here(), changed=lambda d: hv.last_changed_phrase(history, d.src_path)),
        "nis2_tackning": lambda: law.nis2_matrix(hb, docs, build.pages, as_of, here()),
        # law facts, authorities and the first steps at an incident
        "lagrum": lambda fact_id: text(hb.law_fact(fact_id).reference),
        "lagrum_tabell": lambda: law.law_facts(hb),
        "myndigheter": lambda: law.authorities(hb),
        "skyldigheter": lambda: law.duties(hb),
        "ledningen": lambda: law.management(hb),
        "forsta_stegen": lambda: law.first_steps(hb, here()),
        "jourkedja": lambda: law.on_call(hb),
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
        "lg_internrevision": lambda year: iav.review_input(hb, year, as_of),
        "lg_risker": lambda year: lg.risks(hb, year, as_of),
        "lg_handlingsplan": lambda year: lg.action_plan(hb, year),
        # follow-up: dashboard and the generated pages
        "malstaplar": lambda: fv.goal_bars(hb, as_of),
        "att_gora": lambda: fv.due_tables(overview.due, as_of, here()),
        "brister": lambda: fv.gap_tables(overview, here()),
        "klassningsko": lambda: fv.queue_table(overview, here()),
        "forvaltningsobjekt_oversikt": lambda: fv.object_overview(overview, here()),
        "kalenderlank": lambda: fv.calendar_href(here(), pages.DISTRICT_FEED),
        # continuity and log checks
        "kontinuitetsbrister": lambda: cv.gap_tables(overview, here()),
        "loggkontroller": lambda: cv.log_check_table(overview, here()),
        "reservrutiner": lambda: cv.fallback_table(overview, here(), overview.active, whole_district=True),
        # statement of applicability (ISO/IEC 27001 annex A)
        "tillamplighet": lambda: soa_views.soa_table(hb, docs, as_of, here()),
        "tillamplighet_omraden": lambda: soa_views.soa_by_area(hb, as_of),
        "tillamplighet_brister": lambda: soa_views.soa_gaps(hb, docs, as_of, here()),
        # risk method and risk register
        "riskskalor": lambda: risk.scales(hb),
        "riskmatris": lambda: risk.matrix(hb),
        "riskacceptans": lambda: risk.acceptance(hb),
        "riskregister": lambda year=None: risk.register(hb, as_of, year),
        "riskbrister": lambda: risk.stale(hb, as_of),
        # internal audit of the LIS (ISO/IEC 27001 9.2) and exercises
        "internrevision": lambda: iav.programme(hb, docs, as_of, here()),
        "internrevision_iakttagelser": lambda: iav.findings(hb, as_of),
        "internrevision_forsenat": lambda: iav.overdue(hb, as_of),
        "ovningar": lambda: exv.exercise_tables(hb, as_of, here()),
        "senaste_ovning": lambda: exv.last_exercise(hb, as_of, here()),
        # registration (2 kap. 2 §) and ledningen's training (2 kap. 4 §) under the cybersäkerhetslag
        "registrering": lambda: regv.registration(hb),
        "registrering_andringar": lambda: regv.changes(hb, as_of),
        "registrering_paminnelse": lambda: regv.reminder(hb, as_of, here()),
        "ledningens_utbildningar": lambda: mtv.courses(hb, as_of),
        "ledningens_utbildning": lambda: mtv.members(hb, as_of),
        "ledningens_utbildning_brister": lambda: mtv.gaps(hb, as_of),
        "lg_ledningens_utbildning": lambda year: lg.management_training(hb, year, as_of),
    }
    macros["vad_ar_nytt"] = lambda: hv.whats_new(history, build.news, as_of, here())
    for name, function in macros.items():
        env.macro(_guarded(env, name, function, stash), name)


def _guarded(env: Any, name: str, function: Callable[..., Any], stash: Stash) -> Callable[..., Any]:
    """A macro that stops the build with a Swedish message when the page author's call is wrong.

    Only the author's mistakes become messages: arguments that do not fit the macro, and a
    UserError the macro raises (an unknown id, a year without data). Anything else is a bug in
    the handbook and surfaces as one (mkdocs-macros shows its traceback and stops the build)."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        shown = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            _stop(env, f"makrot {name}({shown}): fel antal argument eller fel argumentnamn; "
                       f"makrot tar {_arity(signature)}")
        try:
            result = function(*args, **kwargs)
            return stash.hide(result) if isinstance(result, str) else result
        except UserError as err:
            _stop(env, f"makrot {name}({shown}): {err}")

    return call


def _arity(signature: inspect.Signature) -> str:
    """'inga argument', '1 argument' or '1–2 argument', as a page author counts them."""
    params = list(signature.parameters.values())
    least = sum(1 for p in params if p.default is inspect.Parameter.empty)
    if not params:
        return "inga argument"
    return f"{least} argument" if least == len(params) else f"{least}–{len(params)} argument"


def _stop(env: Any, message: str) -> None:
    log.error(f"docs/{env.page.file.src_uri}: {message}")
    raise SystemExit(1)


# mkdocs-macros renders Jinja in a page title, so a front-matter `title: "{{ 7*7 }}"` would show 49
# (or stop the build). A title is text: it is hidden from mkdocs-macros before rendering and put
# back afterwards. A heading's macros still count (MkDocs takes the title from the rendered heading).
_NO_TITLE = object()


def on_pre_page_macros(env: Any) -> None:
    """Before rendering: a misspelt macro or broken template syntax stops the build in Swedish."""
    _plugin(env).hidden_titles[env.page.file.src_uri] = vars(env.page).get("title", _NO_TITLE)
    env.page.title = ""  # no template syntax in it, so mkdocs-macros leaves it alone
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


def _add_archive_notice(env: Any) -> None:
    """A review page with an archived adopted edition links to it, with its checksum, under the heading."""
    year = pages.review_year(str(env.page.file.src_uri))
    edition = archived_edition(Path(env.conf["docs_dir"]), year) if year is not None else None
    if edition is not None:
        lines = env.markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        notice = hv.archive_notice(edition, str(env.page.file.src_uri))
        env.markdown = "\n".join([*lines[:at], notice, *lines[at:]])


def on_post_page_macros(env: Any) -> None:
    """Put the governing-document banner (owner, version, review date) under the page heading."""
    plugin = _plugin(env)
    build = plugin.current()
    title = plugin.hidden_titles.pop(env.page.file.src_uri, _NO_TITLE)
    if title is _NO_TITLE:
        vars(env.page).pop("title", None)
    else:
        env.page.title = title
    doc = build.docs_by_path.get(env.page.file.src_uri)
    if doc is not None:
        history = build.history
        banner = views.document_banner(doc, build.hb, build.as_of, hv.last_changed_phrase(history, doc.src_path))
        lines = env.markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        env.markdown = "\n".join([*lines[:at], "", banner, hv.version_history(history, doc.src_path),
                                   *lines[at:]])
    _add_archive_notice(env)
    dump = os.environ.get("LIS_DUMP_MARKDOWN")
    if dump:  # the benchmark builds this output again as plain Markdown, without macros
        target = Path(dump) / env.page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(dict(env.page.meta), allow_unicode=True) if env.page.meta else ""
        markdown = plugin.stash.restore(env.markdown)
        target.write_text((f"---\n{front}---\n\n" if front else "") + markdown, encoding="utf-8")
