"""Projects' money in a browser: the funding pipeline, the contributions table, a
pooled budget, a project's money and the money forms pass the audit of
``test_demo_pages`` (axe-core, one h1, a title naming the page) for an editor of
the project's lead organisation; and an amount typed as "£50k" is saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    from django.utils import timezone

    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.meetings.tests.factories import MeetingFactory
    from roundtable.partnership.tests.factories import (
        BodyFactory,
        OrganisationFactory,
        PartnershipFactory,
    )
    from roundtable.projects.tests.factories import ProjectFactory
    from roundtable.projects.tests.factories_money import (
        BudgetLineFactory,
        ContributionFactory,
        FundingFactory,
        PooledBudgetFactory,
    )

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    police = OrganisationFactory(partnership=partnership, name="Metropolitan Police Service")
    project = ProjectFactory(partnership=partnership, title="Southall", lead_organisation=council)
    start = timezone.make_aware(datetime.datetime(2011, 10, 24, 17, 0))
    meeting = MeetingFactory(
        body=BodyFactory(partnership=partnership, name="LSP Executive Board"),
        start=start,
        end=start + datetime.timedelta(minutes=100),
    )
    FundingFactory(
        project=project,
        organisation=council,
        status="awarded",
        decided_on=datetime.date(2011, 10, 24),
        meeting=meeting,
        notes="Asked to be apportioned differently",
    )
    BudgetLineFactory(project=project, financial_year="2011/12")
    pooled = PooledBudgetFactory(partnership=partnership, title="Community budget", project=project)
    for org in (council, police):
        ContributionFactory(pooled_budget=pooled, organisation=org, amount=Decimal("25000"))
    user = User.objects.create(
        username="lbe-editor",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        first_name="Test",
        last_name="Officer",
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return project, pooled


def test_money_pages_pass_the_audit(page, world):
    project, pooled = world
    audit = Audit(page)
    sign_in(page, "lbe-editor")
    audit.visit("/ealing/projects/funding/", "funding pipeline")
    audit.visit("/ealing/projects/funding/?status=awarded", "funding pipeline, filtered")
    audit.visit("/ealing/projects/contributions/", "contributions")
    audit.visit(f"/ealing/projects/contributions/?pooled_budget={pooled.pk}", "one pooled budget")
    audit.visit(f"/ealing/projects/pooled-budgets/{pooled.pk}/", "pooled budget")
    audit.visit(f"/ealing/projects/{project.pk}/money/", "project money")
    audit.visit(f"/ealing/projects/{project.pk}/funding/new/", "funding form")
    audit.visit(f"/ealing/projects/{project.pk}/budget/new/", "budget line form")
    audit.visit(
        f"/ealing/projects/pooled-budgets/{pooled.pk}/contributions/new/", "contribution form"
    )
    assert audit.problems == {}


def test_an_editor_adds_funding_typed_as_50k(page, world):
    from roundtable.projects.models_money import Funding

    project, _ = world
    sign_in(page, "lbe-editor")
    page.goto(f"/ealing/projects/{project.pk}/funding/new/")
    page.get_by_label("Source").select_option("lottery")
    page.get_by_label("Kind").select_option("grant")
    page.get_by_label("Amount").fill("£50k")
    page.get_by_label("Financial year").fill("2012-13")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Funding saved").wait_for()
    saved = Funding.objects.get(source="lottery")
    assert (saved.amount, saved.financial_year) == (Decimal("50000.00"), "2012/13")
