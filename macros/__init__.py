"""LIS-handboken's code: data in, checked records, pure rules, Markdown/HTML and files out.

Importing the package imports nothing else: a rule module loads only what it needs, never MkDocs.
The site engine is reached only through macros/adapters/ (see CONTRIBUTING.md's module map).
"""
