"""Every command printed in README and Om handboken runs as printed, on a fresh copy of the fixture project.

The commands are read from the documents themselves: every `make …` and `lis …` in a code span or
in a shell code block (a line may chain commands with `&&`; the `make`/`lis` parts are run). A
placeholder in a syntax line (`lis pdf ÅR`) is replaced by a value the fixture has. Each command
runs in its own copy of the fixture project, a git repository with the Makefile and this checkout's
virtual environment, through `sh -c` with `.venv/bin` first on PATH (as after
`source .venv/bin/activate`). Long-running commands (`make serve`) are started, asked for the first
page and stopped. So a documented command can never fail unnoticed again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.build_helpers import ROOT
from tests.fixture_project import fixture_project
from tests.git_fixture import commit, git
from tests.serve_helpers import free_port, port_is_free, serving

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs" / "om-handboken").glob("*.md"))]
LIS_DATE = "2026-11-28"

# Printed, but not run here, and why.
NOT_RUN = {
    "make test": "utvecklarnas hela testsvit (cirka 9 minuter), som det här testet själv är en del av",
    "make test-fast": "utvecklarnas snabba tester, som det här testet hör till; de körs av make test",
    "make bench": "mäter bygget vid 30, 500 och 5 000 system i flera minuter; tests/test_bench.py prövar mätningen",
    "make bench-ci": "mätningen som CI kör; tests/test_bench.py prövar den",
}
# A command's bare name in running text ("`lis pdf` och `lis tillsyn` läser …") names it; the lines that run it,
# with their arguments, are printed where the task is described and run from there.
MENTIONED = "kommandots namn i löptext; raden med argumenten står i uppgiften och körs därifrån"
NOT_RUN |= {command: MENTIONED for command in (
    "lis pdf", "lis import", "lis nytt-system", "lis ny-rutin", "lis ny-genomgang", "lis tillsyn")}
NOT_RUN["make engines"] = ("bygger med två sidgeneratorer och provar Zensical i egna miljöer (flera minuter); "
                          "CI kör den, och tests/test_engines.py prövar jämförelsen")
# lis faststall records a real decision (a page or review not yet adopted, a decision day that has come) and
# prints with Chromium: tests/test_adopt.py runs it end to end, and tests/test_coordinator_guide.py parses the
# printed lines with the command's own parser.
ADOPTING = "för in ett beslut i liggaren; tests/test_adopt.py kör kommandot från början till slut"
NOT_RUN |= {command: ADOPTING for command in (
    "lis faststall", "lis faststall ÅR",
    'lis faststall SIDA --beslutad-av ROLL --datum ÅÅÅÅ-MM-DD --diarienummer "DNR"',
    "lis faststall SIDA --beslutad-av ROLL --datum ÅÅÅÅ-MM-DD --diarienummer DNR",
    'lis faststall 2026 --beslutad-av namnd --datum 2027-01-26 --diarienummer "FAR 2027/12"',
    'lis faststall rutiner/incidenthantering --beslutad-av forvaltningsledning --datum 2027-01-26 '
    '--diarienummer "FAR 2027/12"')}

# lis tillsyn needs the request's supervisor among the authorities in data/lagkrav.yaml, which the fixture project
# lacks; tests/test_supervision.py runs make tillsyn with the request on its own fixture.
TILLSYN = ('make tillsyn MYNDIGHET=lansstyrelsen-stockholm ARENDE="Lst 2026-1234" DNR="FAR 2026/321" '
           "KONTAKT=samordnare SEKRETESSPROVNING=samordnare SEKRETESS=systemforteckning=18:8,kontinuitet=18:8")
NOT_RUN[TILLSYN] = "tests/test_supervision.py kör make tillsyn med begäran på sitt eget testprojekt"

# A placeholder in a printed syntax line, and the value the fixture project has for it.
PLACEHOLDERS = {
    "ID": "nytt-provsystem",
    "OBJEKT": "ekonomi",
    "FILNAMN": "ny-provrutin",
    "FIL": "inventering-2027.xlsx",
    "SIDA": "rutiner/incidenthantering",
    "KOMMANDO": "export",
}
NEW_REVIEW_YEAR, ADOPTED_YEAR = "2027", "2025"  # ÅR: a year with no review yet, or the fixture's adopted one
LONG_RUNNING = re.compile(r"(?:^|\s)(?:make serve|lis visa)\b")
COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ )*(?:make|lis) \S")


def _parts(line: str) -> list[str]:
    return [part.strip() for part in re.split(r"&&|;|\|", line)]


def commands_in(text: str) -> list[str]:
    """Every `make …` and `lis …` command printed in a Markdown text, in order."""
    found = []
    blocks = re.compile(r"^( *)```(\w*)\n(.*?)^\1```", re.M | re.S)
    for block in blocks.finditer(text):
        if block.group(2) in ("sh", ""):
            for line in block.group(3).splitlines():
                found += _parts(re.sub(r"\s+#.*$", "", line.strip()))
    for span in re.findall(r"`([^`\n]+)`", blocks.sub("", text)):
        found += _parts(span)
    return [c for c in found if COMMAND.match(c)]


def documented() -> list[str]:
    """Every documented command once, in the order the documents print them."""
    return list(dict.fromkeys(c for doc in DOCUMENTS for c in commands_in(doc.read_text(encoding="utf-8"))))


def runnable(command: str) -> str:
    """The command with its placeholders replaced by values the fixture project has."""
    year = NEW_REVIEW_YEAR if "ny-genomgang" in command else ADOPTED_YEAR
    for name, value in {**PLACEHOLDERS, "ÅR": year}.items():
        command = re.sub(rf"(?<![\w/.-]){name}(?![\w/.=-])", value, command)  # not AR= or SIDA=
    return command


TO_RUN = list(dict.fromkeys(runnable(c) for c in documented() if c not in NOT_RUN))


def test_the_documents_print_the_commands_a_coordinator_needs():
    """The reading is real: it finds commands from README's table, code blocks and the reference table."""
    found = documented()
    assert {"make serve", "make serve PORT=8001", "make kontrollera", "make build", TILLSYN,
            "make pdf SIDA=rutiner/incidenthantering", "make pdf AR=2025", "make ny-genomgang AR=2027",
            "LIS_DATE=2026-06-30 make build", "LIS_WEBBADRESS=https://intranat.example.se/ make build",
            "lis import inventering-2027.xlsx", "lis pdf ÅR",
            'lis faststall 2026 --beslutad-av namnd --datum 2027-01-26 --diarienummer "FAR 2027/12"'} <= set(found)
    assert set(NOT_RUN) <= set(found), "en undantagen rad står inte längre i dokumenten: ta bort undantaget"
    assert "make test" not in " ".join(commands_in((ROOT / "docs/om-handboken/spara-och-publicera.md")
                                                   .read_text(encoding="utf-8").split("## Bygg innan")[0]))


def test_every_placeholder_is_known():
    """A command with a word in capitals that is not a known placeholder would run with that word."""
    for command in TO_RUN:
        words = re.findall(r"(?<![\w/.=-])[A-ZÅÄÖ]{2,}(?![\w/.=-])", command)
        assert words == [], f"{command}: okänd platshållare {words}"


# --- Running them --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with a menu, the Makefile and this checkout's .venv, committed in git."""
    project = fixture_project(tmp_path_factory.mktemp("dokumenterat") / "handbok", menu=True)
    installed = (ROOT / ".venv" / ".installed").stat().st_mtime
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
        os.utime(project / name, (installed - 60, installed - 60))  # older than the install: make installs nothing
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
    git(project, "init", "-q")
    commit(project, "Handboken", "2026-11-01T10:00:00")
    return project


def _environment(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AR", "SIDA", "ERSATT", "PORT", "LIS_WEBBADRESS",
                                                          "LIS_REDIGERA", "VIRTUAL_ENV")}
    return env | {"PATH": f"{project / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}", "LIS_DATE": LIS_DATE,
                  "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _sh(project: Path, command: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], cwd=project, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _prepare(project: Path, command: str, env: dict[str, str]) -> None:
    """What the documents say comes before the command: a spreadsheet to import."""
    if found := re.match(r"lis import (\S+)", command):
        assert _sh(project, "lis export", env).returncode == 0
        shutil.copy(project / "export" / "systemforteckning.xlsx", project / found.group(1))
        shutil.rmtree(project / "export")


def _serve_and_stop(project: Path, command: str, env: dict[str, str]) -> tuple[int, str]:
    """Start a long-running command, fetch the first page, stop it; whether a page came, and the output.

    The printed port is used when it is free. When another program on this machine has it, the
    test takes a free one (through PORT, or in place of the printed number), so it never depends
    on what else runs here."""
    printed = re.search(r"(?:PORT=|--port )(\d+)", command)
    port = int(printed.group(1)) if printed else 8000
    if not port_is_free(port):
        new = free_port()
        if printed:
            command = command.replace(printed.group(0), printed.group(0).replace(str(port), str(new)))
        env, port = env | {"PORT": str(new)}, new
    with serving(["sh", "-c", command], project, env, port) as served:
        pass
    return (200 if "<html" in served.first_page else 0), served.output


@pytest.mark.build
@pytest.mark.process
@pytest.mark.parametrize("command", TO_RUN)
def test_documented_command_runs_as_printed(template, tmp_path, command):
    project = tmp_path / "handbok"
    shutil.copytree(template, project, symlinks=True)
    env = _environment(project)
    _prepare(project, command, env)
    if LONG_RUNNING.search(command):
        status, output = _serve_and_stop(project, command, env)
        assert status == 200, output
    else:
        result = _sh(project, command, env)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
    assert "Traceback" not in output, output
