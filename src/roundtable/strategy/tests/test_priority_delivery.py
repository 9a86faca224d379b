"""A priority's page lists what serves it (the golden thread): the projects,
commitments, recommendations, consultations and agenda items naming it, each read
through its own `visible_to`, so the public never learns of an unpublished one, a
hidden response, a restricted item or an item of an unpublished agenda."""

from __future__ import annotations

import pytest

from roundtable.core.testing import clear_cache
from roundtable.engagement.choices import ConsultationStatus
from roundtable.engagement.tests.factories import ConsultationFactory
from roundtable.meetings.choices import AgendaStatus
from roundtable.meetings.models import AgendaLink
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory
from roundtable.projects.choices_commitments import CommitmentStatus
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.projects.tests.factories_commitments import CommitmentFactory
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving(partnership, priority):
    """One shown and one hidden record of each kind, all naming the priority."""
    made = {
        "project": ProjectFactory(partnership=partnership, title="Reassurance patrols"),
        "project_hidden": ProjectFactory(
            partnership=partnership, title="Secret project", is_published=False
        ),
        "commitment": CommitmentFactory(partnership=partnership, title="Public pledge"),
        "commitment_draft": CommitmentFactory(
            partnership=partnership, title="Draft pledge", status=CommitmentStatus.DRAFT
        ),
        "consultation": ConsultationFactory(partnership=partnership, title="Safety survey"),
        "consultation_planned": ConsultationFactory(
            partnership=partnership, title="Planned survey", status=ConsultationStatus.PLANNED
        ),
    }
    review = ReviewFactory(partnership=partnership, title="Scrutiny review")
    made["rec"] = RecommendationFactory(review=review, text="Light the alleys.")
    made["rec_draft"] = RecommendationFactory(
        review=review,
        text="Patrol the parks.",
        response="reject",
        response_state="draft",
        status="off_track",
    )
    made["rec_unpublished_review"] = RecommendationFactory(
        review=ReviewFactory(partnership=partnership, title="Draft review", is_published=False),
        text="Close the underpass.",
    )
    for record in made.values():
        record.priorities.add(priority)
    return made


def page(client, priority) -> str:
    response = client.get(priority.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_sees_what_is_published_and_nothing_else(client, priority, serving):
    html = page(client, priority)
    assert "Delivering this priority" in html
    for shown in ("Reassurance patrols", "Public pledge", "Safety survey", "Light the alleys."):
        assert shown in html
    for hidden in ("Secret project", "Draft pledge", "Planned survey", "Close the underpass."):
        assert hidden not in html
    # A draft response is not given away: the recommendation, not its response or status.
    assert "Patrol the parks." in html
    assert "Response not yet published" in html
    assert "Reject" not in html
    assert "Off track" not in html
    assert "Unpublished" not in html


def test_another_partnerships_administrator_sees_what_the_public_sees(
    client, priority, serving, other_partnership_administrator
):
    client.force_login(other_partnership_administrator)
    html = page(client, priority)
    assert "Reassurance patrols" in html
    for hidden in ("Secret project", "Draft pledge", "Planned survey", "Close the underpass."):
        assert hidden not in html
    assert "Off track" not in html


def test_the_partnerships_own_people_see_everything_linked(client, priority, serving, board_member):
    client.force_login(board_member)
    html = page(client, priority)
    for shown in (
        "Reassurance patrols",
        "Secret project",
        "Public pledge",
        "Draft pledge",
        "Safety survey",
        "Planned survey",
        "Close the underpass.",
        "Reject",
        "Off track",
    ):
        assert shown in html
    assert "Unpublished" in html


def test_a_priority_nothing_names_says_so(client, priority, administrator):
    html = page(client, priority)
    assert (
        "No published project, commitment, recommendation, consultation or agenda item names"
        in html
    )
    assert "Name this priority on a project" not in html
    client.force_login(administrator)
    html = page(client, priority)
    assert "No project, commitment, recommendation, consultation or agenda item names" in html
    assert "Name this priority on a project" in html


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="Safer Ealing Partnership")


def _link(item, priority) -> None:
    AgendaLink.objects.create(item=item, target=priority, label=str(priority))


@pytest.fixture
def discussed(board, priority):
    """An open item of a published agenda, a restricted one beside it and an item of
    a draft agenda, each concerning the priority."""
    published = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    AgendaItemFactory(meeting=published, position=1, title="Apologies")
    items = {
        "open": AgendaItemFactory(meeting=published, position=2, title="Safer streets plan"),
        "restricted": AgendaItemFactory(
            meeting=published,
            position=3,
            title="Informant payments",
            restricted=True,
            restriction_category="financial",
        ),
        "draft": AgendaItemFactory(
            meeting=MeetingFactory(body=board, agenda_status=AgendaStatus.DRAFT),
            position=1,
            title="Patrol rota, draft",
        ),
    }
    for item in items.values():
        _link(item, priority)
    return items


def test_the_agenda_items_that_concern_it_are_listed_as_each_reader_may_see_them(
    client, priority, discussed, administrator
):
    html = page(client, priority)
    assert "Discussed at meetings" in html
    assert "item 2, Safer streets plan" in html  # numbered as its agenda numbers it
    assert f"#item-{discussed['open'].pk}" in html
    assert "Informant payments" not in html
    assert "Patrol rota, draft" not in html
    client.force_login(administrator)  # manages every body
    html = page(client, priority)
    for shown in ("Safer streets plan", "item 3, Informant payments", "Patrol rota, draft"):
        assert shown in html


def test_another_priority_is_not_served_by_these(client, priority, serving, strategy):
    other = type(priority).objects.create(
        strategy=strategy, partnership=priority.partnership, ref="X1", wording="Other"
    )
    html = page(client, other)
    assert "Reassurance patrols" not in html
    assert "Light the alleys." not in html


# The partnership (twice: the address and the switcher), the priority, the session
# and user; the recommendations with their lead and supporting units and
# organisations (4), the consultations, projects and commitments (one each); the
# agenda items and their agendas' numbering (2); the performance report's periods
# with figures (3: none here; with figures, the report's own fixed number, pinned by
# `performance/tests/test_priority_section.py`), the indicators linked to the
# priority and to its objectives (2); the revisions, focus areas, objectives and
# merged priorities.
QUERIES = 23


@pytest.mark.parametrize("count", [2, 20])
def test_the_priority_page_takes_the_same_queries_however_many_serve_it(
    client, partnership, board, priority, board_member, count, django_assert_num_queries
):
    review = ReviewFactory(partnership=partnership)
    for _ in range(count):
        ProjectFactory(partnership=partnership).priorities.add(priority)
        CommitmentFactory(partnership=partnership).priorities.add(priority)
        RecommendationFactory(review=review).priorities.add(priority)
        ConsultationFactory(partnership=partnership).priorities.add(priority)
        meeting = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
        _link(AgendaItemFactory(meeting=meeting), priority)
    client.force_login(board_member)
    client.get(priority.get_absolute_url())
    clear_cache()
    with django_assert_num_queries(QUERIES):
        client.get(priority.get_absolute_url())
