"""Domain facts in the real strict build: what the site must say (and must never say again)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.test_build import cells

pytestmark = pytest.mark.build

FIRST_STEPS_PAGES = ["index.html", "rutiner/index.html", "rutiner/incidenthantering/index.html",
                     "rutiner/personuppgiftsincidenter/index.html",
                     "styrande/lokal-tillampningsanvisning/index.html"]


def text_of(html: str) -> str:
    html = html[html.find("<article"):] if "<article" in html else html
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def all_pages(site):
    return sorted(site.site.rglob("*.html"))


def test_no_page_says_a_system_is_outside_the_cybersecurity_act(site):
    for page in all_pages(site):
        html = page.read_text(encoding="utf-8")
        text = text_of(html)
        assert "Omfattas av cybersäkerhetslagen" not in text, page
        assert not re.search(r"(inte|ej) omfattas av cybersäkerhetslagen", text, re.I), page
        assert not re.search(r"\bsystem(en)? som omfattas av cybersäkerhetslagen", text, re.I), page
        assert '<th scope="col">NIS</th>' not in html, page
    law = text_of(site.html("styrande/lagar-och-krav/index.html"))
    assert "Sedan 15 januari 2026 omfattas därför alla förvaltningens verksamheter och alla dess system" in law
    assert "Lagen gäller för kommuner (1 kap. 3 § Cybersäkerhetslag (SFS 2025:1506))" in law


def test_systems_show_whether_they_are_essential_instead(site):
    html = site.html("system/ai-transkribering/index.html")
    assert "<td>Samhällsviktig verksamhet</td>" in html
    assert "Samhällsviktigt men inte klassat" in site.html("uppfoljning/index.html")


def _first_steps(html: str) -> str:
    match = re.search(r'<div class="admonition danger lis-forsta-stegen".*?</div>\n', html, re.S)
    assert match, "the first-steps box is missing"
    return re.sub(r'href="[^"]*"', "", match.group(0))


def test_one_first_steps_box_everywhere(site):
    boxes = {page: _first_steps(site.html(page)) for page in FIRST_STEPS_PAGES}
    assert len(set(boxes.values())) == 1, "the pages show different first steps"
    text = text_of(next(iter(boxes.values())))
    assert text.index("Ring IT-support direkt") < text.index("Berätta för din chef")
    for words in ("skrivit in ditt lösenord eller godkänt en MFA-fråga", "Byt sedan lösenord",
                  "Vidarebefordra det inte och radera det inte", "polisanmälan", "SIM-kortet",
                  "fjärrraderar", "Kvällar, nätter och helger", "Stadens tjänsteman i beredskap (TiB)"):
        assert words in text, words


def test_search_finds_the_first_steps(site):
    from macros.search_index import indexed_text

    start = (indexed_text(site.html("index.html")) or "").lower()
    for word in ("phishing", "stöld", "polis"):
        assert word in start, word


def test_law_page_names_authorities_duties_and_checked_references(site):
    law = text_of(site.html("styrande/lagar-och-krav/index.html"))
    for fact in ("Länsstyrelsen i Stockholms län", "12 § Cybersäkerhetsförordning (SFS 2025:1507)",
                 "5 § och 23 § Cybersäkerhetsförordning (SFS 2025:1507)",
                 "6 § och 31 § Cybersäkerhetsförordning (SFS 2025:1507)",
                 "2 kap. 2 § Cybersäkerhetslag (SFS 2025:1506)", "inom 14 dagar",
                 "2 kap. 9–10 §§ Cybersäkerhetslag (SFS 2025:1506)", "2026-11-28 mot lagtexten i SFS 2025:1506",
                 "inte kontrollerad mot källan", "patientdatalagen", "HSLF-FS 2016:40", "lex Maria", "lex Sarah",
                 "Säkerhetsskyddschef", "15 januari 2025"):
        assert fact in law, fact
    incident = text_of(site.html("rutiner/incidenthantering/index.html"))
    assert "Länsstyrelsen i Stockholms län" in incident and "Informera mottagarna av våra tjänster" in incident


def test_imy_notification_is_filed_by_the_controller(site):
    rows = cells(site.html("rutiner/personuppgiftsincidenter/index.html"), "Tidsfrister (personuppgiftsincidenter)")
    assert rows[0][2:5] == ["–", "Stadsdelsnämnden (Dataskyddsombud rådfrågas och anges i rapporten); på dess "
                            "vägnar genom delegation: Informationssäkerhetssamordnare, Ersättare för "
                            "informationssäkerhetssamordnaren, Förvaltningens chef i beredskap (dygnet runt)",
                            "Integritetsskyddsmyndigheten (IMY)"]


def test_health_care_rules_in_access_management(site):
    text = text_of(site.html("rutiner/behorighetshantering/index.html"))
    assert "behovs- och riskanalys innan behörigheter tilldelas" in text
    assert "Kontrollera loggarna systematiskt och återkommande" in text and "lex Maria" in text


def test_level_4_goes_to_the_security_protection_officer(site):
    text = text_of(site.html("rutiner/informationsklassning/index.html"))
    assert "kontakta Säkerhetsskyddschef direkt" in text


def test_accessibility_statement_has_digg_required_content(site):
    html = site.html("om-handboken/tillganglighet/index.html")
    text = text_of(html)
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    for words in ("självskattning", "Den gjordes 28 november 2026", "uppdaterades senast 28 november 2026",
                  "WCAG 1.4.10", "WCAG 1.3.1", "WCAG 3.1.2", "oskäligt betungande"):
        assert words in text, words


def test_every_page_links_the_accessibility_statement_in_the_footer(site):
    statement = (site.site / "om-handboken" / "tillganglighet" / "index.html").resolve()
    pages = list(site.site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        footer = page.read_text(encoding="utf-8").split("<footer", 1)[1]
        href = re.search(r'<a href="([^"]*)">Tillgänglighetsredogörelse</a>', footer)
        assert href, page
        assert (page.parent / href.group(1) / "index.html").resolve() == statement, page


def test_adopted_2025_review_only_states_what_the_source_says(site):
    """Issue 24: the adopted review is a faithful record of ../shared/source/ledningens-genomgang-2025.txt."""
    html = site.html("ledningens-genomgang/2025/index.html")
    text = text_of(html)
    assert "Det finns nu en rutin för behörigheter" not in text
    assert "GDPR-årsrapport 2025" not in text and "GDPR-årsrapporten 2024" in text
    for fact in ("en NIS-incident, i nivå med tidigare år, och 15 personuppgiftsincidenter",
                 "300 miljoner kronor 2026, 350 miljoner kronor 2027 och 400 miljoner kronor 2028",
                 "200 miljoner kronor till kommunerna", "7,7 miljoner kronor", "14 kap. 2 § regeringsformen",
                 "minst 12 system eller processer", "minst 18 befintliga verksamhetssystem",
                 "KRT-värden på samtliga system under 2028", "steg 5 och 6", "sju procent",
                 "Genomgången anger 15 januari 2025"):
        assert fact in text, fact
    assert "Ursprung" not in html  # no tables of the handbook's example data in the record
    e_section = text.split("e) Återkoppling från intressenter")[1].split("f) Resultat av riskbedömning")[0]
    assert "VoR" not in e_section and "årsrapport" not in e_section.lower()
    assert "Den interna kontrollen (VoR och IKP)" in text.split("f) Resultat av riskbedömning")[1]


def test_review_pages_show_no_file_names_to_the_board(site):
    for year in (2025, 2026):
        text = text_of(site.html(f"ledningens-genomgang/{year}/index.html"))
        assert not re.search(r"\b\w+\.yaml\b", text), year


def test_source_priorities_are_actions(site):
    plan = " ".join(" ".join(r) for r in cells(site.html("ledningens-genomgang/2025/index.html"),
                                                "Handlingsplan beslutad i ledningens genomgång 2025"))
    for what in ("Dokumentera och förankra den inarbetade rutinen för informationssäkerhet",
                 "Uppdatera stödmaterialet för att fylla i NIS-rapporter",
                 "Följa upp befintliga klassningar, justera dem"):
        assert what in plan, what
    # Added in November 2026, after the board adopted the plan in January: it belongs to the 2026 review.
    assert "Utbilda nämndens ledamöter" not in plan
    later = " ".join(" ".join(r) for r in cells(site.html("ledningens-genomgang/2026/index.html"), "Handlingsplan"))
    assert "Utbilda nämndens ledamöter" in later


def test_links_named_management_review_go_to_the_review(site):
    for page in all_pages(site):
        for href in re.findall(r'<a href="([^"]*)"[^>]*>ledningens genomgång</a>', page.read_text(encoding="utf-8")):
            assert "ledningens-genomgang" in href, (page, href)


def test_smaller_wording_fixes(site):
    for page in all_pages(site):
        text = text_of(page.read_text(encoding="utf-8")).lower()
        assert "workshop" not in text and "plan–do–check–act" not in text, page
    wheel_html = site.html("om-lis/index.html").split('id="följ-årshjulet"')[1].split("</table>")[0]
    wheel = [[text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
             for row in re.findall(r"<tr>(.*?)</tr>", wheel_html, re.S)][1:]
    january = [r for r in wheel if r[0] == "Januari"]
    assert any("Fastställ ledningens genomgång" in r[1] for r in january)
    assert not any("ledningens genomgång" in r[1] for r in wheel if r[0] == "December")
    register = text_of(site.html("styrande/index.html"))
    assert "Informationssäkerhetspolicy" not in register.split("Dokumentregister")[1].split("Täckning")[0]


def test_a_done_action_must_point_at_a_page_that_exists(tmp_path):
    """On the fixture project (tests/fixtures/utskrift + tests/fixtures/data), which checks clean until edited."""
    from tests.build_helpers import call_lis
    from tests.conftest import replace_in
    from tests.fixture_project import fixture_project

    project = fixture_project(tmp_path / "handbok")
    assert call_lis(project, "kontrollera").returncode == 0
    replace_in(project / "data/atgarder.yaml", "    resultat: rutiner/incidenthantering.md\n",
               "    resultat: rutiner/stodmaterial-nis.md\n")
    replace_in(project / "data/lagkrav.yaml", "    sidor: [rutiner/incidenthantering.md]\n",
               "    sidor: [anvandarregler.md]\n")
    result = call_lis(project, "kontrollera")
    assert result.returncode == 1
    line = (project / "data/atgarder.yaml").read_text(encoding="utf-8").splitlines().index(
        "    resultat: rutiner/stodmaterial-nis.md") + 1
    assert (f'data/atgarder.yaml, rad {line}, åtgärd "a26-rutin-nis", fält "resultat": sidan '
            '"rutiner/stodmaterial-nis.md" finns inte under docs/; ange sökvägen till sidan där resultatet finns'
            ) in result.stdout + result.stderr
    line = (project / "data/lagkrav.yaml").read_text(encoding="utf-8").splitlines().index(
        "    sidor: [anvandarregler.md]") + 1
    assert (f'data/lagkrav.yaml, rad {line}, punkt "2", fält "sidor[1]": sidan "anvandarregler.md" finns inte under '
            "docs/; belägg måste vara en befintlig sida") in result.stdout + result.stderr
