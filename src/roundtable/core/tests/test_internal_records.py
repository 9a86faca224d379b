"""Records internal to a partnership: its own signed-in people see them, nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from roundtable.core.permissions import Action, can
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(partnership):
    return IndicatorFactory(partnership=partnership, code="Local 99", is_public=False)


def test_the_partnerships_people_see_internal_records(internal, board_member, officer):
    assert can(board_member, Action.VIEW, internal)
    assert can(officer, Action.VIEW, internal)


def test_nobody_else_sees_them(internal, other_partnership_officer):
    assert not can(AnonymousUser(), Action.VIEW, internal)
    assert not can(other_partnership_officer, Action.VIEW, internal)


def test_seeing_is_not_changing(internal, board_member):
    assert not can(board_member, Action.CHANGE, internal)


def test_a_board_member_opens_an_internal_indicators_page(client, internal, board_member):
    client.force_login(board_member)
    response = client.get(reverse("performance:indicator-detail", args=[internal.pk]))
    assert response.status_code == 200


def test_another_partnership_gets_no_hint_of_it(client, internal, other_partnership_officer):
    client.force_login(other_partnership_officer)
    response = client.get(reverse("performance:indicator-detail", args=[internal.pk]))
    assert response.status_code == 404
