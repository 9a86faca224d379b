"""The funding pipeline, the contributions table, a project's money, the forms and
the downloads: who sees what, who may change what, and what each page costs."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.projects.models import ProjectsSettings
from roundtable.projects.models_money import BudgetLine, Contribution, Funding
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.projects.tests.factories_money import (
    BudgetLineFactory,
    ContributionFactory,
    FundingFactory,
    PooledBudgetFactory,
    ProjectsSettingsFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def southall(partnership, council):
    return ProjectFactory(partnership=partnership, title="Southall", lead_organisation=council)


@pytest.fixture
def bid(southall, council):
    return FundingFactory(
        project=southall,
        organisation=council,
        amount=Decimal("50000"),
        notes="Andy Roper asked for it to be apportioned differently",
    )


def _page(client, partnership, name, *args, **query):
    return client.get(under(partnership, reverse(name, args=args)), query)


# Who sees the pipeline ------------------------------------------------------------


def test_the_partnerships_people_see_the_pipeline_with_totals_by_status(
    client, board_member, partnership, bid, council
):
    FundingFactory(
        project=bid.project, organisation=council, kind="grant", amount=Decimal("5000.5")
    )
    FundingFactory(
        project=bid.project, organisation=council, kind="payment_by_results", status="awarded"
    )
    client.force_login(board_member)
    response = _page(client, partnership, "projects:funding")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Southall" in text
    assert "apportioned differently" in text
    assert "Submitted: £55,000.50" in text
    assert "Awarded: £50,000" in text
    assert "3 funding records: £105,000.50 in the pipeline" in text


def test_declined_funding_is_left_out_of_the_pipelines_totals(
    client, board_member, partnership, bid, council
):
    FundingFactory(
        project=bid.project,
        organisation=council,
        kind="grant",
        amount=Decimal("25000"),
        status="awarded",
    )
    FundingFactory(
        project=bid.project,
        organisation=council,
        kind="payment_by_results",
        amount=Decimal("500"),
        status="declined",
    )
    client.force_login(board_member)
    text = " ".join(_page(client, partnership, "projects:funding").content.decode().split())
    assert "3 funding records: £75,000 in the pipeline, £500 declined" in text
    assert "Total, not counting declined" in text
    assert "<strong>£75,000</strong>" in text
    project = " ".join(
        _page(client, partnership, "projects:project-money", bid.project.pk)
        .content.decode()
        .split()
    )
    assert (
        "£75,000 in the pipeline, of which £25,000 awarded or spent; £500 more was declined."
        in project
    )


def test_the_public_is_asked_to_sign_in_when_money_is_not_public(client, partnership, bid):
    response = _page(client, partnership, "projects:funding")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_another_partnerships_people_are_refused(
    client, other_partnership_officer, partnership, bid
):
    client.force_login(other_partnership_officer)
    assert _page(client, partnership, "projects:funding").status_code == 403
    assert _page(client, partnership, "projects:funding-download", "xlsx").status_code == 403
    assert _page(client, partnership, "projects:contributions").status_code == 403


def test_when_money_is_public_the_public_sees_published_projects_money_only(
    client, partnership, bid, council
):
    ProjectsSettingsFactory(partnership=partnership, money_is_public=True)
    hidden = ProjectFactory(
        partnership=partnership, title="Secret plan", lead_organisation=council, is_published=False
    )
    FundingFactory(project=hidden, organisation=council, amount=Decimal("777777"))
    text = _page(client, partnership, "projects:funding").content.decode()
    assert "Southall" in text
    assert "£50,000" in text
    assert "Secret plan" not in text
    assert "777,777" not in text
    assert "1 funding record:" in text


def test_the_pipeline_filters_by_status_source_kind_and_year(
    client, board_member, partnership, bid, council
):
    FundingFactory(
        project=bid.project,
        organisation=council,
        source="lottery",
        kind="grant",
        status="idea",
        financial_year="2012/13",
        amount=Decimal("1234"),
    )
    client.force_login(board_member)
    for query in (
        {"status": "idea"},
        {"source": "lottery"},
        {"kind": "grant"},
        {"year": "2012/13"},
    ):
        text = _page(client, partnership, "projects:funding", **query).content.decode()
        assert "£1,234" in text, query
        assert "£50,000" not in text, query


@pytest.mark.parametrize("n", [2, 20])
def test_the_pipeline_costs_the_same_queries_for_2_and_20(
    client, board_member, partnership, council, django_assert_num_queries, n
):
    meeting = MeetingFactory(body__partnership=partnership)
    for i in range(n):
        project = ProjectFactory(partnership=partnership, lead_organisation=council)
        FundingFactory(project=project, organisation=council, meeting=meeting, status="awarded")
        if i % 2:
            FundingFactory(project=project, organisation=council, kind="grant")
    client.force_login(board_member)
    url = under(partnership, reverse("projects:funding"))
    # the partnership (from the address), session, user, the years for the
    # filter, the funding with its projects, partners and meetings
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/meetings/") >= n


def test_the_pipeline_downloads_as_xlsx_in_the_import_columns(
    client, board_member, partnership, bid
):
    client.force_login(board_member)
    response = _page(client, partnership, "projects:funding-download", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "project",
        "source",
        "kind",
        "organisation",
        "amount",
        "financial_year",
        "status",
    )
    assert rows[1][:7] == (
        "Southall",
        "Reward grant",
        "Bid",
        "Ealing Council",
        50000,
        "2011/12",
        "Submitted",
    )


# Contributions -------------------------------------------------------------------


def test_the_contributions_table_sums_partners_by_years_both_ways(
    client, board_member, partnership, council, police
):
    pooled = PooledBudgetFactory(partnership=partnership, title="Community budget")
    for org, year, amount in (
        (council, "2011/12", "100000"),
        (council, "2012/13", "50000"),
        (police, "2012/13", "25000.50"),
    ):
        ContributionFactory(
            pooled_budget=pooled, organisation=org, financial_year=year, amount=Decimal(amount)
        )
    client.force_login(board_member)
    text = _page(client, partnership, "projects:contributions").content.decode()
    assert "£150,000" in text  # the council across the years
    assert "£75,000.50" in text  # 2012/13 across the partners
    assert "£175,000.50" in text  # everything
    chosen = _page(
        client, partnership, "projects:contributions", pooled_budget=pooled.pk
    ).content.decode()
    assert "2013/14" in chosen  # every year of the budget, even with nothing in it
    book = openpyxl.load_workbook(
        io.BytesIO(_page(client, partnership, "projects:contributions-download", "xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Partner", "2011/12", "2012/13", "Total")
    assert rows[-1] == ("Total", 100000, 75000.5, 175000.5)


@pytest.mark.parametrize("n", [2, 20])
def test_the_contributions_table_costs_the_same_queries_for_2_and_20(
    client, board_member, partnership, django_assert_num_queries, n
):
    for _ in range(n):
        ContributionFactory(pooled_budget=PooledBudgetFactory(partnership=partnership))
    client.force_login(board_member)
    url = under(partnership, reverse("projects:contributions"))
    # the partnership (from the address), session, user, pooled budgets, contributions
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_a_pooled_budget_without_a_project_is_internal_even_to_the_project_public(
    client, partnership
):
    pooled = PooledBudgetFactory(partnership=partnership)
    assert _page(client, partnership, "projects:pooled-budget-detail", pooled.pk).status_code == 404
    ProjectsSettingsFactory(partnership=partnership, money_is_public=True)
    assert _page(client, partnership, "projects:pooled-budget-detail", pooled.pk).status_code == 200


# A project's money -----------------------------------------------------------------


def test_a_projects_money_shows_its_budget_and_funding_with_change_links_for_editors(
    client, officer, partnership, bid
):
    BudgetLineFactory(project=bid.project, financial_year="2011/12", planned=Decimal("55000"))
    client.force_login(officer)
    text = _page(client, partnership, "projects:project-money", bid.project.pk).content.decode()
    assert "£55,000" in text
    assert "£50,000" in text
    assert reverse("projects:funding-edit", args=[bid.pk]) in text
    assert reverse("projects:budget-line-add", args=[bid.project.pk]) in text


def test_a_member_sees_a_projects_money_without_change_links(
    client, board_member, partnership, bid
):
    client.force_login(board_member)
    text = _page(client, partnership, "projects:project-money", bid.project.pk).content.decode()
    assert "£50,000" in text
    assert reverse("projects:funding-edit", args=[bid.pk]) not in text


def test_the_public_sees_no_money_of_a_published_project_unless_money_is_public(
    client, partnership, bid
):
    response = _page(client, partnership, "projects:project-money", bid.project.pk)
    assert response.status_code == 302
    assert b"50,000" not in response.content


def test_the_money_section_renders_nothing_for_whoever_may_not_see_it(rf, partnership, bid):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from roundtable.projects.queries_money import project_money

    html = render_to_string(
        "projects/money/_project_money.html", {"money": project_money(AnonymousUser(), bid.project)}
    )
    assert html.strip() == ""


# Forms -------------------------------------------------------------------------------


def test_an_editor_of_the_lead_organisation_adds_funding_written_as_50k(
    client, officer, partnership, southall, council
):
    client.force_login(officer)
    url = under(partnership, reverse("projects:funding-add", args=[southall.pk]))
    response = client.post(
        url,
        {
            "source": "reward_grant",
            "kind": "bid",
            "organisation": council.pk,
            "amount": "£50k",
            "financial_year": "2011-12",
            "status": "submitted",
        },
    )
    assert response.status_code == 302
    funding = Funding.objects.get()
    assert (funding.amount, funding.financial_year) == (Decimal("50000.00"), "2011/12")


def test_an_ambiguous_amount_is_refused_on_the_form_with_how_to_write_it(
    client, officer, partnership, southall, council
):
    client.force_login(officer)
    url = under(partnership, reverse("projects:budget-line-add", args=[southall.pk]))
    response = client.post(url, {"financial_year": "2011/12", "planned": "50.000"})
    assert response.status_code == 400
    assert "is ambiguous" in response.content.decode()
    response = client.post(url, {"financial_year": "2011/12", "planned": "£-5"})
    assert "never negative" in response.content.decode()
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("who", ["board_member", "police_editor", "other_partnership_officer"])
def test_who_may_not_change_a_projects_money_is_refused_every_form(
    who, request, client, partnership, bid, police
):
    from roundtable.accounts.choices import Role
    from roundtable.partnership.tests.factories import UserFactory

    if who == "police_editor":
        user = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    else:
        user = request.getfixturevalue(who)
    line = BudgetLineFactory(project=bid.project)
    client.force_login(user)
    # Another partnership's people see the published project (a 403 to change its
    # money) but none of its money (a 404, not a hint).
    expected = {403, 404} if who == "other_partnership_officer" else {403}
    for name, pk in (
        ("projects:funding-add", bid.project.pk),
        ("projects:funding-edit", bid.pk),
        ("projects:budget-line-add", bid.project.pk),
        ("projects:budget-line-edit", line.pk),
    ):
        url = under(partnership, reverse(name, args=[pk]))
        assert client.get(url).status_code in expected, name
        data = {"planned": "1", "financial_year": "2011/12", "amount": "1", "source": "council"}
        assert client.post(url, data).status_code in expected, name
    assert Funding.objects.count() == 1
    assert BudgetLine.objects.count() == 1


def test_an_administrator_adds_a_pooled_budget_and_a_contribution(
    client, administrator, partnership, council
):
    client.force_login(administrator)
    response = client.post(
        under(partnership, reverse("projects:pooled-budget-add")),
        {"title": "Community budget", "first_year": "2011/12", "last_year": "2012-13"},
    )
    assert response.status_code == 302
    pooled = partnership.pooled_budgets.get()
    response = client.post(
        under(partnership, reverse("projects:contribution-add", args=[pooled.pk])),
        {"organisation": council.pk, "financial_year": "2012/13", "amount": "£1.2m"},
    )
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("1200000.00")


def test_an_editor_may_not_add_a_pooled_budget_or_a_contribution_to_one_without_a_project(
    client, officer, partnership, council
):
    pooled = PooledBudgetFactory(partnership=partnership)
    client.force_login(officer)
    assert client.get(under(partnership, reverse("projects:pooled-budget-add"))).status_code == 403
    url = under(partnership, reverse("projects:contribution-add", args=[pooled.pk]))
    response = client.post(
        url, {"organisation": council.pk, "financial_year": "2011/12", "amount": "5"}
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_a_projects_money_costs_the_same_queries_for_2_and_20(
    client, officer, partnership, southall, council, django_assert_num_queries, n
):
    meeting = MeetingFactory(body__partnership=partnership)
    for i in range(n):
        BudgetLineFactory(project=southall)
        FundingFactory(
            project=southall,
            organisation=council,
            financial_year=f"{2000 + i}/{1 + i:02d}",
            meeting=meeting,
        )
    PooledBudgetFactory(partnership=partnership, project=southall)
    client.force_login(officer)
    url = under(partnership, reverse("projects:project-money", args=[southall.pk]))
    # the partnership (from the address), session, user, the project, budget lines,
    # funding with partners and meetings, pooled budgets
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_an_editor_changes_funding_and_a_budget_line(client, officer, partnership, bid, council):
    line = BudgetLineFactory(project=bid.project, financial_year="2011/12")
    client.force_login(officer)
    url = under(partnership, reverse("projects:funding-edit", args=[bid.pk]))
    assert "50000.00" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "source": "reward_grant",
            "kind": "bid",
            "organisation": council.pk,
            "amount": "£55k",
            "financial_year": "2011/12",
            "status": "awarded",
            "decided_on": "2011-10-24",
        },
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert (bid.amount, bid.status) == (Decimal("55000.00"), "awarded")
    url = under(partnership, reverse("projects:budget-line-edit", args=[line.pk]))
    response = client.post(url, {"financial_year": "2011/12", "planned": "1.5m", "spent": "£1,000"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.planned, line.committed, line.spent) == (
        Decimal("1500000.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
    )


# The money on a project's own page --------------------------------------------------


def test_a_projects_page_shows_its_budget_and_funding_to_the_partnerships_people(
    client, partnership, southall, bid, board_member
):
    BudgetLineFactory(project=southall, financial_year="2011/12", planned=Decimal("75000"))
    client.force_login(board_member)
    page = _page(client, partnership, "projects:project-detail", southall.pk).content.decode()
    assert "Budget" in page
    assert "75,000" in page
    assert "apportioned differently" in page


def test_a_projects_page_shows_no_money_to_the_public_unless_published(
    client, partnership, southall, bid
):
    BudgetLineFactory(project=southall, financial_year="2011/12", planned=Decimal("75000"))
    page = _page(client, partnership, "projects:project-detail", southall.pk)
    assert page.status_code == 200
    assert "75,000" not in page.content.decode()
    assert "apportioned differently" not in page.content.decode()
    ProjectsSettingsFactory(partnership=partnership, money_is_public=True)
    shown = _page(client, partnership, "projects:project-detail", southall.pk).content.decode()
    assert "75,000" in shown


# Who sees the money: the settings ---------------------------------------------------


def test_an_administrator_publishes_the_money_of_published_projects(
    client, partnership, southall, bid, administrator
):
    client.force_login(administrator)
    address = under(partnership, reverse("projects:money-settings"))
    assert "Who sees the money" in _page(client, partnership, "projects:funding").content.decode()
    response = client.post(address, {"money_is_public": "on"})
    assert response.status_code == 302
    client.logout()
    shown = _page(client, partnership, "projects:project-detail", southall.pk).content.decode()
    assert "apportioned differently" in shown
    client.force_login(administrator)
    assert client.post(address, {}).status_code == 302
    assert not ProjectsSettings.objects.get(partnership=partnership).money_is_public
    client.logout()
    hidden = _page(client, partnership, "projects:project-detail", southall.pk).content.decode()
    assert "apportioned differently" not in hidden


def test_the_settings_say_that_pooled_budgets_of_no_project_are_published_too(
    client, partnership, administrator
):
    # The page said pooled budgets of no project "stay internal" while publishing
    # showed them, and their contributions, to anyone (docs/projects.md: "without
    # one it is internal unless money is public").
    pooled = PooledBudgetFactory(partnership=partnership, title="Better Care Fund")
    client.force_login(administrator)
    address = under(partnership, reverse("projects:money-settings"))
    page = " ".join(client.get(address).content.decode().split())
    assert "pooled budgets of no project, stay internal" not in page
    assert "every pooled budget that belongs to no project" in page
    assert "Publish the money of published projects and the pooled budgets of no project" in page
    client.post(address, {"money_is_public": "on"})
    client.logout()
    assert client.get(pooled.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["board_member", "officer", "other_partnership_officer"])
def test_only_the_partnerships_administrators_change_who_sees_the_money(
    client, partnership, southall, who, request
):
    client.force_login(request.getfixturevalue(who))
    address = under(partnership, reverse("projects:money-settings"))
    assert client.post(address, {"money_is_public": "on"}).status_code == 403
    assert client.get(address).status_code == 403
    assert not ProjectsSettings.objects.filter(money_is_public=True).exists()


def test_the_public_is_asked_to_sign_in_to_change_who_sees_the_money(client, partnership):
    response = client.get(under(partnership, reverse("projects:money-settings")))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]
