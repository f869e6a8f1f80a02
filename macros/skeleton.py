"""Page skeletons: the prose and headings of generated pages live in macros/templates/*.md.

A writer edits the Markdown file; code fills its `$name` placeholders with escaped text and
rendered tables. Each file is read once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path
from string import Template

FOLDER = Path(__file__).parent / "templates"


@functools.cache
def _template(name: str) -> Template:
    return Template((FOLDER / name).read_text(encoding="utf-8"))


def fill(template: str, /, **values: object) -> str:
    """The skeleton `template` with every placeholder filled (a missing value is a bug: KeyError)."""
    return _template(template).substitute({key: str(value) for key, value in values.items()})
