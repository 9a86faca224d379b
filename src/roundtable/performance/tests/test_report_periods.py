"""The report page's period: which quarter it opens on, the periods its picker
offers each viewer, and the status filter behind the summary's counts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.core.testing import found_in
from roundtable.partnership.tests.factories import UserFactory
from roundtable.performance import queries
from roundtable.performance.choices import Lifecycle, SubmissionState
from roundtable.performance.models import Submission
from roundtable.performance.periods import parse_period
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

URL = reverse("performance:report")


def approve(organisation, quarter: str) -> None:
    Submission.objects.create(
        organisation=organisation,
        partnership=organisation.partnership,
        period=quarter,
        state=SubmissionState.APPROVED,
    )


@pytest.fixture
def figures(partnership, council):
    """Two public indicators with Q1 and Q2 2011/12 figures; only Q1 is approved.
    In Q1 NI 123 is below target (red) and NI 124 on target (green)."""
    smoking = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 123")
    jobs = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 124")
    for indicator, q1 in ((smoking, 481), (jobs, 600)):
        IndicatorValueFactory(
            indicator=indicator, period="2011/12 Q1", actual=Decimal(q1), target=Decimal(500)
        )
        IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=Decimal(421))
    approve(council, "2011/12 Q1")
    return smoking, jobs


def heading(page) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1).strip()


def options(page) -> list[tuple[str, str]]:
    """(value, label) of the period picker's options, in order."""
    select = re.search(r'<select[^>]*id="report-period".*?</select>', page.text, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_public_report_opens_on_the_latest_quarter_with_approved_figures(session, figures):
    page = session.get(URL, follow=True)
    assert heading(page) == "Performance report: Quarter 1 2011/12"
    assert "481" in page.text


def test_the_partnerships_own_people_open_on_the_latest_quarter_with_any_figures(
    client, board_member, figures
):
    client.force_login(board_member)
    page = client.get(URL, follow=True)
    assert heading(page) == "Performance report: Quarter 2 2011/12"
    assert options(page) == [
        ("2011/12 Q2", "Quarter 2 2011/12"),
        ("2011/12 Q1", "Quarter 1 2011/12"),
    ]


def test_the_picker_never_offers_the_public_a_quarter_of_unapproved_figures(session, figures):
    assert options(session.get(URL, follow=True)) == [("2011/12 Q1", "Quarter 1 2011/12")]


def test_another_partnerships_people_are_offered_only_the_public_periods(
    client, other_partnership_officer, figures
):
    client.force_login(other_partnership_officer)
    client.get("/", {"partnership": "ealing"})
    page = client.get(URL, follow=True)
    assert heading(page) == "Performance report: Quarter 1 2011/12"
    assert options(page) == [("2011/12 Q1", "Quarter 1 2011/12")]


def test_approved_figures_of_non_public_and_retired_indicators_offer_no_period(
    partnership, council, figures
):
    hidden = IndicatorFactory(partnership=partnership, lead_agency=council, is_public=False)
    retired = IndicatorFactory(
        partnership=partnership, lead_agency=council, lifecycle=Lifecycle.RETIRED
    )
    IndicatorValueFactory(indicator=hidden, period="2011/12 Q3", actual=1)
    IndicatorValueFactory(indicator=retired, period="2011/12 Q4", actual=1)
    approve(council, "2011/12 Q3")
    approve(council, "2011/12 Q4")
    assert queries.report_periods(partnership, AnonymousUser()) == [parse_period("2011/12 Q1")]


def test_a_figure_counts_for_the_quarter_whose_return_collects_it(partnership, council):
    monthly = IndicatorFactory(partnership=partnership, lead_agency=council, frequency="monthly")
    tranche = IndicatorFactory(partnership=partnership, lead_agency=council, frequency="4-monthly")
    annual = IndicatorFactory(partnership=partnership, lead_agency=council, frequency="annual")
    IndicatorValueFactory(indicator=monthly, period="2011-05", actual=1)
    IndicatorValueFactory(indicator=tranche, period="2011/12 T2", actual=1)
    IndicatorValueFactory(indicator=annual, period="2010/11", actual=1)
    IndicatorValueFactory(indicator=annual, period="2012/13", actual=None, target=5)
    superuser = UserFactory(is_superuser=True)
    assert [str(p) for p in queries.report_periods(partnership, superuser)] == [
        "2011/12 Q2",
        "2011/12 Q1",
        "2010/11 Q4",
    ]


def test_a_period_asked_for_without_figures_is_shown_and_selected(session, figures):
    page = session.get(URL, {"period": "2011/12 Q2"}, follow=True)
    assert heading(page) == "Performance report: Quarter 2 2011/12"
    assert options(page) == [
        ("2011/12 Q2", "Quarter 2 2011/12 (no figures)"),
        ("2011/12 Q1", "Quarter 1 2011/12"),
    ]
    assert re.search(r'<option value="2011/12 Q2" selected>', page.text)


def test_the_picker_is_a_labelled_get_form_that_keeps_the_status(session, figures):
    page = session.get(URL, {"status": "red"}, follow=True).text
    form = re.search(r'<form class="rt-period-picker".*?</form>', page, re.S).group(0)
    assert 'method="get"' in form
    assert '<label class="govuk-label govuk-label--s" for="report-period">Period</label>' in form
    assert '<input type="hidden" name="status" value="red">' in form


def test_the_downloads_carry_the_period_on_show(session, figures):
    page = session.get(URL, follow=True).text
    for fmt in ("pdf", "xlsx", "json"):
        assert f"{reverse(f'performance:report-{fmt}')}?period=2011%2F12+Q1" in page
    json_rows = session.get(reverse("performance:report-json")).json()
    assert {row["code"]: row["actual"] for row in json_rows} == {"NI 123": 481, "NI 124": 600}


def test_the_summary_counts_link_to_the_rows_of_their_status(session, figures):
    page = session.get(URL, follow=True).text
    here = "/ealing/performance/report/2011-12-q1/"
    assert f'href="{here}?status=red#report-results"' in page
    assert f'href="{here}?status=green#theme-health"' in page
    # A zero count links nowhere.
    assert "status=amber" not in page


def test_the_status_filter_shows_only_the_rows_of_that_status(session, figures):
    red = session.get(URL, {"status": "red"}, follow=True).text
    assert "NI 123" in red
    assert "NI 124" not in red
    assert "Showing only the 1 of 2 indicators with the status" in red
    show_all = '<a class="govuk-link" href="/ealing/performance/report/2011-12-q1/">'
    assert f"{show_all}show all indicators</a>" in red
    green = session.get(URL, {"status": "green"}, follow=True).text
    assert "NI 124" in green
    assert "NI 123" not in green


def test_a_status_with_no_rows_says_so_and_an_unknown_status_shows_everything(session, figures):
    amber = session.get(URL, {"status": "amber"}, follow=True).text
    assert "Showing only the 0 of 2 indicators" in amber
    assert "NI 123" not in amber
    assert "NI 124" not in amber
    unknown = session.get(URL, {"status": "purple"}, follow=True).text
    assert "Showing only" not in unknown
    assert "NI 123" in unknown
    assert "NI 124" in unknown


def test_a_public_visitor_with_nothing_approved_still_sees_the_indicators(
    session, partnership, council
):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 123")
    IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=Decimal(421))
    page = session.get(URL, follow=True)
    assert heading(page) == "Performance report: Quarter 2 2011/12"
    assert "NI 123" in page.text
    assert not found_in(page.text, "421")


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_report_pages_queries_do_not_grow_with_the_number_of_indicators(
    client, partnership, council, board_member, signed_in
):
    if signed_in:
        client.force_login(board_member)
    client.get("/", {"partnership": partnership.slug})

    def queries_for(count: int) -> int:
        for _ in range(count - partnership.indicators.count()):
            indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
            IndicatorValueFactory(indicator=indicator, period="2011/12 Q1", actual=1)
            IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=2, target=2)
        with CaptureQueriesContext(connection) as context:
            page = client.get("/ealing/performance/report/2011-12-q1/", {"status": "green"})
            assert page.status_code == 200
        return len(context)

    approve(council, "2011/12 Q1")
    assert queries_for(2) == queries_for(20)


ILLUSTRATIVE = "Illustrative figure, not from the source documents"


def test_the_report_counts_a_figure_illustrative_only_up_to_its_period(partnership, council):
    """The demo marks made-up figures by their note; a figure after the report's period
    (not on the page) does not make the page illustrative."""
    smoking = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 123")
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q2", actual=Decimal(421))
    IndicatorValueFactory(
        indicator=smoking, period="2011/12 Q3", actual=Decimal(400), note=ILLUSTRATIVE
    )
    q2 = queries.build_report(partnership, parse_period("2011/12 Q2"))
    q3 = queries.build_report(partnership, parse_period("2011/12 Q3"))
    assert q2.illustrative_codes == []
    assert q3.illustrative_codes == ["NI 123"]


def test_a_partnership_with_no_figures_gets_a_page_saying_so_not_a_404(client, partnership):
    """The home page links to the report from the first day; following the link
    before any figure exists explains why there is no report yet."""
    IndicatorFactory(partnership=partnership)
    page = client.get(URL)
    assert page.status_code == 200
    assert heading(page) == "Performance report"
    assert "no figures have been entered or imported" in page.text
    assert reverse("performance:indicator-list") in page.text


def test_an_unknown_period_is_still_not_found(client, partnership):
    IndicatorFactory(partnership=partnership)
    assert client.get(reverse("performance:report-period", args=["1999-00-q9"])).status_code == 404


def test_the_indicator_list_links_each_reader_to_the_quarter_the_report_opens_on(
    session, client, board_member, figures
):
    """Not to a quarter whose figures the reader may not see ("no figures")."""
    listing = reverse("performance:indicator-list")
    assert "Read the performance report for Quarter 1 2011/12" in session.get(listing).text
    client.force_login(board_member)
    assert "Read the performance report for Quarter 2 2011/12" in client.get(listing).text


def test_the_latest_quarter_counts_a_tranche_in_the_quarter_whose_return_collects_it(
    partnership, council
):
    """Tranche 1 (April to July) is collected by Quarter 1's return, as the Ealing
    pack's reports show it: the latest quarter is Quarter 1, not the quarter July is
    in, so the returns dashboard and an indicator's return open where the figures are."""
    burglary = IndicatorFactory(partnership=partnership, lead_agency=council, frequency="4-monthly")
    IndicatorValueFactory(indicator=burglary, period="2012/13 T1", actual=Decimal(7))
    crime = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=crime, period="2012/13 Q1", actual=Decimal(3))
    assert queries.latest_quarter(partnership) == parse_period("2012/13 Q1")
    # A figure of a later quarter moves it on; a figure with no actual does not.
    IndicatorValueFactory(indicator=crime, period="2012/13 Q3", actual=None)
    assert queries.latest_quarter(partnership) == parse_period("2012/13 Q1")
    IndicatorValueFactory(indicator=crime, period="2012/13 Q2", actual=Decimal(4))
    assert queries.latest_quarter(partnership) == parse_period("2012/13 Q2")


def test_the_latest_quarter_of_a_partnership_with_no_figures_is_none(partnership):
    assert queries.latest_quarter(partnership) is None
