"""What no command may do: delete or overwrite what it did not write, leave a half-written file, or let
two writing commands run at once (issue 23: C1, M6, M7).

Class *destructive target* (C1): every command that takes an output (`tillsyn --mapp/--ut`, `pdf --ut`,
`export --mapp`, `bygg` through a `site` link, and `import`, which only reads its own) against
every entry of `tests.hostile_commands.DANGEROUS_TARGETS` and against an earlier output that a person
has changed; the whole test folder (handbook, `.git`, home, the folder above) must be byte-identical
afterwards. Class *torn write* (M6): a write that fails half-way leaves the old file. Class *lost
update* (M7): a second writing command while one runs is refused, and an import does not write over
an edit saved while it ran.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros import atomic, cli, lock, outputs, publish, scaffold
from tests.build_helpers import copy_project
from tests.fixture_project import SUPERVISION_REQUEST
from tests.git_fixture import commit, git
from tests.hostile_commands import DANGEROUS_TARGETS

LIS_DATE = "2026-11-28"


def tree(root: Path) -> dict[str, bytes | str]:
    """Every file (content) and link (where it points) under root, caches and the lock file left out."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in [*dirs, *files]:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file() and name != lock.LOCK_NAME:
                found[key] = path.read_bytes()
            elif path.is_dir():
                found[key + "/"] = ""
    return found


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/handbook (a committed copy, the current folder) beside tmp_path/hem (HOME, with a private file).

    In the handbook: `främmande/min-fil.txt` (someone else's folder), `länk` -> främmande,
    `länk-till-handboken` -> the handbook itself and `slinga` -> itself."""
    home = tmp_path / "hem"
    home.mkdir()
    (home / "privat.txt").write_text("mina egna anteckningar", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    root = copy_project(tmp_path / "handbook")
    git(root, "init", "-q")
    commit(root, "Kopia", "2026-11-20T10:00:00+01:00")
    (root / "främmande").mkdir()
    (root / "främmande" / "min-fil.txt").write_text("inte handbokens", encoding="utf-8")
    (root / "länk").symlink_to("främmande")
    (root / "länk-till-handboken").symlink_to(".")
    (root / "slinga").symlink_to("slinga")
    monkeypatch.chdir(root)
    monkeypatch.setenv("LIS_DATE", LIS_DATE)
    return tmp_path


def lis(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def _target(area: Path, name: str) -> str:
    return str(area / "hem") + name[1:] if name.startswith("~") else name


def _fake_build(root: Path, site: Path, edition: object = None) -> None:
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<html><body>bygge</body></html>", encoding="utf-8")


COMMANDS = {
    "tillsyn --mapp": lambda t: ["tillsyn", "--mapp", t, "--ersatt", *SUPERVISION_REQUEST],
    "tillsyn --ut": lambda t: ["tillsyn", "--ut", t, "--ersatt", *SUPERVISION_REQUEST],
    "pdf --ut": lambda t: ["pdf", "2025", "--ut", t, "--ersatt"],
    "export --mapp": lambda t: ["export", "--mapp", t, "--ersatt"],
    "import": lambda t: ["import", t, "--ersatt"],
}
# Writing into someone else's folder without touching their files is allowed (nothing is replaced).
ADDS_BESIDE = {("export --mapp", "främmande"), ("export --mapp", "länk")}


@pytest.mark.process  # git history and version stamps
@pytest.mark.sweep
@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_deletes_or_overwrites_a_dangerous_target(area, capsys, monkeypatch, command):
    monkeypatch.setattr(publish, "mkdocs_build", _fake_build)
    failures = []
    for name in DANGEROUS_TARGETS:
        before = tree(area)
        args = COMMANDS[command](_target(area, name))
        code, said = lis(capsys, *args)
        after = tree(area)
        if (command, name) in ADDS_BESIDE:
            changed = [k for k, v in before.items() if after.get(k) != v]
            if code != 0 or changed:
                failures.append(f"lis {' '.join(args)}: exit {code}, changed {changed}\n{said}")
            for key in set(after) - set(before):  # take away what it added, for the next target
                path = area / key.rstrip("/")
                if path.is_file():
                    path.unlink()
            (area / "handbook/.lis-utdata.json").unlink(missing_ok=True)
            continue
        if code != 1 or after != before or "Traceback" in said or not said.startswith("Fel: "):
            failures.append(f"lis {' '.join(args)}: exit {code}, tree {'unchanged' if after == before else 'CHANGED'}"
                            f"\n{said}")
        elif "--ersatt" in said:
            failures.append(f"lis {' '.join(args)} advises --ersatt for what it did not write:\n{said}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.process
@pytest.mark.sweep
def test_bygg_never_empties_a_folder_a_site_link_points_to(area, capsys, monkeypatch):
    monkeypatch.setattr(publish, "mkdocs_build", _fake_build)
    root = area / "handbook"
    failures = []
    for name in DANGEROUS_TARGETS:
        site = root / "site"
        site.symlink_to(Path(_target(area, name)).absolute() if name.startswith("~") else root / name)
        before = tree(area)
        code, said = lis(capsys, "bygg")
        if code != 1 or tree(area) != before or not said.startswith("Fel: "):
            failures.append(f"site -> {name}: exit {code}\n{said}")
        site.unlink()
    assert not failures, "\n\n".join(failures)


def _earlier_output(area: Path, capsys: pytest.CaptureFixture[str], command: str) -> tuple[list[str], Path]:
    """Run `command` once into `tidigare`; return the arguments that replace it, and what a person may edit."""
    root = area / "handbook"
    match command:
        case "tillsyn --mapp":
            assert lis(capsys, "tillsyn", "--mapp", "tidigare", *SUPERVISION_REQUEST)[0] == 0
            return ["tillsyn", "--mapp", "tidigare", "--ersatt", *SUPERVISION_REQUEST], root / "tidigare"
        case "tillsyn --ut":
            code, said = lis(capsys, "tillsyn", "--ut", "tidigare.zip", *SUPERVISION_REQUEST)
            assert code == 0, said
            return ["tillsyn", "--ut", "tidigare.zip", "--ersatt", *SUPERVISION_REQUEST], root / "tidigare.zip"
        case "export --mapp":
            assert lis(capsys, "export", "--mapp", "tidigare")[0] == 0
            return ["export", "--mapp", "tidigare", "--ersatt"], root / "tidigare/systemforteckning.csv"
        case "pdf --ut":  # as if lis pdf had written it (no browser here): the note is what proves it
            (root / "tidigare.pdf").write_bytes(b"%PDF-1.4 utskrift\n")
            outputs.remember(root, "pdf", [root / "tidigare.pdf"])
            return ["pdf", "2025", "--ut", "tidigare.pdf", "--ersatt"], root / "tidigare.pdf"
        case _:  # bygg, into site/ itself
            assert lis(capsys, "bygg")[0] == 0
            return ["bygg"], root / "site"


@pytest.mark.process
@pytest.mark.parametrize("command", ["tillsyn --mapp", "tillsyn --ut", "export --mapp", "pdf --ut", "bygg"])
def test_an_earlier_output_that_a_person_changed_is_never_replaced(area, capsys, monkeypatch, command):
    monkeypatch.setattr(publish, "mkdocs_build", _fake_build)
    args, output = _earlier_output(area, capsys, command)
    if output.is_dir():
        (output / "min-anteckning.txt").write_text("lagt till för hand", encoding="utf-8")
    else:
        output.write_bytes(output.read_bytes() + "\n% rättat för hand\n".encode())
    before = tree(area)
    code, said = lis(capsys, *args)
    assert code == 1 and said.startswith("Fel: ") and "--ersatt" not in said, said
    assert tree(area) == before


@pytest.mark.process
@pytest.mark.parametrize("command", ["tillsyn --mapp", "tillsyn --ut", "export --mapp", "bygg"])
def test_an_earlier_output_is_replaced_with_ersatt(area, capsys, monkeypatch, command):
    monkeypatch.setattr(publish, "mkdocs_build", _fake_build)
    args, output = _earlier_output(area, capsys, command)
    code, said = lis(capsys, *args)
    assert code == 0, said
    assert outputs.written_by(area / "handbook", args[0], output)
    assert not [p for p in output.parent.iterdir() if p.name.startswith((".lis-skrivs-", ".lis-gammalt-"))]


def test_bygg_keeps_a_file_added_to_site_and_says_which(area, capsys, monkeypatch):
    monkeypatch.setattr(publish, "mkdocs_build", _fake_build)
    root = area / "handbook"
    assert lis(capsys, "bygg")[0] == 0
    (root / "site/.htaccess").write_text("Require all granted\n", encoding="utf-8")
    before = tree(area)
    code, said = lis(capsys, "bygg")
    assert (code, said) == (1, f"Fel: {root}/site innehåller något som lis bygg inte har skrivit där, eller som har "
                               "ändrats sedan dess (till exempel .htaccess). Bygget tar aldrig bort något som det inte "
                               "själv har skrivit: flytta undan det som inte hör till webbplatsen och bygg igen. "
                               "Ingenting har ändrats.\n")
    assert tree(area) == before


def test_a_file_added_while_the_old_output_is_set_aside_puts_it_back(tmp_path):
    """The last check happens after the old folder is moved aside: a file that arrived in between survives."""
    root = tmp_path
    old = root / "paket"
    old.mkdir()
    (old / "a.csv").write_text("a", encoding="utf-8")
    outputs.remember(root, "tillsyn", [old])
    (old / "sent.txt").write_text("kom just", encoding="utf-8")  # after the early check, before the swap
    with pytest.raises(outputs.OutputError, match="ändrades medan kommandot arbetade"), \
            outputs.set_aside(root, "tillsyn", old):
        pytest.fail("the block must not run")
    assert sorted(p.name for p in old.iterdir()) == ["a.csv", "sent.txt"]
    assert [p.name for p in root.iterdir() if p.name.startswith(".lis-gammalt")] == []


# --- Torn writes (M6) --------------------------------------------------------------------------------


class _Boom(Exception):
    pass


def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "system.yaml"
    target.write_text("system:\n  - id: gammalt\n", encoding="utf-8")
    target.chmod(0o640)
    with pytest.raises(_Boom), atomic.replacing(target) as stream:
        stream.write(b"system:\n  - id: n")
        raise _Boom
    assert target.read_text(encoding="utf-8") == "system:\n  - id: gammalt\n"
    assert [p.name for p in tmp_path.iterdir()] == ["system.yaml"]
    real_replace = os.replace

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    with pytest.raises(OSError):
        atomic.write_text(target, "nytt")
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert target.read_text(encoding="utf-8") == "system:\n  - id: gammalt\n"
    atomic.write_text(target, "nytt\n")
    assert target.read_text(encoding="utf-8") == "nytt\n" and target.stat().st_mode & 0o777 == 0o640


def test_an_import_that_dies_while_writing_leaves_the_inventory_whole(area, capsys, monkeypatch, tmp_path):
    root = area / "handbook"
    inventory = root / "data/system.yaml"
    original = inventory.read_bytes()
    sheet = tmp_path / "ny.csv"
    sheet.write_text("Id;Namn;Syfte;Förvaltningsobjekt;Stadsgemensamt;Personuppgifter;Samhällsviktig;PUB-avtal;"
                     "Konsekvensbedömning krävs\nny-x;Nytt;Ett syfte;ekonomi;nej;inga;nej;ej aktuellt;nej\n",
                     encoding="utf-8")

    real_replacing = atomic.replacing

    def dying(path, **kwargs):  # half the new file is on disk when the process is interrupted
        manager = real_replacing(path, **kwargs)
        stream = manager.__enter__()
        stream.write(b"system:\n  - id: halv")
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as err:
            manager.__exit__(type(err), err, err.__traceback__)
            raise

    monkeypatch.setattr(atomic, "replacing", dying)
    code, said = lis(capsys, "import", str(sheet))
    assert code == 130, said
    assert inventory.read_bytes() == original
    assert not [p for p in inventory.parent.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)]


# --- Lost updates (M7) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["import", "x.csv"], ["nytt-system", "ny-x", "--namn", "N", "--objekt", "ekonomi"],
                                  ["ny-rutin", "ny", "--titel", "Ny"], ["ny-genomgang", "2027"],
                                  ["faststall", "2026", "--beslutad-av", "namnd", "--datum", "2026-11-20",
                                   "--diarienummer", "FAR 2026/99"], ["export"], ["tillsyn"], ["pdf", "2025"], ["schema"],
                                  ["bygg"]])
def test_every_writing_command_waits_for_no_one_and_changes_nothing_while_another_runs(area, capsys, args):
    root = area / "handbook"
    before = tree(area)
    with (root / lock.LOCK_NAME).open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, said = lis(capsys, *args)
    assert (code, said) == (1, f"Fel: {lock.BUSY}\n")
    assert tree(area) == before


@pytest.mark.process
def test_two_imports_at_once_never_both_succeed(area, tmp_path):
    """Two real processes: the second import starts while the first holds the lock."""
    root = area / "handbook"
    sheets = []
    for name in ("a", "b"):
        sheet = tmp_path / f"{name}.csv"
        sheet.write_text("Id;Namn;Syfte;Förvaltningsobjekt;Stadsgemensamt;Personuppgifter;Samhällsviktig;PUB-avtal;"
                         f"Konsekvensbedömning krävs\nsamtidig-{name};Samtidig {name};Ett syfte;ekonomi;nej;inga;nej;"
                         "ej aktuellt;nej\n", encoding="utf-8")
        sheets.append(sheet)
    lis_command = str(Path(sys.executable).parent / "lis")
    env = {**os.environ, "LIS_DATE": LIS_DATE}
    holder_code = ("import sys, time; from pathlib import Path; from macros.lock import project_lock\n"
                   "with project_lock(Path(sys.argv[1])):\n    print('låst', flush=True); time.sleep(30)")
    with subprocess.Popen([sys.executable, "-c", holder_code, str(root)], cwd=root, env=env,
                          stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "låst\n"
            second = subprocess.run([lis_command, "import", str(sheets[1])], cwd=root, env=env, capture_output=True,
                                    text=True, timeout=120)
        finally:
            holder.kill()
    assert (second.returncode, second.stdout, second.stderr) == (1, "", f"Fel: {lock.BUSY}\n")
    first = subprocess.run([lis_command, "import", str(sheets[0])], cwd=root, env=env, capture_output=True,
                           text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    text = (root / "data/system.yaml").read_text(encoding="utf-8")
    assert "samtidig-a" in text and "samtidig-b" not in text  # the refused one says so; nothing is lost silently


def test_an_edit_saved_while_the_import_ran_is_not_overwritten(area, capsys, monkeypatch, tmp_path):
    root = area / "handbook"
    inventory = root / "data/system.yaml"
    sheet = tmp_path / "ny.csv"
    sheet.write_text("Id;Namn;Syfte;Förvaltningsobjekt;Stadsgemensamt;Personuppgifter;Samhällsviktig;PUB-avtal;"
                     "Konsekvensbedömning krävs\nny-x;Nytt;Ett syfte;ekonomi;nej;inga;nej;ej aktuellt;nej\n",
                     encoding="utf-8")
    real_scan = cli.pii.scan

    def scan_while_someone_saves(*args, **kwargs):
        inventory.write_text(inventory.read_text(encoding="utf-8") + "# sparat i redigeraren\n", encoding="utf-8")
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(cli.pii, "scan", scan_while_someone_saves)
    code, said = lis(capsys, "import", str(sheet))
    assert (code, said) == (1, "Fel: system.yaml ändrades av något annat medan kommandot arbetade; ingenting har "
                               "skrivits. Kör kommandot igen.\n")
    assert inventory.read_text(encoding="utf-8").endswith("# sparat i redigeraren\n")
    assert "ny-x" not in inventory.read_text(encoding="utf-8")


def test_scaffolding_undoes_only_its_own_writes(area, capsys, monkeypatch):
    root = area / "handbook"
    before = tree(area)
    monkeypatch.setattr(scaffold, "_nav_has", lambda *a: False)  # the check after writing fails
    code, said = lis(capsys, "ny-rutin", "ny", "--titel", "Ny rutin")
    assert code == 1 and "ändringen är ångrad" in said
    assert tree(area) == before
    assert not (root / "docs/rutiner/ny.md").exists()


# --- The commands' own files and the environment ---------------------------------------------------------


def test_the_note_of_outputs_is_never_written_through_a_link(area, capsys, monkeypatch):
    """A planted `.lis-utdata.json -> ~/privat.txt` must not let the next command overwrite that file."""
    monkeypatch.setattr(publish, "mkdocs_build", _fake_build)
    root = area / "handbook"
    (root / outputs.RECORD).symlink_to(area / "hem/privat.txt")
    before = tree(area)
    for args in (["bygg"], ["export"], ["tillsyn"]):
        code, said = lis(capsys, *args)
        assert code == 1 and said == (f"Fel: {root}/{outputs.RECORD} är inte en vanlig fil (till exempel en länk); "
                                      "kommandona skriver inte genom den. Ta bort den och försök igen. Ingenting "
                                      "har ändrats.\n"), said
        assert tree(area) == before


class _Page:
    def __init__(self, root: Path) -> None:
        self.conf = {"config_file_path": str(root / "mkdocs.yml")}
        self.page = type("P", (), {"file": type("F", (), {"src_uri": "rutiner/x.md"})(), "meta": {}})()


@pytest.mark.parametrize(("dump", "message"), [
    ("docs", "LIS_DUMP_MARKDOWN: {root}/docs är en del av handbokens källor (docs/)"),
    (".", "LIS_DUMP_MARKDOWN: {root} är handbokens egen mapp"),
    ("..", "LIS_DUMP_MARKDOWN: {root}/.. (som pekar på {area}) är en mapp som innehåller handboken"),
    ("ut\x1b[2J", "LIS_DUMP_MARKDOWN innehåller kontrolltecken"),
    ("finns", "LIS_DUMP_MARKDOWN: {root}/finns/rutiner/x.md finns redan; ange en ny, tom mapp"),
])
def test_the_benchmark_dump_never_writes_into_the_handbook_or_over_a_file(tmp_path, caplog, dump, message):
    from macros.adapters import mkdocs_macros

    root = tmp_path / "handbook"
    (root / "docs").mkdir(parents=True)
    (root / "finns/rutiner").mkdir(parents=True)
    (root / "finns/rutiner/x.md").write_text("min egen", encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(SystemExit):
        mkdocs_macros._dump_markdown(_Page(root), "# Sida", str(root / dump))
    assert message.format(root=root, area=tmp_path) in caplog.text
    assert tree(tmp_path) == before


@pytest.mark.parametrize("value", ["https://git.x/docs/\x01", "https://git.x/\x1b[2J/", "https://git.x/\x9b/"])
def test_kontrollera_checks_the_edit_address_too(capsys, monkeypatch, tmp_path, value):
    root = copy_project(tmp_path / "handbook")
    monkeypatch.chdir(root)
    monkeypatch.setenv("LIS_REDIGERA", value)
    code, said = lis(capsys, "kontrollera")
    assert code == 1 and said.startswith("Handbokens data innehåller 1 fel.") and "LIS_REDIGERA: är" in said
    assert "\x1b" not in said and "\x01" not in said
