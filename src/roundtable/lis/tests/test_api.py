"""GET /api/v1/lis/…: open data only, suppressed cells without figures, errors named."""

from __future__ import annotations

import pytest

from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis.models import Observation
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/lis"


@pytest.fixture
def ealing(partnership):
    """Ealing with two MSOAs of LSOAs, one LSOA elsewhere, and a published dataset of
    stroke rates for 2011 (one suppressed cell) and a held dataset."""
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    msoas = [
        AreaFactory(
            code=f"E0200000{i}", name=f"Ealing 00{i}", area_type=AreaType.MSOA, parent=borough
        )
        for i in (1, 2)
    ]
    lsoas = [
        LsoaFactory(code=f"E0100000{i}", name=f"Ealing 00{i}A", parent=msoas[i % 2])
        for i in range(1, 5)
    ]
    elsewhere = LsoaFactory(code="E01099999", name="Brent 001A")
    stroke = IndicatorFactory(
        partnership=partnership, code="STR1", value_type="rate", in_report=False, on_lis=True
    )
    published = DatasetFactory(partnership=partnership, slug="stroke", title="Stroke admissions")
    for n, area in enumerate([*lsoas, elsewhere]):
        ObservationFactory(
            dataset=published,
            indicator=stroke,
            area=area,
            period="2011",
            value=100.0 + n,
            count=20 + n,
        )
    ObservationFactory(
        dataset=published, indicator=stroke, area=lsoas[0], period="2012", value=99.0
    )
    ObservationFactory(
        dataset=published, indicator=stroke, area=lsoas[0], period="2011", sex="Female", value=55.0
    )
    held = DatasetFactory(
        partnership=partnership, slug="held", title="Held by the police", published=False
    )
    ObservationFactory(dataset=held, indicator=stroke, area=lsoas[0], period="2013", value=77.0)
    secret = lsoas[1].observations.get(period="2011")
    secret.count, secret.value, secret.suppressed = 3, 1234.5, True
    secret.lower_ci_95, secret.upper_ci_95 = 1000.25, 1500.75
    secret.save()
    return partnership


def test_observations_of_one_indicator_for_the_lsoas_of_a_borough(client, ealing):
    response = client.get(
        f"{API}/observations",
        {"indicator": "STR1", "area_type": "lsoa", "within": "E09000009", "period": "2011"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    first = body["items"][0]
    assert first == {
        "indicator": "STR1",
        "area_code": "E01000001",
        "area_name": "Ealing 001A",
        "period": "2011",
        "value": 100.0,
        "count": 20.0,
        "denominator": 200.0,
        "lower_ci_95": None,
        "upper_ci_95": None,
        "lower_ci_99_8": None,
        "upper_ci_99_8": None,
        "ci_method": None,  # an extension of the contract's fields
        "note": None,
    }
    assert [i["area_code"] for i in body["items"]] == [
        "E01000001",
        "E01000002",
        "E01000003",
        "E01000004",
    ]


def test_a_suppressed_cell_has_no_figures_only_a_note(client, ealing):
    response = client.get(
        f"{API}/observations", {"indicator": "STR1", "within": "E02000001", "period": "2011"}
    )
    text = response.content.decode()
    for figure in ("1234.5", "1000.25", "1500.75"):
        assert figure not in text
    item = next(i for i in response.json()["items"] if i["area_code"] == "E01000002")
    for name in ("value", "count", "denominator", "lower_ci_95", "upper_ci_95"):
        assert item[name] is None
    assert item["note"].startswith("Suppressed to protect confidentiality")


def test_a_cell_hidden_for_another_cells_sake_has_the_same_note_as_a_small_one(client, ealing):
    """Secondary suppression: the cell's own count (21) is not small; the note must not
    say it is, nor tell it apart from a cell whose count is (that would help work the
    small count out again)."""
    shield = Observation.objects.get(area__code="E01000003", period="2011", sex="")
    shield.suppressed = True
    shield.save()
    items = client.get(
        f"{API}/observations", {"indicator": "STR1", "area_type": "lsoa", "period": "2011"}
    ).json()["items"]
    notes = {i["area_code"]: i["note"] for i in items}
    assert notes["E01000003"] == notes["E01000002"]
    assert notes["E01000003"] == (
        "Suppressed to protect confidentiality: a count of 1 to 4 here, "
        "or a figure from which one could be worked out"
    )


def test_held_datasets_are_never_published_even_to_their_partnership(client, ealing, board_member):
    client.force_login(board_member)
    body = client.get(f"{API}/observations", {"indicator": "STR1", "period": "2013"}).json()
    assert body == {"count": 0, "items": []}
    slugs = [d["slug"] for d in client.get(f"{API}/datasets").json()["items"]]
    assert slugs == ["stroke"]


def test_breakdowns_are_asked_for_by_name(client, ealing):
    body = client.get(f"{API}/observations", {"indicator": "STR1", "sex": "Female"}).json()
    assert [(i["area_code"], i["value"]) for i in body["items"]] == [("E01000001", 55.0)]


def test_periods_are_matched_whatever_their_spelling_and_pages_are_counted(client, ealing):
    body = client.get(f"{API}/observations", {"indicator": "str1", "limit": 2, "offset": 1}).json()
    assert body["count"] == 6
    assert len(body["items"]) == 2
    body = client.get(f"{API}/observations", {"indicator": "str1", "offset": 4}).json()
    assert (body["count"], len(body["items"])) == (6, 2)  # a last page still counts all


def test_unknown_indicator_and_area_are_404_in_the_api_shape(client, ealing):
    response = client.get(f"{API}/observations", {"indicator": "NOPE"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No indicator on the LIS has the code NOPE"}
    response = client.get(f"{API}/observations", {"indicator": "STR1", "within": "E09999999"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No area has the code E09999999"}


def test_an_indicator_not_on_the_lis_or_not_public_is_unknown(client, ealing):
    IndicatorFactory(partnership=ealing, code="NI 1")
    IndicatorFactory(partnership=ealing, code="HID", on_lis=True, is_public=False)
    assert client.get(f"{API}/observations", {"indicator": "NI 1"}).status_code == 404
    assert client.get(f"{API}/observations", {"indicator": "HID"}).status_code == 404
    codes = [i["code"] for i in client.get(f"{API}/indicators").json()["items"]]
    assert codes == ["STR1"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"indicator": "STR1", "period": "last year"}, "period"),
        ({"indicator": "STR1", "area_type": "planet"}, "area_type"),
        ({"indicator": "STR1", "limit": "lots"}, "limit"),
        ({"indicator": "STR1", "limit": "0"}, "limit"),
        ({"indicator": "STR1", "offset": "-1"}, "offset"),
        ({}, "indicator"),
    ],
)
def test_malformed_filters_are_422_naming_the_parameter(client, ealing, query, parameter):
    response = client.get(f"{API}/observations", query)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [parameter]


def test_areas_by_type_inside_an_area(client, ealing):
    body = client.get(f"{API}/areas", {"area_type": "lsoa", "within": "E09000009"}).json()
    assert body["count"] == 4
    assert body["items"][0] == {
        "code": "E01000001",
        "name": "Ealing 001A",
        "area_type": "lsoa",
        "parent": "E02000002",
    }
    assert client.get(f"{API}/areas", {"within": "E09999999"}).status_code == 404


def test_datasets_list_the_catalogue_entry(client, ealing, council):
    DatasetFactory(
        partnership=ealing,
        slug="census",
        title="Census 2011",
        publisher=council,
        themes=["Population"],
    )
    items = client.get(f"{API}/datasets").json()["items"]
    census = items[0]
    assert (census["slug"], census["publisher"], census["licence"], census["themes"]) == (
        "census",
        "Ealing Council",
        "OGL-UK-3.0",
        ["Population"],
    )


@pytest.mark.parametrize("areas", [2, 20])
def test_observations_take_the_same_queries_whatever_the_number_of_rows(
    client, ealing, areas, django_assert_num_queries
):
    dataset = DatasetFactory(partnership=ealing, slug="more")
    indicator = IndicatorFactory(partnership=ealing, code="MORE", on_lis=True)
    for _ in range(areas):
        ObservationFactory(dataset=dataset, indicator=indicator)
    # the indicator's id, the page (a first page shorter than the limit is the count)
    with django_assert_num_queries(2):
        response = client.get(f"{API}/observations", {"indicator": "MORE"})
    assert response.json()["count"] == areas
    # the indicator's id, the page, the count
    with django_assert_num_queries(3):
        response = client.get(f"{API}/observations", {"indicator": "MORE", "limit": 1})
    assert response.json()["count"] == areas


# Custom areas ------------------------------------------------------------------------


@pytest.fixture
def custom(ealing):
    """A custom area of two public LSOAs, and one that includes the suppressed LSOA."""
    from roundtable.geography.models import Area
    from roundtable.geography.tests.factories import CustomAreaFactory

    both = CustomAreaFactory(code="ealing-pair", name="The pair", partnership=ealing)
    both.components.set(Area.objects.filter(code__in=["E01000001", "E01000003"]))
    leaky = CustomAreaFactory(code="ealing-leaky", name="Leaky", partnership=ealing)
    leaky.components.set(Area.objects.filter(code__in=["E01000001", "E01000002"]))
    msoa = CustomAreaFactory(code="ealing-msoa", name="One MSOA", partnership=ealing)
    msoa.components.set(Area.objects.filter(code="E02000001"))
    return ealing


def test_within_a_custom_area_means_its_components_and_what_is_inside_them(client, custom):
    body = client.get(
        f"{API}/observations", {"indicator": "STR1", "within": "ealing-pair", "period": "2011"}
    ).json()
    assert [i["area_code"] for i in body["items"]] == ["E01000001", "E01000003"]
    body = client.get(
        f"{API}/observations",
        {"indicator": "STR1", "within": "ealing-msoa", "area_type": "lsoa", "period": "2011"},
    ).json()
    assert [i["area_code"] for i in body["items"]] == ["E01000002", "E01000004"]
    areas = client.get(f"{API}/areas", {"within": "ealing-msoa"}).json()
    assert {a["code"] for a in areas["items"]} == {"E02000001", "E01000002", "E01000004"}


def test_a_custom_area_adds_up_counts_and_denominators_and_recomputes_the_rate(client, custom):
    from roundtable.lis.models import Observation

    rows = Observation.objects.filter(
        area__code__in=["E01000001", "E01000003"], period="2011", sex=""
    )
    count = sum(r.count for r in rows)
    denominator = sum(r.denominator for r in rows)
    multiplier = rows[0].indicator.multiplier
    body = client.get(
        f"{API}/observations", {"indicator": "STR1", "area": "ealing-pair", "period": "2011"}
    ).json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["area_code"] == "ealing-pair"
    assert item["count"] == count
    assert item["denominator"] == denominator
    # The rate of the sums, not the mean of the two rates (100 and 102).
    assert item["value"] == pytest.approx(count / denominator * multiplier)
    assert item["lower_ci_95"] < item["value"] < item["upper_ci_95"]
    assert item["ci_method"]
    assert item["note"] == "Added up from 2 component areas"


def test_a_custom_area_of_an_indicator_without_limits_gets_none(client, custom):
    from roundtable.performance.models import Indicator

    Indicator.objects.filter(code="STR1").update(ci_method="None: complete counts")
    body = client.get(
        f"{API}/observations", {"indicator": "STR1", "area": "ealing-pair", "period": "2011"}
    ).json()
    (item,) = body["items"]
    assert item["value"] is not None
    assert [item[n] for n in ("lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8")] == [
        None
    ] * 4
    assert item["ci_method"] is None


def test_a_custom_area_with_a_suppressed_component_is_withheld(client, custom):
    response = client.get(
        f"{API}/observations", {"indicator": "STR1", "area": "ealing-leaky", "period": "2011"}
    )
    text = response.content.decode()
    (item,) = response.json()["items"]
    assert item["value"] is item["count"] is item["denominator"] is None
    assert item["note"] == "Not shown for this custom area: a component area's figure is suppressed"
    for figure in ("1234.5", "1000.25", "1500.75"):
        assert figure not in text


def test_a_custom_area_with_a_component_missing_a_figure_is_withheld(client, custom):
    body = client.get(
        f"{API}/observations", {"indicator": "STR1", "area": "ealing-pair", "period": "2012"}
    ).json()
    (item,) = body["items"]
    assert item["value"] is None
    assert item["note"] == "Not shown for this custom area: 1 component area has no figure"


def test_one_official_area_by_its_code(client, ealing):
    body = client.get(f"{API}/observations", {"indicator": "STR1", "area": "E01000001"}).json()
    assert {i["period"] for i in body["items"]} == {"2011", "2012"}
    assert {i["area_code"] for i in body["items"]} == {"E01000001"}
    assert client.get(f"{API}/observations", {"indicator": "STR1", "area": "E0"}).status_code == 404


def test_indicators_are_listed_by_code_as_people_read_it_before_paging(client, partnership):
    # text order would be "Local 25", "Local 3", "NI 195 d", "NI 45"
    for code in ["NI 195 d", "Local 25", "NI 45", "Local 3"]:
        IndicatorFactory(partnership=partnership, code=code, in_report=False, on_lis=True)
    first = client.get(f"{API}/indicators", {"limit": 2}).json()
    rest = client.get(f"{API}/indicators", {"limit": 2, "offset": 2}).json()
    assert first["count"] == 4
    codes = [i["code"] for i in first["items"] + rest["items"]]
    assert codes == ["Local 3", "Local 25", "NI 45", "NI 195 d"]
