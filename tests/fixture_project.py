"""A small handbook the print and chart tests control: fixture data, a few fixture pages, the real theme."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from macros import pages
from tests.build_helpers import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_project(target: Path, example_data: bool = True, menu: bool = False) -> Path:
    """tests/fixtures/utskrift/docs and tests/fixtures/data with the real macros, overrides and mkdocs.yml.

    The real menu lists pages the fixture does not have, so it is left out (MkDocs then lists
    every page); everything else in mkdocs.yml is the real configuration. `menu=True` writes a
    menu of the fixture's own pages instead, one line each, for commands that add to the menu, and
    adds the pages every page's footer or a generated page links to (`lis bygg` checks links).
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "utskrift" / "docs", target / "docs")
    shutil.copytree(FIXTURES / "data", target / "data")
    for part in ("macros", "overrides"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:[ #].*\n|\n)*", "\n", config)
    if menu:  # a whole site, as the real one: also the pages that every page or generated page links to
        docs = target / "docs"
        for page, title in (("om-handboken/tillganglighet.md", "Tillgänglighetsredogörelse"),
                            (pages.REVIEW_INDEX, "Ledningens genomgång"),
                            ("uppfoljning/internrevision.md", "Internrevision av LIS")):  # the review template links here
            (docs / page).parent.mkdir(exist_ok=True)
            (docs / page).write_text(f"# {title}\n\nFixturens sida.\n", encoding="utf-8")
        listed = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) + [pages.OBJECT_INDEX]
        config += "\nnav:\n" + "".join(f"  - {page}\n" for page in listed)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if not example_data:
        org = target / "data" / "organisation.yaml"
        text = org.read_text(encoding="utf-8")
        assert text.count("exempeldata: ja\n") == 1
        org.write_text(text.replace("exempeldata: ja\n", "exempeldata: nej\n"), encoding="utf-8")
    return target


# A request for `lis tillsyn` that the fixture project satisfies (its authorities, a role with contact data), with
# the secrecy review explicitly left out: for tests of something else than the cover letter.
SUPERVISION_REQUEST = ("--myndighet", "mcf-csirt", "--arende", "A 1", "--diarienummer", "B 2", "--kontakt",
                       "samordnare", "--ingen-sekretessprovning")
