"""Contacts and consultations linked to bodies, meetings and projects (issue 13, item
6): only the partnership's own records may be linked, and each link is shown only to
those who may see the linked record; a project's and a meeting's page list what
links to them, the contact log to the partnership's own people only."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roundtable.core.forms import checkbox_groups
from roundtable.core.testing import under
from roundtable.engagement import services
from roundtable.engagement.models import Consultation, Contact
from roundtable.engagement.tests.factories import (
    ConsultationFactory,
    ContactFactory,
    StakeholderFactory,
)
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def zsl(partnership, council):
    return StakeholderFactory(
        partnership=partnership, organisation__name="Zoological Society of London"
    )


@pytest.fixture
def southall(partnership, council):
    return ProjectFactory(
        partnership=partnership, lead_organisation=council, title="Southall regeneration"
    )


@pytest.fixture
def secret_project(partnership, council):
    return ProjectFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Unannounced depot sale",
        is_published=False,
    )


@pytest.fixture
def strangers_project(other_partnership):
    return ProjectFactory(partnership=other_partnership, title="Warwick canal path")


def _log(actor, zsl, council, **links):
    return services.log_contact(
        actor,
        Contact(),
        stakeholder=zsl,
        date=D(2026, 3, 2),
        from_organisation=council,
        method="meeting",
        topic="Zoo car park",
        today=D(2026, 3, 10),
        **links,
    )


def test_a_contact_links_to_bodies_meetings_and_projects_of_its_partnership(
    officer, zsl, council, southall, partnership
):
    body = BodyFactory(partnership=partnership, name="Regeneration Board")
    meeting = MeetingFactory(body=body)
    contact = _log(officer, zsl, council, bodies=[body], meetings=[meeting], projects=[southall])
    assert list(contact.bodies.all()) == [body]
    assert list(contact.meetings.all()) == [meeting]
    assert list(contact.projects.all()) == [southall]


@pytest.mark.parametrize("field", ["bodies", "meetings", "projects"])
def test_a_contact_cannot_link_another_partnerships_record(
    officer, zsl, council, other_partnership, field
):
    stranger = {
        "bodies": lambda: BodyFactory(partnership=other_partnership),
        "meetings": lambda: MeetingFactory(body=BodyFactory(partnership=other_partnership)),
        "projects": lambda: ProjectFactory(partnership=other_partnership),
    }[field]()
    with pytest.raises(ValidationError) as raised:
        _log(officer, zsl, council, **{field: [stranger]})
    assert f"{field}: " in raised.value.message_dict[field][0]
    assert "not of this partnership" in raised.value.message_dict[field][0]
    assert not Contact.objects.exists()


def test_editing_a_contact_without_links_keeps_them(officer, zsl, council, southall):
    contact = _log(officer, zsl, council, projects=[southall])
    _log(officer, zsl, council)  # another, unlinked
    services.log_contact(
        officer,
        contact,
        stakeholder=zsl,
        date=D(2026, 3, 3),
        from_organisation=council,
        method="call",
        topic="Zoo car park, again",
        today=D(2026, 3, 10),
    )
    assert list(contact.projects.all()) == [southall]


def test_a_crafted_contact_post_naming_another_partnerships_project_is_refused(
    client, officer, zsl, council, strangers_project
):
    client.force_login(officer)
    response = client.post(
        under("ealing", reverse("engagement:contact-add")),
        {
            "stakeholder": zsl.pk,
            "planned": "0",
            "date": "2026-03-02",
            "from_organisation": council.pk,
            "method": "meeting",
            "topic": "Canal path",
            "projects": [strangers_project.pk],
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_crafted_consultation_post_naming_another_partnerships_project_is_refused(
    client, officer, council, strangers_project
):
    client.force_login(officer)
    response = client.post(
        under("ealing", reverse("engagement:consultation-add")),
        {
            "title": "Canal path survey",
            "lead_organisation": council.pk,
            "status": "open",
            "opens": "2026-03-02",
            "closes": "2026-04-02",
            "projects": [strangers_project.pk],
        },
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_save_consultation_refuses_another_partnerships_project(
    officer, partnership, council, strangers_project
):
    with pytest.raises(ValidationError) as raised:
        services.save_consultation(
            officer,
            Consultation(),
            partnership=partnership,
            title="Canal path survey",
            lead_organisation=council,
            opens=D(2026, 3, 2),
            closes=D(2026, 4, 2),
            status="open",
            projects=[strangers_project],
        )
    assert raised.value.message_dict["projects"][0].startswith("projects: Warwick canal path")
    assert not Consultation.objects.exists()


def test_the_timeline_shows_what_a_contact_concerns(
    client, board_member, zsl, council, southall, partnership
):
    body = BodyFactory(partnership=partnership, name="Regeneration Board")
    contact = ContactFactory(stakeholder=zsl, from_organisation=council)
    contact.bodies.set([body])
    contact.projects.set([southall])
    client.force_login(board_member)
    page = client.get(zsl.get_absolute_url()).content.decode()
    assert "Regeneration Board" in page
    assert "Southall regeneration" in page


def test_the_consultation_page_names_a_project_only_to_those_who_may_see_it(
    client, board_member, partnership, council, southall, secret_project
):
    consultation = ConsultationFactory(partnership=partnership, lead_organisation=council)
    consultation.projects.set([southall, secret_project])
    public = client.get(consultation.get_absolute_url()).content.decode()
    assert "Southall regeneration" in public
    assert "Unannounced depot sale" not in public
    client.force_login(board_member)
    internal = client.get(consultation.get_absolute_url()).content.decode()
    assert "Unannounced depot sale" in internal


@pytest.fixture
def engaged(partnership, council, zsl, southall):
    """A public and a planned consultation and a contact, all about Southall."""
    public = ConsultationFactory(
        partnership=partnership, lead_organisation=council, title="Southall engagement"
    )
    planned = ConsultationFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Secret ward panel plan",
        status="planned",
    )
    contact = ContactFactory(
        stakeholder=zsl, from_organisation=council, topic="Canary topic about the zoo"
    )
    for record in (public, planned, contact):
        record.projects.set([southall])
    return public, planned, contact


def test_anonymous_project_page_shows_public_consultations_and_nothing_of_the_log(
    client, southall, engaged
):
    page = client.get(southall.get_absolute_url()).content.decode()
    assert "Southall engagement" in page
    assert "Secret ward panel plan" not in page
    assert "Canary topic about the zoo" not in page
    assert "Zoological Society" not in page
    assert "Contacts about it" not in page


def test_another_partnership_sees_nothing_of_the_log_on_the_project_page(
    client, other_partnership_officer, southall, engaged
):
    client.force_login(other_partnership_officer)
    page = client.get(southall.get_absolute_url()).content.decode()
    assert "Southall engagement" in page
    assert "Secret ward panel plan" not in page
    assert "Canary topic about the zoo" not in page


def test_members_see_the_count_and_latest_contacts_about_a_project(
    client, board_member, southall, engaged
):
    client.force_login(board_member)
    page = client.get(southall.get_absolute_url()).content.decode()
    assert "Secret ward panel plan" in page
    assert "1 contact with stakeholders concerns this project" in page
    assert "Canary topic about the zoo" in page


def test_a_project_with_no_engagement_has_no_section(client, board_member, southall):
    client.force_login(board_member)
    page = client.get(southall.get_absolute_url()).content.decode()
    assert '<h2 class="govuk-heading-m">Engagement</h2>' not in page


@pytest.mark.parametrize("n", [2, 20])
def test_project_page_queries_do_not_grow_with_linked_records(
    client, board_member, partnership, council, zsl, southall, django_assert_num_queries, n
):
    for i in range(n):
        ConsultationFactory(partnership=partnership, lead_organisation=council).projects.set(
            [southall]
        )
        ContactFactory(stakeholder=zsl, from_organisation=council, topic=f"T{i}").projects.set(
            [southall]
        )
    client.force_login(board_member)
    url = southall.get_absolute_url()  # its own address, under the slug
    assert url.startswith("/ealing/")
    client.get(url)
    # Engagement's section: the consultations serving it, the count of contacts
    # about it, the latest five (with stakeholder and organisation); the rest is
    # the project page's own (pinned in projects' tests).
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        response = client.get(url)
    assert f"{n} contacts with stakeholders concern this project" in response.content.decode()


PROJECT_PAGE_QUERIES = 17


def test_the_meeting_page_lists_linked_consultations_as_the_reader_may_see_them(
    client, board_member, partnership, council
):
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership))
    public = ConsultationFactory(
        partnership=partnership, lead_organisation=council, title="Southall engagement"
    )
    planned = ConsultationFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Secret ward panel plan",
        status="planned",
    )
    public.meetings.set([meeting])
    planned.meetings.set([meeting])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Consultations discussed" in page
    assert "Southall engagement" in page
    assert "Secret ward panel plan" not in page
    client.force_login(board_member)
    assert "Secret ward panel plan" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_contacts_api_gives_the_links(client, board_member, zsl, council, partnership):
    body = BodyFactory(partnership=partnership, name="Regeneration Board")
    meeting = MeetingFactory(
        body=body, start=timezone.make_aware(datetime.datetime(2026, 2, 12, 18))
    )
    project = ProjectFactory(partnership=partnership, title="Southall regeneration")
    contact = ContactFactory(stakeholder=zsl, from_organisation=council)
    contact.bodies.set([body])
    contact.meetings.set([meeting])
    contact.projects.set([project])
    client.force_login(board_member)
    row = client.get("/api/v1/engagement/contacts", {"partnership": "ealing"}).json()["items"][0]
    assert row["bodies"] == ["Regeneration Board"]
    assert row["meetings"] == ["2026-02-12 Regeneration Board"]
    assert row["projects"] == ["Southall regeneration"]


def test_anonymous_callers_get_nothing_of_the_log_from_the_api(client, southall, engaged):
    assert client.get("/api/v1/engagement/contacts", {"partnership": "ealing"}).status_code == 401


def test_the_consultations_api_names_only_projects_the_caller_may_see(
    client, partnership, council, southall, secret_project
):
    consultation = ConsultationFactory(partnership=partnership, lead_organisation=council)
    consultation.projects.set([southall, secret_project])
    rows = client.get("/api/v1/consultations", {"partnership": "ealing"}).json()["items"]
    assert rows[0]["projects"] == ["Southall regeneration"]


def test_the_forms_offer_meetings_by_body_newest_first_as_checkboxes(
    client, officer, partnership, southall
):
    """Not a select that takes several choices (Ctrl-click, and on a phone hardly at
    all): a details component a body, its meetings newest first."""
    board = BodyFactory(partnership=partnership, name="LSP Executive Board")
    group = BodyFactory(partnership=partnership, name="Think Family Board")
    for body, day in ((board, 16), (group, 20), (board, 21)):
        MeetingFactory(
            body=body,
            partnership=partnership,
            start=timezone.make_aware(datetime.datetime(2012, 1, day, 17)),
        )
    client.force_login(officer)
    for name in ("engagement:contact-add", "engagement:consultation-add"):
        response = client.get(under("ealing", reverse(name)))
        groups = checkbox_groups(response.context["form"]["meetings"])
        assert [(g.name, [o["label"] for o in g.options]) for g in groups] == [
            (
                "LSP Executive Board",
                ["LSP Executive Board, 21 January 2012", "LSP Executive Board, 16 January 2012"],
            ),
            ("Think Family Board", ["Think Family Board, 20 January 2012"]),
        ]
        html = response.content.decode()
        assert not re.search(r"<select[^>]*\bmultiple", html)
        assert f'type="checkbox" value="{southall.pk}"' in html  # projects: checkboxes


def test_the_consultation_form_offers_partners_and_other_organisations_apart(
    client, officer, partnership, council
):
    OrganisationFactory(partnership=partnership, name="Quiet Trust", is_partner=False)
    client.force_login(officer)
    response = client.get(under("ealing", reverse("engagement:consultation-add")))
    groups = checkbox_groups(response.context["form"]["organisations"])
    assert [(g.name, [o["label"] for o in g.options]) for g in groups] == [
        ("Partners", [str(council)]),
        ("Other organisations", ["Quiet Trust"]),
    ]
