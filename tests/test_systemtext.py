"""Systems written by `lis import` look as if a person had written them, and a change is a small diff
(issue 23, low; issue 31; samordnarvecka P7)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from macros import models as m
from macros.spreadsheet import SYSTEM_IMPORT
from macros.systemtext import entry_text, patched_entry

KEYS = [str(column.key) for column in SYSTEM_IMPORT.values()]

HAND_WRITTEN = """\
  - id: oppenvard-dokumentation
    namn: Dokumentationsstöd öppenvård
    syfte: "Dokumentation: insatser"   # citerad för kolonets skull
    förvaltningsobjekt: individ-och-familj
    systemägare: Avdelningschef
    leverantör: Omsorgsdata AB
    stadsgemensamt: "nej"
    personuppgifter: känsliga
    samhällsviktig: ja
    i_drift_sedan: 2019-09-01
    klassning:
      datum: 2026-05-19
      K: 3  # bedömd av informationsägaren
      R: 2
    pub_avtal: finns
    konsekvensbedömning:
      krävs: ja
      status: ej påbörjad

"""


def system(text: str) -> m.System:
    return m.System.model_validate(yaml.safe_load("system:\n" + text)["system"][0])


OLD = system(HAND_WRITTEN)


def changed(**fields: object) -> m.System:
    data = yaml.safe_load("system:\n" + HAND_WRITTEN)["system"][0]
    for key, value in fields.items():
        *parents, leaf = key.split("__")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        if value is None:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    for parent in ("klassning", "konsekvensbedömning"):
        if parent in data and not data[parent]:
            del data[parent]
    return m.System.model_validate(data)


def diff(before: str, after: str) -> list[tuple[str, str]]:
    """The changed lines: (removed, added) pairs of a line-by-line comparison, "" for none."""
    import difflib

    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return [*[(r, "") for r in removed], *[("", a) for a in added]]


def test_an_unchanged_system_is_left_exactly_as_written():
    assert patched_entry(HAND_WRITTEN, OLD, OLD, KEYS) == HAND_WRITTEN


@pytest.mark.parametrize(("fields", "removed", "added"), [
    ({"leverantör": "Ny AB"}, ["    leverantör: Omsorgsdata AB"], ["    leverantör: Ny AB"]),
    ({"stadsgemensamt": "ja"}, ['    stadsgemensamt: "nej"'], ["    stadsgemensamt: ja"]),
    ({"i_drift_sedan": date(2020, 1, 1)}, ["    i_drift_sedan: 2019-09-01"], ["    i_drift_sedan: 2020-01-01"]),
    ({"klassning__R": 3}, ["      R: 2"], ["      R: 3"]),
    ({"konsekvensbedömning__krävs": "utreds"}, ["      krävs: ja"], ["      krävs: utreds"]),
    ({"avvecklat": date(2026, 10, 1)}, [], ["    avvecklat: 2026-10-01"]),
    ({"klassning__T": 1}, [], ["      T: 1"]),
    ({"uppföljd": date(2026, 6, 1)}, [], ["    uppföljd: 2026-06-01"]),
    ({"leverantör": None}, ["    leverantör: Omsorgsdata AB"], []),
    ({"konsekvensbedömning__status": None}, ["      status: ej påbörjad"], []),
    ({"namn": "Namn: med kolon"}, ["    namn: Dokumentationsstöd öppenvård"], ['    namn: "Namn: med kolon"']),
])
def test_one_changed_field_changes_one_line(fields, removed, added):
    new = changed(**fields)
    after = patched_entry(HAND_WRITTEN, OLD, new, KEYS)
    assert diff(HAND_WRITTEN, after) == [*[(r, "") for r in removed], *[("", a) for a in added]]
    assert system(after) == new
    assert "# citerad för kolonets skull" in after and "# bedömd av informationsägaren" in after


def test_new_lines_go_where_the_column_order_puts_them():
    after = patched_entry(HAND_WRITTEN, OLD, changed(avvecklat=date(2026, 10, 1), klassning__T=1,
                                                     uppföljd=date(2026, 6, 1)), KEYS)
    lines = after.splitlines()
    assert lines.index("    avvecklat: 2026-10-01") == lines.index("    i_drift_sedan: 2019-09-01") + 1
    assert lines.index("      T: 1") == lines.index("      R: 2") + 1
    assert lines.index("    uppföljd: 2026-06-01") == lines.index("    pub_avtal: finns") - 1


def test_a_whole_group_removed_takes_its_heading():
    new = changed(klassning__datum=None, klassning__K=None, klassning__R=None)
    after = patched_entry(HAND_WRITTEN, OLD, new, KEYS)
    assert "klassning:" not in after and "      K: 3" not in after
    assert system(after) == new


def test_a_layout_it_does_not_know_is_written_anew_in_the_hand_written_style():
    flow = HAND_WRITTEN.replace("    klassning:\n      datum: 2026-05-19\n      K: 3  # bedömd av informationsägaren\n"
                                "      R: 2\n", "    klassning: {datum: 2026-05-19, K: 3, R: 2}\n")
    old = system(flow)
    new = changed(leverantör="Ny AB")
    after = patched_entry(flow, old, new, KEYS)
    assert after == entry_text(new, KEYS) + "\n"
    assert system(after) == new


def test_a_new_entry_is_written_as_a_person_writes_it():
    text = entry_text(OLD, KEYS)
    assert "    stadsgemensamt: nej\n" in text and "    samhällsviktig: ja\n" in text
    assert "    i_drift_sedan: 2019-09-01\n" in text and "      krävs: ja\n" in text and "      K: 3\n" in text
    assert '"' not in text.replace('"Dokumentation: insatser"', "")
    raw = yaml.safe_load("system:\n" + text)["system"][0]  # as any YAML reader sees it: dates are dates
    assert raw["i_drift_sedan"] == date(2019, 9, 1) and raw["klassning"]["datum"] == date(2026, 5, 19)
    assert system(text) == OLD
