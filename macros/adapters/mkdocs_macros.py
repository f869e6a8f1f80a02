"""mkdocs-macros adapter: registers the page macros (macros/page_macros.py) over the build the lis plugin made.

With mkdocs_plugin.py, the only code that knows mkdocs-macros and Jinja; loaded from mkdocs.yml
(`plugins: - macros: modules: [macros.adapters.mkdocs_macros]`). Here: the macros wrapped so that a page
writer's mistake stops the build with a Swedish message, page titles kept away from Jinja, pages'
templates rendered in the sandbox (macros/sandbox.py), and the notices a page gets after its macros ran.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from mkdocs.exceptions import PluginError

from .. import atomic, outputs
from ..build import Build
from ..errors import CONTROL, DataIssue, UserError
from ..page_macros import MacroCallError, guarded, page_macros, page_variables, restricted_macros
from ..sandbox import PageTemplateError, PageTemplates, body_start
from ..site import after_macros
from ..stash import Stash
from .mkdocs_plugin import LisPlugin

log = logging.getLogger("mkdocs.plugins.lis")


def _plugin(env: Any) -> LisPlugin:
    """The handbook's plugin of this build, which created the build object in its on_config."""
    plugin = env.conf["plugins"].get("lis")
    if not isinstance(plugin, LisPlugin):
        raise PluginError("mkdocs.yml måste ha tillägget lis under plugins, före macros")
    return plugin


def define_env(env: Any) -> None:
    """Called by mkdocs-macros once per build (and on every rebuild under `mkdocs serve`)."""
    plugin = _plugin(env)
    plugin.templates = register(env, plugin.current(), plugin.stash)


def register(env: Any, build: Build, stash: Stash) -> PageTemplates:
    """The page template language of this build: the macros and plain data (macros/sandbox.py)."""
    def here() -> str:
        return str(env.page.file.src_uri)

    macros = {name: _guarded(env, name, function, stash) for name, function in page_macros(build, here).items()}
    return PageTemplates(macros, page_variables(build))


def _guarded(env: Any, name: str, function: Callable[..., Any], stash: Stash) -> Callable[..., Any]:
    """A macro that stops the build with a Swedish message when the page author's call is wrong.

    A bug inside the macro (any exception but a UserError) surfaces as one: mkdocs-macros shows its
    traceback and stops the build."""
    checked = guarded(name, function)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = checked(*args, **kwargs)
        except MacroCallError as err:
            _stop(env, str(err))
        return stash.hide(result) if isinstance(result, str) else result

    return call


def _stop(env: Any, message: str) -> NoReturn:
    log.error(f"docs/{env.page.file.src_uri}: {message}")
    raise SystemExit(1)


# mkdocs-macros renders Jinja in a page title, so a front-matter `title: "{{ 7*7 }}"` would show 49
# (or stop the build). A title is text: it is hidden from mkdocs-macros before rendering and put
# back afterwards. A heading's macros still count (MkDocs takes the title from the rendered heading).
_NO_TITLE = object()


def on_pre_page_macros(env: Any) -> None:
    """Render the page's macros in the sandbox (macros/sandbox.py); mkdocs-macros' own, unsandboxed
    Jinja pass is switched off for every page. A template the sandbox refuses stops the build in Swedish."""
    plugin = _plugin(env)
    plugin.hidden_titles[env.page.file.src_uri] = vars(env.page).get("title", _NO_TITLE)
    env.page.title = ""  # no template syntax in it, so mkdocs-macros leaves it alone
    if env.page.meta.get("render_macros") is False:
        return  # a generated page, or a page whose author wants its braces shown as written
    env.page.meta["render_macros"] = False  # mkdocs-macros' render() returns the page as it is
    if plugin.templates is None:
        raise RuntimeError("define_env has not registered the macros of this build")
    build = plugin.current()
    # A page for everyone, and in the staff edition any page (a review's summary), may not call a restricted macro.
    forbidden = {} if build.restricted(env.page.file.src_uri) and not build.staff else restricted_macros()
    try:
        env.markdown = plugin.templates.render(env.markdown, forbidden)
    except PageTemplateError as err:  # every problem of the page, each with its line in the file
        first = body_start(env.page.file.content_string, env.page.markdown or "")
        for line, message in err.problems:
            at = None if line is None else first + line - 1
            log.error(str(DataIssue(f"docs/{env.page.file.src_uri}", at, None, None, message)))
        _stop(env, err.advice)


def on_post_page_macros(env: Any) -> None:
    """The page title back, then the notices the core adds under the heading (banner, version history, archive)."""
    plugin = _plugin(env)
    title = plugin.hidden_titles.pop(env.page.file.src_uri, _NO_TITLE)
    if title is _NO_TITLE:
        vars(env.page).pop("title", None)
    else:
        env.page.title = title
    env.markdown = after_macros(plugin.current(), str(env.page.file.src_uri), env.markdown)
    dump = os.environ.get("LIS_DUMP_MARKDOWN")
    if dump:  # the benchmark builds this output again as plain Markdown, without macros
        _dump_markdown(env, plugin.stash.restore(env.markdown), dump)


def _dump_markdown(env: Any, markdown: str, dump: str) -> None:
    """The page as plain Markdown under LIS_DUMP_MARKDOWN: a new file, never over one that exists, and
    never into the handbook or its sources."""
    root = Path(env.conf["config_file_path"]).parent
    if CONTROL.search(dump):
        _stop(env, "LIS_DUMP_MARKDOWN innehåller kontrolltecken; ange sökvägen till en ny, tom mapp")
    try:
        outputs.check_allowed(root, Path(dump))
    except UserError as err:
        _stop(env, f"LIS_DUMP_MARKDOWN: {err}")
    target = Path(dump) / env.page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(dict(env.page.meta), allow_unicode=True) if env.page.meta else ""
    try:
        atomic.write_text(target, (f"---\n{front}---\n\n" if front else "") + markdown, exclusive=True)
    except FileExistsError:
        _stop(env, f"LIS_DUMP_MARKDOWN: {target} finns redan; ange en ny, tom mapp")
