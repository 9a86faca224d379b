"""Compare areas: choosing the areas on the page (by name, code or postcode),
removing them, and what a typed area that cannot be found says."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, PostcodeFactory
from roundtable.lis import comparisons
from roundtable.lis.profile_figures import BadParameter
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postcode(places):
    return PostcodeFactory(
        postcode="W5 2HL", local_authority=places["ealing"], lsoa=places["lsoas"][0]
    )


@pytest.fixture
def figures(partnership, places):
    """Figures for Ealing and Brent: areas the comparison may add."""
    dataset = DatasetFactory(partnership=partnership)
    indicator = ObservationFactory(dataset=dataset, area=places["ealing"]).indicator
    ObservationFactory(dataset=dataset, indicator=indicator, area=places["brent"])
    return indicator


def compare(client, partnership, **query):
    return client.get(under(partnership, reverse("lis:area-compare")), query)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("E09000005", "E09000005"),
        ("e09000005", "E09000005"),
        ("Brent", "E09000005"),
        (" brent ", "E09000005"),
        ("brnt", None),
        ("Lond", "E12000007"),  # a part of a name that names one area
        ("ealing 001a", "E01001234"),
    ],
)
def test_an_area_is_found_by_its_code_or_name(places, typed, code):
    if code is None:
        with pytest.raises(BadParameter, match="no area here is called “brnt”"):
            comparisons.find_area(typed)
    else:
        assert comparisons.find_area(typed).code == code


def test_a_name_that_matches_several_areas_lists_some_and_asks_for_more(places):
    with pytest.raises(BadParameter) as error:
        comparisons.find_area("Ealing 001")
    assert str(error.value) == (
        "add: more than one area matches “Ealing 001”, such as Ealing 001A (E01001234), "
        "Ealing 001B (E01001235); enter more of its name, or its code"
    )


def test_a_name_of_several_areas_picks_the_one_of_the_first_areas_type(places):
    AreaFactory(code="E05000001", name="Brent", area_type=AreaType.WARD)
    with pytest.raises(BadParameter, match="more than one area matches"):
        comparisons.find_area("Brent")
    assert comparisons.find_area("Brent", like=places["ealing"]).code == "E09000005"


def test_a_postcode_finds_its_area_of_the_first_areas_type(places, postcode):
    assert comparisons.find_area("w52hl").code == "E09000009"  # its local authority
    assert comparisons.find_area("W5 2HL", like=places["lsoas"][0]).code == "E01001234"
    assert comparisons.find_area("W5 2HL", like=places["london"]).code == "E09000009"
    with pytest.raises(BadParameter, match="add: We do not know SW1A 1AA"):
        comparisons.find_area("SW1A 1AA")


def test_a_postcode_without_an_area_of_that_type_says_so(places):
    PostcodeFactory(postcode="W5 9ZZ", local_authority=places["ealing"], lsoa=None)
    with pytest.raises(BadParameter) as error:
        comparisons.find_area("W5 9ZZ", like=places["lsoas"][0])
    assert str(error.value) == (
        "add: we do not know the lower layer super output area (LSOA) of W5 9ZZ"
    )


def test_blank_is_refused(places):
    with pytest.raises(BadParameter, match="add: enter the name or code of an area"):
        comparisons.find_area("  ")


def test_the_page_without_areas_is_the_form_to_add_the_first(client, partnership, places):
    response = compare(client, partnership)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Add the first area" in page
    assert 'name="add"' in page
    assert response.context["comparison"] is None
    # A download needs areas.
    assert compare(client, partnership, download="csv").status_code == 400


def test_adding_an_area_moves_to_the_comparisons_address(client, partnership, places, figures):
    response = compare(client, partnership, area="E09000009", indicator="SMK", add="Brent")
    assert response.status_code == 302
    assert response["Location"] == (
        under(partnership, reverse("lis:area-compare"))
        + "?indicator=SMK&area=E09000009&area=E09000005"
    )
    again = compare(client, partnership, area=["E09000009", "E09000005"], add="e09000005")
    assert again["Location"].endswith("?area=E09000009&area=E09000005")  # not twice


def test_an_area_not_found_is_an_error_on_the_field_and_keeps_the_comparison(
    client, partnership, places
):
    response = compare(client, partnership, area="E09000009", add="Narnia")
    assert response.status_code == 400
    page = response.content.decode()
    assert "No area here is called “Narnia”" in page
    assert "<title>Error: Compare areas" in page
    assert 'href="#compare-add"' in page
    assert 'value="Narnia"' in page
    assert [a.code for a in response.context["comparison"].areas] == ["E09000009"]
    assert "add=" not in response.context["links"]["csv"]


def hint(response) -> str:
    page = response.content.decode()
    start = page.index('id="compare-add-hint">') + len('id="compare-add-hint">')
    return page[start : page.index("</div>", start)]


def test_the_hint_names_the_partnerships_own_place_when_it_has_figures(
    client, partnership, places, figures
):
    """The hint named Brent (E09000005), which the demo does not load; it names an
    area with figures here, the partnership's place first."""
    partnership.area = places["ealing"]
    partnership.save()
    assert hint(compare(client, partnership)).startswith(
        "Its name or code, like Ealing or E09000009, or a postcode (for its local authority)."
    )


def test_the_hints_example_is_of_the_first_areas_type_and_not_compared_yet(
    client, partnership, places, figures
):
    partnership.area = places["ealing"]
    partnership.save()
    beside = compare(client, partnership, area="E09000009")
    assert hint(beside).startswith("Its name or code, like Brent or E09000005, or a postcode")
    ObservationFactory(
        dataset=figures.observations.first().dataset, indicator=figures, area=places["lsoas"][1]
    )
    lsoas = compare(client, partnership, area="E01001234")
    assert "like Ealing 001B or E01001235" in hint(lsoas)


def test_the_hints_example_has_figures_the_reader_may_see(
    client, partnership, other_partnership, places, board_member
):
    """Only a held dataset's figures for Brent, and another partnership's for Harrow:
    the public gets no example, the partnership's people Brent."""
    held = DatasetFactory(partnership=partnership, published=False)
    ObservationFactory(dataset=held, area=places["brent"])
    ObservationFactory(dataset=DatasetFactory(partnership=other_partnership), area=places["harrow"])
    public = hint(compare(client, partnership))
    assert public.startswith("Its name or code, or a postcode (for its local authority).")
    assert "E09000005" not in public
    assert "Harrow" not in public
    client.force_login(board_member)
    assert "like Brent or E09000005" in hint(compare(client, partnership))


def test_the_hints_example_is_never_a_suppressed_figures_area(client, partnership, places):
    dataset = DatasetFactory(partnership=partnership)
    ObservationFactory(dataset=dataset, area=places["brent"], count=3, suppressed=True)
    assert "like" not in hint(compare(client, partnership))


def test_each_area_can_be_removed(client, partnership, places):
    response = compare(client, partnership, area=["E09000009", "E09000005"])
    removals = {area.code: url for area, url in response.context["removals"]}
    assert removals["E09000009"].endswith("?area=E09000005")
    assert removals["E09000005"].endswith("?area=E09000009")
    assert 'Remove<span class="govuk-visually-hidden"> Brent</span>' in response.content.decode()


def test_at_most_twenty_areas_are_compared(client, partnership, places, figures):
    codes = [AreaFactory(area_type=AreaType.LSOA).code for _ in range(comparisons.MAX_COMPARED)]
    full = compare(client, partnership, area=codes, add="Brent")
    assert full.status_code == 400
    assert "Compare at most 20 areas; remove one first" in full.content.decode()
    # More in the address: the first 20 are compared, the rest named.
    over = compare(client, partnership, area=[*codes, "E09000005"])
    assert over.status_code == 400
    assert (
        '<a href="#compare-add">area: compare at most 20 areas, so E09000005 is not compared</a>'
        in over.content.decode()
    )
    assert [a.code for a in over.context["comparison"].areas] == codes
    several = compare(client, partnership, area=[*codes, "E09000005", "E09000009"])
    assert "so the last 2, E09000005 and E09000009, are not compared" in (several.content.decode())


def test_the_area_chooser_links_to_compare(client, partnership, places):
    page = client.get(under(partnership, reverse("lis:areas"))).content.decode()
    assert f'href="{under(partnership, reverse("lis:area-compare"))}"' in page


@pytest.mark.parametrize("areas", [2, 20])
@pytest.mark.parametrize("typed", ["E09000005", "Brent"])
def test_adding_an_area_takes_the_same_queries_however_many_have_figures(
    client, partnership, places, figures, django_assert_num_queries, areas, typed
):
    for n in range(areas):
        lsoa = AreaFactory(code=f"E0100{n:04d}", area_type=AreaType.LSOA, parent=places["brent"])
        ObservationFactory(
            dataset=figures.observations.first().dataset, indicator=figures, area=lsoa
        )
    # partnership, the first area, the typed text as a code among every area, then
    # the area found (or the name) among those with figures here: one subquery,
    # however many there are
    with django_assert_num_queries(4):
        response = compare(client, partnership, area="E09000009", add=typed)
    assert response["Location"].endswith("area=E09000005")


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("hinted", [True, False])
def test_the_page_takes_the_same_queries_however_many_rows_with_a_hint_or_without(
    client, partnership, places, django_assert_num_queries, rows, hinted
):
    """The hint's example (`comparisons.example_area`) is one query of the page's,
    counted here whether it finds an area (Harrow: figures, not compared yet) or none
    (every figure suppressed, so no area is offered), however many rows there are."""
    dataset = DatasetFactory(partnership=partnership)
    for _ in range(rows):
        indicator = ObservationFactory(
            dataset=dataset, area=places["ealing"], suppressed=not hinted
        ).indicator
        for area in (places["brent"], places["harrow"]):
            ObservationFactory(
                dataset=dataset, indicator=indicator, area=area, suppressed=not hinted
            )
    # partnership, the areas (and England), LIS indicators, observations, the hint's
    # example among the areas with figures here
    with django_assert_num_queries(5) as captured:
        response = compare(client, partnership, area=["E09000009", "E09000005"])
    assert len(response.context["comparison"].rows) == rows
    assert '"compared"' in captured.captured_queries[-1]["sql"]  # the hint's
    if hinted:
        assert response.context["example"] == places["harrow"]
        assert "like Harrow or E09000015" in hint(response)
    else:
        assert response.context["example"] is None
        assert hint(response).startswith("Its name or code, or a postcode")
    # The form before the first area: partnership, the hint's example.
    with django_assert_num_queries(2) as captured:
        empty = compare(client, partnership)
    assert '"compared"' in captured.captured_queries[-1]["sql"]
    assert (empty.context["example"] is not None) is hinted
