"""The register, an asset's page, the forms, the settings, the coverage page and
the map page: who sees what, who may change what, and what each costs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.assets import queries
from roundtable.assets.models import Asset, AssetSettings
from roundtable.assets.tests.factories import AssetFactory
from roundtable.core.testing import under

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_hall(partnership, council):
    return AssetFactory(
        partnership=partnership,
        owner=council,
        name="Southall Town Hall",
        postcode="UB1 3HA",
        current_use="Community hub",
        operating_cost=Decimal("987654"),
        utilisation=Decimal("41.5"),
        lease_end=datetime.date(2027, 3, 31),
        tenure="leasehold",
        landlord="Secret Landlord Ltd",
        notes="Internal note about the lease",
    )


@pytest.fixture
def unannounced(partnership, police):
    return AssetFactory(
        partnership=partnership,
        owner=police,
        name="Station for disposal",
        is_public=False,
    )


def _page(client, name, *args, **query):
    return client.get(reverse(f"assets:{name}", args=args), query).content.decode()


def test_the_public_sees_public_assets_but_not_their_figures(client, town_hall, unannounced):
    page = _page(client, "asset-list")
    assert "Southall Town Hall" in page
    assert "Station for disposal" not in page
    assert "987,654" not in page
    assert "41.5" not in page
    detail = client.get(town_hall.get_absolute_url()).content.decode()
    assert "Community hub" in detail
    assert "987,654" not in detail
    assert "Secret Landlord" not in detail
    assert "Internal note" not in detail
    assert client.get(unannounced.get_absolute_url()).status_code == 404


def test_the_public_is_not_told_of_illustrative_figures_it_cannot_see(
    client, board_member, town_hall
):
    town_hall.is_illustrative = True
    town_hall.save()
    detail = client.get(town_hall.get_absolute_url()).content.decode()
    assert "the partnership has not published them" in detail
    assert "are <strong>illustrative</strong>" not in detail
    assert 'govuk-tag--grey">illustrative' not in detail
    client.force_login(board_member)
    detail = client.get(town_hall.get_absolute_url()).content.decode()
    assert "are <strong>illustrative</strong>" in detail
    assert 'govuk-tag--grey">illustrative' in detail


def test_members_see_every_asset_with_its_figures(client, board_member, town_hall, unannounced):
    client.force_login(board_member)
    page = _page(client, "asset-list")
    assert "Station for disposal" in page
    assert "Internal to the partnership" in page
    assert "£987,654" in page
    detail = client.get(town_hall.get_absolute_url()).content.decode()
    assert "Secret Landlord Ltd" in detail
    assert "Internal note about the lease" in detail
    assert "41.5%" in detail


def test_another_partnerships_people_see_only_public_assets(
    client, other_partnership_officer, town_hall, unannounced
):
    client.force_login(other_partnership_officer)
    page = client.get(under("ealing", reverse("assets:asset-list"))).content.decode()
    assert "Southall Town Hall" in page
    assert "Station for disposal" not in page
    assert "987,654" not in page
    assert client.get(unannounced.get_absolute_url()).status_code == 404


def test_published_figures_are_shown_to_the_public_but_never_the_notes(
    client, partnership, town_hall, unannounced
):
    AssetSettings.objects.create(partnership=partnership, figures_are_public=True)
    detail = client.get(town_hall.get_absolute_url()).content.decode()
    assert "£987,654" in detail
    assert "Internal note" not in detail
    assert "Station for disposal" not in _page(client, "asset-list")


def test_the_public_cannot_filter_or_sort_on_hidden_figures(
    client, partnership, council, town_hall
):
    AssetFactory(
        partnership=partnership, owner=council, name="Full Library", utilisation=Decimal("95")
    )
    page = _page(client, "asset-list", utilisation_below="50", sort="utilisation")
    # The filter is ignored: its result would tell which assets are under 50%.
    assert "Full Library" in page
    assert "Southall Town Hall" in page
    assert 'name="utilisation_below"' not in page


def test_members_filter_on_utilisation_and_lease_end(
    client, board_member, partnership, council, town_hall
):
    AssetFactory(
        partnership=partnership, owner=council, name="Full Library", utilisation=Decimal("95")
    )
    client.force_login(board_member)
    page = _page(client, "asset-list", utilisation_below="50")
    assert "Southall Town Hall" in page
    assert "Full Library" not in page


def test_the_register_filters_by_owner_use_and_tenure(
    client, partnership, council, police, town_hall
):
    AssetFactory(
        partnership=partnership,
        owner=police,
        name="Acton Police Station",
        current_use="Police station",
    )
    page = _page(client, "asset-list", owner=str(police.pk))
    assert "Acton Police Station" in page
    assert "Southall Town Hall" not in page
    page = _page(client, "asset-list", use="Community hub")
    assert "Acton Police Station" not in page
    assert "Southall Town Hall" in page
    page = _page(client, "asset-list", tenure="freehold")
    assert "Acton Police Station" in page
    assert "Southall Town Hall" not in page


def test_a_bad_filter_value_is_shown_as_an_error_not_a_crash(client, board_member, town_hall):
    client.force_login(board_member)
    page = _page(client, "asset-list", utilisation_below="lots")
    assert "govuk-error-message" in page
    assert "Southall Town Hall" in page


@pytest.mark.parametrize("n", [2, 20])
def test_the_register_costs_the_same_queries_for_2_and_20(
    client, partnership, council, board_member, django_assert_num_queries, n
):
    AssetFactory.create_batch(n, partnership=partnership, owner=council)
    client.force_login(board_member)
    url = under("ealing", reverse("assets:asset-list"))
    client.get(url)
    # partnership (from the address), session, user, asset settings, owners and
    # uses for the filters, the count for the pages, and the page of assets with
    # their owners
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Building ") >= n


@pytest.mark.parametrize("n", [2, 20])
def test_the_map_page_costs_the_same_queries_for_2_and_20(
    client, partnership, council, board_member, django_assert_num_queries, n
):
    AssetFactory.create_batch(n, partnership=partnership, owner=council)
    client.force_login(board_member)
    url = under("ealing", reverse("assets:asset-map"))
    client.get(url)
    # partnership, session, user, asset settings, owners, uses, the table's assets
    # with their owners, and the totals by owner
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Building ") >= n


def test_the_map_page_has_the_table_totals_and_the_data_address(client, board_member, town_hall):
    client.force_login(board_member)
    page = _page(client, "asset-map", owner=str(town_hall.owner_id))
    assert 'id="asset-map"' in page
    assert f"/ealing/assets/map/data.json?owner={town_hall.owner_id}" in page
    assert "Totals by owner" in page
    assert "£987,654" in page
    assert town_hall.get_absolute_url() in page


def test_the_map_swaps_its_results_for_htmx(client, town_hall):
    response = client.get(
        under("ealing", reverse("assets:asset-map")),
        {"tenure": "leasehold"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Southall Town Hall" in body
    assert "tenure=leasehold" in body
    assert "Operating cost" not in body


def test_the_public_map_totals_capacity_but_not_costs(client, town_hall):
    page = _page(client, "asset-map")
    assert "Capacity (people)" in page
    assert "987,654" not in page


def _form(**changes):
    data = {
        "name": "Acton Town Hall",
        "postcode": "w3 6ne",
        "current_use": "Civic centre",
        "tenure": "freehold",
        "operating_cost": "£1,250,000",
        "utilisation": "65%",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_an_editor_adds_an_asset_of_their_organisation(client, officer, council, postcodes):
    client.force_login(officer)
    response = client.post(reverse("assets:asset-add"), _form(owner=council.pk))
    asset = Asset.objects.get()
    assert response.status_code == 302
    assert asset.owner == council
    assert asset.operating_cost == Decimal("1250000")
    assert asset.utilisation == Decimal("65")
    assert asset.postcode == "W3 6NE"
    assert asset.latitude is not None


def test_an_editor_cannot_choose_another_organisation(client, officer, police, postcodes):
    client.force_login(officer)
    response = client.post(reverse("assets:asset-add"), _form(owner=police.pk))
    assert response.status_code == 400
    assert not Asset.objects.exists()


def test_the_form_refuses_an_unknown_postcode_and_bad_money(client, officer, council, postcodes):
    client.force_login(officer)
    response = client.post(
        reverse("assets:asset-add"), _form(owner=council.pk, postcode="W5 1XX", market_value="1,25")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "could be read two ways" in page
    assert not Asset.objects.exists()
    response = client.post(reverse("assets:asset-add"), _form(owner=council.pk, postcode="W5 1XX"))
    assert "W5 1XX is not in the postcode data" in response.content.decode()


def test_board_members_and_the_public_cannot_add_assets(client, board_member):
    response = client.get(reverse("assets:asset-add"))
    assert response.status_code in (302, 403)
    client.force_login(board_member)
    assert client.get(reverse("assets:asset-add")).status_code == 403


def test_an_editor_edits_their_own_asset_but_not_anothers(
    client, officer, town_hall, unannounced, postcodes
):
    client.force_login(officer)
    page = client.get(reverse("assets:asset-edit", args=[town_hall.pk])).content.decode()
    assert "Southall Town Hall" in page
    response = client.post(
        reverse("assets:asset-edit", args=[town_hall.pk]),
        _form(owner=town_hall.owner_id, name="Southall Town Hall", postcode="UB1 3HA"),
    )
    assert response.status_code == 302
    assert client.get(reverse("assets:asset-edit", args=[unannounced.pk])).status_code == 403
    detail = client.get(unannounced.get_absolute_url()).content.decode()
    assert reverse("assets:asset-edit", args=[unannounced.pk]) not in detail


def test_the_public_gets_404_for_editing_an_unannounced_asset(client, unannounced):
    assert client.get(reverse("assets:asset-edit", args=[unannounced.pk])).status_code == 404


def test_only_administrators_open_the_settings(client, administrator, officer, partnership):
    client.force_login(officer)
    assert client.get(reverse("assets:asset-settings")).status_code == 403
    client.force_login(administrator)
    response = client.post(reverse("assets:asset-settings"), {"figures_are_public": "on"})
    assert response.status_code == 302
    assert AssetSettings.objects.get(partnership=partnership).figures_are_public
    # Unticking the only box posts an empty form, which must still save.
    assert client.post(reverse("assets:asset-settings"), {}).status_code == 302
    assert not AssetSettings.objects.get(partnership=partnership).figures_are_public


def test_coverage_shows_gaps_per_owner_to_members_only(
    client, board_member, partnership, town_hall, police
):
    AssetFactory(
        partnership=partnership,
        owner=town_hall.owner,
        name="Bare",
        capacity=None,
        operating_cost=None,
        utilisation=None,
    )
    assert client.get(reverse("assets:asset-coverage")).status_code in (302, 403)
    client.force_login(board_member)
    page = _page(client, "asset-coverage")
    assert "Ealing Council" in page
    assert "(1 missing)" in page
    # The police, a partner, have sent nothing yet.
    assert "Metropolitan Police Service" in page
    assert "No return yet" in page


def test_coverage_expects_a_landlord_and_lease_end_of_leaseholds_only(
    board_member, partnership, town_hall
):
    """The council's freehold has neither, and is not counted as missing them; its
    leasehold (the town hall) has both."""
    AssetFactory(partnership=partnership, owner=town_hall.owner, name="Freehold depot")
    (council,) = [
        c for c in queries.coverage(board_member, partnership.pk) if c.owner == "Ealing Council"
    ]
    by_field = {f.field: f for f in council.fields}
    assert (by_field["landlord"].filled, by_field["landlord"].total) == (1, 1)
    assert (by_field["lease_end"].filled, by_field["lease_end"].total) == (1, 1)
    assert by_field["address"].total == 2


def test_the_map_data_has_the_points_with_figures_for_members(
    client, board_member, town_hall, unannounced
):
    client.force_login(board_member)
    data = client.get(reverse("assets:asset-map-data")).json()
    rows = [dict(zip(data["columns"], point, strict=True)) for point in data["points"]]
    assert [r["name"] for r in rows] == ["Southall Town Hall", "Station for disposal"]
    first = rows[0]
    assert data["owners"][first["owner"]] == "Ealing Council"
    assert data["uses"][first["use"]] == "Community hub"
    assert first["operating_cost"] == 987654
    assert first["utilisation"] == 41.5
    assert first["lease_end"] == "2027-03-31"
    assert data["page"] + f"{first['id']}/" == town_hall.get_absolute_url()


def test_the_public_map_data_has_public_points_without_figures(client, town_hall, unannounced):
    data = client.get(reverse("assets:asset-map-data"), {"utilisation_below": "10"}).json()
    rows = [dict(zip(data["columns"], point, strict=True)) for point in data["points"]]
    assert [r["name"] for r in rows] == ["Southall Town Hall"]
    assert rows[0]["operating_cost"] is None
    assert rows[0]["utilisation"] is None
    assert rows[0]["lease_end"] is None


def test_the_map_data_follows_the_filters(client, partnership, police, town_hall):
    AssetFactory(partnership=partnership, owner=police, name="Acton Police Station")
    data = client.get(reverse("assets:asset-map-data"), {"owner": str(police.pk)}).json()
    assert [point[3] for point in data["points"]] == ["Acton Police Station"]


@pytest.mark.parametrize("n", [2, 20])
def test_the_map_data_costs_the_same_queries_for_2_and_20(
    client, partnership, council, board_member, django_assert_num_queries, n
):
    AssetFactory.create_batch(n, partnership=partnership, owner=council)
    client.force_login(board_member)
    url = under("ealing", reverse("assets:asset-map-data"))
    # partnership, session, user, asset settings, owners and uses for the filters,
    # and the located assets with their owners' names
    with django_assert_num_queries(7):
        assert len(client.get(url).json()["points"]) == n


def test_a_lease_is_entered_in_words(client, officer, town_hall, postcodes):
    client.force_login(officer)
    response = client.post(
        reverse("assets:asset-edit", args=[town_hall.pk]),
        _form(
            owner=town_hall.owner_id,
            name="Southall Town Hall",
            postcode="UB1 3HA",
            tenure="leasehold",
            landlord="The Crown Estate",
            lease_start="1 April 2012",
            lease_end="16 January 2027",
        ),
    )
    assert response.status_code == 302
    town_hall.refresh_from_db()
    assert (town_hall.lease_start, town_hall.lease_end) == (
        datetime.date(2012, 4, 1),
        datetime.date(2027, 1, 16),
    )


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_a_lease_date_that_is_not_one_is_named_with_an_example(client, officer, town_hall):
    """A lease's end is planned ahead (next month's 16th), its start happened (last
    month's): both in words, worked out today, not the demo's 2012-04-01."""
    client.force_login(officer)
    page = client.get(reverse("assets:asset-edit", args=[town_hall.pk])).text
    assert "For example, 16 November 2026" in page
    assert "For example, 16 January 2027" in page
    assert "2012-04-01" not in page
    response = client.post(
        reverse("assets:asset-edit", args=[town_hall.pk]),
        _form(
            owner=town_hall.owner_id,
            name="Southall Town Hall",
            postcode="UB1 3HA",
            lease_start="April",
            lease_end="31/02/2027",
        ),
    )
    assert response.status_code == 400
    assert "Lease start must be a real date, like 16 November 2026" in response.text
    assert "Lease end must be a real date, like 16 January 2027" in response.text
