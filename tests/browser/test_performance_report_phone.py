"""The performance report on a phone 375 px wide: the summary by theme shows every
count, none cut off at the screen's edge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.performance.services import approve_all_figures
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = "/ealing/performance/report/2011-12-q2/"


@pytest.fixture
def report_with_every_status():
    """Four themes, with indicators green, amber, red and grey."""
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    figures = [("420", "400"), ("395", "400"), ("10", "400"), (None, "400")]
    for theme in ("Health", "High Quality of Life", "Prosperity", "Safety"):
        for actual, target in figures:
            indicator = IndicatorFactory(
                partnership=partnership, lead_agency=council, theme=theme, tolerance=Decimal(10)
            )
            IndicatorValueFactory(
                indicator=indicator,
                period="2011/12 Q2",
                actual=Decimal(actual) if actual else None,
                target=Decimal(target),
            )
    approve_all_figures(partnership)


def test_the_summary_by_theme_shows_every_count_on_a_phone(page, report_with_every_status):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(REPORT)
    summary = page.locator(".rt-summary-table")
    cells = summary.locator("tbody td, tbody th")
    assert cells.count() == 5 * 6
    rights = cells.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().right)")
    width = page.evaluate("document.documentElement.clientWidth")
    assert [right for right in rights if right > width] == []
    # Each count is labelled with its column's heading, the headings row being hidden.
    labels = summary.locator("tr.rt-total-row td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels == [
        '"Performance on/above target"',
        '"Performance within tolerance"',
        '"Performance below target"',
        '"Data not available or Performance not Assessed"',
        '"Total"',
    ]
