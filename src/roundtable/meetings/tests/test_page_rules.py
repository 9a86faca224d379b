"""The small pure rules behind the meetings pages (no database)."""

from __future__ import annotations

import pytest

from roundtable.meetings import rules


def test_moving_an_item_up_swaps_it_with_the_one_before():
    assert rules.move_in_order([1, 2, 3], 3, -1) == [1, 3, 2]


def test_moving_the_first_item_up_leaves_the_order_alone():
    assert rules.move_in_order([1, 2, 3], 1, -1) == [1, 2, 3]


def test_moving_the_last_item_down_leaves_the_order_alone():
    assert rules.move_in_order([1, 2, 3], 3, 1) == [1, 2, 3]


def test_moving_an_item_not_in_the_order_is_an_error():
    with pytest.raises(ValueError, match="not in this order"):
        rules.move_in_order([1, 2], 7, 1)


@pytest.mark.parametrize(
    ("name", "kind"), [("report.pdf", "PDF"), ("Plan.v2.docx", "DOCX"), ("README", "File")]
)
def test_a_papers_kind_comes_from_its_name(name, kind):
    assert rules.paper_kind(name) == kind
