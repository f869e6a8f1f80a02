"""Where the handbook is: the nearest folder upwards that holds mkdocs.yml."""

from __future__ import annotations

from pathlib import Path


def nearest(start: Path | None = None) -> Path | None:
    """The nearest folder from `start` (the working folder) upwards that holds mkdocs.yml, if any."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists():
            return folder
    return None
