"""LIS maps: the map page, its data and the boundaries it draws.

- `map_page`: a GOV.UK form (indicator, area type, parent area, period) that works
  without JavaScript (the page re-renders with the table); `lis/map.js` draws the
  choropleth and updates it in place.
- `map_data`: `/lis/map/data.json`, per area: value, 95% limits, class, display
  text; a suppressed cell has no figures, only its note.
- `boundaries`: `/lis/boundaries/<area_type>.json?within=GSS&zoom=Z`, GeoJSON from
  `boundary_store`, with an ETag and gzip when the browser takes it; `areas=GSS,GSS`
  instead of `within` names the areas themselves (a local authority's own outline,
  an area and its statistical neighbours), at most `MAX_NAMED_AREAS`; `format=packed`
  answers the same areas packed for map.js (`boundary_packing`), not GeoJSON.

Unknown indicator or area: 404 `{"detail": ...}`; a malformed parameter: 400
`{"detail": ..., "parameter": NAME}`. Maps publish open data only (`maps.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe

from roundtable.core.exports import download_here, download_problem, table_download
from roundtable.geography.choices import AreaType, area_type_label
from roundtable.geography.models import Area
from roundtable.geography.queries import lookup_postcode
from roundtable.lis import mapping, maps, neighbours, profile_figures, queries
from roundtable.lis import notes as value_notes
from roundtable.lis.boundary_store import Served, default_store
from roundtable.lis.periods import PeriodError, parse_period
from roundtable.partnership.middleware import current_partnership

if TYPE_CHECKING:
    from roundtable.performance.models import Indicator

MAX_ZOOM = 18
#: The table beside the map lists at most this many areas (a map of every LSOA has
#: 34,753); it says so and suggests a parent area.
TABLE_ROWS = 1000
DEFAULT_ZOOM = 12
#: The zoom of the boundaries of an area and its statistical neighbours (a few areas).
GROUP_ZOOM = 12
BOUNDARY_CACHE = "public, max-age=3600"
#: `format` of `/lis/boundaries/`: GeoJSON, or packed for map.js (`boundary_packing`).
BOUNDARY_FORMATS = ("geojson", "packed")
#: A map of at most this many areas (a borough's LSOAs) comes with its data and
#: boundaries in the page, as JSON data blocks: no round trip before it is drawn.
EMBED_AREAS = 1500


def data_block(body: bytes) -> SafeString:
    """JSON bytes made safe inside `<script type="application/json">`: `<`, `>` and `&`
    (only ever inside strings in JSON) escaped, as Django's `json_script` does."""
    text = body.decode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON we encoded, with markup characters escaped


def area_profile_url(code: str) -> str:
    """Where clicking an area goes: its profile page. Given "{code}", the pattern the
    map's script fills in (with its braces as they are, not escaped)."""
    return reverse("lis:area", args=[code]).replace("%7Bcode%7D", "{code}")


class BadParameter(Exception):
    """A parameter that cannot be used: `message` names it (the data's answer);
    `field`, when given, is how the map page's form says it beside its field."""

    def __init__(self, parameter: str, message: str, status: int = 400, field: str = "") -> None:
        super().__init__(message)
        self.parameter = parameter
        self.status = status
        self.field = field


def _error(error: BadParameter) -> JsonResponse:
    body: dict[str, str] = {"detail": str(error)}
    if error.status == 400:
        body["parameter"] = error.parameter
    return JsonResponse(body, status=error.status)


def _area_type(raw: str) -> str:
    value = raw.strip() or AreaType.LSOA
    if value not in maps.MAP_AREA_TYPES:
        choices = ", ".join(t.value for t in maps.MAP_AREA_TYPES)
        raise BadParameter("area_type", f"area_type: {raw} is not one of {choices}")
    return value


def _within(raw: str) -> Area | None:
    code = raw.strip()
    if not code:
        return None
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise BadParameter("within", f"No area has the code {code}", status=404)
    return area


def _indicator(partnership_slug: str, raw: str) -> Indicator:
    code = raw.strip()
    if not code:
        raise BadParameter("indicator", "indicator: choose an indicator, by its code")
    found = queries.lis_indicators(partnership_slug).filter(code__iexact=code).first()
    if found is None:
        raise BadParameter("indicator", f"No indicator on the LIS has the code {code}", 404)
    return found


def _period(indicator: Indicator, raw: str, area_type: str, inside: Area | None) -> str:
    if raw.strip():
        try:
            return parse_period(raw).label
        except PeriodError as error:
            raise BadParameter("period", f"period: {error}") from None
    return maps.default_period(indicator, area_type, inside)


def _named_areas(raw: str, area_type: str) -> list[str]:
    codes = list(dict.fromkeys(c.strip() for c in raw.split(",") if c.strip()))
    if not codes:
        raise BadParameter("areas", "areas: name at least one area by its code, like E09000009")
    if len(codes) > maps.MAX_NAMED_AREAS:
        raise BadParameter("areas", f"areas: name at most {maps.MAX_NAMED_AREAS} areas")
    known = set(
        Area.objects.filter(code__in=codes, area_type=area_type).values_list("code", flat=True)
    )
    missing = next((c for c in codes if c not in known), None)
    if missing is not None:
        label = area_type_label(area_type)
        raise BadParameter("areas", f"No {label} has the code {missing}", status=404)
    return sorted(codes)


def _comparator(
    request: HttpRequest, indicator: Indicator | None, area_type: str, found: Area | None = None
) -> maps.Comparator:
    """`compare`, and for "neighbours" the chosen `area` (else the postcode's area,
    `found`), the indicators `by` (else the map's indicator) and `n`."""
    kind = request.GET.get("compare", "").strip()
    if kind and kind not in maps.COMPARE_CHOICES:
        raise BadParameter("compare", f"compare: {kind} is not one of parent, england, neighbours")
    if kind != "neighbours":
        return maps.Comparator(kind)
    area = _within(request.GET.get("area", "")) if request.GET.get("area", "").strip() else found
    if area is None:
        raise BadParameter(
            "area",
            "area: enter the code of the area whose statistical neighbours to compare with, "
            "like E01001234, or a postcode",
        )
    if area.area_type != area_type:
        raise BadParameter(
            "area",
            f"area: {area.name} is not one of the map's areas ({area_type_label(area_type)}); "
            "choose an area of that type",
        )
    by = tuple(dict.fromkeys(c.strip() for c in request.GET.getlist("by") if c.strip()))
    if not by and indicator is not None:
        by = (indicator.code,)
    try:
        n = neighbours.parse_n(request.GET.get("n"))
    except profile_figures.BadParameter as error:
        raise BadParameter("n", str(error), field=neighbours.N_ERROR) from None
    return maps.Comparator(kind, area, by, n)


def _zoom(raw: str) -> int:
    if not raw.strip():
        return DEFAULT_ZOOM
    try:
        zoom = int(raw)
    except ValueError:
        zoom = -1
    if not 0 <= zoom <= MAX_ZOOM:
        raise BadParameter("zoom", f"zoom: {raw} is not a whole number from 0 to {MAX_ZOOM}")
    return zoom


def map_data(request: HttpRequest) -> HttpResponse:
    """One indicator's published figures for the map, classified."""
    partnership = current_partnership(request)
    try:
        area_type = _area_type(request.GET.get("area_type", ""))
        indicator = _indicator(partnership.slug, request.GET.get("indicator", ""))
        inside = _within(request.GET.get("within", ""))
        period = _period(indicator, request.GET.get("period", ""), area_type, inside)
        comparator = _comparator(request, indicator, area_type)
        data = _kept(indicator, area_type, inside, period, comparator, partnership)
    except BadParameter as error:
        return _error(error)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(data.json_gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(data.json_bytes, content_type="application/json")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _kept(
    indicator: Indicator,
    area_type: str,
    inside: Area | None,
    period: str,
    comparator: maps.Comparator,
    partnership,
) -> maps.MapData:
    try:
        return maps.kept_map_data(
            indicator,
            area_type,
            inside,
            period,
            area_profile_url("{code}"),
            comparator,
            partnership,
        )
    except profile_figures.BadParameter as error:  # the neighbours' indicators
        raise BadParameter("by", str(error)) from None


def _format(raw: str) -> str:
    value = raw.strip() or "geojson"
    if value not in BOUNDARY_FORMATS:
        raise BadParameter("format", f"format: {raw} is not one of geojson, packed")
    return value


def _outlines(
    area_type: str,
    zoom: int,
    inside: Area | None,
    named: list[str] | None,
    *,
    packed: bool = False,
) -> Served:
    """The boundaries of the `named` areas, else of those inside `inside` (else all)."""
    codes = named
    if inside is not None and named is None:
        codes = list(
            queries.lis_areas(area_type, inside).order_by("code").values_list("code", flat=True)
        )
    return default_store().serve(area_type, zoom, codes, packed=packed)


def boundaries(request: HttpRequest, area_type: str) -> HttpResponse:
    """The outlines of the areas of `area_type` inside `within`, simplified for `zoom`."""
    try:
        area_type = _area_type(area_type)
        inside = _within(request.GET.get("within", ""))
        zoom = _zoom(request.GET.get("zoom", ""))
        named = _named_areas(request.GET["areas"], area_type) if "areas" in request.GET else None
        packed = _format(request.GET.get("format", "")) == "packed"
    except BadParameter as error:
        return _error(error)
    served = _outlines(area_type, zoom, inside, named, packed=packed)
    content_type = "application/octet-stream" if packed else "application/geo+json"
    if served.etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(served.gzipped, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(served.body, content_type=content_type)
    response["ETag"] = served.etag
    response["Cache-Control"] = BOUNDARY_CACHE
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _instead(request: HttpRequest, data: maps.MapData | None) -> list[tuple[str, str]]:
    """For a map with no areas: the maps of the area types the indicator does have
    figures for, as (words, address), its latest period, inside the chosen area's
    parent when the areas are of the chosen area's own type."""
    if data is None:
        return []
    links = []
    for area_type in data.other_area_types:
        query = request.GET.copy()
        for name in ("area_type", "period", "download", "within"):
            query.pop(name, None)
        query["indicator"] = data.indicator.code
        query["area_type"] = area_type
        inside = data.within
        if inside is not None and inside.area_type == area_type:
            inside = inside.parent
        if inside is not None:
            query["within"] = inside.code
        where = f" in {inside.name}" if inside is not None else ""
        links.append((f"Show the map of {maps.PLURALS[area_type]}{where}", f"?{query.urlencode()}"))
    return links


@dataclass(frozen=True)
class Found:
    """The area of the map's type a postcode is in, or why there is none."""

    postcode: str
    area: Area | None
    error: str


def _postcode(raw: str, area_type: str) -> Found | None:
    if not raw.strip():
        return None
    try:
        found = lookup_postcode(raw)
    except ValueError as error:  # PostcodeNotFound is a ValueError too
        return Found(raw.strip(), None, str(error))
    field = {
        AreaType.LSOA: "lsoa",
        AreaType.MSOA: "msoa",
        AreaType.LOCAL_AUTHORITY: "local_authority",
    }[area_type]
    area = getattr(found, field)
    if area is None:
        label = area_type_label(area_type)
        return Found(found.postcode, None, f"We do not know the {label} of {found.postcode}")
    return Found(found.postcode, area, "")


def _error_links(errors: dict[str, str], by_first: int) -> list[tuple[str, str]]:
    """The page's problems for the error summary, each linked to its input: "Nearest
    on" to its first choice shown, a download to the download links."""
    ids = {"by": f"map-by-{by_first}", "download": "map-downloads"}
    return [(f"#{ids.get(name, f'map-{name}')}", message) for name, message in errors.items()]


def map_page(request: HttpRequest) -> HttpResponse:
    """The map: the form, the choropleth (drawn by `lis/map.js`), legend and table."""
    partnership = current_partnership(request)
    indicators = maps.map_indicators(partnership)
    errors: dict[str, str] = {}
    indicator = None
    raw_indicator = request.GET.get("indicator", "").strip()
    if raw_indicator:
        indicator = next((i for i in indicators if i.code.lower() == raw_indicator.lower()), None)
        if indicator is None:
            # Unknown, or with no figure to map (only held or suppressed ones).
            errors["indicator"] = (
                f"indicator: there is no indicator \u201c{raw_indicator}\u201d with figures "
                "to map; choose one from the list"
            )
    raw_type = request.GET.get("area_type", "").strip()
    try:
        area_type = _area_type(raw_type)
    except BadParameter as error:
        errors["area_type"], area_type = str(error), AreaType.LSOA
    inside = partnership.area if partnership.area_id else None
    # Which types of area each indicator has figures for: the rule "Areas" offers by.
    types = maps.indicator_area_types(partnership)
    if not raw_indicator:
        # The first indicator with figures for these areas, not an empty map.
        indicator = maps.first_with_figures(indicators, area_type, types) or next(
            iter(indicators), None
        )
    if indicator and not raw_type:
        # An indicator kept for whole boroughs only opens on the boroughs around the place.
        area_type = maps.finest_area_type(indicator, types) or area_type
    if inside is not None and inside.area_type == area_type and inside.parent_id:
        # Areas of the place's own type (local authorities for a borough's partnership):
        # those around it, not the none inside it.
        inside = inside.parent
    if "within" in request.GET:
        try:
            inside = _within(request.GET["within"])
        except BadParameter as error:
            errors["within"] = str(error)
    periods = maps.indicator_periods(indicator) if indicator else []
    period = maps.default_period(indicator, area_type, inside, periods) if indicator else ""
    raw_period = request.GET.get("period", "").strip()
    period_moved = ""
    if raw_period and indicator:
        try:
            asked = _period(indicator, raw_period, area_type, inside)
        except BadParameter as error:
            errors["period"] = str(error)
        else:
            if periods and asked not in periods:
                # The period of the indicator shown before: the form sends it when the
                # indicator is changed without the script (or "Show map" is pressed
                # before the list of periods has caught up). The list cannot show it,
                # so the map opens at the indicator's own period and says so.
                period_moved = asked
            else:
                period = asked
    raw_order = request.GET.get("order", "").strip()
    order = raw_order.lower()
    if order and order not in mapping.TABLE_ORDERS:
        errors["order"] = (
            f"order: there is no table order \u201c{raw_order}\u201d; choose one from the list"
        )
        order = ""
    found = _postcode(request.GET.get("postcode", ""), area_type)
    comparator = maps.Comparator()
    try:
        comparator = _comparator(request, indicator, area_type, found.area if found else None)
    except BadParameter as error:
        errors[error.parameter] = error.field or str(error)
        comparator = maps.Comparator(request.GET.get("compare", "").strip())
    # Only choices that lead to figures: not other partnerships' places in "Inside",
    # nor areas or "Nearest by" indicators with no figures for the map's type.
    choices = maps.map_choices(partnership, area_type, inside)
    nearest_by = choices.nearest_by(indicators, area_type, comparator.by)
    data = None
    if indicator and not errors:
        try:
            data = _kept(indicator, area_type, inside, period, comparator, partnership)
        except BadParameter as error:
            errors[error.parameter] = str(error)
    chosen_row = None
    if data and found and found.area:
        chosen_row = next((a for a in data.classes.areas if a.code == found.area.code), None)
    download = request.GET.get("download", "")
    if download_problem(download):
        errors["download"] = download_problem(download)
    elif download and data:
        header, table = maps.map_table(data, order)
        name = f"map-{indicator.code}-{area_type}".lower()
        return table_download(header, table, download, name, indicator.name[:31])
    first_data = first_boundaries = ""
    embedded_data = embedded_boundaries = ""
    if data:
        chosen = {"indicator": indicator.code, "area_type": area_type}
        chosen |= {"within": inside.code} if inside else {}
        chosen |= {"period": period} | comparator.as_query()
        first_data = reverse("lis:map-data") + "?" + urlencode(chosen, doseq=True)
        zoom = {AreaType.LOCAL_AUTHORITY: 12, AreaType.REGION: 10}.get(
            inside.area_type if inside else "", 6
        )
        where = {"within": inside.code, "zoom": zoom} if inside else {"zoom": zoom}
        if data.group is not None:  # the area and its neighbours, wherever they are
            where = {"areas": ",".join(data.group_codes), "zoom": GROUP_ZOOM}
        first_boundaries = (
            reverse("lis:boundaries", args=[area_type])
            + "?"
            + urlencode(where | {"format": "packed"})
        )
        if (  # a borough's map comes with the page, unless its layer is still to build
            len(data.classes.areas) <= EMBED_AREAS
            and default_store().is_built(area_type, where["zoom"])
        ):
            named = data.group_codes if data.group is not None else None
            outlines = _outlines(area_type, where["zoom"], inside, named)
            if outlines.areas <= EMBED_AREAS:
                embedded_data = data_block(data.json_bytes)
                embedded_boundaries = data_block(outlines.body)
    rows = mapping.table_order(data.classes.areas, order)[:TABLE_ROWS] if data else []
    # The first "Nearest on" choice shown, for the error summary's link (0: none is).
    by_first = next((n for n, choice in enumerate(nearest_by, 1) if choice.shown), 0)
    context = {
        "first_data": first_data,
        "first_boundaries": first_boundaries,
        "embedded_data": embedded_data,
        "embedded_boundaries": embedded_boundaries,
        "indicators": indicators,
        "indicator": indicator,
        "area_types": [
            (t.value, t.label, maps.PLURALS[t])
            for t in maps.MAP_AREA_TYPES
            if t in choices.area_types
        ],
        "area_type": area_type,
        "parents": choices.parents,
        "nearest_by": nearest_by,
        "by_first": by_first,
        "inside": inside,
        "periods": periods,
        "period": period,
        "period_moved": period_moved,
        "data": data,
        "rows": [(a, area_profile_url(a.code)) for a in rows],
        # A suppressed area's reason, the same long sentence for each, is written
        # once under the table: its row says "Suppressed [note 1]".
        "notes": value_notes.numbered(rows, withheld=True),
        "order": order,
        "table_orders": [
            ("", "Nearest first" if comparator.kind == "neighbours" else "Area code"),
            *mapping.TABLE_ORDERS.items(),
        ],
        "table_rows": TABLE_ROWS,
        "areas": len(data.classes.areas) if data else 0,
        "errors": errors,
        "error_links": _error_links(errors, by_first),
        "found": found,
        "chosen_row": chosen_row,
        "chosen_words": data.area_words(chosen_row) if data and chosen_row else "",
        "profile_url": area_profile_url("{code}"),
        "found_url": area_profile_url(found.area.code) if found and found.area else "",
        "comparator": comparator,
        "compare_choices": [
            # Short enough to be read whole in the form's column, on a phone too.
            ("", "The \u201cInside\u201d area, or England"),
            ("parent", "The \u201cInside\u201d area"),
            ("england", "England"),
            ("neighbours", "An area\u2019s statistical neighbours"),
        ],
        "by_codes": set(comparator.by),
        # "How many neighbours" as typed when it cannot be used, so it can be put right.
        "n": request.GET.get("n", "") if "n" in errors else comparator.n,
        "downloads": download_here(request),
        "instead": _instead(request, data),
    }
    return render(request, "lis/map.html", context, status=400 if errors else 200)
