"""Deleting a project's milestones, risks and updates: asked first, done by the
service for those who may edit the project, kept in history; an update on a
meeting's agenda is refused, naming the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings.tests.factories import AgendaItemFactory
from roundtable.projects import services
from roundtable.projects.models import Milestone, ProjectUpdate, Risk
from roundtable.projects.tests.factories import (
    MilestoneFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def southall(partnership, council, board):
    return ProjectFactory(
        partnership=partnership, lead_organisation=council, sponsor_body=board, title="Southall"
    )


@pytest.fixture
def on_agenda(southall, board):
    start = timezone.make_aware(datetime.datetime(2012, 1, 26, 18, 30))
    item = AgendaItemFactory(meeting__body=board, meeting__start=start, title="Priority projects")
    return ProjectUpdateFactory(project=southall, agenda_item=item)


def _url(name, record):
    return under("ealing", reverse(f"projects:{name}", args=[record.pk]))


def test_an_editor_of_the_lead_organisation_deletes_a_milestone_kept_in_history(officer, southall):
    milestone = MilestoneFactory(project=southall)
    pk = milestone.pk
    services.delete_milestone(officer, milestone)
    assert not Milestone.objects.filter(pk=pk).exists()
    deleted = Milestone.history.get(id=pk, history_type="-")
    assert deleted.history_user == officer


def test_the_sponsor_bodys_secretary_deletes_a_risk(secretary, southall):
    risk = RiskFactory(project=southall)
    pk = risk.pk
    services.delete_risk(secretary, risk)
    assert not Risk.objects.filter(pk=pk).exists()
    assert Risk.history.get(id=pk, history_type="-").history_user == secretary


@pytest.mark.parametrize("who", ["board_member", "other_partnership_officer", "police_editor"])
def test_who_may_not_edit_the_project_may_not_delete_its_parts(
    request, who, southall, partnership, police
):
    from roundtable.accounts.choices import Role
    from roundtable.partnership.tests.factories import UserFactory

    if who == "police_editor":
        actor = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    else:
        actor = request.getfixturevalue(who)
    milestone = MilestoneFactory(project=southall)
    risk = RiskFactory(project=southall)
    update = ProjectUpdateFactory(project=southall)
    for delete, record in (
        (services.delete_milestone, milestone),
        (services.delete_risk, risk),
        (services.delete_update, update),
    ):
        with pytest.raises(PermissionDenied):
            delete(actor, record)
        with pytest.raises(PermissionDenied):
            delete(None, record)
    assert southall.milestones.count() == southall.risks.count() == southall.updates.count() == 1


def test_an_update_on_an_agenda_is_not_deleted_and_the_refusal_names_the_meeting(
    administrator, on_agenda, board
):
    with pytest.raises(ValidationError) as refused:
        services.delete_update(administrator, on_agenda)
    assert refused.value.messages == [
        f"This update is on the agenda of the {board.name} meeting on 26 January 2012; take it "
        "off the agenda first (change the update and choose no agenda item), then delete it"
    ]
    assert ProjectUpdate.objects.filter(pk=on_agenda.pk).exists()


def test_an_update_taken_off_the_agenda_can_be_deleted(administrator, on_agenda):
    on_agenda.agenda_item = None
    on_agenda.save()
    pk = on_agenda.pk
    services.delete_update(administrator, on_agenda)
    assert not ProjectUpdate.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("factory", "name", "question"),
    [
        (MilestoneFactory, "milestone-delete", "delete this milestone?"),
        (RiskFactory, "risk-delete", "delete this risk?"),
        (ProjectUpdateFactory, "update-delete", "delete this update?"),
    ],
)
def test_the_delete_page_asks_first_and_deletes_on_post(
    client, officer, southall, factory, name, question
):
    record = factory(project=southall)
    client.force_login(officer)
    page = client.get(_url(name, record))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Are you sure you want to {question}" in html
    assert "govuk-button--warning" in html
    assert type(record).objects.filter(pk=record.pk).exists()
    response = client.post(_url(name, record))
    assert response.status_code == 302
    assert response["Location"] == southall.get_absolute_url()
    assert not type(record).objects.filter(pk=record.pk).exists()


def test_the_project_page_links_to_the_delete_pages_for_editors_only(
    client, officer, board_member, southall
):
    milestone = MilestoneFactory(project=southall)
    risk = RiskFactory(project=southall)
    update = ProjectUpdateFactory(project=southall)
    links = [
        reverse("projects:milestone-delete", args=[milestone.pk]),
        reverse("projects:risk-delete", args=[risk.pk]),
        reverse("projects:update-delete", args=[update.pk]),
    ]
    client.force_login(officer)
    page = client.get(_url("project-detail", southall)).content.decode()
    assert all(link in page for link in links)
    client.force_login(board_member)
    page = client.get(_url("project-detail", southall)).content.decode()
    assert not any(link in page for link in links)


def test_deleting_an_update_on_an_agenda_says_why_not_on_the_project_page(
    client, administrator, on_agenda, board
):
    client.force_login(administrator)
    response = client.post(_url("update-delete", on_agenda))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"This update is on the agenda of the {board.name} meeting on 26 January 2012" in page
    assert ProjectUpdate.objects.filter(pk=on_agenda.pk).exists()


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_the_public_members_and_other_partnerships_cannot_delete(request, client, southall, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    milestone = MilestoneFactory(project=southall)
    risk = RiskFactory(project=southall)
    # Anonymous: sign in; a member: 403; another partnership: 403. A risk is internal
    # to the partnership: 404 for anyone outside it.
    for record, name in ((milestone, "milestone-delete"), (risk, "risk-delete")):
        response = client.post(_url(name, record))
        expected = {None: 302, "board_member": 403, "other_partnership_officer": 403}[who]
        if name == "risk-delete" and who != "board_member":
            expected = 404
        assert response.status_code == expected, name
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert Risk.objects.filter(pk=risk.pk).exists()
