"""Checks that need more than one record: unique ids and references (from the registers' declarations),
then the domain rules (scales, date order, who may do what).

Unique keys and references are declared with each register (macros/registers/) and checked here by one
generic function each; what is left below are rules of the domain that no declaration can say.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import audit_checks, exercises, pages
from . import models as m
from . import riskmethod as rm
from .catalogue import PAGES, entry_ids, walk
from .errors import DataIssue
from .handbook import Handbook
from .registers import data_file, data_files
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
    _known_references(rep, hb.files)
    for spec in data_files():
        if spec.checks is not None and spec.name in hb.files:
            spec.checks(rep, hb)
    _check_reserved_ids(rep, hb)
    _check_deadlines(rep, hb)
    _check_law(rep, hb)
    _check_systems(rep, hb)
    _check_review_data(rep, hb)
    _check_continuity_and_logs(rep, hb)
    for i, message in exercises.late_life_and_health_findings(hb):
        rep.add(exercises.EXERCISE_FILE, ("övningar", i, "åtgärder"), message)
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
    for spec in data_files():
        if spec.name not in rep.raw:
            continue
        _, data = rep.raw[spec.name]
        for entries in spec.entries:
            items = data.get(entries.key)
            if entries.unique and isinstance(items, list):
                values = [item.get(entries.unique) if isinstance(item, dict) else None for item in items]
                _unique(rep, spec.name, entries.key, values, entries.unique)


def _known_references(rep: _Reporter, records: Any) -> None:
    """Every declared reference to another register's entries names an entry that is there."""
    known: dict[tuple[str, str], set[str]] = {}
    for spec in data_files():
        record = records.get(spec.name)
        for ref in spec.references if isinstance(record, BaseModel) else ():
            if ref.file == PAGES:
                continue  # checked against the pages (project.py)
            target = data_file(ref.file).naming[ref.key]
            if (ref.file, ref.key) not in known:
                known[ref.file, ref.key] = entry_ids(records.get(ref.file), target)
            ids = known[ref.file, ref.key]
            for loc, value in walk(record, ref.path.split(".")):
                if str(value) not in ids:
                    rep.add(spec.name, loc, str(target.unknown).format(ref=value, known=", ".join(sorted(ids))))


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
    deadline_ids = {d.id for d in hb.organisation.deadlines}
    controller = hb.organisation.controller
    always = {r.id for r in hb.organisation.roles if r.around_the_clock}
    for i, deadline in enumerate(hb.organisation.deadlines):
        if deadline.group is m.DeadlineGroup.PERSONAL_DATA and deadline.filed_by != controller:
            rep.add("organisation.yaml", ("frister", i, "anmäls_av"),
                    f'en personuppgiftsincident anmäls av den personuppgiftsansvariga ("{controller}"), genom '
                    "delegation. Dataskyddsombudet rådfrågas och anges i anmälan (art. 33.3 b och 39.1 e GDPR) "
                    "men gör inte anmälan; skriv ombudet under rådfrågas.")
        if deadline.hours is not None and not any(r in always for r in (deadline.filed_by, *deadline.delegates)):
            rep.add("organisation.yaml", ("frister", i, "delegerad_till"),
                    f"fristen är {deadline.hours} timmar och löper även under långa helger (påsk, midsommar, jul "
                    "och nyår), när ingen arbetsdag ligger inom fristen; minst en roll som får lämna rapporten "
                    "(anmäls_av eller delegerad_till) måste gå att nå dygnet runt: ange den under delegerad_till "
                    "och skriv dygnet_runt: ja på rollen")
        starts = deadline_ids - {deadline.id}
        if deadline.counted_from != "kännedom" and deadline.counted_from not in starts:
            rep.add("organisation.yaml", ("frister", i, "räknas_från"),
                    f'"{deadline.counted_from}" är varken kännedom eller id för en annan frist. '
                    f'Tillåtna värden: kännedom, {", ".join(sorted(starts))}.')


def _check_law(rep: _Reporter, hb: Handbook) -> None:
    law = hb.law
    if law is None:
        return
    for i, area in enumerate(law.nis2):
        expected = "abcdefghij"[i] if i < 10 else "?"
        if area.point != i + 1 or area.letter != expected:
            rep.add("lagkrav.yaml", ("nis2_områden", i), f"områdena ska stå i lagens ordning: punkt {i + 1}, bokstav "
                                                         f"{expected} (2 kap. 3 § och NIS 2 art. 21.2)")


def _check_agreement(rep: _Reporter, i: int, system: m.System) -> None:
    """The processor agreement's fields agree with its state; a city-shared system names the city's agreement."""
    agreement = system.processor_agreement
    city = m.ProcessorAgreement.CITY
    if system.agreement_signed is not None and agreement is not m.ProcessorAgreement.IN_PLACE:
        rep.add("system.yaml", ("system", i, "pub_avtal_undertecknat"),
                f"anges bara när pub_avtal är finns (här: {agreement.value}); ändra pub_avtal till finns när "
                "avtalet är undertecknat, eller ta bort raden")
    if system.agreement_reference is not None and agreement not in (m.ProcessorAgreement.IN_PLACE, city):
        rep.add("system.yaml", ("system", i, "pub_avtal_referens"),
                f"anges bara när pub_avtal är finns eller via stadens avtal (här: {agreement.value}); ändra "
                "pub_avtal, eller ta bort raden")
    if agreement is city and system.agreement_reference is None:
        rep.add("system.yaml", ("system", i, "pub_avtal"),
                "via stadens avtal kräver pub_avtal_referens: diarienummer eller namn på stadens centrala avtal")
    if agreement is city and not system.city_shared:
        rep.add("system.yaml", ("system", i, "pub_avtal"),
                "via stadens avtal gäller bara ett stadsgemensamt system (stadsgemensamt: ja)")
    if (agreement is m.ProcessorAgreement.NOT_APPLICABLE and system.city_shared
            and system.personal_data is not m.PersonalData.NONE):
        rep.add("system.yaml", ("system", i, "pub_avtal"),
                "ett stadsgemensamt system med personuppgifter behöver ett PUB-avtal även om staden har slutit det: "
                "nämnden är personuppgiftsansvarig. Skriv via stadens avtal och pub_avtal_referens, eller finns, "
                "saknas eller pågår")


def _check_systems(rep: _Reporter, hb: Handbook) -> None:
    levels = hb.scale.values()
    allowed_levels = ", ".join(str(v) for v in levels)
    aspects = {a.code.value: a for a in hb.scale.aspects}
    for i, system in enumerate(hb.systems):
        _check_agreement(rep, i, system)
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
    for i, action in enumerate(hb.actions):
        if action.done and action.started and action.done < action.started:
            rep.add("atgarder.yaml", ("åtgärder", i, "klar"), "åtgärden blev klar innan den påbörjades")
        if action.done and action.area == "Rutiner" and not action.result:
            rep.add("atgarder.yaml", ("åtgärder", i, "klar"),
                    "en klar åtgärd inom Rutiner ska visa var resultatet finns: ange resultat (sidan under docs/)")
        if action.source is m.ActionSource.REVIEW and action.review is None:
            rep.add("atgarder.yaml", ("åtgärder", i, "genomgång"),
                    "ange året för den genomgång som beslutade åtgärden (källa: ledningens genomgång)")
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


def _check_continuity_and_logs(rep: _Reporter, hb: Handbook) -> None:
    """Continuity and log-check entries: dates that fit (unique systems and known ids are declared)."""
    for i, c in enumerate(hb.continuity):
        if c.tested is not None and not c.fallback:
            rep.add("kontinuitet.yaml", ("kontinuitet", i, "senast_testad"),
                    "systemet har ingen reservrutin att testa (reservrutin: nej); ta bort datumet "
                    "eller ändra till reservrutin: ja")
    for i, log in enumerate(hb.log_checks):
        if log.checked is None and log.start is None:
            rep.add("loggkontroller.yaml", ("loggkontroller", i),
                    "ange senast_kontrollerad, eller gäller_från om ingen kontroll är gjord än")
        elif log.checked is not None and log.start is not None and log.checked < log.start:
            rep.add("loggkontroller.yaml", ("loggkontroller", i, "senast_kontrollerad"),
                    f"kontrollen ({log.checked}) ligger före dagen då kontrollerna började gälla ({log.start})")


def _check_soa(rep: _Reporter, hb: Handbook) -> None:
    """The statement of applicability: every annex A control exactly once, with what its status needs."""
    if hb.soa is None:
        return
    file = "tillamplighet.yaml"
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
        if c.applicable and c.status is None:
            rep.add(file, ("kontroller", i, "status"),
                    "en tillämplig kontroll ska ha status: införd, ärvd, delvis, planerad eller ej påbörjad")
        if c.status is m.SoaStatus.INHERITED:
            if not (c.inherited_from or "").strip():
                rep.add(file, ("kontroller", i, "ärvd_från"), "status ärvd kräver ärvd_från: stadens kontroll "
                                                              "eller avtal som genomför kontrollen åt förvaltningen")
            if not (c.own_part or "").strip():
                rep.add(file, ("kontroller", i, "eget_ansvar"), "status ärvd kräver eget_ansvar: det som "
                                                                "förvaltningen själv måste göra för att kontrollen "
                                                                "ska fungera")
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
    """Scales numbered 1, 2, 3 …; every product on exactly one level; words that mean one step on every page;
    risks that agree with the method and record what the method asks of them."""
    method = hb.risk_method
    file = "riskmetod.yaml"
    if method is not None:
        for key, steps in (("sannolikhet", method.likelihood), ("konsekvens", method.consequence)):
            for i, step in enumerate(steps):
                if step.value != i + 1:
                    rep.add(file, (key, i, "värde"), f"stegen ska vara numrerade 1, 2, 3 … i ordning; "
                                                     f"det här steget ska ha värde {i + 1}")
        for i, band in enumerate(method.bands):
            if band.lowest > band.highest:
                rep.add(file, ("nivåer", i, "till"), "till är mindre än från")
        products = sorted({a.value * b.value for a in method.likelihood for b in method.consequence})
        for product in products:
            hits = [b.level.value for b in method.bands if b.lowest <= product <= b.highest]
            if len(hits) != 1:
                where = "ingen nivå" if not hits else f"flera nivåer ({', '.join(hits)})"
                rep.add(file, ("nivåer",), f"sannolikhet × konsekvens = {product} hör till {where}; "
                                           "varje produkt ska höra till exakt en nivå")
        _check_scale_words(rep, hb, method)
    applicable = {c.control: c.applicable for c in hb.soa.controls} if hb.soa is not None else {}
    for i, risk in enumerate(hb.risks):
        loc = ("risker", i)
        if (risk.likelihood is None) != (risk.consequence is None):
            rep.add("risker.yaml", loc, "ange både sannolikhet och konsekvens, eller ingen av dem")
        if risk.accepted_by is not None and risk.residual is None:
            rep.add("risker.yaml", (*loc, "accepterad_av"), "ange kvarvarande_nivå för den risk som accepteras")
        _check_acceptance_record(rep, i, risk)
        for j, control in enumerate(risk.controls):
            if applicable.get(control) is False:
                rep.add("risker.yaml", (*loc, "kontroller", j),
                        f"kontrollen {control} är inte tillämplig enligt data/tillamplighet.yaml; en risk kan inte "
                        "behandlas med en kontroll som inte är tillämplig")
        if method is None:
            if risk.likelihood is not None:
                rep.add("risker.yaml", (*loc, "sannolikhet"), "sannolikhet och konsekvens kräver data/riskmetod.yaml")
            continue
        _check_risk_against_method(rep, method, i, risk)
        _check_current_risk(rep, method, i, risk)


def _check_scale_words(rep: _Reporter, hb: Handbook, method: m.RiskMethod) -> None:
    """A consequence word that the classification scale uses must mean the same step there (KLASSA's
    "Måttlig skada" is 1, so the risk method's 2 may not be called "Måttlig")."""
    file, scale = "riskmetod.yaml", hb.scale
    words = {level.name.lower().removesuffix(" skada"): level for level in scale.levels}
    allowed = ", ".join(str(v) for v in scale.values())
    for key, steps in (("sannolikhet", method.likelihood), ("konsekvens", method.consequence)):
        for i, step in enumerate(steps):
            if key == "sannolikhet":
                if step.classification_level is not None or step.accepted_by is not None:
                    rep.add(file, (key, i), "klassning och accepteras_av gäller bara konsekvensstegen")
                continue
            level = words.get(step.name.lower().removesuffix(" skada"))
            if level is not None and level.value != step.value:
                rep.add(file, (key, i, "namn"),
                        f'"{step.name}" är nivå {level.value} ({level.name}) i klassningsskalan {scale.name} men '
                        f"steg {step.value} här; samma ord får inte betyda olika steg. Välj ett annat namn.")
            if step.classification_level is not None and step.classification_level not in scale.values():
                rep.add(file, (key, i, "klassning"), f"nivån {step.classification_level} finns inte i skalan "
                                                    f"{scale.name}. Tillåtna värden: {allowed}.")


def _check_acceptance_record(rep: _Reporter, i: int, risk: m.Risk) -> None:
    """An acceptance says who, when and under which decision; a risk without actions is accepted or closed."""
    loc = ("risker", i)
    if risk.accepted_by is not None and (risk.accepted is None or not risk.decision):
        rep.add("risker.yaml", (*loc, "accepterad_av"),
                "en accepterad risk ska ange accepterad (dagen för beslutet) och beslut (diarienummer eller protokoll)")
    elif risk.accepted_by is None and (risk.accepted is not None or risk.decision):
        rep.add("risker.yaml", (*loc, "accepterad"), "ange accepterad_av: roll-id för den som accepterade risken")
    if not risk.actions and risk.accepted_by is None and risk.closed is None:
        rep.add("risker.yaml", (*loc, "åtgärder"), "en risk utan åtgärder ska vara accepterad (accepterad_av, "
                                                   "accepterad och beslut) eller avslutad")


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
            return
    if risk.accepted_by is not None:
        required = rm.required_acceptor(method, risk)
        if required is not None and required[0] != risk.accepted_by:
            rep.add("risker.yaml", (*loc, "accepterad_av"), required[1])


def _check_current_risk(rep: _Reporter, method: m.RiskMethod, i: int, risk: m.Risk) -> None:
    """From the year the method applies, a risk that is not closed records the method's whole assessment."""
    if method.applies_from is None or risk.year < method.applies_from or risk.closed is not None:
        return
    prefix = f"risken är bedömd {risk.year}, och riskmetoden gäller från {method.applies_from}: "
    missing = []
    if risk.likelihood is None and risk.consequence is None:
        missing.append("ange sannolikhet och konsekvens")
    if risk.residual is None:
        missing.append("ange kvarvarande_nivå (nivån när behandlingen är genomförd)")
    if risk.owner is None:
        missing.append("ange ägare (roll-id)")
    if not risk.controls:
        missing.append("ange kontroller (kontrollerna i bilaga A som behandlar risken, till exempel A.5.15)")
    if not risk.systems and not risk.assets:
        missing.append("ange system (id i data/system.yaml) eller tillgångar (det risken gäller)")
    for message in missing:
        rep.add("risker.yaml", ("risker", i), prefix + message)


def _check_registration(rep: _Reporter, hb: Handbook) -> None:
    """Registration (2 kap. 2 §): changes after the registration, reported after they happened."""
    if hb.registration is None:
        return
    file, reg = "registrering.yaml", hb.registration.registration
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
            if who in members and who in seen:  # an unknown one is named by the reference check
                rep.add(file, ("utbildningar", i, "deltagare", j), f'"{who}" står två gånger bland deltagarna')
            seen.add(who)
