"""The History tabs of stakeholders, contacts and consultations: who changed what,
for the partnership's own signed-in people only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement import services
from roundtable.engagement.tests.factories import (
    ConsultationFactory,
    ContactFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(partnership, council):
    stakeholder = StakeholderFactory(
        partnership=partnership, organisation__name="Zoological Society of London"
    )
    return ContactFactory(
        stakeholder=stakeholder,
        from_organisation=council,
        planned=True,
        date=datetime.date(2026, 3, 1),
        topic="Summer events",
    )


def history(client, name, pk):
    return client.get(under("ealing", reverse(f"engagement:{name}-history", args=[pk])))


def test_a_contact_marked_done_shows_who_did_it_and_what_changed(client, administrator, contact):
    services.mark_contact_done(
        administrator,
        contact,
        date=datetime.date(2026, 3, 2),
        today=datetime.date(2026, 3, 3),
        outcome="Agreed a joint stall",
    )
    client.force_login(administrator)
    page = history(client, "contact", contact.pk).content.decode()
    assert "Marked done" in page
    assert "Agreed a joint stall" in page
    assert "Contact with Zoological Society of London on 2 March 2026" in page


def test_the_stakeholder_page_links_its_history_and_each_contacts(client, board_member, contact):
    client.force_login(board_member)
    stakeholder = contact.stakeholder
    page = client.get(
        under("ealing", reverse("engagement:stakeholder-detail", args=[stakeholder.pk]))
    ).content.decode()
    assert reverse("engagement:stakeholder-history", args=[stakeholder.pk]) in page
    assert reverse("engagement:contact-history", args=[contact.pk]) in page
    assert history(client, "stakeholder", stakeholder.pk).status_code == 200


@pytest.mark.parametrize("name", ["stakeholder", "contact"])
def test_the_public_and_another_partnership_get_no_history_of_the_log(
    client, other_partnership_officer, contact, name
):
    pk = contact.stakeholder.pk if name == "stakeholder" else contact.pk
    response = history(client, name, pk)
    assert response.status_code in (302, 404)
    assert "Summer events" not in response.content.decode()
    client.force_login(other_partnership_officer)
    response = history(client, name, pk)
    assert response.status_code in (403, 404)
    assert "Summer events" not in response.content.decode()


def test_an_open_consultations_history_is_for_the_partnerships_people_only(
    client, board_member, other_partnership_officer, partnership, council
):
    consultation = ConsultationFactory(
        partnership=partnership, lead_organisation=council, title="Southall Big Conversation"
    )
    detail = under("ealing", reverse("engagement:consultation-detail", args=[consultation.pk]))
    history_url = reverse("engagement:consultation-history", args=[consultation.pk])
    # The public reads the consultation, with no History tab, and is sent to sign in.
    assert history_url not in client.get(detail).content.decode()
    assert history(client, "consultation", consultation.pk).status_code == 302
    client.force_login(other_partnership_officer)
    assert history(client, "consultation", consultation.pk).status_code == 403
    client.force_login(board_member)
    assert history_url in client.get(detail).content.decode()
    page = history(client, "consultation", consultation.pk)
    assert page.status_code == 200
    assert "Southall Big Conversation" in page.content.decode()
    assert "Created" in page.content.decode()
