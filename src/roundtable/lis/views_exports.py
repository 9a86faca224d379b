"""A dataset's downloads: its page's filter form and "Download" links, and the
exports they point at (CSV, XLSX, Data Package zip, JSON-stat; `lis/exports.py`).

Every web download is a public export: it reads through `queries.public_observation`,
so a suppressed cell's figures are never in it, and only the indicators the visitor
may see. A held dataset's downloads are for those who may see the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from roundtable.lis import exports, queries
from roundtable.lis.permissions import get_dataset_for_user
from roundtable.partnership.addresses import show_partnership

if TYPE_CHECKING:
    from roundtable.lis.models import Dataset

FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "XLSX (Excel)",
    "datapackage": "Data Package (zip)",
    "jsonstat": "JSON-stat 2.0",
}
FIELD_LABELS = {
    "indicator": "Indicator",
    "area_type": "Area type",
    "within": "Inside area",
    "period": "Period",
}


@dataclass(frozen=True)
class Downloads:
    """The dataset page's filter form and download links (none while a filter is wrong)."""

    choices: queries.ExportChoices
    area_types: list[tuple[str, str]]
    indicators: list[str]
    area_type: str
    within: str
    period: str
    errors: list[tuple[str, str]]
    links: list[tuple[str, str]]
    selection: queries.ExportSelection | None
    #: How many observations the reader may see: all of the dataset's, and the
    #: selection's (None without a filter, or while a filter is wrong).
    total: int
    chosen: int | None

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """The filters' problems for the error summary, each linked to its filter."""
        return [(f"#filter-{name}", message) for name, message in self.errors]


def _filters(request: HttpRequest) -> tuple[list[str], str, str, str]:
    """The indicator codes, area type, parent area code and period the query string
    chooses."""
    return (
        [code for code in request.GET.getlist("indicator") if code.strip()],
        request.GET.get("area_type", "").strip(),
        request.GET.get("within", "").strip(),
        request.GET.get("period", "").strip(),
    )


def _selection(
    request: HttpRequest, dataset: Dataset
) -> tuple[queries.ExportSelection | None, list[tuple[str, str]]]:
    """The selection the query string chooses, or None and its problems as
    (field, message)."""
    try:
        return queries.check_selection(dataset, request.user, *_filters(request)), []
    except queries.SelectionInvalid as invalid:
        return None, [(o, f"{FIELD_LABELS[o]}: {m}") for o, m in invalid.problems]


def downloads(request: HttpRequest, dataset: Dataset) -> Downloads:
    """The filters the page's query string chooses, checked, and the links to each
    export of that selection."""
    chosen, area_type, inside, period = _filters(request)
    selection, errors = _selection(request, dataset)
    links = []
    if selection is not None:
        query = urlencode(selection.query(), doseq=True)
        for fmt in exports.FORMATS:
            url = reverse("lis:dataset-export", args=[dataset.slug, fmt])
            links.append((FORMAT_LABELS[fmt], f"{url}?{query}" if query else url))
    choices = queries.export_choices(dataset, request.user)
    everything = queries.ExportSelection()
    total = queries.selected_observations(dataset, everything, request.user).count()
    chosen_count = None
    if selection is not None and selection != everything:
        chosen_count = queries.selected_observations(dataset, selection, request.user).count()
    return Downloads(
        choices=choices,
        area_types=exports.area_types_named(choices.area_types),
        indicators=chosen,
        area_type=area_type,
        within=inside,
        period=period,
        errors=errors,
        links=links,
        selection=selection,
        total=total,
        chosen=chosen_count,
    )


def dataset_page(request: HttpRequest, dataset: Dataset, *, status: int = 200) -> HttpResponse:
    """A dataset's page, with its downloads of the selection its query string chooses."""
    context = {
        "dataset": dataset,
        "downloads": downloads(request, dataset),
    }
    return render(request, "lis/dataset_detail.html", context, status=status)


def dataset_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The dataset, or the selection its query string chooses, in format `fmt`; a
    wrong filter shows the dataset's page with the problem (400)."""
    dataset = get_dataset_for_user(request.user, slug)
    show_partnership(request, dataset.partnership)
    if fmt not in exports.FORMATS:
        raise Http404("Downloads are CSV, XLSX, a Data Package or JSON-stat")
    selection, _ = _selection(request, dataset)
    if selection is None:
        return dataset_page(request, dataset, status=400)
    table = exports.build_table(
        dataset,
        selection,
        request.user,
        homepage=request.build_absolute_uri(dataset.get_absolute_url()),
        created=timezone.now(),
    )
    response = HttpResponse(
        exports.export_bytes(table, fmt), content_type=exports.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{table.filename(fmt)}"'
    return response
