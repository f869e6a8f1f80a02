"""MkDocs hooks (the second adapter module): add the generated pages and calendar feeds to the build.

Pages are virtual files rendered here from the same views the macros use; they carry
`render_macros: false`, so mkdocs-macros skips its Jinja pass over thousands of them (data in
them is escaped, so there is nothing to render). Nothing generated is committed.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from macros.incremental import (
    MarkdownCache,
    Tracker,
    digest,
    folder_digest,
    object_inputs,
    shared_inputs,
    system_inputs,
)


def on_config(config: Any) -> Any:
    """LIS_WEBBADRESS and the site address are checked (Swedish error) before anything uses them;
    LIS_REDIGERA (the web editor's address of docs/) gives every page Material's "Redigera sidan".

    An empty LIS_WEBBADRESS is an error rather than a silent fallback: calendar feeds would
    otherwise link to an address no reader can open."""
    from macros.errors import DataError
    from macros.render import html_safe
    from macros.webaddress import from_environment, web_address

    try:
        # The raw value first: MkDocs silently drops line breaks from site_url.
        source = "LIS_WEBBADRESS" if from_environment() is not None else "site_url i mkdocs.yml"
        config.site_url = web_address(config.site_url or "", source)
    except DataError as err:
        raise PluginError(err.report()) from None
    editor = os.environ.get("LIS_REDIGERA", "").strip()
    if editor:
        if not re.fullmatch(r"https?://[^/\s\"'<>`]+/[^\s\"'<>`]*", editor):
            raise PluginError(f'LIS_REDIGERA är "{editor}", men ska vara webbredigerarens adress till mappen '
                              "docs/, till exempel https://git.intranat.example/lis/handboken/-/edit/main/docs/")
        config["edit_uri"] = editor if editor.endswith("/") else editor + "/"
    # The theme prints these raw too (header, menu, <title>); escaped once here, like page titles.
    config.site_name = html_safe(config.site_name)
    config.site_description = html_safe(config.site_description)
    return config


def on_files(files: Files, config: Any) -> Files:
    import macros  # the package mkdocs-macros loaded; define_env has run (on_config)
    from macros.calendar import feed
    from macros.followup import object_page, system_page
    from macros.followup_views import DISTRICT_FEED, calendar_path
    from macros.followup_views import object_page as object_markdown
    from macros.followup_views import system_page as system_markdown
    from macros.views import inventory_page, inventory_parts

    overview = macros.current_build()
    hb, as_of = overview.hb, overview.as_of
    shared = shared_inputs(overview) if _tracker.enabled else ""
    for system in hb.systems:
        files.append(File.generated(config, system_page(system.id), content=_generated(
            system_page(system.id), functools.partial(system_inputs, overview, system.id, shared),
            functools.partial(_no_macros, system_markdown, overview, system.id))))
    for obj in hb.objects:
        files.append(File.generated(config, object_page(obj.id), content=_generated(
            object_page(obj.id), functools.partial(object_inputs, overview, obj.id, shared),
            functools.partial(_no_macros, object_markdown, overview, obj.id))))
    files.append(File.generated(config, "forvaltningsobjekt/index.md", content=OBJECT_INDEX))
    for part in range(2, inventory_parts(len(overview.active)) + 1):
        files.append(File.generated(config, inventory_page(part), content=INVENTORY_PART.format(part=part)))
    site_url = config["site_url"]  # checked in on_config
    files.append(File.generated(config, calendar_path(DISTRICT_FEED), content=_generated(
        calendar_path(DISTRICT_FEED), functools.partial(_inputs_of, hb.organisation.district, overview.due, site_url,
                                                        as_of),
        functools.partial(feed, f"LIS: {hb.organisation.district}", overview.due, site_url, as_of))))
    for obj in hb.objects:
        items = overview.due_by_object[obj.id]
        files.append(File.generated(config, calendar_path(obj.id), content=_generated(
            calendar_path(obj.id), functools.partial(_inputs_of, obj.name, items, site_url, as_of),
            functools.partial(feed, f"LIS: {obj.name}", items, site_url, as_of))))
    _add_change_feed(files, config, hb.organisation.district, site_url, as_of)
    _track(files)
    return files


def _add_change_feed(files: Files, config: Any, district: str, site_url: str, as_of: Any) -> None:
    """The Atom feed of "Vad är nytt", beside the page."""
    import macros
    from macros.atom import atom_feed
    from macros.history_views import FEED_PATH, WHATS_NEW_PAGE

    history, titles = macros.current_changes()
    changes = history.recent(titles, as_of)
    files.append(File.generated(config, FEED_PATH, content=atom_feed(
        changes, titles, site_url, as_of, "Vad är nytt i LIS-handboken", district, WHATS_NEW_PAGE, FEED_PATH)))


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Title and front matter become HTML-safe text once, before any template prints them.

    MkDocs derives page.title as plain text (entities decoded) and Material prints titles and
    front matter raw in <title>, <meta>, header, menu, footer and search; escaped Markup here
    makes every one of those places print text (and `| e` in a template leaves it as it is).
    Runs for every page before any page's template is rendered, so menus see escaped titles."""
    from macros.render import html_safe

    if "title" in vars(page):  # named in mkdocs.yml (text; on_nav made it safe already)
        title = page.title
    elif "title" in page.meta:  # front matter: text
        title = str(page.meta["title"])
    else:  # the rendered first heading: HTML without tags, entities kept
        title = unescape(page.title or "")
    for key, value in list(page.meta.items()):
        page.meta[key] = html_safe(value)
    page.title = html_safe(title)
    return html


def _escape_nav_item(item: Any, html_safe: Any) -> None:
    if item.title is not None:
        item.title = html_safe(item.title)
    for child in item.children or []:
        _escape_nav_item(child, html_safe)


# Generated pages skip the macros' Jinja pass and stay out of the theme's search index: each gets
# one short entry from data instead (macros/search.py), which keeps the index small at city scale.
NO_MACROS = "---\nrender_macros: false\nsearch:\n  exclude: true\n---\n\n"

INVENTORY_PART = """---
search:
  exclude: true
---

# Systemförteckning, del {part}

Fortsättning av [systemförteckningen](systemforteckning.md). Du hittar ett enskilt system
snabbast med sökningen.

{{{{ systemforteckning({part}) }}}}
"""

OBJECT_INDEX = """---
title: Förvaltningsobjekt
---

# Förvaltningsobjekt

Varje förvaltningsobjekt har en egen sida med dess system, vad som är försenat, vad som
förfaller inom 90 dagar och vad som saknas. Sidorna skapas automatiskt från
`data/forvaltningsobjekt.yaml` och `data/system.yaml` och kan användas som dagordning i
objektstyrgruppen.

{{ forvaltningsobjekt_oversikt() }}
"""


# --- Search: keywords, rank by page type, short entries for generated pages --------------------

_keywords: dict[str, list[str]] = {}


def on_pre_build(config: Any) -> None:
    _keywords.clear()
    for plugin in config.plugins.values():  # Material's search would merge in the last build's index
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None


def on_page_markdown(markdown: str, page: Page, config: Any, files: Files) -> str:
    from macros.search import keywords

    _keywords[page.url] = keywords(page.meta)  # validated with the front matter (documents.py)
    return markdown


def on_post_page(output: str, page: Page, config: Any) -> str:
    import macros

    return macros.restore_tables(output)


def on_post_build(config: Any) -> None:
    """Keywords and page-type boosts into the theme's index; the generated pages into a file of their own."""
    import macros
    from macros.followup import object_page, system_page
    from macros.render import page_url
    from macros.search import GENERATED_FILE, enrich, generated_index

    folder = Path(config["site_dir"]) / "search"
    if not (folder / "search_index.json").exists():
        return  # search plugin switched off
    overview = macros.current_build()
    governing = {page_url(d.src_path) for d in overview.docs}
    index = enrich(json.loads((folder / "search_index.json").read_text(encoding="utf-8")), _keywords, governing)
    pages = generated_index(
        [(page_url(system_page(s.id)), s.id, s.name, s.purpose) for s in overview.hb.systems]
        + [(page_url(object_page(o.id)), o.id, o.name, o.description or "") for o in overview.hb.objects])
    for name, data in (("search_index.json", index), (GENERATED_FILE, pages)):
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    if _tracker.enabled:
        _tracker.succeeded()
        log.info(f"{_tracker.rendered} genererade sidor byggdes om, {_tracker.kept} var oförändrade")


# --- Edit loop: under `mkdocs serve --dirty` (make serve) unchanged generated pages are kept ------

log = logging.getLogger("mkdocs.plugins.lis")
_tracker = Tracker()  # lives as long as the process: MkDocs loads a hook module once
_surroundings: dict[str, Any] = {}


def on_startup(command: str, dirty: bool) -> None:
    from macros.swedish import install_log_filter

    install_log_filter()  # MkDocs's link warnings and Jinja errors in Swedish, also in `make serve`
    _tracker.enabled = command == "serve" and dirty
    if _tracker.enabled:  # the hooks below keep a dirty build exact, so MkDocs' warning does not apply
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not str(record.msg).startswith("A 'dirty' build is being performed"))


def on_build_error(error: Exception) -> None:
    _tracker.failed()


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not once per rebuild (Jinja checks the source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()


def on_env(env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
    if _tracker.enabled:
        env.bytecode_cache = _compiled
    return env


def on_nav(nav: Navigation, config: Any, files: Files) -> Navigation:
    """Menu sections and links named in mkdocs.yml are printed raw by the theme: escape them once."""
    from macros.render import html_safe

    for item in nav.items:
        _escape_nav_item(item, html_safe)
    _surroundings.clear()
    _surroundings.update(nav=nav, config=config)
    return nav


_markdown = MarkdownCache()
_inputs: dict[str, str] = {}  # generated page -> digest of what its Markdown is computed from (serve only)


def _inputs_of(*values: object) -> str:
    return digest(*(repr(v) for v in values))


def _no_macros(make: Callable[[Any, str], str], overview: Any, record_id: str) -> str:
    return NO_MACROS + make(overview, record_id)


def _generated(page: str, inputs: Callable[[], str], make: Callable[[], str]) -> str:
    """A generated page's Markdown; under serve, the last build's when its inputs are unchanged."""
    if not _tracker.enabled:
        return make()
    key = _inputs[page] = inputs()
    return _markdown.get(page, key, make)


def _track(files: Files) -> None:
    """Let MkDocs skip a generated page whose Markdown and surroundings are unchanged (dirty builds only)."""
    if not _tracker.enabled:
        return
    _tracker.begin((f.src_uri, _inputs.get(f.src_uri) or digest(f.content_string)) for f in files.documentation_pages()
                   if f.generated_by and f.content_string.startswith(NO_MACROS))
    for f in files.documentation_pages():
        f.is_modified = functools.partial(_modified, f.src_uri)  # type: ignore[method-assign]


def _modified(src_uri: str) -> bool:
    if src_uri not in _tracker.contents:
        return True  # hand-written pages and pages with macros: any data change may show on them
    if _tracker.surroundings is None:
        # Asked first for a generated page, after every hand-written page is read (their titles are final).
        config = _surroundings["config"]
        _tracker.surroundings = digest(
            Path(config["config_file_path"]).read_text(encoding="utf-8"),
            folder_digest(Path(config["theme"].custom_dir or "")), folder_digest(Path(__file__).parent),
            str(config["site_url"]),
            json.dumps(config["extra"], sort_keys=True, default=str), json.dumps(_outline(_surroundings["nav"].items)))
    return _tracker.needs_render(src_uri, _tracker.surroundings)


def _outline(items: Any) -> list[Any]:
    return [[type(i).__name__, i.title, getattr(i, "url", None), _outline(i.children or [])] for i in items]
