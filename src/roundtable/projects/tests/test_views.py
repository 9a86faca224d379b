"""The portfolio, the project page and the forms: what each role sees and may do."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.partnership.tests.factories import PersonFactory
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk
from roundtable.projects.tests.factories import (
    MilestoneFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    RiskFactory,
)
from roundtable.strategy.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2012, 1, 16, 12, 0), tick=False):
        yield


@pytest.fixture
def southall(partnership, council, board):
    project = ProjectFactory(
        partnership=partnership,
        lead_organisation=council,
        sponsor_body=board,
        title="Southall",
        summary="A joined-up plan for Southall.",
    )
    MilestoneFactory(project=project, title="Charter agreed", due=datetime.date(2012, 2, 1))
    MilestoneFactory(project=project, title="Bid submitted", due=datetime.date(2011, 12, 1))
    RiskFactory(project=project, description="Reward grant not paid", likelihood=4, impact=5)
    ProjectUpdateFactory(project=project, date=datetime.date(2011, 10, 1), rag="red")
    ProjectUpdateFactory(
        project=project, date=datetime.date(2012, 1, 16), rag="amber", narrative="Bid drafted."
    )
    return project


def test_the_portfolio_counts_projects_by_their_latest_rag(client, partnership, southall, council):
    ProjectFactory(partnership=partnership, lead_organisation=council, title="Joint Assets")

    page = client.get(reverse("projects:portfolio")).content.decode()

    assert "Southall" in page
    assert "Joint Assets" in page
    assert "Amber</strong> 1 project" in page
    assert "Red</strong> 0 projects" in page
    assert "No RAG</strong> 1 project" in page
    # The next milestone is the earliest not done: the overdue bid, not the charter.
    assert 'Bid submitted<br><span class="govuk-body-s">due 1 Dec 2011' in page
    assert "Charter agreed" not in page


def test_the_portfolio_tags_a_next_milestone_that_is_overdue_or_due_soon(
    client, partnership, southall, council
):
    soon = ProjectFactory(partnership=partnership, lead_organisation=council, title="Joint Assets")
    MilestoneFactory(project=soon, title="Asset register", due=datetime.date(2012, 1, 20))
    later = ProjectFactory(partnership=partnership, lead_organisation=council, title="LIS")
    MilestoneFactory(project=later, title="Supplier starts", due=datetime.date(2012, 6, 1))

    page = client.get(reverse("projects:portfolio")).content.decode()

    overdue = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    soon_tag = '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>'
    assert f"due 1 Dec 2011</span> {overdue}" in page
    assert f"due 20 Jan 2012</span> {soon_tag}" in page
    assert "due 1 Jun 2012</span></span></td>" in page  # no tag, in its cell's one span
    assert page.count("Overdue") == 1


def test_the_portfolio_filters_by_status_priority_lead_and_sponsor(
    client, partnership, southall, police
):
    other = ProjectFactory(partnership=partnership, lead_organisation=police, title="Other one")
    priority = PriorityFactory(strategy__partnership=partnership, partnership=partnership)
    other.priorities.set([priority])

    by_lead = client.get(reverse("projects:portfolio"), {"lead_organisation": police.pk})
    by_sponsor = client.get(
        reverse("projects:portfolio"), {"sponsor_body": southall.sponsor_body_id}
    )
    by_priority = client.get(reverse("projects:portfolio"), {"priority": priority.pk})
    by_status = client.get(reverse("projects:portfolio"), {"status": "completed"})

    assert "Other one" in by_lead.content.decode()
    assert ">Southall<" not in by_lead.content.decode()
    assert ">Southall<" in by_sponsor.content.decode()
    assert "Other one" not in by_sponsor.content.decode()
    assert "Other one" in by_priority.content.decode()
    assert "There are no projects that match" in by_status.content.decode()


def test_an_unpublished_project_is_hidden_from_the_public_and_other_partnerships(
    client, partnership, council, board_member, other_partnership_officer
):
    hidden = ProjectFactory(
        partnership=partnership, lead_organisation=council, title="Secret plan", is_published=False
    )

    assert "Secret plan" not in client.get(reverse("projects:portfolio")).content.decode()
    assert client.get(reverse("projects:project-detail", args=[hidden.pk])).status_code == 404
    client.force_login(other_partnership_officer)
    assert (
        client.get(
            under(partnership, reverse("projects:project-detail", args=[hidden.pk]))
        ).status_code
        == 404
    )
    client.force_login(board_member)
    assert "Secret plan" in client.get(reverse("projects:portfolio")).content.decode()
    assert client.get(reverse("projects:project-detail", args=[hidden.pk])).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_the_portfolio_costs_the_same_queries_for_2_and_20_projects(
    client, partnership, council, board, django_assert_num_queries, n
):
    for i in range(n):
        project = ProjectFactory(
            partnership=partnership, lead_organisation=council, sponsor_body=board
        )
        ProjectUpdateFactory(project=project, rag="green" if i % 2 else "red")
        MilestoneFactory(project=project)
    url = under(partnership, reverse("projects:portfolio"))
    # partnership; projects with latest RAG and next milestone; the filters' priorities,
    # lead organisations and sponsor bodies; whether the money is public (for the menu)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("due 31 Mar 2012") == n


def test_the_project_page_shows_milestones_updates_and_what_it_serves(
    client, southall, partnership
):
    indicator = IndicatorFactory(partnership=partnership, code="NI 116", is_public=True)
    southall.indicators.set([indicator])

    page = client.get(reverse("projects:project-detail", args=[southall.pk])).content.decode()

    assert "A joined-up plan for Southall." in page
    assert "Overdue" in page
    assert "Due soon" in page
    assert page.index("Bid drafted.") < page.index("Update narrative")  # newest first
    assert reverse("performance:indicator-detail", args=[indicator.pk]) in page
    assert "LSP Executive" in page


def test_risks_are_shown_to_the_partnerships_people_only(
    client, southall, board_member, other_partnership_officer, partnership
):
    url = reverse("projects:project-detail", args=[southall.pk])

    assert "Reward grant not paid" not in client.get(url).content.decode()
    client.force_login(other_partnership_officer)
    assert "Reward grant not paid" not in client.get(under(partnership, url)).content.decode()
    client.force_login(board_member)
    page = client.get(url).content.decode()
    assert "Reward grant not paid" in page
    assert '20 <strong class="govuk-tag govuk-tag--red">High' in page


def test_the_edit_links_are_for_those_who_may_edit(client, southall, officer, board_member):
    url = reverse("projects:project-detail", args=[southall.pk])
    client.force_login(board_member)
    assert "Edit this project" not in client.get(url).content.decode()
    client.force_login(officer)
    assert "Edit this project" in client.get(url).content.decode()
    # A risk's links name it to a screen reader, not by its place ("Change risk 1").
    page = client.get(url).content.decode()
    assert 'Change<span class="govuk-visually-hidden"> the risk: Reward grant not paid' in page
    assert " risk 1<" not in page


def test_an_editor_adds_a_project_led_by_their_organisation(client, officer, council, partnership):
    client.force_login(officer)

    response = client.post(
        reverse("projects:project-add"),
        {
            "title": "Community Budgets",
            "lead_organisation": council.pk,
            "status": "active",
            "start": "2011-04-01",
            "is_published": "on",
        },
    )

    project = Project.objects.get(title="Community Budgets")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/projects/{project.pk}/")
    assert project.partnership == partnership
    assert project.is_published


def test_an_editor_may_not_add_a_project_led_by_another_organisation(client, officer, police):
    client.force_login(officer)

    response = client.post(
        reverse("projects:project-add"),
        {"title": "Police project", "lead_organisation": police.pk, "status": "active"},
    )

    assert response.status_code == 400
    assert "your organisation leads" in response.content.decode()
    assert not Project.objects.filter(title="Police project").exists()


def test_the_form_says_when_the_end_is_before_the_start(client, administrator, council):
    client.force_login(administrator)

    response = client.post(
        reverse("projects:project-add"),
        {
            "title": "Backwards",
            "lead_organisation": council.pk,
            "status": "active",
            "start": "2012-04-01",
            "end": "2012-03-01",
        },
    )

    assert response.status_code == 400
    assert "is before the start" in response.content.decode()


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_those_who_may_not_edit_cannot_reach_the_forms(request, client, southall, partnership, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    risk = southall.risks.get()
    for name, pk in (
        ("projects:project-edit", southall.pk),
        ("projects:milestone-add", southall.pk),
        ("projects:risk-add", southall.pk),
        ("projects:risk-edit", risk.pk),
        ("projects:update-add", southall.pk),
        ("projects:milestone-edit", southall.milestones.first().pk),
        ("projects:update-edit", southall.updates.first().pk),
    ):
        response = client.get(under(partnership, reverse(name, args=[pk])))
        # Anonymous: sign in; a risk is hidden from all but the partnership's people.
        expected = {None: (302,), "board_member": (403,), "other_partnership_officer": (403, 404)}
        if name == "projects:risk-edit" and who != "board_member":
            expected[who] = (404,)
        assert response.status_code in expected[who], name
    assert client.get(under(partnership, reverse("projects:project-add"))).status_code in (302, 403)


def test_the_sponsor_bodys_secretary_adds_an_update_on_an_agenda_item(
    client, southall, secretary, board
):
    from roundtable.meetings.tests.factories import AgendaItemFactory

    item = AgendaItemFactory(meeting__body=board, title="Priority projects")
    client.force_login(secretary)

    response = client.post(
        reverse("projects:update-add", args=[southall.pk]),
        {
            "date": "2012-01-20",
            "rag": "green",
            "narrative": "Charter signed.",
            "agenda_item": item.pk,
        },
    )

    assert response.status_code == 302
    update = ProjectUpdate.objects.get(narrative="Charter signed.")
    assert update.agenda_item == item
    assert update.rag == "green"
    page = client.get(reverse("projects:project-detail", args=[southall.pk])).content.decode()
    assert "On the agenda of" in page


def test_an_editor_adds_a_milestone_and_a_risk(client, southall, officer, partnership):
    owner = PersonFactory(partnership=partnership)
    client.force_login(officer)

    added = client.post(
        reverse("projects:milestone-add", args=[southall.pk]),
        {"title": "Launch", "due": "2012-05-01"},
        follow=True,
    )
    assert "Milestone saved" in added.content.decode()
    bad = client.post(
        reverse("projects:risk-add", args=[southall.pk]),
        {"description": "Delay", "likelihood": "7", "impact": "0"},
    )
    good = client.post(
        reverse("projects:risk-add", args=[southall.pk]),
        {"description": "Delay", "likelihood": "2", "impact": "2", "owner": owner.pk},
    )

    assert Milestone.objects.filter(project=southall, title="Launch").exists()
    assert bad.status_code == 400
    # Each message names its field: two alike in the error summary said nothing of which.
    assert "Likelihood: enter a whole number from 1 to 5 (got 7)" in bad.content.decode()
    assert "Impact: enter a whole number from 1 to 5 (got 0)" in bad.content.decode()
    assert good.status_code == 302
    assert Risk.objects.get(description="Delay").owner == owner


def test_the_menu_has_projects_for_everyone(client, partnership):
    page = client.get(reverse("projects:portfolio")).content.decode()
    assert 'aria-current="true">Projects</a>' in page


# A body's page lists the projects it sponsors ---------------------------------------


def test_a_bodys_page_lists_the_projects_it_sponsors_as_the_visitor_may_see_them(
    client, partnership, council, board_member
):
    from roundtable.partnership.tests.factories import BodyFactory

    board = BodyFactory(partnership=partnership, name="LSP Executive Board")
    ProjectFactory(
        partnership=partnership, lead_organisation=council, sponsor_body=board, title="Southall"
    )
    ProjectFactory(
        partnership=partnership,
        lead_organisation=council,
        sponsor_body=board,
        title="Quiet project",
        is_published=False,
    )
    address = under(partnership, reverse("partnership:body-detail", args=[board.slug]))
    page = client.get(address).content.decode()
    assert "Projects it sponsors" in page
    assert "Southall" in page
    assert "Quiet project" not in page
    client.force_login(board_member)
    page = client.get(address).content.decode()
    assert "Quiet project" in page
    assert "Unpublished" in page


def test_sponsor_choices_are_every_body_for_administrators_only(
    partnership, administrator, officer
):
    from roundtable.partnership.tests.factories import BodyFactory
    from roundtable.projects.queries import sponsor_choices

    board, group = BodyFactory(partnership=partnership), BodyFactory(partnership=partnership)
    assert set(sponsor_choices(administrator, partnership, None)) == {board, group}
    # An editor who manages no body keeps only the project's current sponsor.
    assert list(sponsor_choices(officer, partnership, None)) == []
    assert list(sponsor_choices(officer, partnership, group.pk)) == [group]


def test_the_projects_pages_link_to_each_other_and_to_money_for_who_sees_it(
    client, partnership, board_member
):
    page = client.get(under(partnership, reverse("projects:portfolio"))).content.decode()
    assert reverse("projects:commitment-list") in page
    assert reverse("projects:funding") not in page
    client.force_login(board_member)
    page = client.get(under(partnership, reverse("projects:commitment-list"))).content.decode()
    assert reverse("projects:portfolio") in page
    assert reverse("projects:funding") in page


def test_a_milestone_takes_its_due_date_in_words(client, southall, officer):
    """Every project date goes through `core.forms.GovukDateField`: "16 February 2012"
    as well as 2012-02-16 or 16/02/2012."""
    client.force_login(officer)
    response = client.post(
        reverse("projects:milestone-add", args=[southall.pk]),
        {"title": "Launch", "due": "16 February 2012", "done_on": "16/12/2011"},
    )
    assert response.status_code == 302
    launch = Milestone.objects.get(project=southall, title="Launch")
    assert (launch.due, launch.done_on) == (datetime.date(2012, 2, 16), datetime.date(2011, 12, 16))


def test_a_milestone_date_that_is_not_one_is_named_with_a_near_future_example(
    client, southall, officer
):
    """Today is 16 January 2012 (`_today`): a due date's example is next month's 16th,
    a done date's last month's, in words; not Django's "Enter a valid date"."""
    client.force_login(officer)
    page = client.get(reverse("projects:milestone-add", args=[southall.pk])).text
    assert "For example, 16 February 2012" in page
    assert "For example, 16 December 2011" in page
    response = client.post(
        reverse("projects:milestone-add", args=[southall.pk]),
        {"title": "Launch", "due": "soon", "done_on": "31/02/2012"},
    )
    assert response.status_code == 400
    assert "Due must be a real date, like 16 February 2012" in response.text
    assert "Done on must be a real date, like 16 December 2011" in response.text
    assert "Enter a valid date" not in response.text
    assert not Milestone.objects.filter(title="Launch").exists()


def test_a_projects_areas_are_its_partnerships_place_and_wards_not_every_ward(
    client, administrator, partnership, other_partnership
):
    from roundtable.geography.tests.factories import (
        AreaFactory,
        CustomAreaFactory,
        LocalAuthorityFactory,
    )

    ealing = LocalAuthorityFactory(name="Ealing")
    partnership.area = ealing
    partnership.save()
    AreaFactory(name="Southall Broadway", parent=ealing)
    CustomAreaFactory(name="Southall Green neighbourhood", partnership=partnership)
    warwick = LocalAuthorityFactory(name="Warwick")
    AreaFactory(name="Leamington Clarendon", parent=warwick)
    CustomAreaFactory(name="Warwick town centre", partnership=other_partnership)
    client.force_login(administrator)
    field = client.get(reverse("projects:project-add")).context["form"].fields["areas"]
    offered = {area.name for area in field.queryset}
    assert offered == {"Ealing", "Southall Broadway", "Southall Green neighbourhood"}


def test_an_editor_is_offered_only_their_own_organisation_to_lead(
    client, officer, administrator, council, police
):
    # Every partner was offered, and any but their own refused on saving.
    client.force_login(officer)
    field = client.get(reverse("projects:project-add")).context["form"].fields["lead_organisation"]
    assert list(field.queryset) == [council]
    client.force_login(administrator)
    field = client.get(reverse("projects:project-add")).context["form"].fields["lead_organisation"]
    assert {council, police} <= set(field.queryset)


def test_milestones_and_risks_stack_on_a_phone_each_figure_labelled(
    client, administrator, partnership
):
    # At 375 px their tables ran off the screen's edge, the risk's score and owner
    # out of sight; each row is now a block, every cell but the first labelled.
    project = ProjectFactory(partnership=partnership)
    MilestoneFactory(project=project, title="Business case agreed")
    RiskFactory(project=project, description="Grant not paid", likelihood=2, impact=4)
    client.force_login(administrator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert page.count('class="govuk-table rt-table--stack"') == 2
    for label in ("Due", "Done", "State", "Likelihood", "Impact", "Score", "Mitigation", "Owner"):
        assert f'data-label="{label}"' in page
