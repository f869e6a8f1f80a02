"""The page macros: Swedish names a page writer calls, each a function over one build. Engine-neutral.

`page_macros(build, here)` returns name -> function; `here()` says which page is being rendered
(its source path under docs/). An adapter (macros/adapters/mkdocs_macros.py for mkdocs-macros)
registers them with its template engine, wrapped by `guarded`, which turns a page writer's
mistake into a Swedish `MacroCallError` and leaves any other exception a bug. Macro names are
Swedish because the coordinator writes them in Markdown pages.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from . import continuity_views as cv
from . import exercise_views as exv
from . import followup_views as fv
from . import guide_views as guide
from . import history_views as hv
from . import internal_audit_views as iav
from . import law_views as law
from . import management_training_views as mtv
from . import pages, soa_views, views
from . import registration_views as regv
from . import review_views as lg
from . import risk_views as risk
from . import service_views as sv
from .audience import Audience
from .build import Build
from .catalogue import Scope
from .changes import recent
from .errors import UserError
from .registers import DeclarationError, all_registers, incident_log, processing
from .render import text
from .staff_edition import news_for


class MacroCallError(UserError):
    """A page called a macro wrongly, or the macro refused its arguments; the message is Swedish."""


# The macros above the registers that show the state of the security work (SoA statuses, risks, gaps,
# audit findings, incidents, log checks, the dashboard and the management review's inputs): only a
# page with `utgåva: lis` may call them (macros/page_audience.py). A register's own macros follow its
# declared audience. `systemforteckning` and `vad_ar_nytt` are for everyone: in the staff edition they
# leave out the restricted columns and the news of restricted pages.
RESTRICTED_MACROS = frozenset({
    "forsenade_uppfoljningar", "nis2_tackning", "incidenter",
    "lg_status", "lg_atgarder", "lg_incidenter", "lg_utbildning", "lg_matetal", "lg_mal", "lg_revision",
    "lg_internrevision", "lg_avvikelser", "lg_kontinuitet", "lg_risker", "lg_handlingsplan",
    "lg_ledningens_utbildning", "malstaplar", "att_gora", "brister", "klara_for_sent", "klassningsko",
    "forvaltningsobjekt_oversikt", "kalenderlank", "kontinuitetsbrister", "loggkontroller", "reservrutiner",
    "tillamplighet", "tillamplighet_omraden", "tillamplighet_brister", "riskregister", "riskbrister", "riskbeslut",
    "internrevision", "internrevision_iakttagelser", "internrevision_forsenat", "internrevision_tackning",
    "avvikelser", "ovningar", "senaste_ovning", "lg_incidentrapporter", "lg_konsekvensbedomningar",
})
# The shared macros any page may call: contacts, roles, deadlines, law, routines' tables, goals' progress,
# registration, ledningen's training, the inventory and the news (both without restricted fields in the staff
# edition). A new shared macro goes into one of the two sets (tests/test_page_audience.py).
OPEN_MACROS = frozenset({
    "datafiler", "dokumentregister", "flerarsmal", "forsta_stegen", "frist", "fristhjalp", "fristtabell", "genomgangar",
    "jourkedja", "klassningsskala", "kontakt", "kontaktlista", "lagringstider", "lagrum", "lagrum_tabell", "ledningen",
    "ledningens_utbildning", "ledningens_utbildning_brister", "ledningens_utbildningar", "malupfyllelse", "malvarde",
    "mottagare", "myndighet", "myndigheter", "registrering", "registrering_andringar", "registrering_paminnelse",
    "registermakron", "riskacceptans", "riskmatris", "riskskalor", "roll", "skyldigheter", "systemforteckning",
    "tjanster", "vad_ar_nytt",
})


@functools.cache
def restricted_macros() -> dict[str, str]:
    """Every macro only a restricted page may call -> what it shows, as the page author's message says it."""
    found = {name: "visar läget i säkerhetsarbetet" for name in RESTRICTED_MACROS}
    for register in all_registers():
        if register.audience is Audience.LIS:
            found |= {name: f"visar {register.export.title if register.export else 'ett register'}, som bara "
                            "LIS-utgåvan visar" for name in register.macros}
    return found


def page_variables(build: Build) -> dict[str, str | dict[str, str]]:
    """The variables every page may use besides the macros."""
    org = build.hb.organisation
    return {"org": {"forvaltning": text(org.district), "namnd": text(org.board), "stad": text(org.city)},
            "lis_datum": build.as_of.isoformat()}


def page_macros(build: Build, here: Callable[[], str]) -> dict[str, Callable[..., Any]]:
    """Every macro, by the name pages call it with; `here()` is the source path of the page being rendered.

    The macros below show several registers or computed overviews; a register's own macros are declared
    with it (macros/registers/) and added here."""
    macros = _shared_macros(build, here)
    for register in all_registers():
        for name, macro in register.macros.items():
            if name in macros:
                raise DeclarationError(f"the page macro {name}() is declared twice: in {register.source} and "
                                       "in macros/page_macros.py or another register; give it another name")
            macros[name] = _with_scope(macro.call, lambda: Scope(build.hb, build.as_of, "", build.docs, here(),
                                                            build.page_titles))
    return macros


def _with_scope(macro: Callable[..., Any], scope: Callable[[], Scope]) -> Callable[..., Any]:
    """A register's macro, which takes the page's Scope first, as pages call it: with their own arguments only."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return macro(scope(), *args, **kwargs)

    signature = inspect.signature(macro)
    call.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])  # type: ignore[attr-defined]
    call.__name__ = getattr(macro, "__name__", "makro")
    return call


def _shared_macros(build: Build, here: Callable[[], str]) -> dict[str, Callable[..., Any]]:
    hb, docs, as_of, overview = build.hb, build.docs, build.as_of, build.overview
    return {
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
        "systemforteckning": lambda part=1: views.inventory(hb, as_of, here(), part, build.edition),
        "malupfyllelse": lambda year=None: views.year_goals(hb, as_of, year),
        "flerarsmal": lambda: views.multi_year_goals(hb, as_of),
        "forsenade_uppfoljningar": lambda: views.overdue_follow_ups(hb, as_of),
        "dokumentregister": lambda: views.document_register(docs, hb, as_of, here(), build.docs_dir),
        "nis2_tackning": lambda: law.nis2_matrix(hb, docs, build.pages, as_of, here(), build.page_titles),
        # law facts, authorities and the first steps at an incident
        "lagrum": lambda fact_id: text(hb.law_fact(fact_id).reference),
        "lagrum_tabell": lambda: law.law_facts(hb),
        "myndigheter": lambda: law.authorities(hb),
        "skyldigheter": lambda: law.duties(hb),
        "ledningen": lambda: law.management(hb, docs),
        "forsta_stegen": lambda: law.first_steps(hb, here()),
        "jourkedja": lambda: law.on_call(hb),
        # management review: every macro takes the review year
        "incidenter": lambda year, kind: lg.incident_figure(hb, year, kind),
        "genomgangar": lambda: lg.review_list(hb, as_of, here(), build.hidden),
        "lg_status": lambda year: lg.status_box(hb, year, as_of),
        "lg_atgarder": lambda year: lg.previous_actions(hb, year, as_of),
        "lg_incidenter": lambda year: lg.incident_trend(hb, year),
        "lg_utbildning": lambda year: lg.training(hb, year),
        "lg_matetal": lambda year: lg.classification_monitoring(hb, year, as_of),
        "lg_mal": lambda year: lg.goals(hb, year, as_of),
        "lg_revision": lambda year: lg.audit_status(hb, year, as_of),
        "lg_internrevision": lambda year: iav.review_input(hb, year, as_of),
        "lg_avvikelser": lambda year: iav.review_nonconformities(hb, year, as_of),
        "lg_kontinuitet": lambda year: cv.review_gaps(hb, year, as_of),
        "lg_risker": lambda year: lg.risks(hb, year, as_of),
        "lg_handlingsplan": lambda year: lg.action_plan(hb, year),
        # follow-up: dashboard and the generated pages
        "malstaplar": lambda: fv.goal_bars(hb, as_of),
        "att_gora": lambda: fv.due_tables(overview.due, as_of, here()),
        "brister": lambda: fv.gap_tables(overview, here()),
        "klara_for_sent": lambda: fv.late_actions(hb, as_of),
        "klassningsko": lambda: fv.queue_table(overview, here()),
        "forvaltningsobjekt_oversikt": lambda: fv.object_overview(overview, here()),
        "kalenderlank": lambda: fv.calendar_href(here(), pages.DISTRICT_FEED),
        # continuity and log checks
        "kontinuitetsbrister": lambda: cv.gap_tables(overview, here()),
        "loggkontroller": lambda: cv.log_check_table(overview, here()),
        "reservrutiner": lambda: cv.fallback_table(overview, here(), overview.active, whole_district=True),
        "lagringstider": lambda: cv.retention_table(hb),
        # services, apps and forms the everyday pages name (approved or not, on the reference date)
        "tjanster": lambda slag=None, verksamhet=None: sv.service_list(hb, as_of, here(), slag, verksamhet,
                                                                         build.staff),
        # statement of applicability (ISO/IEC 27001 annex A)
        "tillamplighet": lambda: soa_views.soa_table(hb, docs, as_of, here(), build.page_titles),
        "tillamplighet_omraden": lambda: soa_views.soa_by_area(hb, as_of),
        "tillamplighet_brister": lambda: soa_views.soa_gaps(hb, docs, as_of, here(), build.page_titles),
        # risk method and risk register
        "riskskalor": lambda: risk.scales(hb),
        "riskmatris": lambda: risk.matrix(hb),
        "riskacceptans": lambda: risk.acceptance(hb),
        "riskregister": lambda year=None: risk.register(hb, as_of, year),
        "riskbrister": lambda: risk.stale(hb, as_of),
        "riskbeslut": lambda: risk.decisions(hb, as_of),
        # internal audit of the LIS (ISO/IEC 27001 9.2) and exercises
        "internrevision": lambda: iav.programme(hb, docs, as_of, here(), build.page_titles),
        "internrevision_iakttagelser": lambda: iav.findings(hb, as_of),
        "internrevision_forsenat": lambda: iav.overdue(hb, as_of),
        "internrevision_tackning": lambda: iav.coverage(hb, as_of),
        "avvikelser": lambda: iav.nonconformities(hb, as_of),
        "ovningar": lambda: exv.exercise_tables(hb, as_of, here()),
        "senaste_ovning": lambda: exv.last_exercise(hb, as_of, here()),
        # registration (2 kap. 2 §) and ledningen's training (2 kap. 4 §) under the cybersäkerhetslag
        "registrering": lambda: regv.registration(hb),
        "registrering_andringar": lambda: regv.changes(hb, as_of),
        "registrering_paminnelse": lambda: regv.reminder(hb, as_of, here()),
        "ledningens_utbildningar": lambda: mtv.courses(hb, as_of),
        "ledningens_utbildning": lambda: mtv.members(hb, as_of),
        "ledningens_utbildning_brister": lambda: mtv.gaps(hb, as_of),
        "lg_incidentrapporter": lambda year: incident_log.review_late(Scope(hb, as_of, "", docs, here()), year),
        "lg_konsekvensbedomningar": lambda year: processing.review_plan(Scope(hb, as_of, "", docs, here()), year),
        "lg_ledningens_utbildning": lambda year: lg.management_training(hb, year, as_of),
        # Om handboken: the data files and the registers' macros, from their declarations
        "datafiler": lambda: guide.data_file_table(),
        "registermakron": lambda: guide.register_macro_table(),
        "vad_ar_nytt": lambda: hv.whats_new(news_for(build, recent(hb, docs, build.ledger, build.titles, as_of)),
                                            build.titles, as_of, here()),
    }


def guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The macro `name`, raising MacroCallError (Swedish) when the page writer's call is wrong.

    Only the writer's mistakes become messages: arguments that do not fit the macro, and a UserError
    the macro raises (an unknown id, a year without data). Anything else is a bug in the handbook and
    stays one."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        shown = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            raise MacroCallError(f"makrot {name}({shown}): fel antal argument eller fel argumentnamn; "
                                 f"makrot tar {_arity(signature)}") from None
        try:
            return function(*args, **kwargs)
        except UserError as err:
            raise MacroCallError(f"makrot {name}({shown}): {err}") from None

    return call


def _arity(signature: inspect.Signature) -> str:
    """'inga argument', '1 argument' or '1–2 argument', as a page author counts them."""
    params = list(signature.parameters.values())
    least = sum(1 for p in params if p.default is inspect.Parameter.empty)
    if not params:
        return "inga argument"
    return f"{least} argument" if least == len(params) else f"{least}–{len(params)} argument"
