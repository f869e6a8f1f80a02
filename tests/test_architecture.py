"""The shape of the code: layers that import only downwards, no import cycles, the engine only in adapters.

The import graph is read from the source (every `import` statement, also inside functions), so the
test needs no import-linter and sees what a reader sees. The layers are CONTRIBUTING.md's module map.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"

# Bottom to top: a module may import its own layer and the layers below it, never one above. The data
# flows load -> check -> rules -> render; the imports differ in one place: the registers' declarations
# (macros/registers/) hold column specs made of rules and rendering, and the loader reads them.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("errors", "models", "collation", "pages", "yamltext", "yamlsource", "parsecache", "readahead", "rootfolder", "swedish", "edition",
              "skeleton", "sources", "ledger", "webaddress", "linkcheck", "sheetfile", "validation", "handbook",
              "audience", "atomic", "lock", "outputs")),
    ("documents", ("documents",)),
    ("rules", ("status", "review", "continuity", "soa", "riskmethod", "internal_audit", "exercises", "registration",
               "management_training", "followup", "service_approval", "changes", "nis2",
               "management_stance")),
    ("page safety", ("sandbox", "sanitize", "csp")),
    ("render", ("render", "columns", "charts", "stash")),
    ("declarations", ("catalogue", "registers")),
    ("data", ("loader", "partial", "crossref", "audit_checks", "schemas", "pii", "published", "drafts", "page_audience",
              "menu")),
    ("project", ("project", "editions", "build", "incremental")),
    ("views", ("views", "law_views", "followup_views", "review_views", "soa_views", "risk_views", "continuity_views",
               "history_views", "exercise_views", "internal_audit_views", "registration_views",
               "management_training_views", "service_views", "guide_views", "search", "calendar", "atom", "pdf_layout",
               "staff_edition")),
    ("outputs", ("site", "search_index", "page_macros", "spreadsheet", "systemtext", "supervision", "supervision_request",
                 "supervision_parts", "pdf", "publish", "navcheck",
                 "scaffold", "serve", "adopt", "webserver")),
    ("commands", ("cli", "entry")),
    ("adapters", ("adapters",)),
)
# What only the adapters may import: the site engine and its template engine.
ENGINE = ("mkdocs", "mkdocs_macros", "material", "jinja2")
# The one exception: the pages' template language is Jinja's syntax, rendered in Jinja's sandbox by the core,
# so that another engine renders pages the same safe way.
TEMPLATE_LANGUAGE = {"macros.sandbox": {"jinja2"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> tuple[set[str], set[str]]:
    """The package's modules that `name` imports, and the top-level names of everything else it imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                start = ".".join([*base, *([node.module] if node.module else [])])
            else:
                start = node.module or ""
            targets = [f"{start}.{alias.name}" if f"{start}.{alias.name}" in MODULES else start
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "macros":
                while target not in MODULES:
                    target = target.rpartition(".")[0]
                if target != name:
                    inside.add(target)
            else:
                outside.add(target.split(".")[0])
    return inside, outside


GRAPH = {name: imports(name)[0] for name in MODULES}


def layer_of(name: str) -> int:
    """The index of the layer `name` belongs to; a module of a sub-package belongs where the sub-package does."""
    short = name.removeprefix("macros.")
    for index, (_, members) in enumerate(LAYERS):
        if short in members or short.split(".")[0] in members:
            return index
    if short == "macros":
        return -1  # the package's __init__: imports nothing
    raise AssertionError(f"{MODULES[name].relative_to(ROOT)} is in no layer: add it to LAYERS in "
                         f"tests/test_architecture.py (CONTRIBUTING.md's module map says which layer is which)")


def test_every_module_has_a_layer():
    for name in MODULES:
        layer_of(name)


def _upward() -> list[str]:
    return [f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
            for a, targets in GRAPH.items() for b in sorted(targets) if layer_of(b) > layer_of(a)]


def test_no_module_imports_a_layer_above_its_own():
    assert _upward() == []


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return found


def test_there_are_no_import_cycles():
    assert _cycles() == []


def test_a_cycle_and_an_upward_import_would_be_found(monkeypatch):
    monkeypatch.setitem(GRAPH, "macros.errors", {"macros.cli"})
    assert any({"macros.errors", "macros.cli"} <= set(group) for group in _cycles())
    assert "macros.errors (base) imports macros.cli (commands)" in _upward()


def test_only_the_adapters_import_the_site_engine():
    found = {name: sorted(imports(name)[1] & set(ENGINE) - TEMPLATE_LANGUAGE.get(name, set())) for name in MODULES
             if not name.startswith("macros.adapters")}
    assert {name: engine for name, engine in found.items() if engine} == {}


@pytest.mark.process
def test_importing_the_core_loads_no_engine_module():
    """Every module but the adapters, imported together in a fresh interpreter, leaves MkDocs and Jinja unloaded."""
    core = [name for name in MODULES if not name.startswith("macros.adapters") and name not in TEMPLATE_LANGUAGE]
    script = (f"import importlib, sys\nfor name in {core!r}:\n    importlib.import_module(name)\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {ENGINE!r}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.process
def test_a_rule_module_imports_only_what_it_needs():
    """`import macros.status` (a rule) loads a handful of the package's modules, not the build or the views."""
    script = "import sys, macros.status\nprint(sorted(m for m in sys.modules if m.startswith('macros')))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(["macros", "macros.collation", "macros.errors", "macros.models",
                                       "macros.status"])
