"""A board with a chair, a member, a secretary and an outsider, and a meeting of it
with an open and a restricted item, for the meetings tests."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.meetings import services
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import pdf_with_text
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive", slug="lsp-executive")


def _seated(partnership, board, organisation, role, username, user_role=Role.MEMBER):
    person = PersonFactory(partnership=partnership, organisation=organisation)
    MembershipFactory(
        body=board, partnership=partnership, person=person, organisation=organisation, role=role
    )
    return UserFactory(
        username=username,
        role=user_role,
        partnership=partnership,
        organisation=organisation,
        person=person,
    )


@pytest.fixture
def secretary(partnership, board, council):
    return _seated(partnership, board, council, MembershipRole.SECRETARIAT, "secretary")


@pytest.fixture
def member(partnership, board, police):
    """A member of the board (the police's representative)."""
    return _seated(partnership, board, police, MembershipRole.MEMBER, "boardmember")


@pytest.fixture
def outsider(partnership, council):
    """Signed in to the partnership, but not on the board."""
    person = PersonFactory(partnership=partnership, organisation=council)
    return UserFactory(
        username="outsider",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        person=person,
    )


@pytest.fixture
def meeting(board):
    """A meeting of the board on 16 January 2012 at 5pm."""
    return MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0))
    )


@pytest.fixture
def agenda(meeting):
    """An open item and a restricted item with a restricted paper."""
    AgendaItemFactory(meeting=meeting, position=1, title="Equality Objectives")
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Partners' property information",
        restricted=True,
        restriction_category="financial",
    )
    services.add_paper(
        None,
        secret,
        title="Property schedule",
        upload=SimpleUploadedFile(
            "schedule.pdf", pdf_with_text("Property schedule"), content_type="application/pdf"
        ),
        restricted=True,
        restriction_category="financial",
    )
    return secret
