"""MkDocs hooks (the second adapter module): add the generated pages and calendar feeds to the build.

Pages are virtual files whose Markdown is a single macro call, so the macros render them like
any other page; nobody writes them and nothing generated is committed.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files


def on_files(files: Files, config: Any) -> Files:
    import macros  # the package mkdocs-macros loaded; define_env has run (on_config)
    from macros.calendar import feed
    from macros.followup import due_items, for_object, object_page, system_page
    from macros.followup_views import DISTRICT_FEED, calendar_path

    hb, docs, as_of = macros.current_build()
    for system in hb.systems:
        files.append(File.generated(config, system_page(system.id), content=f'{{{{ systemsida("{system.id}") }}}}\n'))
    for obj in hb.objects:
        files.append(File.generated(config, object_page(obj.id), content=f'{{{{ objektsida("{obj.id}") }}}}\n'))
    files.append(File.generated(config, "forvaltningsobjekt/index.md", content=OBJECT_INDEX))
    items = due_items(hb, docs, as_of)
    site_url = config.get("site_url") or "http://localhost:8000/"
    files.append(File.generated(config, calendar_path(DISTRICT_FEED),
                                content=feed(f"LIS: {hb.organisation.district}", items, site_url, as_of)))
    for obj in hb.objects:
        files.append(File.generated(config, calendar_path(obj.id),
                                    content=feed(f"LIS: {obj.name}", for_object(items, obj.id), site_url, as_of)))
    return files


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
