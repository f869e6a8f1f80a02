"""The request a supervision package answers: the cover letter (följebrev) and the secrecy review.

The request's details are given on the command line (`lis tillsyn --myndighet … --arende … --diarienummer …
--kontakt …`), since they belong to one case and not to the handbook. Before the package is sent the
coordinator marks which parts are covered by secrecy (`--sekretessprovning ROLL --sekretess DEL=18:8`), or
says explicitly that no review was done (`--ingen-sekretessprovning`); the package records either.
Everything here is checked before anything is built or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from . import models as m
from .errors import UserError
from .handbook import Handbook

LETTER = "foljebrev.txt"
OSL = "offentlighets- och sekretesslagen (2009:400)"
# The provisions a part may be marked with (../shared/domain.md, "Secrecy of LIS material").
GROUNDS = {
    "18:8": f"18 kap. 8 § {OSL} (uppgifter om säkerhets- och skyddsåtgärder, t.ex. it-säkerhet och sårbarheter)",
    "18:13": f"18 kap. 13 § {OSL} (risk- och sårbarhetsanalyser)",
}
NOT_REVIEWED = ("OBS: SEKRETESSPRÖVNINGEN ÄR INTE GJORD. Ingen har markerat vilka delar som omfattas av sekretess "
                "(18 kap. 8 § och 13 § offentlighets- och sekretesslagen). Paketet kan röja säkerhetsåtgärder och "
                "får inte skickas förrän prövningen är gjord.")
TRANSFER = ("Överföring och diarieföring: skicka paketet på det säkra sätt som tillsynsmyndigheten anvisar, inte "
            "som vanlig e-post när någon del är sekretessmarkerad. Diarieför följebrevet och paketet i ärendet "
            "med vårt diarienummer, och skriv sekretessmarkeringen på de handlingar som omfattas. Om en uppgift "
            "är hemlig prövas när någon begär att få ta del av den; markeringen är förvaltningens bedömning.")


class RequestError(UserError):
    """The request's details are missing or wrong; nothing has been written."""


@dataclass(frozen=True)
class RequestArgs:
    """What the coordinator gave on the command line (ids as typed; checked by `resolve`)."""

    authority: str | None = None  # id of the supervisor in data/lagkrav.yaml (myndigheter)
    their_reference: str | None = None  # the supervisor's diarienummer
    our_reference: str | None = None  # the district's diarienummer
    contact: str | None = None  # role id in data/organisation.yaml
    reviewer: str | None = None  # role id of whoever did the secrecy review
    secret: Sequence[str] = ()  # DEL=GRUND, or several separated by commas
    no_review: bool = False


@dataclass(frozen=True)
class Mark:
    part: str  # a part of the package: a file name without its suffix
    ground: str  # the provision, in words


@dataclass(frozen=True)
class Request:
    """The checked request: names, never ids."""

    authority: m.Authority
    their_reference: str
    our_reference: str
    contact: m.Role
    reviewer: m.Role | None  # None: no secrecy review was done
    marks: tuple[Mark, ...]
    reviewed: date  # the package's date: the day the review was recorded


def _missing(args: RequestArgs) -> list[str]:
    wanted = [(args.authority, "tillsynsmyndigheten (--myndighet)"),
              (args.their_reference, "tillsynsmyndighetens diarienummer (--arende)"),
              (args.our_reference, "förvaltningens diarienummer (--diarienummer)"),
              (args.contact, "kontaktperson (--kontakt ROLL)")]
    return [what for value, what in wanted if not (value or "").strip()]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} och {items[-1]}"


def _role(hb: Handbook, role_id: str, option: str) -> m.Role:
    found = next((r for r in hb.organisation.roles if r.id == role_id), None)
    if found is None:
        known = ", ".join(r.id for r in hb.organisation.roles)
        raise RequestError(f'okänd roll "{role_id}" ({option}); kända roller i data/organisation.yaml: {known}. '
                           "Ingenting har skrivits.")
    return found


def _marks(values: Sequence[str]) -> tuple[Mark, ...]:
    marks = []
    for value in (v for given in values for v in given.split(",")):
        part, _, ground = value.partition("=")
        if not part.strip() or ground.strip() not in GROUNDS:
            raise RequestError(f'--sekretess "{value}": skriv DEL=GRUND, där GRUND är {_listed(list(GROUNDS))} '
                               "(18 kap. 8 § eller 13 § offentlighets- och sekretesslagen), t.ex. "
                               "systemforteckning=18:8. Ingenting har skrivits.")
        marks.append(Mark(part.strip(), GROUNDS[ground.strip()]))
    return tuple(marks)


def resolve(hb: Handbook, args: RequestArgs, as_of: date) -> Request:
    """The request with names looked up, or a Swedish error naming everything that is missing."""
    missing = _missing(args)
    if missing:
        raise RequestError(f"följebrevet saknar {_listed(missing)}. Ingenting har skrivits.")
    if args.reviewer is None and not args.no_review:
        raise RequestError("ange vem som har gjort sekretessprövningen (--sekretessprovning ROLL) och vilka delar "
                           "som omfattas av sekretess (--sekretess DEL=18:8 eller DEL=18:13), eller "
                           "--ingen-sekretessprovning om paketet ska skapas utan prövning. Ingenting har skrivits.")
    if args.secret and args.reviewer is None:
        raise RequestError("--sekretess kräver --sekretessprovning ROLL: vem som har markerat delarna. Ingenting har "
                           "skrivits.")
    assert args.authority and args.their_reference and args.our_reference and args.contact
    law = hb.law
    authority = next((a for a in law.authorities if a.id == args.authority), None) if law else None
    if authority is None:
        known = ", ".join(a.id for a in law.authorities) if law else "inga"
        raise RequestError(f'okänd myndighet "{args.authority}" (--myndighet); kända myndigheter i '
                           f"data/lagkrav.yaml: {known}. Ingenting har skrivits.")
    contact = _role(hb, args.contact, "--kontakt")
    if not (contact.email or contact.phone):
        raise RequestError(f'rollen "{contact.id}" ({contact.name}) har varken epost eller telefon i '
                           "data/organisation.yaml; välj en kontaktperson med kontaktuppgifter (--kontakt). "
                           "Ingenting har skrivits.")
    reviewer = _role(hb, args.reviewer, "--sekretessprovning") if args.reviewer else None
    return Request(authority, args.their_reference.strip(), args.our_reference.strip(), contact, reviewer,
                   _marks(args.secret), as_of)


def check_parts(request: Request, parts: Sequence[str]) -> None:
    """Every marked part must be a part of the package (its file name without suffix)."""
    unknown = [mark.part for mark in request.marks if mark.part not in parts]
    if unknown:
        quoted = [f'"{p}"' for p in unknown]
        raise RequestError(f"--sekretess: {_listed(quoted)} hör inte till paketet; delarna "
                           f"är {', '.join(parts)}. Ingenting har skrivits.")


def secrecy_lines(request: Request) -> list[str]:
    """What innehall.txt and the cover letter say about the secrecy review."""
    if request.reviewer is None:
        return [NOT_REVIEWED]
    head = f"Sekretessprövning: gjord {request.reviewed} av {request.reviewer.name}."
    if not request.marks:
        return [head, "Ingen del är markerad som omfattad av sekretess."]
    return [head, "Delar som är markerade som omfattade av sekretess:",
            *(f"- {mark.part}: {mark.ground}" for mark in request.marks)]


def mark_of(request: Request, part: str) -> str | None:
    """The secrecy marking of one part, for its entry in innehall.txt."""
    grounds = [mark.ground for mark in request.marks if mark.part == part]
    return "; ".join(grounds) if grounds else None


def _contact(role: m.Role) -> list[str]:
    lines = [f"Kontaktperson: {role.name}"]
    lines += [f"  E-post: {role.email}"] if role.email else []
    lines += [f"  Telefon: {role.phone}"] if role.phone else []
    lines += [f"  Nås: {role.hours}"] if role.hours else []
    return lines


def _operator(hb: Handbook) -> list[str]:
    """Who the registered operator is, from data/registrering.yaml, or that the handbook does not record it."""
    if hb.registration is None:
        return [f"Verksamhetsutövare: {hb.organisation.city}. Registreringen hos den gemensamma kontaktpunkten är "
                "inte införd i handboken."]
    reg = hb.registration.registration
    reference = f", diarienummer {reg.reference}" if reg.reference else ""
    example = " (exempel)" if reg.example else ""
    return [f"Verksamhetsutövare: {reg.operator}. Anmäld till {hb.authority(reg.authority).name} {reg.registered} "
            f"av {hb.role(reg.registered_by).name}{reference}{example}."]


def letter_text(hb: Handbook, request: Request, parts: Sequence[str], as_of: date) -> str:
    """The cover letter: to whom, both diarienummer, from whom, the operator, contact, contents and secrecy."""
    org = hb.organisation
    lines = ([NOT_REVIEWED, ""] if request.reviewer is None else []) + [
        "Följebrev", "",
        f"Till: {request.authority.name}", f"Ert diarienummer: {request.their_reference}",
        f"Vårt diarienummer: {request.our_reference}", f"Datum: {as_of}", "",
        f"Från: {org.board}, {org.district}, {org.city}", *_operator(hb), "",
        "Ärende: begärda uppgifter och handlingar om förvaltningens informationssäkerhetsarbete och "
        "säkerhetsåtgärder enligt cybersäkerhetslagen (SFS 2025:1506).", "",
        f"Paketet innehåller {len(parts)} delar; innehall.txt beskriver varje del och varifrån den kommer:",
        *(f"- {p}" for p in parts), "", *secrecy_lines(request), "", TRANSFER, "", *_contact(request.contact)]
    if org.example_data:
        lines += ["", "Exempeldata: uppgifterna i handboken är påhittade exempel och gäller inte verksamheten."]
    return "\n".join(lines) + "\n"
