"""From a postcode to an area's statistics (#12): the area chooser takes a postcode
and offers the areas it is in, and a place's page links to its area profile when
the partnership's LIS has figures for it that the reader may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, PostcodeFactory
from roundtable.lis import profiles
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postcode(places):
    """W5 2HL: in Ealing 001A, the MSOA Ealing 001 (no figures) and Ealing."""
    msoa = AreaFactory(
        code="E02000238", name="Ealing 001", area_type=AreaType.MSOA, parent=places["ealing"]
    )
    return PostcodeFactory(
        postcode="W5 2HL", local_authority=places["ealing"], msoa=msoa, lsoa=places["lsoas"][0]
    )


@pytest.fixture
def figures(partnership, places):
    """A public LIS indicator with figures for Ealing 001A and Ealing."""
    dataset = DatasetFactory(partnership=partnership, slug="health")
    indicator = IndicatorFactory(
        partnership=partnership, code="SMK", name="Smoking", in_report=False, on_lis=True
    )
    for area in (places["lsoas"][0], places["ealing"]):
        ObservationFactory(dataset=dataset, indicator=indicator, area=area)
    return indicator


@pytest.fixture
def internal_figures(partnership, places):
    """An LIS indicator not made public, with a figure for Ealing 001B only."""
    dataset = DatasetFactory(partnership=partnership, slug="internal")
    indicator = IndicatorFactory(
        partnership=partnership, code="INT", in_report=False, on_lis=True, is_public=False
    )
    ObservationFactory(dataset=dataset, indicator=indicator, area=places["lsoas"][1])
    return indicator


def chooser(client, partnership, q):
    return client.get(under(partnership, reverse("lis:areas")), {"q": q})


def test_a_postcode_gives_the_areas_it_is_in_linked_to_their_profiles(
    client, partnership, postcode, figures
):
    response = chooser(client, partnership, "w52hl")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No area with figures here matches" not in page
    assert '<h2 class="govuk-heading-m" id="postcode-areas">W5 2HL</h2>' in page
    assert '<a class="govuk-link" href="/ealing/lis/areas/E01001234/">Ealing 001A</a>' in page
    assert '<a class="govuk-link" href="/ealing/lis/areas/E09000009/">Ealing</a>' in page
    # The MSOA has no figures: named, not linked to an empty profile.
    assert "Ealing 001 <span" in page
    assert "E02000238, no figures here yet" in page
    assert 'href="/ealing/lis/areas/E02000238/"' not in page
    found = response.context["postcode"]
    assert [(a.area.code, a.has_figures) for a in found.areas] == [
        ("E01001234", True),
        ("E02000238", False),
        ("E09000009", True),
    ]


def test_a_postcode_not_loaded_here_is_said_so(client, partnership, places):
    page = chooser(client, partnership, "W5 9ZZ").content.decode()
    assert "We do not know W5 9ZZ: it is not in a local authority loaded here" in page
    assert "No area with figures here matches" not in page


def test_a_name_is_still_searched_as_a_name(client, partnership, places, figures):
    response = chooser(client, partnership, "Ealing 001")
    assert response.context["postcode"] is None
    assert 'href="/ealing/lis/areas/E01001234/"' in response.content.decode()


def test_the_postcode_offers_no_area_whose_figures_the_reader_may_not_see(
    client, partnership, places, internal_figures, board_member
):
    PostcodeFactory(postcode="W5 3AA", local_authority=places["ealing"], lsoa=places["lsoas"][1])
    assert 'href="/ealing/lis/areas/E01001235/"' not in (
        chooser(client, partnership, "W5 3AA").content.decode()
    )
    client.force_login(board_member)
    assert 'href="/ealing/lis/areas/E01001235/"' in (
        chooser(client, partnership, "W5 3AA").content.decode()
    )


def test_postcode_areas_are_read_in_two_queries(
    partnership, postcode, figures, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    # the postcode with its areas, which of them have figures
    with django_assert_num_queries(2):
        found = profiles.postcode_areas(AnonymousUser(), partnership, "W5 2HL")
    assert len(found.with_figures) == 2


# A place's page ------------------------------------------------------------------


def place(client, partnership, code):
    return client.get(under(partnership, reverse("geography:area-detail", args=[code])))


def test_a_places_page_links_to_its_area_profile(client, partnership, figures):
    page = place(client, partnership, "E01001234").content.decode()
    assert '<h2 class="govuk-heading-m">Statistics</h2>' in page
    assert 'href="/ealing/lis/areas/E01001234/">Area profile of Ealing 001A</a>' in page


def test_a_place_with_no_figures_has_no_profile_link(client, partnership, postcode, figures):
    page = place(client, partnership, "E02000238").content.decode()
    assert "Statistics" not in page
    assert "/lis/areas/" not in page


def test_a_place_links_to_figures_only_for_readers_who_may_see_them(
    client, partnership, internal_figures, board_member
):
    assert "/lis/areas/E01001235/" not in place(client, partnership, "E01001235").content.decode()
    client.force_login(board_member)
    assert "/lis/areas/E01001235/" in place(client, partnership, "E01001235").content.decode()


@pytest.fixture
def acton(partnership, places, figures):
    """The ward Acton Central in Ealing (no figures of its own), whose three
    postcodes are in Ealing 001A (two, with figures) and Ealing 001B (one, none)."""
    partnership.area = places["ealing"]
    partnership.save()
    ward = AreaFactory(
        code="E05013514", name="Acton Central", area_type=AreaType.WARD, parent=places["ealing"]
    )
    first, second = places["lsoas"]
    for postcode, lsoa in (("W3 6AA", first), ("W3 6AB", first), ("W3 6AD", second)):
        PostcodeFactory(postcode=postcode, local_authority=places["ealing"], ward=ward, lsoa=lsoa)
    return ward


def test_a_ward_name_finds_the_ward_and_the_areas_with_figures_its_postcodes_are_in(
    client, partnership, places, acton
):
    """A resident typing their ward's name found nothing: wards carry no figures
    and LSOAs are named "Ealing 001A". The ward is listed, saying plainly where
    figures are published, with the LSOAs its postcodes are in (those with figures,
    linked, most of its postcodes first) and its borough's profile."""
    response = chooser(client, partnership, "acton")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No area with figures here matches" not in page
    wards = page.split('<h2 class="govuk-heading-m" id="wards">Wards</h2>', 1)[1]
    assert wards.index("Figures are published for lower and middle layer super output areas") < (
        wards.index("Acton Central")
    )
    assert "ward, E05013514" in wards
    assert (
        '<a class="govuk-link" href="/ealing/lis/areas/E01001234/">Ealing 001A</a> '
        '<span class="govuk-hint govuk-!-display-inline">2 of its 3 postcodes</span>'
    ) in wards
    assert "E01001235" not in wards  # no figures: not offered
    assert "Ealing 001B" not in wards
    assert 'href="/ealing/lis/areas/E09000009/">profile of Ealing</a>' in wards
    assert 'href="/ealing/lis/areas/E05013514/"' not in page  # no profile of its own
    (choice,) = response.context["wards"].wards
    assert [(a.code, n) for a, n in choice.lsoas] == [("E01001234", 2)]
    assert choice.postcodes == 3


def test_a_ward_whose_areas_have_no_figures_says_so(client, partnership, places):
    partnership.area = places["ealing"]
    partnership.save()
    ward = AreaFactory(
        code="E05013515", name="South Acton", area_type=AreaType.WARD, parent=places["ealing"]
    )
    PostcodeFactory(postcode="W3 8AA", local_authority=places["ealing"], ward=ward)
    page = chooser(client, partnership, "South Acton").content.decode()
    assert "South Acton" in page
    assert "None of the LSOAs or MSOAs its postcodes are in has figures here yet." in page
    assert "profile of Ealing" not in page  # Ealing has no figures either


def test_a_ward_outside_the_partnerships_place_is_not_listed(client, partnership, places, acton):
    AreaFactory(
        code="E05013600", name="Acton Lane", area_type=AreaType.WARD, parent=places["brent"]
    )
    page = chooser(client, partnership, "acton").content.decode()
    assert "Acton Central" in page
    assert "Acton Lane" not in page


def test_a_ward_search_reads_the_same_queries_however_many_postcodes(
    client, partnership, places, acton, django_assert_max_num_queries
):
    user = client.get(under(partnership, reverse("lis:areas"))).wsgi_request.user
    with django_assert_max_num_queries(4):
        found = profiles.ward_choices(user, partnership, "Acton")
    assert [c.ward.code for c in found.wards] == ["E05013514"]


def test_a_wards_place_page_gives_the_areas_with_figures_that_stand_for_it(
    client, partnership, acton
):
    """A ward's page said nothing of statistics (wards carry no figures): it gives
    the LSOAs with figures its postcodes are in, and its borough's profile, as the
    area chooser does."""
    page = place(client, partnership, "E05013514").content.decode()
    section = page.split('<h2 class="govuk-heading-m">Statistics</h2>', 1)[1]
    assert "not for wards" in section
    assert (
        '<a class="govuk-link" href="/ealing/lis/areas/E01001234/">Ealing 001A</a> '
        '<span class="govuk-hint govuk-!-display-inline">2 of its 3 postcodes</span>'
    ) in section
    assert "Ealing 001B" not in section  # no figures
    assert 'href="/ealing/lis/areas/E09000009/">profile of Ealing</a>' in section


def test_a_wards_place_page_says_nothing_of_statistics_when_none_stand_for_it(
    client, partnership, places
):
    ward = AreaFactory(
        code="E05013515", name="South Acton", area_type=AreaType.WARD, parent=places["ealing"]
    )
    PostcodeFactory(postcode="W3 8AA", local_authority=places["ealing"], ward=ward)
    assert "Statistics" not in place(client, partnership, "E05013515").content.decode()


def test_a_wards_place_page_offers_only_figures_the_reader_may_see(
    client, partnership, places, acton, internal_figures, board_member
):
    """Ealing 001B's only figure is not public: its link is for the partnership's
    own people."""
    assert "Ealing 001B" not in place(client, partnership, "E05013514").content.decode()
    client.force_login(board_member)
    assert "Ealing 001B" in place(client, partnership, "E05013514").content.decode()
