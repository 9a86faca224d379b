"""The History tabs of the engagement records: who changed a stakeholder, a contact
or a consultation, when, and what it was before and after. Each view finds the
record among those the user may see (a 404 otherwise), then `render_history`
allows the partnership's own signed-in people only. Agreements have theirs in
`views_agreements`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.dateformat import format

from roundtable.core.history import render_history
from roundtable.engagement.permissions import (
    get_consultation_for_user,
    get_contact_for_user,
    get_stakeholder_for_user,
)
from roundtable.partnership.addresses import show_partnership


def stakeholder_history(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_stakeholder_for_user(request.user, pk)
    show_partnership(request, stakeholder.partnership)
    return render_history(
        request, stakeholder, title=str(stakeholder), back_url=stakeholder.get_absolute_url()
    )


def contact_history(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk)
    show_partnership(request, contact.partnership)
    when = format(contact.date, "j F Y")
    title = f"Contact with {contact.stakeholder.organisation.name} on {when}"
    return render_history(
        request, contact, title=title, back_url=contact.stakeholder.get_absolute_url()
    )


def consultation_history(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request.user, pk)
    show_partnership(request, consultation.partnership)
    return render_history(
        request, consultation, title=consultation.title, back_url=consultation.get_absolute_url()
    )
