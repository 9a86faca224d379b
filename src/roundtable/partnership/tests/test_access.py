from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.core.permissions import Action, can
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_public_may_view_but_not_change(council):
    anonymous = AnonymousUser()
    assert can(anonymous, Action.VIEW, council)
    assert not can(anonymous, Action.CHANGE, council)
    assert not can(anonymous, Action.VIEW_CONTACT, council)


def test_editor_changes_only_their_own_organisations_records(officer, council, police):
    assert can(officer, Action.CHANGE, council)
    assert can(officer, Action.CHANGE, UnitFactory(organisation=council))
    assert can(officer, Action.CHANGE, PersonFactory(organisation=council))
    assert not can(officer, Action.CHANGE, police)
    assert not can(officer, Action.CHANGE, PersonFactory(organisation=police))


def test_editor_cannot_change_bodies_which_belong_to_the_partnership(officer, partnership):
    assert not can(officer, Action.CHANGE, BodyFactory(partnership=partnership))


def test_administrator_changes_anything_in_their_partnership_only(
    administrator, council, other_partnership
):
    assert can(administrator, Action.DELETE, council)
    assert not can(administrator, Action.CHANGE, BodyFactory(partnership=other_partnership))


def test_inactive_accounts_may_do_nothing_beyond_the_public(administrator, council):
    administrator.is_active = False
    assert not can(administrator, Action.CHANGE, council)


def test_board_member_sees_restricted_papers_of_bodies_they_sit_on(board_member, partnership):
    person = PersonFactory(organisation__partnership=partnership)
    board_member.person = person
    board = BodyFactory(partnership=partnership)
    other = BodyFactory(partnership=partnership)
    MembershipFactory(body=board, person=person)
    assert can(board_member, Action.VIEW_RESTRICTED, board)
    assert not can(board_member, Action.VIEW_RESTRICTED, other)


def test_a_past_seat_gives_no_access_to_restricted_papers(board_member, partnership):
    person = PersonFactory(organisation__partnership=partnership)
    board_member.person = person
    board = BodyFactory(partnership=partnership)
    MembershipFactory(body=board, person=person, end_date=datetime.date(2010, 1, 1))
    assert not can(board_member, Action.VIEW_RESTRICTED, board)
    assert not can(AnonymousUser(), Action.VIEW_RESTRICTED, board)


def test_editor_cannot_write_in_another_partnership_even_for_their_organisation(
    officer, council, other_partnership
):
    from roundtable.partnership.models import Membership

    seat = Membership(
        body=BodyFactory(partnership=other_partnership),
        partnership_id=other_partnership.pk,
        organisation_id=council.pk,
    )
    assert not can(officer, Action.ADD, seat)


def test_who_may_add_a_person(administrator, officer, board_member, partnership, other_partnership):
    from roundtable.partnership.permissions import may_add_person

    assert may_add_person(administrator, partnership)
    assert may_add_person(officer, partnership)
    assert not may_add_person(officer, other_partnership)
    assert not may_add_person(board_member, partnership)
    assert not may_add_person(AnonymousUser(), partnership)
    assert not may_add_person(administrator, None)
