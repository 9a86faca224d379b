"""GET /api/v1/areas, /areas/{code} and /postcodes/{postcode}."""

from __future__ import annotations

import pytest

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
    return LocalAuthorityFactory(code="E09000009", name="Ealing", population=338449)


@pytest.fixture
def ward(borough):
    return AreaFactory(code="E05013520", name="Ealing Broadway", parent=borough)


def test_list_areas_filters_by_type(client, borough, ward):
    body = client.get("/api/v1/areas", {"type": "ward"}).json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "code": "E05013520",
            "name": "Ealing Broadway",
            "type": "ward",
            "parent": {"code": "E09000009", "name": "Ealing"},
            "url": "/places/E05013520/",
        }
    ]


def test_list_areas_filters_by_parent_and_name(client, borough, ward):
    AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)
    body = client.get("/api/v1/areas", {"parent": "E09000009", "q": "southall"}).json()
    assert [a["code"] for a in body["items"]] == ["E05013537"]


def test_list_areas_with_an_unknown_parent_is_404(client):
    response = client.get("/api/v1/areas", {"parent": "E09099999"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No area has the code E09099999"}


def test_list_areas_rejects_an_unknown_type(client):
    assert client.get("/api/v1/areas", {"type": "parish"}).status_code == 422


@pytest.mark.parametrize("rows", [2, 20])
def test_list_areas_uses_constant_queries(client, borough, django_assert_num_queries, rows):
    AreaFactory.create_batch(rows, parent=borough)
    # count, areas with their parents
    with django_assert_num_queries(2):
        client.get("/api/v1/areas", {"type": "ward"})


def test_get_area_returns_children(client, borough, ward):
    body = client.get("/api/v1/areas/E09000009").json()
    assert body["name"] == "Ealing"
    assert body["type"] == "local_authority"
    assert body["population"] == 338449
    assert body["children"] == [{"code": "E05013520", "name": "Ealing Broadway", "type": "ward"}]
    assert body["components"] == []


def test_get_custom_area_returns_components(client, ward):
    custom = CustomAreaFactory(code="ealing-town", name="Ealing town")
    custom.components.add(ward)
    body = client.get("/api/v1/areas/ealing-town").json()
    assert body["type"] == "custom"
    assert body["components"] == [{"code": "E05013520", "name": "Ealing Broadway", "type": "ward"}]
    assert body["partnership"] == custom.partnership.slug


def test_get_unknown_area_is_404_with_a_message(client):
    response = client.get("/api/v1/areas/E05099999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No area has the code E05099999"}


def test_get_postcode_returns_its_areas(client, borough, ward):
    PostcodeFactory(postcode="W5 2HL", local_authority=borough, ward=ward)
    body = client.get("/api/v1/postcodes/w52hl").json()
    assert body["postcode"] == "W5 2HL"
    assert body["local_authority"] == {"code": "E09000009", "name": "Ealing"}
    assert body["ward"] == {"code": "E05013520", "name": "Ealing Broadway"}
    assert body["lsoa"] is None


def test_get_unknown_postcode_is_404_with_a_message(client):
    response = client.get("/api/v1/postcodes/SW1A1AA")
    assert response.status_code == 404
    assert "We do not know SW1A 1AA" in response.json()["detail"]


def test_get_invalid_postcode_is_400_with_a_message(client):
    response = client.get("/api/v1/postcodes/hello")
    assert response.status_code == 400
    assert response.json() == {"detail": "'hello' is not a full UK postcode; enter one like W5 2HL"}


def test_api_area_type_values_match_the_model(client):
    assert {t.value for t in AreaType} >= {"ward", "msoa", "lsoa", "custom"}
