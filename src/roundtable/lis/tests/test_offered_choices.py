"""The map, compare areas and the overview (tartan rug) offer only choices that lead
to figures: areas with figures the viewer may see on this partnership's LIS (and the
areas above them), the types of area that have some, and "Nearest by" indicators
with figures for the map's type of area. Not other partnerships' places, nor an area
offered only for a suppressed or held figure; the page's own choice is kept."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.tests.factories import AreaFactory, PostcodeFactory
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(partnership, places):
    """Ealing's partnership: a figure for Ealing, its first LSOA and England (not
    London: it is offered as the area above them); Warwick's partnership: a figure
    for Brent; Harrow: none; a ward of Ealing: none."""
    dataset = DatasetFactory(partnership=partnership, slug="health")
    indicator = IndicatorFactory(
        partnership=partnership, code="SMK", name="Smoking", in_report=False, on_lis=True
    )
    for area in (places["ealing"], places["lsoas"][0], places["england"]):
        ObservationFactory(dataset=dataset, indicator=indicator, area=area, value=20.0)
    AreaFactory(code="E05000001", name="Ealing Broadway", parent=places["ealing"])
    return indicator


@pytest.fixture
def elsewhere(other_partnership, places):
    """Another partnership's figure for Brent: nothing to Ealing's LIS."""
    dataset = DatasetFactory(partnership=other_partnership, slug="warwick-health")
    ObservationFactory(dataset=dataset, area=places["brent"], value=30.0)


def hidden_figure(partnership, area, **how):
    """A figure of `area` nobody outside may see: suppressed, or of a held dataset."""
    dataset = DatasetFactory(
        partnership=partnership, slug=f"hidden-{area.code}", published=how.get("published", True)
    )
    indicator = IndicatorFactory(
        partnership=partnership, code=f"H-{area.code}", in_report=False, on_lis=True
    )
    ObservationFactory(
        dataset=dataset,
        indicator=indicator,
        area=area,
        value=None if how.get("suppressed") else 3.0,
        suppressed=how.get("suppressed", False),
    )


# The map ----------------------------------------------------------------------------


def map_page(client, partnership, **query):
    return client.get(under(partnership, reverse("lis:map")), {"indicator": "SMK", **query})


def inside_codes(response) -> list[str]:
    return [a.code for a in response.context["parents"]]


def test_the_maps_inside_offers_only_areas_with_figures_here(
    client, partnership, places, figures, elsewhere
):
    """Warwick and Westminster were on Ealing's map in the demo: their places have
    figures for their own partnerships only."""
    response = map_page(client, partnership)
    assert inside_codes(response) == ["E92000001", "E09000009", "E12000007"]
    page = response.content.decode()
    assert 'value="E09000009"' in page
    assert 'value="E09000005"' not in page  # Brent: Warwick's partnership's figure
    assert 'value="E09000015"' not in page  # Harrow: no figures
    # At the other partnership's address, Brent is offered and Ealing is not.
    theirs = client.get(
        under("warwick", reverse("lis:map")), {"area_type": "local_authority"}
    ).context["parents"]
    assert "E09000005" in [a.code for a in theirs]
    assert "E09000009" not in [a.code for a in theirs]


def test_the_maps_own_inside_is_kept_without_figures(client, partnership, places, figures):
    response = map_page(client, partnership, within="E09000015")
    assert response.status_code == 200
    assert "E09000015" in inside_codes(response)
    assert re.search(
        r'<option value="E09000015"[^>]* selected>Harrow</option>', response.content.decode()
    )
    assert "has no published figures for" in response.content.decode()


@pytest.mark.parametrize("how", [{"suppressed": True}, {"published": False}])
def test_the_maps_inside_offers_no_area_for_a_figure_the_public_may_not_see(
    client, partnership, places, figures, administrator, how
):
    """The map shows open data only, whoever looks: Harrow's suppressed or held
    figure offers it to nobody, not even the partnership's administrator."""
    hidden_figure(partnership, places["harrow"], **how)
    assert "E09000015" not in inside_codes(map_page(client, partnership))
    client.force_login(administrator)
    assert "E09000015" not in inside_codes(map_page(client, partnership))


def test_the_maps_areas_offer_only_types_with_figures(client, partnership, places, figures):
    response = map_page(client, partnership)
    assert [value for value, _, _ in response.context["area_types"]] == [
        "lsoa",
        "local_authority",
    ]
    assert 'value="msoa"' not in response.content.decode()
    # A type chosen in the address is kept (its map says why it is empty).
    chosen = map_page(client, partnership, area_type="msoa")
    assert [value for value, _, _ in chosen.context["area_types"]] == [
        "lsoa",
        "msoa",
        "local_authority",
    ]


@pytest.fixture
def borough_only(partnership, places, figures):
    """An indicator with a figure for Ealing only: no LSOA's neighbours by it."""
    dataset = DatasetFactory(partnership=partnership, slug="boro")
    indicator = IndicatorFactory(
        partnership=partnership, code="BORO", name="Borough figure", in_report=False, on_lis=True
    )
    ObservationFactory(dataset=dataset, indicator=indicator, area=places["ealing"], value=5.0)
    suppressed = IndicatorFactory(
        partnership=partnership, code="SUPP", name="Suppressed only", in_report=False, on_lis=True
    )
    ObservationFactory(
        dataset=dataset, indicator=suppressed, area=places["lsoas"][1], value=None, suppressed=True
    )
    return indicator


def nearest_by(response) -> dict[str, tuple[str, bool]]:
    """Each "Nearest by" indicator's code: (its area types, shown)."""
    page = response.content.decode()
    items = re.findall(
        r'<div class="govuk-checkboxes__item" data-area-types="([^"]*)"( hidden)?>\s*'
        r'<input [^>]*name="by" type="checkbox" value="([^"]+)"',
        page,
    )
    return {code: (types, not hidden) for types, hidden, code in items}


def test_nearest_by_offers_indicators_with_figures_for_the_maps_areas(
    client, partnership, places, borough_only
):
    """Choosing an indicator with no figures for the map's areas gave a 400 under
    the map ("Ealing 001A has no published value for BORO")."""
    lsoas = nearest_by(map_page(client, partnership, area_type="lsoa"))
    assert lsoas == {
        "BORO": ("local_authority", False),
        "SMK": ("lsoa local_authority", True),
    }
    # A suppressed figure is no figure to find neighbours by: never listed.
    assert "SUPP" not in lsoas
    boroughs = nearest_by(map_page(client, partnership, area_type="local_authority"))
    assert boroughs == {
        "BORO": ("local_authority", True),
        "SMK": ("lsoa local_authority", True),
    }
    # One ticked in the address is shown, so it can be unticked.
    ticked = map_page(
        client,
        partnership,
        area_type="lsoa",
        compare="neighbours",
        area=places["lsoas"][0].code,
        by="BORO",
    )
    assert nearest_by(ticked)["BORO"] == ("local_authority", True)
    assert ticked.status_code == 400  # and why it cannot be used is said
    assert 'href="#map-by-1"' in ticked.content.decode()


def test_nearest_by_says_when_no_indicator_has_figures_for_the_areas(
    client, partnership, places, figures
):
    shown = map_page(client, partnership, area_type="lsoa").content.decode()
    assert '<p class="govuk-body" id="map-by-none" hidden>' in shown
    none = map_page(client, partnership, area_type="msoa").content.decode()
    assert '<p class="govuk-body" id="map-by-none">' in none


# Compare areas ----------------------------------------------------------------------


def add(client, partnership, typed, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(
        under(partnership, reverse("lis:area-compare")), {"area": "E09000009", "add": typed}
    )


def added(response) -> str:
    assert response.status_code == 302, response.content.decode()[:200]
    return response["Location"].rsplit("area=", 1)[1]


def refusal(response) -> str:
    assert response.status_code == 400
    return response.context["add_error"]


@pytest.mark.parametrize("typed", ["Harrow", "E09000015", "HA1 1AA"])
def test_compare_does_not_add_an_area_without_figures_here(
    client, partnership, places, figures, typed
):
    PostcodeFactory(postcode="HA1 1AA", local_authority=places["harrow"])
    assert refusal(add(client, partnership, typed)) == (
        "There are no figures here for Harrow (E09000015); enter another area"
    )


def test_compare_does_not_add_another_partnerships_place(
    client, partnership, other_partnership, places, figures, elsewhere
):
    assert refusal(add(client, partnership, "Brent")) == (
        "There are no figures here for Brent (E09000005); enter another area"
    )
    # At that partnership's own address, Brent is added.
    assert added(add(client, other_partnership, "Brent")) == "E09000005"


def test_compare_adds_an_area_above_areas_with_figures(client, partnership, places, figures):
    assert added(add(client, partnership, "London")) == "E12000007"


def test_a_name_finds_the_one_of_its_areas_with_figures(client, partnership, places, figures):
    """ "Ealing 001" names both of Ealing's LSOAs: only 001A has figures here."""
    assert added(add(client, partnership, "Ealing 001")) == "E01001234"


@pytest.mark.parametrize("how", [{"suppressed": True}, {"published": False}])
def test_compare_does_not_add_an_area_for_a_figure_the_viewer_may_not_see(
    client, partnership, places, figures, board_member, other_partnership_officer, how
):
    hidden_figure(partnership, places["harrow"], **how)
    assert refusal(add(client, partnership, "Harrow")).startswith("There are no figures here")
    assert refusal(add(client, partnership, "Harrow", user=other_partnership_officer))
    response = add(client, partnership, "Harrow", user=board_member)
    if how.get("published") is False:  # a held figure: its partnership's people see it
        assert added(response) == "E09000015"
    else:  # a suppressed one: nobody does
        assert refusal(response)


def test_a_comparison_keeps_its_areas_without_figures(client, partnership, places, figures):
    response = client.get(under(partnership, reverse("lis:area-compare")), {"area": ["E09000015"]})
    assert response.status_code == 200
    assert "No published indicator has figures for these areas." in response.content.decode()


# The overview (tartan rug) ------------------------------------------------------------


def overview(client, partnership, code, **query):
    return client.get(under(partnership, reverse("lis:area-overview", args=[code])), query)


def rug_rows(response) -> list[str]:
    return [row.area.code for row in response.context["rug"].rows]


def rug_types(response) -> list[str]:
    return [value for value, _, _ in response.context["rug"].area_types]


def test_the_overview_lists_only_areas_with_figures_here(
    client, partnership, places, figures, elsewhere
):
    response = overview(client, partnership, "E92000001", area_type="local_authority")
    assert rug_rows(response) == ["E09000009"]  # not Brent (Warwick's), nor Harrow
    assert "Harrow" not in response.content.decode()
    assert rug_rows(overview(client, partnership, "E92000001", area_type="region")) == ["E12000007"]


def test_the_overview_offers_only_types_of_area_with_figures(client, partnership, places, figures):
    """Ealing's wards were offered, with no figures for any of them."""
    response = overview(client, partnership, "E09000009")
    assert rug_types(response) == ["lsoa"]
    assert response.context["rug"].area_type == "lsoa"
    assert 'value="ward"' not in response.content.decode()
    assert rug_types(overview(client, partnership, "E92000001")) == [
        "region",
        "local_authority",
        "lsoa",
    ]
    # Wards asked for in the address: the page renders, says so, and keeps the choice.
    wards = overview(client, partnership, "E09000009", area_type="ward")
    assert wards.status_code == 200
    assert rug_types(wards) == ["ward", "lsoa"]
    assert rug_rows(wards) == []
    assert "No published indicator has figures for these areas." in wards.content.decode()


def test_the_overview_opens_on_a_type_of_area_with_figures(client, partnership, places, figures):
    """A borough whose first type of child area (MSOAs) has no figures opens on the
    type that has some (its wards), not on an empty overview."""
    harrow = places["harrow"]
    AreaFactory(code="E02000099", name="Harrow 001", area_type=AreaType.MSOA, parent=harrow)
    ward = AreaFactory(code="E05000099", name="Harrow Weald", parent=harrow)
    dataset = DatasetFactory(partnership=partnership, slug="harrow")
    ObservationFactory(dataset=dataset, indicator=figures, area=ward, value=9.0)
    response = overview(client, partnership, harrow.code)
    assert response.context["rug"].area_type == "ward"
    assert rug_rows(response) == ["E05000099"]


@pytest.mark.parametrize("how", [{"suppressed": True}, {"published": False}])
def test_the_overview_offers_no_type_for_a_figure_the_viewer_may_not_see(
    client, partnership, places, figures, board_member, how
):
    hidden_figure(partnership, Area.objects.get(code="E05000001"), **how)
    assert "ward" not in rug_types(overview(client, partnership, "E09000009"))
    client.force_login(board_member)
    offered = "ward" in rug_types(overview(client, partnership, "E09000009"))
    assert offered is (how.get("published") is False)  # held: its partnership sees it
