"""Access helpers and rules for commitments. Who sees what is in
`models_commitments.py`; who may change what, in words:

- the partnership's **administrators** add and change every commitment, its
  actions, evidence and signatories;
- an **organisation editor** adds commitments their own organisation owns, and
  changes those (its text, status, actions, evidence) while their organisation is
  among its owners;
- **signing**: an editor records their own organisation's signature on any
  commitment of their partnership they may see; editors of an owner organisation
  and administrators record any partner's;
- **changing or deleting** an action, evidence or a signature needs the same as
  changing the commitment (an editor who signed for their organisation asks an
  owner's editor or an administrator to correct it);
- the **History** tab (every change to the commitment and its parts, deleted
  ones included) is for the partnership's signed-in people, as every record's
  History tab is (`Action.VIEW_HISTORY`): drafts' earlier wording is internal;
- nobody else changes anything (members read only; the public and other
  partnerships' people get a 404 for what they may not see, a sign-in or 403 for
  the rest).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.core.permissions import Action, can, refuse
from roundtable.partnership.access import is_administrator
from roundtable.projects.models_commitments import (
    Commitment,
    CommitmentAction,
    Evidence,
    Signatory,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

VIEW, CHANGE, SIGN = "view", "change", "sign"


def _editor_of(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and user.organisation_id is not None
        and partnership_id is not None
        and user.partnership_id == partnership_id
    )


def may_add_commitments(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators, and editors (for commitments their organisation owns)."""
    return is_administrator(user, partnership_id) or _editor_of(user, partnership_id)


def may_own_as(user: User | AnonymousUser, partnership_id: int | None, owner_ids: set[int]) -> bool:
    """Whether the user may keep a commitment owned by `owner_ids`: administrators
    always; an editor when their organisation is among the owners."""
    if is_administrator(user, partnership_id):
        return True
    return _editor_of(user, partnership_id) and user.organisation_id in owner_ids


def owner_ids_of(commitment: Commitment) -> set[int]:
    """The ids of the organisations owning `commitment` (one query, kept on it)."""
    cached = commitment.__dict__.get("_owner_ids")
    if cached is None:
        cached = set(commitment.owner_organisations.values_list("pk", flat=True))
        commitment.__dict__["_owner_ids"] = cached
    return cached


def may_change_commitment(user: User | AnonymousUser, commitment: Commitment) -> bool:
    return may_own_as(user, commitment.partnership_id, owner_ids_of(commitment))


def may_sign(user: User | AnonymousUser, commitment: Commitment) -> bool:
    """Whether the user may record a signature at all."""
    return may_change_commitment(user, commitment) or _editor_of(user, commitment.partnership_id)


def may_sign_for(
    user: User | AnonymousUser, commitment: Commitment, organisation_id: int | None
) -> bool:
    """Editors sign for their own organisation; owners' editors and administrators
    record any partner's signature."""
    if may_change_commitment(user, commitment):
        return True
    return (
        _editor_of(user, commitment.partnership_id)
        and organisation_id is not None
        and user.organisation_id == organisation_id
    )


def get_commitment_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> Commitment:
    """The commitment if the user may see it (a 404 otherwise, not a hint); changing
    it needs an editor of an owner organisation or an administrator, signing it an
    editor of the partnership."""
    commitment = get_object_or_404(
        Commitment.objects.visible_to(user).select_related("partnership", "agreed_at__body"),
        pk=pk,
    )
    if action == CHANGE and not may_change_commitment(user, commitment):
        raise refuse(user)
    if action == SIGN and not may_sign(user, commitment):
        raise refuse(user)
    return commitment


def may_see_history(user: User | AnonymousUser, commitment: Commitment) -> bool:
    """The History tab: the partnership's signed-in people (and superusers)."""
    return can(user, Action.VIEW_HISTORY, commitment)


def _part(user: User | AnonymousUser, model: type, pk: int, action: str) -> Any:
    """A part of a commitment the user may see (a 404 otherwise); changing it needs
    `may_change_commitment`."""
    record = get_object_or_404(
        model.objects.visible_to(user).select_related("commitment__partnership"), pk=pk
    )
    if action == CHANGE and not may_change_commitment(user, record.commitment):
        raise refuse(user)
    return record


def get_action_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> CommitmentAction:
    """A commitment's action, as `get_commitment_for_user` would give its commitment."""
    return _part(user, CommitmentAction, pk, action)


def get_signatory_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Signatory:
    """A recorded signature, as `get_commitment_for_user` would give its commitment."""
    return _part(user, Signatory, pk, action)


def get_evidence_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Evidence:
    """Evidence the user may see (that is, whose commitment they may see); a 404 for
    anyone else. Changing it needs `may_change_commitment`."""
    evidence = get_object_or_404(
        Evidence.objects.visible_to(user).select_related("partnership", "commitment"), pk=pk
    )
    if action == CHANGE and not may_change_commitment(user, evidence.commitment):
        raise refuse(user)
    return evidence
