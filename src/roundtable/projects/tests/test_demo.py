"""Ealing's four priority projects from the January 2012 pack: exact titles, no
invented RAG, updates on the agenda, loaded twice without duplicates."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

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
