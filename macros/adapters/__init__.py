"""Adapters to the site engine: the only modules that import MkDocs, mkdocs-macros or Jinja.

mkdocs_plugin.py is the `lis` plugin (pyproject entry point), mkdocs_macros.py the mkdocs-macros
module (mkdocs.yml: `modules: [macros.adapters.mkdocs_macros]`), mkdocs_serve.py the dirty-build
bookkeeping of `make serve`. Everything they hand over is computed by the engine-neutral core.
"""
