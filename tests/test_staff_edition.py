"""The staff edition's rules in the core (macros/staff_edition.py): which edition, which address, a review's
summary and decisions, and the notice that points to the LIS edition."""

from __future__ import annotations

import pytest

from macros import staff_edition as staff
from macros.audience import Audience
from macros.errors import UserError

REVIEW = """# Ledningens genomgång 2026

{{ lg_status(2026) }}

## Sammanfattning

Året i korthet.

### Detaljer i sammanfattningen

Också för alla.

## Indata

### a) Status för åtgärder

{{ lg_atgarder(2026) }}

## Utdata

### Beslut om förbättringar

Nämnden beslutar att öva mer.

### Handlingsplan

{{ lg_handlingsplan(2026) }}
"""


def test_a_review_keeps_its_heading_summary_and_decisions_on_their_own_lines():
    shown = staff.staff_review(REVIEW, "https://lis.example/lis/ledningens-genomgang/2026/")
    lines = shown.split("\n")
    assert lines[0] == "# Ledningens genomgång 2026"
    assert lines[4] == "## Sammanfattning" and lines[8] == "### Detaljer i sammanfattningen"
    assert lines[20] == "### Beslut om förbättringar" and lines[22] == "Nämnden beslutar att öva mer."
    kept = [ln for ln in lines[:23] if ln]
    assert kept == ["# Ledningens genomgång 2026", "## Sammanfattning", "Året i korthet.",
                    "### Detaljer i sammanfattningen", "Också för alla.", "### Beslut om förbättringar",
                    "Nämnden beslutar att öva mer."]
    assert "lg_" not in shown and "Indata" not in shown and "Handlingsplan" not in shown
    assert ('<a href="https://lis.example/lis/ledningens-genomgang/2026/">öppna den i LIS-utgåvan</a>' in shown
            and "Hela genomgången finns i LIS-utgåvan" in shown)


def test_a_notice_escapes_the_title_and_names_whose_access_it_needs():
    shown = staff.stub("Risker <script>", "https://lis.example/lis/x/")
    assert shown.startswith("# Risker &lt;script&gt;\n")
    assert "kräver LIS-gruppens behörighet" in shown and "<script>" not in shown


def test_the_edition_is_read_from_lis_utgava_and_a_wrong_value_is_refused_in_swedish():
    assert staff.edition_from_environment({}) is Audience.LIS
    assert staff.edition_from_environment({"LIS_UTGAVA": " Alla "}) is Audience.ALL
    with pytest.raises(UserError) as refused:
        staff.edition_from_environment({"LIS_UTGAVA": "personal"})
    assert str(refused.value) == ("LIS_UTGAVA=personal går inte att tolka; skriv alla (personalutgåvan) eller lis "
                                  "(LIS-utgåvan)")


def test_the_lis_edition_lives_under_lis_unless_told_otherwise():
    site = "https://lis.intranat.example/"
    assert staff.lis_address(site, {}) == "https://lis.intranat.example/lis/"
    assert staff.lis_address(site, {"LIS_WEBBADRESS_LIS": "https://lisgruppen.example/"}) == \
        "https://lisgruppen.example/"
    assert staff.edition_address(site, Audience.LIS, {"LIS_UTGAVA": "lis"}) == "https://lis.intranat.example/lis/"
    assert staff.edition_address(site, Audience.LIS, {}) == site  # make serve, mkdocs build: the complete site
    assert staff.edition_address(site, Audience.ALL, {"LIS_UTGAVA": "alla"}) == site
