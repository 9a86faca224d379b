"""A Fingertips-compatible API at /fingertips/api/: enough for `fingertips_py` 0.4.

Fingertips is the public-health data tool of the Office for Health Improvement and
Disparities; `fingertips_py` reads it. Pointed here (docs/lis.md, "Fingertips API"),
it reads the LIS's open data: published datasets are profiles, public indicators on
the LIS are indicators, with Fingertips' JSON field names and CSV columns. Read-only,
public data only, whoever calls; a suppressed cell has no figures, only its value
note. An unknown id is a 404 and a malformed parameter a 400, each as Fingertips'
`{"Message": ...}` naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from roundtable.core.exports import write_csv
from roundtable.lis import fingertips_queries as reads
from roundtable.lis import fingertips_tables as tables
from roundtable.lis.fingertips_tables import FingertipsError, parse_id, parse_ids

View = Callable[..., HttpResponse]


def fingertips_view(view: View) -> View:
    """A GET endpoint answering its refusals as Fingertips does: `{"Message": ...}`."""

    @require_GET
    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        try:
            return view(request)
        except FingertipsError as error:
            return JsonResponse({"Message": error.message}, status=error.status)

    return wrapped


def _json(data: Any) -> JsonResponse:
    return JsonResponse(data, safe=False)


def _csv(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _yes_no(request: HttpRequest, parameter: str) -> bool:
    word = request.GET.get(parameter, "no").strip().lower()
    if word not in ("yes", "no"):
        raise FingertipsError(400, f"{parameter}: “{word}” is not yes or no")
    return word == "yes"


# Fixed tables ---------------------------------------------------------------------------


@fingertips_view
def ages(request: HttpRequest) -> HttpResponse:
    return _json([{"Id": pk, "Name": name} for pk, name in tables.AGES])


@fingertips_view
def sexes(request: HttpRequest) -> HttpResponse:
    return _json([{"Id": pk, "Name": name} for pk, name in tables.SEXES])


@fingertips_view
def value_notes(request: HttpRequest) -> HttpResponse:
    return _json([{"Id": pk, "Text": text} for pk, text in tables.VALUE_NOTES])


@fingertips_view
def area_types(request: HttpRequest) -> HttpResponse:
    """Every area type; with `profile_ids`, those the profiles have data for."""
    rows = list(tables.AREA_TYPES)
    profile_ids = parse_ids(request.GET.get("profile_ids"), "profile_ids", required=False)
    if profile_ids:
        for pk in profile_ids:
            reads.profile(pk, "profile_ids")
        with_data = set(reads.area_type_ids_with_data(profile_ids))
        rows = [row for row in rows if row.id in with_data]
    return _json([{"Id": row.id, "Name": row.name, "ShortName": row.short_name} for row in rows])


@fingertips_view
def areas_by_area_type(request: HttpRequest) -> HttpResponse:
    type_id = parse_id(request.GET.get("area_type_id"), "area_type_id")
    return _json(reads.areas(tables.area_type(type_id, "area_type_id")))


# Profiles --------------------------------------------------------------------------------


@fingertips_view
def profiles(request: HttpRequest) -> HttpResponse:
    return _json([reads.profile_json(dataset) for dataset in reads.profiles()])


@fingertips_view
def profile(request: HttpRequest) -> HttpResponse:
    dataset = reads.profile(parse_id(request.GET.get("profile_id"), "profile_id"))
    return _json(reads.profile_json(dataset, detail=True))


# Indicator metadata ----------------------------------------------------------------------


@fingertips_view
def metadata_by_indicator_id(request: HttpRequest) -> HttpResponse:
    chosen = reads.indicators(parse_ids(request.GET.get("indicator_ids"), "indicator_ids"))
    return _json({str(indicator.pk): reads.metadata(indicator) for indicator in chosen})


@fingertips_view
def metadata_all(request: HttpRequest) -> HttpResponse:
    definition = _yes_no(request, "include_definition")
    _yes_no(request, "include_system_content")
    return _json(
        {
            str(indicator.pk): reads.metadata(indicator, definition=definition)
            for indicator in reads.indicators()
        }
    )


@fingertips_view
def metadata_csv_by_indicator_id(request: HttpRequest) -> HttpResponse:
    chosen = reads.indicators(parse_ids(request.GET.get("indicator_ids"), "indicator_ids"))
    rows = [tables.METADATA_COLUMNS, *(reads.metadata_row(i) for i in chosen)]
    return _csv(rows, "indicators-metadata.csv")


@fingertips_view
def metadata_csv_all(request: HttpRequest) -> HttpResponse:
    rows = [tables.METADATA_COLUMNS, *(reads.metadata_row(i) for i in reads.indicators())]
    return _csv(rows, "indicators-metadata.csv")


@fingertips_view
def metadata_csv_by_profile_id(request: HttpRequest) -> HttpResponse:
    dataset = reads.profile(parse_id(request.GET.get("profile_id"), "profile_id"))
    chosen = reads.profile_indicators(dataset)
    rows = [tables.METADATA_COLUMNS, *(reads.metadata_row(i) for i in chosen)]
    return _csv(rows, f"{dataset.slug}-metadata.csv")


# Data ------------------------------------------------------------------------------------


@fingertips_view
def available_data(request: HttpRequest) -> HttpResponse:
    """Which area types each indicator has data for; narrowed by `indicator_id`,
    `area_type_id` and `profile_id`."""
    indicator_id = parse_id(request.GET.get("indicator_id"), "indicator_id", required=False)
    type_id = parse_id(request.GET.get("area_type_id"), "area_type_id", required=False)
    kind = tables.area_type(type_id, "area_type_id") if type_id is not None else None
    profile_id = parse_id(request.GET.get("profile_id"), "profile_id", required=False)
    return _json(reads.available_data(indicator_id, kind, profile_id))


def _area_types(request: HttpRequest) -> tuple[tables.AreaTypeId, tables.AreaTypeId]:
    child = parse_id(request.GET.get("child_area_type_id"), "child_area_type_id")
    parent = parse_id(
        request.GET.get("parent_area_type_id") or str(tables.ENGLAND), "parent_area_type_id"
    )
    return (
        tables.area_type(child, "child_area_type_id"),
        tables.area_type(parent, "parent_area_type_id"),
    )


def _inside(request: HttpRequest) -> Any:
    code = request.GET.get("parent_area_code", "").strip()
    return reads.area(code, "parent_area_code") if code else None


@fingertips_view
def all_data_by_indicator_id(request: HttpRequest) -> HttpResponse:
    """Every observation of the indicators for areas of `child_area_type_id`
    (inside `parent_area_code`, of `profile_id`), each with its parent area of
    `parent_area_type_id` (England by default)."""
    indicator_ids = parse_ids(request.GET.get("indicator_ids"), "indicator_ids")
    child, parent = _area_types(request)
    profile_id = parse_id(request.GET.get("profile_id"), "profile_id", required=False)
    dataset = reads.profile(profile_id) if profile_id is not None else None
    _yes_no(request, "include_sortable_time_periods")
    reads.indicators(indicator_ids)
    inside = _inside(request)
    rows = reads.data_rows(indicator_ids, child, parent, dataset, inside)
    return _csv([tables.data_columns(parent), *rows], "indicators-data.csv")


@fingertips_view
def all_data_by_profile_id(request: HttpRequest) -> HttpResponse:
    """Every observation of the profile (a published dataset) for areas of
    `child_area_type_id`, each with its parent area of `parent_area_type_id`."""
    dataset = reads.profile(parse_id(request.GET.get("profile_id"), "profile_id"))
    child, parent = _area_types(request)
    inside = _inside(request)
    rows = reads.data_rows(None, child, parent, dataset, inside)
    return _csv([tables.data_columns(parent), *rows], f"{dataset.slug}-data.csv")
