"""Follow-up rules on the fixture data (tests/fixtures/data), reference date 2026-11-28, counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from macros import followup as fu
from tests.conftest import AS_OF


def members(items, kind, bucket):
    return sorted(i.key for i in items if i.kind is kind and fu.bucket(i.due, AS_OF) is bucket)


@pytest.mark.parametrize(("due", "expected"), [
    (date(2026, 11, 27), fu.Bucket.OVERDUE), (date(2026, 11, 28), fu.Bucket.WITHIN_30),
    (date(2026, 12, 28), fu.Bucket.WITHIN_30), (date(2026, 12, 29), fu.Bucket.WITHIN_90),
    (date(2027, 2, 26), fu.Bucket.WITHIN_90), (date(2027, 2, 27), fu.Bucket.IN_ORDER),
])
def test_bucket_edges(due, expected):
    assert fu.bucket(due, AS_OF) is expected


def test_follow_up_buckets(handbook):
    items = fu.due_items(handbook, [], AS_OF)
    kind = fu.DueKind.FOLLOW_UP
    assert members(items, kind, fu.Bucket.OVERDUE) == ["beta", "epsilon"]
    assert members(items, kind, fu.Bucket.WITHIN_30) == ["gamma"]
    assert members(items, kind, fu.Bucket.WITHIN_90) == []
    assert members(items, kind, fu.Bucket.IN_ORDER) == ["alfa"]


def test_action_buckets(handbook):
    items = fu.due_items(handbook, [], AS_OF)
    kind = fu.DueKind.ACTION
    assert members(items, kind, fu.Bucket.OVERDUE) == [
        "a25-dpia", "a25-egenkontroll", "a25-egenkontroll-uppfoljning", "a25-registerforteckning",
        "a26-dpia-inventering", "a26-pm3", "a26-utb-chefer"]
    assert members(items, kind, fu.Bucket.WITHIN_30) == []
    assert members(items, kind, fu.Bucket.WITHIN_90) == ["a26-nis2", "a26-utb-medarbetare"]
    assert members(items, kind, fu.Bucket.IN_ORDER) == [
        "a27-lta", "a27-uppfoljning", "a27-utbildning", "a28-lta", "a28-utbildning"]


def test_document_reviews_are_due_items(handbook):
    """The fixture pages (tests/fixtures/utskrift/docs/rutiner), next reviews counted from 2026-11-28."""
    from macros.documents import load_documents
    from tests.fixture_project import FIXTURES

    docs, _ = load_documents(FIXTURES / "utskrift" / "docs", {r.id for r in handbook.organisation.roles})
    items = fu.due_items(handbook, docs, AS_OF)
    assert members(items, fu.DueKind.REVIEW, fu.Bucket.OVERDUE) == ["rutiner/behorighetshantering.md"]  # 2026-06-16
    assert members(items, fu.DueKind.REVIEW, fu.Bucket.WITHIN_30) == []
    assert members(items, fu.DueKind.REVIEW, fu.Bucket.WITHIN_90) == [  # both 2027-01-26: 59 days
        "rutiner/incidenthantering.md", "rutiner/provrutin.md"]
    assert members(items, fu.DueKind.REVIEW, fu.Bucket.IN_ORDER) == [  # 2027-03-09, 2027-05-18, 2027-06-15
        "rutiner/digitaliseringsinitiativ.md", "rutiner/personuppgiftsincidenter.md",
        "rutiner/uppfoljning-av-klassningar.md"]


def test_actions_belong_to_the_objects_of_their_systems(handbook):
    items = fu.due_items(handbook, [], AS_OF)
    by_key = {i.key: i for i in items}
    assert by_key["a25-egenkontroll-uppfoljning"].objects == ("individ-och-familj", "personal")
    assert by_key["a25-egenkontroll-uppfoljning"].page == "ledningens-genomgang/index.md"
    assert by_key["a25-egenkontroll"].page == "system/alfa.md"
    assert by_key["a26-pm3"].objects == ()
    by_object = fu.Overview(handbook, [], AS_OF).due_by_object
    assert sorted(i.key for i in by_object["aldreomsorg"]) == ["beta"]
    assert sorted((i.kind.name, i.key) for i in by_object["personal"]) == [
        ("ACTION", "a25-egenkontroll-uppfoljning"), ("FALLBACK_TEST", "gamma"), ("FOLLOW_UP", "gamma"),
        ("LOG_CHECK", "gamma")]


@pytest.mark.parametrize(("gap_id", "expected"), [
    ("pub-avtal-saknas", ["epsilon"]),
    ("konsekvensbedomning-saknas", ["alfa", "epsilon"]),  # alfa's DPIA is dated after AS_OF
    ("kansliga-oklassade", []),
    ("samhallsviktiga-oklassade", []),
    ("stadsgemensamt-utan-ansvarig", ["gamma"]),
])
def test_gap_lists(handbook, gap_id, expected):
    gap = next(g for g in fu.GAPS if g.id == gap_id)
    assert [s.id for s in fu.gap_members(handbook, gap, AS_OF)] == expected


def test_classification_queue_puts_sensitive_and_essential_first(handbook):
    assert [s.id for s in fu.classification_queue(handbook.systems, AS_OF)] == ["delta"]
    # Before alfa was classified (2026-03-01) it led the queue: sensitive data and an essential service.
    assert [s.id for s in fu.classification_queue(handbook.systems, date(2026, 2, 15))] == ["alfa"]
