"""Factories of projects' money: each builds a valid record with no arguments."""

from __future__ import annotations

from decimal import Decimal

import factory

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.projects.models import ProjectsSettings
from roundtable.projects.models_money import (
    BudgetLine,
    Contribution,
    Funding,
    FundingKind,
    FundingSource,
    FundingStatus,
    PooledBudget,
)
from roundtable.projects.tests.factories import ProjectFactory


class ProjectsSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectsSettings
        django_get_or_create = ("partnership",)

    partnership = factory.SubFactory(PartnershipFactory)
    money_is_public = False


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    financial_year = factory.Sequence(lambda n: f"{2000 + n % 60}/{(1 + n % 60) % 100:02d}")
    planned = Decimal("10000.00")
    committed = Decimal("5000.00")
    spent = Decimal("2500.00")


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    source = FundingSource.REWARD_GRANT
    kind = FundingKind.BID
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..project.partnership")
    )
    amount = Decimal("50000.00")
    financial_year = "2011/12"
    status = FundingStatus.SUBMITTED


class PooledBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PooledBudget

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Pooled budget {n}")
    first_year = "2011/12"
    last_year = "2013/14"


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    pooled_budget = factory.SubFactory(PooledBudgetFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..pooled_budget.partnership")
    )
    financial_year = "2011/12"
    amount = Decimal("20000.00")
