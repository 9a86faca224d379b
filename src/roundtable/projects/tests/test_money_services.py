"""Writes of projects' money: who may make them and what is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from roundtable.accounts.choices import Role
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory
from roundtable.projects import services_money as services
from roundtable.projects.models_money import BudgetLine, Contribution, Funding, PooledBudget
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.projects.tests.factories_money import (
    BudgetLineFactory,
    ContributionFactory,
    FundingFactory,
    PooledBudgetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(partnership, council):
    return ProjectFactory(partnership=partnership, title="Southall", lead_organisation=council)


def _funding(actor, project, organisation, **changes):
    fields = {
        "project": project,
        "source": "reward_grant",
        "kind": "bid",
        "organisation": organisation,
        "amount": Decimal("50000"),
        "financial_year": "2011-12",
        "status": "submitted",
    }
    fields.update(changes)
    return services.save_funding(actor, Funding(), **fields)


def test_an_editor_of_the_lead_organisation_adds_funding(officer, project, council):
    funding = _funding(officer, project, council)
    assert funding.pk
    assert funding.financial_year == "2011/12"
    assert funding.history.first().history_user == officer


def test_an_administrator_adds_a_budget_line(administrator, project):
    line = services.save_budget_line(
        administrator, BudgetLine(), project=project, financial_year="2011/2012", planned=Decimal(5)
    )
    assert line.financial_year == "2011/12"


@pytest.mark.parametrize("who", ["member", "other_editor", "other_admin", "nobody"])
def test_only_editors_of_the_lead_organisation_and_administrators_change_money(
    who, project, council, police, partnership, other_partnership_officer
):
    actor = {
        "member": UserFactory(role=Role.MEMBER, partnership=partnership),
        "other_editor": UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police),
        "other_admin": other_partnership_officer,
        "nobody": None,
    }[who]
    with pytest.raises(PermissionDenied):
        _funding(actor, project, council)
    with pytest.raises(PermissionDenied):
        services.save_budget_line(
            actor, BudgetLine(), project=project, financial_year="2011/12", planned=Decimal(1)
        )
    assert not Funding.objects.exists()
    assert not BudgetLine.objects.exists()


def test_an_editor_cannot_move_another_organisations_funding_to_their_project(
    partnership, council, police, officer
):
    theirs = FundingFactory(
        project=ProjectFactory(partnership=partnership, lead_organisation=police),
        organisation=police,
    )
    mine = ProjectFactory(partnership=partnership, lead_organisation=council)
    with pytest.raises(PermissionDenied):
        services.save_funding(
            officer,
            theirs,
            project=mine,
            source="council",
            kind="grant",
            organisation=council,
            amount=Decimal(1),
            financial_year="2011/12",
            status="idea",
        )


def test_negative_money_and_a_bad_year_are_refused_naming_the_fields(administrator, project):
    with pytest.raises(ValidationError) as refused:
        services.save_budget_line(
            administrator,
            BudgetLine(),
            project=project,
            financial_year="2011/13",
            planned=Decimal("-1"),
            spent=Decimal("0.001"),
        )
    problems = refused.value.message_dict
    assert set(problems) == {"financial_year", "planned", "spent"}
    assert "never negative" in problems["planned"][0]


def test_funding_names_a_partner_of_the_projects_own_partnership(
    administrator, project, partnership, other_partnership
):
    with pytest.raises(ValidationError) as refused:
        _funding(administrator, project, OrganisationFactory(partnership=other_partnership))
    assert "organisation" in refused.value.message_dict
    outsider = OrganisationFactory(partnership=partnership, is_partner=False)
    with pytest.raises(ValidationError):
        _funding(administrator, project, outsider)


def test_funding_is_decided_at_a_meeting_of_its_own_partnership(
    administrator, project, council, other_partnership
):
    elsewhere = MeetingFactory(body__partnership=other_partnership)
    with pytest.raises(ValidationError) as refused:
        _funding(administrator, project, council, meeting=elsewhere)
    assert "meeting" in refused.value.message_dict


def test_unknown_source_kind_or_status_is_refused(administrator, project, council):
    with pytest.raises(ValidationError) as refused:
        _funding(administrator, project, council, source="bank", kind="loan", status="won")
    assert set(refused.value.message_dict) == {"source", "kind", "status"}


def test_the_same_funding_twice_is_refused(administrator, project, council):
    _funding(administrator, project, council)
    with pytest.raises(ValidationError):
        _funding(administrator, project, council, amount=Decimal(3))


def test_the_database_itself_refuses_negative_money(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLineFactory(project=project, planned=Decimal("-5"))


def test_only_administrators_add_a_pooled_budget(officer, administrator, partnership):
    fields = {"partnership": partnership, "title": "Community budget", "first_year": "2011/12"}
    with pytest.raises(PermissionDenied):
        services.save_pooled_budget(officer, PooledBudget(), last_year="2012/13", **fields)
    pooled = services.save_pooled_budget(
        administrator, PooledBudget(), last_year="2012-13", **fields
    )
    assert (pooled.first_year, pooled.last_year) == ("2011/12", "2012/13")


def test_a_pooled_budget_cannot_end_before_it_starts(administrator, partnership):
    with pytest.raises(ValidationError) as refused:
        services.save_pooled_budget(
            administrator,
            PooledBudget(),
            partnership=partnership,
            title="Backwards",
            first_year="2012/13",
            last_year="2011/12",
        )
    assert "last_year" in refused.value.message_dict


def test_a_projects_pooled_budget_is_kept_by_the_projects_editors(
    officer, partnership, project, council
):
    pooled = PooledBudgetFactory(partnership=partnership, project=project)
    saved = services.save_contribution(
        officer,
        Contribution(),
        pooled_budget=pooled,
        organisation=council,
        financial_year="2012/13",
        amount=Decimal("1000"),
    )
    assert saved.pk


def test_a_pooled_budget_without_a_project_is_kept_by_administrators_only(
    officer, partnership, council
):
    pooled = PooledBudgetFactory(partnership=partnership)
    with pytest.raises(PermissionDenied):
        services.save_contribution(
            officer,
            Contribution(),
            pooled_budget=pooled,
            organisation=council,
            financial_year="2011/12",
            amount=Decimal(1),
        )


def test_a_contribution_falls_within_the_pooled_budgets_years(administrator, partnership, council):
    pooled = PooledBudgetFactory(partnership=partnership, first_year="2011/12", last_year="2012/13")
    with pytest.raises(ValidationError) as refused:
        services.save_contribution(
            administrator,
            Contribution(),
            pooled_budget=pooled,
            organisation=council,
            financial_year="2014/15",
            amount=Decimal(1),
        )
    assert "runs from 2011/12 to 2012/13" in refused.value.message_dict["financial_year"][0]


def test_a_contribution_comes_from_a_partner_of_the_partnership(
    administrator, partnership, other_partnership
):
    pooled = PooledBudgetFactory(partnership=partnership)
    ContributionFactory(pooled_budget=pooled)
    with pytest.raises(ValidationError):
        services.save_contribution(
            administrator,
            Contribution(),
            pooled_budget=pooled,
            organisation=OrganisationFactory(partnership=other_partnership),
            financial_year="2011/12",
            amount=Decimal(1),
        )


def test_an_editor_may_not_move_a_pooled_budget_off_their_project_or_onto_anothers(
    officer, partnership, project, police
):
    pooled = PooledBudgetFactory(partnership=partnership, project=project)
    theirs = ProjectFactory(partnership=partnership, lead_organisation=police)
    for target in (None, theirs):
        with pytest.raises(PermissionDenied):
            services.save_pooled_budget(
                officer,
                pooled,
                partnership=partnership,
                title="Moved",
                first_year="2011/12",
                last_year="2011/12",
                project=target,
            )
    pooled.refresh_from_db()
    assert pooled.project == project
    saved = services.save_pooled_budget(
        officer,
        pooled,
        partnership=partnership,
        title="Renamed",
        first_year="2011/12",
        last_year="2012/13",
        project=project,
    )
    assert saved.title == "Renamed"


def test_a_second_contribution_of_a_partner_in_one_year_is_refused_naming_the_first(
    administrator, partnership, council
):
    pooled = PooledBudgetFactory(partnership=partnership, title="Better Care Fund")
    first = ContributionFactory(
        pooled_budget=pooled,
        organisation=council,
        financial_year="2011/12",
        amount=Decimal("750000"),
    )
    with pytest.raises(ValidationError) as refused:
        services.save_contribution(
            administrator,
            Contribution(),
            pooled_budget=pooled,
            organisation=council,
            financial_year="2011/12",
            amount=Decimal("10000"),
        )
    assert refused.value.message_dict["financial_year"] == [
        "financial_year: Ealing Council already gives £750,000 to Better Care Fund in 2011/12; "
        'change that contribution (under "Change a contribution") instead of adding another'
    ]
    # Changing the one there is is not refused by itself.
    services.save_contribution(
        administrator,
        first,
        pooled_budget=pooled,
        organisation=council,
        financial_year="2011/12",
        amount=Decimal("760000"),
    )
    first.refresh_from_db()
    assert first.amount == Decimal("760000")
