"""Changing and deleting a commitment's actions, evidence and signatures: who may,
what is refused, what is kept in history and what is removed from storage."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.accounts.choices import Role
from roundtable.meetings.tests.papers import pdf_with_text, upload
from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory
from roundtable.projects import services_commitments as services
from roundtable.projects.models_commitments import CommitmentAction, Evidence, Signatory
from roundtable.projects.tests.factories_commitments import (
    CommitmentActionFactory,
    CommitmentFactory,
    LinkEvidenceFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def commitment(partnership, council):
    return CommitmentFactory(partnership=partnership, owners=[council], title="Foster relations")


@pytest.fixture
def police_editor(partnership, police):
    return UserFactory(
        username="police-editor", role=Role.EDITOR, partnership=partnership, organisation=police
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _file_evidence(commitment):
    return services.add_evidence(
        None,
        commitment,
        title="Equality plan",
        upload=upload("plan.pdf", pdf_with_text("The plan")),
        check=False,
    )


def test_an_editor_of_an_owner_changes_an_action(officer, commitment, police):
    action = CommitmentActionFactory(commitment=commitment, action="Agree measures")
    services.change_action(
        officer, action, action=" Publish measures ", due=D(2012, 6, 1), done=D(2012, 5, 1),
        owner_organisation=police,
    )  # fmt: skip
    action.refresh_from_db()
    assert (action.action, action.due, action.done) == (
        "Publish measures",
        D(2012, 6, 1),
        D(2012, 5, 1),
    )
    assert action.owner_organisation == police
    assert action.history.first().history_user == officer


def test_changing_an_action_refuses_an_empty_action_naming_the_field(officer, commitment):
    action = CommitmentActionFactory(commitment=commitment)
    with pytest.raises(ValidationError) as refused:
        services.change_action(officer, action, action="  ")
    assert "action" in refused.value.message_dict


def test_changing_an_action_refuses_another_partnerships_organisation(
    officer, commitment, other_partnership
):
    action = CommitmentActionFactory(commitment=commitment)
    stranger = OrganisationFactory(partnership=other_partnership)
    with pytest.raises(ValidationError, match="not an organisation of this partnership"):
        services.change_action(officer, action, action="Do it", owner_organisation=stranger)


@pytest.mark.parametrize("who", ["board_member", "police_editor", "other_partnership_officer"])
def test_who_may_not_change_the_commitment_may_not_change_or_delete_its_parts(
    request, who, commitment, council
):
    actor = request.getfixturevalue(who)
    action = CommitmentActionFactory(commitment=commitment)
    evidence = LinkEvidenceFactory(commitment=commitment)
    signatory = SignatoryFactory(commitment=commitment, organisation=council)
    with pytest.raises(PermissionDenied):
        services.change_action(actor, action, action="Changed")
    with pytest.raises(PermissionDenied):
        services.delete_action(actor, action)
    with pytest.raises(PermissionDenied):
        services.change_evidence(actor, evidence, title="Changed", link="https://example.org")
    with pytest.raises(PermissionDenied):
        services.delete_evidence(actor, evidence)
    with pytest.raises(PermissionDenied):
        services.change_signatory(
            actor, signatory, organisation=council, signed_by="X", signed_on=D(2012, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        services.delete_signatory(actor, signatory)
    with pytest.raises(PermissionDenied):
        services.delete_action(None, action)
    assert CommitmentAction.objects.filter(pk=action.pk).exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Signatory.objects.filter(pk=signatory.pk).exists()


def test_deleting_an_action_keeps_its_evidence_for_the_commitment_and_the_history(
    administrator, commitment
):
    action = CommitmentActionFactory(commitment=commitment, action="Agree measures")
    evidence = services.add_evidence(
        None, commitment, title="Minutes", link="https://example.org/m", action=action, check=False
    )
    pk = action.pk
    services.delete_action(administrator, action)
    assert not CommitmentAction.objects.filter(pk=pk).exists()
    evidence.refresh_from_db()
    assert evidence.action is None
    assert evidence.history.first().history_change_reason == "Its action was deleted"
    deleted = CommitmentAction.history.filter(id=pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", administrator)


def test_an_editor_changes_a_links_title_link_and_action(officer, commitment):
    action = CommitmentActionFactory(commitment=commitment)
    evidence = LinkEvidenceFactory(commitment=commitment)
    services.change_evidence(
        officer, evidence, title=" New  title ", link="https://example.org/new", action=action
    )
    evidence.refresh_from_db()
    assert (evidence.title, evidence.link, evidence.action) == (
        "New title",
        "https://example.org/new",
        action,
    )


def test_changing_a_link_refuses_a_link_that_is_not_a_web_address(officer, commitment):
    evidence = LinkEvidenceFactory(commitment=commitment)
    with pytest.raises(ValidationError) as refused:
        services.change_evidence(officer, evidence, title="Plan", link="javascript:alert(1)")
    assert refused.value.message_dict["link"] == [
        "link: enter a web address starting http:// or https://"
    ]


def test_changing_evidence_refuses_another_commitments_action(officer, commitment, partnership):
    evidence = LinkEvidenceFactory(commitment=commitment)
    elsewhere = CommitmentActionFactory(commitment=CommitmentFactory(partnership=partnership))
    with pytest.raises(ValidationError, match="choose one of this commitment's actions"):
        services.change_evidence(
            officer, evidence, title="Plan", link=evidence.link, action=elsewhere
        )


def test_a_file_stays_a_file_when_its_evidence_is_changed(officer, commitment, media):
    evidence = _file_evidence(commitment)
    services.change_evidence(officer, evidence, title="Plan 2012", link="https://example.org")
    evidence.refresh_from_db()
    assert evidence.title == "Plan 2012"
    assert (evidence.link, evidence.filename) == ("", "plan.pdf")


def test_deleting_file_evidence_removes_the_stored_file(
    officer, commitment, media, django_capture_on_commit_callbacks
):
    evidence = _file_evidence(commitment)
    stored = Path(evidence.file.path)
    assert stored.is_file()
    pk = evidence.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_evidence(officer, evidence)
    assert not stored.exists()
    assert not Evidence.objects.filter(pk=pk).exists()
    deleted = Evidence.history.get(id=pk, history_type="-")
    assert (deleted.filename, deleted.history_user) == ("plan.pdf", officer)


def test_a_refused_deletion_leaves_the_stored_file(
    board_member, commitment, media, django_capture_on_commit_callbacks
):
    evidence = _file_evidence(commitment)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.delete_evidence(board_member, evidence)
    assert Path(evidence.file.path).is_file()


def test_an_editor_of_an_owner_corrects_a_signature(officer, commitment, police):
    signatory = SignatoryFactory(commitment=commitment, organisation=police, signed_by="M Smith")
    services.change_signatory(
        officer,
        signatory,
        organisation=police,
        signed_by=" Martin  Smith ",
        role="Borough Commander",
        signed_on=D(2012, 3, 31),
    )
    signatory.refresh_from_db()
    assert (signatory.signed_by, signatory.role, signatory.signed_on) == (
        "Martin Smith",
        "Borough Commander",
        D(2012, 3, 31),
    )


def test_changing_a_signature_refuses_an_organisation_that_has_already_signed(
    officer, commitment, council, police
):
    SignatoryFactory(commitment=commitment, organisation=council)
    signatory = SignatoryFactory(commitment=commitment, organisation=police)
    with pytest.raises(ValidationError) as refused:
        services.change_signatory(
            officer, signatory, organisation=council, signed_by="X", signed_on=D(2012, 1, 1)
        )
    assert refused.value.message_dict["organisation"] == [
        "organisation: Ealing Council has already signed"
    ]


def test_changing_a_signature_refuses_a_missing_date(officer, commitment, police):
    signatory = SignatoryFactory(commitment=commitment, organisation=police)
    with pytest.raises(ValidationError) as refused:
        services.change_signatory(
            officer, signatory, organisation=police, signed_by="X", signed_on=None
        )
    assert "signed_on" in refused.value.message_dict


def test_an_editor_who_signed_for_their_organisation_may_not_delete_the_signature(
    police_editor, commitment, police
):
    """Deleting is the owners' (the same rule as changing the commitment)."""
    signatory = services.add_signatory(
        police_editor, commitment, organisation=police, signed_by="M Smith", signed_on=D(2012, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        services.delete_signatory(police_editor, signatory)


def test_an_administrator_deletes_a_signature_and_its_history_stays(
    administrator, commitment, police
):
    signatory = SignatoryFactory(commitment=commitment, organisation=police)
    pk = signatory.pk
    services.delete_signatory(administrator, signatory)
    assert not commitment.signatories.exists()
    assert Signatory.history.get(id=pk, history_type="-").history_user == administrator
