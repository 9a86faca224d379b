"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.projects.choices import ProjectStatus
from roundtable.projects.models import Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    lead_organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    start = datetime.date(2011, 4, 1)
    status = ProjectStatus.ACTIVE
    is_published = True
