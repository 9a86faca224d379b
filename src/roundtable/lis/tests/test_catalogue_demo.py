"""The demo's catalogue entries held by a partner: Ealing's, from its board pack."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis.catalogue_demo import load_demo_catalogue
from roundtable.lis.models import Dataset
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ealing(partnership, council):
    for name, partner in (("Experian", False), ("Blue Sky", False), ("NHS Ealing", True)):
        OrganisationFactory(partnership=partnership, name=name, is_partner=partner)
    return partnership


def test_ealing_catalogues_three_held_datasets_from_its_board_pack(ealing):
    assert load_demo_catalogue(ealing) == [
        "catalogue entry “Households likely to be at risk of poverty (Experian)” created",
        "catalogue entry “People Blue Sky works with (ex-offenders)” created",
        "catalogue entry “Joint Strategic Needs Assessment (being updated)” created",
    ]
    held = {d.slug: d for d in Dataset.objects.select_related("publisher")}
    assert {(d.holder, d.publisher.name, d.published) for d in held.values()} == {
        ("Experian", "Experian", False),
        ("Blue Sky", "Blue Sky", False),
        ("NHS Ealing with Ealing Council", "NHS Ealing", False),
    }
    experian = held["ealing-experian-households-in-need"]
    assert experian.description.startswith("Illustrative catalogue entry:")
    assert "board pack of 16 January 2012" in experian.description
    assert "cost c. £12k" in experian.description
    assert all(d.how_to_ask.startswith("Illustrative") for d in held.values())


def test_loading_the_demo_catalogue_twice_writes_nothing_the_second_time(ealing):
    load_demo_catalogue(ealing)
    entries = Dataset.history.count()
    assert load_demo_catalogue(ealing) == []
    assert Dataset.history.count() == entries


def test_the_held_entries_are_not_shown_to_the_public(client, ealing):
    load_demo_catalogue(ealing)
    page = client.get(under(ealing, reverse("lis:catalogue"))).content.decode()
    assert "Experian" not in page
    assert "No datasets are published here yet." in page


def test_other_demo_places_catalogue_none(other_partnership):
    assert load_demo_catalogue(other_partnership) == []
