"""The handbook's MkDocs plugin `lis`: hands MkDocs what the engine-neutral core computes.

It creates one immutable `Build` (macros/build.py) in on_config, before mkdocs-macros calls
define_env, which reads it from this plugin (config.plugins["lis"]): no module-level state. The
generated pages and feeds come from macros/site.py; they carry `render_macros: false`, so
mkdocs-macros skips its Jinja pass over thousands of them (data in them is escaped, so there is
nothing to render). The menu gets the register pages declared with `menu=` (macros/menu.py). The
rest is MkDocs-specific: titles and menus made HTML-safe once, the search side file and index
(Pagefind, over the finished site), and `make serve`'s dirty builds (mkdocs_serve.py). The
plugin defines on_startup, so MkDocs keeps one instance for the whole `mkdocs serve` session.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import csp, pages, pii, published
from .. import staff_edition as staff
from ..build import Build, create_build
from ..drafts import UNPUBLISHED_NOTE, without_pages
from ..errors import DataError, DataIssue, UserError
from ..incremental import remove_outputs
from ..menu import MenuError, with_register_pages
from ..registers import all_registers
from ..render import html_safe
from ..sandbox import PageTemplates
from ..sanitize import safe_body
from ..search import audience, keywords
from ..search_index import INDEX_LATER, SearchIndexError, index_site
from ..serve import RebuildErrors
from ..site import generated_files, write_search_files
from ..stash import Stash
from ..status import reference_date
from ..swedish import install_log_filter
from ..webaddress import edit_address_from_environment, from_environment, web_address
from .mkdocs_serve import DirtyBuilds

log = logging.getLogger("mkdocs.plugins.lis")


class LisPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Registered as `lis` (pyproject entry point); listed before `macros` in mkdocs.yml."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.stash = Stash()  # large record tables, set aside by the macros and put back per page
        self.hidden_titles: dict[str, object] = {}  # page titles kept away from Jinja (mkdocs_macros.py)
        self.templates: PageTemplates | None = None  # the pages' macros, registered by define_env (mkdocs_macros.py)
        self.body_issues: list[DataIssue] = []  # HTML outside the allow-list, by page and line (macros/sanitize.py)
        self.search_pages: dict[str, tuple[str, str, list[str]]] = {}  # url -> (audience, title, keywords)
        self.serve = DirtyBuilds()  # what the last build of this `mkdocs serve` session rendered
        self.serving = False  # under `mkdocs serve`, pages marked `publiceras: nej` are shown, not published
        self.scan = published.Scan([])  # personal numbers in what this build publishes (macros/published.py)
        self.origins: dict[str, str] = {}  # output file -> the source that produced it

    def current(self) -> Build:
        if self.build is None:
            raise RuntimeError("the lis plugin has not loaded the build yet (on_config)")
        return self.build

    # --- Start and configuration ---------------------------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        install_log_filter()  # MkDocs's link warnings and Jinja errors in Swedish, also in `make serve`
        self.serving = command == "serve"
        self.serve.tracker.enabled = command == "serve" and dirty
        if self.serve.enabled:  # the hooks below keep a dirty build exact, so MkDocs' warning does not apply
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not str(record.msg).startswith("A 'dirty' build is being performed"))

    def on_config(self, config: Any) -> Any:
        """Check the addresses, then load and check everything the build reads, once."""
        configure_addresses(config)
        try:
            edition = staff.edition_from_environment()  # LIS_UTGAVA: which edition (lis bygg builds both)
            lis_address = staff.lis_address(config.site_url)
            config.site_url = staff.edition_address(config.site_url, edition)  # sitemap, feeds, calendars
        except UserError as err:
            raise PluginError(str(err.report() if isinstance(err, DataError) else err)) from None
        try:
            self.build = create_build(Path(config.config_file_path).parent, Path(config.docs_dir), reference_date(),
                                      date.today(),  # the real date: no change note may claim a later one
                                      show_unpublished=self.serving, edition=edition, lis_address=lis_address)
        except DataError as err:
            raise PluginError(err.report()) from None
        docs = Path(config.docs_dir)
        try:  # the register pages declared with menu=, as navcheck and every other engine's adapter see them
            config.nav = with_register_pages(config.nav, all_registers(), lambda page: (docs / page).is_file())
        except MenuError as err:
            raise PluginError(str(err)) from None
        if self.build.hidden and config.nav is not None:
            config.nav = without_pages(config.nav, self.build.hidden)
        config["extra"]["lis_exempeldata"] = self.build.hb.organisation.example_data
        config["extra"]["lis_utgava"] = edition.value  # the LIS edition says so on every page (overrides/main.html)
        config["extra"]["lis_csp"] = csp.policy()  # the theme's Content-Security-Policy <meta> tag
        self.stash = Stash()
        self.hidden_titles.clear()
        return config

    def on_pre_build(self, config: Any) -> None:
        self.scan = published.Scan(self.current().hb.organisation.test_numbers)
        self.search_pages.clear()
        self.body_issues.clear()

    # --- Generated pages and feeds (macros/site.py) ----------------------------------------------

    def on_files(self, files: Files, config: Any) -> Files:
        for generated in generated_files(self.current(), config["site_url"]):  # site_url checked in on_config
            files.append(File.generated(config, generated.path, content=self.serve.content(generated)))
        if self.current().staff:  # a restricted page's archived editions are in the LIS edition only
            for file in [f for f in files if staff.archived_restricted(self.current(), f.src_uri)]:
                files.remove(file)
        for file in files.documentation_pages():
            if file.src_uri in self.current().project.unpublished:
                file.inclusion = InclusionLevel.DRAFT  # built under serve, left out of make build
        self.serve.track(files)
        self.origins = {f.dest_uri: "en sida som handboken genererar från data/" if f.generated_by else
                        f"docs/{f.src_uri}" for f in files if f.generated_by or f.abs_src_path and
                        Path(f.abs_src_path).is_relative_to(config["docs_dir"])}
        return files

    # --- Titles and menus: HTML-safe text once --------------------------------------------------

    def on_nav(self, nav: Navigation, config: Any, files: Files) -> Navigation:
        """Menu sections and links named in mkdocs.yml are printed raw by the theme: escape them once."""
        for item in nav.items:
            _escape_nav_item(item)
        self.serve.surroundings.clear()
        self.serve.surroundings.update(nav=nav, config=config)
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        build = self.current()
        if build.staff and build.restricted(page.file.src_uri):  # runs before mkdocs-macros renders the page
            markdown = self._staff_version(markdown, page)
        # validated with the front matter (documents.py)
        title = str(page.meta.get("title") or page.title or "")
        self.search_pages[page.url] = (audience(page.meta), title, keywords(page.meta))
        return markdown

    def _staff_version(self, markdown: str, page: Page) -> str:
        """A restricted page in the staff edition: a review's summary and decisions, any other page a notice.
        Its front matter goes too (keywords, description): only its title stays."""
        build = self.current()
        href = staff.lis_href(build, page.url)
        heading = next((ln[2:].strip() for ln in markdown.split("\n") if ln.startswith("# ")), page.file.src_uri)
        title = str(page.meta.get("title") or heading)
        if pages.review_year(page.file.src_uri) is not None:
            page.meta = {"title": title}
            return staff.staff_review(markdown, href)
        page.meta = {"title": title, "render_macros": False}
        return staff.stub(title, href)

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        """Title and front matter become HTML-safe text once, before any template prints them; the body
        passes the HTML allow-list (macros/sanitize.py).

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
        # The body: an allow-list of HTML. What a hand-written page has outside it stops the build (on_env).
        html, issues = safe_body(html, None if page.file.generated_by else page.file.content_string,
                                 f"docs/{page.file.src_uri}")
        self.body_issues += issues
        return html

    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        output = self.stash.restore(output).replace(_DRAFT_MARKER, UNPUBLISHED_NOTE, 1)
        self.scan.page(f"site/{page.file.dest_uri}", output, self.origins.get(page.file.dest_uri),
                       generated=page.file.generated_by is not None)
        return output

    # --- Search: what the query step needs, and the index of the finished site -----------------

    @event_priority(-50)  # after every other plugin has written its files
    def on_post_build(self, config: Any) -> None:
        """The search's side file and index (unless the pipeline builds the index itself: macros/publish.py),
        then everything the build wrote scanned for personal numbers."""
        site, build = Path(config["site_dir"]), self.current()
        if self.serve.enabled:
            remove_outputs(site, self.serve.tracker.stale())
        to_index = write_search_files(build, site, self.search_pages.values(), keep_index=self.serve.enabled)
        if to_index and os.environ.get(INDEX_LATER) != "ja":
            try:
                index_site(site)
            except SearchIndexError as err:
                raise PluginError(f"Sökindexet: {err}") from None
        try:
            published.check_site(self.scan, site, self.origins, self.serve.scanned_clean if self.serve.enabled
                                 else None, lambda: pii.project_files(build.root, build.docs_dir))
        except published.PublishedDataError as err:
            raise PluginError(str(err)) from None
        if self.serve.enabled:
            self.serve.tracker.succeeded()
            log.info(f"{self.serve.tracker.rendered} genererade sidor byggdes om, "
                     f"{self.serve.tracker.kept} var oförändrade")

    # --- Edit loop: under `mkdocs serve --dirty` (make serve) unchanged generated pages are kept --

    def on_build_error(self, error: Exception) -> None:
        self.serve.tracker.failed()

    def on_serve(self, server: Any, config: Any, builder: Callable[..., None]) -> Any:
        """A failed rebuild is shown at the top of every page in the browser, in Swedish, until one succeeds."""
        errors = RebuildErrors(expected=(MkDocsException,))
        server.builder = errors.guard(server.builder)
        server.set_app(errors.app(server.get_app()))
        return server

    def on_env(self, env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
        if self.body_issues:  # every page's Markdown is converted by now: all their problems at once
            raise PluginError(DataError(self.body_issues).report())
        if self.serve.enabled:
            env.bytecode_cache = self.serve.compiled
        return env


# MkDocs marks a draft page under serve in English; the handbook says why in Swedish (macros/drafts.py).
_DRAFT_MARKER = ('<div class="mkdocs-draft-marker" title="This page will not be included into the built site.">'
                 "DRAFT</div>")


def configure_addresses(config: Any) -> Any:
    """LIS_WEBBADRESS and the site address are checked (Swedish error) before anything uses them;
    LIS_REDIGERA (the web editor's address of docs/) gives every page Material's "Redigera sidan".

    An empty LIS_WEBBADRESS is an error rather than a silent fallback: calendar feeds would
    otherwise link to an address no reader can open."""
    try:
        # The raw value first: MkDocs silently drops line breaks from site_url.
        source = "LIS_WEBBADRESS" if from_environment() is not None else "site_url i mkdocs.yml"
        config.site_url = web_address(config.site_url or "", source)
        editor = edit_address_from_environment()
    except DataError as err:
        raise PluginError(err.report()) from None
    if editor:
        config["edit_uri"] = editor
    # The theme prints these raw too (header, menu, <title>); escaped once here, like page titles.
    config.site_name = html_safe(config.site_name)
    config.site_description = html_safe(config.site_description)
    return config


def _escape_nav_item(item: Any) -> None:
    if item.title is not None:
        item.title = html_safe(item.title)
    for child in item.children or []:
        _escape_nav_item(child)
