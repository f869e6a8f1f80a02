"""Write one YAML scalar so that reading it back gives exactly the same text.

The commands append entries to hand-edited YAML files (keeping their comments), so they write
YAML text themselves. Every value goes through `scalar`: plain when YAML would read the plain
form back as the same text, otherwise double-quoted with escapes.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import yaml

# Plain text: starts with a letter or digit, no ": " / " #" risk, no line breaks or controls.
_PLAIN = re.compile(r"[A-Za-zÅÄÖåäöÉé0-9][^:#\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")
_WORDS = {"ja", "nej", "yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
# Characters YAML does not accept raw (or reads as a line break) inside a double-quoted scalar.
_UNPRINTABLE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_RESOLVER: Any = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON escapes are valid YAML escapes)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def scalar(value: Any) -> str:
    """`value` as YAML text that reads back as the same value (booleans as ja/nej, dates ISO)."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | date):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    plain = (_PLAIN.fullmatch(text) is not None and text == text.strip() and text.lower() not in _WORDS
             and (text[0] not in _RESOLVER.yaml_implicit_resolvers  # the resolvers are keyed by first character
                  or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR))
    return text if plain else quoted(text)
