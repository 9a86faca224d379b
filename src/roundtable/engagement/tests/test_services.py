"""Writes: who may change what, the latest assessment, the contact rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.engagement import services
from roundtable.engagement.models import Contact, Stakeholder
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)
from roundtable.strategy.tests.factories import AdministratorFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def stakeholder():
    return StakeholderFactory()


def _log(actor, stakeholder, organisation, **extra):
    contact = extra.pop("contact", Contact())
    fields = {
        "stakeholder": stakeholder,
        "date": TODAY,
        "from_organisation": organisation,
        "method": "meeting",
        "topic": "Summer events",
        "today": TODAY,
    }
    fields.update(extra)
    return services.log_contact(actor, contact, **fields)


def test_administrator_adds_a_stakeholder_with_modes_and_manager():
    admin = AdministratorFactory()
    org = OrganisationFactory(partnership=admin.partnership, is_partner=False)
    manager = PersonFactory(
        partnership=admin.partnership, organisation__partnership=admin.partnership
    )
    added = services.save_stakeholder(
        admin,
        Stakeholder(partnership=admin.partnership),
        organisation=org,
        modes=["consultation", "lobbying"],
        relationship_manager=manager,
    )
    assert added.mode_list == ["consultation", "lobbying"]
    assert added.history.first().history_user == admin


@pytest.mark.parametrize("factory", [UserFactory, EditorFactory])
def test_members_and_editors_cannot_change_the_register(stakeholder, factory):
    user = factory(partnership=stakeholder.partnership)
    with pytest.raises(PermissionDenied):
        services.save_stakeholder(user, stakeholder, organisation=stakeholder.organisation)
    with pytest.raises(PermissionDenied):
        services.record_assessment(user, stakeholder, interest=3, influence=3, assessed_on=TODAY)


def test_another_partnerships_administrator_cannot_change_the_register(stakeholder):
    with pytest.raises(PermissionDenied):
        services.save_stakeholder(
            AdministratorFactory(), stakeholder, organisation=stakeholder.organisation
        )


def test_unknown_mode_is_refused_naming_it(stakeholder):
    admin = AdministratorFactory(partnership=stakeholder.partnership)
    with pytest.raises(ValidationError, match="'bribery' is not a mode"):
        services.save_stakeholder(
            admin, stakeholder, organisation=stakeholder.organisation, modes=["bribery"]
        )


def test_latest_assessment_is_current_and_history_is_kept(stakeholder):
    admin = AdministratorFactory(partnership=stakeholder.partnership)
    services.record_assessment(
        admin, stakeholder, interest=2, influence=5, assessed_on=datetime.date(2026, 2, 1)
    )
    # An older assessment entered later does not replace the latest.
    services.record_assessment(
        admin, stakeholder, interest=5, influence=1, assessed_on=datetime.date(2025, 2, 1)
    )
    stakeholder.refresh_from_db()
    assert (stakeholder.interest, stakeholder.influence) == (2, 5)
    assert stakeholder.quadrant.label == "Keep satisfied"
    assert stakeholder.assessments.count() == 2


@pytest.mark.parametrize("field", ["interest", "influence"])
def test_assessment_outside_one_to_five_is_refused(stakeholder, field):
    admin = AdministratorFactory(partnership=stakeholder.partnership)
    scores = {"interest": 3, "influence": 3, field: 6}
    with pytest.raises(ValidationError) as caught:
        services.record_assessment(admin, stakeholder, assessed_on=TODAY, **scores)
    assert list(caught.value.message_dict) == [field]
    assert not stakeholder.assessments.exists()


def test_editor_logs_a_contact_from_their_own_organisation(stakeholder):
    editor = EditorFactory(partnership=stakeholder.partnership)
    unit = UnitFactory(organisation=editor.organisation)
    contact = _log(editor, stakeholder, editor.organisation, from_unit=unit)
    assert contact.partnership_id == stakeholder.partnership_id
    assert contact.history.first().history_user == editor


def test_editor_cannot_log_a_contact_from_another_organisation(stakeholder):
    editor = EditorFactory(partnership=stakeholder.partnership)
    other = OrganisationFactory(partnership=stakeholder.partnership)
    with pytest.raises(PermissionDenied):
        _log(editor, stakeholder, other)


def test_editor_cannot_take_over_another_organisations_contact(stakeholder):
    editor = EditorFactory(partnership=stakeholder.partnership)
    theirs = ContactFactory(stakeholder=stakeholder)
    with pytest.raises(PermissionDenied):
        _log(editor, stakeholder, editor.organisation, contact=theirs)


@pytest.mark.parametrize("factory", [UserFactory, EditorFactory, AdministratorFactory])
def test_nobody_of_another_partnership_logs_contacts(stakeholder, factory):
    user = factory()
    with pytest.raises(PermissionDenied):
        _log(
            user,
            stakeholder,
            user.organisation or OrganisationFactory(partnership=user.partnership),
        )


def test_member_cannot_log_a_contact(stakeholder):
    member = UserFactory(partnership=stakeholder.partnership)
    with pytest.raises(PermissionDenied):
        _log(member, stakeholder, OrganisationFactory(partnership=stakeholder.partnership))


def test_done_contact_in_the_future_and_early_follow_up_are_refused(stakeholder):
    admin = AdministratorFactory(partnership=stakeholder.partnership)
    org = OrganisationFactory(partnership=stakeholder.partnership)
    with pytest.raises(ValidationError) as caught:
        _log(
            admin,
            stakeholder,
            org,
            date=TODAY + datetime.timedelta(days=1),
            follow_up=TODAY,
        )
    assert set(caught.value.message_dict) == {"date", "follow_up"}
    assert not Contact.objects.exists()


def test_unit_of_another_organisation_is_refused(stakeholder):
    admin = AdministratorFactory(partnership=stakeholder.partnership)
    org = OrganisationFactory(partnership=stakeholder.partnership)
    with pytest.raises(ValidationError, match="from_unit"):
        _log(
            admin,
            stakeholder,
            org,
            from_unit=UnitFactory(organisation__partnership=stakeholder.partnership),
        )


def test_planned_contact_is_marked_done(stakeholder):
    editor = EditorFactory(partnership=stakeholder.partnership)
    planned = _log(
        editor, stakeholder, editor.organisation, planned=True, date=TODAY + datetime.timedelta(7)
    )
    services.mark_contact_done(editor, planned, date=TODAY, today=TODAY, outcome="Agreed a date")
    planned.refresh_from_db()
    assert (planned.planned, planned.date, planned.outcome) == (False, TODAY, "Agreed a date")


def test_marking_done_in_the_future_is_refused(stakeholder):
    admin = AdministratorFactory(partnership=stakeholder.partnership)
    planned = ContactFactory(stakeholder=stakeholder, planned=True)
    with pytest.raises(ValidationError, match="date"):
        services.mark_contact_done(admin, planned, date=TODAY + datetime.timedelta(1), today=TODAY)


def test_editor_cannot_mark_another_organisations_contact_done(stakeholder):
    editor = EditorFactory(partnership=stakeholder.partnership)
    planned = ContactFactory(stakeholder=stakeholder, planned=True)
    with pytest.raises(PermissionDenied):
        services.mark_contact_done(editor, planned, date=TODAY, today=TODAY)


def test_settings_are_for_administrators_and_must_be_positive(stakeholder):
    partnership = stakeholder.partnership
    with pytest.raises(PermissionDenied):
        services.save_engagement_settings(
            EditorFactory(partnership=partnership),
            partnership,
            fatigue_window_days=14,
            fatigue_threshold=2,
        )
    admin = AdministratorFactory(partnership=partnership)
    with pytest.raises(ValidationError) as caught:
        services.save_engagement_settings(
            admin, partnership, fatigue_window_days=0, fatigue_threshold=0
        )
    assert set(caught.value.message_dict) == {"fatigue_window_days", "fatigue_threshold"}
    saved = services.save_engagement_settings(
        admin, partnership, fatigue_window_days=14, fatigue_threshold=2
    )
    assert (saved.fatigue_window_days, saved.fatigue_threshold) == (14, 2)
