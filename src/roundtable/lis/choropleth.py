"""A choropleth drawn as SVG on the server: plain functions, no database.

Needs assessment pages draw their map embeds with it, so a map reads (and prints)
without JavaScript. The outlines are the map's GeoJSON boundaries (`boundary_store`,
longitude and latitude); each area is filled with its class's colour (the same
colours as the LIS map, `static/lis/map.js`) and carries a `<title>` with its name,
figure and class. Every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["COLOURS", "Shaded", "choropleth_svg"]

#: A class key's fill, as `static/lis/map.js` colours it.
COLOURS = {
    "better": "#92d050",
    "similar": "#ffc000",
    "worse": "#c00000",
    "not-compared": "#ffffff",
    "q1": "#deebf7",
    "q2": "#9ecae1",
    "q3": "#6baed6",
    "q4": "#3182bd",
    "q5": "#08519c",
    "suppressed": "#b1b4b6",
    "no-data": "#f3f2f1",
}
OUTLINE = "#505a5f"
WIDTH = 660
MOST_HEIGHT = 720


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


@dataclass(frozen=True)
class Shaded:
    """What one area's shape says: its class key and its words."""

    key: str
    title: str


def _rings(geometry: Mapping[str, Any]) -> Iterable[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        yield from geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def choropleth_svg(
    features: Iterable[Mapping[str, Any]],
    shades: Mapping[str, Shaded],
    *,
    title: str,
    description: str,
    ident: str,
) -> str:
    """The `features` (GeoJSON, with their area code as `id`) as an SVG map, each
    filled by its entry in `shades` (an area with none is drawn as "no data").
    An empty string when there is nothing to draw."""
    shapes = [
        (str(f.get("id", "")), list(_rings(f.get("geometry") or {})))
        for f in features
        if f.get("geometry")
    ]
    points = [p for _code, rings in shapes for ring in rings for p in ring]
    if not points:
        return ""
    west = min(p[0] for p in points)
    east = max(p[0] for p in points)
    south = min(p[1] for p in points)
    north = max(p[1] for p in points)
    # Longitude shrinks with latitude: an equirectangular projection true at the
    # map's middle latitude is close enough for a borough or a region.
    squeeze = math.cos(math.radians((north + south) / 2))
    span_x = max((east - west) * squeeze, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = min(WIDTH / span_x, MOST_HEIGHT / span_y)
    width, height = span_x * scale, span_y * scale

    def point(p: list[float]) -> str:
        return f"{(p[0] - west) * squeeze * scale:.1f},{(north - p[1]) * scale:.1f}"

    paths = []
    for code, rings in shapes:
        shade = shades.get(code, Shaded("no-data", code))
        d = "".join("M" + "L".join(point(p) for p in ring) + "Z" for ring in rings if ring)
        colour = COLOURS.get(shade.key, COLOURS["no-data"])
        paths.append(
            f'<path class="rt-map-area rt-map-area--{_attr(shade.key)}" d="{d}" '
            f'fill="{colour}"><title>{escape(shade.title)}</title></path>'
        )
    ident = _attr(ident)
    return (
        f'<svg class="rt-choropleth" id="{ident}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f'<g stroke="{OUTLINE}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">'
        + "".join(paths)
        + "</g></svg>"
    )
