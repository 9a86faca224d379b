"""Writes of projects, milestones, risks and updates: who may, and what is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.accounts.choices import Role
from roundtable.meetings.tests.factories import AgendaItemFactory
from roundtable.partnership.tests.factories import (
    BodyFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.projects import services
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk
from roundtable.projects.permissions import may_add_projects, may_edit_project
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _save(actor, project, **changes):
    fields = {"partnership": project.partnership, "title": project.title}
    if project.pk is not None:
        fields |= {
            "lead_organisation": project.lead_organisation,
            "sponsor_body": project.sponsor_body,
        }
    return services.save_project(actor, project, **(fields | changes))


def test_an_editor_of_the_lead_organisation_may_edit_the_project(officer, council):
    project = ProjectFactory(partnership=officer.partnership, lead_organisation=council)

    saved = _save(officer, project, title="  Community   Budgets ")

    assert saved.title == "Community Budgets"
    assert may_edit_project(officer, project)


def test_an_editor_of_another_organisation_may_not_edit_the_project(partnership, police):
    project = ProjectFactory(partnership=partnership, lead_organisation=police)
    council_editor = UserFactory(
        role=Role.EDITOR,
        partnership=partnership,
        organisation=OrganisationFactory(partnership=partnership),
    )

    with pytest.raises(PermissionDenied):
        _save(council_editor, project, title="Taken over")
    assert not may_edit_project(council_editor, project)


def test_an_editor_may_not_hand_their_project_to_another_organisation(officer, council, police):
    project = ProjectFactory(partnership=officer.partnership, lead_organisation=council)

    with pytest.raises(PermissionDenied):
        _save(officer, project, lead_organisation=police)


def test_the_sponsor_bodys_secretary_may_edit_and_a_member_may_not(
    partnership, board, secretary, member, police
):
    project = ProjectFactory(partnership=partnership, lead_organisation=police, sponsor_body=board)

    assert may_edit_project(secretary, project)
    _save(secretary, project, title="Southall")
    assert not may_edit_project(member, project)
    with pytest.raises(PermissionDenied):
        _save(member, project, title="Not mine")


def test_a_board_member_may_not_add_projects_and_an_administrator_may(
    partnership, board_member, administrator
):
    assert not may_add_projects(board_member, partnership.pk)
    assert may_add_projects(administrator, partnership.pk)


def test_another_partnerships_administrator_may_not_edit(other_partnership_officer, partnership):
    project = ProjectFactory(partnership=partnership)

    assert not may_edit_project(other_partnership_officer, project)
    with pytest.raises(PermissionDenied):
        services.save_milestone(other_partnership_officer, Milestone(project=project), title="Nope")


def test_an_indicator_of_another_partnership_is_refused(administrator, other_partnership):
    project = ProjectFactory(partnership=administrator.partnership)
    foreign = IndicatorFactory(partnership=other_partnership, code="NI 116")

    with pytest.raises(ValidationError) as caught:
        _save(administrator, project, indicators=[foreign])

    assert "belongs to another partnership" in str(caught.value.message_dict["indicators"])


def test_a_project_cannot_end_before_it_starts(administrator):
    project = ProjectFactory(partnership=administrator.partnership)

    with pytest.raises(ValidationError) as caught:
        _save(
            administrator,
            project,
            start=datetime.date(2012, 4, 1),
            end=datetime.date(2012, 3, 1),
        )

    assert "before the start" in str(caught.value.message_dict["end"])


def test_a_project_is_led_by_a_partner(administrator, partnership):
    project = Project(partnership=partnership)
    engaged = OrganisationFactory(partnership=partnership, is_partner=False)

    with pytest.raises(ValidationError, match="is not a partner"):
        _save(administrator, project, title="X", lead_organisation=engaged)


def test_a_risk_scores_likelihood_times_impact_and_refuses_a_six(administrator):
    project = ProjectFactory(partnership=administrator.partnership)

    risk = services.save_risk(
        administrator, Risk(project=project), description="Funding ends", likelihood=3, impact=5
    )
    assert (risk.score, risk.band) == (15, "high")
    with pytest.raises(ValidationError) as caught:
        services.save_risk(
            administrator, Risk(project=project), description="x", likelihood=6, impact=1
        )
    assert "likelihood" in caught.value.message_dict


def test_an_update_may_sit_on_an_agenda_item_of_its_own_partnership_only(
    administrator, other_partnership
):
    project = ProjectFactory(partnership=administrator.partnership)
    own_item = AgendaItemFactory(
        meeting__body=BodyFactory(partnership=administrator.partnership),
    )
    foreign_item = AgendaItemFactory(meeting__body=BodyFactory(partnership=other_partnership))
    author = PersonFactory(partnership=administrator.partnership)

    update = services.record_update(
        administrator,
        ProjectUpdate(project=project),
        date=datetime.date(2012, 1, 16),
        rag="amber",
        narrative="On track for April.",
        author=author,
        agenda_item=own_item,
    )
    assert update.agenda_item == own_item
    with pytest.raises(ValidationError) as caught:
        services.record_update(
            administrator,
            ProjectUpdate(project=project),
            date=datetime.date(2012, 1, 16),
            narrative="Elsewhere",
            agenda_item=foreign_item,
        )
    assert "agenda_item" in caught.value.message_dict


def test_an_update_refuses_a_rag_that_is_not_red_amber_or_green(administrator):
    project = ProjectFactory(partnership=administrator.partnership)

    with pytest.raises(ValidationError, match="is not red, amber or green"):
        services.record_update(
            administrator,
            ProjectUpdate(project=project),
            date=datetime.date(2012, 1, 16),
            rag="blue",
            narrative="x",
        )
