"""GET /api/v1/assets and /api/v1/assets.geojson: the same rows and figures as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from roundtable.accounts.tokens import issue_token
from roundtable.assets.models import AssetSettings
from roundtable.assets.tests.factories import AssetFactory

pytestmark = pytest.mark.django_db
LIST, GEOJSON = "/api/v1/assets", "/api/v1/assets.geojson"


@pytest.fixture
def assets(partnership, council, police):
    public = AssetFactory(
        partnership=partnership,
        owner=council,
        name="Perceval House",
        operating_cost=Decimal("2500000"),
        utilisation=Decimal("72.5"),
        landlord="Someone",
    )
    hidden = AssetFactory(
        partnership=partnership, owner=police, name="Unannounced site", is_public=False
    )
    return public, hidden


def test_the_public_gets_public_assets_with_figures_null(client, assets):
    rows = client.get(LIST, {"partnership": "ealing"}).json()["items"]
    assert [r["name"] for r in rows] == ["Perceval House"]
    assert rows[0]["operating_cost"] is None
    assert rows[0]["utilisation"] is None
    assert rows[0]["landlord"] is None
    assert rows[0]["owner"] == "Ealing Council"
    assert "notes" not in rows[0]


def test_members_get_every_asset_with_figures(client, board_member, assets):
    client.force_login(board_member)
    rows = client.get(LIST, {"partnership": "ealing"}).json()["items"]
    assert [r["name"] for r in rows] == ["Perceval House", "Unannounced site"]
    assert rows[0]["operating_cost"] == 2500000
    assert rows[0]["utilisation"] == 72.5


def test_a_token_reads_as_its_user(client, board_member, assets):
    _, token = issue_token(board_member, "test")
    rows = client.get(
        LIST, {"partnership": "ealing"}, headers={"Authorization": f"Bearer {token}"}
    ).json()["items"]
    assert len(rows) == 2


def test_published_figures_reach_the_public(client, partnership, assets):
    AssetSettings.objects.create(partnership=partnership, figures_are_public=True)
    rows = client.get(LIST, {"partnership": "ealing"}).json()["items"]
    assert [r["operating_cost"] for r in rows] == [2500000]


def test_figure_filters_are_ignored_for_the_public(client, assets):
    rows = client.get(LIST, {"partnership": "ealing", "utilisation_below": "10"}).json()["items"]
    assert len(rows) == 1


def test_geojson_is_a_feature_collection_of_the_same_rows(client, assets):
    response = client.get(GEOJSON, {"partnership": "ealing"})
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.3047, 51.5129]}
    assert feature["properties"]["name"] == "Perceval House"
    assert feature["properties"]["operating_cost"] is None
    assert feature["properties"]["url"] == f"/ealing/assets/{assets[0].pk}/"


def test_geojson_gives_members_the_figures_and_filters(client, board_member, assets):
    client.force_login(board_member)
    data = client.get(GEOJSON, {"partnership": "ealing", "utilisation_below": "70"}).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Unannounced site"]
    assert data["features"][0]["properties"]["utilisation"] == 65


def test_an_unknown_partnership_is_404(client):
    assert client.get(LIST, {"partnership": "nowhere"}).status_code == 404
    assert client.get(GEOJSON, {"partnership": "nowhere"}).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_the_api_costs_the_same_queries_for_2_and_20(
    client, partnership, council, django_assert_num_queries, n
):
    AssetFactory.create_batch(n, partnership=partnership, owner=council)
    # partnership, asset settings, the count, the page of assets with their owners,
    # and the partnership's slug for their pages' addresses (once)
    with django_assert_num_queries(5):
        assert len(client.get(LIST, {"partnership": "ealing"}).json()["items"]) == n
    # partnership, asset settings, the located assets with their owners' names
    with django_assert_num_queries(3):
        assert len(client.get(GEOJSON, {"partnership": "ealing"}).json()["features"]) == n
