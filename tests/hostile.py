"""A hostile copy of the data: every free-text field holds markup, template syntax and line breaks."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import yaml

PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> | *fet* _kursiv_ '
           '[länk](javascript:window.__pwned=1) {{ 7*7 }} {% if true %}X{% endif %}\n'
           '--8<-- "README.md"\n# rubrik | sista')

FREE_TEXT = {
    "namn", "syfte", "beskrivning", "leverantör", "systemägare", "objektägare", "objektledare", "epost",
    "telefon", "nås", "annan_väg", "regelverk", "anmärkning", "förvaltning", "nämnd", "stad",
    "område", "åtgärd", "process", "risk", "behandling", "granskning", "granskare", "iakttagelse",
    "rekommendation", "kommentar", "utbildning", "diarienummer", "ursprung", "när", "gör",
    "författning", "beteckning", "paragraf", "innebörd", "kontrollerad_mot", "uppgift", "så_gör_vi",
    "motivering", "beslut", "lydelse",
}


def _poison(node: Any, counter: itertools.count[int]) -> Any:
    if isinstance(node, dict):
        return {k: (f"{PAYLOAD} {next(counter)}" if k in FREE_TEXT and isinstance(v, str)
                    else _poison(v, counter)) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(item, counter) for item in node]
    return node


def make_hostile(data_dir: Path) -> None:
    """Rewrite every data file in place with the payload in each free-text field."""
    counter = itertools.count(1)
    for path in sorted(data_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(data, counter), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
