"""Gates that need no browser: personal-data guard, offline link check, robust loader, safe publishing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import pii
from macros.errors import DataError
from macros.linkcheck import check_site
from macros.loader import load_handbook
from tests.build_helpers import build, copy_project, run_lis
from tests.conftest import FIXTURE_DATA, replace_in
from tests.fixture_project import fixture_project

# --- Personal-data guard ---------------------------------------------------------------------

# Skatteverket's published test number (Tolvan Tolvansson) and a coordination number (day + 60).
VALID = ["19121212-1212", "121212-1212", "191212121212", "701063-2391"]
INVALID = ["121212-1213", "20261128", "2026-11-28", "08-000 00 10", "991332-1234", "1212121212345"]


@pytest.mark.parametrize("number", VALID)
def test_valid_identity_numbers_are_found(number):
    assert [n for _, n in pii.identity_numbers(f"Kontakt: {number}.")] == [number]


@pytest.mark.parametrize("number", INVALID)
def test_other_numbers_are_not(number):
    assert list(pii.identity_numbers(f"Värde {number} här")) == []


def test_guard_names_file_and_line_and_allows_listed_test_numbers(tmp_path):
    page = tmp_path / "sida.md"
    page.write_text("# Rubrik\n\nRing 19121212-1212 eller 701063-2391.\n", encoding="utf-8")
    issues = pii.scan([(page, "docs/sida.md")], allowed={"701063-2391"})
    assert [str(i) for i in issues] == [
        "docs/sida.md, rad 3: 19121212-1212 ser ut som ett personnummer eller samordningsnummer "
        "(kontrollsiffran stämmer). Personuppgifter får inte publiceras i handboken; ta bort numret. "
        "Är det ett officiellt testpersonnummer, lägg det under testpersonnummer i data/organisation.yaml."]


def test_identity_number_in_data_stops_the_build(tmp_path):
    project = fixture_project(tmp_path / "handbok")
    replace_in(project / "data/system.yaml", "    namn: Alfa\n", "    namn: Alfa (kontakt 121212-1212)\n")
    result = build(project)
    assert result.returncode != 0
    assert "data/system.yaml, rad 4: 121212-1212 ser ut som ett personnummer" in result.output
    replace_in(project / "data/organisation.yaml", "stad: Stockholms stad\n",
               "stad: Stockholms stad\ntestpersonnummer: [19121212-1212]\n")
    assert build(project).returncode == 0


# --- Links ------------------------------------------------------------------------------------


def test_every_internal_link_and_anchor_of_the_site_resolves(site):
    assert check_site(site.site) == []


def test_link_check_catches_broken_links_anchors_and_foreign_resources(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    page = copy / "utbildning" / "index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("</article>", '<a href="../finns-inte/">x</a><a href="../rutiner/#saknas">y</a>'
                                      '<a href="javascript:alert(1)">z</a>'
                                      '<img src="https://cdn.example.org/a.png" alt="a"></article>', 1)
    page.write_text(html, encoding="utf-8")
    assert check_site(copy) == [
        "utbildning/index.html: länken ../finns-inte/ pekar på en sida eller fil som inte finns",
        "utbildning/index.html: länken ../rutiner/#saknas pekar på ankaret #saknas som inte finns",
        "utbildning/index.html: länken javascript:alert(1) kör skript; sådana länkar är inte tillåtna",
        "utbildning/index.html: img hämtar https://cdn.example.org/a.png från en annan server; "
        "webbplatsen måste fungera utan internet",
    ]


# --- Robust loader ----------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates().map(str))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "namn", "system", "klassning", "K", "datum", "samhällsviktig", "x"])
                    | st.text(max_size=8), inner, max_size=5)), max_leaves=20)


def _load_with(file: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(FIXTURE_DATA, data)
        (data / file).write_text(text, encoding="utf-8")
        try:
            load_handbook(data)
        except DataError as err:
            assert err.issues and all(i.file.startswith("data/") for i in err.issues)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["system.yaml", "organisation.yaml", "mal.yaml", "atgarder.yaml"]), documents)
@pytest.mark.sweep
def test_any_yaml_structure_gives_records_or_the_swedish_report(file, document):
    _load_with(file, yaml.safe_dump({"system": document} if file == "system.yaml" else document,
                                    allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
@pytest.mark.sweep
def test_any_text_gives_records_or_the_swedish_report(text):
    _load_with("system.yaml", text)


@pytest.mark.sweep
def test_mutated_real_file_gives_records_or_the_swedish_report():
    original = (FIXTURE_DATA / "system.yaml").read_text(encoding="utf-8")
    for cut in range(0, len(original), 97):
        _load_with("system.yaml", original[:cut] + original[cut + 3:])


# --- Safe publishing --------------------------------------------------------------------------


def test_failed_build_leaves_the_published_site_untouched(tmp_path):
    project = copy_project(tmp_path / "handbook")
    ok = run_lis(project, "bygg")
    assert ok.returncode == 0, ok.stderr
    published = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*.html")}

    replace_in(project / "data/system.yaml", "    samhällsviktig: ja\n", "    samhällsviktig: kanske\n", count=12)
    failed = run_lis(project, "bygg")
    assert failed.returncode == 1
    assert '"kanske" går inte att tolka; skriv ja eller nej' in failed.stderr
    assert "Traceback" not in failed.stderr
    now = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*.html")}
    assert now == published
    assert not (project / ".site-nytt").exists() and not (project / ".site-gammalt").exists()


def test_loader_harness_catches_an_escaping_exception(monkeypatch):
    """The robustness gate is real: if the loader let any other exception out, the harness fails."""
    import macros.loader

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("escaped")

    monkeypatch.setattr(macros.loader, "check_references", broken)
    with pytest.raises(RuntimeError, match="escaped"):
        _load_with("mal.yaml", (FIXTURE_DATA / "mal.yaml").read_text(encoding="utf-8"))
