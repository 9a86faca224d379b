"""The pure rules: money, percentages, capacity, leases and coverage."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from roundtable.assets import rules

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1,250,000", Decimal("1250000.00")),
        ("1250000", Decimal("1250000.00")),
        ("£50k", Decimal("50000.00")),
        ("50K", Decimal("50000.00")),
        ("£1.2m", Decimal("1200000.00")),
        ("£ 250,000.50", Decimal("250000.50")),
        ("12.5", Decimal("12.50")),
        ("0", Decimal("0.00")),
        ("GBP 1,000", Decimal("1000.00")),
        ("", None),
        ("  ", None),
    ],
)
def test_money_is_read_as_partners_write_it(text, expected):
    assert rules.parse_money(text) == expected


@pytest.mark.parametrize("text", ["1,25", "50.000", "1,2500", "12,34,567", "1.250"])
def test_money_that_reads_two_ways_is_refused(text):
    with pytest.raises(ValueError, match="two ways"):
        rules.parse_money(text)


@pytest.mark.parametrize("text", ["-500", "£-500", "(500)", "-£50k"])
def test_negative_money_is_refused(text):
    with pytest.raises(ValueError, match="negative"):
        rules.parse_money(text)


@pytest.mark.parametrize("text", ["lots", "£", "50 pounds", "1bn", "1.2.3", "12.345.678"])
def test_words_are_not_money(text):
    with pytest.raises(ValueError, match="not an amount|two ways"):
        rules.parse_money(text)


def test_money_with_more_than_pence_is_refused():
    with pytest.raises(ValueError, match="two decimal places"):
        rules.parse_money("12.3456")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("65%", Decimal("65.0")),
        ("65", Decimal("65.0")),
        ("65.5 %", Decimal("65.5")),
        ("100", Decimal("100.0")),
        ("0", Decimal("0.0")),
        ("0.5%", Decimal("0.5")),
        ("", None),
    ],
)
def test_utilisation_is_read_with_or_without_a_percent_sign(text, expected):
    assert rules.parse_percent(text) == expected


def test_utilisation_over_100_is_refused():
    with pytest.raises(ValueError, match="over 100%"):
        rules.parse_percent("120%")


def test_negative_utilisation_is_refused():
    with pytest.raises(ValueError, match="below 0%"):
        rules.parse_percent("-5")


def test_a_fraction_from_a_percent_cell_is_refused_as_ambiguous():
    with pytest.raises(ValueError, match="could be 65% or 0.65%"):
        rules.parse_percent("0.65")


def test_capacity_is_a_whole_number():
    assert rules.parse_capacity("1,200") == 1200
    assert rules.parse_capacity("") is None
    with pytest.raises(ValueError, match="whole number"):
        rules.parse_capacity("about 50")


def test_a_lease_cannot_end_before_it_starts():
    assert rules.check_lease(D(2012, 1, 1), D(2011, 1, 1)) == {
        "lease_end": "lease_end: the lease ends (1 January 2011) before it starts "
        "(1 January 2012); check both dates"
    }
    assert rules.check_lease(D(2012, 1, 1), D(2012, 1, 1)) == {}
    assert rules.check_lease(None, D(2011, 1, 1)) == {}


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_a_lease_ends_within_n_months_from_today_to_n_months_on():
    today = D(2026, 12, 3)
    assert rules.lease_ends_within(D(2027, 6, 3), today, 6)
    assert not rules.lease_ends_within(D(2027, 6, 4), today, 6)
    assert not rules.lease_ends_within(D(2026, 12, 2), today, 6)
    assert not rules.lease_ends_within(None, today, 6)


def test_a_freeholds_missing_landlord_and_lease_end_are_not_gaps():
    """Of 4 assets, 1 leasehold: the landlord and lease end are expected of it only."""
    found = rules.coverage(
        "Ealing Council", 4, {"address": 4, "landlord": 1, "lease_end": 0}, leaseholds=1
    )
    by_field = {f.field: f for f in found.fields}
    assert (by_field["landlord"].total, by_field["landlord"].missing) == (1, 0)
    assert (by_field["lease_end"].total, by_field["lease_end"].missing) == (1, 1)
    assert by_field["address"].total == 4
    cells = 4 * (len(rules.COVERAGE_FIELDS) - 2) + 2
    assert found.percent_filled == round(100 * 5 / cells)
    none_leased = rules.coverage("Ealing CVS", 2, {}, leaseholds=0)
    assert {f.field: f.total for f in none_leased.fields}["landlord"] == 0


def test_coverage_counts_the_gaps_per_field():
    found = rules.coverage("Ealing Council", 4, {"address": 4, "capacity": 1})
    by_field = {f.field: f for f in found.fields}
    assert by_field["address"].complete
    assert by_field["capacity"].missing == 3
    assert by_field["operating_cost"].filled == 0
    assert found.gaps == 3 + 4 * (len(rules.COVERAGE_FIELDS) - 2)
    assert found.percent_filled == round(100 * 5 / (4 * len(rules.COVERAGE_FIELDS)))
    assert rules.coverage("Nobody", 0, {}).percent_filled == 0
