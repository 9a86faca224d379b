"""LIS pages: the data catalogue, a dataset's page and its CSV download, and the
uploads of statistics and indicators."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roundtable.core.imports import read_table, run_upload
from roundtable.core.permissions import by_pk, opens_for
from roundtable.lis import catalogue_facets, queries
from roundtable.lis.forms import IndicatorImportForm, ObservationImportForm
from roundtable.lis.imports import DatasetOptions, import_indicators, import_observations
from roundtable.lis.models import Dataset
from roundtable.lis.permissions import get_dataset_for_user
from roundtable.lis.views_exports import dataset_export, dataset_page
from roundtable.partnership.access import is_administrator
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.permissions import require_administrator

SHOWN_ERRORS = 50


def catalogue(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    visible = Dataset.objects.visible_to(request.user).filter(partnership=partnership)
    # Any number of values of each facet (`?theme=Health&theme=Population`).
    asked = {name: request.GET.getlist(name) for name in queries.FACETS}
    chosen = catalogue_facets.read_chosen(asked, queries.FACETS)
    found = queries.catalogue(visible, request.GET.get("q", "").strip(), chosen)
    return render(request, "lis/catalogue.html", {"catalogue": found})


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, slug)
    show_partnership(request, dataset.partnership)
    return dataset_page(request, dataset)


def dataset_download(request: HttpRequest, slug: str) -> HttpResponse:
    """`observations.csv`: the whole dataset as CSV, the first download address the
    catalogue had; the same export as the "Download" section's CSV link."""
    return dataset_export(request, slug, "csv")


@opens_for(by_pk(is_administrator))
def observation_import(request: HttpRequest) -> HttpResponse:
    """Upload statistics with the rules of `roundtable lis import` (administrators)."""
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    # The dataset page's "Import statistics into this dataset" names its dataset.
    initial = {"dataset": request.GET.get("dataset", "").strip()}
    form = ObservationImportForm(
        request.POST or None, request.FILES or None, initial=initial, partnership=partnership
    )

    def run(data: dict) -> str:
        options = DatasetOptions(
            slug=data["dataset"],
            title=data["title"],
            publisher=data["publisher"],
            licence=data["licence"],
            suppress_below=data["suppress_below"],
        )
        upload = data["file"]
        # The import reads a file by its path (Polars), so the upload is written out.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / ("upload" + Path(upload.name).suffix.lower())
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            return import_observations(path, partnership, options)

    errors, summary = run_upload(request, form, run)
    return _import_page(request, "lis/import.html", form, errors, summary)


@opens_for(by_pk(is_administrator))
def indicator_import(request: HttpRequest) -> HttpResponse:
    """Upload LIS indicators with the rules of `roundtable lis import-indicators`
    (administrators): statistics name their indicators, so these come first."""
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    errors, summary = run_upload(
        request,
        form,
        lambda data: import_indicators(read_table(data["file"], data["file"].name), partnership),
    )
    return _import_page(request, "lis/import_indicators.html", form, errors, summary)


def _import_page(
    request: HttpRequest, template: str, form: Any, errors: list, summary: str | None
) -> HttpResponse:
    """An upload page: the form, what was imported, or the first problems (400)."""
    context = {
        "form": form,
        "errors": errors[:SHOWN_ERRORS],
        "more": max(len(errors) - SHOWN_ERRORS, 0),
        "total": len(errors),
        "summary": summary,
        "partnership": current_partnership(request),
    }
    status = 400 if errors or form.errors else 200
    return render(request, template, context, status=status)
