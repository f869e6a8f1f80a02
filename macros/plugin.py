"""The handbook's MkDocs plugin (the second adapter module): owns the build object, adds the generated
pages and feeds, makes titles safe, enriches the search index and keeps `make serve` incremental.

It creates one immutable `Build` (macros/build.py) in on_config, before mkdocs-macros calls
define_env, which reads it from this plugin (config.plugins["lis"]): no module-level state.
Generated pages are virtual files rendered from the same views the macros use; they carry
`render_macros: false`, so mkdocs-macros skips its Jinja pass over thousands of them (data in
them is escaped, so there is nothing to render). Nothing generated is committed. The plugin
defines on_startup, so MkDocs keeps one instance for the whole `mkdocs serve` session: what the
last build rendered is remembered between rebuilds.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import posixpath
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import pages
from .build import Build, create_build
from .calendar import feed
from .errors import DataError
from .followup_views import object_page as object_markdown
from .followup_views import system_page as system_markdown
from .incremental import (
    MarkdownCache,
    Tracker,
    digest,
    folder_digest,
    object_inputs,
    shared_inputs,
    system_inputs,
)
from .render import html_safe, page_url
from .skeleton import fill
from .stash import Stash
from .status import reference_date
from .views import inventory_parts
from .webaddress import from_environment, web_address

log = logging.getLogger("mkdocs.plugins.lis")



class LisPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Registered as `lis` (pyproject entry point); listed before `macros` in mkdocs.yml."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.stash = Stash()  # large record tables, set aside by the macros and put back per page
        self.hidden_titles: dict[str, object] = {}  # page titles kept away from Jinja (macros/__init__.py)
        self.keywords: dict[str, list[str]] = {}
        self.tracker = Tracker()  # what the last build of this `mkdocs serve` session rendered
        self.markdown = MarkdownCache()
        self.inputs: dict[str, str] = {}  # generated page -> digest of what its Markdown is computed from
        self.surroundings: dict[str, Any] = {}
        self.compiled = _CompiledTemplates()

    def current(self) -> Build:
        if self.build is None:
            raise RuntimeError("the lis plugin has not loaded the build yet (on_config)")
        return self.build

    # --- Start and configuration ---------------------------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        from .swedish import install_log_filter

        install_log_filter()  # MkDocs's link warnings and Jinja errors in Swedish, also in `make serve`
        self.tracker.enabled = command == "serve" and dirty
        if self.tracker.enabled:  # the hooks below keep a dirty build exact, so MkDocs' warning does not apply
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not str(record.msg).startswith("A 'dirty' build is being performed"))

    def on_config(self, config: Any) -> Any:
        """Check the addresses, then load and check everything the build reads, once."""
        configure_addresses(config)
        try:
            self.build = create_build(Path(config.config_file_path).parent, Path(config.docs_dir), reference_date())
        except DataError as err:
            raise PluginError(err.report()) from None
        config["extra"]["lis_exempeldata"] = self.build.hb.organisation.example_data
        self.stash = Stash()
        self.hidden_titles.clear()
        return config

    def on_pre_build(self, config: Any) -> None:
        self.keywords.clear()
        for plugin in config.plugins.values():  # Material's search would merge in the last build's index
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    # --- Generated pages and feeds ---------------------------------------------------------------

    def on_files(self, files: Files, config: Any) -> Files:
        overview = self.current().overview
        hb, as_of = overview.hb, overview.as_of
        shared = shared_inputs(overview) if self.tracker.enabled else ""
        for system in hb.systems:
            page = pages.system_page(system.id)
            files.append(File.generated(config, page, content=self._generated(
                page, functools.partial(system_inputs, overview, system.id, shared),
                functools.partial(_no_macros, system_markdown, overview, system.id))))
        for obj in hb.objects:
            page = pages.object_page(obj.id)
            files.append(File.generated(config, page, content=self._generated(
                page, functools.partial(object_inputs, overview, obj.id, shared),
                functools.partial(_no_macros, object_markdown, overview, obj.id))))
        files.append(File.generated(config, pages.OBJECT_INDEX, content=fill("forvaltningsobjekt.md")))
        for part in range(2, inventory_parts(len(overview.active)) + 1):
            files.append(File.generated(config, pages.inventory_page(part), content=fill(
                "inventory-part.md", part=part, first=posixpath.basename(pages.INVENTORY))))
        site_url = config["site_url"]  # checked in on_config
        feeds = [(pages.DISTRICT_FEED, hb.organisation.district, overview.due)]
        feeds += [(obj.id, obj.name, overview.due_by_object[obj.id]) for obj in hb.objects]
        for feed_id, name, items in feeds:
            path = pages.calendar(feed_id)
            files.append(File.generated(config, path, content=self._generated(
                path, functools.partial(_inputs_of, name, items, site_url, as_of),
                functools.partial(feed, f"LIS: {name}", items, site_url, as_of))))
        self._add_change_feed(files, config, hb.organisation.district, site_url)
        self._track(files)
        return files

    def _add_change_feed(self, files: Files, config: Any, district: str, site_url: str) -> None:
        """The Atom feed of "Vad är nytt", beside the page."""
        from .atom import atom_feed

        build = self.current()
        changes = build.history.recent(build.news, build.as_of)
        files.append(File.generated(config, pages.WHATS_NEW_FEED, content=atom_feed(
            changes, build.news, site_url, build.as_of, "Vad är nytt i LIS-handboken", district, pages.WHATS_NEW,
            pages.WHATS_NEW_FEED)))

    # --- Titles and menus: HTML-safe text once --------------------------------------------------

    def on_nav(self, nav: Navigation, config: Any, files: Files) -> Navigation:
        """Menu sections and links named in mkdocs.yml are printed raw by the theme: escape them once."""
        for item in nav.items:
            _escape_nav_item(item)
        self.surroundings.clear()
        self.surroundings.update(nav=nav, config=config)
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        from .search import keywords

        self.keywords[page.url] = keywords(page.meta)  # validated with the front matter (documents.py)
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        """Title and front matter become HTML-safe text once, before any template prints them.

        MkDocs derives page.title as plain text (entities decoded) and Material prints titles and
        front matter raw in <title>, <meta>, header, menu, footer and search; escaped Markup here
        makes every one of those places print text (and `| e` in a template leaves it as it is).
        Runs for every page before any page's template is rendered, so menus see escaped titles."""
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

    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        return self.stash.restore(output)

    # --- Search: keywords, rank by page type, short entries for generated pages -----------------

    def on_post_build(self, config: Any) -> None:
        """Keywords and page-type boosts into the theme's index; the generated pages into a file of their own."""
        from .search import GENERATED_FILE, enrich, generated_index

        folder = Path(config["site_dir"]) / "search"
        if not (folder / "search_index.json").exists():
            return  # search plugin switched off
        build = self.current()
        governing = {page_url(d.src_path) for d in build.docs}
        index = enrich(json.loads((folder / "search_index.json").read_text(encoding="utf-8")), self.keywords,
                       governing)
        generated = generated_index(
            [(page_url(pages.system_page(s.id)), s.id, s.name, s.purpose) for s in build.hb.systems]
            + [(page_url(pages.object_page(o.id)), o.id, o.name, o.description or "") for o in build.hb.objects])
        for name, data in (("search_index.json", index), (GENERATED_FILE, generated)):
            (folder / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        if self.tracker.enabled:
            self.tracker.succeeded()
            log.info(f"{self.tracker.rendered} genererade sidor byggdes om, {self.tracker.kept} var oförändrade")

    # --- Edit loop: under `mkdocs serve --dirty` (make serve) unchanged generated pages are kept --

    def on_build_error(self, error: Exception) -> None:
        self.tracker.failed()

    def on_env(self, env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
        if self.tracker.enabled:
            env.bytecode_cache = self.compiled
        return env

    def _generated(self, page: str, inputs: Callable[[], str], make: Callable[[], str]) -> str:
        """A generated page's Markdown; under serve, the last build's when its inputs are unchanged."""
        if not self.tracker.enabled:
            return make()
        key = self.inputs[page] = inputs()
        return self.markdown.get(page, key, make)

    def _track(self, files: Files) -> None:
        """Let MkDocs skip a generated page whose Markdown and surroundings are unchanged (dirty builds only)."""
        if not self.tracker.enabled:
            return
        self.tracker.begin((f.src_uri, self.inputs.get(f.src_uri) or digest(f.content_string))
                           for f in files.documentation_pages()
                           if f.generated_by and f.content_string.startswith(NO_MACROS))
        for f in files.documentation_pages():
            f.is_modified = functools.partial(self._modified, f.src_uri)  # type: ignore[method-assign]

    def _modified(self, src_uri: str) -> bool:
        if src_uri not in self.tracker.contents:
            return True  # hand-written pages and pages with macros: any data change may show on them
        if self.tracker.surroundings is None:
            # Asked first for a generated page, after every hand-written page is read (their titles are final).
            config = self.surroundings["config"]
            self.tracker.surroundings = digest(
                Path(config["config_file_path"]).read_text(encoding="utf-8"),
                folder_digest(Path(config["theme"].custom_dir or "")), folder_digest(Path(__file__).parent),
                str(config["site_url"]), json.dumps(config["extra"], sort_keys=True, default=str),
                json.dumps(_outline(self.surroundings["nav"].items)))
        return self.tracker.needs_render(src_uri, self.tracker.surroundings)


def configure_addresses(config: Any) -> Any:
    """LIS_WEBBADRESS and the site address are checked (Swedish error) before anything uses them;
    LIS_REDIGERA (the web editor's address of docs/) gives every page Material's "Redigera sidan".

    An empty LIS_WEBBADRESS is an error rather than a silent fallback: calendar feeds would
    otherwise link to an address no reader can open."""
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


# Generated pages skip the macros' Jinja pass and stay out of the theme's search index: each gets
# one short entry from data instead (macros/search.py), which keeps the index small at city scale.
NO_MACROS = "---\nrender_macros: false\nsearch:\n  exclude: true\n---\n\n"


def _escape_nav_item(item: Any) -> None:
    if item.title is not None:
        item.title = html_safe(item.title)
    for child in item.children or []:
        _escape_nav_item(child)


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not once per rebuild (Jinja checks the source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _inputs_of(*values: object) -> str:
    return digest(*(repr(v) for v in values))


def _no_macros(make: Callable[[Any, str], str], overview: Any, record_id: str) -> str:
    return NO_MACROS + make(overview, record_id)


def _outline(items: Any) -> list[Any]:
    return [[type(i).__name__, i.title, getattr(i, "url", None), _outline(i.children or [])] for i in items]
