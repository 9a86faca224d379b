"""The report's counts by status without building the report
(`queries.report_status_counts`, behind the front page's glance at the report): the
same counts as the whole report's rows, for the public and for the partnership's own
people, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.performance.choices import Lifecycle, SubmissionState
from roundtable.performance.models import Submission
from roundtable.performance.periods import parse_period
from roundtable.performance.queries import build_report, report_glance, report_status_counts
from roundtable.performance.rules import Status
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

Q2 = parse_period("2011/12 Q2")


def figures(indicator, **quarters: tuple[int, int | None]) -> None:
    """`figures(i, Q2=(600, 500))`: (actual, target) by quarter of 2011/12."""
    for quarter, (actual, target) in quarters.items():
        IndicatorValueFactory(
            indicator=indicator,
            period=f"2011/12 {quarter}",
            actual=Decimal(actual),
            target=None if target is None else Decimal(target),
        )


@pytest.fixture
def framework(partnership, council, police):
    """Quarter 2 2011/12: the council's return approved, the police's not. Public
    indicators on target, within tolerance, below target and with no figures; one
    judged on its year-end forecast, lower being better; a monthly one with no
    target; an annual one with nothing for the year yet; one the police lead (its
    figures not yet public); one not public, below target, with an illustrative
    figure; and a retired one and one kept out of the report, both on target."""

    def indicator(code: str, **fields):
        fields.setdefault("lead_agency", council)
        return IndicatorFactory(partnership=partnership, code=code, **fields)

    figures(indicator("Green"), Q2=(600, 500))
    figures(indicator("Amber", tolerance=Decimal(10), tolerance_kind="absolute"), Q2=(495, 500))
    figures(indicator("Red"), Q2=(400, 500))
    indicator("Grey")
    yearly = indicator("Lower", polarity="lower", judge_against="year_end")
    figures(yearly, Q1=(100, None), Q2=(100, None))
    IndicatorValueFactory(indicator=yearly, period="2011/12", target=Decimal(500))
    monthly = indicator("Monthly", frequency="monthly")
    for month in ("2011-07", "2011-08", "2011-09"):
        IndicatorValueFactory(indicator=monthly, period=month, actual=Decimal(5))
    annual = indicator("Annual", frequency="annual")
    IndicatorValueFactory(indicator=annual, period="2010/11", actual=Decimal(7))
    figures(indicator("Police", lead_agency=police), Q2=(600, 500))
    hidden = indicator("Hidden", is_public=False)
    IndicatorValueFactory(
        indicator=hidden,
        period="2011/12 Q2",
        actual=Decimal(100),
        target=Decimal(500),
        note="Illustrative figure, not from the source documents",
    )
    figures(indicator("Retired", lifecycle=Lifecycle.RETIRED), Q2=(600, 500))
    figures(indicator("Elsewhere", in_report=False), Q2=(600, 500))
    for organisation, state in ((council, SubmissionState.APPROVED), (police, "submitted")):
        Submission.objects.create(
            partnership=partnership, organisation=organisation, period=str(Q2), state=state
        )


def report_counts(partnership, *, public: bool) -> tuple[dict[Status, int], bool]:
    report = build_report(partnership, Q2, public=public)
    counted = Counter(row.status for row in report.rows)
    return {status: counted[status] for status in Status}, report.is_illustrative


@pytest.mark.parametrize("public", [True, False])
def test_the_counts_are_the_whole_reports_counts(partnership, framework, public):
    found = report_status_counts(partnership, Q2, public=public)
    assert (found.counts, found.illustrative) == report_counts(partnership, public=public)


def test_the_public_counts_only_public_indicators_and_approved_figures(partnership, framework):
    """Not the hidden indicator; no figures yet for the police's indicator, and no
    year-end target for the one judged on it (the year's figures come with the
    fourth quarter's return)."""
    found = report_status_counts(partnership, Q2, public=True)
    assert found.counts == {
        Status.ON_TARGET: 1,  # Green
        Status.WITHIN_TOLERANCE: 1,  # Amber
        Status.BELOW_TARGET: 1,  # Red
        Status.NOT_ASSESSED: 5,  # Grey, Lower, Monthly, Annual, Police
    }
    assert found.illustrative is False


def test_the_partnerships_own_people_count_every_indicator_and_figure(partnership, framework):
    found = report_status_counts(partnership, Q2, public=False)
    assert found.counts == {
        Status.ON_TARGET: 3,  # Green, Lower, Police
        Status.WITHIN_TOLERANCE: 1,  # Amber
        Status.BELOW_TARGET: 2,  # Red, Hidden
        Status.NOT_ASSESSED: 3,  # Grey, Monthly, Annual
    }
    assert found.illustrative is True


def test_the_glance_counts_the_report_each_viewer_would_open(
    partnership, framework, board_member, other_partnership_officer
):
    """The public and another partnership's officer get the public report's counts;
    the partnership's own people, the whole report's."""
    for user, public in (
        (AnonymousUser(), True),
        (other_partnership_officer, True),
        (board_member, False),
    ):
        glance = report_glance(partnership, user)
        assert glance is not None
        assert glance.period == Q2
        assert (glance.counts, glance.illustrative) == report_counts(partnership, public=public)


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize(("public", "queries"), [(True, 4), (False, 3)])
def test_counting_takes_the_same_queries_whatever_the_number_of_indicators(
    partnership, council, django_assert_num_queries, rows, public, queries
):
    for n in range(rows):
        indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
        figures(indicator, Q1=(n, 10), Q2=(n, 10))
    Submission.objects.create(
        partnership=partnership,
        organisation=council,
        period=str(Q2),
        state=SubmissionState.APPROVED,
    )
    # settings, indicators, (with `public`: approved returns), figures
    with django_assert_num_queries(queries):
        found = report_status_counts(partnership, Q2, public=public)
    assert sum(found.counts.values()) == rows
