"""The Content-Security-Policy of every page: scripts and styles only from the site's own files,
nothing from another host, no plugins, no <base>, no forms to elsewhere.

The theme prints it as a <meta> tag first in every page's head (overrides/main.html reads it from
config.extra.lis_csp); README shows the same policy as a web-server header, which can also say
who may frame the site (frame-ancestors has no effect in a <meta> tag). Material's own inline
scripts are files under overrides/assets/javascripts/, so no inline script needs an exception.
The search loads Pagefind from pagefind/ (scripts, a worker, index chunks: all 'self') and
compiles its WebAssembly, which script-src allows with 'wasm-unsafe-eval' and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

# Directive -> sources. data: images: Material's stylesheet draws its icons with data: SVGs.
DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    # 'wasm-unsafe-eval' lets the search (Pagefind) compile its WebAssembly from the site's own
    # files; it allows no eval() of JavaScript and no inline script. Pagefind compiles it in its web
    # worker (worker-src 'self'), where Chromium searched without it, and falls back to the page
    # itself when the worker cannot start, where Chromium refuses WebAssembly without it (measured
    # 2026-12-03). Other browsers may also apply the policy inside the worker.
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
# Only a response header can carry this one: who may show the site in a frame.
HEADER_ONLY = {"frame-ancestors": "'self'"}


def policy(inline_styles: tuple[str, ...] = (), inline_scripts: tuple[str, ...] = ()) -> str:
    """The policy for the <meta> tag; `inline_styles` and `inline_scripts` are <style> and <script>
    contents allowed by their hash."""
    directives = dict(DIRECTIVES)
    if inline_styles:
        directives["style-src"] += "".join(f" 'sha256-{_digest(style)}'" for style in inline_styles)
    if inline_scripts:
        directives["script-src"] += "".join(f" 'sha256-{_digest(script)}'" for script in inline_scripts)
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def header() -> str:
    """The same policy as a web-server header (README), with what only a header can say."""
    return "; ".join([policy(), *(f"{name} {sources}" for name, sources in HEADER_ONLY.items())])


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def allow_inline_style(page: str, element: str) -> str:
    """A built `page` whose policy (if it has one) also allows the inline <style> `element`, by the hash
    of its content: the print layout `lis pdf` adds (macros/pdf_layout.py)."""
    content = re.fullmatch(r"<style[^>]*>(.*)</style>", element, re.S)
    if content is None:
        raise ValueError("not one <style> element")
    return _with_policy(page, policy((content.group(1),)))


def allow_inline_script(page: str, script: str) -> str:
    """A page whose policy (if it has one) also allows the inline <script> with content `script`, by its
    hash: under `make serve` only, the reload script MkDocs' server adds to each page (macros/serve.py)."""
    return _with_policy(page, policy(inline_scripts=(script,)))


def _with_policy(page: str, value: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(value)}">'
    return _META.sub(lambda _: meta, page, count=1)
