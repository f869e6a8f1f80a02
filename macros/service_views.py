"""The services, apps and forms an everyday page names, as a short list that reads well on a phone."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypeVar

from markupsafe import Markup

from . import models as m
from . import pages
from . import service_approval as sa
from .errors import UserError
from .handbook import Handbook
from .render import NOT_INDEXED, caption, link, relative_href, text

_KIND_TITLES = {
    m.ServiceKind.AI: "AI-tjänster",
    m.ServiceKind.APP: "Appar",
    m.ServiceKind.PLATFORM: "Plattformar",
    m.ServiceKind.COMMUNICATION: "Tjänster för säker kommunikation",
    m.ServiceKind.LOGIN: "Tjänster för inloggning",
    m.ServiceKind.FORM: "Blanketter",
}
_UNIT_NAMES = {
    m.Unit.ALL: "hela förvaltningen",
    m.Unit.PRESCHOOL: "förskolan",
    m.Unit.ELDERLY_CARE: "äldreomsorgen och hemtjänsten",
    m.Unit.SOCIAL_SERVICES: "socialtjänsten",
    m.Unit.LSS: "LSS",
}
EMPTY = "Inga tjänster är införda ännu. Fråga din chef eller informationssäkerhetssamordnaren."

_E = TypeVar("_E", bound=StrEnum)


def _choice(enum: type[_E], value: str | None, name: str) -> _E | None:
    """A macro argument as its enum member; an unknown value is the page author's mistake, said in Swedish."""
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise UserError(f'okänt {name} "{value}"; tillåtna värden: {allowed}') from None


def _title(kind: m.ServiceKind | None, unit: m.Unit | None) -> str:
    title = _KIND_TITLES[kind] if kind else "Tjänster, appar och blanketter"
    return f"{title} för {_UNIT_NAMES[unit]}" if unit else title


def _state(v: sa.Verdict, staff: bool = False) -> str:
    """The verdict; the staff edition leaves out which gaps stand in the way (they show the classification work)."""
    gaps = "" if staff else "; ".join(v.gaps)
    if v.blocked and staff:
        return "inte godkänd för personuppgifter ännu"
    if v.blocked:
        return f"inte godkänd för personuppgifter förrän bristerna är åtgärdade ({gaps})"
    said = "godkänd" if v.approved else "inte godkänd"
    return f"{said}; brister som systemägaren ska åtgärda: {gaps}" if gaps else said


def _item(v: sa.Verdict, page_src: str, staff: bool) -> Markup:
    s = v.service
    example = Markup(" (exempel)") if s.example else Markup("")
    lines = [Markup("<strong>{}</strong>{} – <em>{}</em>").format(text(s.name), example, text(_state(v, staff)))]
    lines.append(Markup("Används till: {}").format(text(s.use)))
    if s.not_for:
        lines.append(Markup("Inte till: {}").format(text(s.not_for)))
    if s.decision:
        lines.append(Markup("Beslut: {}").format(text(s.decision)))
    if v.system is not None and staff:  # the system's own page is in the LIS edition only
        lines.append(Markup(f"<span {NOT_INDEXED}>I systemförteckningen: {{}}</span>").format(text(v.system.name)))
    elif v.system is not None:
        href = relative_href(page_src, pages.system_page(v.system.id))
        # A system's name reaches the search index only through its own page (as in the record tables).
        lines.append(Markup(f"<span {NOT_INDEXED}>I systemförteckningen: {{}}</span>").format(
            link(href, v.system.name)))
    return Markup("<br>").join(lines)


def service_list(hb: Handbook, as_of: date, page_src: str, kind: str | None = None, unit: str | None = None,
                 staff: bool = False) -> str:
    """The services of one kind and/or one unit: each one's verdict on `as_of`, its use, limits and decision.

    `staff`: the staff edition's list, without the systems' gaps and links to their pages."""
    chosen_kind = _choice(m.ServiceKind, kind, "slag")
    chosen_unit = _choice(m.Unit, unit, "verksamhet")
    found = sa.selected(hb, as_of, chosen_kind, chosen_unit)
    approved = sum(1 for v in found if v.approved)
    head = text(caption(f"{_title(chosen_kind, chosen_unit)}: {approved} av {len(found)} godkända", as_of))
    if not found:
        return f'\n\n<p class="lis-tom"><strong>{head}</strong>: {text(EMPTY)}</p>\n\n'
    items = "".join(f"<li>{_item(v, page_src, staff)}</li>" for v in found)
    return f'\n\n<p class="lis-lista-rubrik"><strong>{head}</strong></p>\n<ul class="lis-tjanster">{items}</ul>\n\n'
