"""bench/engines.py: the comparison of two engines' sites (on the fixture project's build) and the probe's report."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from bench.engines import compare_sites, probe_report


def copy_of(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    return target


def test_a_site_equals_its_copy_whatever_its_generator_tag_and_gzip_header(fixture_site, tmp_path):
    other = copy_of(fixture_site.site, tmp_path / "annan")
    page = other / "index.html"
    html = page.read_text(encoding="utf-8")
    # Material writes no generator tag here; the other engine may write one of its own.
    page.write_text(html.replace("<head>", '<head><meta name="generator" content="properdocs-1.6.7">', 1),
                    encoding="utf-8")
    missing = other / "404.html"  # on a line of its own, as Material's template writes it elsewhere
    missing.write_text(missing.read_text(encoding="utf-8").replace(
        "<head>", '<head>\n    <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">', 1), encoding="utf-8")
    sitemap = other / "sitemap.xml.gz"
    sitemap.write_bytes(gzip.compress(gzip.decompress(sitemap.read_bytes()), mtime=1))
    assert sitemap.read_bytes() != (fixture_site.site / "sitemap.xml.gz").read_bytes()
    assert compare_sites(fixture_site.site, other) == []


def test_every_difference_is_named_with_its_file(fixture_site, tmp_path):
    other = copy_of(fixture_site.site, tmp_path / "annan")
    page = other / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<!doctype html>", "<!DOCTYPE html>", 1),
                    encoding="utf-8")
    (other / "404.html").unlink()
    (other / "extra.txt").write_text("ny\n", encoding="utf-8")
    assert compare_sites(fixture_site.site, other) == [
        "404.html finns bara i MkDocss bygge",
        "extra.txt finns bara i ProperDocss bygge",
        "index.html skiljer sig: rad 2: '<!doctype html>' mot '<!DOCTYPE html>'",
    ]


def write(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")


def test_the_probe_report_counts_what_the_other_engine_wrote_per_kind(tmp_path):
    docs, reference, probe = tmp_path / "docs", tmp_path / "mkdocs", tmp_path / "zensical"
    write(docs, "index.md", "rutiner/index.md", "rutiner/incident.md")
    write(reference, "index.html", "404.html", "rutiner/index.html", "rutiner/incident/index.html",
          "system/alfa/index.html", "system/beta/index.html", "vad-ar-nytt.xml", "sitemap.xml",
          "kalender/forvaltningen.ics", "search/search_index.json", "search/lis-sidor.json", "assets/lis.css")
    write(probe, "index.html", "404.html", "rutiner/index.html", "sitemap.xml", "search.json", "assets/lis.css")
    assert probe_report(reference, probe, docs) == [
        "skrivna sidor: 2 av 3; saknas: rutiner/incident/index.html",
        "genererade sidor (tillägget lis): 0 av 2; saknas: system/alfa/index.html, system/beta/index.html",
        "flöden: 0 av 1; saknas: vad-ar-nytt.xml",
        "kalendrar: 0 av 1; saknas: kalender/forvaltningen.ics",
        "sökningens filer: 0 av 2; saknas: search/lis-sidor.json, search/search_index.json",
        "övriga filer: 3 av 3",
        "bara i provbygget: search.json",
    ]


def test_the_search_bundle_is_compared_by_the_pages_it_indexed(tmp_path):
    # Pagefind names its files by hashes that differ from run to run on the same pages.
    first, second = tmp_path / "a", tmp_path / "b"
    write(first, "index.html", "pagefind/filter/sv_fe59c42.pf_filter")
    write(second, "index.html", "pagefind/filter/sv_56ac845.pf_filter")
    for site, pages in ((first, 111), (second, 111)):
        (site / "pagefind/pagefind-entry.json").write_text(
            f'{{"version":"1.5.2","languages":{{"sv":{{"hash":"x","page_count":{pages}}}}}}}', encoding="utf-8")
    assert compare_sites(first, second) == []
    (second / "pagefind/pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"sv":{"hash":"y","page_count":110}}}', encoding="utf-8")
    assert compare_sites(first, second) == [
        "sökindexet (Pagefind) har sidor per språk {'sv': 111} i MkDocss bygge och {'sv': 110} i ProperDocss"]
