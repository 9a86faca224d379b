"""The server-drawn choropleth of needs assessment map embeds (no database)."""

from __future__ import annotations

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
