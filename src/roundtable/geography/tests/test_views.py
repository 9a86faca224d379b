"""Places pages: list, area page, history tab and postcode lookup."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
    PostcodeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    london = AreaFactory(code="E12000007", name="London", area_type=AreaType.REGION, parent=england)
    return LocalAuthorityFactory(code="E09000009", name="Ealing", parent=london, population=338449)


@pytest.fixture
def board_member(django_user_model):
    return django_user_model.objects.create_user(username="board_member", password="pw")


def test_area_list_shows_areas_to_the_public(client, borough):
    AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    response = client.get(reverse("geography:area-list"))
    assert response.status_code == 200
    assert "Southall Broadway" in response.content.decode()
    assert "Ealing" in response.content.decode()


def test_area_list_filters_by_type_and_searches_by_name(client, borough):
    AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    AreaFactory(code="E05013520", name="Ealing Broadway", parent=borough)
    response = client.get(reverse("geography:area-list"), {"type": "ward", "q": "southall"})
    page = response.content.decode()
    assert "Southall Broadway" in page
    assert "Ealing Broadway" not in page
    assert "1 area" in page


def test_area_list_finds_an_area_by_its_code(client, borough):
    AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    response = client.get(reverse("geography:area-list"), {"q": "e05013537"})
    assert "Southall Broadway" in response.content.decode()


def test_area_list_is_paginated(client, borough):
    AreaFactory.create_batch(55, parent=borough)
    response = client.get(reverse("geography:area-list"), {"type": "ward", "page": "2"})
    assert response.status_code == 200
    assert "Page 2 of 2" in response.content.decode()
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [2, 20])
def test_area_list_uses_constant_queries(client, borough, django_assert_num_queries, rows):
    AreaFactory.create_batch(rows, parent=borough)
    # current partnership, count, areas with their parents
    with django_assert_num_queries(3):
        client.get(reverse("geography:area-list"), {"type": "ward"})


def test_area_detail_shows_breadcrumbs_children_and_population(client, borough):
    AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    AreaFactory(code="E02000256", name="Ealing 019", area_type=AreaType.MSOA, parent=borough)
    response = client.get(reverse("geography:area-detail", args=["E09000009"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'govuk-breadcrumbs__link" href="/places/E92000001/">England' in page
    assert "London" in page
    assert "Southall Broadway" in page
    assert "Ealing 019" in page
    assert "338,449" in page


def test_area_detail_offers_the_history_to_whoever_may_open_it(client, borough, board_member):
    history = reverse("geography:area-history", args=["E09000009"])
    assert history not in client.get(reverse("geography:area-detail", args=["E09000009"])).text
    client.force_login(board_member)
    assert history in client.get(reverse("geography:area-detail", args=["E09000009"])).text


@pytest.mark.parametrize("rows", [2, 20])
def test_area_detail_uses_constant_queries(client, borough, django_assert_num_queries, rows):
    AreaFactory.create_batch(rows, parent=borough)
    # current partnership, area with its parent chain, children, custom areas containing
    # it, components
    with django_assert_num_queries(5):
        client.get(reverse("geography:area-detail", args=["E09000009"]))


def test_area_detail_lists_custom_areas_that_include_it(client, borough):
    ward = AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    custom = CustomAreaFactory(code="ealing-southall", name="Southall")
    custom.components.add(ward)
    page = client.get(reverse("geography:area-detail", args=["E05013537"])).content.decode()
    assert "Custom areas that include Southall Broadway" in page
    assert "/places/ealing-southall/" in page


def test_custom_area_page_lists_its_components(client, borough):
    ward = AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    custom = CustomAreaFactory(code="ealing-southall", name="Southall")
    custom.components.add(ward)
    page = client.get(reverse("geography:area-detail", args=["ealing-southall"])).content.decode()
    assert "Made of 1 area" in page
    assert "Southall Broadway" in page


def test_area_detail_of_an_unknown_code_is_not_found(client):
    response = client.get(reverse("geography:area-detail", args=["E05099999"]))
    assert response.status_code == 404


def test_area_history_needs_a_signed_in_user(client, borough):
    response = client.get(reverse("geography:area-history", args=["E09000009"]))
    assert response.status_code in (302, 403)


def test_area_history_shows_changes_to_a_board_member(client, borough, board_member):
    borough.name = "London Borough of Ealing"
    borough._history_user = board_member
    borough.save()
    client.force_login(board_member)
    response = client.get(reverse("geography:area-history", args=["E09000009"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "London Borough of Ealing" in page
    assert "board_member" in page


def test_postcode_lookup_shows_the_areas(client, borough):
    ward = AreaFactory(code="E05013520", name="Ealing Broadway", parent=borough)
    PostcodeFactory(postcode="W5 2HL", local_authority=borough, ward=ward)
    response = client.get(reverse("geography:postcode"), {"postcode": "w52hl"})
    page = response.content.decode()
    assert "W5 2HL" in page
    assert 'href="/places/E05013520/">Ealing Broadway' in page


def test_postcode_lookup_explains_an_invalid_postcode(client):
    response = client.get(reverse("geography:postcode"), {"postcode": "hello"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "&#x27;hello&#x27; is not a full UK postcode; enter one like W5 2HL" in page


def test_postcode_lookup_explains_an_unknown_postcode(client, borough):
    response = client.get(reverse("geography:postcode"), {"postcode": "SW1A 1AA"})
    assert "We do not know SW1A 1AA" in response.content.decode()


def test_postcode_lookup_starts_with_an_empty_form(client):
    response = client.get(reverse("geography:postcode"))
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_postcode_lookup_finds_a_real_ealing_postcode(client, ealing):
    page = client.get(reverse("geography:postcode"), {"postcode": "W5 2HL"}).content.decode()
    assert "Ealing Broadway" in page
    assert "E01001228" in page


def test_the_places_list_shows_the_current_partnerships_places_only(client, borough):
    from roundtable.partnership.tests.factories import PartnershipFactory

    ealing = PartnershipFactory(slug="ealing", area=borough)
    warwick = PartnershipFactory(slug="warwick")
    AreaFactory(name="Southall Broadway", parent=borough)
    AreaFactory(
        name="Ealing 019 LSOA",
        area_type=AreaType.LSOA,
        parent=AreaFactory(name="Ealing 019", area_type=AreaType.MSOA, parent=borough),
    )
    other = LocalAuthorityFactory(code="E07000222", name="Warwick", parent=borough.parent)
    AreaFactory(name="Leamington Clarendon", parent=other)
    CustomAreaFactory(name="Southall", partnership=ealing)
    CustomAreaFactory(name="Town centres", partnership=warwick)

    page = client.get(reverse("geography:area-list"), {"partnership": "ealing"}).content.decode()
    for shown in ("Southall Broadway", "Ealing 019 LSOA", "Ealing 019", "London", "Southall"):
        assert shown in page
    assert "Leamington Clarendon" not in page
    assert "Town centres" not in page
