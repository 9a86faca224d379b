"""Pages of the consultation register: the public list, a consultation's page, the
add and edit form with its overlap warning, and the iCalendar feed of open and
close dates. Who sees what is in `models.py`; who may change what in
`permissions.py`."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from roundtable.core.forms import add_service_errors
from roundtable.core.imports import parse_date
from roundtable.core.pages import form_page
from roundtable.core.permissions import Action, by_pk, can, opens_for, refuse
from roundtable.engagement import calendars, queries, rules, services
from roundtable.engagement.forms import ConsultationFilterForm, ConsultationForm
from roundtable.engagement.models import Consultation
from roundtable.engagement.permissions import (
    CHANGE,
    get_consultation_for_user,
    may_edit_consultation_of,
    may_edit_consultations,
    may_manage_register,
    require_engagement,
    sees_engagement,
)
from roundtable.geography.models import Area
from roundtable.meetings.models import Meeting
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Organisation
from roundtable.partnership.queries import organisations_to_act_for


def consultation_list(request: HttpRequest) -> HttpResponse:
    """Open and forthcoming consultations (closed ones with `?show=past`)."""
    partnership = current_partnership(request)
    form = ConsultationFilterForm(request.GET or None)
    show = (form.cleaned_data.get("show") if form.is_valid() else "") or queries.CURRENT
    rows = queries.consultations(request.user, partnership.pk, show=show)
    context = {
        "form": form,
        "show": show,
        "consultations": rows,
        "can_add": may_edit_consultations(request.user, partnership.pk),
    }
    return render(request, "engagement/consultations.html", context)


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request.user, pk)
    show_partnership(request, consultation.partnership)
    context = {
        "consultation": consultation,
        "areas": consultation.areas.all(),
        "organisations": consultation.organisations.visible_to(request.user),
        "priorities": consultation.priorities.all(),
        "meetings": consultation.meetings.select_related("body").order_by("start", "pk"),
        "projects": queries.consultation_projects(request.user, consultation),
        "can_edit": may_edit_consultation_of(
            request.user, consultation.partnership_id, consultation.lead_organisation_id
        ),
        "sees_history": can(request.user, Action.VIEW_HISTORY, consultation),
    }
    return render(request, "engagement/consultation.html", context)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _date(text: str | None) -> datetime.date | None:
    """A date from the form as typed or shown (`GovukDateField`: 2026-03-02,
    02/03/2026 or 2 March 2026); None when it is not one."""
    try:
        return parse_date(text or "")
    except ValueError:
        return None


def _scope_from(
    opens: datetime.date,
    closes: datetime.date,
    audience: list[str],
    groups: list[str],
    organisations: Any,
    areas: Any,
) -> rules.ConsultationScope:
    return rules.ConsultationScope(
        opens=opens,
        closes=closes,
        audience=frozenset(audience),
        groups=frozenset(groups),
        organisations=frozenset(o.name for o in organisations),
        areas=frozenset(a.code for a in areas),
    )


@opens_for(by_pk(sees_engagement))
def consultation_overlaps(request: HttpRequest) -> HttpResponse:
    """The overlap warning as the form's dates, audience or areas change (htmx)."""
    partnership = current_partnership(request)
    require_engagement(request.user, partnership.pk)
    found = None
    opens, closes = _date(request.GET.get("opens")), _date(request.GET.get("closes"))
    if opens and closes and opens <= closes:
        scope = _scope_from(
            opens,
            closes,
            request.GET.getlist("audience"),
            [g.strip() for g in request.GET.get("groups", "").splitlines() if g.strip()],
            Organisation.objects.filter(
                partnership=partnership, pk__in=_ids(request.GET.getlist("organisations"))
            ),
            Area.objects.filter(pk__in=_ids(request.GET.getlist("areas"))),
        )
        exclude = _ids([request.GET.get("consultation", "")])
        found = queries.overlaps(
            request.user, partnership.pk, scope, exclude_pk=exclude[0] if exclude else None
        )
    return render(request, "engagement/partials/_overlaps.html", {"overlaps": found})


def _form(request: HttpRequest, partnership: Any, **kwargs: Any) -> ConsultationForm:
    """Editors lead consultations for their own organisation; administrators any."""
    organisations = organisations_to_act_for(
        request.user, partnership.pk, any_of_them=may_manage_register(request.user, partnership.pk)
    )
    # Meetings are public records (`meetings.models.Meeting`), newest first.
    meetings = (
        Meeting.objects.filter(partnership=partnership)
        .select_related("body")
        .order_by("-start", "pk")
    )
    return ConsultationForm(
        request.POST or None,
        partnership=partnership,
        organisations=organisations,
        meetings=meetings,
        projects=queries.linkable_projects(request.user, partnership.pk),
        **kwargs,
    )


def _save_page(
    request: HttpRequest, form: ConsultationForm, consultation: Consultation | None
) -> HttpResponse:
    """Save, unless it overlaps others not yet shown: then show them, once, with
    "Save anyway"."""
    partnership = current_partnership(request)
    overlaps = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirm = data.pop("confirm", "")
        scope = _scope_from(
            data["opens"],
            data["closes"],
            data["audience"],
            data["groups"],
            data["organisations"],
            data["areas"],
        )
        overlaps = queries.overlaps(
            request.user,
            partnership.pk,
            scope,
            exclude_pk=consultation.pk if consultation else None,
        )
        seen = f"{data['opens']:%Y%m%d}-{data['closes']:%Y%m%d}:" + ",".join(
            str(o.consultation.pk) for o in overlaps
        )
        if overlaps and confirm != seen:
            form.data = form.data.copy()
            form.data["confirm"] = seen
            messages.warning(
                request,
                format_html(
                    '<a class="govuk-notification-banner__link" href="#overlap-warning">{}</a>, '
                    "then save again",
                    "Check the consultations it overlaps",
                ),
            )
        else:
            try:
                saved = services.save_consultation(
                    request.user, consultation or Consultation(), partnership=partnership, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Consultation saved")
                return redirect(saved)
    return form_page(
        request,
        form,
        "engagement/consultation_form.html",
        title=f"Edit {consultation}" if consultation else "Add a consultation",
        overlaps=overlaps,
        consultation=consultation,
    )


@opens_for(by_pk(may_edit_consultations))
def consultation_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_edit_consultations(request.user, partnership.pk):
        raise refuse(request.user)
    initial = {"lead_organisation": request.user.organisation_id, "status": "planned"}
    return _save_page(request, _form(request, partnership, initial=initial), None)


def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, consultation.partnership)
    initial = {
        name: getattr(consultation, name)
        for name in ("title", "lead_organisation", "status", "opens", "closes", "method", "url")
        + ("description", "results_summary", "results_url", "owner_body")
    }
    initial["audience"] = consultation.audience_list
    initial["groups"] = "\n".join(consultation.group_list)
    for name in ("organisations", "areas", "priorities", "meetings", "projects"):
        initial[name] = list(getattr(consultation, name).values_list("pk", flat=True))
    form = _form(request, consultation.partnership, initial=initial)
    return _save_page(request, form, consultation)


@require_GET
def consultation_calendar(request: HttpRequest) -> HttpResponse:
    """The open and close dates of the partnership's consultations, read as the public
    reads them (planned ones never appear: a feed is subscribed to without signing in)."""
    partnership = current_partnership(request)
    rows = queries.consultations(AnonymousUser(), partnership.pk, show=queries.ALL)
    name = f"{partnership.name} consultations"
    content = calendars.consultation_calendar(
        name, rows, lambda c: request.build_absolute_uri(c.get_absolute_url())
    )
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{slugify(name)}.ics"'
    return response
