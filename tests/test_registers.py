"""The registers' declarations (macros/registers/): what a new register must have, said plainly when it is missing.

These tests read every declaration, so a new register is checked without being named here. Their
messages are for the developer who adds one (CONTRIBUTING.md, "Where do I add a register?").
"""

from __future__ import annotations

import inspect
import sys
import typing
from dataclasses import replace
from datetime import date

import pytest
from pydantic import BaseModel

from macros import menu, navcheck, page_macros
from macros.catalogue import PAGES, DataFile, Macro, Register, Scope
from macros.columns import Stamp
from macros.errors import DataError
from macros.incremental import PageInputs
from macros.loader import load_handbook
from macros.registers import DeclarationError, all_registers, data_file, data_files, find_registers
from tests.conftest import FIXTURE_DATA, ROOT, replace_in

REGISTERS = all_registers()


def _id(register: Register) -> str:
    return register.module


def _model_at(model: type[BaseModel], path: list[str]) -> type[BaseModel] | None:
    """The model a dotted YAML path of `model` leads into (None when a key is not one of its fields)."""
    current: typing.Any = model
    for key in path:
        if key == "*":
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for name, f in current.model_fields.items() if (f.alias or name) == key), None)
        if field is None:
            return None
        current = field.annotation
        while typing.get_origin(current) in (list, typing.Union, __import__("types").UnionType):
            current = next(a for a in typing.get_args(current) if a is not type(None))
    return current if isinstance(current, type) and issubclass(current, BaseModel) else model


def _has_path(model: type[BaseModel], path: list[str]) -> bool:
    parent = _model_at(model, path[:-1])
    return parent is not None and any((f.alias or n) == path[-1] for n, f in parent.model_fields.items())


# --- Finding the registers ---------------------------------------------------------------------------


def test_the_registers_are_found_by_looking_not_by_a_list():
    modules = sorted(p.stem for p in (ROOT / "macros" / "registers").glob("[!_]*.py"))
    assert [r.module for r in REGISTERS] == modules


def test_a_module_without_a_register_is_named_with_what_to_add(tmp_path, monkeypatch):
    package = tmp_path / "provregister"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "behandlingar.py").write_text("TABLE = None\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(DeclarationError) as err:
        find_registers([str(package)], "provregister")
    sys.modules.pop("provregister.behandlingar", None)
    assert str(err.value) == (
        "macros/registers/behandlingar.py has no REGISTER = Register(...): every module in macros/registers/ "
        "declares one register (see CONTRIBUTING.md, 'Where do I add a register?'); put helpers in a module "
        "whose name starts with _")


def test_every_data_file_is_declared_once():
    names = [r.data.name for r in REGISTERS if r.data is not None]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.name for p in (ROOT / "data").glob("*.yaml"))


# --- References --------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", data_files(), ids=lambda s: s.name)
def test_every_reference_is_a_path_of_the_model_and_points_to_a_declared_list(spec: DataFile[BaseModel]):
    for ref in spec.references:
        path = ref.path.split(".")
        assert _has_path(spec.model, path), (
            f"data/{spec.name}: the reference path {ref.path} is not a YAML path of {spec.model.__name__}; "
            "write the YAML keys from the top of the file, with * for every entry of a list")
        if ref.file == PAGES:
            assert ref.hint, f"data/{spec.name}: the page reference {ref.path} needs a hint (what to write instead)"
            continue
        target = next((s for s in data_files() if s.name == ref.file), None)
        assert target is not None, f"data/{spec.name}: {ref.path} refers to data/{ref.file}, which no register declares"
        entries = target.naming.get(ref.key)
        assert entries is not None and entries.unknown, (
            f"data/{spec.name}: {ref.path} refers to the list {ref.key} of data/{ref.file}; declare it there as "
            "Entries(..., unknown='okänd … \"{ref}\" …') so an unknown id gets a Swedish message")


def test_a_new_reference_is_checked_with_the_target_lists_message(data_dir):
    replace_in(data_dir / "loggkontroller.yaml", "ansvarig: chef", "ansvarig: ingen-sadan-roll", 1)
    with pytest.raises(DataError) as err:
        load_handbook(data_dir)
    assert 'fält "ansvarig": okänd roll "ingen-sadan-roll". Kända roller: ' in str(err.value)


# --- Columns and exports -----------------------------------------------------------------------------


@pytest.mark.parametrize("register", [r for r in REGISTERS if r.export is not None], ids=_id)
def test_an_exported_register_has_a_table_and_names_that_fit_a_spreadsheet(register: Register):
    export = register.export
    assert export is not None
    assert register.table is not None, f"{register.source}: an exported register needs table=… (its column spec)"
    assert len(export.sheet) <= 31, f"{register.source}: Excel allows sheet names of at most 31 characters"
    if export.in_supervision:
        assert export.what is not None, (f"{register.source}: a register in lis tillsyn needs what=… (its Swedish "
                                          "description in innehall.txt)")
    table = register.table(Scope(load_handbook(FIXTURE_DATA), date(2026, 11, 28)))
    headers = table.export_headers(date(2026, 11, 28))
    assert len(headers) == len(set(headers)), f"{register.source}: two exported columns have the same header"


def test_export_files_and_sheets_are_named_once():
    exports = [r.export for r in REGISTERS if r.export is not None]
    assert len({e.stem for e in exports}) == len(exports) and len({e.sheet for e in exports}) == len(exports)


def test_stamp_columns_end_every_row_that_has_them():
    for register in REGISTERS:
        if register.table is None:
            continue
        table = register.table(Scope(load_handbook(FIXTURE_DATA), date(2026, 11, 28)))
        kinds = [c.stamp for c in table.columns if c.exported]
        stamps = [k for k in kinds if k is not None]
        assert kinds[len(kinds) - len(stamps):] == stamps and (not stamps or stamps[-1] is Stamp.AS_OF), \
            f"{register.source}: stamp columns go last (stamp_columns(...) at the end of the spec)"


# --- Pages and macros --------------------------------------------------------------------------------


@pytest.mark.parametrize("register", [r for r in REGISTERS if r.pages], ids=_id)
def test_a_registers_pages_exist_and_are_in_the_menu(register: Register):
    in_menu = {page for _, page in navcheck.nav_entries(ROOT)}
    for page in register.pages:
        assert (ROOT / "docs" / page).is_file(), (
            f"{register.source} says the register is shown on docs/{page}, which does not exist: create the page "
            "(see CONTRIBUTING.md, 'Where do I add a register?') or correct pages=…")
        assert page in in_menu, (f"docs/{page} shows {register.source} but is not in the menu: give its Register(...) "
                                 'menu="<the title of a top-level section of nav: in mkdocs.yml>"')


def test_a_registers_macros_are_called_on_its_pages():
    for register in (r for r in REGISTERS if r.macros):
        text = "".join((ROOT / "docs" / page).read_text(encoding="utf-8") for page in register.pages)
        for name in register.macros:
            assert f"{{{{ {name}(" in text, (f"{register.source} gives the macro {name}() but none of its pages "
                                             f"({', '.join(register.pages) or 'pages=… is empty'}) calls it")


@pytest.mark.process  # the build reads the pages' git history
def test_a_registers_macro_gets_the_page_and_checks_the_writers_arguments(monkeypatch, tmp_path):
    from macros.build import create_build
    from tests.fixture_project import fixture_project

    def macro(scope: Scope, year: int) -> str:
        return f"{scope.page_src} {year} {len(scope.hb.systems)}"

    extra = Register(None, macros={"provmakro": Macro(macro, "Prov")})
    monkeypatch.setattr(page_macros, "all_registers", lambda: (*REGISTERS, extra))
    project = fixture_project(tmp_path / "handbok")
    build = create_build(project, project / "docs", date(2026, 11, 28))
    macros = page_macros.page_macros(build, lambda: "rutiner/x.md")
    assert page_macros.guarded("provmakro", macros["provmakro"])(2026) == "rutiner/x.md 2026 6"
    with pytest.raises(page_macros.MacroCallError, match="makrot tar 1 argument"):
        page_macros.guarded("provmakro", macros["provmakro"])()
    twice = Register(None, macros={"roll": Macro(macro, "Prov")}, module="provregister")
    monkeypatch.setattr(page_macros, "all_registers", lambda: (*REGISTERS, twice))
    with pytest.raises(DeclarationError, match=r"roll\(\) is declared twice: in macros/registers/provregister.py"):
        page_macros.page_macros(build, lambda: "rutiner/x.md")


def _undescribed(registers: tuple[Register, ...]) -> list[str]:
    """What the registers leave Om handboken's tables of data files and macros without (macros/guide_views.py)."""
    problems = []
    for register in registers:
        spec = register.data
        if spec is not None and not spec.about.strip():
            problems.append(f"data/{spec.name} has no about=… in its DataFile(...): write what the file holds in "
                            "Swedish (Markdown, links relative to docs/om-handboken/); it is the file's row on Om "
                            "handboken's page of data files (docs/om-handboken/datafiler.md)")
        if spec is not None and "|" in spec.about:
            problems.append(f"data/{spec.name}: a | in about= splits its row of the table on Om handboken; write it "
                            "otherwise")
        for name, macro in register.macros.items():
            if not isinstance(macro, Macro):
                problems.append(f"{register.source} gives the macro {name}() as a bare function: write "
                                'Macro(function, "what it shows, in Swedish") in macros={…}')
                continue
            if not macro.about.strip() or "|" in macro.about + macro.example:
                problems.append(f"{register.source} gives the macro {name}() without saying what it shows: write "
                                'Macro(…, "what it shows, in Swedish", without |); it is the macro\'s row on Om '
                                "handboken's page of macros (docs/om-handboken/makron.md)")
            arguments = [p for p in list(inspect.signature(macro.call).parameters.values())[1:]
                         if p.default is inspect.Parameter.empty]
            if arguments and not macro.example:
                problems.append(f"{register.source}: the macro {name}() takes arguments; write "
                                f'example="{name}(…)" in its Macro(...), the call as the page of macros shows it')
    return problems


def test_every_data_file_and_every_registers_macro_says_what_it_is_for_om_handboken():
    assert _undescribed(REGISTERS) == []


def test_a_register_without_its_om_handboken_texts_is_told_what_to_write():
    from macros.registers import _template as template

    undescribed = Register(replace(template.DATA, about=""), module="prov",
                           macros={"bar": template.page_table,  # type: ignore[dict-item]
                                   "tom": Macro(template.page_table, ""),
                                   "per_ar": Macro(lambda scope, year: "", "Ett år"),
                                   "rad": Macro(template.page_table, "a | b")})
    assert _undescribed((undescribed,)) == [
        "data/mall.yaml has no about=… in its DataFile(...): write what the file holds in Swedish (Markdown, links "
        "relative to docs/om-handboken/); it is the file's row on Om handboken's page of data files "
        "(docs/om-handboken/datafiler.md)",
        'macros/registers/prov.py gives the macro bar() as a bare function: write Macro(function, "what it shows, in '
        'Swedish") in macros={…}',
        'macros/registers/prov.py gives the macro tom() without saying what it shows: write Macro(…, "what it shows, '
        "in Swedish\", without |); it is the macro's row on Om handboken's page of macros "
        "(docs/om-handboken/makron.md)",
        'macros/registers/prov.py: the macro per_ar() takes arguments; write example="per_ar(…)" in its Macro(...), '
        "the call as the page of macros shows it",
        'macros/registers/prov.py gives the macro rad() without saying what it shows: write Macro(…, "what it shows, '
        "in Swedish\", without |); it is the macro's row on Om handboken's page of macros "
        "(docs/om-handboken/makron.md)",
    ]
    assert _undescribed((replace(undescribed, data=replace(template.DATA, about="a | b"), macros={}),)) == [
        "data/mall.yaml: a | in about= splits its row of the table on Om handboken; write it otherwise"]


def test_om_handboken_shows_the_declared_rows_as_markdown_tables():
    from macros import guide_views

    files = guide_views.data_file_table()
    assert files.startswith("\n\n| Fil | Innehåll |\n|---|---|\n")
    rows = files.strip().splitlines()[2:]
    assert len(rows) == len(data_files()) and all(row.count("|") == 3 for row in rows)
    organisation = data_file("organisation.yaml")
    assert f"| `organisation.yaml` | {organisation.about} |" in rows  # required: no note
    assert f"| `kontinuitet.yaml` | {data_file('kontinuitet.yaml').about} Filen får saknas. |" in rows
    macros = guide_views.register_macro_table().strip().splitlines()
    assert macros[:2] == ["| Makro | Ger |", "|---|---|"]
    assert "| `bevarande()` | Hur länge varje slag av LIS-handling sparas och var (`data/bevarande.yaml`) |" in macros
    assert len(macros) - 2 == sum(len(r.macros) for r in REGISTERS)


def test_the_macro_page_shows_a_macro_by_its_example_call(monkeypatch):
    from macros import guide_views

    extra = Register(None, macros={"provmakro": Macro(lambda scope, year: "", "Prov", example="provmakro(2026)"),
                                   "annat": Macro(lambda scope: "", "Annat\n över två rader")})
    monkeypatch.setattr(guide_views, "all_registers", lambda: (extra,))
    assert guide_views.register_macro_table() == ("\n\n| Makro | Ger |\n|---|---|\n| `provmakro(2026)` | Prov |\n"
                                                  "| `annat()` | Annat över två rader |\n\n")


# --- make serve: what a generated page is computed from ------------------------------------------------


def test_a_system_pages_inputs_follow_every_register_that_refers_to_the_system(data_dir):
    before = PageInputs(load_handbook(data_dir), date(2026, 11, 28))
    continuity = data_file("kontinuitet.yaml").of(before.hb)
    assert continuity is not None
    first = "delta"  # its continuity entry is the one with a six-month interval
    other = next(s.id for s in before.hb.systems if s.id not in {e.system for e in continuity.entries})
    replace_in(data_dir / "kontinuitet.yaml", "testintervall_månader: 6", "testintervall_månader: 3", 1)
    after = PageInputs(load_handbook(data_dir), date(2026, 11, 28))
    assert before.system(first) != after.system(first)  # the continuity section of its page changed
    assert before.system(other) == after.system(other)
    replace_in(data_dir / "mal.yaml", "klassningar: 12", "klassningar: 13", 3)  # goals show on no generated page
    assert PageInputs(load_handbook(data_dir), date(2026, 11, 28)).system(other) == after.system(other)


def test_the_template_a_new_register_starts_from_works():
    """macros/registers/_template.py is copied for a new register (CONTRIBUTING.md); it must stay a working one."""
    from macros import schemas
    from macros.registers import _template as template

    assert template.REGISTER not in REGISTERS  # a helper module: not found as a register
    hb = load_handbook(FIXTURE_DATA)  # without data/mall.yaml: no entries yet
    table = template.table(Scope(hb, date(2026, 11, 28), "v1"))
    assert table.export_headers(date(2026, 11, 28)) == ["Id", "Namn", "Ansvarig", "Granskad", "Handbokens version",
                                                       "Beräknat per"]
    assert template.page_table(Scope(hb, date(2026, 11, 28))) == (
        '\n\n<p class="lis-tom"><strong>Mall: 0 poster – beräknat per 2026-11-28</strong>: Inga poster ännu.</p>\n\n')
    schema = schemas.build_schema(template.DATA.model, template.DATA.title)
    assert schema["title"] == "Mall för ett register" and "poster" in schema["properties"]
    assert template.REGISTER.menu in menu.sections(navcheck.menu(ROOT, [])), "menu= names no section of mkdocs.yml"
