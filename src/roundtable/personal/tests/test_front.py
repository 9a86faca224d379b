"""A partnership's front page: what is coming up and how things stand, each part as
the visitor may see it, and nothing of another partnership."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.engagement.choices import ConsultationStatus
from roundtable.engagement.tests.factories import ConsultationFactory
from roundtable.lis.tests.factories import DatasetFactory, NeedsPageFactory
from roundtable.meetings.choices import AgendaStatus, MeetingStatus
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory
from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import Submission
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2012, 1, 10, 12, 0))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def when(days: int) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


def section(html: str, anchor: str) -> str:
    """The text of the front page's section headed `#anchor`, tags stripped."""
    found = re.search(rf'aria-labelledby="{anchor}">(.*?)</section>', html, re.S)
    assert found, anchor
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def front(client, partnership, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(under(partnership, "/"))
    assert response.status_code == 200
    return response.text


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive Board")


@pytest.fixture
def meetings(board):
    """To come: one on 16 January. Held: one with its agenda published, one with
    nothing to read (a draft agenda), one cancelled."""
    return {
        "next": MeetingFactory(body=board, start=when(6), title="New year"),
        "papers": MeetingFactory(
            body=board, start=when(-80), title="Autumn", agenda_status=AgendaStatus.PUBLISHED
        ),
        "nothing": MeetingFactory(body=board, start=when(-40), title="Unwritten"),
        "off": MeetingFactory(
            body=board, start=when(-20), title="Called off", status=MeetingStatus.CANCELLED
        ),
    }


def approve(organisation, quarter: str) -> None:
    Submission.objects.create(
        organisation=organisation,
        partnership=organisation.partnership,
        period=quarter,
        state=SubmissionState.APPROVED,
    )


@pytest.fixture
def figures(partnership, council):
    """Q1 2011/12 approved: NI 123 below target, NI 124 on target; Q2 figures with
    no target not yet approved; NI 900 is internal (not public)."""
    for code, q1 in (("NI 123", 481), ("NI 124", 600)):
        indicator = IndicatorFactory(partnership=partnership, lead_agency=council, code=code)
        IndicatorValueFactory(
            indicator=indicator, period="2011/12 Q1", actual=Decimal(q1), target=Decimal(500)
        )
        IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=Decimal(421))
    internal = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 900", is_public=False
    )
    IndicatorValueFactory(indicator=internal, period="2011/12 Q2", actual=Decimal(1))
    approve(council, "2011/12 Q1")


def test_meetings_to_come_and_the_latest_with_something_to_read(client, partnership, meetings):
    html = front(client, partnership)
    shown = section(html, "front-meetings")
    assert "Coming up LSP Executive Board: New year Monday 16 January 2012" in shown
    assert "Latest papers and minutes LSP Executive Board: Autumn" in shown
    assert "Unwritten" not in shown
    assert "Called off" not in shown
    assert f'href="{meetings["next"].get_absolute_url()}"' in html


def test_with_no_meetings_the_page_says_so(client, partnership):
    shown = section(front(client, partnership), "front-meetings")
    assert "Coming up No meetings are scheduled." in shown
    assert "Latest papers" not in shown


def test_the_public_sees_the_public_reports_counts(client, partnership, figures):
    shown = section(front(client, partnership), "front-performance")
    assert "Quarter 1 2011/12 report: 2 indicators" in shown
    assert "1 indicator Performance on/above target" in shown
    assert "1 indicator Performance below target" in shown
    assert "NI 900" not in shown


def test_the_partnerships_own_people_see_the_report_they_would_open(
    client, partnership, board_member, figures
):
    """The latest quarter with any figures, internal indicators included: Q2, with no
    targets, so every indicator is not assessed."""
    shown = section(front(client, partnership, board_member), "front-performance")
    assert "Quarter 2 2011/12 report: 3 indicators" in shown
    assert "3 indicators Data not available or Performance not Assessed" in shown


def test_status_counts_link_to_the_report_filtered(client, partnership, figures):
    html = front(client, partnership)
    report = under(partnership, "/performance/report/2011-12-q1/")
    assert f'href="{report}?status=red#report-results"' in html
    assert f'href="{report}?status=green#report-results"' in html
    assert "?status=amber" not in html
    # the statuses are coloured tags, as on the report (they were bare bold words)
    assert 'href="/static/performance/rag.css"' in html


def test_with_no_figures_the_page_says_so(client, partnership):
    shown = section(front(client, partnership), "front-performance")
    assert "No performance figures have been published yet." in shown


def test_recommendations_counted_as_the_visitor_sees_them(client, partnership, other_partnership):
    review = ReviewFactory(partnership=partnership)
    RecommendationFactory.create_batch(2, review=review, status="complete")
    RecommendationFactory(review=review, status="in_progress")
    RecommendationFactory(review=ReviewFactory(partnership=partnership, is_published=False))
    RecommendationFactory(review=ReviewFactory(partnership=other_partnership))
    shown = section(front(client, partnership), "front-recommendations")
    assert "3 recommendations from reviews" in shown
    assert "1 in progress" in shown
    assert "2 complete" in shown


def test_open_consultations_soonest_closing_first_and_planned_ones_kept_in(
    client, partnership, board_member, other_partnership
):
    dates = {"opens": datetime.date(2012, 1, 2)}
    ConsultationFactory(
        partnership=partnership, title="Late", closes=datetime.date(2012, 3, 1), **dates
    )
    ConsultationFactory(
        partnership=partnership, title="Soon", closes=datetime.date(2012, 2, 1), **dates
    )
    ConsultationFactory(
        partnership=partnership,
        title="Planned",
        opens=datetime.date(2012, 2, 1),
        closes=datetime.date(2012, 4, 1),
        status=ConsultationStatus.PLANNED,
    )
    ConsultationFactory(
        partnership=partnership,
        title="Finished",
        closes=datetime.date(2012, 1, 5),
        status=ConsultationStatus.CLOSED,
        **dates,
    )
    ConsultationFactory(partnership=other_partnership, title="Elsewhere", **dates)
    public = section(front(client, partnership), "front-consultations")
    assert "Soon Open: closes 1 February 2012 Late Open: closes 1 March 2012" in public
    for hidden in ("Planned", "Finished", "Elsewhere"):
        assert hidden not in public
    own = section(front(client, partnership, board_member), "front-consultations")
    assert "Planned Planned: 1 February 2012 to 1 April 2012" in own


def test_data_counted_as_the_visitor_sees_it(client, partnership, board_member, other_partnership):
    DatasetFactory.create_batch(2, partnership=partnership)
    DatasetFactory(partnership=partnership, published=False, holder="Ealing Council")
    DatasetFactory(partnership=other_partnership)
    NeedsPageFactory(partnership=partnership, status="published")
    NeedsPageFactory(partnership=partnership)  # a draft
    public = section(front(client, partnership), "front-data")
    assert "2 datasets of local statistics published by the partners." in public
    assert "Needs assessment : 1 page by theme" in public
    own = section(front(client, partnership, board_member), "front-data")
    assert "2 datasets of local statistics published by the partners, and 1 held" in own


def test_the_setup_checklist_and_my_roundtable_are_for_those_they_serve(
    client, partnership, administrator
):
    assert "My Roundtable" not in section_free(front(client, partnership))
    html = front(client, partnership, administrator)
    assert "You have completed" in html
    assert 'recommendations to update are on <a class="govuk-link" href="/ealing/my/">' in html


def section_free(html: str) -> str:
    """The page's main content, without the header's links."""
    return html.split('id="main-content"', 1)[1]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_front_page_queries_do_not_grow_with_rows(
    client, partnership, council, board, django_assert_num_queries, rows
):
    review = ReviewFactory(partnership=partnership)
    for n in range(rows):
        MeetingFactory(body=board, start=when(n + 1))
        MeetingFactory(body=board, start=when(-n - 1), agenda_status=AgendaStatus.PUBLISHED)
        indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
        IndicatorValueFactory(indicator=indicator, period="2011/12 Q1", actual=Decimal(n))
        RecommendationFactory(review=review)
        ConsultationFactory(partnership=partnership, opens=datetime.date(2012, 1, 2))
        DatasetFactory(partnership=partnership)
        ProjectFactory(partnership=partnership, lead_organisation=council)
    approve(council, "2011/12 Q1")
    # partnership from the address; meetings coming up and held (2); the report's
    # quarters (approved returns, figures: 2) and its counts by status (settings,
    # indicators, approved returns, figures: 4; not the whole report's commentary,
    # data issues and commitments); recommendations; consultations counted and
    # listed (2); datasets; needs pages; organisations, bodies, people and projects
    # counted (4); the partnerships list
    with django_assert_num_queries(19):
        front(client, partnership)


def test_every_part_links_to_the_page_it_sums_up(client, partnership, figures):
    html = front(client, partnership)
    for href, text in (
        ("/performance/report/2011-12-q1/", "Read the Quarter 1 2011/12 performance report"),
        ("/meetings/", "All meetings"),
        ("/recommendations/", "Recommendations tracker"),
        ("/engagement/consultations/?show=past", "Closed consultations and their results"),
        ("/lis/", "Data catalogue"),
        ("/projects/", "Projects"),
        ("/assets/", "Buildings and sites"),
        ("/assets/map/", "map"),
    ):
        assert f'href="{under(partnership, href)}">{text}</a>' in html
