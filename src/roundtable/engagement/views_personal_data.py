"""Personal data of a named contact: find every contact log entry naming a person,
export them (CSV, JSON) and erase the person from the log on request. For the
partnership's administrators only (`permissions.require_personal_data`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from roundtable.core.forms import add_service_errors
from roundtable.engagement import queries, services
from roundtable.engagement.forms import PersonalDataForm
from roundtable.engagement.models import Contact, PersonalDataErasure
from roundtable.engagement.permissions import require_personal_data
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Partnership


@dataclass(frozen=True)
class PersonalDataPage:
    form: PersonalDataForm
    entries: QuerySet[Contact] | None
    query: str
    erasures: QuerySet[PersonalDataErasure]


def _found(request: HttpRequest, partnership: Partnership) -> tuple[PersonalDataForm, QuerySet]:
    """The form bound to the query string, and the entries it finds (None unless valid)."""
    form = PersonalDataForm(request.GET or request.POST or None)
    if not form.is_bound or not form.is_valid():
        return form, None
    entries = queries.named_in_log(
        Contact.objects.visible_to(request.user),
        partnership.pk,
        form.cleaned_data["name"],
        contains=form.contains,
    )
    return form, entries


def personal_data(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_personal_data(request.user, partnership.pk)
    form, entries = _found(request, partnership)
    page = PersonalDataPage(
        form=form,
        entries=entries,
        query=urlencode({"name": form.cleaned_data["name"], "match": form.data.get("match", "")})
        if entries is not None
        else "",
        erasures=queries.erasures(request.user, partnership.pk),
    )
    return render(request, "engagement/personal_data.html", {"page": page})


def personal_data_export(request: HttpRequest, fmt: str) -> HttpResponse:
    partnership = current_partnership(request)
    require_personal_data(request.user, partnership.pk)
    if fmt not in ("csv", "json"):
        raise Http404("Export as csv or json")
    form, entries = _found(request, partnership)
    if entries is None:
        return redirect(f"{reverse('engagement:personal-data')}?{request.GET.urlencode()}")
    content_type = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(
        queries.personal_data_export(entries, fmt), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def personal_data_erase(request: HttpRequest) -> HttpResponse:
    """GET: what would be erased, with a button to confirm; POST: erase."""
    partnership = current_partnership(request)
    require_personal_data(request.user, partnership.pk)
    form, entries = _found(request, partnership)
    if request.method == "POST" and entries is not None:
        try:
            done = services.erase_personal_data(
                request.user,
                partnership,
                name=form.cleaned_data["name"],
                contains=form.contains,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Erased from {done.entries} entr{'y' if done.entries == 1 else 'ies'} and "
                f"{done.history_rows} earlier version{'' if done.history_rows == 1 else 's'}",
            )
            return redirect("engagement:personal-data")
    if entries is None:
        return redirect(f"{reverse('engagement:personal-data')}?{request.GET.urlencode()}")
    context = {"form": form, "entries": entries}
    return render(request, "engagement/personal_data_erase.html", context)
