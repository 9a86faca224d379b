"""A contributions grid's cells carry their year, for a phone's stacked rows; with
no contributions there is no table, and nothing to download."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.core.testing import under
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


@pytest.mark.django_db
def test_no_contributions_offers_no_table_to_download(client, board_member, partnership):
    """ "No contributions have been recorded yet" was followed by "Download this table
    as CSV or XLSX": there is no table."""
    client.force_login(board_member)
    page = client.get(under(partnership, reverse("projects:contributions"))).content.decode()
    assert "No contributions have been recorded yet." in page
    assert "Download this table" not in page
