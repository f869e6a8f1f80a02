"""The everyday handbook in real builds: the new pages with their sections and start-page entry points,
and continuity and log checks on the fixture data (counted by hand, see tests/test_continuity.py)."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from html import unescape

import icalendar
import pytest

from macros.loader import load_handbook
from tests.build_helpers import ROOT, BuildResult, build
from tests.fixture_project import fixture_project
from tests.test_build import cells

pytestmark = pytest.mark.build

SERVICES = "Förskola, omsorg och socialtjänst"  # the start page's entry point for the district's services

# page -> (title, the h2 sections it must render, the NIS 2 areas it states, the start-page sections linking it)
PAGES = {
    "vardag/hantera-information-sakert": (
        "Så hanterar du information säkert",
        ["Vem sidan gäller", "Personuppgifter och tystnadsplikt", "Lösenord och MFA (inloggning)",
         "Lås skärmen och håll rent skrivbord", "Mejl och e-post",
         "Var du sparar dokument", "Teams och delade ytor", "Mobilen: bilder, inspelningar och anteckningar",
         "Privat användning och sociala medier", "USB-minnen och flyttbara media",
         "Nätfiske, phishing, spam och skadlig kod", "Gamla datorer, mobiler och USB-minnen", "Resor utomlands",
         "Kontakt", "Bakgrund och regelverk"],
        ["g", "i", "j"], ["Medarbetare", "Chef"]),
    "vardag/distansarbete": (
        "Distansarbete och mobila enheter",
        ["Vem sidan gäller", "Arbeta hemma och på distans", "Arbeta på allmänna platser",
         "Jobbtelefon och surfplatta (MDM)", "Stöld eller förlust av enheten", "Resor och arbete utomlands",
         "Kontakt", "Bakgrund och regelverk"],
        ["g", "i", "j"], ["Medarbetare", "Chef", "Förtroendevald"]),
    "vardag/fortroendevalda": (
        "Förtroendevalda",
        ["Vem sidan gäller", "Handlingar och läsplatta", "Sekretess och tystnadsplikt", "E-post och kontakter",
         "Om något har hänt", "Utbildning enligt cybersäkerhetslagen", "Kontakt", "Bakgrund och regelverk"],
        ["g"], ["Förtroendevald"]),
    "rutiner/kontinuitet-och-reservrutiner": (
        "Kontinuitet och reservrutiner",
        ["Syfte", "Vem gör vad", "När gäller rutinen", "Gör så här", "Läget per system", "Tidsfrister", "Checklista",
         "Kontakt", "Bakgrund och regelverk"],
        ["c"], ["Chef", "Systemägare och objektägare"]),
    "rutiner/leverantorer": (
        "Leverantörer",
        ["Syfte", "Vem gör vad", "När gäller rutinen", "Gör så här", "Förvaltningens lärdom: Miljödata 2025",
         "Checklista", "Kontakt", "Bakgrund och regelverk"],
        ["d", "e"], ["Systemägare och objektägare"]),
    "rutiner/loggning": (
        "Loggning och loggkontroll",
        ["Syfte", "Vem gör vad", "Vad loggas", "När gäller rutinen", "Gör så här", "Kontroller som förfaller",
         "Tidsfrister", "Checklista", "Kontakt", "Bakgrund och regelverk"],
        ["b", "i"], ["Systemägare och objektägare"]),
    "rutiner/personalsakerhet": (
        "Personalsäkerhet",
        ["Syfte", "Vem gör vad", "När gäller rutinen", "Gör så här", "Kontakt", "Bakgrund och regelverk"],
        ["i", "g"], ["Chef"]),
    "rutiner/skyddade-personuppgifter": (
        "Skyddade personuppgifter",
        ["Syfte", "Vem gör vad", "När gäller rutinen", "Gör så här", "Checklista", "Kontakt", "Bakgrund och regelverk"],
        ["i"], ["Medarbetare", "Systemägare och objektägare"]),
    # A data-protection routine outside NIS 2's areas, so it names none.
    "rutiner/registrerades-rattigheter": (
        "Registerutdrag och andra rättigheter",
        ["Syfte", "Vem gör vad", "När gäller rutinen", "Gör så här", "Tidsfrister", "Checklista", "Kontakt",
         "Bakgrund och regelverk"],
        [], ["Medarbetare"]),
    # The district's own services (issue 29): the few rules to follow first, then a section per situation.
    "vardag/forskola": (
        "Förskola",
        ["Det viktigaste", "Bilder och film på barnen", "Publicera bilder och samtycke", "Appar, plattform och blankett",
         "Dokumentationsplattformen och information till vårdnadshavare", "Orosanmälan till socialtjänsten",
         "När en vårdnadshavare vill veta vilka uppgifter ni har", "Grupp-, allergi- och hämtlistor",
         "Vem får hämta barnet", "Ett barn med skyddade personuppgifter", "Registerutdrag när någon börjar (rektor)",
         "Vem sidan gäller", "Kontakt", "Bakgrund och regelverk"],
        ["g", "i"], [SERVICES]),
    "vardag/aldreomsorg-och-hemtjanst": (
        "Äldreomsorg och hemtjänst",
        ["Det viktigaste", "När någon ringer och frågar om en brukare", "Enhetens telefon och surfplatta",
         "Sårfoto och andra bilder i vården", "Pärmar och papper hemma hos brukaren", "Nycklar och digitala lås",
         "Trygghetslarm", "Loggar och loggkontroll", "Om något har hänt", "Appar och tjänster", "Vem sidan gäller",
         "Kontakt", "Bakgrund och regelverk"],
        ["c", "g", "i"], [SERVICES]),
    "vardag/socialtjanst": (
        "Socialtjänst",
        ["Det viktigaste", "Sekretess mellan och inom enheter", "Skicka uppgifter till andra myndigheter", "Tolk",
         "Sms till enskilda", "Hembesök med dator eller telefon", "Inspelning av samtal och AI-transkribering",
         "Hur länge akter sparas", "Vem sidan gäller", "Kontakt", "Bakgrund och regelverk"],
        ["g", "i", "j"], [SERVICES]),
    "vardag/lss": (
        "LSS",
        ["Det viktigaste", "Registerkontroll när någon ska arbeta med barn (chef)",
         "De boendes egna telefoner, datorer och konton", "Sekretess och dokumentation", "Bilder och sociala medier",
         "Pärmar och genomförandeplaner", "Kameror och övervakning", "Appar och tjänster",
         "Vem sidan gäller", "Kontakt", "Bakgrund och regelverk"],
        ["g", "i"], [SERVICES]),
    "vardag/losenord-och-inloggning": (
        "Lösenord och inloggning",
        ["Det viktigaste", "Glömt lösenordet", "Dela aldrig lösenord, inte heller med en vikarie", "Låst konto",
         "E-legitimation och tjänstekort",
         "Tjänster för inloggning", "Vem sidan gäller", "Kontakt", "Bakgrund och regelverk"],
        ["g", "i", "j"], ["Medarbetare"]),
}
# Planned review (the drafts' target date) where it is not 2027-11-28.
NEXT_REVIEW = {"vardag/forskola": "2027-06-30", "vardag/aldreomsorg-och-hemtjanst": "2027-06-30",
               "vardag/socialtjanst": "2027-06-30", "vardag/lss": "2027-06-30",
               "vardag/losenord-och-inloggning": "2027-03-31"}


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _h2(html: str) -> list[str]:
    article = html.split('<article', 1)[1].split("</article>", 1)[0]
    return [unescape(_text(h)).replace("¶", "").strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)]


def _section(html: str, heading: str) -> str:
    """The start page's HTML from an h2 to the next h2."""
    match = re.search(r"<h2[^>]*>" + re.escape(heading) + r"<a.*?</h2>(.*?)(?=<h2|</article>)", html, re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_its_sections_banner_and_areas(site, page):
    title, sections, areas, _ = PAGES[page]
    html = site.html(f"{page}/index.html")
    assert "<h1 id=" in html and f">{title}<" in html
    assert _h2(html) == sections
    # The pages are drafts (no decision recorded), so the banner is the draft notice with the control data.
    assert '<p class="admonition-title">Utkast</p>' in html and "Det här är ett utkast." in html
    assert "Ägare:" in html and f"Planerad granskning: {NEXT_REVIEW.get(page, '2027-11-28')}" in html
    named = {letter for letter in areas if re.search(rf"NIS 2-område\w* [^.]*\b{letter}\b \(", _text(html))}
    assert named == set(areas), f"{page} should name NIS 2 areas {areas}"
    assert "{{" not in html and "{%" not in html


@pytest.mark.parametrize("page", PAGES)
def test_start_page_links_each_page_from_its_roles_in_one_click(site, page):
    start = site.html("index.html")
    for role in PAGES[page][3]:
        assert f'href="{page}/"' in _section(start, role), f"{page} missing under {role}"


def test_start_page_has_an_entry_point_per_role_and_for_the_services(site):
    start = site.html("index.html")
    assert _h2(start)[:6] == ["Medarbetare", SERVICES, "Chef", "Systemägare och objektägare", "Förtroendevald",
                              "Informationssäkerhetssamordnare"]
    services = re.findall(r'<a href="([^"]+)">([^<]+)</a>', _section(start, SERVICES))
    assert services == [("vardag/forskola/", "Förskola"), ("vardag/aldreomsorg-och-hemtjanst/", "Äldreomsorg och hemtjänst"),
                        ("vardag/socialtjanst/", "Socialtjänst"), ("vardag/lss/", "LSS")]


def _article_links(html: str, page_url: str) -> set[str]:
    """The pages an article's own links lead to (menu, header and footer left out), as site paths."""
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    found = set()
    for href in re.findall(r'<a [^>]*href="([^"#]*)(?:#[^"]*)?"', article):
        if href and not href.startswith(("http:", "https:", "mailto:", "tel:")):
            found.add(posixpath.normpath(posixpath.join(page_url, href)).lstrip("./") + "/")
    return {f.replace("//", "/") for f in found}


def test_every_everyday_page_is_at_most_two_clicks_from_the_start_page(site):
    """Content-agnostic: every page under docs/vardag/, whatever it is called, by links in the pages' text."""
    wanted = {"vardag/" if p.stem == "index" else f"vardag/{p.stem}/" for p in (ROOT / "docs" / "vardag").glob("*.md")}
    one = _article_links(site.html("index.html"), "")
    two = set().union(*(_article_links(site.html(f"{u}index.html"), u) for u in one
                        if (site.site / u / "index.html").exists()))
    assert wanted - (one | two) == set()


# Each service page links to the routines it relies on: incidents, breaches, protected data and the rest.
RELIES_ON = {
    "vardag/forskola": ["incidenthantering", "personuppgiftsincidenter", "skyddade-personuppgifter", "personalsakerhet",
                        "registrerades-rattigheter"],
    "vardag/aldreomsorg-och-hemtjanst": ["incidenthantering", "personuppgiftsincidenter", "skyddade-personuppgifter",
                                         "kontinuitet-och-reservrutiner", "loggning", "behorighetshantering"],
    "vardag/socialtjanst": ["incidenthantering", "personuppgiftsincidenter", "skyddade-personuppgifter", "loggning",
                            "ai-anvandning"],
    "vardag/lss": ["incidenthantering", "skyddade-personuppgifter", "loggning", "personalsakerhet"],
    "vardag/losenord-och-inloggning": ["incidenthantering", "behorighetshantering"],
}


@pytest.mark.parametrize("page", RELIES_ON)
def test_each_service_page_links_to_the_routines_it_relies_on(site, page):
    links = _article_links(site.html(f"{page}/index.html"), f"{page}/")
    assert {f"rutiner/{r}/" for r in RELIES_ON[page]} <= links


def test_service_pages_carry_the_example_banner_while_the_data_is_example_data(site):
    shown = load_handbook(ROOT / "data").organisation.example_data
    for page in [*RELIES_ON, "rutiner/ai-anvandning", "rutiner/loggning", "rutiner/personalsakerhet"]:
        assert ('<p class="lis-exempel"><strong>Exempeldata:</strong>' in site.html(f"{page}/index.html")) is shown


def test_ai_and_logging_routines_show_their_lists_from_data(site):
    ai = site.html("rutiner/ai-anvandning/index.html")
    assert re.search(r"<strong>AI-tjänster: \d+ av \d+ godkända – beräknat per \d{4}-\d{2}-\d{2}</strong>", ai)
    logs = site.html("rutiner/loggning/index.html")
    assert re.search(r"(<caption>|<strong>)Hur länge loggarna sparas", logs)


def test_new_pages_are_in_the_register_and_the_menu(site):
    register = site.html("styrande/index.html")
    rows = {r[0]: r for r in cells(register, "Dokumentregister")}
    for page, (title, *_rest) in PAGES.items():
        assert rows[title][4] == "utkast", title  # the Status column
        href = page.split("/")[1] if page.startswith("vardag/") else f"../{page}"
        assert f'href="{href}/"' in site.html("vardag/index.html"), page
    menu = site.html("vardag/index.html")
    assert "För dig som arbetar här" in menu


# --- Fixture data: continuity and log checks on the dashboard, system and object pages, calendars --


# The fixture handbook's pages do not call the continuity and log-check macros; these two pages do.
# (The real docs/ cannot be built on fixture data: its pages name law facts and roles the fixture lacks.)
DASHBOARD = """
## Att göra

{{ att_gora() }}

## Kontinuitet och loggkontroll

{{ kontinuitetsbrister() }}

{{ loggkontroller() }}
"""
CONTINUITY_ROUTINE = """---
title: Kontinuitet och reservrutiner
utgåva: lis
styrdokument:
  typ: rutin
  ägare: samordnare
  version: "0.1"
  nästa_granskning: 2027-11-28
  nis2: [c]
  ändringar:
    - version: "0.1"
      datum: 2026-11-28
      typ: saklig
      beskrivning: Första utkastet.
---

# Kontinuitet och reservrutiner

## Läget per system

{{ reservrutiner() }}
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = fixture_project(tmp_path_factory.mktemp("vardag") / "handbok")
    with (project / "docs/uppfoljning/index.md").open("a", encoding="utf-8") as dashboard:
        dashboard.write(DASHBOARD)
    (project / "docs/rutiner/kontinuitet-och-reservrutiner.md").write_text(CONTINUITY_ROUTINE, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    return result


def test_dashboard_counts_continuity_gaps_and_log_checks(fixture_site):
    html = fixture_site.html("uppfoljning/index.html")
    assert [r[0] for r in cells(html, "Kräver kontinuitet, utan testad reservrutin (2)")] == ["Delta", "Epsilon"]
    assert [r[0] for r in cells(html, "Kräver kontinuitet, utan återställningsmål (4)")] == ["Alfa", "Gamma", "Delta", "Epsilon"]
    assert [r[0] for r in cells(html, "Loggkontroller (3)")] == ["Delta", "Gamma", "Alfa"]
    overdue = [r[:2] for r in cells(html, "Försenat")]
    assert ["Loggkontroll", "Delta"] in overdue and ["Test av reservrutin", "Gamma"] in overdue
    soon = [r[:2] for r in cells(html, "Inom 30 dagar")]
    assert ["Loggkontroll", "Gamma"] in soon
    later = [r[:2] for r in cells(html, "Inom 90 dagar")]
    assert ["Loggkontroll", "Alfa"] in later and ["Test av reservrutin", "Alfa"] in later


def test_system_and_object_pages_show_continuity_and_log_checks(fixture_site):
    gamma = fixture_site.html("system/gamma/index.html")
    assert _h2(gamma)[-2:] == ["Kontinuitet och reservrutin", "Loggkontroll"]
    assert [r[0] for r in cells(gamma, "Brister i kontinuiteten")] == ["Kräver kontinuitet, utan återställningsmål",
                                                                       "Reservrutin på papper utan hantering"]
    personal = fixture_site.html("forvaltningsobjekt/personal/index.html")
    assert "Kontinuitet och reservrutiner" in _h2(personal) and "Loggkontroller" in _h2(personal)
    assert [r[0] for r in cells(personal, "Kräver kontinuitet, utan återställningsmål (1)")] == ["Gamma"]
    assert ["Test av reservrutin", "Gamma"] in [r[:2] for r in cells(personal, "Försenat")]
    routine = fixture_site.html("rutiner/kontinuitet-och-reservrutiner/index.html")
    assert [r[0] for r in cells(routine, "Reservrutiner och återställning")] == [
        "Alfa", "Beta", "Delta", "Epsilon", "Gamma"]  # zeta is retired


def _events(path) -> set[tuple[str, date]]:
    """(summary, day) of each event; the fixture is example data, so each summary ends with the mark."""
    calendar = icalendar.Calendar.from_ical(path.read_text(encoding="utf-8"))
    summaries = [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in calendar.walk("VEVENT")]
    assert all(s.endswith(" (exempeldata)") for s, _ in summaries)
    return {(s.removesuffix(" (exempeldata)"), day) for s, day in summaries}


def test_calendar_feeds_carry_due_tests_and_log_checks(fixture_site):
    feeds = fixture_site.site / "kalender"
    expected = {("Test av reservrutin: Gamma", date(2026, 10, 1)), ("Loggkontroll: Gamma", date(2026, 12, 1))}
    assert expected <= _events(feeds / "personal.ics")
    assert ("Loggkontroll: Delta", date(2026, 7, 15)) in _events(feeds / "stadsmiljo.ics")
    district = _events(feeds / "forvaltningen.ics")
    mine = {e for e in district if e[0].startswith(("Test av reservrutin", "Loggkontroll"))}
    assert mine == expected | {("Loggkontroll: Delta", date(2026, 7, 15)), ("Loggkontroll: Alfa", date(2026, 12, 30)),
                               ("Test av reservrutin: Alfa", date(2027, 1, 15))}
