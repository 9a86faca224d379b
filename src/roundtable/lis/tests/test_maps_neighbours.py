"""The map compared with statistical neighbours (#12 item 8): the chosen area and its
neighbours only, each against the neighbours' figure worked out as the area profile
does; the choice in the data, the page, its table and its permalink; bad choices
named; a suppressed neighbour's figures never shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory
from roundtable.lis.tests.test_profiles import SECRETS, observe
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

#: Six LSOAs: by density the nearest two to A are B and C; their admissions add up
#: to 300 per 100,000 (B 100, better; C 500, worse), as A's (similar).
DENSITY = {"A": 10, "B": 11, "C": 12, "D": 50, "E": 60, "F": 70}
ADMISSIONS = {"A": 300, "B": 100, "C": 500, "D": 700, "E": 40, "F": 320}


@pytest.fixture
def places(partnership):
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    ealing = LocalAuthorityFactory(code="E09000009", name="Ealing", parent=england)
    lsoas = {
        key: LsoaFactory(code=f"E0100000{n}", name=f"Ealing 00{n}{key}", parent=ealing)
        for n, key in enumerate(DENSITY, start=1)
    }
    dataset = DatasetFactory(partnership=partnership, slug="health")
    admissions = IndicatorFactory(
        partnership=partnership, code="ADM", name="Admissions", polarity="lower",
        value_type="rate", multiplier=100_000, decimals=1, in_report=False, on_lis=True,
    )  # fmt: skip
    density = IndicatorFactory(
        partnership=partnership, code="DEN", name="Density", polarity="none",
        value_type="proportion", multiplier=100, decimals=1, in_report=False, on_lis=True,
    )  # fmt: skip
    for key, lsoa in lsoas.items():
        observe(dataset, admissions, lsoa, count=ADMISSIONS[key], denominator=100_000)
        observe(dataset, density, lsoa, count=DENSITY[key], denominator=100)
    observe(dataset, admissions, ealing, count=2_000, denominator=600_000)
    observe(dataset, admissions, england, count=200, denominator=100_000)
    return {"lsoas": lsoas, "dataset": dataset, "admissions": admissions}


NEIGHBOURS = {"compare": "neighbours", "area": "E01000001", "by": "DEN", "n": "2"}


def _data(client, partnership, **params):
    query = {"indicator": "ADM", "area_type": "lsoa", "within": "E09000009", **params}
    return client.get(under(partnership, reverse("lis:map-data")), query)


def _page(client, partnership, **params):
    query = {"indicator": "ADM", "area_type": "lsoa", "within": "E09000009", **params}
    return client.get(under(partnership, reverse("lis:map")), query)


def test_only_the_area_and_its_neighbours_are_coloured_against_their_figure(
    client, partnership, places
):
    data = _data(client, partnership, **NEIGHBOURS).json()
    assert data["compare"] == "neighbours"
    assert data["group"] == ["E01000001", "E01000002", "E01000003"]
    assert list(data["areas"]) == data["group"]  # the area first, then nearest first
    assert data["benchmark"]["value"] == pytest.approx(300.0)
    assert data["benchmark"]["area_name"] == "the 2 statistical neighbours of Ealing 001A"
    classes = {code: a["class"] for code, a in data["areas"].items()}
    assert classes == {"E01000001": "similar", "E01000002": "better", "E01000003": "worse"}
    assert "Ealing 001A and its 2 statistical neighbours" in data["summary"]
    assert "over Density" in data["summary"]


def test_the_maps_comparator_is_the_profiles_neighbours_figure(client, partnership, places):
    profile = client.get(
        under(partnership, reverse("lis:area", args=["E01000001"])),
        {"benchmark": "neighbours", "by": "DEN", "n": "2"},
    )
    row = next(r for r in profile.context["profile"].rows if r.indicator.code == "ADM")
    data = _data(client, partnership, **NEIGHBOURS).json()
    assert data["benchmark"]["value"] == pytest.approx(row.neighbours.value)
    assert data["areas"]["E01000001"]["class"] == str(row.comparison_95).lower()


def test_without_by_the_neighbours_are_nearest_by_the_maps_indicator(client, partnership, places):
    data = _data(client, partnership, compare="neighbours", area="E01000001", n="2").json()
    # By admissions alone, A's (300) nearest are F (320), then B (100).
    assert data["group"] == ["E01000001", "E01000006", "E01000002"]
    assert "over Admissions" in data["summary"]


def test_england_and_the_parent_can_be_chosen(client, partnership, places):
    default = _data(client, partnership).json()
    assert default["benchmark"]["area_name"] == "Ealing"
    england = _data(client, partnership, compare="england").json()
    assert england["benchmark"]["area_name"] == "England"
    assert england["areas"]["E01000003"]["class"] == "worse"  # 500 against 200
    assert default["areas"]["E01000005"]["class"] == "better"
    no_parent = _data(client, partnership, compare="parent", within="").json()
    assert no_parent["benchmark"] is None


def test_the_page_shows_the_group_in_its_table_and_keeps_the_choice(client, partnership, places):
    response = _page(client, partnership, **NEIGHBOURS)
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('<tbody class="govuk-table__body" id="map-rows">') :]
    table = table[: table.index("</tbody>")]
    assert table.count("<tr") == 3
    assert "Compared with the 2 statistical neighbours of Ealing 001A" in page
    assert "compare=neighbours&amp;area=E01000001&amp;by=DEN&amp;n=2" in page  # first data
    assert "areas=E01000001%2CE01000002%2CE01000003" in page  # their boundaries
    assert '<option value="neighbours" selected>' in page
    assert 'name="by" type="checkbox" value="DEN" checked' in page


def test_the_postcodes_area_is_the_one_compared(client, partnership, places):
    from roundtable.geography.tests.factories import PostcodeFactory

    PostcodeFactory(postcode="W5 2HL", lsoa=places["lsoas"]["A"])
    response = _page(client, partnership, compare="neighbours", by="DEN", n="2", postcode="W5 2HL")
    assert response.status_code == 200
    assert response.context["data"].group_codes[0] == "E01000001"


@pytest.mark.parametrize(
    ("params", "status", "parameter", "words"),
    [
        ({"compare": "nearby"}, 400, "compare", "compare: nearby is not one of"),
        ({"compare": "neighbours"}, 400, "area", "area: enter the code of the area"),
        (
            {"compare": "neighbours", "area": "E09000009"},
            400,
            "area",
            "area: Ealing is not one of the map's areas (Lower layer",
        ),
        ({"compare": "neighbours", "area": "E01999999"}, 404, "", "No area has the code E01999"),
        ({**NEIGHBOURS, "by": "NOPE"}, 400, "by", "no indicator on the LIS has the code NOPE"),
    ],
)
def test_bad_choices_are_named(client, partnership, places, params, status, parameter, words):
    response = _data(client, partnership, **params)
    assert response.status_code == status
    assert words in response.json()["detail"]
    if status == 400:
        assert response.json()["parameter"] == parameter
    page = _page(client, partnership, **params)
    assert page.status_code == 400
    assert words.replace("'", "&#x27;") in page.content.decode()


@pytest.mark.parametrize("typed", ["0", "abc", "500"])
def test_a_bad_number_of_neighbours_is_named_on_its_field(client, partnership, places, typed):
    """The data names the parameter; the page says it on the "How many neighbours"
    field in plain words, as the neighbours page does, and keeps what was typed."""
    response = _data(client, partnership, **{**NEIGHBOURS, "n": typed})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "n: enter a whole number from 1 to 50 for how many neighbours",
        "parameter": "n",
    }
    page = _page(client, partnership, **{**NEIGHBOURS, "n": typed})
    assert page.status_code == 400
    content = page.content.decode()
    assert '<li><a href="#map-n">Enter a whole number from 1 to 50</a></li>' in content
    assert (
        '<p class="govuk-error-message" id="map-n-error"><span class="govuk-visually-hidden">'
        "Error:</span> Enter a whole number from 1 to 50</p>" in content
    )
    assert f'id="map-n" name="n" type="text" inputmode="numeric" value="{typed}"' in content
    assert '<details class="govuk-details" id="map-neighbours" open>' in content


def test_a_suppressed_neighbour_leaves_the_group_uncompared_and_unshown(
    client, partnership, places
):
    from roundtable.lis.models import Observation

    Observation.objects.filter(area__code="E01000003", indicator__code="ADM").update(
        suppressed=True, value=987654.125, count=3, denominator=8765431
    )
    response = _data(client, partnership, **NEIGHBOURS)
    data = response.json()
    assert data["benchmark"] is None
    assert data["areas"]["E01000003"]["class"] == "suppressed"
    assert "not compared: the neighbours' figure cannot be worked out" in data["summary"]
    page = _page(client, partnership, **NEIGHBOURS).content.decode()
    for secret in SECRETS:
        assert secret not in response.content.decode()
        assert secret not in page


def test_the_download_names_the_comparator_and_holds_the_group(client, partnership, places):
    response = _page(client, partnership, **NEIGHBOURS, download="csv")
    assert response["Content-Disposition"] == 'attachment; filename="map-adm-lsoa.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Area code,Area,Indicator,Period,Value,")
    assert (
        "Compared with the 2 statistical neighbours of Ealing 001A (300.0 count per 100,000) "
        "at 95%" in lines[0]
    )  # the neighbours' figure in its unit, as the summary gives it
    assert [line.split(",")[0] for line in lines[1:]] == ["E01000001", "E01000002", "E01000003"]
    assert lines[2].endswith(',Better,,"count per 100,000"')  # the note, the unit
    page = _page(client, partnership, **NEIGHBOURS).content.decode()
    assert "compare=neighbours&amp;area=E01000001&amp;by=DEN&amp;n=2&amp;download=csv" in page
    england = _page(client, partnership, compare="england", download="xlsx")
    assert england["Content-Disposition"].endswith('.xlsx"')
    refused = _page(client, partnership, download="pdf")
    assert refused.status_code == 400
    # The error summary's link leads to the download links, which are on the page.
    assert 'href="#map-downloads"' in refused.content.decode()
    assert 'id="map-downloads"' in refused.content.decode()
    # It names the choice, what was asked for and the formats there are, there too.
    said = "download: \u201cpdf\u201d is not a format to download; choose csv or xlsx"
    assert f'<a href="#map-downloads">{said}</a>' in refused.content.decode()
    assert f'<span class="govuk-visually-hidden">Error:</span> {said}</p>' in (
        refused.content.decode()
    )
    # The map is still drawn: its table lists the areas.
    assert len(refused.context["rows"]) == 6
    assert 'data-area="E01000001"' in refused.content.decode()


def test_a_suppressed_cell_is_only_its_note_in_the_download(client, partnership, places):
    from roundtable.lis.models import Observation

    Observation.objects.filter(area__code="E01000003", indicator__code="ADM").update(
        suppressed=True, value=987654.125, count=3, denominator=8765431
    )
    text = _page(client, partnership, download="csv").content.decode()
    assert "E01000003" in text
    for secret in SECRETS:
        assert secret not in text
