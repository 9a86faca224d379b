"""Ealing's demo asset register: real buildings at real, loaded Ealing postcodes."""

from __future__ import annotations

import pytest

from roundtable.assets.demo import ASSETS, load_demo_assets
from roundtable.assets.models import Asset
from roundtable.geography.models import Postcode
from roundtable.geography.services import load_local_authority
from roundtable.geography.sources import Sources, no_progress
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_every_demo_asset_is_at_a_loaded_ealing_postcode_and_labelled_illustrative(partnership):
    load_local_authority("E09000009", Sources.mini(), progress=no_progress)
    for owner in {row[0] for row in ASSETS}:
        OrganisationFactory(partnership=partnership, name=owner)
    assert load_demo_assets(partnership) == [
        f"{len(ASSETS)} assets in the joint asset register (illustrative figures)"
    ]
    load_demo_assets(partnership)
    assets = list(Asset.objects.select_related("owner"))
    assert len(assets) == len(ASSETS)
    ealing = set(
        Postcode.objects.filter(local_authority__code="E09000009").values_list(
            "postcode", flat=True
        )
    )
    for asset in assets:
        assert asset.postcode in ealing, asset.name
        assert asset.is_illustrative
        assert asset.latitude == pytest.approx(51.52, abs=0.05)
        assert asset.longitude == pytest.approx(-0.33, abs=0.08)


def test_the_demo_leaves_out_what_it_cannot_place_and_says_so(partnership, postcodes):
    OrganisationFactory(partnership=partnership, name="Ealing Council")
    [line] = load_demo_assets(partnership)
    # Only Perceval House, Southall Town Hall and Acton Town Hall are at loaded postcodes.
    assert line.startswith("3 assets")
    assert f"{len(ASSETS) - 3} left out" in line


def test_other_partnerships_get_no_demo_assets(other_partnership):
    assert load_demo_assets(other_partnership) == []
