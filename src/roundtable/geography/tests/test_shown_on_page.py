"""Which areas' records a place's page lists (`queries.shown_on_page_of`): the place,
every area inside it at any depth, and the custom areas that include one of those;
never an area it lies in."""

from __future__ import annotations

import pytest

from roundtable.geography.choices import AreaType
from roundtable.geography.queries import shown_on_page_of
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    region = AreaFactory(code="E12000007", name="London", area_type=AreaType.REGION)
    borough = LocalAuthorityFactory(code="E09000033", name="Westminster", parent=region)
    church_street = AreaFactory(code="E05013794", name="Church Street", parent=borough)
    pimlico = AreaFactory(code="E05013805", name="Pimlico South", parent=borough)
    msoa = AreaFactory(code="E02000960", name="Westminster 001", area_type="msoa", parent=borough)
    lsoa = AreaFactory(code="E01004734", name="Westminster 001A", area_type="lsoa", parent=msoa)
    reassurance = CustomAreaFactory(code="westminster-reassurance-wards", name="Reassurance")
    reassurance.components.set([church_street])
    elsewhere = LocalAuthorityFactory(code="E09000009", name="Ealing", parent=region)
    southall = CustomAreaFactory(code="ealing-southall", name="Southall")
    southall.components.set([AreaFactory(code="E05013537", parent=elsewhere)])
    return {
        "region": region,
        "borough": borough,
        "church_street": church_street,
        "pimlico": pimlico,
        "msoa": msoa,
        "lsoa": lsoa,
        "reassurance": reassurance,
        "elsewhere": elsewhere,
        "southall": southall,
    }


def shown(places, key):
    ids = set(shown_on_page_of(places[key]).values_list("pk", flat=True))
    return {name for name, area in places.items() if area.pk in ids}


def test_a_borough_shows_itself_everything_inside_it_and_the_groups_of_its_places(places):
    assert shown(places, "borough") == {
        "borough",
        "church_street",
        "pimlico",
        "msoa",
        "lsoa",  # two levels down
        "reassurance",  # a custom area made of one of its wards
    }


def test_a_ward_shows_itself_and_the_groups_that_include_it_never_its_borough(places):
    assert shown(places, "church_street") == {"church_street", "reassurance"}
    assert shown(places, "pimlico") == {"pimlico"}


def test_a_custom_area_shows_itself_and_its_components(places):
    assert shown(places, "reassurance") == {"reassurance", "church_street"}


def test_a_region_shows_every_level_below_it(places):
    assert shown(places, "region") == set(places) - {"region"} | {"region"}
