"""Pages of commitments: the list (by kind and status), a commitment's public page,
add and edit, actions, evidence (links, and files served only through
`evidence_download`) and signing; changing and deleting each part (deleting asks
first, `pages.confirm_delete`), and the History tab of the commitment and its
parts. Who sees what is in `models_commitments.py`; who may change what in
`permissions_commitments.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.queries import organisations_to_act_for
from roundtable.projects import queries_commitments as queries
from roundtable.projects import services_commitments as services
from roundtable.projects.forms_commitments import (
    ActionDoneForm,
    ActionEditForm,
    ActionForm,
    CommitmentFilterForm,
    CommitmentForm,
    EvidenceEditForm,
    EvidenceForm,
    SignatoryForm,
)
from roundtable.projects.models_commitments import Commitment, CommitmentAction
from roundtable.projects.pages import confirm_delete
from roundtable.projects.permissions_commitments import (
    CHANGE,
    SIGN,
    get_action_for_user,
    get_commitment_for_user,
    get_evidence_for_user,
    get_signatory_for_user,
    may_add_commitments,
    may_change_commitment,
    may_see_history,
    may_sign,
    owner_ids_of,
)
from roundtable.projects.permissions_money import sees_money

FORM = "projects/commitments/form.html"


def commitment_list(request: HttpRequest) -> HttpResponse:
    """The partnership's commitments the user may see, by kind and status."""
    partnership = current_partnership(request)
    form = CommitmentFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = queries.commitments(
        request.user,
        partnership.pk,
        kind=chosen.get("kind", ""),
        status=chosen.get("status", ""),
    )
    context = {
        "form": form,
        "commitments": rows,
        "can_add": may_add_commitments(request.user, partnership.pk),
        "sees_money": sees_money(request.user, partnership.pk),
    }
    return render(request, "projects/commitments/list.html", context)


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk)
    show_partnership(request, commitment.partnership)
    page = queries.commitment_page(
        request.user,
        commitment,
        today=timezone.localdate(),
        can_change=may_change_commitment(request.user, commitment),
        can_sign=may_sign(request.user, commitment),
        can_see_history=may_see_history(request.user, commitment),
    )
    return render(request, "projects/commitments/detail.html", {"page": page})


def commitment_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the commitment and its parts, and when (the partnership's own
    signed-in people: `may_see_history`)."""
    commitment = get_commitment_for_user(request.user, pk)
    show_partnership(request, commitment.partnership)
    return render_history(
        request,
        commitment,
        title=commitment.title,
        back_url=commitment.get_absolute_url(),
        entries=lambda: queries.commitment_history(commitment),
    )


def _save_commitment(
    request: HttpRequest, form: CommitmentForm, commitment: Commitment
) -> Commitment | None:
    partnership = current_partnership(request) if commitment.pk is None else commitment.partnership
    try:
        return services.save_commitment(
            request.user, commitment, partnership=partnership, **form.cleaned_data
        )
    except ValidationError as error:
        add_service_errors(form, error)
    return None


@opens_for(by_pk(may_add_commitments))
def commitment_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_add_commitments(request.user, partnership.pk):
        raise refuse(request.user)
    initial = {"owner_organisations": [request.user.organisation_id], "status": "draft"}
    form = CommitmentForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_commitment(request, form, Commitment())
        if saved is not None:
            messages.success(request, "Commitment saved")
            return redirect(saved)
    return form_page(request, form, FORM, title="Add a commitment", back_url=_list_url())


def _list_url() -> str:
    return reverse("projects:commitment-list")


def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, commitment.partnership)
    initial: dict[str, Any] = {
        name: getattr(commitment, name)
        for name in ("title", "kind", "status", "text", "review_on", "agreed_at")
        + ("progress", "progress_on", "is_published")
    }
    initial["owner_organisations"] = sorted(owner_ids_of(commitment))
    initial["leads"] = list(commitment.leads.values_list("pk", flat=True))
    initial["priorities"] = list(commitment.priorities.values_list("pk", flat=True))
    form = CommitmentForm(request.POST or None, partnership=commitment.partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_commitment(request, form, commitment)
        if saved is not None:
            messages.success(request, "Commitment saved")
            return redirect(saved)
    back = commitment.get_absolute_url()
    return form_page(request, form, FORM, title=f"Edit {commitment}", back_url=back)


def commitment_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, commitment.partnership)
    form = ActionForm(request.POST or None, partnership=commitment.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(request.user, commitment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action added")
            return redirect(commitment)
    back = commitment.get_absolute_url()
    return form_page(request, form, FORM, title=f"Add an action to {commitment}", back_url=back)


def commitment_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the date an action was done (a form of one date)."""
    visible = CommitmentAction.objects.visible_to(request.user).select_related("commitment")
    action = get_object_or_404(visible, pk=pk)
    commitment = get_commitment_for_user(request.user, action.commitment_id, action=CHANGE)
    show_partnership(request, commitment.partnership)
    initial = {"done": action.done or timezone.localdate()}
    form = ActionDoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.mark_action_done(request.user, action, form.cleaned_data["done"])
        messages.success(request, "Action updated")
        return redirect(commitment)
    back = commitment.get_absolute_url()
    return form_page(request, form, FORM, title=f"Mark done: {action}", back_url=back)


def commitment_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, commitment.partnership)
    form = EvidenceForm(request.POST or None, request.FILES or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_evidence(
                request.user,
                commitment,
                title=data["title"],
                link=data["link"],
                upload=data["file"],
                action=data["action"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Evidence added")
            return redirect(commitment)
    back = commitment.get_absolute_url()
    title = f"Add evidence for {commitment}"
    return form_page(request, form, FORM, title=title, back_url=back, upload=True)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, for whoever may see its commitment (404 for anyone else)."""
    evidence = get_evidence_for_user(request.user, pk)
    show_partnership(request, evidence.partnership)
    if not evidence.file:
        raise Http404("This evidence is a link, not a file")
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.content_type.startswith(("application/pdf", "image/")),
        filename=evidence.filename,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def commitment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a signature: editors for their own organisation, owners' editors and
    administrators for any partner."""
    commitment = get_commitment_for_user(request.user, pk, action=SIGN)
    show_partnership(request, commitment.partnership)
    organisations = organisations_to_act_for(
        request.user,
        commitment.partnership_id,
        any_of_them=may_change_commitment(request.user, commitment),
    )
    form = SignatoryForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": request.user.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_signatory(request.user, commitment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Signature recorded")
            return redirect(commitment)
    back = commitment.get_absolute_url()
    return form_page(request, form, FORM, title=f"Sign {commitment}", back_url=back)


def _save_part(
    request: HttpRequest, form: Any, save: Any, record: Any, done: str
) -> HttpResponse | None:
    """Bind, save `record` through the service `save`, say `done` and go back to its
    commitment; None to show the form (again)."""
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        save(request.user, record, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done)
    return redirect(record.commitment)


def commitment_action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, action=CHANGE)
    commitment = action.commitment
    show_partnership(request, commitment.partnership)
    initial = {name: getattr(action, name) for name in ("action", "due", "done")}
    initial["owner_organisation"] = action.owner_organisation_id
    form = ActionEditForm(request.POST or None, partnership=commitment.partnership, initial=initial)
    saved = _save_part(request, form, services.change_action, action, "Action saved")
    back = commitment.get_absolute_url()
    return saved or form_page(request, form, FORM, title="Change the action", back_url=back)


def commitment_action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, action.commitment.partnership)
    return confirm_delete(
        request,
        title="Are you sure you want to delete this action?",
        text=f"“{action}” will be deleted from {action.commitment}. Evidence for it stays, "
        "as evidence for the commitment. The History tab keeps a record of it.",
        button="Delete the action",
        back_url=action.commitment.get_absolute_url(),
        delete=lambda: services.delete_action(request.user, action),
        done="Action deleted",
    )


def commitment_evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk, action=CHANGE)
    commitment = evidence.commitment
    show_partnership(request, evidence.partnership)
    initial = {"title": evidence.title, "link": evidence.link, "action": evidence.action_id}
    form = EvidenceEditForm(request.POST or None, evidence=evidence, initial=initial)
    saved = _save_part(request, form, services.change_evidence, evidence, "Evidence saved")
    title = f"Change the evidence {evidence.filename}" if evidence.is_file else "Change the link"
    back = commitment.get_absolute_url()
    return saved or form_page(request, form, FORM, title=title, back_url=back)


def commitment_evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, evidence.partnership)
    what = f"The file {evidence.filename}" if evidence.is_file else "The link"
    return confirm_delete(
        request,
        title="Are you sure you want to delete this evidence?",
        text=f"“{evidence.title}” will be deleted from {evidence.commitment}. {what} "
        "will be gone for good; the History tab keeps a record of it.",
        button="Delete the evidence",
        back_url=evidence.commitment.get_absolute_url(),
        delete=lambda: services.delete_evidence(request.user, evidence),
        done="Evidence deleted",
    )


def commitment_signatory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    signatory = get_signatory_for_user(request.user, pk, action=CHANGE)
    commitment = signatory.commitment
    show_partnership(request, commitment.partnership)
    organisations = organisations_to_act_for(
        request.user, commitment.partnership_id, any_of_them=True
    )
    initial = {name: getattr(signatory, name) for name in ("signed_by", "role", "signed_on")}
    initial["organisation"] = signatory.organisation_id
    form = SignatoryForm(request.POST or None, organisations=organisations, initial=initial)
    saved = _save_part(request, form, services.change_signatory, signatory, "Signature saved")
    back = commitment.get_absolute_url()
    return saved or form_page(request, form, FORM, title="Change the signature", back_url=back)


def commitment_signatory_delete(request: HttpRequest, pk: int) -> HttpResponse:
    signatory = get_signatory_for_user(request.user, pk, action=CHANGE)
    commitment = signatory.commitment
    show_partnership(request, commitment.partnership)
    return confirm_delete(
        request,
        title="Are you sure you want to delete this signature?",
        text=f"The signature of {signatory.organisation.name} ({signatory.signed_by}, "
        f"{signatory.signed_on:%-d %B %Y}) will be deleted from {commitment}. The History "
        "tab keeps a record of it.",
        button="Delete the signature",
        back_url=commitment.get_absolute_url(),
        delete=lambda: services.delete_signatory(request.user, signatory),
        done="Signature deleted",
    )
