"""Saving agreements and their signed copies: who may, and what is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from roundtable.accounts.choices import Role
from roundtable.engagement import services
from roundtable.engagement.models import SharingAgreement
from roundtable.engagement.tests.factories import SharingAgreementFactory
from roundtable.meetings.tests.papers import docx_bytes, pdf_with_text
from roundtable.partnership.tests.factories import (
    BodyFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _save(actor, partnership, lead, parties, agreement=None, **extra):
    fields = {
        "title": "Troubled families data sharing",
        "purpose": "To find families who need help early",
        "lawful_bases": ["art6_e", "gateway_cda1998_s115"],
        "status": "in_force",
        "start_date": D(2026, 4, 1),
        "review_date": D(2027, 3, 31),
        "data_categories": ["Names", "", "School attendance"],
    }
    fields.update(extra)
    return services.save_agreement(
        actor,
        agreement or SharingAgreement(),
        partnership=partnership,
        parties=parties,
        lead_organisation=lead,
        **fields,
    )


def test_an_editor_adds_an_agreement_their_organisation_is_party_to(
    officer, partnership, council, police
):
    agreement = _save(officer, partnership, council, [council, police])
    assert set(agreement.parties.all()) == {council, police}
    assert agreement.lawful_bases == ";art6_e;gateway_cda1998_s115;"
    assert agreement.category_list == ["Names", "School attendance"]
    assert agreement.history.first().history_user == officer


def test_an_editor_cannot_add_an_agreement_between_other_organisations(
    officer, partnership, police
):
    other = OrganisationFactory(partnership=partnership, name="Ealing Hospital")
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, police, [police, other])
    assert not SharingAgreement.objects.exists()


def test_an_editor_cannot_take_their_organisation_out_of_anothers_agreement(
    officer, partnership, council, police
):
    """Both as it was and as it becomes: an agreement between police and the
    hospital cannot be taken over by adding the council to it."""
    hospital = OrganisationFactory(partnership=partnership, name="Ealing Hospital")
    agreement = SharingAgreementFactory(
        partnership=partnership, lead_organisation=police, parties=[hospital]
    )
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, council, [council, police, hospital], agreement=agreement)


def test_members_and_other_partnerships_cannot_save_agreements(
    board_member, other_partnership_officer, partnership, council, police
):
    for actor in (board_member, other_partnership_officer, None):
        with pytest.raises(PermissionDenied):
            _save(actor, partnership, council, [council, police])


def test_an_administrator_saves_any_agreement(administrator, partnership, council, police):
    assert _save(administrator, partnership, police, [council, police]).pk


def test_an_agreement_with_one_party_is_refused(administrator, partnership, council):
    with pytest.raises(ValidationError) as refused:
        _save(administrator, partnership, council, [council])
    assert "at least 2 organisations" in str(refused.value.message_dict["parties"])
    assert not SharingAgreement.objects.exists()


def test_an_agreement_without_a_lawful_basis_is_refused(
    administrator, partnership, council, police
):
    with pytest.raises(ValidationError) as refused:
        _save(administrator, partnership, council, [council, police], lawful_bases=[])
    assert "lawful_bases" in refused.value.message_dict


def test_an_unknown_lawful_basis_is_refused(administrator, partnership, council, police):
    with pytest.raises(ValidationError) as refused:
        _save(administrator, partnership, council, [council, police], lawful_bases=["art6_z"])
    assert "'art6_z' is not a lawful basis" in str(refused.value.message_dict["lawful_bases"])


def test_a_review_before_the_start_is_refused(administrator, partnership, council, police):
    with pytest.raises(ValidationError) as refused:
        _save(
            administrator,
            partnership,
            council,
            [council, police],
            start_date=D(2026, 4, 1),
            review_date=D(2026, 1, 1),
        )
    assert "review_date" in refused.value.message_dict


def test_the_lead_must_be_a_party(administrator, partnership, council, police):
    hospital = OrganisationFactory(partnership=partnership)
    with pytest.raises(ValidationError) as refused:
        _save(administrator, partnership, council, [police, hospital])
    assert "must be one of the parties" in str(refused.value.message_dict["lead_organisation"])


def test_parties_and_owner_body_must_be_of_the_partnership(
    administrator, partnership, other_partnership, council
):
    stranger = OrganisationFactory(partnership=other_partnership)
    with pytest.raises(ValidationError) as refused:
        _save(
            administrator,
            partnership,
            council,
            [council, stranger],
            owner_body=BodyFactory(partnership=other_partnership),
        )
    assert set(refused.value.message_dict) >= {"parties", "owner_body"}


def test_a_signed_copy_is_stored_and_checked(officer, partnership, council, police):
    agreement = SharingAgreementFactory(
        partnership=partnership, lead_organisation=council, parties=[police]
    )
    upload = SimpleUploadedFile("signed.pdf", pdf_with_text("Signed"), "application/pdf")
    document = services.upload_signed_document(officer, agreement, upload)
    assert document.filename == "signed.pdf"
    assert document.content_type == "application/pdf"
    assert document.file.read().startswith(b"%PDF-")
    assert agreement.history.first().history_change_reason == "Signed copy uploaded: signed.pdf"
    word = SimpleUploadedFile("signed.docx", docx_bytes())
    assert services.upload_signed_document(officer, agreement, word).size > 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("signed.xlsx", b"PK", "must be a PDF or DOCX file"),
        ("signed.pdf", b"not a pdf at all", "is not a PDF"),
    ],
)
def test_a_signed_copy_that_is_not_a_pdf_or_word_document_is_refused(
    administrator, partnership, council, name, content, message
):
    agreement = SharingAgreementFactory(partnership=partnership, lead_organisation=council)
    with pytest.raises(ValidationError) as refused:
        services.upload_signed_document(administrator, agreement, SimpleUploadedFile(name, content))
    assert message in str(refused.value.message_dict["document"])
    assert not agreement.documents.exists()


def test_a_signed_copy_larger_than_the_limit_is_refused(
    administrator, partnership, council, settings
):
    settings.ROUNDTABLE_MAX_UPLOAD_MB = 1
    agreement = SharingAgreementFactory(partnership=partnership, lead_organisation=council)
    big = SimpleUploadedFile("signed.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        services.upload_signed_document(administrator, agreement, big)


def test_an_editor_of_another_organisation_cannot_upload_the_signed_copy(
    partnership, council, police
):
    agreement = SharingAgreementFactory(partnership=partnership, lead_organisation=police)
    hospital_editor = UserFactory(
        role=Role.EDITOR,
        partnership=partnership,
        organisation=OrganisationFactory(partnership=partnership),
    )
    upload = SimpleUploadedFile("signed.pdf", pdf_with_text("Signed"))
    with pytest.raises(PermissionDenied):
        services.upload_signed_document(hospital_editor, agreement, upload)


def test_saving_a_consultation_without_naming_its_body_keeps_it(administrator, partnership):
    """An import names no owning body or meetings: re-importing keeps those set on
    the form."""
    from roundtable.engagement.tests.factories import ConsultationFactory
    from roundtable.meetings.tests.factories import MeetingFactory

    body = BodyFactory(partnership=partnership)
    meeting = MeetingFactory(body=body)
    consultation = ConsultationFactory(partnership=partnership, owner_body=body)
    consultation.meetings.set([meeting])
    services.save_consultation(
        administrator,
        consultation,
        partnership=partnership,
        title=consultation.title,
        lead_organisation=consultation.lead_organisation,
        opens=consultation.opens,
        closes=consultation.closes,
        status=consultation.status,
    )
    consultation.refresh_from_db()
    assert consultation.owner_body == body
    assert list(consultation.meetings.all()) == [meeting]
    services.save_consultation(
        administrator,
        consultation,
        partnership=partnership,
        title=consultation.title,
        lead_organisation=consultation.lead_organisation,
        opens=consultation.opens,
        closes=consultation.closes,
        status=consultation.status,
        owner_body=None,
        meetings=[],
    )
    consultation.refresh_from_db()
    assert consultation.owner_body is None
    assert not consultation.meetings.exists()
