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

__all__ = ["COLOURS", "Shaded", "choropleth_svg", "hatch_path", "swatch_svg"]

#: A class key's fill, as `static/lis/map.js` colours it.
COLOURS = {
    "better": "#92d050",
    "similar": "#ffc000",
    "worse": "#c00000",
    "not-compared": "#dcdddd",
    "q1": "#deebf7",
    "q2": "#9ecae1",
    "q3": "#6baed6",
    "q4": "#3182bd",
    "q5": "#08519c",
    "suppressed": "#b1b4b6",
    "no-data": "#f3f2f1",
}
OUTLINE = "#505a5f"
#: "Not compared" is hatched, not a colour: grey lines on white say "no colour
#: judgement", where a plain white square looked like an empty checkbox. The lines
#: are 4.7:1 against the white (over the 3:1 a graphic needs), and the same on the
#: LIS map (`static/lis/map.js` and `map.css`), here and in every swatch
#: (`swatch_svg`, `profile_charts.swatch`). Its flat colour (`COLOURS`) is the
#: hatch's look from afar, for an area too small to show lines.
HATCHED = "not-compared"
HATCH_INK = "#6f777b"
HATCH_PAPER = "#ffffff"
HATCH_STEP = 4
WIDTH = 660
MOST_HEIGHT = 720


def hatch_path(x: float, y: float, size: float, step: float = HATCH_STEP) -> str:
    """Diagonal lines (rising to the right) every `step` across the square of side
    `size` at (x, y), as a path's `d`: a hatch drawn without a `<pattern>`, so many
    swatches on one page need no ids."""
    parts = []
    k = step
    while k < 2 * size:
        low, high = max(0.0, k - size), min(size, k)
        parts.append(f"M{x + low:g},{y + high:g}L{x + high:g},{y + low:g}")
        k += step
    return "".join(parts)


def swatch_svg(key: str, size: int = 20) -> str:
    """A key's square for the class `key`: its fill, or the hatch for "not
    compared", outlined; hidden from screen readers (the words beside it say it)."""
    side = size - 1
    if key == HATCHED:
        body = (
            f'<rect x="0.5" y="0.5" width="{side}" height="{side}" fill="{HATCH_PAPER}"/>'
            f'<path d="{hatch_path(0.5, 0.5, side)}" stroke="{HATCH_INK}" stroke-width="1"/>'
            f'<rect x="0.5" y="0.5" width="{side}" height="{side}" fill="none" '
            f'stroke="{OUTLINE}"/>'
        )
    else:
        colour = COLOURS.get(key, COLOURS["no-data"])
        body = (
            f'<rect x="0.5" y="0.5" width="{side}" height="{side}" fill="{colour}" '
            f'stroke="{OUTLINE}"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" aria-hidden="true" focusable="false">{body}</svg>'
    )


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

    ident = _attr(ident)
    hatch = f"{ident}-hatch"
    paths = []
    for code, rings in shapes:
        shade = shades.get(code, Shaded("no-data", code))
        d = "".join("M" + "L".join(point(p) for p in ring) + "Z" for ring in rings if ring)
        if shade.key == HATCHED:
            colour = f"url(#{hatch})"
        else:
            colour = COLOURS.get(shade.key, COLOURS["no-data"])
        paths.append(
            f'<path class="rt-map-area rt-map-area--{_attr(shade.key)}" d="{d}" '
            f'fill="{colour}"><title>{escape(shade.title)}</title></path>'
        )
    return (
        f'<svg class="rt-choropleth" id="{ident}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f'<defs><pattern id="{hatch}" width="{HATCH_STEP}" height="{HATCH_STEP}" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="{HATCH_STEP}" height="{HATCH_STEP}" fill="{HATCH_PAPER}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{HATCH_STEP}" stroke="{HATCH_INK}" stroke-width="1.5"/>'
        "</pattern></defs>"
        f'<g stroke="{OUTLINE}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">'
        + "".join(paths)
        + "</g></svg>"
    )
