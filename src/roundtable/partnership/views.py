"""Partnership pages. Each view: check access, bind the form, call the service, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from roundtable.core.exports import download_links
from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.imports import ImportFailed, RowError, read_table, run_upload
from roundtable.core.pages import form_page
from roundtable.core.permissions import Action, by_pk, can, opens_for
from roundtable.geography.queries import local_authorities
from roundtable.partnership import lists, queries, services
from roundtable.partnership.access import is_administrator
from roundtable.partnership.addresses import show_partnership, switch_addresses
from roundtable.partnership.checklist import import_template
from roundtable.partnership.choices import TOR_SECTIONS, BodyKind, Sector
from roundtable.partnership.forms import (
    BodyForm,
    ImportForm,
    MembershipForm,
    OrganisationForm,
    PartnershipCreateForm,
    PersonForm,
    TermsOfReferenceForm,
    UnitForm,
)
from roundtable.partnership.imports import detect_kind, import_table
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Body, Partnership
from roundtable.partnership.permissions import (
    SeatRefused,
    get_body_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_partnership_for_user,
    get_person_for_user,
    may_add_membership,
    may_add_person,
    may_create_partnership,
    require_add_membership,
    require_add_person,
    require_add_record,
    require_administrator,
    require_create_partnership,
    require_seat_change,
)
from roundtable.partnership.sections import BodySection, body_sections

if TYPE_CHECKING:
    from django import forms

PAGE_SIZE = 50


# Partnerships --------------------------------------------------------------


def partnership_list(request: HttpRequest) -> HttpResponse:
    """Choose a partnership: each link goes to the page of that partnership that
    matches the one the visitor came from (`?next=`, a path without a slug), where
    the visitor may open it there, else to that partnership's home page."""
    next_path = request.GET.get("next", "/")
    choices = switch_addresses(request.user, next_path, Partnership.objects.all())
    context = {"choices": choices, "may_create_partnership": may_create_partnership(request.user)}
    return render(request, "partnership/partnership_list.html", context)


@opens_for(lambda user, partnership: may_create_partnership(user))
def partnership_add(request: HttpRequest) -> HttpResponse:
    """A site administrator sets up a partnership and invites its administrator."""
    require_create_partnership(request.user)
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_partnership(request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            partnership = created.partnership
            done = f"{partnership.name} set up"
            if created.administrator is not None:
                done += f"; we have emailed {created.administrator.email} a link to sign in"
            if created.loaded is not None:
                done += f". {created.loaded.summary()}"
            messages.success(request, done)
            return redirect(partnership.get_absolute_url())
    context = {"form": form, "local_authorities": local_authorities()}
    return render(
        request, "partnership/partnership_add.html", context, status=400 if form.errors else 200
    )


def import_template_file(request: HttpRequest, filename: str) -> HttpResponse:
    """A CSV with the columns an import reads: the header row, nothing else."""
    template = import_template(filename)
    if template is None:
        raise Http404("No import template has that name")
    response = HttpResponse(template.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{template.filename}"'
    return response


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An old address of a partnership: its home page, `/<slug>/`."""
    partnership = get_partnership_for_user(request.user, slug)
    return HttpResponsePermanentRedirect(partnership.get_absolute_url())


# Organisations -------------------------------------------------------------


def organisation_list(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    listed = lists.organisation_list(request)
    page = Paginator(listed.organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/organisation_list.html",
        {
            "page": page,
            "query": listed.query,
            "sector": listed.sector,
            "sectors": Sector.choices,
            "can_add": is_administrator(request.user, partnership.pk),
            "can_import": is_administrator(request.user, partnership.pk),
            "downloads": download_links(request, "partnership:organisation-list-download"),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    show_partnership(request, organisation.partnership)
    today = timezone.localdate()
    memberships = organisation.memberships.current(today).select_related("person", "body")
    return render(
        request,
        "partnership/organisation_detail.html",
        {
            "organisation": organisation,
            "units": organisation.units.select_related("parent"),
            "people": organisation.people.select_related("unit"),
            "children": organisation.children.all(),
            "memberships": memberships,
            "can_edit": can(request.user, Action.CHANGE, organisation),
        },
    )


@opens_for(by_pk(is_administrator))
def organisation_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = OrganisationForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        organisation.slug = services.unique_organisation_slug(partnership, organisation.name)
        services.save_organisation(request.user, organisation)
        messages.success(request, f"{organisation.name} added")
        return redirect(organisation)
    return _form(request, form, "Add an organisation", reverse("partnership:organisation-list"))


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, organisation.partnership)
    form = OrganisationForm(
        request.POST or None, instance=organisation, partnership=organisation.partnership
    )
    if request.method == "POST" and form.is_valid():
        services.save_organisation(request.user, form.save(commit=False))
        messages.success(request, f"{organisation.name} updated")
        return redirect(organisation)
    return _form(request, form, f"Edit {organisation.name}", organisation.get_absolute_url())


def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    show_partnership(request, organisation.partnership)
    return render_history(
        request, organisation, title=organisation.name, back_url=organisation.get_absolute_url()
    )


def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, organisation.partnership)
    form = UnitForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(request.user, form.save(commit=False))
        messages.success(request, f"{unit.name} added to {organisation.name}")
        return redirect(organisation)
    return _form(
        request, form, f"Add a unit to {organisation.name}", organisation.get_absolute_url()
    )


# People --------------------------------------------------------------------


def person_list(request: HttpRequest) -> HttpResponse:
    listed = lists.person_list(request)
    page = Paginator(listed.people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/person_list.html",
        {
            "page": page,
            "query": listed.query,
            "can_add": may_add_person(request.user, request.partnership),
            "can_import": is_administrator(request.user, request.partnership.pk),
            "downloads": download_links(request, "partnership:person-list-download"),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    show_partnership(request, person.partnership)
    today = timezone.localdate()
    memberships = list(
        person.memberships.select_related("body", "organisation").order_by("-start_date")
    )
    return render(
        request,
        "partnership/person_detail.html",
        {
            "person": person,
            "current": [m for m in memberships if m.is_current(today)],
            "past": [m for m in memberships if m.end_date is not None and m.end_date < today],
            "upcoming": [
                m for m in memberships if m.start_date is not None and m.start_date > today
            ],
            "can_edit": can(request.user, Action.CHANGE, person),
            "can_see_contact": can(request.user, Action.VIEW_CONTACT, person),
        },
    )


@opens_for(may_add_person)
def person_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_add_person(request.user, partnership)
    form = PersonForm(request.POST or None, partnership=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        require_add_record(request.user, person, partnership)
        services.save_person(request.user, person)
        messages.success(request, f"{person.name} added")
        return redirect(person)
    return _form(request, form, "Add a person", reverse("partnership:person-list"))


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, person.partnership)
    name = person.name  # as saved: binding the form changes the instance
    form = PersonForm(
        request.POST or None, instance=person, partnership=person.partnership, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.save_person(request.user, form.save(commit=False))
        messages.success(request, f"{person.name} updated")
        return redirect(person)
    return _form(request, form, f"Edit {name}", person.get_absolute_url())


def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    show_partnership(request, person.partnership)
    return render_history(request, person, title=person.name, back_url=person.get_absolute_url())


# Bodies --------------------------------------------------------------------


def body_list(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    listed = lists.body_list(request)
    return render(
        request,
        "partnership/body_list.html",
        {
            "bodies": listed.bodies,
            "kind": listed.kind,
            "kinds": BodyKind.choices,
            "can_add": is_administrator(request.user, partnership.pk),
            "today": timezone.localdate(),
            "downloads": download_links(request, "partnership:body-list-download"),
        },
    )


@dataclass
class BodyPage:
    body: Body
    seats: queries.BodySeats
    children: list[Body]
    terms: object
    can_edit: bool
    can_add_membership: bool
    editable_membership_ids: set[int]
    seat_note: bool
    sections: list[BodySection]


def _body_page(request: HttpRequest, body: Body) -> BodyPage:
    seats = queries.seats(body, timezone.localdate())
    everyone = seats.current + seats.future + seats.past
    can_add = may_add_membership(request.user, body)
    return BodyPage(
        body=body,
        seats=seats,
        children=list(body.children.all()),
        terms=body.terms_of_reference.order_by("-version").first(),
        can_edit=can(request.user, Action.CHANGE, body),
        can_add_membership=can_add,
        editable_membership_ids={m.pk for m in everyone if can(request.user, Action.CHANGE, m)},
        # Signed-in people of the partnership who may not add members are told who may.
        seat_note=not can_add
        and getattr(request.user, "partnership_id", None) == body.partnership_id,
        # What the apps above this one list for the body (`sections.py`).
        sections=body_sections(request.user, body),
    )


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    return render(request, "partnership/body_detail.html", {"page": _body_page(request, body)})


@opens_for(by_pk(is_administrator))
def body_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = BodyForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        body = form.save(commit=False)
        body.slug = services.unique_body_slug(partnership, body.name)
        services.save_body(request.user, body)
        messages.success(request, f"{body.name} added")
        return redirect(body)
    return _form(request, form, "Add a board or group", reverse("partnership:body-list"))


def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug, action=Action.CHANGE)
    show_partnership(request, body.partnership)
    form = BodyForm(request.POST or None, instance=body, partnership=body.partnership)
    if request.method == "POST" and form.is_valid():
        services.save_body(request.user, form.save(commit=False))
        messages.success(request, f"{body.name} updated")
        return redirect(body)
    return _form(request, form, f"Edit {body.name}", body.get_absolute_url())


def body_history(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    return render_history(request, body, title=body.name, back_url=body.get_absolute_url())


def body_terms(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    versions = list(body.terms_of_reference.order_by("-version"))
    wanted = request.GET.get("version")
    shown = next(
        (v for v in versions if str(v.version) == wanted), versions[0] if versions else None
    )
    if wanted and shown is not None and str(shown.version) != wanted:
        raise Http404("No such version")
    sections = [(label, getattr(shown, name)) for name, label in TOR_SECTIONS] if shown else []
    return render(
        request,
        "partnership/terms_of_reference.html",
        {
            "body": body,
            "versions": versions,
            "shown": shown,
            "sections": sections,
            "can_edit": can(request.user, Action.CHANGE, body),
        },
    )


def terms_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug, action=Action.CHANGE)
    show_partnership(request, body.partnership)
    latest = body.terms_of_reference.order_by("-version").first()
    initial = {name: getattr(latest, name) for name, _ in TOR_SECTIONS} if latest else {}
    form = TermsOfReferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        tor = form.save(commit=False)
        tor.body = body
        tor.version = services.next_terms_of_reference_version(body)
        services.save_terms_of_reference(request.user, tor)
        messages.success(request, f"Version {tor.version} of the terms of reference saved")
        return redirect("partnership:body-terms", slug=body.slug)
    title = f"New version of the terms of reference: {body.name}"
    return _form(request, form, title, reverse("partnership:body-terms", args=[body.slug]))


# Memberships ---------------------------------------------------------------


def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a seat. With htmx the form and the refreshed members table swap in place."""
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    try:
        require_add_membership(request.user, body)
    except SeatRefused as refusal:
        return _seat_refused(request, body, refusal)
    form = MembershipForm(request.POST or None, body=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        membership = services.add_membership(request.user, form.save(commit=False))
        message = f"{membership.person.name} added as {membership.get_role_display().lower()}"
        if request.htmx:
            # The form slot gets its button back; the members table swaps out of band.
            return render(
                request,
                "partnership/partials/_membership_added.html",
                {"page": _body_page(request, body), "added": message},
            )
        messages.success(request, message)
        return redirect(body)
    context = {"form": form, "body": body}
    if request.htmx:
        # htmx swaps only successful responses, so the form with its errors is a 200.
        return render(request, "partnership/partials/_membership_form.html", context)
    return form_page(request, form, "partnership/membership_add.html", body=body)


def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    body = membership.body
    show_partnership(request, membership.partnership)
    try:
        require_seat_change(request.user, membership)
    except SeatRefused as refusal:
        return _seat_refused(request, body, refusal)
    form = MembershipForm(request.POST or None, instance=membership, body=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_membership(request.user, form.save(commit=False))
        messages.success(request, f"Membership of {membership.person.name} updated")
        return redirect(body)
    return _form(
        request,
        form,
        f"Edit membership: {membership.person.name}, {body.name}",
        body.get_absolute_url(),
    )


def _seat_refused(request: HttpRequest, body: Body, refusal: SeatRefused) -> HttpResponse:
    """A 403 that says who may change the body's members."""
    context = {"body": body, "reason": refusal.args[0]}
    return render(request, "partnership/membership_refused.html", context, status=403)


def membership_history(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    show_partnership(request, membership.partnership)
    return render_history(
        request, membership, title=str(membership), back_url=membership.body.get_absolute_url()
    )


# Structure chart and import ------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The section's own address (`/<partnership>/partnership/`): where the service
    navigation's "Partnership" leads, the organisations."""
    return redirect("partnership:organisation-list")


def structure(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    chart = queries.structure_chart(partnership, timezone.localdate())
    return render(
        request, "partnership/structure.html", {"chart": chart, "partnership": partnership}
    )


@opens_for(by_pk(is_administrator))
def import_records(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = ImportForm(request.POST or None, request.FILES or None)

    def run(data: dict) -> object:
        table = read_table(data["file"], data["file"].name)
        kind = data["kind"] or detect_kind(table)
        if kind is None:
            raise ImportFailed([_unknown_kind(table)])
        return import_table(kind, table, partnership, request.user)

    errors, summary = run_upload(request, form, run)
    status = 400 if errors or form.errors else 200
    return render(
        request,
        "partnership/import.html",
        {"form": form, "errors": errors, "summary": summary, "partnership": partnership},
        status=status,
    )


def _unknown_kind(table: object) -> RowError:
    return RowError(
        1, None, "the columns do not match any kind of record; choose what the file holds"
    )


def _form(request: HttpRequest, form: forms.BaseForm, title: str, back_url: str) -> HttpResponse:
    """A partnership form page: 400 when a POST's form has errors."""
    return form_page(request, form, "partnership/form.html", title=title, back_url=back_url)
