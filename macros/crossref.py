"""Checks that need more than one record: unique ids, known references, scale and date order."""

from __future__ import annotations

from typing import Any

from . import audit_checks, pages
from . import models as m
from .catalogue import FILES, data_file
from .errors import DataIssue
from .handbook import Handbook
from .yamlsource import describe_location, line_of


class _Reporter:
    """Collects issues that point at an entry's field in the raw YAML."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.issues: list[DataIssue] = []

    def add(self, file: str, loc: tuple[Any, ...], message: str) -> None:
        label, data = self.raw[file]
        entry, field_path = describe_location(data, loc, data_file(file).naming)
        self.issues.append(DataIssue(label, line_of(data, loc), entry, field_path, message))


def check_references(hb: Handbook, raw: dict[str, Any]) -> list[DataIssue]:
    """Checks that need more than one record: unique ids, known references, scale, date order."""
    rep = _Reporter(raw)
    _unique_keys(rep)
    _check_reserved_ids(rep, hb)
    _check_deadlines(rep, hb)
    _check_organisation(rep, hb)
    _check_law(rep, hb)
    _check_systems(rep, hb)
    _check_review_data(rep, hb)
    _check_continuity_and_logs(rep, hb)
    _check_soa(rep, hb)
    _check_risk_method(rep, hb)
    audit_checks.check(rep, hb)
    _check_registration(rep, hb)
    _check_management_training(rep, hb)
    for i, goal in enumerate(hb.multi_year_goals):
        if goal.deadline < goal.start:
            rep.add("mal.yaml", ("flerårsmål", i, "senast"), "slutdatumet ligger före startdatumet (från)")
    return rep.issues


def _unique_keys(rep: _Reporter) -> None:
    """Every list the catalogue gives a unique key: each entry has a value of its own."""
    for spec in FILES:
        if spec.name not in rep.raw:
            continue
        _, data = rep.raw[spec.name]
        for entries in spec.entries:
            items = data.get(entries.key)
            if entries.unique and isinstance(items, list):
                values = [item.get(entries.unique) if isinstance(item, dict) else None for item in items]
                _unique(rep, spec.name, entries.key, values, entries.unique)


def _unique(rep: _Reporter, file: str, key: str, values: list[Any], field: str) -> None:
    seen: set[Any] = set()
    for i, value in enumerate(values):
        if value is not None and value in seen:
            rep.add(file, (key, i, field), f'{field} "{value}" används redan av en tidigare post; '
                                           "varje post måste ha ett eget")
        seen.add(value)


def _check_reserved_ids(rep: _Reporter, hb: Handbook) -> None:
    reserved = pages.reserved_object_ids()
    for i, obj in enumerate(hb.objects):
        if obj.id in reserved:
            rep.add("forvaltningsobjekt.yaml", ("förvaltningsobjekt", i, "id"),
                    f'id "{obj.id}" är reserverat ({reserved[obj.id]}); välj ett annat id')


def _check_deadlines(rep: _Reporter, hb: Handbook) -> None:
    roles = {r.id for r in hb.organisation.roles}
    deadline_ids = {d.id for d in hb.organisation.deadlines}
    authorities = {a.id for a in hb.law.authorities} if hb.law else set()
    controller = hb.organisation.controller
    for i, deadline in enumerate(hb.organisation.deadlines):
        _known_roles(rep, ("frister", i, "mottagare"), [deadline.receiver] if deadline.receiver else [], roles)
        _known_roles(rep, ("frister", i, "anmäls_av"), [deadline.filed_by], roles)
        _known_roles(rep, ("frister", i, "rådfrågas"), deadline.consulted, roles)
        if deadline.authority not in authorities:
            rep.add("organisation.yaml", ("frister", i, "myndighet"),
                    f'okänd myndighet "{deadline.authority}". Kända myndigheter i data/lagkrav.yaml: '
                    f'{", ".join(sorted(authorities))}.')
        if deadline.group is m.DeadlineGroup.PERSONAL_DATA and deadline.filed_by != controller:
            rep.add("organisation.yaml", ("frister", i, "anmäls_av"),
                    f'en personuppgiftsincident anmäls av den personuppgiftsansvariga ("{controller}"), genom '
                    "delegation. Dataskyddsombudet rådfrågas och anges i anmälan (art. 33.3 b och 39.1 e GDPR) "
                    "men gör inte anmälan; skriv ombudet under rådfrågas.")
        starts = deadline_ids - {deadline.id}
        if deadline.counted_from != "kännedom" and deadline.counted_from not in starts:
            rep.add("organisation.yaml", ("frister", i, "räknas_från"),
                    f'"{deadline.counted_from}" är varken kännedom eller id för en annan frist. '
                    f'Tillåtna värden: kännedom, {", ".join(sorted(starts))}.')


def _known_roles(rep: _Reporter, loc: tuple[Any, ...], refs: list[str], roles: set[str],
                 file: str = "organisation.yaml") -> None:
    for j, ref in enumerate(refs):
        if ref not in roles:
            where = (*loc, j) if loc[-1] in _LIST_FIELDS else loc
            rep.add(file, where, f'okänd roll "{ref}". Kända roller: {", ".join(sorted(roles))}.')


_LIST_FIELDS = {"rådfrågas", "grupper"}


def _check_organisation(rep: _Reporter, hb: Handbook) -> None:
    org = hb.organisation
    roles = {r.id for r in org.roles}
    _known_roles(rep, ("personuppgiftsansvarig",), [org.controller], roles)
    for i, step in enumerate(org.first_steps):
        if step.contact:
            _known_roles(rep, ("första_stegen", i, "kontakt"), [step.contact], roles)
    for i, link in enumerate(org.on_call):
        _known_roles(rep, ("utanför_kontorstid", i, "roll"), [link.role], roles)


def _check_law(rep: _Reporter, hb: Handbook) -> None:
    law = hb.law
    if law is None:
        return
    file = "lagkrav.yaml"
    roles = {r.id for r in hb.organisation.roles}
    facts = {f.id for f in law.facts}
    actions = {a.id for a in hb.actions}

    def known_facts(loc: tuple[Any, ...], refs: list[str]) -> None:
        for j, ref in enumerate(refs):
            if ref not in facts:
                rep.add(file, (*loc, j), f'okänt lagrum "{ref}"; lagrum finns under lagrum i data/lagkrav.yaml')

    for i, authority in enumerate(law.authorities):
        known_facts(("myndigheter", i, "lagrum"), authority.refs)
    for i, duty in enumerate(law.duties):
        known_facts(("skyldigheter", i, "lagrum"), duty.refs)
        _known_roles(rep, ("skyldigheter", i, "utförs_av"), [duty.done_by], roles, file)
    known_facts(("ledningen", "lagrum"), law.management.refs)
    _known_roles(rep, ("ledningen", "grupper"), law.management.groups, roles, file)
    for i, area in enumerate(law.nis2):
        expected = "abcdefghij"[i] if i < 10 else "?"
        if area.point != i + 1 or area.letter != expected:
            rep.add(file, ("nis2_områden", i), f"områdena ska stå i lagens ordning: punkt {i + 1}, bokstav "
                                               f"{expected} (2 kap. 3 § och NIS 2 art. 21.2)")
        _known_actions(rep, file, ("nis2_områden", i, "åtgärder"), area.actions, actions)


def _check_systems(rep: _Reporter, hb: Handbook) -> None:
    objects = {o.id for o in hb.objects}
    levels = hb.scale.values()
    allowed_levels = ", ".join(str(v) for v in levels)
    aspects = {a.code.value: a for a in hb.scale.aspects}
    for i, system in enumerate(hb.systems):
        if system.management_object not in objects:
            rep.add("system.yaml", ("system", i, "förvaltningsobjekt"),
                    f'okänt förvaltningsobjekt "{system.management_object}". '
                    f'Kända: {", ".join(sorted(objects))}.')
        if system.classification is not None:
            _check_levels(rep, i, system.classification, aspects, levels, allowed_levels, hb.scale.name)
            if system.followed_up and system.followed_up < system.classification.date:
                rep.add("system.yaml", ("system", i, "uppföljd"),
                        f"uppföljningen ({system.followed_up}) ligger före klassningen "
                        f"({system.classification.date}); en klassning kan inte följas upp innan den finns")
        elif system.followed_up is not None:
            rep.add("system.yaml", ("system", i, "uppföljd"),
                    "systemet har ingen klassning att följa upp; ta bort fältet eller lägg till klassning")
        if system.retired and system.in_use_since and system.retired < system.in_use_since:
            rep.add("system.yaml", ("system", i, "avvecklat"), "avvecklingen ligger före driftstarten")
        if system.dpia.required is m.DpiaRequired.YES and system.dpia.status is None:
            rep.add("system.yaml", ("system", i, "konsekvensbedömning"),
                    "när konsekvensbedömning krävs ska status anges: ej påbörjad, pågår eller klar")


def _check_levels(rep: _Reporter, i: int, c: m.Classification, aspects: dict[str, m.Aspect],
                  levels: list[int], allowed: str, scale_name: str) -> None:
    for code in m.AspectCode:
        value = c.level(code.value)
        loc = ("system", i, "klassning", code.value)
        aspect = aspects.get(code.value)
        if value is None:
            if aspect is not None and aspect.required:
                rep.add("system.yaml", loc[:-1], f"nivå för {code.value} ({aspect.name}) saknas")
        elif aspect is None:
            rep.add("system.yaml", loc, f"skalan {scale_name} har ingen aspekt {code.value}. "
                                        f"Tillåtna: {', '.join(aspects)}.")
        elif value not in levels:
            rep.add("system.yaml", loc, f"nivån {value} finns inte i skalan {scale_name}. "
                                        f"Tillåtna värden: {allowed}.")


def _check_review_data(rep: _Reporter, hb: Handbook) -> None:
    roles = {r.id for r in hb.organisation.roles}
    action_ids = {a.id for a in hb.actions}
    for i, action in enumerate(hb.actions):
        if action.owner not in roles:
            rep.add("atgarder.yaml", ("åtgärder", i, "ansvarig"),
                    f'okänd roll "{action.owner}". Kända roller: {", ".join(sorted(roles))}.')
        if action.done and action.started and action.done < action.started:
            rep.add("atgarder.yaml", ("åtgärder", i, "klar"), "åtgärden blev klar innan den påbörjades")
        if action.done and action.area == "Rutiner" and not action.result:
            rep.add("atgarder.yaml", ("åtgärder", i, "klar"),
                    "en klar åtgärd inom Rutiner ska visa var resultatet finns: ange resultat (sidan under docs/)")
        if action.source is m.ActionSource.REVIEW and action.review is None:
            rep.add("atgarder.yaml", ("åtgärder", i, "genomgång"),
                    "ange året för den genomgång som beslutade åtgärden (källa: ledningens genomgång)")
    system_ids = {s.id for s in hb.systems}
    for i, action in enumerate(hb.actions):
        for j, ref in enumerate(action.systems):
            if ref not in system_ids:
                rep.add("atgarder.yaml", ("åtgärder", i, "system", j),
                        f'okänt system "{ref}"; system finns i data/system.yaml')
    for i, risk in enumerate(hb.risks):
        _known_actions(rep, "risker.yaml", ("risker", i, "åtgärder"), risk.actions, action_ids)
    for i, audit in enumerate(hb.audits):
        for j, rec in enumerate(audit.recommendations):
            loc = ("granskningar", i, "rekommendationer", j, "åtgärder")
            _known_actions(rep, "granskningar.yaml", loc, rec.actions, action_ids)
    for i, record in enumerate(hb.training):
        if record.completed > record.headcount:
            rep.add("utbildning.yaml", ("utbildningar", i, "genomfört"),
                    f"{record.completed} har genomfört men målgruppen är bara {record.headcount}")
    for i, review in enumerate(hb.reviews):
        if review.status is m.ReviewStatus.ADOPTED:
            for key, value in (("beräknad_per", review.as_of), ("fastställd", review.adopted)):
                if value is None:
                    rep.add("genomgangar.yaml", ("genomgångar", i),
                            f"en fastställd genomgång måste ha {key} (datum)")


def _known_actions(rep: _Reporter, file: str, loc: tuple[Any, ...], refs: list[str],
                   known: set[str]) -> None:
    for j, ref in enumerate(refs):
        if ref not in known:
            rep.add(file, (*loc, j), f'okänd åtgärd "{ref}"; åtgärder finns i data/atgarder.yaml')


def _check_continuity_and_logs(rep: _Reporter, hb: Handbook) -> None:
    """Continuity and log-check entries: known systems and roles, one entry per system, dates that fit."""
    systems = {s.id for s in hb.systems}
    roles = {r.id for r in hb.organisation.roles}
    files = (("kontinuitet.yaml", "kontinuitet", [c.system for c in hb.continuity]),
             ("loggkontroller.yaml", "loggkontroller", [c.system for c in hb.log_checks]))
    for file, key, refs in files:
        for i, ref in enumerate(refs):
            if ref not in systems:
                rep.add(file, (key, i, "system"), f'okänt system "{ref}"; system finns i data/system.yaml')
    for i, c in enumerate(hb.continuity):
        if c.tested is not None and not c.fallback:
            rep.add("kontinuitet.yaml", ("kontinuitet", i, "senast_testad"),
                    "systemet har ingen reservrutin att testa (reservrutin: nej); ta bort datumet "
                    "eller ändra till reservrutin: ja")
    for i, log in enumerate(hb.log_checks):
        if log.responsible not in roles:
            rep.add("loggkontroller.yaml", ("loggkontroller", i, "ansvarig"),
                    f'okänd roll "{log.responsible}". Kända roller: {", ".join(sorted(roles))}.')
        if log.checked is None and log.start is None:
            rep.add("loggkontroller.yaml", ("loggkontroller", i),
                    "ange senast_kontrollerad, eller gäller_från om ingen kontroll är gjord än")
        elif log.checked is not None and log.start is not None and log.checked < log.start:
            rep.add("loggkontroller.yaml", ("loggkontroller", i, "senast_kontrollerad"),
                    f"kontrollen ({log.checked}) ligger före dagen då kontrollerna började gälla ({log.start})")


def _check_soa(rep: _Reporter, hb: Handbook) -> None:
    """The statement of applicability: every annex A control exactly once, known roles and actions."""
    if hb.soa is None:
        return
    file = "tillamplighet.yaml"
    roles = {r.id for r in hb.organisation.roles}
    actions = {a.id for a in hb.actions}
    annex = set(m.ANNEX_A)
    seen: set[str] = set()
    for i, c in enumerate(hb.soa.controls):
        if c.control not in annex:
            rep.add(file, ("kontroller", i, "kontroll"),
                    f'okänd kontroll "{c.control}"; bilaga A i ISO/IEC 27001:2022 har A.5.1–A.5.37, '
                    "A.6.1–A.6.8, A.7.1–A.7.14 och A.8.1–A.8.34")
        elif c.control in seen:
            rep.add(file, ("kontroller", i, "kontroll"),
                    f'kontrollen "{c.control}" finns redan i en tidigare post; varje kontroll ska stå exakt en gång')
        seen.add(c.control)
        _known_roles(rep, ("kontroller", i, "ägare"), [c.owner], roles, file)
        _known_actions(rep, file, ("kontroller", i, "åtgärder"), c.actions, actions)
        if c.applicable and c.status is None:
            rep.add(file, ("kontroller", i, "status"),
                    "en tillämplig kontroll ska ha status: införd, delvis, planerad eller ej påbörjad")
        if not c.applicable and not (c.reasoning or "").strip():
            rep.add(file, ("kontroller", i, "motivering"),
                    "en kontroll som inte är tillämplig ska ha en motivering som säger varför")
        if c.status is m.SoaStatus.IMPLEMENTED and not c.routines:
            rep.add(file, ("kontroller", i, "rutiner"),
                    "status införd kräver minst en rutin: ange sidan under docs/ som beskriver hur kontrollen görs")
    missing = [c for c in m.ANNEX_A if c not in seen]
    if missing:
        rep.add(file, ("kontroller",),
                f"{'kontrollen' if len(missing) == 1 else 'kontrollerna'} {', '.join(missing)} saknas; "
                "varje kontroll i bilaga A ska stå exakt en gång")


def _check_risk_method(rep: _Reporter, hb: Handbook) -> None:
    """Scales numbered 1, 2, 3 …; every product on exactly one level; risks that agree with the method."""
    roles = {r.id for r in hb.organisation.roles}
    method = hb.risk_method
    file = "riskmetod.yaml"
    if method is not None:
        for key, steps in (("sannolikhet", method.likelihood), ("konsekvens", method.consequence)):
            for i, step in enumerate(steps):
                if step.value != i + 1:
                    rep.add(file, (key, i, "värde"), f"stegen ska vara numrerade 1, 2, 3 … i ordning; "
                                                     f"det här steget ska ha värde {i + 1}")
        for i, band in enumerate(method.bands):
            _known_roles(rep, ("nivåer", i, "accepteras_av"), [band.accepted_by], roles, file)
            if band.lowest > band.highest:
                rep.add(file, ("nivåer", i, "till"), "till är mindre än från")
        products = sorted({a.value * b.value for a in method.likelihood for b in method.consequence})
        for product in products:
            hits = [b.level.value for b in method.bands if b.lowest <= product <= b.highest]
            if len(hits) != 1:
                where = "ingen nivå" if not hits else f"flera nivåer ({', '.join(hits)})"
                rep.add(file, ("nivåer",), f"sannolikhet × konsekvens = {product} hör till {where}; "
                                           "varje produkt ska höra till exakt en nivå")
    for i, risk in enumerate(hb.risks):
        loc = ("risker", i)
        for key, ref in (("ägare", risk.owner), ("accepterad_av", risk.accepted_by)):
            if ref is not None:
                _known_roles(rep, (*loc, key), [ref], roles, "risker.yaml")
        if (risk.likelihood is None) != (risk.consequence is None):
            rep.add("risker.yaml", loc, "ange både sannolikhet och konsekvens, eller ingen av dem")
        if risk.accepted_by is not None and risk.residual is None:
            rep.add("risker.yaml", (*loc, "accepterad_av"), "ange kvarvarande_nivå för den risk som accepteras")
        if method is None:
            if risk.likelihood is not None:
                rep.add("risker.yaml", (*loc, "sannolikhet"), "sannolikhet och konsekvens kräver data/riskmetod.yaml")
            continue
        _check_risk_against_method(rep, method, i, risk)


def _check_risk_against_method(rep: _Reporter, method: m.RiskMethod, i: int, risk: m.Risk) -> None:
    loc = ("risker", i)
    for key, value, steps in (("sannolikhet", risk.likelihood, method.likelihood),
                              ("konsekvens", risk.consequence, method.consequence)):
        if value is not None and value > len(steps):
            rep.add("risker.yaml", (*loc, key), f"{value} finns inte på skalan; tillåtna värden är 1–{len(steps)}")
            return
    if risk.likelihood is not None and risk.consequence is not None:
        band = method.band_for(risk.likelihood, risk.consequence)
        if band is not None and band.level is not risk.level:
            product = risk.likelihood * risk.consequence
            rep.add("risker.yaml", (*loc, "nivå"),
                    f'nivån "{risk.level.value}" stämmer inte med sannolikhet {risk.likelihood} × konsekvens '
                    f'{risk.consequence} = {product}, som enligt riskmetoden är "{band.level.value}"')
    if risk.accepted_by is not None and risk.residual is not None:
        allowed = next((b for b in method.bands if b.level is risk.residual), None)
        if allowed is not None and allowed.accepted_by != risk.accepted_by:
            rep.add("risker.yaml", (*loc, "accepterad_av"),
                    f'risknivån "{risk.residual.value}" får bara accepteras av rollen "{allowed.accepted_by}" '
                    "enligt data/riskmetod.yaml")


def _check_registration(rep: _Reporter, hb: Handbook) -> None:
    """Registration (2 kap. 2 §): a known role and authority; changes after the registration, unique ids."""
    if hb.registration is None:
        return
    file, reg = "registrering.yaml", hb.registration.registration
    _known_roles(rep, ("registrering", "anmäld_av"), [reg.registered_by], {r.id for r in hb.organisation.roles},
                 file)
    authorities = {a.id for a in hb.law.authorities} if hb.law else set()
    if reg.authority not in authorities:
        rep.add(file, ("registrering", "myndighet"),
                f'okänd myndighet "{reg.authority}". Kända myndigheter i data/lagkrav.yaml: '
                f'{", ".join(sorted(authorities))}.')
    changes = hb.registration.changes
    for i, change in enumerate(changes):
        if change.changed < reg.registered:
            rep.add(file, ("ändringar", i, "ändrad"),
                    f"ändringen ligger före registreringen ({reg.registered}); den ingår då i registreringen")
        if change.reported is not None and change.reported < change.changed:
            rep.add(file, ("ändringar", i, "anmäld"), f"anmäld ligger före dagen för ändringen ({change.changed})")


def _check_management_training(rep: _Reporter, hb: Handbook) -> None:
    """Training of ledningen (2 kap. 4 §): members belong to ledningen's groups; participants are members."""
    register = hb.management_training
    if register is None:
        return
    file = "ledningsutbildning.yaml"
    groups = list(hb.law.management.groups) if hb.law else []
    for i, member in enumerate(register.members):
        if member.group not in groups:
            rep.add(file, ("ledamöter", i, "grupp"),
                    f'"{member.group}" ingår inte i ledningen enligt data/lagkrav.yaml. '
                    f'Ledningen är: {", ".join(groups)}.')
    members = {p.id for p in register.members}
    for i, course in enumerate(register.courses):
        seen: set[str] = set()
        for j, who in enumerate(course.participants):
            if who not in members:
                rep.add(file, ("utbildningar", i, "deltagare", j),
                        f'okänd funktion "{who}". Kända funktioner under ledamöter: {", ".join(sorted(members))}.')
            elif who in seen:
                rep.add(file, ("utbildningar", i, "deltagare", j), f'"{who}" står två gånger bland deltagarna')
            seen.add(who)


def check_result_pages(hb: Handbook, pages: set[str]) -> list[DataIssue]:
    """A done action's result (and a NIS 2 judgement's evidence) must be a page that exists under docs/."""
    issues = [DataIssue("data/atgarder.yaml", None, f'åtgärd "{a.id}"', "resultat",
                        f'sidan "{a.result}" finns inte under docs/; ange sökvägen till sidan där resultatet finns')
              for a in hb.actions if a.result and a.result not in pages]
    for area in hb.law.nis2 if hb.law else ():
        issues += [DataIssue("data/lagkrav.yaml", None, f'punkt "{area.point}"', "sidor",
                             f'sidan "{page}" finns inte under docs/; belägg måste vara en befintlig sida')
                   for page in area.pages if page not in pages]
    return issues
