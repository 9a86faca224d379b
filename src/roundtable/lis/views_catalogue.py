"""Catalogue entries: adding one, changing it, and its history. Who may is decided
by the access helpers (`permissions.py`) and, again, by the services
(`catalogue_services.py`), which a refusal from is shown on the form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.pages import form_page
from roundtable.core.permissions import opens_for
from roundtable.lis import catalogue_services
from roundtable.lis.catalogue_forms import DatasetForm
from roundtable.lis.permissions import (
    get_dataset_for_edit,
    get_dataset_for_user,
    may_add_dataset,
    require_add_dataset,
)
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from roundtable.lis.models import Dataset
    from roundtable.partnership.models import Partnership


@opens_for(may_add_dataset)
def dataset_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_add_dataset(request.user, partnership)
    return _write(request, partnership, None)


def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset_for_edit(request.user, slug)
    show_partnership(request, dataset.partnership)
    return _write(request, dataset.partnership, dataset)


def _write(request: HttpRequest, partnership: Partnership, dataset: Dataset | None) -> HttpResponse:
    form = DatasetForm(
        request.POST or None, user=request.user, partnership=partnership, dataset=dataset
    )
    disclosed: list[str] = []
    if request.method == "POST" and form.is_valid():
        entry = form.entry()
        if dataset is not None:
            disclosed = catalogue_services.disclosures(dataset, entry)
        seen = "|".join(disclosed)[:200]
        if disclosed and form.cleaned_data["confirm"] != seen:
            # Shown once: saving again with the same change confirms it.
            form.data = form.data.copy()
            form.data["confirm"] = seen
            messages.warning(request, "Check what this change would publish, then save again")
            return _page(request, form, partnership, dataset, disclosed)
        try:
            if dataset is None:
                saved = catalogue_services.create_dataset(
                    request.user, partnership, entry, slug=form.cleaned_data["slug"]
                )
                done = f"“{saved.title}” is in the catalogue"
            else:
                saved = catalogue_services.update_dataset(request.user, dataset, entry)
                done = f"“{saved.title}” is saved"
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or "You may not save this catalogue entry")
        else:
            messages.success(request, done)
            return redirect(saved.get_absolute_url())
    return _page(request, form, partnership, dataset, [])


def _page(
    request: HttpRequest,
    form: DatasetForm,
    partnership: Partnership,
    dataset: Dataset | None,
    disclosed: list[str],
) -> HttpResponse:
    title = f"Edit “{dataset.title}”" if dataset else "Add a catalogue entry"
    context = {
        "title": title,
        "dataset": dataset,
        "partnership": partnership,
        "disclosed": disclosed,
    }
    return form_page(request, form, "lis/catalogue/dataset_form.html", **context)


def dataset_history(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, slug)
    show_partnership(request, dataset.partnership)
    return render_history(
        request, dataset, title=dataset.title, back_url=dataset.get_absolute_url()
    )
