"""The pure rules of partners' asset strategies and of an asset's plan (no database)."""

from __future__ import annotations

import datetime

import pytest

from roundtable.assets.rules import check_plan
from roundtable.assets.rules_strategies import (
    Block,
    aims_blocks,
    check_strategy,
    review_due,
    years_from_published,
)

TODAY = datetime.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2010", (2010, 2010)),
        ("2011-2020", (2011, 2020)),
        ("2009–2013", (2009, 2013)),
        ("2010 to 2014", (2010, 2014)),
        (" 2010-2014 ", (2010, 2014)),
        # In doubt, or not a year: no years.
        ("2007?", (None, None)),
        ("spring 2012", (None, None)),
        ("", (None, None)),
        ("1066", (None, None)),
    ],
)
def test_years_are_read_from_published_only_when_certain(text, years):
    assert years_from_published(text) == years


def _check(**overrides):
    values = {
        "no_published_strategy": False,
        "title": "Property Strategy",
        "published": "2010",
        "year_from": 2010,
        "year_to": 2010,
        "last_reviewed": datetime.date(2012, 1, 16),
        "today": TODAY,
    }
    return check_strategy(**{**values, **overrides})


def test_a_complete_strategy_has_no_problems():
    assert _check() == {}


def test_a_strategy_needs_a_title_unless_there_is_none_published():
    assert list(_check(title=" ")) == ["title"]
    assert (
        _check(title="", no_published_strategy=True, published="", year_from=None, year_to=None)
        == {}
    )


def test_no_published_strategy_has_no_year_of_publication():
    problems = _check(title="", no_published_strategy=True, published="2010")
    assert problems["published"].startswith("published: ")


def test_years_in_range_and_in_order():
    assert list(_check(year_from=210)) == ["year_from"]
    assert list(_check(year_to=20100, year_from=None)) == ["year_to"]
    problems = _check(year_from=2014, year_to=2010)
    assert problems == {
        "year_to": "year_to: the strategy ends (2010) before it starts (2014); check both years"
    }


def test_a_review_cannot_be_in_the_future():
    problems = _check(last_reviewed=TODAY + datetime.timedelta(days=1))
    assert problems["last_reviewed"].startswith("last_reviewed: 7 December 2026 is in the future")


def test_key_aims_keep_paragraphs_and_lists_as_written():
    text = "Safety\n• Provide safe facilities.\n- Provide accommodation.\n\nConfidence\n* One more."
    assert aims_blocks(text) == [
        Block(text="Safety"),
        Block(items=["Provide safe facilities.", "Provide accommodation."]),
        Block(text="Confidence"),
        Block(items=["One more."]),
    ]
    assert aims_blocks("") == []


def test_a_review_is_due_a_year_after_the_last():
    assert review_due(None, TODAY)
    assert not review_due(datetime.date(2026, 1, 16), TODAY)
    assert not review_due(datetime.date(2025, 12, 6), TODAY)
    assert review_due(datetime.date(2025, 12, 5), TODAY)
    assert not review_due(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    assert review_due(datetime.date(2024, 2, 29), datetime.date(2025, 3, 1))


def test_a_plan_date_or_note_needs_a_plan():
    assert check_plan("", None, "") == {}
    assert check_plan("disposal", datetime.date(2027, 3, 31), "Moving to Perceval House") == {}
    assert list(check_plan("", datetime.date(2027, 3, 31), "")) == ["plan"]
    assert list(check_plan("", None, "A note")) == ["plan"]
    assert check_plan("sale", None, "")["plan"].startswith("plan: choose")
