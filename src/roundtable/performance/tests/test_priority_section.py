"""A strategy priority's page shows how the indicators of its theme stand in the
quarterly report the reader would open: the public sees public indicators with
approved figures, the partnership's own people every indicator and figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import Submission
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory
from roundtable.strategy.tests.factories import PriorityFactory, StrategyFactory, ThemeFactory

pytestmark = pytest.mark.django_db

Q1, Q2 = "2011/12 Q1", "2011/12 Q2"
HEADING = "Indicators of the Safety theme"


@pytest.fixture
def priority(partnership):
    strategy = StrategyFactory(partnership=partnership)
    theme = ThemeFactory(strategy=strategy, name="Safety")
    return PriorityFactory(strategy=strategy, theme=theme, wording="Everyone is safe")


def indicator(partnership, council, code, *, theme="safety", public=True, figures=(50, 60)):
    """An indicator (higher is better, target 55) with Q1 and Q2 figures."""
    made = IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        code=code,
        name=f"{code} burglaries",
        theme=theme,
        is_public=public,
    )
    for period, actual in zip((Q1, Q2), figures, strict=True):
        IndicatorValueFactory(
            indicator=made, period=period, actual=Decimal(actual), target=Decimal(55)
        )
    return made


def approve(partnership, council, period):
    Submission.objects.update_or_create(
        partnership=partnership,
        organisation=council,
        period=period,
        defaults={"state": SubmissionState.APPROVED},
    )


def page(client, priority) -> str:
    response = client.get(priority.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_themes_indicators_are_listed_with_status_and_direction(
    client, partnership, council, priority, board_member
):
    indicator(partnership, council, "L 25")
    indicator(partnership, council, "L 30", theme="Health")
    client.force_login(board_member)
    shown = page(client, priority)
    assert HEADING in shown
    assert "performance report for Quarter 2 2011/12</a>" in shown
    assert "/performance/report/2011-12-q2/#theme-safety" in shown
    assert "L 25 L 25 burglaries</a>" in shown
    assert "Performance on/above target" in shown
    assert "Performance improving" in shown
    # Another theme's indicator is not listed.
    assert "L 30 burglaries" not in shown


def test_the_public_sees_public_indicators_and_approved_figures_only(
    client, partnership, council, priority, board_member
):
    indicator(partnership, council, "L 25")
    indicator(partnership, council, "L 99", public=False)
    # Only the first quarter approved: the public's report is that quarter's.
    approve(partnership, council, Q1)
    shown = page(client, priority)
    assert "performance report for Quarter 1 2011/12</a>" in shown
    assert "L 25 burglaries" in shown
    assert "L 99" not in shown
    approve(partnership, council, Q2)
    shown = page(client, priority)
    assert "performance report for Quarter 2 2011/12</a>" in shown
    assert "L 99" not in shown
    client.force_login(board_member)
    assert "L 99 L 99 burglaries</a>" in page(client, priority)


def test_no_section_without_a_theme_or_without_its_indicators(
    client, partnership, council, priority
):
    indicator(partnership, council, "L 30", theme="Health")
    approve(partnership, council, Q2)
    assert HEADING not in page(client, priority)
    priority.theme = None
    priority.save()
    assert "Indicators of the" not in page(client, priority)


def test_the_page_makes_the_same_number_of_queries_for_2_or_20_indicators(
    client, partnership, council, priority, board_member
):
    client.force_login(board_member)

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            assert page(client, priority).count("burglaries</a>") == count
        return len(captured)

    for n in range(2):
        indicator(partnership, council, f"L {n}")
    two = queries(2)
    for n in range(2, 20):
        indicator(partnership, council, f"L {n}")
    assert queries(20) == two
