"""The site search finds partners' asset strategies by their document, organisation
and key aims, public ones for anyone and the others for the partnership's own
people, and never by their internal note."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.assets.tests.factories_strategies import AssetStrategyFactory
from roundtable.core.testing import under

pytestmark = pytest.mark.django_db


def search(client, partnership, query: str) -> str:
    return client.get(under(partnership, reverse("search")), {"q": query}).content.decode()


@pytest.fixture
def strategies(partnership, council):
    public = AssetStrategyFactory(
        partnership=partnership,
        organisation=council,
        title="Property Strategy (2010)",
        key_aims="Development of 3 satellite service centres in Acton, Southall and Greenford.",
        note="Talks with the police about Acton are confidential.",
    )
    internal = AssetStrategyFactory(
        partnership=partnership,
        organisation=council,
        title="Draft depot review",
        key_aims="Close the Greenford depot.",
        is_public=False,
    )
    return public, internal


def test_anyone_finds_a_public_strategy_by_its_aims_and_is_led_to_it(
    client, partnership, strategies
):
    public, _ = strategies
    page = search(client, partnership, "satellite")
    assert "Partners&#x27; asset strategies" in page
    assert public.get_absolute_url() in page
    assert "Asset strategy of Ealing Council, published 2011-2020" in page


def test_an_internal_strategy_is_found_by_the_partnerships_people_only(
    client, partnership, strategies, board_member, other_partnership_officer
):
    assert "Draft depot review" not in search(client, partnership, "depot")
    client.force_login(other_partnership_officer)
    assert "Draft depot review" not in search(client, partnership, "depot")
    client.force_login(board_member)
    assert "Draft depot review" in search(client, partnership, "depot")


def test_the_internal_note_finds_nothing(client, partnership, strategies, board_member):
    # A hit on a word only the note holds would tell the public what the note says.
    for who in (None, board_member):
        if who:
            client.force_login(who)
        assert "Property Strategy (2010)" not in search(client, partnership, "confidential")
