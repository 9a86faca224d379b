"""A board with a chair, a member, a secretary and an outsider, for the meetings tests."""

from __future__ import annotations

import pytest

from roundtable.accounts.choices import Role
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
