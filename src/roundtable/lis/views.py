"""LIS pages: the data catalogue, a dataset's page and its CSV download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roundtable.core.exports import write_csv
from roundtable.lis import queries
from roundtable.lis.models import Dataset
from roundtable.lis.permissions import get_dataset_for_user
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership


def catalogue(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    visible = Dataset.objects.visible_to(request.user).filter(partnership=partnership)
    chosen = {name: request.GET.get(name, "").strip() for name in queries.FACETS}
    found = queries.catalogue(visible, request.GET.get("q", "").strip(), chosen)
    return render(request, "lis/catalogue.html", {"catalogue": found})


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, slug)
    show_partnership(request, dataset.partnership)
    observations = dataset.observations.count()
    return render(
        request, "lis/dataset_detail.html", {"dataset": dataset, "observations": observations}
    )


def dataset_download(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, slug)
    show_partnership(request, dataset.partnership)
    rows = queries.dataset_observation_rows(dataset)
    response = HttpResponse(
        write_csv([queries.DOWNLOAD_HEADER, *rows]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.csv"'
    return response
