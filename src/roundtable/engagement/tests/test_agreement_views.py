"""The agreements register, an agreement's page, its form, the signed copy's upload
and download, the API, and the section on the owning body's page: who sees what."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement import services
from roundtable.engagement.models import SharingAgreement
from roundtable.engagement.tests.factories import ConsultationFactory, SharingAgreementFactory
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.meetings.tests.papers import pdf_with_text
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/engagement/agreements"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def public_one(partnership, council, police):
    return SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=council,
        parties=[police],
        title="Community safety data sharing",
        review_date=D(2026, 4, 10),
    )


@pytest.fixture
def draft(partnership, council, police):
    return SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=police,
        parties=[council],
        title="Secret gangs matrix draft",
        status="draft",
        is_public=True,
    )


@pytest.fixture
def internal(partnership, council, police):
    return SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=police,
        parties=[council],
        title="Internal troubled families list",
        is_public=False,
    )


def _register(client, **query):
    return client.get(under("ealing", reverse("engagement:agreements")), query).content.decode()


def _api(client, slug="ealing", **query):
    response = client.get(API, {"partnership": slug, **query})
    assert response.status_code == 200
    return [row["title"] for row in response.json()["items"]]


def _upload(agreement, actor):
    upload = SimpleUploadedFile("signed.pdf", pdf_with_text("Signed copy"), "application/pdf")
    return services.upload_signed_document(actor, agreement, upload)


def test_the_public_sees_only_public_agreements_that_are_not_drafts(
    client, public_one, draft, internal
):
    page = _register(client)
    assert "Community safety data sharing" in page
    assert "Secret gangs matrix draft" not in page
    assert "Internal troubled families list" not in page
    assert "1 agreement" in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(internal.get_absolute_url()).status_code == 404
    detail = client.get(public_one.get_absolute_url()).content.decode()
    assert "Crime and Disorder Act 1998, section 115" in detail
    assert "Edit this agreement" not in detail
    assert _api(client) == ["Community safety data sharing"]


def test_members_see_every_agreement_with_review_due(client, board_member, public_one, draft):
    client.force_login(board_member)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0), tick=False):
        page = _register(client)
    assert "Secret gangs matrix draft" in page
    assert "Not in the public register" in page
    assert page.count("Review due") == 1  # the public one's review is 21 days away
    assert set(_api(client)) == {"Community safety data sharing", "Secret gangs matrix draft"}


def test_a_review_whose_date_has_passed_is_said_to_be_overdue(client, board_member, public_one):
    client.force_login(board_member)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, 0), tick=False):
        page = _register(client)
        detail = client.get(public_one.get_absolute_url()).content.decode()
    assert "Review overdue" in page
    assert "Review due" not in page
    assert "Review overdue: it was due by 10 April 2026" in detail
    with time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0), tick=False):
        detail = client.get(public_one.get_absolute_url()).content.decode()
    assert "Review due by 10 April 2026" in detail


def test_special_category_data_stands_on_its_own_line_after_not_stated(client, public_one):
    public_one.data_categories = ""
    public_one.special_category = True
    public_one.lawful_bases = "art6_e;art9_h"
    public_one.save()
    detail = client.get(public_one.get_absolute_url()).content.decode()
    # It read "Not statedSpecial category data".
    assert (
        'Not stated<br><strong class="govuk-tag govuk-tag--purple">Special category data' in detail
    )


def test_the_status_filter(client, board_member, public_one, draft):
    client.force_login(board_member)
    page = _register(client, status="draft")
    assert "Secret gangs matrix draft" in page
    assert "Community safety data sharing" not in page
    assert _api(client, status="draft") == ["Secret gangs matrix draft"]
    assert client.get(API, {"partnership": "ealing", "status": "nonsense"}).status_code == 422


def test_another_partnership_sees_nothing_internal(
    client, other_partnership_officer, public_one, draft, internal
):
    client.force_login(other_partnership_officer)
    page = _register(client)
    assert "Secret gangs matrix draft" not in page
    assert "Internal troubled families list" not in page
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert _api(client) == ["Community safety data sharing"]


def test_the_signed_copy_follows_its_agreement(client, administrator, public_one, internal):
    public_copy = _upload(public_one, administrator)
    hidden_copy = _upload(internal, administrator)
    response = client.get(public_copy.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(hidden_copy.get_absolute_url()).status_code == 404
    client.force_login(administrator)
    assert client.get(hidden_copy.get_absolute_url()).status_code == 200


def test_the_public_agreements_page_names_non_partner_parties_to_members_only(
    client, board_member, partnership, council
):
    secret = OrganisationFactory(
        partnership=partnership, name="Hidden Housing Trust", is_partner=False
    )
    agreement = SharingAgreementFactory(
        partnership=partnership, lead_organisation=council, parties=[secret]
    )
    assert "Hidden Housing Trust" not in client.get(agreement.get_absolute_url()).content.decode()
    assert "Hidden Housing Trust" not in _register(client)
    client.force_login(board_member)
    assert "Hidden Housing Trust" in client.get(agreement.get_absolute_url()).content.decode()


def _post(**extra):
    data = {
        "title": "Early help data sharing",
        "purpose": "To offer families help early",
        "bases_art6": ["art6_e"],
        "bases_gateway": ["gateway_ca2004_s10"],
        "status": "in_force",
        "start_date": "2026-04-01",
        "review_date": "2027-03-31",
        "data_categories": "Names\nAddresses",
        "is_public": "on",
    }
    data.update(extra)
    return data


def test_an_editor_adds_an_agreement_for_their_organisation(client, officer, council, police):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:agreement-add"))
    assert client.get(url).status_code == 200
    response = client.post(
        url, _post(lead_organisation=council.pk, parties=[council.pk, police.pk])
    )
    assert response.status_code == 302
    saved = SharingAgreement.objects.get()
    assert saved.basis_list == ["art6_e", "gateway_ca2004_s10"]
    assert saved.is_public
    assert saved.category_list == ["Names", "Addresses"]


def test_the_form_refuses_one_party_and_no_basis_naming_the_fields(client, officer, council):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:agreement-add"))
    data = _post(lead_organisation=council.pk, parties=[council.pk], bases_art6=[])
    data.pop("bases_gateway")
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least 2 organisations that share the data (1 chosen)" in page
    assert "Choose at least one lawful basis" in page
    assert not SharingAgreement.objects.exists()


def test_the_form_refuses_special_category_data_without_an_article_9_condition(
    client, officer, council, police
):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:agreement-add"))
    data = _post(
        lead_organisation=council.pk, parties=[council.pk, police.pk], special_category="on"
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Special category data needs an Article 9 condition" in response.content.decode()
    # Beside the Article 9 conditions, where the answer is, not the Article 6 bases.
    errors = response.context["form"].errors
    assert "bases_art6" not in errors
    assert errors["bases_art9"][0].startswith("Special category data needs")


def test_members_cannot_add_or_edit_agreements(client, board_member, public_one):
    client.force_login(board_member)
    assert client.get(under("ealing", reverse("engagement:agreement-add"))).status_code == 403
    edit = under("ealing", reverse("engagement:agreement-edit", args=[public_one.pk]))
    assert client.get(edit).status_code == 403


def test_the_public_is_asked_to_sign_in_to_add_one(client, partnership):
    response = client.get(under("ealing", reverse("engagement:agreement-add")))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_an_editor_edits_their_organisations_agreement_but_not_anothers(
    client, officer, partnership, public_one, police
):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:agreement-edit", args=[public_one.pk]))
    page = client.get(url).content.decode()
    assert 'value="art6_e" checked' in page
    assert 'value="gateway_cda1998_s115" checked' in page
    assert 'value="art6_a" checked' not in page
    hospital = OrganisationFactory(partnership=partnership)
    theirs = SharingAgreementFactory(
        partnership=partnership, lead_organisation=police, parties=[hospital]
    )
    edit = under("ealing", reverse("engagement:agreement-edit", args=[theirs.pk]))
    assert client.get(edit).status_code == 403


def test_an_editor_uploads_the_signed_copy(client, officer, public_one):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:agreement-upload", args=[public_one.pk]))
    upload = SimpleUploadedFile("signed.pdf", pdf_with_text("Signed"), "application/pdf")
    assert client.post(url, {"document": upload}).status_code == 302
    assert public_one.documents.get().filename == "signed.pdf"
    bad = SimpleUploadedFile("signed.pdf", b"not a pdf", "application/pdf")
    response = client.post(url, {"document": bad})
    assert response.status_code == 400
    assert "is not a PDF" in response.content.decode()


def test_a_member_cannot_upload_the_signed_copy(client, board_member, public_one):
    client.force_login(board_member)
    url = under("ealing", reverse("engagement:agreement-upload", args=[public_one.pk]))
    upload = SimpleUploadedFile("signed.pdf", pdf_with_text("Signed"), "application/pdf")
    assert client.post(url, {"document": upload}).status_code == 403
    assert not public_one.documents.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_the_register_costs_the_same_queries_for_2_and_20(
    client, partnership, council, police, django_assert_num_queries, n
):
    for _ in range(n):
        SharingAgreementFactory(
            partnership=partnership, lead_organisation=council, parties=[police]
        )
    url = under("ealing", reverse("engagement:agreements"))
    # partnership, agreements, their parties
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count("Sharing agreement ") == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_api_costs_the_same_queries_for_2_and_20(
    client, partnership, council, police, django_assert_num_queries, n
):
    for _ in range(n):
        SharingAgreementFactory(
            partnership=partnership, lead_organisation=council, parties=[police]
        )
    # partnership, count, agreements, parties, documents, the slug for the addresses
    with django_assert_num_queries(6):
        assert len(_api(client)) == n


def test_a_bodys_page_lists_what_it_owns_as_the_user_may_see_it(
    client, board_member, partnership, council, police
):
    body = BodyFactory(partnership=partnership, name="Safer Ealing Partnership")
    SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=council,
        parties=[police],
        owner_body=body,
        title="Owned public agreement",
    )
    SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=council,
        parties=[police],
        owner_body=body,
        title="Owned internal agreement",
        is_public=False,
    )
    ConsultationFactory(
        partnership=partnership, lead_organisation=council, owner_body=body, title="Owned open one"
    )
    ConsultationFactory(
        partnership=partnership,
        lead_organisation=council,
        owner_body=body,
        title="Owned planned one",
        status="planned",
    )
    page = client.get(body.get_absolute_url()).content.decode()
    assert "Owned public agreement" in page
    assert "Owned open one" in page
    assert "Owned internal agreement" not in page
    assert "Owned planned one" not in page
    client.force_login(board_member)
    page = client.get(body.get_absolute_url()).content.decode()
    assert "Owned internal agreement" in page
    assert "Owned planned one" in page


def test_a_body_that_owns_nothing_has_no_section(client, partnership):
    body = BodyFactory(partnership=partnership)
    page = client.get(body.get_absolute_url()).content.decode()
    assert "Consultations and information-sharing agreements" not in page


def test_a_consultation_links_to_its_body_and_meetings(client, administrator, partnership, council):
    body = BodyFactory(partnership=partnership, name="Southall Forum")
    meeting = MeetingFactory(body=body)
    url = under("ealing", reverse("engagement:consultation-add"))
    client.force_login(administrator)
    form = client.get(url).content.decode()
    assert str(meeting) in form
    response = client.post(
        url,
        {
            "title": "Southall town centre",
            "status": "open",
            "opens": "2026-03-16",
            "closes": "2026-04-10",
            "lead_organisation": council.pk,
            "owner_body": body.pk,
            "meetings": [meeting.pk],
        },
    )
    assert response.status_code == 302
    consultation = partnership.consultations.get()
    assert consultation.owner_body == body
    assert list(consultation.meetings.all()) == [meeting]
    client.logout()
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Southall Forum" in page
    assert meeting.get_absolute_url() in page


def test_a_consultation_cannot_link_another_partnerships_meeting(
    client, administrator, partnership, other_partnership, council
):
    theirs = MeetingFactory(body=BodyFactory(partnership=other_partnership))
    client.force_login(administrator)
    response = client.post(
        under("ealing", reverse("engagement:consultation-add")),
        {
            "title": "Southall town centre",
            "status": "open",
            "opens": "2026-03-16",
            "closes": "2026-04-10",
            "lead_organisation": council.pk,
            "meetings": [theirs.pk],
        },
    )
    assert response.status_code == 400
    assert not partnership.consultations.exists()


def test_the_history_tab_is_for_the_partnerships_people(
    client, board_member, other_partnership_officer, public_one
):
    url = under("ealing", reverse("engagement:agreement-history", args=[public_one.pk]))
    assert client.get(url).status_code == 302  # the public: sign in
    client.force_login(other_partnership_officer)
    assert client.get(url).status_code == 403
    client.force_login(board_member)
    response = client.get(url)
    assert response.status_code == 200
    assert "Community safety data sharing" in response.content.decode()


def test_the_site_search_finds_agreements_as_the_user_may_see_them(
    client, board_member, public_one, draft, internal
):
    def found(query):
        page = client.get(reverse("search"), {"q": query, "partnership": "ealing"})
        return page.content.decode()

    assert "Community safety data sharing" in found("community safety")
    assert "Secret gangs matrix draft" not in found("gangs matrix")
    assert "Internal troubled families list" not in found("troubled families")
    client.force_login(board_member)
    assert "Secret gangs matrix draft" in found("gangs matrix")
    assert "Internal troubled families list" in found("troubled families")
