"""Which agencies' returns a viewer may open from the returns dashboard."""

from __future__ import annotations

import pytest

from roundtable.performance.permissions import openable_returns

pytestmark = pytest.mark.django_db


def test_an_editor_opens_only_their_own_agencys_return(officer, council, police, partnership):
    assert openable_returns(officer, partnership.pk, [council, police]) == {council.pk}


def test_administrators_who_sign_off_open_every_return(administrator, council, police, partnership):
    assert openable_returns(administrator, partnership.pk, [council, police]) == {
        council.pk,
        police.pk,
    }


def test_a_board_member_opens_none(board_member, council, police, partnership):
    assert openable_returns(board_member, partnership.pk, [council, police]) == set()
