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


# -- Partners' asset strategies (Appendix 1 of the January 2012 Joint Assets paper) --

STRATEGY_OWNERS = (
    "Ealing Council",
    "West London Mental Health Trust",
    "NHS Ealing",
    "Action Acton",
    "JobCentre Plus",
    "Metropolitan Police Service",
)


def _ealing_directory():
    from roundtable.demo.loader import DATA_DIR

    return DATA_DIR / "ealing"


def test_ealings_asset_strategies_are_appendix_1_as_written(partnership):
    from roundtable.assets.demo import load_demo_asset_strategies
    from roundtable.assets.models_strategies import AssetStrategy

    for name in STRATEGY_OWNERS:
        OrganisationFactory(partnership=partnership, name=name)
    assert load_demo_asset_strategies(_ealing_directory(), partnership) == [
        "6 partners' asset strategies"
    ]
    load_demo_asset_strategies(_ealing_directory(), partnership)
    found = {s.organisation.name: s for s in AssetStrategy.objects.select_related("organisation")}
    assert set(found) == set(STRATEGY_OWNERS)
    assert all(s.history.count() == 1 for s in found.values())  # loading again wrote nothing
    council = found["Ealing Council"]
    assert (council.listed_as, council.title, council.published) == (
        "LBE",
        "Property Strategy",
        "2010",
    )
    assert (council.year_from, council.year_to) == (2010, 2010)
    assert council.key_aims.splitlines() == [
        "Development of 3 “satellite” service centres in Acton, Southall and Greenford.",
        "Rationalisation of accommodation.",
        "Seek opportunities to co-locate with partners.",
    ]
    jobcentre = found["JobCentre Plus"]
    assert (jobcentre.title, jobcentre.published) == ("DWP Asset Management Strategy", "2007?")
    assert (jobcentre.year_from, jobcentre.year_to) == (None, None)
    vcs = found["Action Acton"]
    assert vcs.no_published_strategy
    assert vcs.title == ""
    assert vcs.listed_as == "VCS groups"
    assert vcs.key_aims.splitlines()[1].startswith("• Work to acquire assets")
    police = found["Metropolitan Police Service"]
    assert (police.listed_as, police.title, police.year_to) == (
        "Police",
        "MPA/MPS Estate Strategy",
        2014,
    )
    assert police.key_aims.count("• ") == 9
    nhs = found["NHS Ealing"]
    assert nhs.url.endswith("Ealing_PCT/CommissioningStrategy2009-2013.pdf")
    assert "Strategic review of estate due to be completed September 2011?" in nhs.note
    wlmht = found["West London Mental Health Trust"]
    assert (wlmht.year_from, wlmht.year_to) == (2011, 2020)
    assert all(s.is_public and s.last_reviewed.isoformat() == "2012-01-16" for s in found.values())


def test_a_strategy_of_an_organisation_not_loaded_stops_the_load_naming_the_row(partnership):
    from roundtable.assets.demo import load_demo_asset_strategies
    from roundtable.core.imports import ImportFailed

    with pytest.raises(ImportFailed) as failed:
        load_demo_asset_strategies(_ealing_directory(), partnership)
    assert "no organisation called 'Ealing Council'" in str(failed.value.errors[0].message)
