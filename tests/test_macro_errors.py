"""The build's error boundary for macros: a page author's mistake is a Swedish message, a bug stays a bug."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from macros.adapters import mkdocs_macros
from macros.errors import UserError
from macros.loader import UnknownId
from macros.stash import Stash


def _env() -> SimpleNamespace:
    return SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_uri="rutiner/x.md")))


def _fails(error: Exception):
    def macro(year: int) -> str:
        raise error
    return macro


@pytest.mark.parametrize(("args", "expected"), [
    ((), "docs/rutiner/x.md: makrot malvarde(): fel antal argument eller fel argumentnamn; makrot tar 1–2 argument"),
    ((1, 2, 3), "makrot malvarde(1, 2, 3): fel antal argument eller fel argumentnamn; makrot tar 1–2 argument"),
])
def test_wrong_arguments_stop_the_build_in_swedish(caplog, args, expected):
    call = mkdocs_macros._guarded(_env(), "malvarde", lambda measure, year=None: measure, Stash())
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.lis"), pytest.raises(SystemExit):
        call(*args)
    assert expected in caplog.text


@pytest.mark.parametrize("error", [UserError("det finns inget årsmål för 2031"), UnknownId('ingen roll "kalle"')])
def test_user_errors_from_a_macro_are_messages(caplog, error):
    call = mkdocs_macros._guarded(_env(), "malvarde", _fails(error), Stash())
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.lis"), pytest.raises(SystemExit):
        call(2031)
    assert f"docs/rutiner/x.md: makrot malvarde(2031): {error}" in caplog.text


@pytest.mark.parametrize("error", [KeyError("x"), ValueError("y"), TypeError("z"), ZeroDivisionError()])
def test_a_bug_inside_a_macro_is_not_dressed_up_as_a_user_message(error):
    call = mkdocs_macros._guarded(_env(), "malvarde", _fails(error), Stash())
    with pytest.raises(type(error)):
        call(2031)
