from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.core.dates import example_date_text
from roundtable.partnership.models import Body, Membership, Organisation
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TermsOfReferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive Board", slug="ealing-exec")


@pytest.fixture
def bell(partnership, council):
    return PersonFactory(
        partnership=partnership,
        organisation=council,
        honorific="Cllr",
        given_name="Julian",
        family_name="Bell",
        job_title="Leader of London Borough of Ealing",
        email="julian.bell@example.org",
        phone="020 0000 0000",
    )


def membership_data(person, organisation, role="member", **extra):
    return {
        "person": person.pk,
        "role": role,
        "organisation": organisation.pk,
        "title": "",
        "start_date": "",
        "end_date": "",
        "notes": "",
        **extra,
    }


# Public pages ------------------------------------------------------------------


def test_anonymous_visitor_reads_the_body_page_with_its_members(session, board, bell, council):
    MembershipFactory(body=board, person=bell, organisation=council, role="chair")
    response = session.get(reverse("partnership:body-detail", args=[board.slug]))
    assert response.status_code == 200
    assert "Cllr Julian Bell" in response.text
    assert "Chair" in response.text
    assert "Add a member" not in response.text


def test_contact_details_are_hidden_from_anonymous_visitors(session, bell):
    response = session.get(bell.get_absolute_url())
    assert "julian.bell@example.org" not in response.text
    assert "Sign in" in response.text


def test_contact_details_are_shown_to_signed_in_users(client, board_member, bell):
    client.force_login(board_member)
    response = client.get(bell.get_absolute_url())
    assert "julian.bell@example.org" in response.text


def test_past_members_stay_visible_as_history(session, board, bell, council):
    MembershipFactory(
        body=board,
        person=bell,
        organisation=council,
        start_date=datetime.date(2009, 1, 1),
        end_date=datetime.date(2010, 5, 1),
    )
    response = session.get(board.get_absolute_url())
    assert "Past members (1)" in response.text
    assert "No current members are recorded." in response.text


def test_structure_chart_shows_reporting_lines_and_chairs_without_javascript(
    session, partnership, board, bell, council
):
    child = BodyFactory(partnership=partnership, name="Southall Project Board", parent=board)
    MembershipFactory(body=board, person=bell, organisation=council, role="chair")
    response = session.get(reverse("partnership:structure"))
    text = response.text
    assert text.index("LSP Executive Board") < text.index(child.name)
    assert "Chair: Cllr Julian Bell (Ealing Council)" in text
    assert "<script" not in text.split("<main")[1].split("</main>")[0]


def test_structure_chart_uses_constant_queries(session, partnership, django_assert_max_num_queries):
    def chart_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            session.get(reverse("partnership:structure"))
        return len(context)

    parent = BodyFactory(partnership=partnership)
    BodyFactory.create_batch(2, partnership=partnership, parent=parent)
    small = chart_queries()
    BodyFactory.create_batch(20, partnership=partnership, parent=parent)
    assert chart_queries() == small


def test_terms_of_reference_show_each_section_and_older_versions(session, board):
    TermsOfReferenceFactory(body=board, version=1, purpose="Old purpose")
    TermsOfReferenceFactory(body=board, version=2, purpose="Practically deliver the SCS")
    url = reverse("partnership:body-terms", args=[board.slug])
    latest = session.get(url)
    assert "Practically deliver the SCS" in latest.text
    assert "Members&#x27; role" in latest.text
    old = session.get(url, {"version": "1"})
    assert "Old purpose" in old.text
    assert "Superseded" in old.text
    assert session.get(url, {"version": "9"}).status_code == 404


def test_search_finds_organisations_people_and_bodies(session, board, bell, council):
    response = session.get(reverse("search"), {"q": "ealing"})
    assert "Ealing Council" in response.text
    response = session.get(reverse("search"), {"q": "julian bell"})
    assert "Cllr Julian Bell" in response.text
    response = session.get(reverse("search"), {"q": "executive"})
    assert "LSP Executive Board" in response.text


def test_unknown_records_are_404(session):
    assert session.get("/partnership/bodies/no-such-body/").status_code == 404
    assert session.get("/partnership/people/999999/").status_code == 404


# Denials -----------------------------------------------------------------------


def test_anonymous_user_is_refused_the_edit_page_and_sent_to_sign_in(session, board):
    response = session.get(reverse("partnership:body-edit", args=[board.slug]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_post_to_add_a_member_writes_nothing(session, board, bell, council):
    response = session.post(
        reverse("partnership:membership-add", args=[board.slug]), membership_data(bell, council)
    )
    assert response.status_code == 302
    assert not Membership.objects.exists()


def test_board_member_cannot_edit_a_body(client, board_member, board):
    client.force_login(board_member)
    response = client.post(reverse("partnership:body-edit", args=[board.slug]), {"name": "X"})
    assert response.status_code == 403
    board.refresh_from_db()
    assert board.name == "LSP Executive Board"


def test_editor_cannot_edit_another_organisation(client, officer, police):
    client.force_login(officer)
    response = client.get(reverse("partnership:organisation-edit", args=[police.pk]))
    assert response.status_code == 403


def test_editor_cannot_add_a_seat_for_another_organisation(client, officer, board, police):
    constable = PersonFactory(partnership=board.partnership, organisation=police)
    client.force_login(officer)
    response = client.post(
        reverse("partnership:membership-add", args=[board.slug]),
        membership_data(constable, police),
    )
    # Every seat gives access to the board's papers: editors add none (#10).
    assert response.status_code == 403
    assert "can add, change or end a seat on it" in response.text
    assert not Membership.objects.exists()


def test_administrator_of_another_partnership_cannot_edit_this_one(
    client, other_partnership_officer, council
):
    client.force_login(other_partnership_officer)
    response = client.get(reverse("partnership:organisation-edit", args=[council.pk]))
    assert response.status_code == 403


def test_only_administrators_may_import(client, officer, session):
    client.force_login(officer)
    client.get("/", {"partnership": "ealing"})
    assert client.get(reverse("partnership:import")).status_code == 403


def test_history_tab_needs_a_signed_in_user(session, council):
    response = session.get(reverse("partnership:organisation-history", args=[council.pk]))
    assert response.status_code == 302


# Grants ------------------------------------------------------------------------


def test_editor_edits_their_own_organisation_and_history_records_who(client, officer, council):
    client.force_login(officer)
    url = reverse("partnership:organisation-edit", args=[council.pk])
    response = client.post(
        url,
        {
            "name": "Ealing Council",
            "short_name": "LBE",
            "sector": "public",
            "type": "Local authority",
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("partnership:organisation-history", args=[council.pk]))
    assert "Changed" in history.text
    assert "officer" in history.text
    assert "Local authority" in history.text


def test_administrator_adds_a_member_through_htmx_and_sees_the_table_update(
    client, administrator, board, bell, council
):
    client.force_login(administrator)
    url = reverse("partnership:membership-add", args=[board.slug])
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert "<html" not in form.text
    response = client.post(
        url, membership_data(bell, council, role="chair"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'hx-swap-oob="outerHTML"' in response.text
    assert "Cllr Julian Bell added as chair" in response.text
    assert Membership.objects.get().role == "chair"


def test_the_membership_forms_role_asks_for_a_role_in_words(client, administrator, board):
    client.force_login(administrator)
    form = client.get(reverse("partnership:membership-add", args=[board.slug])).text
    select = form[form.index('name="role"') : form.index("</select>", form.index('name="role"'))]
    assert '<option value="" selected>Choose a role</option>' in select
    assert "---------" not in select
    assert '<option value="chair">' in select


def test_membership_form_errors_name_the_field_and_save_nothing(
    client, administrator, board, bell, council
):
    client.force_login(administrator)
    response = client.post(
        reverse("partnership:membership-add", args=[board.slug]),
        membership_data(bell, council, start_date="24/10/2011", end_date="01/01/2011"),
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "The end date must be the same as or after the start date" in response.text
    assert not Membership.objects.exists()


def test_membership_form_rejects_an_impossible_date(client, administrator, board, bell, council):
    client.force_login(administrator)
    response = client.post(
        reverse("partnership:membership-add", args=[board.slug]),
        membership_data(bell, council, start_date="31/02/2011"),
    )
    assert (
        f"Start date must be a real date, like {example_date_text(timezone.localdate(), past=True)}"
        in response.text
    )


def test_administrator_adds_an_organisation(client, administrator, session):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("partnership:organisation-add"),
        {"name": "Ealing CVS", "sector": "voluntary", "type": "Council for voluntary service"},
    )
    organisation = Organisation.objects.get(name="Ealing CVS")
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.slug == "ealing-cvs"


def test_organisation_form_reports_a_missing_sector(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(reverse("partnership:organisation-add"), {"name": "Ealing CVS"})
    assert response.status_code == 400  # a form with errors, as every form page answers
    assert "Select the sector" in response.text


def test_a_taken_organisation_name_is_refused_at_its_field_not_a_500(
    client, administrator, council
):
    # The name is unique within the partnership, a field the form does not show:
    # Django's form check skipped that constraint and the service's refusal was a 500.
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("partnership:organisation-add"), {"name": council.name, "sector": "public"}
    )
    assert response.status_code == 400
    assert '<a href="#id_name">There is already an organisation with this name.</a>' in (
        response.text
    )
    assert Organisation.objects.filter(name=council.name).count() == 1


def test_renaming_an_organisation_to_a_taken_name_is_refused_at_its_field(
    client, administrator, council, partnership
):
    other = OrganisationFactory(partnership=partnership, name="Ealing CVS")
    client.force_login(administrator)
    response = client.post(
        reverse("partnership:organisation-edit", args=[other.pk]),
        {"name": council.name, "sector": "voluntary"},
    )
    assert response.status_code == 400
    assert '<a href="#id_name">There is already an organisation with this name.</a>' in (
        response.text
    )


def test_a_taken_body_name_is_refused_at_its_field_not_a_500(client, administrator, board):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("partnership:body-add"), {"name": board.name, "kind": "executive_board"}
    )
    assert response.status_code == 400
    assert '<a href="#id_name">There is already a body with this name.</a>' in response.text


def test_a_taken_unit_name_is_refused_at_its_field_not_a_500(client, administrator, council):
    from roundtable.partnership.models import Unit

    Unit.objects.create(organisation=council, partnership=council.partnership, name="Housing")
    client.force_login(administrator)
    response = client.post(reverse("partnership:unit-add", args=[council.pk]), {"name": "Housing"})
    assert response.status_code == 400
    assert (
        '<a href="#id_name">This organisation already has a unit with this name.</a>'
        in response.text
    )


def test_the_same_name_in_another_partnership_is_no_clash(client, administrator, council):
    from roundtable.partnership.tests.factories import PartnershipFactory

    elsewhere = PartnershipFactory(slug="warwick", name="Warwick Partnership")
    OrganisationFactory(partnership=elsewhere, name="Ealing CVS")
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("partnership:organisation-add"), {"name": "Ealing CVS", "sector": "voluntary"}
    )
    assert response.status_code == 302


def test_a_new_bodys_slug_does_not_repeat_the_partnerships_name(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("partnership:body-add"), {"name": "Ealing Youth Forum", "kind": "network"}
    )
    assert response.status_code == 302
    assert Body.objects.get(name="Ealing Youth Forum").slug == "ealing-youth-forum"


def test_editing_a_body_keeps_its_slug(client, administrator, partnership):
    body = BodyFactory(
        partnership=partnership, name="Ealing Youth Forum", slug="ealing-ealing-youth-forum"
    )
    client.force_login(administrator)
    response = client.post(
        reverse("partnership:body-edit", args=[body.slug]),
        {"name": "Ealing Youth Forum", "kind": "network", "description": "Young people"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.slug, body.description) == ("ealing-ealing-youth-forum", "Young people")


def test_the_body_form_offers_the_types_of_body_and_no_blank_one(client, administrator):
    # A required radio group: Django's "---------" choice was drawn as a radio, ticked.
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    page = client.get(reverse("partnership:body-add")).text
    assert "---------" not in page
    assert 'id="id_kind_0" name="kind" type="radio" value="executive_board"' in page
    response = client.post(reverse("partnership:body-add"), {"name": "LSP Board"})
    assert '<a href="#id_kind_0">Select the type of body</a>' in response.text


def test_a_new_partnerships_empty_lists_say_nothing_is_added_yet_not_that_nothing_matches(
    client, administrator
):
    # A new partnership's administrator, before any filter: "No organisations match."
    # read as if a search had failed.
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    for name, empty in (
        ("partnership:organisation-list", "No organisations have been added yet."),
        ("partnership:person-list", "No people have been added yet."),
        ("partnership:body-list", "No boards or groups have been added yet."),
    ):
        page = client.get(reverse(name)).text
        assert empty in page, name
        assert "match." not in page, name
    import_link = '/partnership/import/"'
    assert import_link in client.get(reverse("partnership:person-list")).text
    assert import_link in client.get(reverse("partnership:body-list")).text
    filtered = client.get(reverse("partnership:organisation-list"), {"q": "police"}).text
    assert "No organisations match." in filtered
    assert "No people match." in client.get(reverse("partnership:person-list"), {"q": "x"}).text


def test_the_lists_offer_the_import_to_administrators_only(session, partnership):
    session.get("/", {"partnership": "ealing"})
    import_link = '/partnership/import/"'
    for name in ("partnership:person-list", "partnership:body-list"):
        page = session.get(reverse(name)).text
        assert import_link not in page, name
        assert "one by one" not in page, name


def test_the_terms_of_reference_form_names_its_fields_in_its_errors(client, administrator, board):
    client.force_login(administrator)
    url = reverse("partnership:terms-add", args=[board.slug])
    empty = client.post(url, {"purpose": "", "quorum": ""}).text
    assert (
        '<a href="#id_purpose">Enter at least one section of the terms of reference, '
        "such as the purpose</a>" in empty
    )
    for typed, message in (
        ("-2", "The quorum must be 0 or more seats"),
        ("four", "Enter the quorum as a whole number of seats, like 4"),
    ):
        page = client.post(url, {"purpose": "To lead", "quorum": typed}).text
        assert f'<a href="#id_quorum">{message}</a>' in page, typed
        assert "greater than or equal" not in page


def test_a_form_pages_error_summary_is_drawn_once_above_its_heading(client, administrator):
    # GOV.UK: the error summary at the top of the main container, above the h1.
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    response = client.post(reverse("partnership:organisation-add"), {"name": "Ealing CVS"})
    page = response.text
    assert page.count('class="govuk-error-summary"') == 1
    assert page.index('class="govuk-error-summary"') < page.index("<h1")
    assert '<a href="#id_sector_0">Select the sector</a>' in page


def test_an_import_pages_problems_are_summarised_above_its_heading(client, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    upload = SimpleUploadedFile("orgs.csv", b"name,sector\nEaling CVS,nowhere\n")
    page = client.post(reverse("partnership:import"), {"kind": "", "file": upload}).text
    assert page.count('class="govuk-error-summary"') == 1
    assert page.index('class="govuk-error-summary"') < page.index("<h1")


def test_a_file_that_was_not_imported_says_so_at_its_input_too(client, administrator):
    # GOV.UK: the field an error summary links to shows the error at the field.
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("orgs.csv", b"name,sector\nEaling CVS,nowhere\n")
    page = client.post(reverse("partnership:import"), {"kind": "", "file": upload}).text
    message = "The file was not imported: fix 1 problem and upload it again"
    group = page[page.rindex('<div class="govuk-form-group', 0, page.index('id="id_file"')) :]
    assert group.startswith('<div class="govuk-form-group govuk-form-group--error"')
    error = group[: group.index('id="id_file"')]
    assert message in error
    assert "govuk-error-message" in error
    assert page.count(message) == 2  # the summary's title and the input's message
    assert page.count('class="govuk-error-summary"') == 1
    assert "<title>Error: " in page


def test_administrator_imports_a_csv_upload(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("orgs.csv", b"name,sector\nEaling CVS,voluntary\n")
    response = client.post(reverse("partnership:import"), {"kind": "", "file": upload})
    assert response.status_code == 200
    assert "Imported 1 organisations: 1 added" in response.text


def test_import_upload_lists_every_problem_and_saves_nothing(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "orgs.csv", b"name,sector\nEaling CVS,voluntary\nEaling Hospital,hospital\n,public\n"
    )
    response = client.post(reverse("partnership:import"), {"kind": "organisations", "file": upload})
    assert response.status_code == 400
    assert "Row 3, sector: &#x27;hospital&#x27; is not one of" in response.text
    assert "Row 4, name: enter a value; it is required" in response.text
    assert not Organisation.objects.filter(name="Ealing CVS").exists()


def test_a_people_upload_names_the_row_of_a_bad_email_and_the_address(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "people.csv", b"given_name,family_name,email\nJulian,Bell,\nJo,Bloggs,jo.bloggs@\n"
    )
    response = client.post(reverse("partnership:import"), {"kind": "people", "file": upload})
    assert response.status_code == 400
    assert "Row 3, email: &#x27;jo.bloggs@&#x27; is not an email address" in response.text
    assert "Enter a valid email address" not in response.text


def test_an_upload_over_the_limit_is_refused_with_a_message(client, administrator, settings):
    settings.ROUNDTABLE_MAX_UPLOAD_MB = 1
    client.force_login(administrator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.csv", b"name,sector\n" + b"x" * (2 * 1024 * 1024))
    response = client.post(reverse("partnership:import"), {"file": upload})
    assert response.status_code == 413
    assert "The largest upload allowed is 1 MB" in response.text


def test_other_partnership_organisation_page_shows_that_partnership(
    client, other_partnership, partnership
):
    org = OrganisationFactory(partnership=other_partnership, name="Warwick District Council")
    client.get("/", {"partnership": partnership.slug})
    response = client.get(org.get_absolute_url())
    assert "You are viewing" in response.text
    assert "Warwick Partnership" in response.text


def test_membership_dates_are_taken_in_words(client, administrator, board, bell, council):
    client.force_login(administrator)
    response = client.post(
        reverse("partnership:membership-add", args=[board.slug]),
        membership_data(bell, council, start_date="24 October 2011", end_date="16 January 2027"),
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.start_date, membership.end_date) == (
        datetime.date(2011, 10, 24),
        datetime.date(2027, 1, 16),
    )


def test_the_sections_own_address_leads_to_its_organisations(client, partnership):
    # /ealing/partnership/ was "Page not found", though every page of the section
    # lives under it and people shorten an address to it.
    response = client.get("/ealing/partnership/")
    assert response.status_code == 302
    assert response["Location"] == "/ealing/partnership/organisations/"
