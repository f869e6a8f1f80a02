"""Page templating that cannot reach Python: macro calls with fixed values, rendered in a sandbox.

Pages are written by many hands (CODEOWNERS gives page owners `docs/`, not `macros/`), and Jinja
in a page runs on the build machine. Two walls keep a page away from Python:

1. A grammar. A page may only call a handbook macro with fixed values (`{{ roll("samordnare") }}`,
   `{{ malvarde("klassningar", 2027) }}`) and show the plain data below (`{{ org.forvaltning }}`,
   `{{ lis_datum }}`); `{% raw %}` shows template syntax as text. Anything else (attributes,
   filters, tests, `{% set %}`, loops, includes, arithmetic, ...) stops the build with a Swedish
   message naming the line, before anything is evaluated.
2. A sandbox. What passes the grammar is rendered by Jinja's `ImmutableSandboxedEnvironment`
   with no globals, filters or tests, where no attribute of any Python object is reachable
   (mappings give their items only), only the registered macros may be called and arithmetic is
   refused; only text and numbers are printed. The sandbox alone holds the escapes the grammar is there to explain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import UserError
from .swedish import translate

# What a page may show besides macro calls: the names and the keys of each mapping.
Data = Mapping[str, str | Mapping[str, str]]

_UNKNOWN = "okänt makro eller okänd variabel: "
_EXAMPLE = ('En sida får bara anropa handbokens makron med fasta värden, till exempel {{ roll("samordnare") }}, '
            "och visa {{ org.forvaltning }}, {{ org.namnd }}, {{ org.stad }} och {{ lis_datum }}.")

# Statements, by node class, as a page author wrote them.
_STATEMENTS = {
    "For": "{% for %}", "If": "{% if %}", "Macro": "{% macro %}", "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}", "With": "{% with %}", "Block": "{% block %}", "Extends": "{% extends %}",
    "Include": "{% include %}", "Import": "{% import %}", "FromImport": "{% from … import %}",
    "Assign": "{% set %}", "AssignBlock": "{% set %}", "ExprStmt": "{% do %}", "Continue": "{% continue %}",
    "Break": "{% break %}", "Scope": "{% scope %}", "ScopedEvalContextModifier": "{% autoescape %}",
    "EvalContextModifier": "{% autoescape %}",
}


class PageTemplateError(UserError):
    """A page's template text that is not allowed or cannot be read: (line in the page body, problem)
    pairs, and the advice that follows them."""

    def __init__(self, problems: list[tuple[int | None, str]], advice: str) -> None:
        self.problems = problems
        self.advice = advice
        super().__init__("; ".join([*(message for _, message in problems), advice]))


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with nothing in it: no globals, filters or tests, no attributes,
    no arithmetic, and only the given functions callable."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, callables: Mapping[str, Callable[..., Any]]) -> None:
        # The defaults mkdocs-macros renders pages with (a page renders exactly as before), minus its
        # loader; only text and numbers are printed (not a function's or an object's description).
        super().__init__(undefined=StrictUndefined, autoescape=False, finalize=_text_only)
        self.globals.clear()  # range, dict, lipsum, cycler, joiner, namespace
        self.filters.clear()
        self.tests.clear()
        self._callables = frozenset(id(f) for f in callables.values())

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False  # a mapping's items are still reachable (Jinja falls back to obj[attr])

    def is_safe_callable(self, obj: Any) -> bool:
        return id(obj) in self._callables

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"räkning med {operator} är inte tillåten i en sida")


def _text_only(value: Any) -> Any:
    if isinstance(value, str | int | float):
        return value
    raise SecurityError(f"bara text och tal kan visas, inte {type(value).__name__}")


class PageTemplates:
    """The template language of hand-written pages: the registered macros and plain data, nothing else."""

    def __init__(self, macros: Mapping[str, Callable[..., Any]], data: Data) -> None:
        overlap = set(macros) & set(data)
        if overlap:
            raise ValueError(f"names are both macros and data: {sorted(overlap)}")
        self.macros = dict(macros)
        self.data = {name: (dict(value) if isinstance(value, Mapping) else value) for name, value in data.items()}
        self.sandbox = _Sandbox(self.macros)

    def render(self, markdown: str, forbidden: Mapping[str, str] | None = None) -> str:
        """`markdown` with its macro calls replaced by their output; PageTemplateError if the page
        uses anything but macro calls with fixed values and the data names, or calls a macro of
        `forbidden` (name -> what it shows: a page for everyone calling a restricted macro)."""
        if not any(start in markdown for start in ("{{", "{%", "{#")):
            return markdown  # nothing for Jinja to do (and no trailing newline for it to drop)
        try:
            tree = self.sandbox.parse(markdown)
        except TemplateSyntaxError as err:
            raise PageTemplateError([(err.lineno, f"mallsyntaxen är fel: {translate(err.message or '')}")],
                                    "Kontrollera {{ }} och {% %} och citattecknen i makroanropet.") from None
        problems = self.problems(tree)
        refused = self.forbidden_calls(tree, forbidden or {})
        if problems or refused:
            unknown = any(message.startswith(_UNKNOWN) for _, message in problems)
            advice = self._advice(unknown) if problems else _RESTRICTED_ADVICE
            raise PageTemplateError(sorted(problems + refused, key=lambda p: p[0] or 0), advice)
        try:
            return self.sandbox.from_string(tree).render({**self.data, **self.macros})
        except (SecurityError, UndefinedError) as err:  # the grammar let something through: still refused
            raise PageTemplateError([(None, f"mallen försöker nå något som inte är tillåtet ({err})")],
                                    self._advice(False)) from None

    # --- The grammar ----------------------------------------------------------------------------

    def problems(self, tree: nodes.Template) -> list[tuple[int | None, str]]:
        """Every construct in `tree` a page may not use, with its line, in page order."""
        found: list[tuple[int | None, str]] = []
        for node in tree.body:
            if not isinstance(node, nodes.Output):
                found.append((node.lineno, _not_allowed(_statement(node))))
                continue
            for part in node.nodes:
                if not isinstance(part, nodes.TemplateData):
                    found.extend((part.lineno, message) for message in self._expression(part))
        return found

    def forbidden_calls(self, tree: nodes.Template, forbidden: Mapping[str, str]) -> list[tuple[int | None, str]]:
        """Every call of a macro in `forbidden`, with its line and the Swedish reason."""
        found: list[tuple[int | None, str]] = []
        for call in tree.find_all(nodes.Call):
            name = call.node.name if isinstance(call.node, nodes.Name) else None
            if name is not None and name in forbidden:
                found.append((call.lineno, f"makrot {name}() {forbidden[name]}, men sidan är för alla (utgåva: alla, "
                                           "som gäller när sidan inte säger något annat); skriv utgåva: lis i sidans "
                                           "huvud, eller ta bort anropet"))
        return found

    def _expression(self, node: nodes.Node) -> list[str]:
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in self.macros:
            return self._arguments(node)
        if isinstance(node, nodes.Name):
            if node.name in self.macros:
                return [f'makrot {node.name} ska anropas med parenteser, till exempel {{{{ {node.name}(…) }}}}']
            if isinstance(self.data.get(node.name), str):
                return []
            if node.name in self.data:
                keys = ", ".join(f"{node.name}.{key}" for key in self.data[node.name])
                return [f"{node.name} visas med ett av {keys}"]
            return [_unknown(node.name)]
        if isinstance(node, nodes.Getattr | nodes.Getitem) and isinstance(node.node, nodes.Name):
            mapping = self.data.get(node.node.name)
            key = node.attr if isinstance(node, nodes.Getattr) else _constant(node.arg)
            if isinstance(mapping, dict) and key in mapping:
                return []
            if isinstance(mapping, dict):
                keys = ", ".join(f"{node.node.name}.{k}" for k in mapping)
                return [f'{node.node.name} har ingen uppgift "{key}"; välj en av {keys}']
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            return [_unknown(node.node.name)]
        return [_not_allowed(_expression_name(node))]

    def _arguments(self, call: nodes.Call) -> list[str]:
        name = call.node.name  # type: ignore[attr-defined]
        if call.dyn_args is not None or call.dyn_kwargs is not None:
            return [_not_allowed(f"* och ** i anropet av {name}")]
        values = [*call.args, *(keyword.value for keyword in call.kwargs)]
        if all(_constant(value) is not _NOT_CONSTANT for value in values):
            return []
        return [f"makrot {name} får bara fasta värden inom parentesen (text inom citattecken eller tal)"]

    def _advice(self, unknown: bool) -> str:
        known = f" Kända makron: {', '.join(sorted(self.macros))}." if unknown else ""
        return _EXAMPLE + known


_NOT_CONSTANT = object()
_RESTRICTED_ADVICE = ("En sida för alla får inte visa det som bara LIS-utgåvan visar (se Om handboken, "
                      "Vem får läsa vad).")


def _not_allowed(what: str) -> str:
    return f"{what} är inte tillåtet i en sida"


def _unknown(name: str) -> str:
    return f"{_UNKNOWN}{name}"


def _constant(node: nodes.Node) -> object:
    """The value of a literal (text, number, ja/nej, none, a signed number), else _NOT_CONSTANT."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str | int | float | bool | None):
        return node.value
    if isinstance(node, nodes.Neg | nodes.Pos) and isinstance(node.node, nodes.Const):
        value = node.node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value if isinstance(node, nodes.Neg) else value
    return _NOT_CONSTANT


def _statement(node: nodes.Node) -> str:
    return _STATEMENTS.get(type(node).__name__, f"{{% {type(node).__name__.lower()} %}}")


def _expression_name(node: nodes.Node) -> str:
    """How a page author would name the expression: as written, or by its kind."""
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Call | nodes.Filter | nodes.Test):
        return f'"{{{{ {_show(node)} }}}}"'
    if isinstance(node, nodes.BinExpr | nodes.UnaryExpr | nodes.Concat):
        return "räkning och sammanfogning (+, -, *, /, %, ~)"
    if isinstance(node, nodes.Compare | nodes.CondExpr):
        return "jämförelser och villkor"
    if isinstance(node, nodes.List | nodes.Tuple | nodes.Dict):
        return "listor och uppslagstabeller"
    if isinstance(node, nodes.Const):
        return "ett fast värde utan makro"
    return f"uttrycket {type(node).__name__}"


def _show(node: nodes.Node | None) -> str:
    """An expression as written, shortened: `roll.__globals__.os.popen(…).read()`."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_show(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_show(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{_show(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{_show(node.node)}|{node.name}" if node.node is not None else f"|{node.name}"
    if isinstance(node, nodes.Test):
        return f"{_show(node.node)} is {node.name}"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return "…"


def body_start(source: str, body: str) -> int:
    """The line of the file `source` on which the page body `body` (MkDocs' text after front matter) starts."""
    if body and source.endswith(body):
        return source[: len(source) - len(body)].count("\n") + 1
    return 1
