"""Factories of commitments: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.projects.choices_commitments import CommitmentKind, CommitmentStatus
from roundtable.projects.models_commitments import (
    Commitment,
    CommitmentAction,
    Evidence,
    Signatory,
)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A published, agreed equality objective; `owners=[...]` sets its owners."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    kind = CommitmentKind.EQUALITY_OBJECTIVE
    text = "Advance equality of opportunity."
    status = CommitmentStatus.AGREED
    is_published = True

    @factory.post_generation
    def owners(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.owner_organisations.set(extracted)


class CommitmentActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentAction

    commitment = factory.SubFactory(CommitmentFactory)
    action = factory.Sequence(lambda n: f"Action {n}")
    due = datetime.date(2012, 4, 1)


class LinkEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    commitment = factory.SubFactory(CommitmentFactory)
    partnership = factory.SelfAttribute("commitment.partnership")
    title = factory.Sequence(lambda n: f"Evidence {n}")
    link = "https://www.ealing.gov.uk/equality"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    commitment = factory.SubFactory(CommitmentFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..commitment.partnership")
    )
    signed_by = factory.Sequence(lambda n: f"Signer {n}")
    role = "Chief Executive"
    signed_on = datetime.date(2012, 6, 27)
