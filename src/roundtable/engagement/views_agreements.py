"""Pages of the information-sharing agreements: the register (published ones for
everyone, all for the partnership's own people), an agreement's page, the add and
edit form, the upload of the signed copy and its download. Who sees what is in
`models.py`; who may change what in `permissions.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roundtable.core.forms import add_service_errors, refuse_renamed_uploads
from roundtable.core.history import render_history
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.engagement import queries, rules, services
from roundtable.engagement.forms import (
    BASIS_FIELDS,
    AgreementFilterForm,
    AgreementForm,
    SignedDocumentForm,
)
from roundtable.engagement.models import SharingAgreement
from roundtable.engagement.permissions import (
    CHANGE,
    get_agreement_for_user,
    get_signed_document_for_user,
    may_edit_agreement_between,
    may_edit_agreements,
    may_manage_register,
    sees_engagement,
)
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.queries import organisations_to_act_for


@dataclass(frozen=True)
class AgreementRow:
    """A row of the register: the agreement, and whether its review is due or overdue."""

    agreement: SharingAgreement
    review_due: bool
    review_overdue: bool = False


def agreement_list(request: HttpRequest) -> HttpResponse:
    """The register: published agreements for everyone, all for the partnership's
    own people (with "review due"), filtered by status."""
    partnership = current_partnership(request)
    form = AgreementFilterForm(request.GET or None)
    status = (form.cleaned_data.get("status") if form.is_valid() else "") or ""
    today = timezone.localdate()
    rows = [
        AgreementRow(a, a.review_due(today), a.review_overdue(today))
        for a in queries.agreements(request.user, partnership.pk, status=status)
    ]
    context = {
        "form": form,
        "rows": rows,
        "internal": sees_engagement(request.user, partnership.pk),
        "can_add": may_edit_agreements(request.user, partnership.pk),
    }
    return render(request, "engagement/agreements.html", context)


def _can_edit(request: HttpRequest, agreement: SharingAgreement) -> bool:
    return may_edit_agreement_between(
        request.user, agreement.partnership_id, agreement.parties.values_list("pk", flat=True)
    )


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    show_partnership(request, agreement.partnership)
    today = timezone.localdate()
    context = {
        "agreement": agreement,
        "parties": agreement.parties.visible_to(request.user),
        "documents": queries.signed_documents(request.user, agreement),
        "review_due": agreement.review_due(today),
        "review_overdue": agreement.review_overdue(today),
        "internal": sees_engagement(request.user, agreement.partnership_id),
        "can_edit": _can_edit(request, agreement),
        "upload_form": SignedDocumentForm(),
    }
    return render(request, "engagement/agreement.html", context)


def _form(request: HttpRequest, partnership: Any, **kwargs: Any) -> AgreementForm:
    """Administrators choose any partner as the lead; editors their own organisation."""
    organisations = organisations_to_act_for(
        request.user, partnership.pk, any_of_them=may_manage_register(request.user, partnership.pk)
    )
    return AgreementForm(
        request.POST or None, partnership=partnership, organisations=organisations, **kwargs
    )


def _save_page(
    request: HttpRequest, form: AgreementForm, agreement: SharingAgreement | None
) -> HttpResponse:
    """Save the agreement and go to it; or show the form (again)."""
    partnership = current_partnership(request)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_agreement(
                request.user,
                agreement or SharingAgreement(),
                partnership=partnership,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Agreement saved")
            return redirect(saved)
    title = f"Edit {agreement}" if agreement else "Add an information-sharing agreement"
    return form_page(
        request, form, "engagement/agreement_form.html", title=title, agreement=agreement
    )


@opens_for(by_pk(may_edit_agreements))
def agreement_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_edit_agreements(request.user, partnership.pk):
        raise refuse(request.user)
    own = request.user.organisation_id
    initial = {"lead_organisation": own, "parties": [own] if own else [], "status": "draft"}
    return _save_page(request, _form(request, partnership, initial=initial), None)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, agreement.partnership)
    names = ("title", "lead_organisation", "purpose", "other_gateway", "special_category")
    names += ("criminal_offence", "retention", "start_date", "review_date", "status")
    initial = {name: getattr(agreement, name) for name in names + ("owner_body", "is_public")}
    initial["data_categories"] = "\n".join(agreement.category_list)
    initial["parties"] = list(agreement.parties.values_list("pk", flat=True))
    for field, group in BASIS_FIELDS.items():
        initial[field] = [b for b in agreement.basis_list if rules.basis_group(b) == group]
    return _save_page(request, _form(request, agreement.partnership, initial=initial), agreement)


def agreement_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the signed copy (POST); the agreement's page shows the form."""
    agreement = get_agreement_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, agreement.partnership)
    if request.method != "POST":
        return redirect(agreement)
    form = SignedDocumentForm(request.POST, request.FILES)
    if refuse_renamed_uploads(request, form, "document") and form.is_valid():
        try:
            services.upload_signed_document(request.user, agreement, form.cleaned_data["document"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Signed agreement uploaded")
            return redirect(agreement)
    context = {
        "agreement": agreement,
        "parties": agreement.parties.visible_to(request.user),
        "documents": queries.signed_documents(request.user, agreement),
        "review_due": agreement.review_due(timezone.localdate()),
        "review_overdue": agreement.review_overdue(timezone.localdate()),
        "internal": True,
        "can_edit": True,
        "upload_form": form,
    }
    return render(request, "engagement/agreement.html", context, status=400)


def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed what, and when (the partnership's own signed-in people)."""
    agreement = get_agreement_for_user(request.user, pk)
    show_partnership(request, agreement.partnership)
    return render_history(
        request, agreement, title=agreement.title, back_url=agreement.get_absolute_url()
    )


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A signed agreement, for whoever may see the agreement (404 for anyone else)."""
    document = get_signed_document_for_user(request.user, pk)
    show_partnership(request, document.partnership)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.content_type != "application/pdf",
        filename=document.filename,
    )
    response["Cache-Control"] = "private, no-store"
    return response
