"""MkDocs hooks (the second adapter module): add the generated pages and calendar feeds to the build.

Pages are virtual files rendered here from the same views the macros use; they carry
`render_macros: false`, so mkdocs-macros skips its Jinja pass over thousands of them (data in
them is escaped, so there is nothing to render). Nothing generated is committed.
"""

from __future__ import annotations

import os
import re
from html import unescape
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files


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


def on_startup(command: str, dirty: bool) -> None:
    from macros.swedish import install_log_filter

    install_log_filter()  # MkDocs's link warnings and Jinja errors in Swedish, also in `make serve`


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
    for system in hb.systems:
        files.append(File.generated(config, system_page(system.id),
                                    content=NO_MACROS + system_markdown(overview, system.id)))
    for obj in hb.objects:
        files.append(File.generated(config, object_page(obj.id), content=NO_MACROS + object_markdown(overview, obj.id)))
    files.append(File.generated(config, "forvaltningsobjekt/index.md", content=OBJECT_INDEX))
    for part in range(2, inventory_parts(len(overview.active)) + 1):
        files.append(File.generated(config, inventory_page(part), content=INVENTORY_PART.format(part=part)))
    site_url = config["site_url"]  # checked in on_config
    files.append(File.generated(config, calendar_path(DISTRICT_FEED),
                                content=feed(f"LIS: {hb.organisation.district}", overview.due, site_url, as_of)))
    for obj in hb.objects:
        items = overview.due_by_object[obj.id]
        files.append(File.generated(config, calendar_path(obj.id),
                                    content=feed(f"LIS: {obj.name}", items, site_url, as_of)))
    _add_change_feed(files, config, hb.organisation.district, site_url, as_of)
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


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    """Menu sections and links named in mkdocs.yml are printed raw by the theme too."""
    from macros.render import html_safe

    for item in nav.items:
        _escape_nav_item(item, html_safe)
    return nav


def _escape_nav_item(item: Any, html_safe: Any) -> None:
    if item.title is not None:
        item.title = html_safe(item.title)
    for child in item.children or []:
        _escape_nav_item(child, html_safe)


NO_MACROS = "---\nrender_macros: false\n---\n\n"

INVENTORY_PART = """# Systemförteckning, del {part}

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
