"""The server-drawn choropleth of needs assessment map embeds (no database)."""

from __future__ import annotations

from roundtable.lis import choropleth, profile_charts
from roundtable.lis.choropleth import COLOURS, Shaded, choropleth_svg

SQUARE = [[[0.0, 51.0], [0.1, 51.0], [0.1, 51.1], [0.0, 51.1], [0.0, 51.0]]]


def feature(code, geometry):
    return {"type": "Feature", "id": code, "geometry": geometry}


def test_each_area_is_filled_by_its_class_and_titled():
    svg = choropleth_svg(
        [
            feature("A", {"type": "Polygon", "coordinates": SQUARE}),
            feature("B", {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}),
        ],
        {"A": Shaded("worse", "Area A: 12.0 (Worse)")},
        title="Map: stroke",
        description="Areas are compared with Ealing",
        ident="map-line-3",
    )
    assert svg.startswith('<svg class="rt-choropleth" id="map-line-3"')
    assert f'fill="{COLOURS["worse"]}"><title>Area A: 12.0 (Worse)</title>' in svg
    assert f'fill="{COLOURS["no-data"]}"><title>B</title>' in svg  # no class: no data
    assert svg.count('d="M') + svg.count("ZM") == 3  # one ring for A, two for B
    assert 'aria-labelledby="map-line-3-title map-line-3-desc"' in svg


def test_the_map_keeps_its_shape_at_its_latitude():
    svg = choropleth_svg(
        [feature("A", {"type": "Polygon", "coordinates": SQUARE})],
        {},
        title="t",
        description="d",
        ident="m",
    )
    # 0.1 degrees of longitude at 51 degrees north are 0.63 of 0.1 degrees of latitude.
    assert 'viewBox="0 0 453 720"' in svg


def test_every_text_is_escaped():
    svg = choropleth_svg(
        [feature("A", {"type": "Polygon", "coordinates": SQUARE})],
        {"A": Shaded('x"><script>', "<script>alert(1)</script>")},
        title="<b>",
        description="&",
        ident='"x',
    )
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert 'id="&quot;x"' in svg


def test_nothing_to_draw_is_no_map():
    assert choropleth_svg([], {}, title="t", description="d", ident="m") == ""
    assert choropleth_svg([feature("A", None)], {}, title="t", description="d", ident="m") == ""


def test_not_compared_is_hatched_not_a_white_square():
    """A white square with a border read as an empty checkbox: not compared is
    hatched, on the map's areas (a pattern of the map's own), in its key and in
    the profile's swatches."""
    svg = choropleth_svg(
        [feature("A", {"type": "Polygon", "coordinates": SQUARE})],
        {"A": Shaded("not-compared", "A: Not compared")},
        title="T", description="D", ident="map-1",
    )  # fmt: skip
    assert '<pattern id="map-1-hatch"' in svg
    assert 'fill="url(#map-1-hatch)"' in svg
    assert "#ffffff" not in svg.split("</defs>", 1)[1]
    key = choropleth.swatch_svg("not-compared")
    assert f'stroke="{choropleth.HATCH_INK}"' in key
    assert '<path d="M' in key
    assert 'fill="#92d050"' in choropleth.swatch_svg("better")
    profile = profile_charts.swatch("Not compared")
    assert f'stroke="{choropleth.HATCH_INK}"' in profile
    assert 'fill="#92d050"' in profile_charts.swatch("Better")


def test_a_hatch_stays_inside_its_square():
    d = choropleth.hatch_path(0, 0, 8, 4)
    assert d == "M0,4L4,0M0,8L8,0M4,8L8,4"


def test_a_comparison_has_one_colour_on_the_map_and_on_the_profile():
    """Better was dark green on the profile and light green on the map."""
    for comparison, key in (("Better", "better"), ("Similar", "similar"), ("Worse", "worse")):
        colour = choropleth.COLOURS[key]
        assert f'fill="{colour}"' in profile_charts.swatch(comparison)
        assert f'fill="{colour}"' in choropleth.swatch_svg(key)
