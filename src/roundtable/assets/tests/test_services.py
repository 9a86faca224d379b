"""Saving assets: who may, where they are put on the map, and what is refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.assets import services
from roundtable.assets.models import Asset, AssetSettings
from roundtable.assets.tests.factories import AssetFactory
from roundtable.geography.grid import distance_m

pytestmark = pytest.mark.django_db


def _save(actor, partnership, owner, asset=None, **changes):
    values = {
        "name": "Perceval House",
        "postcode": "w52hl",
        "current_use": "Offices",
        "tenure": "freehold",
    }
    values.update(changes)
    return services.save_asset(
        actor, asset or Asset(), partnership=partnership, owner=owner, **values
    )


def test_an_asset_is_located_from_its_postcode(officer, partnership, council, postcodes):
    asset = _save(officer, partnership, council)
    assert asset.postcode == "W5 2HL"
    # Perceval House, Ealing, is at about 51.5133 N, 0.3089 W.
    assert distance_m(asset.latitude, asset.longitude, 51.5133, -0.3089) < 50


def test_changing_the_postcode_moves_the_asset(officer, partnership, council, postcodes):
    asset = _save(officer, partnership, council)
    moved = _save(officer, partnership, council, asset=asset, postcode="W3 6NE")
    assert moved.postcode == "W3 6NE"
    assert distance_m(moved.latitude, moved.longitude, 51.5133, -0.3089) > 2500


def test_an_unknown_postcode_is_refused(officer, partnership, council, postcodes):
    with pytest.raises(ValidationError) as caught:
        _save(officer, partnership, council, postcode="W5 1XX")
    assert "W5 1XX is not in the postcode data" in str(caught.value.message_dict["postcode"])
    assert not Asset.objects.exists()


def test_a_postcode_without_a_grid_reference_is_refused(officer, partnership, council, postcodes):
    with pytest.raises(ValidationError) as caught:
        _save(officer, partnership, council, postcode="W5 9ZZ")
    assert "no grid reference" in str(caught.value.message_dict["postcode"])


def test_something_that_is_not_a_postcode_is_refused(officer, partnership, council, postcodes):
    with pytest.raises(ValidationError) as caught:
        _save(officer, partnership, council, postcode="Ealing")
    assert "not a full UK postcode" in str(caught.value.message_dict["postcode"])


def test_bad_values_are_refused_with_the_field_named(
    administrator, partnership, council, postcodes
):
    with pytest.raises(ValidationError) as caught:
        _save(
            administrator,
            partnership,
            council,
            tenure="rented",
            condition="E",
            utilisation=Decimal("120"),
            operating_cost=Decimal("-1"),
            lease_start=datetime.date(2012, 1, 1),
            lease_end=datetime.date(2011, 1, 1),
        )
    problems = caught.value.message_dict
    assert set(problems) >= {"tenure", "condition", "utilisation", "operating_cost", "lease_end"}


def test_an_editor_adds_assets_of_their_own_organisation(officer, partnership, council, postcodes):
    assert _save(officer, partnership, council).owner == council


def test_an_editor_cannot_add_assets_of_another_organisation(
    officer, partnership, police, postcodes
):
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, police)


def test_an_editor_cannot_change_another_organisations_asset(
    officer, partnership, council, police, postcodes
):
    theirs = AssetFactory(partnership=partnership, owner=police)
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, council, asset=theirs)


def test_a_board_member_cannot_add_assets(board_member, partnership, council, postcodes):
    with pytest.raises(PermissionDenied):
        _save(board_member, partnership, council)


def test_another_partnerships_administrator_cannot_add_assets(
    other_partnership_officer, partnership, council, postcodes
):
    with pytest.raises(PermissionDenied):
        _save(other_partnership_officer, partnership, council)


def test_an_administrator_changes_any_asset(administrator, partnership, police, postcodes):
    theirs = AssetFactory(partnership=partnership, owner=police)
    saved = _save(
        administrator,
        partnership,
        police,
        asset=theirs,
        name="Southall Police Station",
        postcode="UB1 3HG",
    )
    assert saved.name == "Southall Police Station"


def test_an_owner_of_another_partnership_is_refused(
    administrator, partnership, other_partnership, postcodes
):
    from roundtable.partnership.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(partnership=other_partnership)
    with pytest.raises((ValidationError, PermissionDenied)):
        _save(administrator, partnership, elsewhere)


def test_only_administrators_change_the_asset_settings(administrator, officer, partnership):
    with pytest.raises(PermissionDenied):
        services.save_asset_settings(officer, partnership, figures_are_public=True)
    services.save_asset_settings(administrator, partnership, figures_are_public=True)
    assert AssetSettings.objects.get(partnership=partnership).figures_are_public
