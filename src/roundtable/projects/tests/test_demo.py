"""Ealing's four priority projects from the January 2012 pack: exact titles, no
invented RAG, updates on the agenda, loaded twice without duplicates."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from roundtable.demo.notes import demo_sources
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory, PersonFactory
from roundtable.projects.demo import PROJECTS, load_demo_projects
from roundtable.projects.models import Milestone, Project, ProjectUpdate
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TITLES = {
    "Community Budgets",
    "Southall",
    "Local Information System and Strategic Needs Assessment",
    "Joint Assets",
}


@pytest.fixture
def ealing(partnership, council):
    board = BodyFactory(partnership=partnership, slug="ealing-lsp-executive")
    meeting = MeetingFactory(
        body=board,
        start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)),
    )
    parent = AgendaItemFactory(meeting=meeting, title="Priority Projects Update")
    AgendaItemFactory(meeting=meeting, parent=parent, title="Southall")
    PersonFactory(partnership=partnership, given_name="Shehzad", family_name="Ahmed")
    return partnership


def test_the_four_projects_load_with_their_updates_and_no_invented_rag(ealing, council):
    load_demo_projects(ealing)
    load_demo_projects(ealing)

    assert set(Project.objects.values_list("title", flat=True)) == TITLES
    assert ProjectUpdate.objects.count() == 4
    assert set(ProjectUpdate.objects.values_list("rag", flat=True)) == {""}
    southall = ProjectUpdate.objects.get(project__title="Southall")
    assert southall.agenda_item.title == "Southall"
    assert southall.author.family_name == "Ahmed"
    assert "Urban Initiatives" in southall.narrative
    milestones = sum(len(p["milestones"]) + len(p["done"]) for p in PROJECTS)
    assert Milestone.objects.count() == milestones


def test_a_project_another_loader_made_first_is_not_duplicated(ealing, council):
    ProjectFactory(partnership=ealing, lead_organisation=council, title="Southall")

    load_demo_projects(ealing)

    assert Project.objects.filter(title="Southall").count() == 1


def test_other_partnerships_get_no_projects(other_partnership):
    assert load_demo_projects(other_partnership) == []


IN_2026 = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)
NOT_RECORDED = '<strong class="govuk-tag govuk-tag--grey">Not recorded</strong>'
OVERDUE = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'


@pytest.fixture
def demo_ealing(ealing):
    """The `ealing` fixture as `roundtable demo load` names it (its source), loaded."""
    ealing.source = demo_sources()["ealing"]
    ealing.save()
    load_demo_projects(ealing)
    return ealing


@time_machine.travel(IN_2026, tick=False)
def test_the_demos_milestones_planned_in_2012_are_not_recorded_not_overdue(session, demo_ealing):
    southall = Project.objects.get(title="Southall")

    page = session.get(reverse("projects:project-detail", args=[southall.pk])).text

    assert OVERDUE not in page
    assert page.count(NOT_RECORDED) == 5  # the five the December 2011 briefing planned
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in page
    assert (
        escape(
            "This demo's projects are as the LSP Executive's board pack of 16 January 2012 "
            "reported them. No later paper says whether the milestones it planned were met, so "
            "those past their due date are marked “Not recorded”, not “Overdue”."
        )
        in page
    )


@time_machine.travel(IN_2026, tick=False)
def test_the_demos_portfolio_says_where_its_projects_end(session, demo_ealing):
    page = session.get(reverse("projects:portfolio")).text

    assert OVERDUE not in page
    assert f"due 15 Jan 2012</span> {NOT_RECORDED}" in page  # Southall's next
    assert f"due 31 Jan 2012</span> {NOT_RECORDED}" in page
    assert escape("This demo's projects are as the LSP Executive's board pack") in page


@time_machine.travel(IN_2026, tick=False)
def test_a_demo_project_updated_since_its_papers_has_overdue_milestones_again(session, demo_ealing):
    southall = Project.objects.get(title="Southall")
    ProjectUpdate.objects.create(
        project=southall, date=datetime.date(2026, 11, 30), rag="", narrative="Since then."
    )

    page = session.get(reverse("projects:project-detail", args=[southall.pk])).text

    assert page.count(OVERDUE) == 5
    assert "Not recorded" not in page
    assert escape("This demo's projects are as") not in page


@time_machine.travel(IN_2026, tick=False)
def test_a_live_partnerships_milestones_past_due_are_overdue(session, ealing):
    load_demo_projects(ealing)  # the same records, but not the demo's partnership
    southall = Project.objects.get(title="Southall")

    page = session.get(reverse("projects:project-detail", args=[southall.pk])).text

    assert page.count(OVERDUE) == 5
    assert "Not recorded" not in page
