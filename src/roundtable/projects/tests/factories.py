"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.projects.choices import ProjectStatus
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk


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


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due = datetime.date(2012, 3, 31)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    project = factory.SubFactory(ProjectFactory)
    description = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 4


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    date = datetime.date(2012, 1, 16)
    rag = "amber"
    narrative = factory.Sequence(lambda n: f"Update narrative {n}")
