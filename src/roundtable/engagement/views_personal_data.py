"""Personal data of a named contact: find every contact log entry naming a person,
export them (CSV, JSON) and erase the person from the log on request. For the
partnership's administrators only (`permissions.require_personal_data`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from roundtable.core.forms import add_service_errors
from roundtable.core.permissions import by_pk, opens_for
from roundtable.engagement import queries, rules, services
from roundtable.engagement.forms import PersonalDataForm
from roundtable.engagement.models import Contact, PersonalDataErasure
from roundtable.engagement.permissions import may_manage_personal_data, require_personal_data
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Partnership


@dataclass(frozen=True)
class PersonalDataPage:
    form: PersonalDataForm
    entries: QuerySet[Contact] | None
    query: str
    erasures: QuerySet[PersonalDataErasure]
    variants: list[str] = field(default_factory=list)
    ticked: list[str] = field(default_factory=list)


def _found(
    request: HttpRequest, partnership: Partnership
) -> tuple[PersonalDataForm, QuerySet | None, list[str]]:
    """The form bound to the query string, the entries it finds (None unless valid)
    and the variants of the name ticked (only those `rules.check_variants` allows)."""
    data = request.GET or request.POST
    form = PersonalDataForm(data or None)
    if not form.is_bound or not form.is_valid():
        return form, None, []
    try:
        ticked = rules.check_variants(form.cleaned_data["name"], data.getlist("variant"))
    except ValueError as error:
        form.add_error(None, "Variants: " + str(error).removeprefix("variants: "))
        return form, None, []
    entries = queries.named_in_log(
        Contact.objects.visible_to(request.user),
        partnership.pk,
        form.cleaned_data["name"],
        contains=form.contains,
        variants=ticked,
    )
    return form, entries, ticked


def _query(form: PersonalDataForm, ticked: list[str]) -> str:
    """The search as a query string, for the export and erase links."""
    wanted = {"name": form.cleaned_data["name"], "match": form.data.get("match", "")}
    return urlencode({**wanted, "variant": ticked}, doseq=True)


@opens_for(by_pk(may_manage_personal_data))
def personal_data(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_personal_data(request.user, partnership.pk)
    form, entries, ticked = _found(request, partnership)
    variants: list[str] = []
    if entries is not None:
        name = form.cleaned_data["name"]
        variants = queries.offered_variants(
            Contact.objects.visible_to(request.user), partnership.pk, name
        )
        # A ticked variant stays offered (and ticked) even once it is found no more.
        variants += [t for t in ticked if t.casefold() not in {v.casefold() for v in variants}]
    page = PersonalDataPage(
        form=form,
        entries=entries,
        query=_query(form, ticked) if entries is not None else "",
        erasures=queries.erasures(request.user, partnership.pk),
        variants=variants,
        ticked=ticked,
    )
    return render(request, "engagement/personal_data.html", {"page": page})


@opens_for(by_pk(may_manage_personal_data))
def personal_data_export(request: HttpRequest, fmt: str) -> HttpResponse:
    partnership = current_partnership(request)
    require_personal_data(request.user, partnership.pk)
    if fmt not in ("csv", "json"):
        raise Http404("Export as csv or json")
    form, entries, _ticked = _found(request, partnership)
    if entries is None:
        return redirect(f"{reverse('engagement:personal-data')}?{request.GET.urlencode()}")
    content_type = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(
        queries.personal_data_export(entries, fmt), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@opens_for(by_pk(may_manage_personal_data))
def personal_data_erase(request: HttpRequest) -> HttpResponse:
    """GET: what would be erased, with a button to confirm; POST: erase."""
    partnership = current_partnership(request)
    require_personal_data(request.user, partnership.pk)
    form, entries, ticked = _found(request, partnership)
    if request.method == "POST" and entries is not None:
        try:
            done = services.erase_personal_data(
                request.user,
                partnership,
                name=form.cleaned_data["name"],
                contains=form.contains,
                variants=ticked,
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
    context = {"form": form, "entries": entries, "ticked": ticked}
    return render(request, "engagement/personal_data_erase.html", context)
