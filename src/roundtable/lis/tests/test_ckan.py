"""The CKAN Action API: every action, CKAN's envelope and errors, open data only."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest
from django.test import Client

from roundtable.geography.tests.factories import LocalAuthorityFactory
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

ACTION = "/api/3/action/"
SECRET_VALUE = 987654.125
SECRET_DENOMINATOR = 8765431.0


def make_catalogue(partnership) -> SimpleNamespace:
    """Ealing's stroke admissions (published, by the council; one suppressed cell),
    the police's crime counts (published) and a held dataset."""
    council = OrganisationFactory(partnership=partnership, name="Ealing Council", slug="council")
    police = OrganisationFactory(partnership=partnership, name="Met Police", slug="met-police")
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    lsoas = [
        LsoaFactory(code=f"E0100000{i}", name=f"Ealing 00{i}A", parent=borough) for i in (1, 2, 3)
    ]
    stroke = IndicatorFactory(
        partnership=partnership, code="STR1", value_type="rate", in_report=False, on_lis=True
    )
    published = DatasetFactory(
        partnership=partnership,
        slug="stroke",
        title="Stroke admissions",
        description="Emergency admissions for stroke, by LSOA",
        publisher=council,
        themes=["Health", "Older people"],
        area_types=["lsoa"],
        update_frequency="Annual",
        next_update_due=datetime.date(2027, 4, 1),
        time_covered="2011 - 12",
    )
    for n, area in enumerate(lsoas):
        ObservationFactory(
            dataset=published, indicator=stroke, area=area, period="2011", value=100.0 + n
        )
    ObservationFactory(dataset=published, indicator=stroke, area=lsoas[0], period="2012", value=90)
    ObservationFactory(
        dataset=published,
        indicator=stroke,
        area=lsoas[2],
        period="2012",
        suppressed=True,
        count=3,
        value=SECRET_VALUE,
        denominator=SECRET_DENOMINATOR,
        lower_ci_95=876.0625,
        note="secret-note",
    )
    crime = DatasetFactory(
        partnership=partnership,
        slug="crime",
        title="Recorded crime",
        publisher=police,
        themes=["Community safety"],
        licence="CC-BY-4.0",
    )
    held = DatasetFactory(
        partnership=partnership,
        slug="held",
        title="Held by the police",
        publisher=police,
        themes=["Secret theme"],
        published=False,
    )
    ObservationFactory(dataset=held, indicator=stroke, area=lsoas[0], period="2013", value=77.0)
    return SimpleNamespace(published=published, crime=crime, held=held, lsoas=lsoas)


@pytest.fixture
def catalogue(partnership):
    return make_catalogue(partnership)


def call(client, action: str, **params):
    """GET the action with query parameters; the decoded body."""
    response = client.get(ACTION + action, params)
    return response.status_code, response.json()


def post(client, name: str, body: dict):
    response = client.post(ACTION + name, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def result(client, action: str, **params):
    status, body = call(client, action, **params)
    assert status == 200, body
    assert body["success"] is True
    return body["result"]


# The envelope and the addresses ------------------------------------------------------


def test_an_answer_is_in_ckans_envelope(client, catalogue):
    status, body = call(client, "package_list")
    assert status == 200
    assert body == {
        "help": "http://testserver/api/3/action/help_show?name=package_list",
        "success": True,
        "result": ["crime", "stroke"],
    }


@pytest.mark.parametrize(
    "address",
    ["/api/3/action/package_list", "/api/action/package_list", "/api/action/package_list/"],
)
def test_both_addresses_answer_with_or_without_a_slash_and_never_redirect(address, catalogue):
    response = Client().get(address)
    assert response.status_code == 200
    assert response.json()["result"] == ["crime", "stroke"]


def test_post_with_a_json_body_is_accepted_without_a_csrf_token(catalogue):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        ACTION + "package_show", json.dumps({"id": "stroke"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["result"]["name"] == "stroke"


def test_post_with_a_form_body_is_accepted(client, catalogue):
    response = client.post(ACTION + "package_show", {"id": "crime"})
    assert response.json()["result"]["title"] == "Recorded crime"


def test_a_json_body_that_is_not_an_object_is_a_bad_request(client, catalogue):
    response = client.post(ACTION + "package_show", "[1]", content_type="application/json")
    assert response.status_code == 400
    assert response.json().startswith("Bad request - JSON Error")


def test_an_unknown_action_is_a_bad_request(client):
    response = client.get(ACTION + "package_explode")
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: package_explode"


def test_a_write_action_is_an_authorization_error(client, catalogue, administrator):
    client.force_login(administrator)
    status, body = post(client, "package_create", {"name": "new"})
    assert status == 403
    assert body["success"] is False
    assert body["error"]["__type"] == "Authorization Error"


def test_help_show_says_how_to_call_an_action(client):
    assert "filters" in result(client, "help_show", name="datastore_search")


def test_status_show_names_the_datastore(client):
    status = result(client, "status_show")
    assert status["extensions"] == ["datastore"]
    assert status["ckan_version"].startswith("2.")


# Packages -----------------------------------------------------------------------------


def test_package_list_names_published_datasets_only(client, catalogue):
    assert result(client, "package_list") == ["crime", "stroke"]
    assert result(client, "package_list", limit=1, offset=1) == ["stroke"]


def test_signing_in_does_not_add_held_datasets(client, catalogue, administrator):
    client.force_login(administrator)
    assert "held" not in result(client, "package_list")
    status, body = call(client, "package_show", id="held")
    assert status == 404


def test_package_show_maps_a_dataset_to_a_package(client, catalogue):
    package = result(client, "package_show", id="stroke")
    assert package["id"] == str(catalogue.published.pk)
    assert package["title"] == "Stroke admissions"
    assert package["notes"] == "Emergency admissions for stroke, by LSOA"
    assert package["license_id"] == "OGL-UK-3.0"
    assert package["license_title"] == "Open Government Licence v3.0"
    assert package["organization"]["name"] == "council"
    assert package["organization"]["title"] == "Ealing Council"
    assert [g["name"] for g in package["groups"]] == ["health", "older-people"]
    assert [t["name"] for t in package["tags"]] == ["Health", "Older people"]
    assert package["url"] == "http://testserver/ealing/lis/datasets/stroke/"
    assert datetime.datetime.fromisoformat(package["metadata_modified"])
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["update_frequency"] == "Annual"
    assert extras["next_update_due"] == "2027-04-01"
    assert extras["area_types"] == "Lower layer super output area (LSOA)"
    assert extras["time_covered"] == "2011 - 12"


def test_package_show_finds_a_dataset_by_its_id(client, catalogue):
    assert result(client, "package_show", id=str(catalogue.crime.pk))["name"] == "crime"


def test_a_package_has_the_csv_download_and_the_datastore_resource(client, catalogue):
    resources = result(client, "package_show", id="stroke")["resources"]
    assert [(r["id"], r["format"], r["datastore_active"]) for r in resources] == [
        ("stroke-csv", "CSV", False),
        ("stroke-observations", "CSV", True),
    ]
    assert resources[0]["url"] == "http://testserver/ealing/lis/datasets/stroke/observations.csv"
    download = client.get(resources[0]["url"].removeprefix("http://testserver"))
    assert download.status_code == 200


def test_package_show_of_an_unknown_or_held_dataset_is_not_found(client, catalogue):
    for name in ("nothing", "held", str(catalogue.held.pk)):
        status, body = call(client, "package_show", id=name)
        assert status == 404
        assert body["success"] is False
        assert body["error"] == {
            "__type": "Not Found Error",
            "message": f'Not found: Dataset "{name}" was not found',
        }


def test_package_show_without_an_id_is_a_validation_error(client):
    status, body = call(client, "package_show")
    assert status == 409
    assert body["error"]["__type"] == "Validation Error"
    assert body["error"]["id"] == ["Missing value"]


def test_package_search_reads_the_catalogue_in_one_query_with_twenty_datasets(
    client, catalogue, django_assert_num_queries
):
    for _ in range(18):
        DatasetFactory(partnership=catalogue.published.partnership, themes=["Health"])
    with django_assert_num_queries(1):  # datasets with publisher and partnership
        client.get(ACTION + "package_search", {"rows": 100})


def test_package_search_reads_the_catalogue_in_one_query_with_two_datasets(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(1):  # datasets with publisher and partnership
        client.get(ACTION + "package_search", {"rows": 100})


# package_search --------------------------------------------------------------------


def test_package_search_finds_words_of_the_title_and_description(client, catalogue):
    found = result(client, "package_search", q="emergency stroke")
    assert found["count"] == 1
    assert [p["name"] for p in found["results"]] == ["stroke"]
    assert found["sort"] == "score desc, metadata_modified desc"


def test_package_search_filters_with_fq_terms(client, catalogue):
    def names(fq):
        return [p["name"] for p in result(client, "package_search", fq=fq)["results"]]

    assert names("organization:council") == ["stroke"]
    assert names("tags:Health") == ["stroke"]
    assert names('tags:"Community safety"') == ["crime"]
    assert names("groups:community-safety") == ["crime"]
    assert names("res_format:CSV") == ["crime", "stroke"]
    assert names("license_id:CC-BY-4.0") == ["crime"]
    assert names("+organization:met-police AND license_id:OGL-UK-3.0") == []


def test_package_search_takes_what_ckans_own_pages_send(client, catalogue):
    found = result(
        client,
        "package_search",
        q="*:*",
        fq="+dataset_type:dataset +state:active +capacity:public",
    )
    assert [p["name"] for p in found["results"]] == ["crime", "stroke"]


def test_package_search_counts_facets_of_what_it_finds(client, catalogue):
    found = result(
        client, "package_search", **{"facet.field": '["organization", "tags", "license_id"]'}
    )
    assert found["facets"]["organization"] == {"council": 1, "met-police": 1}
    assert found["facets"]["tags"] == {"Community safety": 1, "Health": 1, "Older people": 1}
    assert found["search_facets"]["license_id"]["items"] == [
        {"name": "CC-BY-4.0", "display_name": "Creative Commons Attribution 4.0", "count": 1},
        {"name": "OGL-UK-3.0", "display_name": "Open Government Licence v3.0", "count": 1},
    ]
    assert found["search_facets"]["organization"]["items"][1]["display_name"] == "Met Police"
    assert "Secret theme" not in json.dumps(found)


def test_package_search_counts_facets_after_fq_as_ckan_does(client, catalogue):
    """CKAN's facets count the results of q with fq applied, every result, not the
    page of rows: fq on a facet field narrows that facet too (unlike the catalogue
    page's facets), and values no result has are left out."""
    found = result(
        client,
        "package_search",
        fq="organization:met-police",
        rows=0,
        **{"facet.field": '["organization", "tags", "license_id"]'},
    )
    assert found["count"] == 1
    assert found["facets"] == {
        "organization": {"met-police": 1},
        "tags": {"Community safety": 1},
        "license_id": {"CC-BY-4.0": 1},
    }


def test_package_search_takes_facets_in_a_json_body(client, catalogue):
    status, body = post(
        client, "package_search", {"facet.field": ["tags"], "facet.limit": 1, "rows": 1}
    )
    assert body["result"]["facets"] == {"tags": {"Community safety": 1}}
    assert len(body["result"]["results"]) == 1
    assert body["result"]["count"] == 2


def test_package_search_pages_with_rows_and_start(client, catalogue):
    found = result(client, "package_search", rows=1, start=1, sort="name asc")
    assert found["count"] == 2
    assert [p["name"] for p in found["results"]] == ["stroke"]
    found = result(client, "package_search", sort="title desc")
    assert [p["name"] for p in found["results"]] == ["stroke", "crime"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rows": "abc"}, "rows"),
        ({"rows": "5000"}, "rows"),
        ({"start": "-1"}, "start"),
        ({"fq": "colour:red"}, "fq"),
        ({"fq": 'tags:"Health'}, "fq"),
        ({"q": "owner:me"}, "q"),
        ({"facet.field": "organization"}, "facet.field"),
        ({"facet.field": '["colour"]'}, "facet.field"),
        ({"sort": "colour asc"}, "sort"),
        ({"sort": "title sideways"}, "sort"),
    ],
)
def test_package_search_names_a_malformed_parameter(client, catalogue, params, field):
    status, body = call(client, "package_search", **params)
    assert status == 409
    assert body["success"] is False
    assert body["error"]["__type"] == "Validation Error"
    assert field in body["error"]
    assert body["error"]["message"].startswith(f"{field}: ")


# Organizations, groups, tags, resources ------------------------------------------------


def test_organization_list_names_publishers_of_published_datasets(client, catalogue):
    assert result(client, "organization_list") == ["council", "met-police"]
    whole = result(client, "organization_list", all_fields="true", sort="package_count desc")
    assert [(o["name"], o["title"], o["package_count"]) for o in whole] == [
        ("council", "Ealing Council", 1),
        ("met-police", "Met Police", 1),
    ]


def test_organization_show_counts_published_datasets_only(client, catalogue):
    org = result(client, "organization_show", id="met-police", include_datasets="true")
    assert org["package_count"] == 1
    assert [p["name"] for p in org["packages"]] == ["crime"]


def test_an_organization_that_publishes_nothing_is_not_found(client, catalogue, partnership):
    OrganisationFactory(partnership=partnership, slug="idle")
    status, body = call(client, "organization_show", id="idle")
    assert status == 404
    assert body["error"]["__type"] == "Not Found Error"


def test_publishers_of_two_partnerships_with_one_slug_get_two_names(
    client, catalogue, other_partnership
):
    council = OrganisationFactory(partnership=other_partnership, slug="council", name="Warwick DC")
    DatasetFactory(partnership=other_partnership, slug="warwick-data", publisher=council)
    assert result(client, "organization_list") == ["council", "met-police", "warwick-council"]
    assert result(client, "package_show", id="warwick-data")["organization"]["title"] == (
        "Warwick DC"
    )


def test_group_list_and_show_are_the_themes(client, catalogue):
    assert result(client, "group_list") == ["community-safety", "health", "older-people"]
    group = result(client, "group_show", id="health", include_datasets=True)
    assert group["title"] == "Health"
    assert [p["name"] for p in group["packages"]] == ["stroke"]
    status, _ = call(client, "group_show", id="secret-theme")
    assert status == 404


def test_tag_list_names_the_tags_of_published_datasets(client, catalogue):
    assert result(client, "tag_list") == ["Community safety", "Health", "Older people"]
    assert result(client, "tag_list", query="heal") == ["Health"]


def test_resource_show_finds_each_download_by_its_stable_id(client, catalogue):
    res = result(client, "resource_show", id="stroke-observations")
    assert res["package_id"] == str(catalogue.published.pk)
    assert res["datastore_active"] is True
    status, body = call(client, "resource_show", id="held-observations")
    assert status == 404
    assert body["error"]["message"] == 'Not found: Resource "held-observations" was not found'


# datastore_search ------------------------------------------------------------------


def test_datastore_search_answers_fields_records_and_total(client, catalogue):
    found = result(client, "datastore_search", resource_id="stroke-observations")
    assert found["resource_id"] == "stroke-observations"
    assert found["total"] == 5
    assert found["include_total"] is True
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types["_id"] == "int"
    assert types["area_code"] == "text"
    assert types["value"] == "numeric"
    first = found["records"][0]
    assert first["indicator"] == "STR1"
    assert first["area_code"] == "E01000001"
    assert first["period"] == "2011"
    assert first["value"] == 100.0
    assert (
        found["_links"]["start"] == "/api/3/action/datastore_search?resource_id=stroke-observations"
    )


def test_datastore_search_gives_a_suppressed_cell_no_figures(client, catalogue):
    found = result(
        client,
        "datastore_search",
        resource_id="stroke-observations",
        filters='{"area_code": "E01000003", "period": "2012"}',
    )
    [record] = found["records"]
    assert record["value"] is None
    assert record["denominator"] is None
    assert record["lower_ci_95"] is None
    assert record["note"].startswith("Suppressed to protect confidentiality")
    assert "secret-note" not in json.dumps(found)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "987654.125"},
        {"q": '{"value": "987654.125"}'},
        {"q": "secret-note"},
        {"filters": '{"value": 987654.125}'},
        {"filters": '{"denominator": [8765431]}'},
        {"filters": '{"lower_ci_95": 876.0625}'},
    ],
)
def test_datastore_search_never_finds_a_suppressed_value(client, catalogue, params):
    found = result(client, "datastore_search", resource_id="stroke-observations", **params)
    assert found["records"] == []
    assert found["total"] == 0


def test_datastore_search_sorts_suppressed_cells_as_if_they_had_no_value(client, catalogue):
    found = result(client, "datastore_search", resource_id="stroke-observations", sort="value desc")
    assert [r["value"] for r in found["records"]] == [102.0, 101.0, 100.0, 90.0, None]


def test_datastore_search_q_finds_published_words_and_values(client, catalogue):
    found = result(client, "datastore_search", resource_id="stroke-observations", q="101")
    assert [r["area_code"] for r in found["records"]] == ["E01000002"]
    found = result(client, "datastore_search", resource_id="stroke-observations", q="ealing 001a")
    assert found["total"] == 2


def test_datastore_search_takes_fields_sort_limit_and_offset(client, catalogue):
    found = result(
        client,
        "datastore_search",
        resource_id="stroke-observations",
        fields="area_code,value",
        sort="period desc, area_code asc",
        limit=2,
        offset=1,
    )
    assert [f["id"] for f in found["fields"]] == ["area_code", "value"]
    assert found["records"] == [
        {"area_code": "E01000003", "value": None},
        {"area_code": "E01000001", "value": 100.0},
    ]
    assert found["total"] == 5
    assert "offset=3" in found["_links"]["next"]


def test_datastore_search_takes_a_json_body(client, catalogue):
    status, body = post(
        client,
        "datastore_search",
        {
            "resource_id": "stroke-observations",
            "filters": {"period": ["2012"], "area_code": "E01000001"},
            "fields": ["value"],
            "include_total": False,
        },
    )
    assert body["result"]["records"] == [{"value": 90.0}]
    assert "total" not in body["result"]


@pytest.mark.parametrize("resource_id", ["nothing", "held-observations", "stroke-csv", "stroke"])
def test_datastore_search_of_an_unknown_or_held_resource_is_not_found(
    client, catalogue, resource_id
):
    status, body = call(client, "datastore_search", resource_id=resource_id)
    assert status == 404
    assert body["error"]["__type"] == "Not Found Error"
    assert "77" not in json.dumps(body)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "resource_id"),
        ({"filters": "{bad json"}, "filters"),
        ({"filters": "[1]"}, "filters"),
        ({"filters": '{"colour": "red"}'}, "filters"),
        ({"filters": '{"value": "lots"}'}, "filters"),
        ({"fields": "area_code,colour"}, "fields"),
        ({"sort": "colour asc"}, "sort"),
        ({"sort": "value upwards"}, "sort"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"offset": "-3"}, "offset"),
        ({"offset": str(10**30)}, "offset"),
        ({"filters": '{"_id": 1e30}'}, "filters"),
        ({"filters": '{"_id": "first"}'}, "filters"),
        ({"filters": '{"value": null}'}, "filters"),
        ({"include_total": "maybe"}, "include_total"),
        ({"q": '{"colour": "red"}'}, "q"),
        ({"records_format": "csv"}, "records_format"),
    ],
)
def test_datastore_search_names_a_malformed_parameter(client, catalogue, params, field):
    params = {"resource_id": "stroke-observations", **params} if field != "resource_id" else params
    status, body = call(client, "datastore_search", **params)
    assert status == 409
    assert body["error"]["__type"] == "Validation Error"
    assert field in body["error"]


@pytest.mark.parametrize("rows", [2, 20])
def test_datastore_search_uses_constant_queries(
    client, partnership, django_assert_num_queries, rows
):
    dataset = DatasetFactory(partnership=partnership, slug="many")
    ObservationFactory.create_batch(rows, dataset=dataset)
    # the dataset, the page of records, the total
    with django_assert_num_queries(3):
        response = client.get(
            ACTION + "datastore_search", {"resource_id": "many-observations", "limit": 1}
        )
    assert response.json()["result"]["total"] == rows
