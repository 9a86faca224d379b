"""Writes to commitments: who may make them, what is refused and how it is said."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.accounts.choices import Role
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.meetings.tests.papers import pdf_with_text, upload
from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory
from roundtable.projects import services_commitments as services
from roundtable.projects.models_commitments import Commitment, Evidence, Signatory
from roundtable.projects.tests.factories_commitments import CommitmentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _save(actor, commitment, partnership, owners, **extra):
    fields = {"title": "Foster good relations", "kind": "equality_objective", "status": "draft"}
    fields.update(extra)
    return services.save_commitment(
        actor, commitment, partnership=partnership, owner_organisations=owners, **fields
    )


@pytest.fixture
def police_editor(partnership, police):
    return UserFactory(
        username="police-editor", role=Role.EDITOR, partnership=partnership, organisation=police
    )


def test_an_editor_adds_a_commitment_their_organisation_owns(officer, partnership, council):
    saved = _save(officer, Commitment(), partnership, [council], text="  In full.  ")
    assert saved.pk
    assert saved.text == "In full."
    assert list(saved.owner_organisations.all()) == [council]
    assert saved.history.exists()


def test_an_editor_cannot_add_a_commitment_owned_by_another_organisation(
    officer, partnership, police
):
    with pytest.raises(PermissionDenied):
        _save(officer, Commitment(), partnership, [police])
    assert not Commitment.objects.exists()


def test_an_editor_cannot_change_a_commitment_their_organisation_does_not_own(
    police_editor, partnership, council
):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(PermissionDenied):
        _save(police_editor, commitment, partnership, [council])


def test_an_editor_cannot_take_over_a_commitment_by_naming_their_organisation(
    police_editor, partnership, council, police
):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(PermissionDenied):
        _save(police_editor, commitment, partnership, [police])


def test_a_board_member_cannot_add_a_commitment(board_member, partnership, council):
    with pytest.raises(PermissionDenied):
        _save(board_member, Commitment(), partnership, [council])


def test_another_partnerships_administrator_cannot_add_one(
    other_partnership_officer, partnership, council
):
    with pytest.raises(PermissionDenied):
        _save(other_partnership_officer, Commitment(), partnership, [council])


def test_owners_must_be_partners_of_the_partnership(administrator, partnership, other_partnership):
    stranger = OrganisationFactory(partnership=other_partnership, name="Warwick DC")
    with pytest.raises(ValidationError) as error:
        _save(administrator, Commitment(), partnership, [stranger])
    assert error.value.message_dict["owner_organisations"] == [
        "owner_organisations: Warwick DC is not an organisation of this partnership"
    ]
    engaged = OrganisationFactory(partnership=partnership, name="HM Treasury", is_partner=False)
    with pytest.raises(ValidationError) as error:
        _save(administrator, Commitment(), partnership, [engaged])
    assert "HM Treasury is not a partner" in error.value.message_dict["owner_organisations"][0]
    with pytest.raises(ValidationError) as error:
        _save(administrator, Commitment(), partnership, [])
    assert "choose at least one owner" in error.value.message_dict["owner_organisations"][0]


def test_the_agreeing_meeting_must_be_the_partnerships(
    administrator, partnership, council, other_partnership
):
    elsewhere = MeetingFactory(body__partnership=other_partnership)
    with pytest.raises(ValidationError) as error:
        _save(administrator, Commitment(), partnership, [council], agreed_at=elsewhere)
    assert error.value.message_dict["agreed_at"] == [
        "agreed_at: choose a meeting of this partnership"
    ]


def test_progress_needs_the_date_it_is_as_at(administrator, partnership, council):
    with pytest.raises(ValidationError) as error:
        _save(administrator, Commitment(), partnership, [council], progress="Going well")
    assert "progress_on" in error.value.message_dict


def test_evidence_link_must_be_http_or_https(officer, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(ValidationError) as error:
        services.add_evidence(officer, commitment, title="Page", link="javascript:alert(1)")
    assert error.value.message_dict["link"] == [
        "link: enter a web address starting http:// or https://"
    ]
    assert not Evidence.objects.exists()


def test_evidence_file_is_checked_by_its_contents(officer, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            officer, commitment, title="Plan", upload=upload("plan.pdf", b"not a pdf")
        )
    assert "'plan.pdf' is not a PDF" in error.value.message_dict["file"][0]
    saved = services.add_evidence(
        officer, commitment, title="Plan", upload=upload("plan.pdf", pdf_with_text("Plan"))
    )
    assert (saved.filename, saved.content_type, saved.link) == ("plan.pdf", "application/pdf", "")
    assert "plan.pdf" not in saved.file.name  # stored under a random name


def test_an_editor_of_no_owner_cannot_add_evidence_or_actions(police_editor, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(PermissionDenied):
        services.add_evidence(police_editor, commitment, title="x", link="https://example.org")
    with pytest.raises(PermissionDenied):
        services.add_action(police_editor, commitment, action="Do it")


def test_evidence_for_an_action_of_another_commitment_is_refused(officer, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    other = CommitmentFactory(partnership=partnership, owners=[council])
    action = services.add_action(officer, other, action="Publish the data", due=D(2012, 1, 31))
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            officer, commitment, title="x", link="https://example.org", action=action
        )
    assert error.value.message_dict["action"] == ["action: choose one of this commitment's actions"]


def test_an_editor_signs_for_their_own_organisation_only(
    police_editor, partnership, council, police
):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(PermissionDenied):
        services.add_signatory(
            police_editor, commitment, organisation=council, signed_by="X", signed_on=D(2012, 6, 1)
        )
    signed = services.add_signatory(
        police_editor,
        commitment,
        organisation=police,
        signed_by="  Borough  Commander ",
        role="Borough Commander",
        signed_on=D(2012, 6, 27),
    )
    assert signed.signed_by == "Borough Commander"


def test_an_organisation_signs_once(administrator, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    services.add_signatory(
        administrator, commitment, organisation=council, signed_by="A", signed_on=D(2012, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.add_signatory(
            administrator, commitment, organisation=council, signed_by="B", signed_on=D(2012, 6, 2)
        )
    assert error.value.message_dict["organisation"] == [
        "organisation: Ealing Council has already signed"
    ]
    assert Signatory.objects.count() == 1


def test_a_board_member_cannot_sign(board_member, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    with pytest.raises(PermissionDenied):
        services.add_signatory(
            board_member, commitment, organisation=council, signed_by="A", signed_on=D(2012, 6, 1)
        )


def test_marking_an_action_done_keeps_its_history(officer, partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    action = services.add_action(officer, commitment, action="Publish", due=D(2012, 1, 31))
    services.mark_action_done(officer, action, D(2012, 1, 30))
    action.refresh_from_db()
    assert action.done == D(2012, 1, 30)
    assert action.history.count() == 2
