"""The site search finds data issues and the responsible officers' commentary, each
only where its indicator and figures may be seen, and leads to where it is shown:
the data issues log's row, the indicator page's commentary for the period."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.performance.choices import IssueKind, IssueStatus, Lifecycle, SubmissionState
from roundtable.performance.models import Commentary, DataIssue, Submission
from roundtable.performance.queries import commentary_anchor
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

Q2 = "2011/12 Q2"


@pytest.fixture
def public_indicator(partnership, council):
    return IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        code="NI 16",
        name="Serious acquisitive crime rate",
        theme="Safety",
        is_public=True,
    )


@pytest.fixture
def hidden_indicator(partnership, council):
    return IndicatorFactory(
        partnership=partnership, lead_agency=council, code="ZQ 9", name="Hidden", is_public=False
    )


def search(client, partnership, query) -> str:
    response = client.get(under(partnership, reverse("search")), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def issue(indicator, text, **fields):
    return DataIssue.objects.create(
        partnership=indicator.partnership,
        indicator=indicator,
        issue=text,
        kind=IssueKind.SOURCE_STOPPED,
        raised_on=datetime.date(2012, 1, 16),
        **fields,
    )


def commentary(indicator, **parts):
    return Commentary.objects.create(
        indicator=indicator,
        period=Q2,
        partnership=indicator.partnership,
        organisation=indicator.lead_agency,
        **parts,
    )


def test_a_data_issue_is_found_by_its_words_and_leads_to_its_row_of_the_log(
    client, partnership, public_indicator
):
    found = issue(
        public_indicator,
        "Changes to the Metropolitan Police performance reporting framework",
        board_decision="Report the replacement measures instead",
        status=IssueStatus.DECIDED,
    )
    page = search(client, partnership, "police framework")
    assert "Data issues" in page
    assert "NI 16: Changes to the Metropolitan Police performance reporting framework" in page
    log = under(partnership, reverse("performance_entry:data-issues"))
    assert f'href="{log}#issue-{found.pk}"' in page
    assert "Data issue (decided)" in page
    # The board's decision is searched too, and the log has the row the link names.
    assert "NI 16: Changes" in search(client, partnership, "replacement measures")
    assert f'id="issue-{found.pk}"' in client.get(log).content.decode()


def test_an_issue_of_an_indicator_not_marked_public_is_found_by_the_partnerships_people_only(
    client, partnership, hidden_indicator, board_member, other_partnership_officer
):
    issue(hidden_indicator, "Quokka counts stopped")
    assert "Quokka counts stopped" not in search(client, partnership, "quokka")
    client.force_login(other_partnership_officer)
    assert "Quokka counts stopped" not in search(client, partnership, "quokka")
    client.force_login(board_member)
    assert "ZQ 9: Quokka counts stopped" in search(client, partnership, "quokka")


def test_commentary_is_found_by_the_public_once_the_figures_are_approved(
    client, partnership, council, public_indicator, board_member
):
    commentary(public_indicator, challenges="Jewellers targeted in Southall")
    submission = Submission.objects.create(
        partnership=partnership, organisation=council, period=Q2, state=SubmissionState.SUBMITTED
    )
    title = "NI 16 Serious acquisitive crime rate: commentary for Quarter 2 2011/12"
    assert title not in search(client, partnership, "jewellers")
    client.force_login(board_member)
    page = search(client, partnership, "jewellers")
    assert title in page
    anchor = commentary_anchor(Q2)
    assert f'href="{public_indicator.get_absolute_url()}#{anchor}"' in page
    client.logout()
    submission.state = SubmissionState.APPROVED
    submission.save()
    assert title in search(client, partnership, "jewellers")


def test_the_indicator_page_shows_the_commentary_the_reader_may_see(
    client, partnership, council, public_indicator, board_member
):
    commentary(
        public_indicator,
        progress="Burglary down a tenth",
        key_events="Jewellers forum set up",
        mitigations="",
    )
    url = public_indicator.get_absolute_url()
    # Not approved: the public sees no commentary, the partnership's people do.
    public = client.get(url)
    assert public.status_code == 200
    assert "Burglary down a tenth" not in public.content.decode()
    client.force_login(board_member)
    page = client.get(url).content.decode()
    assert f'id="{commentary_anchor(Q2)}">Quarter 2 2011/12</h3>' in page
    assert '<dt class="govuk-summary-list__key">Progress</dt>' in page
    assert "Burglary down a tenth" in page
    assert '<dt class="govuk-summary-list__key">Key events</dt>' in page
    assert "Jewellers forum set up" in page
    # An empty part is left out, not shown as a blank row.
    assert "Mitigating actions" not in page


def test_the_indicator_page_names_no_replacement_the_reader_may_not_see(
    client, partnership, public_indicator, hidden_indicator, board_member
):
    public_indicator.lifecycle = Lifecycle.RETIRED
    public_indicator.save()
    public_indicator.replaced_by.add(hidden_indicator)
    url = public_indicator.get_absolute_url()
    public = client.get(url)
    assert public.status_code == 200
    assert "ZQ 9" not in public.content.decode()
    client.force_login(board_member)
    assert (
        f'href="{hidden_indicator.get_absolute_url()}">ZQ 9</a>' in client.get(url).content.decode()
    )


def test_commentary_anchor_is_the_period_in_lower_case_words():
    assert commentary_anchor("2011/12 Q2") == "commentary-2011-12-q2"
    assert commentary_anchor("July 2011") == "commentary-july-2011"


@pytest.mark.parametrize("kind", ["issues", "commentary"])
def test_the_number_of_queries_does_not_grow_with_the_hits(client, partnership, council, kind):
    def plant(count):
        for _ in range(count):
            indicator = IndicatorFactory(
                partnership=partnership, lead_agency=council, is_public=True
            )
            if kind == "issues":
                issue(indicator, "Many wombats")
            else:
                commentary(indicator, progress="Many wombats")
                Submission.objects.get_or_create(
                    partnership=partnership,
                    organisation=council,
                    period=Q2,
                    state=SubmissionState.APPROVED,
                )

    shown = "Many wombats" if kind == "issues" else "commentary for Quarter 2 2011/12"

    def queries(hits):
        with CaptureQueriesContext(connection) as captured:
            assert search(client, partnership, "wombats").count(shown) == hits
        return len(captured)

    plant(2)
    two = queries(2)
    plant(18)
    assert queries(20) == two
