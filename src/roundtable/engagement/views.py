"""Pages of the stakeholder register and the contact log, for the partnership's own
signed-in people only (see `models.py` and `permissions.py`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from roundtable.core.forms import add_service_errors
from roundtable.core.imports import parse_date
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.engagement import queries, rules, services
from roundtable.engagement.digest import DEFAULT_DAYS, digest_for
from roundtable.engagement.forms import (
    AssessmentForm,
    ContactForm,
    MarkDoneForm,
    RegisterFilterForm,
    SettingsForm,
    StakeholderForm,
)
from roundtable.engagement.models import Assessment, Contact, Stakeholder
from roundtable.engagement.permissions import (
    CHANGE,
    MANAGE,
    get_contact_for_user,
    get_stakeholder_for_user,
    may_log_contacts,
    may_manage_register,
    require_engagement,
    require_manage_register,
    sees_engagement,
)
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Partnership
from roundtable.partnership.queries import organisations_to_act_for

FORM = "partnership/form.html"


def _filtered(request: HttpRequest, partnership: Partnership) -> tuple[RegisterFilterForm, Any]:
    form = RegisterFilterForm(request.GET or None, partnership_id=partnership.pk)
    data = form.cleaned_data if form.is_valid() else {}
    theme = data.get("theme")
    rows = queries.register(
        request.user,
        partnership,
        mode=data.get("mode", ""),
        theme=theme.pk if theme else None,
        sector=data.get("sector", ""),
    )
    return form, rows


@opens_for(by_pk(sees_engagement))
def register(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_engagement(request.user, partnership.pk)
    form, rows = _filtered(request, partnership)
    context = {
        "form": form,
        "stakeholders": rows,
        "can_manage": may_manage_register(request.user, partnership.pk),
        "can_log": may_log_contacts(request.user, partnership.pk),
        "any_stakeholders": queries.has_stakeholders(request.user, partnership),
        "query": request.GET.urlencode(),
    }
    return render(request, "engagement/register.html", context)


@opens_for(by_pk(sees_engagement))
def grid(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_engagement(request.user, partnership.pk)
    form, rows = _filtered(request, partnership)
    points = queries.grid(rows)
    context = {
        "form": form,
        "points": points,
        "quadrants": list(rules.Quadrant),
        "query": request.GET.urlencode(),
    }
    return render(request, "engagement/grid.html", context)


@opens_for(by_pk(sees_engagement))
def digest(request: HttpRequest) -> HttpResponse:
    """What the weekly digest (`digest.py`) would tell the signed-in user today, if
    their person manages stakeholders of this partnership: the email's contents on a
    page, so a relationship manager can see it between emails (and the demo's can
    see it at all: its emails go to the console). Others are told who receives it."""
    partnership = current_partnership(request)
    require_engagement(request.user, partnership.pk)
    user = request.user
    found = None
    if user.person_id and user.person.partnership_id == partnership.pk:
        found = digest_for(user, timezone.localdate())
    return render(request, "engagement/digest.html", {"digest": found, "days": DEFAULT_DAYS})


_SENTINEL = 987654321  # a stakeholder id in an address, replaced by each row's
DASHBOARD_PAGE = 50  # stakeholders a page of the most-contacted dashboard


@opens_for(by_pk(sees_engagement))
def dashboard(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_engagement(request.user, partnership.pk)
    found = queries.settings_for(partnership.pk)
    rows = queries.most_contacted(
        queries.contacts_of(request.user, partnership.pk),
        on=timezone.localdate(),
        window_days=found.fatigue_window_days,
        threshold=found.fatigue_threshold,
    )
    # Thousands of rows: a page at a time (the whole list is `roundtable engagement
    # fatigue`'s), and the stakeholder's address reversed once, not once a row.
    page = Paginator(rows, DASHBOARD_PAGE).get_page(request.GET.get("page"))
    address = reverse("engagement:stakeholder-detail", args=[_SENTINEL])
    context = {
        "rows": [(row, address.replace(str(_SENTINEL), str(row.stakeholder_id))) for row in page],
        "page": page,
        "settings": found,
        "can_manage": may_manage_register(request.user, partnership.pk),
    }
    return render(request, "engagement/dashboard.html", context)


@dataclass(frozen=True)
class FatigueWarning:
    """What the contact form shows as a stakeholder is chosen: who else has been in
    touch in the window, and the relationship manager to coordinate with."""

    stakeholder: Stakeholder
    fatigue: rules.Fatigue


def _warning(
    request: HttpRequest, stakeholder: Stakeholder, on: datetime.date, exclude: int | None
) -> FatigueWarning:
    found = queries.settings_for(stakeholder.partnership_id)
    summary = queries.fatigue_for(
        request.user,
        stakeholder.pk,
        on=on,
        window_days=found.fatigue_window_days,
        threshold=found.fatigue_threshold,
        exclude_pk=exclude,
    )
    return FatigueWarning(stakeholder, summary)


def _date(text: str | None) -> datetime.date:
    """The contact form's date as typed (`GovukDateField` takes 2026-03-10, 10/03/2026
    or 10 March 2026, and shows a stored one in words); today when it is not one."""
    try:
        return parse_date(text or "")
    except ValueError:
        return timezone.localdate()


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@opens_for(by_pk(sees_engagement))
def fatigue(request: HttpRequest) -> HttpResponse:
    """The fatigue warning for the stakeholder chosen on the contact form (htmx), or
    as a page of its own."""
    partnership = current_partnership(request)
    require_engagement(request.user, partnership.pk)
    warning = None
    pk = _number(request.GET.get("stakeholder"))
    if pk is not None:
        stakeholder = get_stakeholder_for_user(request.user, pk)
        if stakeholder.partnership_id != partnership.pk:
            raise Http404("No stakeholder found")
        on = _date(request.GET.get("date"))
        warning = _warning(request, stakeholder, on, _number(request.GET.get("contact")))
    template = "engagement/partials/_fatigue.html" if request.htmx else "engagement/fatigue.html"
    return render(request, template, {"warning": warning})


@dataclass(frozen=True)
class StakeholderPage:
    stakeholder: Stakeholder
    assessments: QuerySet[Assessment]
    contacts: QuerySet[Contact]
    warning: FatigueWarning
    can_manage: bool
    can_log: bool


def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_stakeholder_for_user(request.user, pk)
    show_partnership(request, stakeholder.partnership)
    page = StakeholderPage(
        stakeholder=stakeholder,
        assessments=queries.assessments_of(request.user, stakeholder),
        contacts=queries.timeline(request.user, stakeholder),
        warning=_warning(request, stakeholder, timezone.localdate(), None),
        can_manage=may_manage_register(request.user, stakeholder.partnership_id),
        can_log=may_log_contacts(request.user, stakeholder.partnership_id),
    )
    return render(request, "engagement/stakeholder.html", {"page": page})


def _save_stakeholder(request: HttpRequest, form: StakeholderForm, stakeholder: Stakeholder) -> Any:
    data = form.cleaned_data
    try:
        organisation = data["organisation"] or services.add_stakeholder_organisation(
            request.user,
            stakeholder.partnership,
            name=data["new_organisation"],
            sector=data["sector"],
        )
        return services.save_stakeholder(
            request.user,
            stakeholder,
            organisation=organisation,
            modes=data["modes"],
            relationship_manager=data["relationship_manager"],
            themes=data["themes"],
            notes=data["notes"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@opens_for(by_pk(may_manage_register))
def stakeholder_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_manage_register(request.user, partnership.pk)
    form = StakeholderForm(request.POST or None, partnership_id=partnership.pk)
    if request.method == "POST" and form.is_valid():
        saved = _save_stakeholder(request, form, Stakeholder(partnership=partnership))
        if saved is not None:
            messages.success(request, f"{saved} added to the register")
            return redirect(saved)
    back = reverse("engagement:register")
    return form_page(request, form, FORM, title="Add a stakeholder", back_url=back)


def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_stakeholder_for_user(request.user, pk, action=MANAGE)
    show_partnership(request, stakeholder.partnership)
    initial = {
        "organisation": stakeholder.organisation_id,
        "modes": stakeholder.mode_list,
        "relationship_manager": stakeholder.relationship_manager_id,
        "themes": list(stakeholder.themes.values_list("pk", flat=True)),
        "notes": stakeholder.notes,
    }
    form = StakeholderForm(
        request.POST or None,
        initial=initial,
        partnership_id=stakeholder.partnership_id,
        stakeholder=stakeholder,
    )
    if request.method == "POST" and form.is_valid():
        if _save_stakeholder(request, form, stakeholder) is not None:
            messages.success(request, "Stakeholder saved")
            return redirect(stakeholder)
    back = stakeholder.get_absolute_url()
    return form_page(request, form, FORM, title=f"Edit {stakeholder}", back_url=back)


def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_stakeholder_for_user(request.user, pk, action=MANAGE)
    show_partnership(request, stakeholder.partnership)
    form = AssessmentForm(
        request.POST or None,
        initial={"assessed_on": timezone.localdate()},
        partnership_id=stakeholder.partnership_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(request.user, stakeholder, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Assessment added")
            return redirect(stakeholder)
    return form_page(
        request,
        form,
        FORM,
        title=f"Assess {stakeholder}'s interest and influence",
        back_url=stakeholder.get_absolute_url(),
    )


def _contact_form(request: HttpRequest, partnership_id: int, **kwargs: Any) -> ContactForm:
    """Editors log contacts from their own organisation; administrators from any."""
    organisations = organisations_to_act_for(
        request.user,
        partnership_id,
        any_of_them=may_manage_register(request.user, partnership_id),
        partners_only=False,
    )
    return ContactForm(
        request.POST or None,
        partnership_id=partnership_id,
        organisations=organisations,
        fatigue_url=reverse("engagement:fatigue"),
        projects=queries.linkable_projects(request.user, partnership_id),
        **kwargs,
    )


def _contact_page(request: HttpRequest, form: ContactForm, contact: Contact | None) -> HttpResponse:
    """Save the contact, unless who else has contacted the stakeholder has not been
    seen yet: then show the warning again, once, before saving."""
    warning = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        warning = _warning(
            request, data["stakeholder"], data["date"], contact.pk if contact else None
        )
        # The warning is shown once for this stakeholder and date; saving again
        # (with the same ones) saves.
        seen = f"{data['stakeholder'].pk}:{data['date']:%Y-%m-%d}"
        if warning.fatigue.flagged and data.pop("confirm") != seen:
            form.data = form.data.copy()
            form.data["confirm"] = seen
            messages.warning(
                request,
                format_html(
                    '<a class="govuk-notification-banner__link" href="#fatigue-warning">{}</a>, '
                    "then save again",
                    "Check who else has contacted them",
                ),
            )
        else:
            data.pop("confirm", None)
            try:
                saved = services.log_contact(
                    request.user, contact or Contact(), today=timezone.localdate(), **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Contact planned" if saved.planned else "Contact logged")
                return redirect(saved)
    title = "Change a contact" if contact else "Log or plan a contact"
    return form_page(
        request,
        form,
        "engagement/contact_form.html",
        title=title,
        warning=warning,
        contact=contact,
    )


@opens_for(by_pk(may_log_contacts))
def contact_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_log_contacts(request.user, partnership.pk):
        raise refuse(request.user)
    initial = {
        "stakeholder": _number(request.GET.get("stakeholder")),
        "planned": "1" if request.GET.get("planned") else "0",
        "date": timezone.localdate(),
        "from_organisation": request.user.organisation_id,
    }
    form = _contact_form(request, partnership.pk, initial=initial)
    return _contact_page(request, form, None)


def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, contact.partnership)
    initial = {
        name: getattr(contact, name) for name in ContactForm.base_fields if hasattr(contact, name)
    }
    initial["planned"] = "1" if contact.planned else "0"
    for name in ("priorities", "bodies", "meetings", "projects"):
        initial[name] = list(getattr(contact, name).values_list("pk", flat=True))
    form = _contact_form(request, contact.partnership_id, initial=initial)
    return _contact_page(request, form, contact)


def contact_done(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, contact.partnership)
    form = MarkDoneForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_contact_done(
                request.user, contact, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Contact marked as done")
            return redirect(contact)
    back = contact.get_absolute_url()
    return form_page(request, form, FORM, title=f"Mark '{contact.topic}' as done", back_url=back)


@opens_for(by_pk(may_manage_register))
def settings_edit(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_manage_register(request.user, partnership.pk)
    found = queries.settings_for(partnership.pk)
    form = SettingsForm(
        request.POST or None,
        initial={
            "fatigue_window_days": found.fatigue_window_days,
            "fatigue_threshold": found.fatigue_threshold,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_engagement_settings(request.user, partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Fatigue settings saved")
            return redirect("engagement:dashboard")
    back = reverse("engagement:dashboard")
    return form_page(request, form, FORM, title="Fatigue warning settings", back_url=back)
