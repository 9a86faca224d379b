"""Every write to commitments goes through a function here.

Each takes the acting user, checks who may make the change
(`permissions_commitments.py`), validates with the pure rules
(`rules_commitments.py`), writes inside `transaction.atomic()` with history and
returns the changed record. Views, the API and the demo loader call these; the
loader passes `check=False`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.core import uploads
from roundtable.core.files import read_checked_upload
from roundtable.core.records import save_if_changed, save_with_history
from roundtable.projects import rules_commitments as rules
from roundtable.projects.models_commitments import (
    Commitment,
    CommitmentAction,
    Evidence,
    Signatory,
)
from roundtable.projects.permissions_commitments import (
    may_change_commitment,
    may_own_as,
    may_sign_for,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from roundtable.accounts.models import User
    from roundtable.meetings.models import Meeting
    from roundtable.partnership.models import Organisation, Partnership, Person
    from roundtable.strategy.models import Priority


def _partner_problem(field: str, organisation: Organisation, partnership_id: int) -> str:
    """Why `organisation` cannot be named on a commitment (shown to the public), or ""."""
    if organisation.partnership_id != partnership_id:
        return f"{field}: {organisation} is not an organisation of this partnership"
    if not organisation.is_partner:
        return (
            f"{field}: {organisation} is not a partner; a commitment is public once "
            "published, so name partners only"
        )
    return ""


def save_commitment(
    actor: User | None,
    commitment: Commitment,
    *,
    partnership: Partnership,
    title: str,
    kind: str,
    status: str,
    owner_organisations: Iterable[Organisation],
    text: str = "",
    leads: Iterable[Person] = (),
    review_on: datetime.date | None = None,
    agreed_at: Meeting | None = None,
    priorities: Iterable[Priority] = (),
    progress: str = "",
    progress_on: datetime.date | None = None,
    is_published: bool = False,
    is_illustrative: bool | None = None,
    source: str | None = None,
    check: bool = True,
) -> Commitment:
    """Add a commitment or change one. Editors keep those their own organisation
    owns (both as it was and as it becomes); administrators any. Owners are partners
    of the partnership (at least one); leads, the agreeing meeting and priorities are
    the partnership's own."""
    owners = list(owner_organisations)
    owner_ids = {o.pk for o in owners}
    if check and (
        actor is None
        or not may_own_as(actor, partnership.pk, owner_ids)
        or (commitment.pk is not None and not may_change_commitment(actor, commitment))
    ):
        raise PermissionDenied("Editors keep the commitments their own organisation owns")
    problems = rules.commitment_problems(title, kind, status)
    if not owners:
        problems["owner_organisations"] = "owner_organisations: choose at least one owner"
    for organisation in owners:
        problem = _partner_problem("owner_organisations", organisation, partnership.pk)
        if problem:
            problems["owner_organisations"] = problem
            break
    leads = list(leads)
    strangers = [p for p in leads if p.partnership_id != partnership.pk]
    if strangers:
        problems["leads"] = f"leads: {strangers[0]} is not one of this partnership's people"
    if agreed_at is not None and agreed_at.partnership_id != partnership.pk:
        problems["agreed_at"] = "agreed_at: choose a meeting of this partnership"
    priorities = list(priorities)
    if any(p.partnership_id != partnership.pk for p in priorities):
        problems["priorities"] = "priorities: choose this partnership's priorities"
    if progress.strip() and progress_on is None:
        problems["progress_on"] = "progress_on: enter the date the progress is as at"
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        commitment.partnership = partnership
        commitment.title = " ".join(title.split())
        commitment.kind, commitment.status, commitment.text = kind, status, text.strip()
        commitment.review_on, commitment.agreed_at = review_on, agreed_at
        commitment.progress = progress.strip()
        commitment.progress_on = progress_on if commitment.progress else None
        commitment.is_published = is_published
        if is_illustrative is not None:
            commitment.is_illustrative = is_illustrative
        if source is not None:
            commitment.source = source
        save_if_changed(commitment, actor)
        commitment.owner_organisations.set(owners)
        commitment.leads.set(leads)
        commitment.priorities.set(priorities)
        commitment.__dict__.pop("_owner_ids", None)
    return commitment


def _require_change(actor: User | None, commitment: Commitment, check: bool) -> None:
    if check and (actor is None or not may_change_commitment(actor, commitment)):
        raise PermissionDenied("Only editors of an owner organisation change this commitment")


def _check_action(
    commitment: Commitment, action: str, owner_organisation: Organisation | None
) -> None:
    problems = rules.action_problems(action)
    if owner_organisation is not None:
        problem = _partner_problem(
            "owner_organisation", owner_organisation, commitment.partnership_id
        )
        if problem:
            problems["owner_organisation"] = problem
    if problems:
        raise ValidationError(problems)


def add_action(
    actor: User | None,
    commitment: Commitment,
    *,
    action: str,
    due: datetime.date | None = None,
    done: datetime.date | None = None,
    owner_organisation: Organisation | None = None,
    check: bool = True,
) -> CommitmentAction:
    """Add an action to a commitment (editors of an owner organisation, administrators)."""
    _require_change(actor, commitment, check)
    _check_action(commitment, action, owner_organisation)
    return save_with_history(
        CommitmentAction(
            commitment=commitment,
            action=action.strip(),
            due=due,
            done=done,
            owner_organisation=owner_organisation,
        ),
        actor,
    )


def mark_action_done(
    actor: User | None,
    action: CommitmentAction,
    done: datetime.date | None,
    *,
    check: bool = True,
) -> CommitmentAction:
    """Record the date an action was done (None: not done after all)."""
    _require_change(actor, action.commitment, check)
    action.done = done
    return save_with_history(action, actor, "Marked done" if done else "Marked not done")


def check_evidence_file(filename: str, size: int, content: bytes, limit: int) -> list[str]:
    """Problems with an evidence file: a document or an image (`core.uploads`)."""
    return uploads.check_upload(
        filename,
        size,
        content,
        limit,
        allowed=uploads.DOCUMENTS_AND_IMAGES,
        noun="The evidence file",
    )


def add_evidence(
    actor: User | None,
    commitment: Commitment,
    *,
    title: str,
    link: str = "",
    upload: UploadedFile | None = None,
    action: CommitmentAction | None = None,
    check: bool = True,
) -> Evidence:
    """Add a link (http or https only) or a file (checked by its contents) as
    evidence for a commitment or one of its actions. A bad file is refused with the
    reasons on `file`, and nothing is saved."""
    _require_change(actor, commitment, check)
    link = link.strip()
    problems = rules.evidence_problems(title, link, upload is not None)
    if action is not None and action.commitment_id != commitment.pk:
        problems["action"] = "action: choose one of this commitment's actions"
    if problems:
        raise ValidationError(problems)
    evidence = Evidence(
        commitment=commitment,
        partnership_id=commitment.partnership_id,
        action=action,
        title=" ".join(title.split()),
        link=link,
        added_by=actor,
    )
    checked = None
    if upload is not None:
        checked = read_checked_upload(upload, check=check_evidence_file, field="file")
        for name, value in checked.stored.items():
            setattr(evidence, name, value)
    with transaction.atomic():
        if checked is not None:
            evidence.file.save(checked.name, checked.as_file(), save=False)
        save_with_history(evidence, actor)
    return evidence


def add_signatory(
    actor: User | None,
    commitment: Commitment,
    *,
    organisation: Organisation,
    signed_by: str,
    signed_on: datetime.date | None,
    role: str = "",
    check: bool = True,
) -> Signatory:
    """Record that a partner signed: an editor for their own organisation; owners'
    editors and administrators for any partner. One signature per organisation."""
    if check and (actor is None or not may_sign_for(actor, commitment, organisation.pk)):
        raise PermissionDenied("Editors sign for their own organisation only")
    problems = rules.signatory_problems(signed_by, signed_on, today=timezone.localdate())
    problem = _partner_problem("organisation", organisation, commitment.partnership_id)
    if problem:
        problems["organisation"] = problem
    elif commitment.signatories.filter(organisation=organisation).exists():
        problems["organisation"] = f"organisation: {organisation} has already signed"
    if problems:
        raise ValidationError(problems)
    return save_with_history(
        Signatory(
            commitment=commitment,
            organisation=organisation,
            signed_by=" ".join(signed_by.split()),
            role=role.strip(),
            signed_on=signed_on,
        ),
        actor,
    )


# Changing and deleting a commitment's parts: the same people as change the
# commitment (`may_change_commitment`); every deletion is kept in the part's history.


def change_action(
    actor: User | None,
    record: CommitmentAction,
    *,
    action: str,
    due: datetime.date | None = None,
    done: datetime.date | None = None,
    owner_organisation: Organisation | None = None,
    check: bool = True,
) -> CommitmentAction:
    """Change an action's words, dates or owner."""
    _require_change(actor, record.commitment, check)
    _check_action(record.commitment, action, owner_organisation)
    record.action, record.due, record.done = action.strip(), due, done
    record.owner_organisation = owner_organisation
    return save_with_history(record, actor)


def delete_action(actor: User | None, record: CommitmentAction, *, check: bool = True) -> None:
    """Delete an action. Its evidence stays, as evidence for the commitment itself."""
    _require_change(actor, record.commitment, check)
    with transaction.atomic():
        for evidence in record.evidence.all():
            evidence.action = None
            save_with_history(evidence, actor, "Its action was deleted")
        record._history_user = actor  # read by django-simple-history
        record.delete()


def change_evidence(
    actor: User | None,
    evidence: Evidence,
    *,
    title: str,
    link: str = "",
    action: CommitmentAction | None = None,
    check: bool = True,
) -> Evidence:
    """Change evidence's title, its link (a link stays a link; a file is replaced by
    deleting it and adding another) or the action it is evidence for."""
    commitment = evidence.commitment
    _require_change(actor, commitment, check)
    link = link.strip() if not evidence.is_file else ""
    problems = rules.evidence_problems(title, link, evidence.is_file)
    if action is not None and action.commitment_id != commitment.pk:
        problems["action"] = "action: choose one of this commitment's actions"
    if problems:
        raise ValidationError(problems)
    evidence.title, evidence.link, evidence.action = " ".join(title.split()), link, action
    return save_with_history(evidence, actor)


def delete_evidence(actor: User | None, evidence: Evidence, *, check: bool = True) -> None:
    """Delete evidence; a file is removed from storage too, once the deletion is
    committed (the history keeps its name, size and checksum)."""
    _require_change(actor, evidence.commitment, check)
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    with transaction.atomic():
        evidence._history_user = actor  # read by django-simple-history
        evidence.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def change_signatory(
    actor: User | None,
    signatory: Signatory,
    *,
    organisation: Organisation,
    signed_by: str,
    signed_on: datetime.date | None,
    role: str = "",
    check: bool = True,
) -> Signatory:
    """Correct a recorded signature: who signed, in what role, when, for which partner."""
    commitment = signatory.commitment
    _require_change(actor, commitment, check)
    problems = rules.signatory_problems(signed_by, signed_on, today=timezone.localdate())
    problem = _partner_problem("organisation", organisation, commitment.partnership_id)
    if problem:
        problems["organisation"] = problem
    elif commitment.signatories.filter(organisation=organisation).exclude(pk=signatory.pk).exists():
        problems["organisation"] = f"organisation: {organisation} has already signed"
    if problems:
        raise ValidationError(problems)
    signatory.organisation = organisation
    signatory.signed_by = " ".join(signed_by.split())
    signatory.role, signatory.signed_on = role.strip(), signed_on
    return save_with_history(signatory, actor)


def delete_signatory(actor: User | None, signatory: Signatory, *, check: bool = True) -> None:
    """Delete a recorded signature (one recorded by mistake)."""
    _require_change(actor, signatory.commitment, check)
    with transaction.atomic():
        signatory._history_user = actor  # read by django-simple-history
        signatory.delete()
