"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.browser import serve as serve  # one local web server for tests and the benchmark

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str:
    """Debian's Chromium; CI installs it, elsewhere the browser tests are skipped without it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium saknas i CI; .ci/run ska installera paketet chromium")
    pytest.skip("Chromium saknas (apt-get install chromium)")


def page_urls(site: Path, base: str) -> list[str]:
    """The URL of every page of the site (directory URLs)."""
    urls = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        urls.append(base if rel == "." else f"{base}{rel}/")
    return urls
