"""Saving co-location opportunities and turning them into projects: who may, and
what the finder decides."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.assets.colocation import Options
from roundtable.assets.models_colocation import OpportunityStatus
from roundtable.assets.services_colocation import (
    change_opportunity,
    save_opportunity,
    turn_into_project,
)
from roundtable.assets.tests.factories import AssetFactory
from roundtable.assets.tests.factories_colocation import OpportunityFactory
from roundtable.projects.models import Project

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 31)
OPTIONS = Options()


@pytest.fixture
def pair(partnership, council, police):
    """An under-used council building and a police station 110 m away."""
    hall = AssetFactory(
        partnership=partnership,
        owner=council,
        name="Perceval House",
        utilisation=Decimal("35"),
        operating_cost=Decimal("400000"),
    )
    station = AssetFactory(
        partnership=partnership,
        owner=police,
        name="Ealing Police Station",
        latitude=hall.latitude + 0.001,
        operating_cost=Decimal("90000"),
    )
    return hall, station


def _save(user, partnership, pair, **kw):
    ids = kw.pop("ids", [a.pk for a in pair])
    return save_opportunity(user, partnership, asset_ids=ids, options=OPTIONS, on=ON, **kw)


def test_an_editor_saves_a_group_with_the_finders_saving_and_building_to_leave(
    officer, partnership, pair
):
    opportunity = _save(officer, partnership, pair)
    assert set(opportunity.assets.all()) == set(pair)
    assert opportunity.vacate == pair[0]
    assert opportunity.saving == Decimal("400000")
    assert opportunity.title == "Move out of Perceval House into Ealing Police Station"
    assert (opportunity.within_m, opportunity.lease_months, opportunity.found_on) == (500, 12, ON)
    assert opportunity.status == OpportunityStatus.OPEN
    assert opportunity.history.first().history_user == officer


def test_an_administrator_saves_one_with_a_title_of_their_own(administrator, partnership, pair):
    opportunity = _save(administrator, partnership, pair, title="  Move  into the station ")
    assert opportunity.title == "Move into the station"


@pytest.mark.parametrize("who", ["board_member", "other_partnership_officer", "anonymous"])
def test_members_other_partnerships_and_the_public_cannot_save(who, request, partnership, pair):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _save(user, partnership, pair)


def test_assets_that_no_longer_make_a_group_are_refused(officer, partnership, pair):
    pair[0].utilisation = Decimal("90")
    pair[0].save()
    with pytest.raises(ValidationError, match="no longer make a group"):
        _save(officer, partnership, pair)


def test_an_asset_of_another_partnership_cannot_be_slipped_in(
    officer, partnership, other_partnership, pair
):
    elsewhere = AssetFactory(partnership=other_partnership, latitude=pair[0].latitude)
    with pytest.raises(ValidationError, match="two or more of the partnership"):
        _save(officer, partnership, pair, ids=[pair[0].pk, elsewhere.pk])


def test_a_single_asset_is_not_a_group(officer, partnership, pair):
    with pytest.raises(ValidationError, match="two or more"):
        _save(officer, partnership, pair, ids=[pair[0].pk])


def test_turning_into_a_project_makes_an_unpublished_project_led_by_the_owner_to_move(
    officer, partnership, pair
):
    opportunity = _save(officer, partnership, pair)
    project = turn_into_project(officer, opportunity)
    assert project.title == opportunity.title
    assert project.lead_organisation == pair[0].owner
    assert project.is_published is False
    assert project.partnership == partnership
    assert "Perceval House (Ealing Council)" in project.summary
    opportunity.refresh_from_db()
    assert opportunity.project == project
    assert opportunity.status == OpportunityStatus.PROJECT
    assert project.history.first().history_user == officer


def test_a_project_is_made_once(officer, partnership, pair):
    opportunity = _save(officer, partnership, pair)
    turn_into_project(officer, opportunity)
    with pytest.raises(ValidationError, match="a project already"):
        turn_into_project(officer, opportunity)


def test_a_closed_opportunity_is_reopened_before_it_becomes_a_project(officer, partnership, pair):
    opportunity = OpportunityFactory(
        partnership=partnership, assets=list(pair), status=OpportunityStatus.CLOSED
    )
    with pytest.raises(ValidationError, match="Reopen"):
        turn_into_project(officer, opportunity)


@pytest.mark.parametrize("who", ["board_member", "other_partnership_officer"])
def test_members_and_other_partnerships_cannot_make_a_project(who, request, partnership, pair):
    opportunity = OpportunityFactory(partnership=partnership, assets=list(pair))
    with pytest.raises(PermissionDenied):
        turn_into_project(request.getfixturevalue(who), opportunity)
    opportunity.refresh_from_db()
    assert opportunity.project is None


def test_an_editor_closes_an_opportunity_with_notes(officer, partnership, pair):
    opportunity = OpportunityFactory(partnership=partnership, assets=list(pair))
    change_opportunity(
        officer, opportunity, title="Not now", notes=" Lease renewed. ", status="closed"
    )
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.notes, opportunity.status) == (
        "Not now",
        "Lease renewed.",
        "closed",
    )


def test_becoming_a_project_is_only_by_turning_it_into_one(officer, partnership, pair):
    opportunity = OpportunityFactory(partnership=partnership, assets=list(pair))
    with pytest.raises(ValidationError, match="Turn into a project"):
        change_opportunity(officer, opportunity, title="X", notes="", status="project")


def test_a_member_cannot_change_an_opportunity(board_member, partnership, pair):
    opportunity = OpportunityFactory(partnership=partnership, assets=list(pair))
    with pytest.raises(PermissionDenied):
        change_opportunity(board_member, opportunity, title="X", notes="", status="closed")


@pytest.fixture
def police_editor(partnership, police):
    from roundtable.accounts.choices import Role
    from roundtable.partnership.tests.factories import UserFactory

    return UserFactory(
        username="police-editor", role=Role.EDITOR, partnership=partnership, organisation=police
    )


def test_an_editor_of_another_partner_cannot_make_a_project_the_council_would_lead(
    police_editor, partnership, pair
):
    opportunity = _save(police_editor, partnership, pair)
    assert opportunity.vacate.owner.name == "Ealing Council"
    with pytest.raises(PermissionDenied, match="led by Ealing Council"):
        turn_into_project(police_editor, opportunity)
    opportunity.refresh_from_db()
    assert opportunity.project is None
    assert not Project.objects.exists()


def test_the_projects_history_names_who_made_it_and_why(officer, partnership, pair):
    opportunity = _save(officer, partnership, pair)
    project = turn_into_project(officer, opportunity)
    (entry,) = project.history.all()
    assert entry.history_user == officer
    assert entry.history_change_reason == (
        f"Made from the co-location opportunity \u201c{opportunity.title}\u201d"
    )
