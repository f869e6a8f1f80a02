"""Swedish for the English messages of the tools underneath: MkDocs, Jinja and argparse.

Pure text rewriting (no MkDocs import): `lis bygg` runs each line of MkDocs's output through
`translate`, and the MkDocs plugin (macros/adapters/) installs `SwedishLogFilter` so `make serve` and a plain
`mkdocs build` speak Swedish too. Unknown messages pass through unchanged.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_MKDOCS = [
    (r"Doc file '([^']+)' contains a link '([^']*)', but the target '([^']*)' is not found among "
     r"documentation files\.?(?: Did you mean '([^']*)'\?)?",
     r'sidan docs/\1 länkar till "\2", men \3 finns inte bland sidorna'),
    (r"Doc file '([^']+)' contains a link '([^']*)', but the target is not found among documentation files\.?",
     r'sidan docs/\1 länkar till "\2", men den sidan eller filen finns inte'),
    (r"Doc file '([^']+)' contains a link '([^']*)', but the doc '([^']*)' does not contain an anchor '([^']*)'\.?",
     r'sidan docs/\1 länkar till "\2", men \3 har inget ankare \4'),
    (r"Doc file '([^']+)' contains a link '([^']*)', but there is no such anchor on this page\.?",
     r'sidan docs/\1 länkar till "\2", men ankaret finns inte på sidan'),
    (r"Doc file '([^']+)' contains an unrecognized relative link '([^']*)', it was left as is\.?.*",
     r'sidan docs/\1 har en relativ länk som inte går att tolka: "\2"'),
    (r"Doc file '([^']+)' contains an absolute link '([^']*)', it was left as is\.?.*",
     r'sidan docs/\1 har en absolut länk: "\2"; skriv länken relativt till sidan'),
    (r"A reference to '([^']+)' is included in the 'nav' configuration, which is not found in the "
     r"documentation files\.?",
     r'menyn (nav) i mkdocs.yml pekar på "\1", som inte finns i docs/'),
    (r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration:",
     "de här sidorna finns i docs/ men inte i menyn (nav) i mkdocs.yml:"),
    (r"Aborted with (\d+) warnings? in strict mode!",
     lambda m: f"Bygget avbröts: {count(int(m.group(1)), 'varning', 'varningar')} i strikt läge."),
    (r"Aborted with a configuration error!", "Bygget avbröts: mkdocs.yml innehåller ett fel."),
    (r"Aborted with a BuildError!", "Bygget avbröts på grund av ett fel."),
    (r"Config value '([^']+)': ", r'mkdocs.yml, inställningen "\1": '),
    (r"The URL isn't valid, it should include the http:// \(scheme\)",
     "adressen är inte giltig; den ska börja med https:// eller http://"),
    (r"The URL isn't valid, it should include the \w+:// \(scheme\)",
     "adressen är inte giltig; den ska börja med https:// eller http://"),
    (r"Expected nav item to be a string or dict, got None",
     "varje rad i menyn (nav) ska vara en sida eller en rubrik med sidor, men en rad är tom"),
    (r"Expected nav item to be a string or dict, got (\w+)",
     r"varje rad i menyn (nav) ska vara en sida eller en rubrik med sidor, men en rad är \1"),
    (r'in "([^"]+)", line (\d+), column (\d+)', r"i \1, rad \2, kolumn \3"),
    (r"Expected nav to be a list, got (\w+)", r"menyn (nav) ska vara en lista, men är \1"),
    (r"Expected a list of items, but a (\w+) was given\.", r"en lista väntades, men värdet är \1"),
    (r"Error: MkDocs encountered an error parsing the configuration file: ",
     "Fel: mkdocs.yml går inte att läsa som YAML: "),
    (r"mapping values are not allowed here", "ett kolon står där det inte får stå (sätt citattecken runt texten)"),
    (r"found undefined alias '?([^'\s]*)'?", r'en okänd alias "*\1" (sätt citattecken runt texten)'),
    (r"could not find expected ':'", "ett kolon saknas"),
    (r"while parsing a block mapping", "i en mappning"),
    (r"while scanning a simple key", "i en nyckel"),
    (r"Error reading page '([^']+)': ", r"sidan docs/\1 går inte att läsa: "),
    (r"Config file '([^']+)' does not exist\.", r"konfigurationsfilen \1 finns inte"),
    (r"Unrecognised configuration name: (\S+)", r"okänd inställning i mkdocs.yml: \1"),
]
_JINJA = [
    (r"Expected an expression, got '([^']*)'", r"ett uttryck saknas (hittade \1)"),
    (r"unexpected '([^']*)', expected '([^']*)'", r'oväntat "\1", väntade "\2"'),
    (r"unexpected '([^']*)'", r'oväntat "\1"'),
    (r"unexpected char '([^']*)' at (\d+)", r'oväntat tecken "\1" (position \2)'),
    (r"expected token '([^']*)', got '([^']*)'", r'väntade "\1" men hittade "\2"'),
    (r"Encountered unknown tag '([^']*)'\.?.*", r'okänd tagg "\1"'),
    (r"Unexpected end of template\. Jinja was looking for the following tags: (.*?)\.(?: The innermost block.*)?$",
     r"mallen tar slut för tidigt; något av följande saknas: \1"),
    (r"Unexpected end of template\.?", "mallen tar slut för tidigt"),
    (r"unexpected end of template, expected '([^']*)'\.?", r'mallen tar slut för tidigt; "\1" saknas'),
    (r"Missing end of comment tag", "en kommentar {# saknar sitt slut #}"),
    (r"missing end of (\w+) tag", r"slutet på \1-taggen saknas"),
    (r"'([^']+)' is undefined", r'"\1" är inte definierat'),
]
_LEVELS = [(r"^ERROR\s+-\s+", "FEL - "), (r"^WARNING\s+-\s+", "VARNING - "), (r"^Error: ", "Fel: ")]
_RULES: list[tuple[re.Pattern[str], Any]] = [(re.compile(p), r) for p, r in (*_MKDOCS, *_JINJA, *_LEVELS)]


def decimal(value: float) -> str:
    """A number as a Swedish reader writes it: 2 rather than 2.0, 2,5 rather than 2.5."""
    return f"{value:g}".replace(".", ",")


def count(n: int, one: str, many: str, none: str | None = None) -> str:
    """A Swedish count: "1 varning", "3 varningar", and `none` (for example "inga varningar") for 0."""
    if n == 0 and none is not None:
        return none
    return f"{n} {one if n == 1 else many}"


def translate(text: str) -> str:
    """`text` with every known English MkDocs, YAML or Jinja phrase replaced by Swedish."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class SwedishLogFilter(logging.Filter):
    """Rewrites MkDocs log records (link warnings, Jinja errors) into Swedish before they are shown."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        swedish = translate(message)
        if swedish != message:
            record.msg, record.args = swedish, ()
        return True


def install_log_filter(logger_name: str = "mkdocs") -> None:
    """Add the filter to every handler of MkDocs's logger (handlers see child loggers' records too)."""
    for handler in logging.getLogger(logger_name).handlers:
        if not any(isinstance(f, SwedishLogFilter) for f in handler.filters):
            handler.addFilter(SwedishLogFilter())


_ARGPARSE = [
    (r"^argument ([^:]+): ", r"argumentet \1: "),
    (r"expected one argument", "ett värde saknas"),
    (r"expected at least one argument", "minst ett värde behövs"),
    (r"expected at most one argument", "högst ett värde är tillåtet"),
    (r"expected (\d+) arguments?", r"\1 värden behövs"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"okänt val \1 (välj bland \2)"),
    (r"invalid int value: (.*)", r"inget heltal: \1"),
    (r"invalid (\w+) value: (.*)", r"ogiltigt värde: \2"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"the following arguments are required: (.*)", r"de här argumenten saknas: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"flaggan \1 är tvetydig; den kan vara \2"),
    (r"ignored explicit argument (.*)", r"flaggan tar inget värde: \1"),
    (r"not allowed with argument (.*)", r"får inte användas tillsammans med \1"),
    (r"one of the arguments (.*) is required", r"ett av argumenten \1 behövs"),
    (r"unexpected option string: (.*)", r"oväntad flagga: \1"),
    (r"unknown parser (.*) \(choices: (.*)\)", r"okänt kommando \1 (välj bland \2)"),
]
_ARGPARSE_RULES = [(re.compile(p), r) for p, r in _ARGPARSE]
_HELP = [("usage:", "Användning:"), ("positional arguments:", "Argument:"), ("options:", "Flaggor:"),
         ("show this help message and exit", "visa den här hjälpen")]


def argparse_message(message: str) -> str:
    """An argparse error message in Swedish."""
    for pattern, replacement in _ARGPARSE_RULES:
        message = pattern.sub(replacement, message)
    return message


def argparse_help(text: str) -> str:
    """argparse's usage and help text with its English headings in Swedish."""
    for english, swedish in _HELP:
        text = text.replace(english, swedish)
    return text
