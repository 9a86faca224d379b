"""The demo's links of consultations and contacts to projects, meetings and bodies."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from roundtable.engagement.demo import (
    BIG_CONVERSATION,
    POLICE_CONTACT,
    load_demo_engagement,
    load_demo_engagement_links,
)
from roundtable.engagement.models import Consultation, Contact
from roundtable.engagement.tests.factories import StakeholderFactory
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import (
    BodyFactory,
    OrganisationFactory,
    PartnershipFactory,
)
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


def test_ealing_links_the_big_conversation_to_the_southall_project_and_meeting(partnership):
    OrganisationFactory(partnership=partnership, name="Ealing Council", short_name="LBE")
    load_demo_engagement(partnership)
    southall = ProjectFactory(partnership=partnership, title="Southall")
    body = BodyFactory(partnership=partnership, name="LSP Executive")
    meeting = MeetingFactory(
        body=body, start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0))
    )
    MeetingFactory(body=body, start=timezone.make_aware(datetime.datetime(2011, 10, 24, 17, 0)))
    load_demo_engagement_links(partnership)
    load_demo_engagement_links(partnership)
    consultation = Consultation.objects.get(title=BIG_CONVERSATION)
    assert list(consultation.projects.all()) == [southall]
    assert list(consultation.meetings.all()) == [meeting]
    others = Consultation.objects.exclude(pk=consultation.pk)
    assert not any(c.projects.exists() for c in others)


def test_westminster_links_an_illustrative_police_contact_to_the_cdrp():
    westminster = PartnershipFactory(name="Westminster City Partnership", slug="westminster")
    council = OrganisationFactory(
        partnership=westminster, name="Westminster City Council", short_name="WCC"
    )
    police = StakeholderFactory(partnership=westminster, organisation__name="Metropolitan Police")
    cdrp = BodyFactory(partnership=westminster, name="CDRP", short_name="CDRP")
    load_demo_engagement_links(westminster)
    load_demo_engagement_links(westminster)
    contact = Contact.objects.get()
    assert contact.topic == POLICE_CONTACT
    assert contact.stakeholder == police
    assert contact.from_organisation == council
    assert contact.is_illustrative
    assert list(contact.bodies.all()) == [cdrp]


def test_a_partnership_without_the_records_gets_no_links(other_partnership):
    assert load_demo_engagement_links(other_partnership) == []
