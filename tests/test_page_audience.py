"""Who may read a page: `utgåva:` in its front matter, and the check that a page for everyone shows nothing restricted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros import page_audience
from macros.page_macros import OPEN_MACROS, RESTRICTED_MACROS, restricted_macros
from macros.registers import all_registers
from macros.sandbox import PageTemplateError, PageTemplates


def _page(docs: Path, rel: str, text: str) -> str:
    (docs / rel).parent.mkdir(parents=True, exist_ok=True)
    (docs / rel).write_text(text, encoding="utf-8")
    return rel


def test_a_page_says_lis_or_alla_and_anything_else_is_an_error_with_file_and_line(tmp_path):
    docs = tmp_path / "docs"
    pages = [_page(docs, "a.md", "---\ntitle: A\nutgåva: lis\n---\n# A\n"),
             _page(docs, "b.md", "---\nutgåva: alla\n---\n# B\n"),
             _page(docs, "c.md", "# C\n\nutgåva: lis står i texten, inte i huvudet.\n"),
             _page(docs, "d.md", "---\ntitle: D\nmålgrupp: samordnare\nutgåva: hemlig\n---\n# D\n"),
             _page(docs, "e.md", "---\nutgåva: \" LIS \"\n---\n# E\n")]
    restricted, issues = page_audience.restricted_pages(docs, pages)
    assert restricted == {"a.md", "e.md"}
    assert [str(i) for i in issues] == [
        'docs/d.md, rad 4, fält "utgåva": "hemlig" går inte att tolka; skriv alla (personalutgåvan, som alla kan '
        "läsa) eller lis (LIS-utgåvan, bara för LIS-gruppen)"]


def test_a_page_for_everyone_calling_a_restricted_macro_is_refused_with_its_line():
    templates = PageTemplates({"riskregister": lambda: "RISKER", "roll": lambda r: r}, {})
    page = "# Rutin\n\n{{ roll(\"x\") }}\n\n{{ riskregister() }}\n"
    assert templates.render(page, {}) == "# Rutin\n\nx\n\nRISKER"
    with pytest.raises(PageTemplateError) as refused:
        templates.render(page, {"riskregister": "visar läget i säkerhetsarbetet"})
    assert refused.value.problems == [(5, "makrot riskregister() visar läget i säkerhetsarbetet, men sidan är för "
                                          "alla (utgåva: alla, som gäller när sidan inte säger något annat); skriv "
                                          "utgåva: lis i sidans huvud, eller ta bort anropet")]
    assert "Vem får läsa vad" in refused.value.advice


def test_restricted_macros_are_the_listed_ones_and_every_restricted_registers_macros():
    lis_registers = {name for r in all_registers() if r.audience == "lis" for name in r.macros}
    assert set(restricted_macros()) == RESTRICTED_MACROS | lis_registers
    assert {"riskregister", "tillamplighet", "loggkontroller", "lg_handlingsplan", "att_gora"} <= RESTRICTED_MACROS
    assert not {"roll", "kontakt", "systemforteckning", "lagringstider", "vad_ar_nytt"} & set(restricted_macros())


def test_every_shared_macro_is_declared_restricted_or_open_and_no_other_name_is():
    source = (Path(__file__).parent.parent / "macros" / "page_macros.py").read_text(encoding="utf-8")
    shared = set(re.findall(r'^\s+"([a-z_0-9]+)": lambda', source, re.M))
    assert len(shared) > 60
    assert not RESTRICTED_MACROS & OPEN_MACROS
    assert sorted(shared - RESTRICTED_MACROS - OPEN_MACROS) == [], "add the macro to RESTRICTED_MACROS or OPEN_MACROS"
    assert sorted((RESTRICTED_MACROS | OPEN_MACROS) - shared) == [], "these are no macros in page_macros.py"
