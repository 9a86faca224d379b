"""Access helpers and rules for stakeholder engagement.

The role rules are in `roundtable.partnership.access`. Here, in words:

- the partnership's own **signed-in people** (members, editors, administrators)
  read the register and the contact log; nobody else does (a 404 for a record,
  sign-in or 403 for a list);
- an **organisation editor** logs, plans and marks done the contacts made from
  their own organisation, and changes those contacts only;
- the partnership's **administrators** do everything: the register, assessments,
  relationship managers, every contact and the fatigue settings;
- only the partnership's **administrators** search the log for a named person,
  export what it holds about them and erase them from it (personal data);
- **consultations**: anyone reads those that are not planned (see `models.py`); an
  organisation editor adds and changes the consultations their own organisation
  leads; administrators any.
- **information-sharing agreements**: anyone reads the published ones (see
  `models.py`); an organisation editor adds agreements their own organisation is
  a party to, and changes (and uploads the signed copy of) those only, before and
  after the change; administrators any.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.core.permissions import refuse
from roundtable.engagement.models import (
    Consultation,
    Contact,
    SharingAgreement,
    SignedDocument,
    Stakeholder,
)
from roundtable.partnership.access import is_administrator, sees_internal_figures

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

VIEW, MANAGE, CHANGE = "view", "manage", "change"


def sees_engagement(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """The register and contact log are for the partnership's own signed-in people."""
    return sees_internal_figures(user, partnership_id)


def require_engagement(user: User | AnonymousUser, partnership_id: int | None) -> None:
    if not sees_engagement(user, partnership_id):
        raise refuse(user)


def may_manage_register(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators keep the register, assessments and settings."""
    return is_administrator(user, partnership_id)


def require_manage_register(user: User | AnonymousUser, partnership_id: int | None) -> None:
    if not may_manage_register(user, partnership_id):
        raise refuse(user)


def may_manage_personal_data(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators search, export and erase a named person's data in the log."""
    return is_administrator(user, partnership_id)


def require_personal_data(user: User | AnonymousUser, partnership_id: int | None) -> None:
    if not may_manage_personal_data(user, partnership_id):
        raise refuse(user)


def may_log_contacts(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Whether the user may log contacts at all: administrators, and the partnership's
    editors (for their own organisation)."""
    if may_manage_register(user, partnership_id):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and user.organisation_id is not None
        and user.partnership_id == partnership_id
    )


def may_log_contact_from(
    user: User | AnonymousUser, partnership_id: int | None, organisation_id: int | None
) -> bool:
    """Editors log contacts from their own organisation; administrators from any."""
    if may_manage_register(user, partnership_id):
        return True
    return (
        may_log_contacts(user, partnership_id)
        and organisation_id is not None
        and user.organisation_id == organisation_id
    )


def get_stakeholder_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> Stakeholder:
    """The stakeholder if the user may see it (a 404 otherwise, not a hint); managing
    needs an administrator of its partnership."""
    stakeholder = get_object_or_404(
        Stakeholder.objects.visible_to(user).select_related(
            "partnership",
            "organisation",
            "relationship_manager__organisation",
            "relationship_manager__unit",
        ),
        pk=pk,
    )
    if action == MANAGE and not may_manage_register(user, stakeholder.partnership_id):
        raise refuse(user)
    return stakeholder


def get_contact_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Contact:
    """The contact if the user may see it (a 404 otherwise); changing it needs an
    editor of the organisation it came from, or an administrator."""
    contact = get_object_or_404(
        Contact.objects.visible_to(user).select_related(
            "partnership", "stakeholder__organisation", "from_organisation"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_log_contact_from(
        user, contact.partnership_id, contact.from_organisation_id
    ):
        raise refuse(user)
    return contact


def may_edit_consultations(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Whether the user may add consultations at all (editors and administrators)."""
    return may_log_contacts(user, partnership_id)


def may_edit_consultation_of(
    user: User | AnonymousUser, partnership_id: int | None, organisation_id: int | None
) -> bool:
    """Editors keep the consultations their own organisation leads; administrators any."""
    return may_log_contact_from(user, partnership_id, organisation_id)


def get_consultation_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> Consultation:
    """The consultation if the user may see it (a 404 otherwise: a planned one is not
    hinted at); changing it needs an editor of its lead organisation, or an
    administrator."""
    consultation = get_object_or_404(
        Consultation.objects.visible_to(user).select_related(
            "partnership", "lead_organisation", "owner_body"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_consultation_of(
        user, consultation.partnership_id, consultation.lead_organisation_id
    ):
        raise refuse(user)
    return consultation


def may_edit_agreements(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Whether the user may add agreements at all (editors and administrators)."""
    return may_log_contacts(user, partnership_id)


def may_edit_agreement_between(
    user: User | AnonymousUser, partnership_id: int | None, party_ids: Iterable[int]
) -> bool:
    """Editors keep the agreements their own organisation is a party to;
    administrators any."""
    if may_manage_register(user, partnership_id):
        return True
    return may_edit_agreements(user, partnership_id) and user.organisation_id in set(party_ids)


def get_agreement_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> SharingAgreement:
    """The agreement if the user may see it (a 404 otherwise: a draft or internal one
    is not hinted at); changing it needs an editor of one of its parties, or an
    administrator."""
    agreement = get_object_or_404(
        SharingAgreement.objects.visible_to(user).select_related(
            "partnership", "lead_organisation", "owner_body"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_edit_agreement_between(
        user, agreement.partnership_id, agreement.parties.values_list("pk", flat=True)
    ):
        raise refuse(user)
    return agreement


def get_signed_document_for_user(user: User | AnonymousUser, pk: int) -> SignedDocument:
    """A signed document, if the user may see its agreement; a 404 for anyone else."""
    return get_object_or_404(
        SignedDocument.objects.visible_to(user).select_related("partnership"), pk=pk
    )
