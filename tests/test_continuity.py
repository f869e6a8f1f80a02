"""Continuity and log checks on the fixture data (tests/fixtures/data), reference date 2026-11-28, counted by hand.

Fixture facts: gamma and epsilon have T 3; alfa T 2, beta T 1, delta is not classified, zeta is retired.
See the comments at the top of tests/fixtures/data/kontinuitet.yaml and loggkontroller.yaml.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import continuity as co
from macros import continuity_views as cv
from macros import followup as fu
from macros.calendar import feed
from macros.loader import load_handbook
from tests.conftest import AS_OF, replace_in
from tests.test_build import cells
from tests.test_gates import _load_with, documents
from tests.test_loader import errors_for


def members(items, kind, bucket):
    return sorted(i.key for i in items if i.kind is kind and fu.bucket(i.due, AS_OF) is bucket)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 15), 12, date(2027, 1, 15)), (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)), (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 1), 1, date(2027, 1, 1)), (date(2025, 10, 1), 24, date(2027, 10, 1)),
])
def test_add_months(day, months, expected):
    assert co.add_months(day, months) == expected


def test_fixture_continuity_and_log_checks_are_read(handbook):
    assert [c.system for c in handbook.continuity] == ["alfa", "gamma", "epsilon", "delta", "zeta"]
    assert [c.system for c in handbook.log_checks] == ["delta", "gamma", "alfa"]


@pytest.mark.parametrize(("kind", "bucket", "expected"), [
    (fu.DueKind.FALLBACK_TEST, fu.Bucket.OVERDUE, ["gamma"]),
    (fu.DueKind.FALLBACK_TEST, fu.Bucket.WITHIN_30, []),
    (fu.DueKind.FALLBACK_TEST, fu.Bucket.WITHIN_90, ["alfa"]),
    (fu.DueKind.FALLBACK_TEST, fu.Bucket.IN_ORDER, []),  # zeta is retired, delta never tested
    (fu.DueKind.LOG_CHECK, fu.Bucket.OVERDUE, ["delta"]),
    (fu.DueKind.LOG_CHECK, fu.Bucket.WITHIN_30, ["gamma"]),
    (fu.DueKind.LOG_CHECK, fu.Bucket.WITHIN_90, ["alfa"]),
    (fu.DueKind.LOG_CHECK, fu.Bucket.IN_ORDER, []),
])
def test_due_buckets(handbook, kind, bucket, expected):
    assert members(fu.due_items(handbook, [], AS_OF), kind, bucket) == expected


def test_due_dates_owners_and_objects(handbook):
    items = {(i.kind, i.key): i for i in fu.due_items(handbook, [], AS_OF)}
    gamma_test = items[(fu.DueKind.FALLBACK_TEST, "gamma")]
    assert (gamma_test.due, gamma_test.owner, gamma_test.objects) == (date(2026, 10, 1), "ansvar oklart", ("personal",))
    never_checked = items[(fu.DueKind.LOG_CHECK, "gamma")]  # from gäller_från 2026-11-01
    assert (never_checked.due, never_checked.owner) == (date(2026, 12, 1), "Objektledare/systemförvaltare")
    assert items[(fu.DueKind.LOG_CHECK, "alfa")].due == date(2026, 12, 30)
    assert items[(fu.DueKind.LOG_CHECK, "alfa")].page == "system/alfa.md"


def test_a_check_dated_after_the_reference_date_does_not_count(handbook):
    early = date(2026, 1, 10)  # before alfa's test 2026-01-15 and its log check 2026-09-30
    alfa_test = next(t for t in co.fallback_tests(handbook, date(2026, 3, 1)) if t.system.id == "alfa")
    assert alfa_test.due == date(2027, 1, 15)
    assert [t.system.id for t in co.fallback_tests(handbook, early)] == ["zeta", "gamma"]  # zeta (retired 2026-01-31) is still in use then


@pytest.mark.parametrize(("gap_id", "expected"), [
    # alfa is samhällsviktig (T 2), gamma and epsilon have T 3, delta is not classified yet; beta (T 1) is not.
    ("utan-testad-reservrutin", ["delta", "epsilon"]),
    ("utan-aterstallningsmal", ["alfa", "gamma", "delta", "epsilon"]),
    # Fallbacks on paper (alfa's printed lists, gamma's forms) without how the paper is stored, dated, destroyed.
    ("papper-utan-hantering", ["alfa", "gamma"]),
])
def test_gap_lists(handbook, gap_id, expected):
    gap = next(g for g in co.CONTINUITY_GAPS if g.id == gap_id)
    assert [s.id for s in co.continuity_gap_members(handbook, gap, AS_OF)] == expected


def test_a_system_without_any_continuity_entry_is_a_gap_once_it_has_t3(data_dir):
    replace_in(data_dir / "kontinuitet.yaml", "  - system: gamma\n", "  - system: beta\n")
    replace_in(data_dir / "system.yaml", "      R: 2\n      T: 1\n", "      R: 2\n      T: 4\n")
    hb = load_handbook(data_dir)
    untested = co.CONTINUITY_GAPS[0]
    assert [s.id for s in co.continuity_gap_members(hb, untested, AS_OF)] == ["gamma", "delta", "epsilon"]
    assert co.needs_recovery_plan(hb.systems[1], AS_OF)  # beta, now T 4


def test_continuity_is_required_for_samhallsviktig_t3_and_unclassified_systems(handbook):
    needs = {s.id: co.needs_recovery_plan(s, AS_OF) for s in handbook.systems}
    assert needs == {"alfa": True, "beta": False, "gamma": True, "delta": True, "epsilon": True, "zeta": True}


def test_missing_files_mean_no_entries(data_dir):
    (data_dir / "kontinuitet.yaml").unlink()
    (data_dir / "loggkontroller.yaml").unlink()
    hb = load_handbook(data_dir)
    assert hb.continuity == () and hb.log_checks == ()
    untested = co.CONTINUITY_GAPS[0]
    assert [s.id for s in co.continuity_gap_members(hb, untested, AS_OF)] == ["alfa", "gamma", "delta", "epsilon"]


# --- Validation: one broken field, the exact Swedish message ------------------------------------

ERRORS = [
    pytest.param("kontinuitet.yaml", "  - system: epsilon\n", "  - system: epsilom\n",
                 'data/kontinuitet.yaml, rad 20, kontinuitet för system "epsilom", fält "system": okänt system '
                 '"epsilom"; system finns i data/system.yaml', id="unknown-system"),
    pytest.param("kontinuitet.yaml", "  - system: delta\n", "  - system: alfa\n",
                 'data/kontinuitet.yaml, rad 23, kontinuitet för system "alfa", fält "system": system "alfa" '
                 "används redan av en tidigare post; varje post måste ha ett eget", id="duplicate-system"),
    pytest.param("kontinuitet.yaml", "    säkerhetskopiering: förvaltningen\n", "    säkerhetskopiering: IT\n",
                 'data/kontinuitet.yaml, rad 22, kontinuitet för system "epsilon", fält "säkerhetskopiering": "IT" '
                 "är inte ett tillåtet värde. Tillåtna värden: staden, leverantören, förvaltningen.",
                 id="backup-not-allowed"),
    pytest.param("kontinuitet.yaml", "    reservrutin: nej\n", "    reservrutin: kanske\n",
                 'data/kontinuitet.yaml, rad 21, kontinuitet för system "epsilon", fält "reservrutin": "kanske" '
                 "går inte att tolka; skriv ja eller nej", id="ja-nej"),
    pytest.param("kontinuitet.yaml", "    reservrutin: nej\n",
                 "    reservrutin: nej\n    senast_testad: 2026-05-01\n",
                 'data/kontinuitet.yaml, rad 22, kontinuitet för system "epsilon", fält "senast_testad": systemet '
                 "har ingen reservrutin att testa (reservrutin: nej); ta bort datumet eller ändra till "
                 "reservrutin: ja", id="tested-without-fallback"),
    pytest.param("kontinuitet.yaml", "    max_avbrott_timmar: 8\n", "    max_avbrott_timmar: 0\n",
                 'data/kontinuitet.yaml, rad 19, kontinuitet för system "gamma", fält "max_avbrott_timmar": "0" är '
                 "för litet; värdet måste vara större än 0", id="zero-outage"),
    pytest.param("kontinuitet.yaml", "    senast_testad: 2025-10-01\n", "    senast_testad: 2025-10-32\n",
                 'data/kontinuitet.yaml, rad 17, kontinuitet för system "gamma", fält "senast_testad": 2025-10-32 '
                 "är inget giltigt datum (finns den månaden och dagen?)", id="bad-date"),
    pytest.param("kontinuitet.yaml", "    återläsning_testad: 2025-11-20\n", "    aterlasning_testad: 2025-11-20\n",
                 'data/kontinuitet.yaml, rad 13, kontinuitet för system "alfa", fält "aterlasning_testad": okänt '
                 'fält. Menade du "återläsning_testad"? Tillåtna fält: system, reservrutin, beskrivning, '
                 "senast_testad, testintervall_månader, säkerhetskopiering, återläsning_testad, "
                 "max_avbrott_timmar, max_dataförlust_timmar, papper, liv_och_hälsa.", id="typo"),
    pytest.param("loggkontroller.yaml", "    ansvarig: chef\n", "    ansvarig: loggansvarig\n",
                 'data/loggkontroller.yaml, rad 19, loggkontroll för system "alfa", fält "ansvarig": okänd roll '
                 '"loggansvarig". Kända roller: chef, chef-i-beredskap, dataskyddsombud, forvaltningsledning, it-support, medarbetare, '
                 "namnd, objektagare, objektledare, registrator, samordnare, slk-sakerhet.", id="unknown-role"),
    pytest.param("loggkontroller.yaml", "    gäller_från: 2026-11-01\n", "",
                 'data/loggkontroller.yaml, rad 12, loggkontroll för system "gamma": ange senast_kontrollerad, '
                 "eller gäller_från om ingen kontroll är gjord än", id="no-date"),
    pytest.param("loggkontroller.yaml", "    intervall_månader: 3\n", "    intervall_månader: 36\n",
                 'data/loggkontroller.yaml, rad 20, loggkontroll för system "alfa", fält "intervall_månader": "36" '
                 "är för stort; största tillåtna värde är 24", id="interval-too-long"),
    pytest.param("loggkontroller.yaml", "    grund: annat\n", "    grund: PDL\n",
                 'data/loggkontroller.yaml, rad 13, loggkontroll för system "gamma", fält "grund": "PDL" är inte '
                 "ett tillåtet värde. Tillåtna värden: patientdatalagen, socialtjänst, annat.", id="basis"),
    pytest.param("loggkontroller.yaml", "    gäller_från: 2026-11-01\n",
                 "    gäller_från: 2026-11-01\n    senast_kontrollerad: 2026-10-01\n",
                 'data/loggkontroller.yaml, rad 17, loggkontroll för system "gamma", fält "senast_kontrollerad": '
                 "kontrollen (2026-10-01) ligger före dagen då kontrollerna började gälla (2026-11-01)",
                 id="check-before-start"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), ERRORS)
def test_broken_field_gives_exact_swedish_message(data_dir, file, old, new, expected):
    replace_in(data_dir / file, old, new)
    assert errors_for(data_dir) == [expected]


def test_a_removed_system_is_named_in_both_files(data_dir):
    replace_in(data_dir / "system.yaml", "  - id: gamma\n", "  - id: gamma2\n")
    assert errors_for(data_dir) == [
        'data/atgarder.yaml, rad 32, åtgärd "a25-egenkontroll-uppfoljning", fält "system[2]": okänt system "gamma"; '
        "system finns i data/system.yaml",
        'data/kontinuitet.yaml, rad 14, kontinuitet för system "gamma", fält "system": okänt system "gamma"; '
        "system finns i data/system.yaml",
        'data/loggkontroller.yaml, rad 12, loggkontroll för system "gamma", fält "system": okänt system "gamma"; '
        "system finns i data/system.yaml",
    ]


# --- Views and calendar ---------------------------------------------------------------------------


def test_dashboard_gap_and_log_tables(handbook):
    ov = fu.Overview(handbook, [], AS_OF)
    html = cv.gap_tables(ov, "uppfoljning/index.md")
    untested = cells(html, "Kräver kontinuitet, utan testad reservrutin (2)")
    assert [r[0] for r in untested] == ["Delta", "Epsilon"]
    assert untested[1] == ["Epsilon", "Ekonomi och inköp", "3", "nej", "–"]
    assert [r[0] for r in cells(html, "Kräver kontinuitet, utan återställningsmål (4)")] == ["Alfa", "Gamma", "Delta", "Epsilon"]
    logs = cells(cv.log_check_table(ov, "uppfoljning/index.md"), "Loggkontroller (3)")
    assert [r[0] for r in logs] == ["Delta", "Gamma", "Alfa"]
    assert logs[0][2:] == ["patientdatalagen", "Objektledare/systemförvaltare", "1 mån", "2026-06-15",
                           "2026-07-15 (försenat)"]
    assert logs[1][5:] == ["–", "2026-12-01 (inom 30 dagar)"]


def test_system_page_sections(handbook):
    ov = fu.Overview(handbook, [], AS_OF)
    gamma = cv.system_sections(ov, "gamma")
    facts = dict((r[0], r[1]) for r in cells(gamma.replace("<table>", "<table><caption>Fakta</caption>", 1), "Fakta"))
    assert facts["Senast testad eller övad"] == "2025-10-01"
    assert facts["Nästa test"] == "2026-10-01 (försenat)"
    assert facts["Säkerhetskopiering och återläsning"] == "staden (stadens drift)"
    assert facts["Största godtagbara dataförlust"] == "–"
    assert cells(gamma, "Brister i kontinuiteten") == [
        ["Kräver kontinuitet, utan återställningsmål",
         "Samhällsviktigt, tillgänglighet 3 eller högre eller inte klassat, men längsta av"
         "brott och största dataförlust är inte bestämda."],
        ["Reservrutin på papper utan hantering",
         "Reservrutinen bygger på papper (listor, blanketter eller pärmar), men det står inte hur papperen "
         "förvaras, dateras och förstörs."]]
    beta = cv.system_sections(ov, "beta")
    assert "Uppgifter om reservrutin och säkerhetskopiering saknas" in beta
    assert "Inga återkommande loggkontroller är registrerade för systemet." in beta
    assert "Inga kända brister." in beta


def test_object_agenda_lists_the_objects_gaps_and_checks(handbook):
    ov = fu.Overview(handbook, [], AS_OF)
    personal = cv.object_sections(ov, "personal")
    assert [r[0] for r in cells(personal, "Kräver kontinuitet, utan återställningsmål (1)")] == ["Gamma"]
    assert "Kräver kontinuitet, utan testad reservrutin (0)" in personal
    assert [r[0] for r in cells(personal, "Loggkontroller (1)")] == ["Gamma"]
    assert [r[0] for r in cells(personal, "Reservrutiner och återställning")] == ["Gamma"]


def test_calendar_feed_holds_the_continuity_and_log_dates(handbook):
    items = [i for i in fu.due_items(handbook, [], AS_OF)
             if i.kind in (fu.DueKind.FALLBACK_TEST, fu.DueKind.LOG_CHECK)]
    ics = feed("LIS", items, "https://lis.example/", AS_OF)
    assert ics.count("BEGIN:VEVENT") == 5
    assert "SUMMARY:Loggkontroll: Delta\r\n" in ics and "DTSTART;VALUE=DATE:20260715\r\n" in ics
    assert "SUMMARY:Test av reservrutin: Gamma\r\n" in ics and "UID:fallback-test/gamma@lis-handboken" in ics
    assert "UID:log-check/gamma@lis-handboken" in ics


# --- Robust loader: any structure under the new keys gives records or the Swedish report -----------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([("kontinuitet.yaml", "kontinuitet"), ("loggkontroller.yaml", "loggkontroller")]),
       st.lists(st.dictionaries(st.sampled_from(["system", "reservrutin", "senast_testad", "säkerhetskopiering",
                                                 "grund", "ansvarig", "intervall_månader", "gäller_från", "x"]),
                                documents, max_size=6), max_size=3))
@pytest.mark.sweep
def test_any_entries_give_records_or_the_swedish_report(target, entries):
    file, key = target
    _load_with(file, yaml.safe_dump({key: entries}, allow_unicode=True))


def test_the_district_wide_fallback_list_is_capped_at_city_scale(handbook, monkeypatch):
    monkeypatch.setattr("macros.render.MAX_ROWS", 2)
    ov = fu.Overview(handbook, [], AS_OF)
    html = cv.fallback_table(ov, "rutiner/kontinuitet-och-reservrutiner.md", ov.active, whole_district=True)
    assert "Reservrutiner och återställning – visar de 2 första; alla finns på förvaltningsobjektens sidor" in html
    assert len(cells(html, "Reservrutiner och återställning")) == 2
    whole = cv.fallback_table(ov, "forvaltningsobjekt/x.md", ov.active)  # an object's agenda lists them all
    assert len(cells(whole, "Reservrutiner och återställning")) == len(ov.active) > 2


def test_the_review_reports_the_systems_that_lack_continuity(handbook):
    html = cv.review_gaps(handbook, 2026, AS_OF)
    assert ("<caption>Kontinuitet: system som kräver reservrutin och återställningsmål men saknar dem "
            "(exempeldata) – beräknat per 2026-11-28</caption>") in html
    assert ('<tr><td>Kräver kontinuitet, utan testad reservrutin</td><td class="lis-tal">2</td>'
            "<td>Delta, Epsilon</td></tr>") in html
    assert ('<tr><td>Kräver kontinuitet, utan återställningsmål</td><td class="lis-tal">4</td>'
            "<td>Alfa, Gamma, Delta, Epsilon</td></tr>") in html
    # The adopted 2025 review keeps the figures of its own date (2025-12-31): delta was not in use yet, and
    # alfa's fallback was first tested on 2026-01-15.
    assert ('<tr><td>Kräver kontinuitet, utan testad reservrutin</td><td class="lis-tal">2</td>'
            "<td>Alfa, Epsilon</td></tr>") in cv.review_gaps(handbook, 2025, AS_OF)


def test_a_paper_fallback_says_how_the_paper_is_stored_dated_and_destroyed(data_dir):
    replace_in(data_dir / "kontinuitet.yaml", "    beskrivning: Utskrivna listor i pärmen på expeditionen.\n",
               "    beskrivning: Utskrivna listor i pärmen på expeditionen.\n    papper:\n"
               "      förvaras: I ett låst skåp på expeditionen.\n"
               "      dateras: Utskriftsdagen står på varje lista; äldre listor tas bort vid varje ny utskrift.\n"
               "      förstörs: I sekretesskärlet när systemet fungerar igen.\n")
    hb = load_handbook(data_dir)
    paper = next(g for g in co.CONTINUITY_GAPS if g.id == "papper-utan-hantering")
    assert [s.id for s in co.continuity_gap_members(hb, paper, AS_OF)] == ["gamma"]
    alfa = cv.system_sections(fu.Overview(hb, [], AS_OF), "alfa")
    facts = dict((r[0], r[1]) for r in cells(alfa.replace("<table>", "<table><caption>Fakta</caption>", 1), "Fakta"))
    assert facts["Papperen förvaras"] == "I ett låst skåp på expeditionen."
    assert facts["Papperen förstörs"] == "I sekretesskärlet när systemet fungerar igen."
