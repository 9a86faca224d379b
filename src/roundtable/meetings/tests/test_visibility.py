"""Who sees which agenda items, papers, minutes and actions (the `visible_to` methods)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.meetings.choices import AgendaStatus, MinutesStatus
from roundtable.meetings.models import Action, AgendaItem, Paper, Resolution
from roundtable.meetings.queries import agenda_for, matters_arising
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    open_item = AgendaItemFactory(meeting=meeting, title="Community Budgets", position=1)
    secret = AgendaItemFactory(
        meeting=meeting,
        title="Sale of the depot site",
        position=2,
        restricted=True,
        restriction_category="financial",
    )
    AgendaItemFactory(meeting=meeting, title="AOB", position=3)
    for item in (open_item, secret):
        Paper.objects.create(
            partnership=board.partnership, item=item, body=board, title=f"{item.title} paper"
        )
    Paper.objects.create(
        partnership=board.partnership,
        item=open_item,
        body=board,
        title="Valuation appendix",
        restricted=True,
        restriction_category="financial",
    )
    return meeting


def titles(qs):
    return sorted(qs.values_list("title", flat=True))


def publish(meeting):
    meeting.agenda_status = AgendaStatus.PUBLISHED
    meeting.save()


def test_a_draft_agenda_is_seen_only_by_its_managers(meeting, secretary, administrator, member):
    assert titles(AgendaItem.objects.visible_to(ANONYMOUS)) == []
    assert titles(AgendaItem.objects.visible_to(member)) == []
    assert len(titles(AgendaItem.objects.visible_to(secretary))) == 3
    assert len(titles(AgendaItem.objects.visible_to(administrator))) == 3


def test_the_public_never_sees_restricted_items_or_papers(meeting, outsider, board_member):
    publish(meeting)
    for user in (ANONYMOUS, outsider, board_member):
        assert titles(AgendaItem.objects.visible_to(user)) == ["AOB", "Community Budgets"]
        assert titles(Paper.objects.visible_to(user)) == ["Community Budgets paper"]


def test_members_see_restricted_items_and_papers(meeting, member):
    publish(meeting)
    assert "Sale of the depot site" in titles(AgendaItem.objects.visible_to(member))
    assert titles(Paper.objects.visible_to(member)) == [
        "Community Budgets paper",
        "Sale of the depot site paper",
        "Valuation appendix",
    ]


def test_another_partnerships_administrator_sees_only_the_public_agenda(
    meeting, other_partnership_officer
):
    publish(meeting)
    visible = titles(AgendaItem.objects.visible_to(other_partnership_officer))
    assert visible == ["AOB", "Community Budgets"]


def test_the_agenda_keeps_its_numbers_with_a_gap_for_the_public(meeting, member):
    publish(meeting)
    public = [(e.number, e.item.title, len(e.papers)) for e in agenda_for(meeting, ANONYMOUS)]
    assert public == [("1", "Community Budgets", 1), ("3", "AOB", 0)]
    full = [(e.number, e.item.title, len(e.papers)) for e in agenda_for(meeting, member)]
    assert full == [
        ("1", "Community Budgets", 2),
        ("2", "Sale of the depot site", 1),
        ("3", "AOB", 0),
    ]


def test_the_agenda_takes_the_same_queries_whatever_its_size(
    board, member, django_assert_num_queries
):
    for size in (2, 20):
        meeting = MeetingFactory(body=board, partnership=board.partnership)
        for n in range(size):
            AgendaItemFactory(meeting=meeting, position=n + 1)
        publish(meeting)
        # numbers, items (memberships as a subquery), papers, lead people, lead
        # organisations; paper versions are a sixth only when there are papers.
        with django_assert_num_queries(5):
            entries = agenda_for(meeting, member)
        assert len(entries) == size


def _minuted(meeting, status):
    for item in meeting.items.all():
        Resolution.objects.create(
            partnership=meeting.partnership, item=item, position=1, text=f"Noted {item.title}"
        )
    meeting.minutes_status = status
    meeting.save()


@pytest.mark.parametrize(
    ("status", "public", "members"),
    [
        (MinutesStatus.DRAFT, 0, 0),
        (MinutesStatus.CIRCULATED, 0, 3),
        (MinutesStatus.APPROVED, 2, 3),
    ],
)
def test_minutes_open_up_as_they_are_circulated_and_approved(
    meeting, member, secretary, status, public, members
):
    _minuted(meeting, status)
    assert Resolution.objects.visible_to(ANONYMOUS).count() == public
    assert AgendaItem.objects.minutes_visible_to(ANONYMOUS).count() == public
    assert Resolution.objects.visible_to(member).count() == members
    assert Resolution.objects.visible_to(secretary).count() == 3


def test_actions_are_public_once_their_minutes_are_approved_and_never_if_restricted(
    meeting, member, police, board_member
):
    ActionFactory(meeting=meeting, description="Open action")
    ActionFactory(meeting=meeting, description="Restricted action", restricted=True)
    ActionFactory(
        meeting=meeting, description="Police action", owner_organisation=police, restricted=False
    )
    assert Action.objects.visible_to(ANONYMOUS).count() == 0
    assert Action.objects.visible_to(member).count() == 3
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save()
    assert sorted(Action.objects.visible_to(ANONYMOUS).values_list("description", flat=True)) == [
        "Open action",
        "Police action",
    ]
    assert Action.objects.visible_to(board_member).count() == 2


def test_an_owner_sees_their_own_actions_before_the_minutes_are_approved(meeting, officer, council):
    ActionFactory(meeting=meeting, description="Council action", owner_organisation=council)
    ActionFactory(meeting=meeting, description="Someone else's")
    assert list(Action.objects.visible_to(officer).values_list("description", flat=True)) == [
        "Council action"
    ]


def test_open_actions_are_carried_forward_as_matters_arising(board, member):
    earlier = MeetingFactory(body=board, partnership=board.partnership)
    later = MeetingFactory(body=board, partnership=board.partnership)
    ActionFactory(meeting=earlier, description="Circulate the prospectus")
    ActionFactory(meeting=earlier, description="Done already", status="done")
    ActionFactory(meeting=later, description="Raised at this meeting")
    arising = matters_arising(later, member)
    assert [a.description for a in arising] == ["Circulate the prospectus"]
