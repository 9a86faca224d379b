"""The site search finds what each app holds, and only what the reader may see:
the records are planted hidden and shown, and the search is made as the public, a
member of the partnership and a member of another."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.assets.tests.factories import AssetFactory
from roundtable.core.testing import under
from roundtable.engagement.choices import ConsultationStatus
from roundtable.engagement.tests.factories import ConsultationFactory, StakeholderFactory
from roundtable.lis.needs_models import NeedsStatus
from roundtable.lis.tests.factories import DatasetFactory, NeedsPageFactory
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.projects.tests.factories_commitments import CommitmentFactory
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory
from roundtable.strategy.tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db

SHOWN = [
    "Zebra crossing strategy",
    "ZB-1: Zebra crossings near every school",
    "NI 999 Zebra crossings installed",
    "Zebra review",
    "Zebra open data",
    "Zebra needs",
    "Zebra consultation",
    "Zebra project",
    "Zebra equality objective",
    "Zebra library",
]
HIDDEN = [
    "NI 998 Zebra incidents",
    "Zebra hidden review",
    "Zebra unpublished data",
    "Zebra draft needs",
    "Zebra planned consultation",
    "Zebra Trade Body",
    "Zebra hidden project",
    "Zebra draft commitment",
    "Zebra disposal site",
]


@pytest.fixture
def planted(partnership, council):
    strategy = StrategyFactory(partnership=partnership, title="Zebra crossing strategy")
    PriorityFactory(strategy=strategy, ref="ZB-1", wording="Zebra crossings near every school")
    IndicatorFactory(
        partnership=partnership, code="NI 999", name="Zebra crossings installed", is_public=True
    )
    IndicatorFactory(
        partnership=partnership, code="NI 998", name="Zebra incidents", is_public=False
    )
    ReviewFactory(partnership=partnership, title="Zebra review", is_published=True)
    hidden_review = ReviewFactory(
        partnership=partnership, title="Zebra hidden review", is_published=False
    )
    RecommendationFactory(review=hidden_review, text="Paint the zebra crossings")
    DatasetFactory(partnership=partnership, title="Zebra open data", published=True)
    DatasetFactory(partnership=partnership, title="Zebra unpublished data", published=False)
    NeedsPageFactory(partnership=partnership, title="Zebra needs", status=NeedsStatus.PUBLISHED)
    NeedsPageFactory(partnership=partnership, title="Zebra draft needs")
    ConsultationFactory(
        partnership=partnership, lead_organisation=council, title="Zebra consultation"
    )
    ConsultationFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Zebra planned consultation",
        status=ConsultationStatus.PLANNED,
    )
    trade_body = OrganisationFactory(
        partnership=partnership, name="Zebra Trade Body", is_partner=False
    )
    StakeholderFactory(partnership=partnership, organisation=trade_body)
    ProjectFactory(partnership=partnership, lead_organisation=council, title="Zebra project")
    ProjectFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Zebra hidden project",
        is_published=False,
    )
    CommitmentFactory(partnership=partnership, title="Zebra equality objective")
    CommitmentFactory(
        partnership=partnership, title="Zebra draft commitment", status="draft", is_published=False
    )
    AssetFactory(partnership=partnership, owner=council, name="Zebra library")
    AssetFactory(
        partnership=partnership, owner=council, name="Zebra disposal site", is_public=False
    )
    return partnership


def found(client, partnership, query="zebra") -> str:
    response = client.get(under(partnership, reverse("search")), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_finds_what_is_published_in_every_app(client, planted):
    page = found(client, planted)
    for title in SHOWN:
        assert title in page
    for title in HIDDEN:
        assert title not in page
    assert "Paint the zebra" not in page


def test_a_member_finds_the_partnerships_own_records_too(client, planted, board_member):
    client.force_login(board_member)
    page = found(client, planted)
    for title in SHOWN + HIDDEN:
        if title != "Zebra draft needs":
            assert title in page
    assert "Paint the zebra crossings" in page
    # Drafts of the needs assessment are for the people who may edit it.
    assert "Zebra draft needs" not in page


def test_an_editor_finds_the_draft_needs_assessment_pages(client, planted, officer):
    client.force_login(officer)
    assert "Zebra draft needs" in found(client, planted)


def test_another_partnerships_member_finds_only_what_is_published(
    client, planted, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    page = found(client, planted)
    for title in SHOWN:
        assert title in page
    for title in HIDDEN:
        assert title not in page


def test_sections_have_headings_and_a_list_of_kinds(client, planted):
    page = found(client, planted)
    for heading in ["Strategies", "Priorities", "Indicators", "Reviews", "Data"]:
        assert f">{heading}</h2>" in page
    assert 'href="#results-consultations"' in page


def test_nothing_found_says_so(client, planted):
    assert "No results for ‘okapi’" in found(client, planted, "okapi")


def _queries(client, partnership) -> int:
    with CaptureQueriesContext(connection) as queries:
        found(client, partnership, "many")
    return len(queries)


@pytest.mark.parametrize("kind", ["datasets", "consultations"])
def test_the_number_of_queries_does_not_grow_with_the_hits(client, partnership, council, kind):
    def plant(count):
        for _ in range(count):
            if kind == "datasets":
                DatasetFactory(partnership=partnership, title="Many datasets", published=True)
            else:
                ConsultationFactory(
                    partnership=partnership, lead_organisation=council, title="Many consultations"
                )

    plant(2)
    two = _queries(client, partnership)
    plant(18)
    assert _queries(client, partnership) == two


# Where the search looks: the partnership in the address, or every partnership by choice.


@pytest.fixture
def elsewhere(other_partnership):
    """Another partnership's published and hidden records with the same word."""
    IndicatorFactory(
        partnership=other_partnership, code="W 1", name="Zebra rides elsewhere", is_public=True
    )
    IndicatorFactory(
        partnership=other_partnership, code="W 2", name="Zebra secrets elsewhere", is_public=False
    )
    return other_partnership


def test_the_search_looks_in_the_partnership_in_the_address(client, planted, elsewhere):
    page = found(client, planted)
    assert '<h1 class="govuk-heading-l">Search Ealing Local Strategic Partnership</h1>' in page
    assert "for ‘zebra’ in Ealing Local Strategic Partnership</p>" in page
    # The partnership's name once in the title, which base.html adds to every page's
    assert "<title>Search results for ‘zebra’ – Ealing Local Strategic Partnership –" in page
    assert "NI 999 Zebra crossings installed" in page
    assert "Zebra rides elsewhere" not in page
    assert 'id="scope" name="scope" type="radio" value="partnership" checked' in page


def test_the_other_partnership_is_searched_under_its_own_address(client, planted, elsewhere):
    page = found(client, elsewhere)
    assert "Zebra rides elsewhere" in page
    assert "NI 999 Zebra crossings installed" not in page


def test_all_partnerships_are_searched_when_chosen_and_say_whose(client, planted, elsewhere):
    response = client.get(under(planted, reverse("search")), {"q": "zebra", "scope": "all"})
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Search all partnerships</h1>' in page
    assert "for ‘zebra’ in all partnerships</p>" in page
    assert "<title>Search results for ‘zebra’ in all partnerships – Ealing" in page
    assert 'id="scope-all" name="scope" type="radio" value="all" checked' in page
    assert "Zebra rides elsewhere" in page
    assert "NI 999 Zebra crossings installed" in page
    assert "Warwick Partnership" in page  # each hit says whose it is


def test_searching_all_partnerships_still_shows_only_what_the_reader_may_see(
    client, planted, elsewhere, board_member
):
    client.force_login(board_member)  # a member of Ealing, not of Warwick
    response = client.get(under(planted, reverse("search")), {"q": "zebra", "scope": "all"})
    page = response.content.decode()
    assert "Zebra rides elsewhere" in page
    assert "Zebra secrets elsewhere" not in page
    assert "NI 998 Zebra incidents" in page  # their own partnership's internal indicator
    client.logout()
    response = client.get(under(planted, reverse("search")), {"q": "zebra", "scope": "all"})
    page = response.content.decode()
    for title in [*HIDDEN, "Zebra secrets elsewhere"]:
        assert title not in page


# The queries of one search, pinned: every section is one query whatever it finds;
# the meetings' section is one a kind on PostgreSQL and a fixed few on SQLite (each
# kind's matches, then for a kind with some their ranks and rows, and the stems of
# the words, six statements, once for the whole search: once a kind before, 53 and 57
# queries). Counted with 2 and with 20 hits in each of the meetings' kinds but papers
# and in the other sections planted here, as the public and as a member of the board
# (signed in, a few more: the session, the account and what the page asks of them).
# Partners' asset strategies, a section of their own, added one each.
PINNED_QUERIES = {
    ("sqlite", "public"): 38,
    ("sqlite", "member"): 42,
    ("postgresql", "public"): 24,
    ("postgresql", "member"): 28,
}


def _plant_many(partnership, council, board, numbers: range) -> None:
    from roundtable.meetings import services as meetings
    from roundtable.meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(body=board)
    later = MeetingFactory(body=board)
    for n in numbers:
        item = meetings.add_agenda_item(None, meeting, title=f"Many things {n}")
        meetings.save_item_minutes(None, item, f"The board discussed many things, {n}.")
        meetings.add_resolution(None, item, text=f"That many things be done, {n}.")
        meetings.add_action(None, board, item=item, description=f"Do many things, {n}")
        DatasetFactory(partnership=partnership, title=f"Many datasets {n}", published=True)
        IndicatorFactory(partnership=partnership, code=f"M {n}", name="Many", is_public=True)
        ProjectFactory(partnership=partnership, title=f"Many projects {n}", is_published=True)
        ConsultationFactory(
            partnership=partnership, lead_organisation=council, title=f"Many consultations {n}"
        )
    meetings.publish_agenda(None, meeting)
    meetings.circulate_minutes(None, meeting)
    meetings.approve_minutes(None, meeting, approved_at=later)


@pytest.mark.parametrize("who", ["public", "member"])
def test_a_search_makes_a_pinned_number_of_queries_with_2_or_20_hits(
    client, partnership, council, who
):
    from roundtable.meetings import search as meetings_search
    from roundtable.partnership.tests.factories import BodyFactory, MembershipFactory, UserFactory

    meetings_search.rebuild_index()
    board = BodyFactory(partnership=partnership)
    if who == "member":
        seat = MembershipFactory(body=board, person__organisation=council)
        client.force_login(UserFactory(partnership=partnership, person=seat.person))
    _plant_many(partnership, council, board, range(2))
    two = _queries(client, partnership)
    assert found(client, partnership, "many").count("Many things") >= 2
    _plant_many(partnership, council, board, range(2, 20))
    twenty = _queries(client, partnership)
    assert found(client, partnership, "many").count("Many projects") == 20
    assert twenty == two
    assert two == PINNED_QUERIES[connection.vendor, who]
