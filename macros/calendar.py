"""Calendar feeds (iCalendar, RFC 5545) of due dates, so owners are reminded without a server."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from urllib.parse import quote

from .followup import DueItem
from .render import EXAMPLE_DATA, page_url

PRODUCT = "-//LIS-handboken//Förfallodagar//SV"
REMIND_DAYS_BEFORE = 7


# Every kind of line break (Word's soft break \v, form feed, NEL, Unicode line/paragraph separators)
# becomes one; the other control characters, which RFC 5545 excludes from TEXT, are dropped.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _escape(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and line breaks are escaped (RFC 5545 3.3.11)."""
    value = _CONTROL.sub("", _LINE_BREAK.sub("\n", value))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def uid(item: DueItem) -> str:
    """What the event is, never when it is due or where the site lives: the kind of deadline and the record.

    A calendar client updates the event with the same UID when a deadline moves (or the site gets a
    new address) instead of deleting it and adding a new one. Each part is percent-encoded and the
    parts are joined with "/", so no two records share a UID whatever their ids hold."""
    parts = (item.kind.name.lower().replace("_", "-"), *((item.key,) if isinstance(item.key, str) else item.key))
    return "/".join(quote(part, safe="") for part in parts) + "@lis-handboken"


def feed(name: str, items: Iterable[DueItem], site_url: str, stamp: date, example: bool = False) -> str:
    """A calendar with one all-day event per due date, each linking back to its page.

    With `example` (the handbook still holds made-up example data) every event says so too: an event
    copied into somebody's own calendar must not pass for a real deadline."""
    mark = EXAMPLE_DATA if example else ""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Europe/Stockholm"]
    for item in items:
        # A URI value (not TEXT): anything outside the plain URL characters is percent-encoded.
        url = quote(site_url.rstrip("/") + "/" + page_url(item.page), safe=":/%-._~")
        # An all-day event ends the next day; on the last representable day DTEND is left out,
        # which RFC 5545 3.6.1 reads as the same one-day event.
        end = [f"DTEND;VALUE=DATE:{item.due + timedelta(days=1):%Y%m%d}"] if item.due < date.max else []
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(item)}",
            # The feed is published (METHOD:PUBLISH) and read again by subscribing clients, which
            # replace an event by its UID; the stamp (the reference date) only grows between builds,
            # so a later build is the newer version. SEQUENCE stays 0: a number derived from the
            # date would fall when a deadline moves earlier, and a client would then ignore it.
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{item.due:%Y%m%d}",
            *end,
            f"SUMMARY:{_escape(f'{item.kind.value}: {item.title}{mark}')}",
            f"DESCRIPTION:{_escape(f'Ansvarig: {item.owner}. Mer information: {url}')}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(item.title + mark)}",
            f"TRIGGER:-P{REMIND_DAYS_BEFORE}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))

