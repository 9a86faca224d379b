"""The pure rules of information-sharing agreements: what is refused, and when a
review is due."""

from __future__ import annotations

import datetime

import pytest

from roundtable.engagement import rules
from roundtable.engagement.choices import LawfulBasis

D = datetime.date


def test_a_sound_agreement_has_no_problems():
    assert rules.check_agreement(parties=2, bases=["art6_e"]) == {}


@pytest.mark.parametrize("parties", [0, 1])
def test_an_agreement_needs_at_least_two_parties(parties):
    problems = rules.check_agreement(parties=parties, bases=["art6_e"])
    assert problems["parties"].startswith("parties: choose at least 2 organisations")


def test_an_agreement_without_a_lawful_basis_is_refused():
    problems = rules.check_agreement(parties=3, bases=[])
    assert problems["lawful_bases"].startswith("lawful_bases: choose at least one lawful basis")


def test_a_statutory_gateway_alone_is_a_lawful_basis():
    assert rules.check_agreement(parties=2, bases=["gateway_cda1998_s115"]) == {}


def test_special_category_data_needs_an_article_9_condition():
    problems = rules.check_agreement(parties=2, bases=["art6_e"], special_category=True)
    assert "needs an Article 9 condition" in problems["lawful_bases"]
    assert rules.check_agreement(parties=2, bases=["art6_e", "art9_h"], special_category=True) == {}


def test_another_gateway_must_be_named():
    problems = rules.check_agreement(parties=2, bases=["gateway_other"], other_gateway="  ")
    assert problems["other_gateway"].startswith("other_gateway: name the statutory gateway")
    assert (
        rules.check_agreement(parties=2, bases=["gateway_other"], other_gateway="Localism Act")
        == {}
    )


def test_a_review_before_the_start_is_refused():
    problems = rules.check_agreement(
        parties=2, bases=["art6_e"], start=D(2026, 4, 1), review=D(2026, 3, 31)
    )
    assert problems["review_date"] == (
        "review_date: the review (31 March 2026) must be on or after the start (1 April 2026)"
    )
    assert (
        rules.check_agreement(
            parties=2, bases=["art6_e"], start=D(2026, 4, 1), review=D(2026, 4, 1)
        )
        == {}
    )


def test_every_lawful_basis_belongs_to_one_of_the_three_groups():
    groups = {rules.basis_group(value) for value in LawfulBasis.values}
    assert groups == {rules.ART6, rules.ART9, rules.GATEWAY}
    assert sum(rules.basis_group(v) == rules.ART6 for v in LawfulBasis.values) == 6
    assert sum(rules.basis_group(v) == rules.ART9 for v in LawfulBasis.values) == 10


def test_an_unknown_basis_group_is_refused():
    with pytest.raises(ValueError, match="is not a lawful basis"):
        rules.basis_group("art7_a")


@pytest.mark.parametrize(
    ("review", "due"),
    [
        (D(2026, 5, 1), False),  # 32 days ahead
        (D(2026, 4, 30), True),  # 31 days ahead: a month before
        (D(2026, 3, 30), True),  # today
        (D(2026, 1, 1), True),  # past
        (None, False),
    ],
)
def test_a_review_is_due_a_month_before_its_date_or_once_past(review, due):
    assert rules.review_due(review, D(2026, 3, 30)) is due


def test_an_ended_agreement_is_never_due_for_review():
    assert rules.review_due(D(2026, 1, 1), D(2026, 3, 30), ended=True) is False


@pytest.mark.parametrize(
    ("review", "overdue"),
    [(D(2026, 3, 31), False), (D(2026, 3, 30), False), (D(2026, 3, 29), True), (None, False)],
)
def test_a_review_is_overdue_once_its_date_has_passed(review, overdue):
    assert rules.review_overdue(review, D(2026, 3, 30)) is overdue
    assert rules.review_overdue(review, D(2026, 3, 30), ended=True) is False
