"""A small handbook the print and chart tests control: fixture data, a few fixture pages, the real theme."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.build_helpers import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_project(target: Path, example_data: bool = True) -> Path:
    """tests/fixtures/utskrift/docs and tests/fixtures/data with the real macros, overrides and mkdocs.yml.

    The real menu lists pages the fixture does not have, so it is left out (MkDocs then lists
    every page); everything else in mkdocs.yml is the real configuration.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "utskrift" / "docs", target / "docs")
    shutil.copytree(FIXTURES / "data", target / "data")
    for part in ("macros", "overrides"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(re.sub(r"\nnav:\n(?:[ #].*\n|\n)*", "\n", config), encoding="utf-8")
    if not example_data:
        org = target / "data" / "organisation.yaml"
        text = org.read_text(encoding="utf-8")
        assert text.count("exempeldata: ja\n") == 1
        org.write_text(text.replace("exempeldata: ja\n", "exempeldata: nej\n"), encoding="utf-8")
    return target
