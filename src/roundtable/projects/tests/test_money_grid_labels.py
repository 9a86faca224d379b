"""A contributions grid's cells carry their year, for a phone's stacked rows."""

from __future__ import annotations

from decimal import Decimal

from roundtable.projects import rules_money


def test_each_cell_is_labelled_with_its_column():
    grid = rules_money.grid(
        [("Council", "2011/12", Decimal(5)), ("Police", "2012/13", Decimal(7))],
        columns=["2013/14"],
    )
    assert grid.labelled_lines() == [
        ("Council", [("2011/12", Decimal(5)), ("2012/13", None), ("2013/14", None)], Decimal(5)),
        ("Police", [("2011/12", None), ("2012/13", Decimal(7)), ("2013/14", None)], Decimal(7)),
    ]
