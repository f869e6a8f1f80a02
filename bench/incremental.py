"""Build a project as `mkdocs serve --dirty` (make serve) does, without the web server.

    python bench/incremental.py PROJECT SITE

Builds once, prints a JSON line, then builds again for every line read on standard input (the
caller edits files in between) and prints a JSON line per build: seconds, and how many HTML
pages were written. Each rebuild loads the configuration afresh, exactly as the server's
builder does, while plugin and hook state lives on in the process as it does under serve.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def html_stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def main() -> int:
    project, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    os.chdir(project)
    sys.path.insert(0, str(project))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def once() -> None:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        if not hasattr(once, "started"):
            config.plugins.on_startup(command="serve", dirty=True)
            once.started = True  # type: ignore[attr-defined]
        before = html_stamps(site) if site.exists() else {}
        start = time.perf_counter()
        build(config, dirty=True)
        seconds = time.perf_counter() - start
        after = html_stamps(site)
        written = sum(1 for page, stamp in after.items() if before.get(page) != stamp)
        print(json.dumps({"s": round(seconds, 2), "skrivna": written, "sidor": len(after)}), flush=True)

    once()
    for _ in sys.stdin:
        once()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
