"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.engagement.choices import ConsultationStatus, Method
from roundtable.engagement.models import (
    Assessment,
    Consultation,
    Contact,
    EngagementSettings,
    Stakeholder,
)
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership"), is_partner=False
    )
    modes = ";consultation;"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    stakeholder = factory.SubFactory(StakeholderFactory)
    interest = 4
    influence = 4
    assessed_on = datetime.date(2026, 1, 15)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    stakeholder = factory.SubFactory(StakeholderFactory)
    partnership = factory.SelfAttribute("stakeholder.partnership")
    from_organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    date = datetime.date(2026, 3, 1)
    method = Method.MEETING
    topic = factory.Sequence(lambda n: f"Topic {n}")


class EngagementSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementSettings

    partnership = factory.SubFactory(PartnershipFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    partnership = factory.SubFactory(PartnershipFactory)
    lead_organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    title = factory.Sequence(lambda n: f"Consultation {n}")
    audience = ";residents;"
    opens = datetime.date(2026, 3, 2)
    closes = datetime.date(2026, 4, 26)
    status = ConsultationStatus.OPEN
