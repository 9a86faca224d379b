"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.engagement.choices import AgreementStatus, ConsultationStatus, Method
from roundtable.engagement.models import (
    Assessment,
    Consultation,
    Contact,
    EngagementSettings,
    SharingAgreement,
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


class SharingAgreementFactory(factory.django.DjangoModelFactory):
    """In force and public, between its lead organisation and one other partner
    (pass `parties=[...]` to choose them; the lead is always added)."""

    class Meta:
        model = SharingAgreement
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    lead_organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    title = factory.Sequence(lambda n: f"Sharing agreement {n}")
    purpose = "To plan services for families together."
    lawful_bases = ";art6_e;gateway_cda1998_s115;"
    data_categories = "Names and addresses"
    retention = "Two years"
    start_date = datetime.date(2026, 1, 1)
    review_date = datetime.date(2027, 1, 1)
    status = AgreementStatus.IN_FORCE
    is_public = True

    @factory.post_generation
    def parties(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        others = (
            list(extracted)
            if extracted is not None
            else [OrganisationFactory(partnership=self.partnership)]
        )
        self.parties.set([self.lead_organisation, *others])
