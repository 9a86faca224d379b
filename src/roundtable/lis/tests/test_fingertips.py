"""The Fingertips-compatible API at /fingertips/api/: Fingertips' shapes and columns,
open data only, suppressed cells without figures, and errors that name the parameter."""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest

from roundtable.core.testing import found_in
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis import fingertips_tables as tables
from roundtable.lis.fingertips_tables import FingertipsError
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

API = "/fingertips/api/"
SECRETS = ("1234.5", "8765", "1000.25", "held-secret", "77.5", "Hidden indicator")


def build_place(partnership) -> SimpleNamespace:
    """England > London > Ealing > one MSOA > three LSOAs, an LSOA loaded without its
    parents, a published stroke dataset (one suppressed cell, one breakdown by sex),
    a held dataset, and an indicator that is not public."""
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    london = AreaFactory(code="E12000007", name="London", area_type=AreaType.REGION, parent=england)
    ealing = LocalAuthorityFactory(code="E09000009", name="Ealing", parent=london)
    msoa = AreaFactory(code="E02000001", name="Ealing 001", area_type=AreaType.MSOA, parent=ealing)
    lsoas = [
        LsoaFactory(code=f"E0100000{i}", name=f"Ealing 001{letter}", parent=msoa)
        for i, letter in ((1, "A"), (2, "B"), (3, "C"))
    ]
    orphan = LsoaFactory(code="E01099999", name="Brent 001A", parent=None)
    stroke = IndicatorFactory(
        partnership=partnership,
        code="STR1",
        name="Stroke admissions",
        value_type="rate",
        multiplier=100000,
        unit="per 100,000",
        definition="Emergency admissions for stroke",
        data_source="Hospital Episode Statistics",
        polarity="lower",
        in_report=False,
        on_lis=True,
    )
    hidden = IndicatorFactory(
        partnership=partnership, name="Hidden indicator", is_public=False, on_lis=True
    )
    dataset = DatasetFactory(partnership=partnership, slug="stroke", title="Stroke admissions")
    for n, area in enumerate([*lsoas, orphan]):
        ObservationFactory(
            dataset=dataset,
            indicator=stroke,
            area=area,
            period="2011",
            value=100.0 + n,
            count=20 + n,
            denominator=20000,
            lower_ci_95=90.0 + n,
            upper_ci_95=110.0 + n,
        )
    ObservationFactory(
        dataset=dataset, indicator=stroke, area=lsoas[0], period="2011", sex="Female", value=55.0
    )
    ObservationFactory(dataset=dataset, indicator=stroke, area=ealing, period="2011", value=101.0)
    ObservationFactory(dataset=dataset, indicator=hidden, area=lsoas[0], value=77.5)
    secret = lsoas[1].observations.get(period="2011", sex="")
    secret.count, secret.value, secret.denominator, secret.suppressed = 3, 1234.5, 8765, True
    secret.lower_ci_95 = 1000.25
    secret.save()
    held = DatasetFactory(
        partnership=partnership, slug="held", title="Held by the police", published=False
    )
    ObservationFactory(
        dataset=held, indicator=stroke, area=lsoas[2], period="2013", note="held-secret"
    )
    return SimpleNamespace(
        stroke=stroke, hidden=hidden, dataset=dataset, held=held, lsoas=lsoas, ealing=ealing
    )


@pytest.fixture
def place(partnership):
    return build_place(partnership)


def _table(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode())))


def _shows_no_secret(response) -> None:
    # Not in an id: "IndicatorId": 8765 is a record, not the secret count.
    assert not found_in(response.content, *SECRETS)


# The fixed tables (pure) -------------------------------------------------------------------


def test_area_type_ids_are_fingertips_own_or_ours_from_10001():
    assert {row.id: row.area_type for row in tables.AREA_TYPES} == {
        15: "country",
        6: "region",
        401: "local_authority",
        8: "ward",
        3: "msoa",
        10001: "lsoa",
        10002: "custom",
    }


def test_every_area_type_has_a_fingertips_id():
    assert {row.area_type for row in tables.AREA_TYPES} == {t.value for t in AreaType}


def test_fixed_tables_have_unique_ids():
    for table in (tables.SEXES, tables.AGES, tables.VALUE_NOTES):
        ids = [pk for pk, _ in table]
        assert len(ids) == len(set(ids))
    assert dict(tables.SEXES) == {1: "Male", 2: "Female", 4: "Persons"}
    assert dict(tables.AGES)[1] == "All ages"


def test_data_columns_are_in_fingertips_order():
    region = tables.AREA_TYPE_BY_ID[6]
    assert tables.data_columns(region) == [
        "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code",
        "Area Name", "Area Type", "Sex", "Age", "Category Type", "Category", "Time period",
        "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit",
        "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
        "Compared to England value or percentiles", "Compared to Region value or percentiles",
        "Time period Sortable", "New data", "Compared to goal", "Time period range",
    ]  # fmt: skip
    assert tables.data_columns(tables.AREA_TYPE_BY_ID[15])[22] == "Compared to percentiles"


def test_parse_ids_reads_a_list_separated_by_commas():
    assert tables.parse_ids("3, 1,3", "indicator_ids") == [3, 1]
    assert tables.parse_ids("", "profile_ids", required=False) == []


@pytest.mark.parametrize("text", ["abc", "1,,2", "-1", "1.5", "١", "9999999999"])
def test_parse_ids_refuses_what_is_not_an_id_naming_the_parameter(text):
    with pytest.raises(FingertipsError) as error:
        tables.parse_ids(text, "indicator_ids")
    assert error.value.status == 400
    assert error.value.message.startswith("indicator_ids:")


def test_a_missing_id_is_named():
    with pytest.raises(FingertipsError, match="child_area_type_id is missing"):
        tables.parse_id(None, "child_area_type_id")


def test_period_range_and_sortable():
    assert tables.period_range(date(2011, 1, 1), date(2011, 12, 31)) == "1y"
    assert tables.period_range(date(2017, 1, 1), date(2019, 12, 31)) == "3y"
    assert tables.period_range(date(2011, 7, 1), date(2011, 9, 30)) == "1q"
    assert tables.period_range(date(2011, 7, 1), date(2011, 7, 31)) == "1m"
    assert tables.period_sortable(date(2011, 4, 1)) < tables.period_sortable(date(2012, 1, 1))


def test_sexes_are_named_as_fingertips_names_them():
    assert [tables.sex_name(s) for s in ("", "f", "Male", "Other")] == [
        "Persons",
        "Female",
        "Male",
        "Other",
    ]


def test_ci_method_defaults_by_value_type():
    assert tables.ci_method_name("proportion", "") == "Wilson score"
    assert tables.ci_method_name("rate", "") == "Byar's method"
    assert tables.ci_method_name("mean", "") == "No confidence interval"
    assert tables.ci_method_name("rate", "Dobson") == "Dobson"
    # An indicator whose figures have none says so in Fingertips' words.
    assert tables.ci_method_name("count", "None: a census figure") == "No confidence interval"


# Lookups ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ages_sexes_and_value_notes_have_ids_first(client):
    assert client.get(API + "ages").json()[0] == {"Id": 1, "Name": "All ages"}
    assert client.get(API + "sexes").json() == [
        {"Id": 1, "Name": "Male"},
        {"Id": 2, "Name": "Female"},
        {"Id": 4, "Name": "Persons"},
    ]
    assert client.get(API + "value_notes").json() == [
        {"Id": 10001, "Text": "Value suppressed for disclosure control due to small count"}
    ]


@pytest.mark.django_db
def test_area_types_list_every_type(client):
    types = client.get(API + "area_types").json()
    assert types[0] == {"Id": 15, "Name": "England", "ShortName": "England"}
    assert [t["Id"] for t in types] == [15, 6, 401, 8, 3, 10001, 10002]


def test_area_types_of_a_profile_are_those_it_has_data_for(client, place):
    types = client.get(API + "area_types", {"profile_ids": place.dataset.pk}).json()
    assert [t["Id"] for t in types] == [401, 10001]


def test_area_types_of_a_held_dataset_are_not_found(client, place):
    response = client.get(API + "area_types", {"profile_ids": place.held.pk})
    assert response.status_code == 404
    assert response.json() == {"Message": f"profile_ids: no profile has the id {place.held.pk}"}


def test_areas_by_area_type_list_codes_and_names(client, place):
    areas = client.get(API + "areas/by_area_type", {"area_type_id": 10001}).json()
    assert areas[0] == {
        "Code": "E01000001",
        "Name": "Ealing 001A",
        "Short": "Ealing 001A",
        "AreaTypeId": 10001,
    }
    assert [a["Code"] for a in areas] == ["E01000001", "E01000002", "E01000003", "E01099999"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({}, 400, "area_type_id is missing; give it as a number"),
        ({"area_type_id": "lsoa"}, 400, "area_type_id: “lsoa” is not an id;"),
        ({"area_type_id": "102"}, 404, "area_type_id: no area type has the id 102"),
        ({"area_type_id": "3,8"}, 400, "area_type_id: give one id, not a list"),
    ],
)
def test_areas_by_area_type_refuses_a_bad_type_naming_it(client, query, status, message):
    response = client.get(API + "areas/by_area_type", query)
    assert response.status_code == status
    assert response.json()["Message"].startswith(message)


# Profiles --------------------------------------------------------------------------------


def test_profiles_are_the_published_datasets(client, place):
    assert client.get(API + "profiles").json() == [
        {
            "Id": place.dataset.pk,
            "Name": "Stroke admissions",
            "Key": "stroke",
            "GroupIds": [place.dataset.pk],
        }
    ]


def test_a_profile_has_its_domain(client, place):
    profile = client.get(API + "profile", {"profile_id": place.dataset.pk}).json()
    assert profile["Key"] == "stroke"
    assert profile["GroupMetadata"][0]["Name"] == "Stroke admissions"


def test_a_held_dataset_is_no_profile(client, place):
    response = client.get(API + "profile", {"profile_id": place.held.pk})
    assert response.status_code == 404
    assert "Held by the police" not in response.content.decode()


# Indicator metadata ----------------------------------------------------------------------


def test_indicator_metadata_has_fingertips_fields(client, place):
    pk = place.stroke.pk
    found = client.get(
        API + "indicator_metadata/by_indicator_id", {"indicator_ids": str(pk)}
    ).json()
    assert list(found) == [str(pk)]
    metadata = found[str(pk)]
    assert metadata["IndicatorId"] == pk
    assert metadata["Descriptive"]["Name"] == "Stroke admissions"
    assert metadata["Descriptive"]["Definition"] == "Emergency admissions for stroke"
    assert metadata["Unit"] == {"Value": 100000, "Label": "per 100,000"}
    assert metadata["ConfidenceIntervalMethod"]["Name"] == "Byar's method"
    assert metadata["ValueType"] == {"Id": 3, "Name": "Crude rate"}


def test_metadata_of_an_indicator_that_is_not_public_is_not_found(client, place):
    response = client.get(
        API + "indicator_metadata/by_indicator_id", {"indicator_ids": f"{place.hidden.pk}"}
    )
    assert response.status_code == 404
    assert response.json() == {
        "Message": f"indicator_ids: no indicator has the id {place.hidden.pk}"
    }


def test_all_indicator_metadata_is_the_public_lis_indicators(client, place):
    found = client.get(API + "indicator_metadata/all", {"include_definition": "no"}).json()
    assert list(found) == [str(place.stroke.pk)]
    assert "Definition" not in found[str(place.stroke.pk)]["Descriptive"]


@pytest.mark.django_db
def test_all_indicator_metadata_refuses_a_flag_that_is_not_yes_or_no(client):
    response = client.get(API + "indicator_metadata/all", {"include_definition": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"Message": "include_definition: “maybe” is not yes or no"}


def test_indicator_metadata_csv_has_fingertips_columns(client, place):
    response = client.get(
        API + "indicator_metadata/csv/by_indicator_id", {"indicator_ids": str(place.stroke.pk)}
    )
    assert _header(response) == list(tables.METADATA_COLUMNS)
    (row,) = _table(response)
    assert row["Indicator ID"] == str(place.stroke.pk)
    assert row["Indicator number"] == "STR1"
    assert row["Polarity"] == "RAG - Low is good"


def test_indicator_metadata_csv_of_a_profile_is_its_public_indicators(client, place):
    response = client.get(
        API + "indicator_metadata/csv/by_profile_id", {"profile_id": place.dataset.pk}
    )
    assert [row["Indicator number"] for row in _table(response)] == ["STR1"]
    _shows_no_secret(response)
    everything = _table(client.get(API + "indicator_metadata/csv/all"))
    assert [row["Indicator ID"] for row in everything] == [str(place.stroke.pk)]


def test_indicator_metadata_csv_of_a_held_dataset_is_not_found(client, place):
    response = client.get(
        API + "indicator_metadata/csv/by_profile_id", {"profile_id": place.held.pk}
    )
    assert response.status_code == 404


# Data ------------------------------------------------------------------------------------


def test_available_data_lists_indicators_by_area_type(client, place):
    pk = place.stroke.pk
    assert client.get(API + "available_data").json() == [
        {"IndicatorId": pk, "AreaTypeId": 401},
        {"IndicatorId": pk, "AreaTypeId": 10001},
    ]
    narrowed = client.get(API + "available_data", {"area_type_id": 401, "indicator_id": pk})
    assert narrowed.json() == [{"IndicatorId": pk, "AreaTypeId": 401}]


def test_available_data_of_a_held_dataset_is_not_found(client, place):
    response = client.get(API + "available_data", {"profile_id": place.held.pk})
    assert response.status_code == 404


def test_all_data_by_indicator_has_every_breakdown_with_its_parent(client, place):
    response = client.get(
        API + "all_data/csv/by_indicator_id",
        {
            "indicator_ids": place.stroke.pk,
            "child_area_type_id": 10001,
            "parent_area_type_id": 401,
        },
    )
    assert _header(response) == tables.data_columns(tables.AREA_TYPE_BY_ID[401])
    rows = _table(response)
    assert [(r["Area Code"], r["Sex"]) for r in rows] == [
        ("E01000001", "Persons"),
        ("E01000001", "Female"),
        ("E01000002", "Persons"),
        ("E01000003", "Persons"),
        ("E01099999", "Persons"),
    ]
    first = rows[0]
    assert first["Indicator ID"] == str(place.stroke.pk)
    assert (first["Parent Code"], first["Parent Name"]) == ("E09000009", "Ealing")
    assert first["Area Type"] == "LSOA"
    assert first["Age"] == "All ages"
    assert first["Time period"] == "2011"
    assert first["Time period range"] == "1y"
    assert (first["Value"], first["Count"], first["Denominator"]) == ("100", "20", "20000")
    assert (first["Lower CI 95.0 limit"], first["Upper CI 95.0 limit"]) == ("90", "110")
    assert rows[4]["Parent Code"] == ""  # loaded without its local authority


def test_a_suppressed_cell_has_no_figures_and_says_why(client, place):
    response = client.get(
        API + "all_data/csv/by_indicator_id",
        {"indicator_ids": place.stroke.pk, "child_area_type_id": 10001},
    )
    suppressed = [r for r in _table(response) if r["Area Code"] == "E01000002"][0]
    figures = ("Value", "Count", "Denominator", "Lower CI 95.0 limit", "Upper CI 95.0 limit")
    assert [suppressed[f] for f in figures] == [""] * 5
    assert suppressed["Value note"] == tables.SUPPRESSED
    _shows_no_secret(response)


def test_the_parent_england_is_found_for_every_english_area(client, place):
    rows = _table(
        client.get(
            API + "all_data/csv/by_indicator_id",
            {"indicator_ids": place.stroke.pk, "child_area_type_id": 10001},
        )
    )
    assert {(r["Parent Code"], r["Parent Name"]) for r in rows} == {("E92000001", "England")}


def test_all_data_can_be_narrowed_to_a_parent_area(client, place):
    rows = _table(
        client.get(
            API + "all_data/csv/by_indicator_id",
            {
                "indicator_ids": place.stroke.pk,
                "child_area_type_id": 10001,
                "parent_area_code": "E09000009",
                "include_sortable_time_periods": "yes",
            },
        )
    )
    assert "E01099999" not in {r["Area Code"] for r in rows}
    assert len(rows) == 4


def test_all_data_by_profile_is_the_datasets_observations(client, place):
    response = client.get(
        API + "all_data/csv/by_profile_id",
        {"profile_id": place.dataset.pk, "child_area_type_id": 401, "parent_area_type_id": 6},
    )
    (row,) = _table(response)
    assert (row["Area Code"], row["Parent Code"], row["Value"]) == ("E09000009", "E12000007", "101")
    assert _header(response)[22] == "Compared to Region value or percentiles"


def test_all_data_compares_each_area_with_england_and_its_parent(client, place):
    """Stroke is lower-is-better. England 95 and Ealing (the LSOAs' local authority)
    101: an LSOA of 100 (90 to 110) is similar to both; one of 102 (92 to 112) too;
    with England at 80 the LSOAs are worse; the suppressed one is not compared."""
    england = Area.objects.get(code="E92000001")
    ObservationFactory(
        dataset=place.dataset, indicator=place.stroke, area=england, period="2011", value=80.0
    )
    response = client.get(
        API + "all_data/csv/by_indicator_id",
        {
            "indicator_ids": place.stroke.pk,
            "child_area_type_id": 10001,
            "parent_area_type_id": 401,
        },
    )
    header = _header(response)
    rows = {
        (r["Area Code"], r["Sex"]): (
            r["Compared to England value or percentiles"],
            r[header[22]],
        )
        for r in _table(response)
    }
    assert header[22] == "Compared to Districts & UAs value or percentiles"
    assert rows[("E01000001", "Persons")] == ("Worse", "Similar")
    assert rows[("E01000003", "Persons")] == ("Worse", "Similar")
    assert rows[("E01000002", "Persons")] == ("Not compared", "Not compared")
    # A breakdown is compared with the same breakdown only: England has no Female row.
    assert rows[("E01000001", "Female")] == ("Not compared", "Not compared")


def test_a_count_is_not_compared(client, place):
    place.stroke.value_type = "count"
    place.stroke.save()
    response = client.get(
        API + "all_data/csv/by_indicator_id",
        {"indicator_ids": place.stroke.pk, "child_area_type_id": 10001, "parent_area_type_id": 401},
    )
    assert {r["Compared to England value or percentiles"] for r in _table(response)} == {
        "Not compared"
    }


def test_all_data_of_a_held_dataset_is_not_found(client, place):
    response = client.get(
        API + "all_data/csv/by_profile_id",
        {"profile_id": place.held.pk, "child_area_type_id": 10001},
    )
    assert response.status_code == 404
    assert response.json() == {"Message": f"profile_id: no profile has the id {place.held.pk}"}


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"child_area_type_id": "10001"}, 400, "indicator_ids is missing"),
        ({"indicator_ids": "STR1", "child_area_type_id": "10001"}, 400, "indicator_ids: “STR1”"),
        ({"indicator_ids": "{stroke}"}, 400, "child_area_type_id is missing"),
        ({"indicator_ids": "{stroke}", "child_area_type_id": "7"}, 404, "child_area_type_id:"),
        (
            {"indicator_ids": "{stroke}", "child_area_type_id": "3", "parent_area_type_id": "x"},
            400,
            "parent_area_type_id:",
        ),
        ({"indicator_ids": "{hidden}", "child_area_type_id": "3"}, 404, "indicator_ids: no"),
        (
            {"indicator_ids": "{stroke}", "child_area_type_id": "3", "profile_id": "{held}"},
            404,
            "profile_id: no profile",
        ),
        (
            {"indicator_ids": "{stroke}", "child_area_type_id": "3", "parent_area_code": "X1"},
            404,
            "parent_area_code: no area has the code X1",
        ),
        (
            {
                "indicator_ids": "{stroke}",
                "child_area_type_id": "3",
                "include_sortable_time_periods": "1",
            },
            400,
            "include_sortable_time_periods:",
        ),
    ],
)
def test_all_data_refuses_bad_parameters_naming_them(client, place, query, status, message):
    ids = {"stroke": place.stroke.pk, "hidden": place.hidden.pk, "held": place.held.pk}
    filled = {k: v.format(**ids) for k, v in query.items()}
    response = client.get(API + "all_data/csv/by_indicator_id", filled)
    assert response.status_code == status
    assert response.json()["Message"].startswith(message)


@pytest.mark.django_db
def test_the_api_is_read_only(client):
    assert client.post(API + "profiles").status_code == 405


def test_no_endpoint_shows_what_the_public_may_not_see(client, place):
    pk = place.stroke.pk
    for path, query in [
        ("profiles", {}),
        ("indicator_metadata/all", {"include_definition": "yes"}),
        ("available_data", {}),
        ("all_data/csv/by_indicator_id", {"indicator_ids": pk, "child_area_type_id": 10001}),
        (
            "all_data/csv/by_profile_id",
            {"profile_id": place.dataset.pk, "child_area_type_id": 10001},
        ),
    ]:
        response = client.get(API + path, query)
        assert response.status_code == 200
        _shows_no_secret(response)
        assert "Held by the police" not in response.content.decode()


@pytest.mark.parametrize("lsoas", [2, 20])
def test_all_data_takes_the_same_queries_however_many_rows(
    client, partnership, django_assert_num_queries, lsoas
):
    dataset = DatasetFactory(partnership=partnership)
    indicator = IndicatorFactory(partnership=partnership, on_lis=True, in_report=False)
    for _ in range(lsoas):
        ObservationFactory(dataset=dataset, indicator=indicator)
    query = {"indicator_ids": indicator.pk, "child_area_type_id": 10001, "profile_id": dataset.pk}
    # the profile, the indicators, the benchmarks (England's and the parents' values),
    # each indicator's latest period, the approved returns (no goal can be public
    # without one, so the goals are not read), the rows
    with django_assert_num_queries(6):
        rows = _table(client.get(API + "all_data/csv/by_indicator_id", query))
    assert len(rows) == lsoas


def test_signed_in_people_get_the_open_data_only_too(client, place, django_user_model):
    """The held dataset is for its partnership's pages, never for this API."""
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    profiles = client.get(API + "profiles").json()
    assert [p["Key"] for p in profiles] == ["stroke"]
    response = client.get(
        API + "all_data/csv/by_indicator_id",
        {"indicator_ids": place.stroke.pk, "child_area_type_id": 10001},
    )
    _shows_no_secret(response)
