"""Strategy services: the writes, with the database."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from roundtable.strategy import services
from roundtable.strategy.choices import RevisionStatus
from roundtable.strategy.models import Priority
from roundtable.strategy.tests.factories import (
    AdministratorFactory,
    AreaFactory,
    EventFactory,
    PriorityFactory,
    StrategyFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

JULY = datetime.date(2007, 7, 11)


@pytest.fixture
def administrator():
    return AdministratorFactory()


@pytest.fixture
def strategy(administrator):
    return StrategyFactory(partnership=administrator.partnership)


@pytest.fixture
def priority(administrator, strategy) -> Priority:
    return services.add_priority(
        administrator,
        strategy,
        ref="HC-2",
        wording="To reduce childhood obesity",
        date=JULY,
        theme=ThemeFactory(strategy=strategy, name="Health and Care"),
    )


def test_add_priority_records_its_first_revision(priority) -> None:
    revision = priority.revisions.get()
    assert (revision.sequence, revision.status, revision.wording) == (
        1,
        RevisionStatus.DRAFT,
        "To reduce childhood obesity",
    )
    assert revision.partnership_id == priority.partnership_id


def test_add_priority_refuses_a_deleted_first_revision(administrator, strategy) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_priority(
            administrator, strategy, ref="X", wording="x", date=JULY, status="deleted"
        )
    assert "status" in caught.value.message_dict


def test_recording_a_refinement_updates_the_priority_wording(administrator, priority) -> None:
    event = EventFactory(partnership=priority.strategy.partnership)
    revision = services.record_priority_revision(
        administrator,
        priority,
        date=JULY,
        status="refined",
        wording="To reduce childhood obesity in the five schools with the highest rates",
        event=event,
        note="Focus on the 5 schools with the highest obesity rates",
    )
    priority.refresh_from_db()
    assert revision.sequence == 2
    assert revision.event == event
    assert priority.status == RevisionStatus.REFINED
    assert priority.wording.endswith("highest rates")


def test_deleting_keeps_the_last_wording(administrator, priority) -> None:
    services.record_priority_revision(administrator, priority, date=JULY, status="deleted")
    priority.refresh_from_db()
    assert priority.status == RevisionStatus.DELETED
    assert priority.wording == "To reduce childhood obesity"


def test_a_deleted_priority_cannot_be_refined(administrator, priority) -> None:
    services.record_priority_revision(administrator, priority, date=JULY, status="deleted")
    with pytest.raises(ValidationError) as caught:
        services.record_priority_revision(
            administrator, priority, date=JULY, status="refined", wording="Something else"
        )
    assert "reinstate" in caught.value.message_dict["status"][0]
    assert priority.revisions.count() == 2


def test_merging_names_the_priority_merged_into(administrator, priority, strategy) -> None:
    other = services.add_priority(
        administrator, strategy, ref="HC-1", wording="To reduce alcohol-related harm", date=JULY
    )
    revision = services.record_priority_revision(
        administrator, priority, date=JULY, status="merged", merged_into=other
    )
    assert revision.merged_into == other
    assert list(other.merged_from.all()) == [revision]


def test_merging_into_another_strategys_priority_is_refused(administrator, priority) -> None:
    elsewhere = PriorityFactory(partnership=priority.partnership)
    with pytest.raises(ValidationError) as caught:
        services.record_priority_revision(
            administrator, priority, date=JULY, status="merged", merged_into=elsewhere
        )
    assert "same strategy" in caught.value.message_dict["merged_into"][0]


def test_an_event_of_another_partnership_is_refused(administrator, priority) -> None:
    with pytest.raises(ValidationError):
        services.record_priority_revision(
            administrator, priority, date=JULY, status="agreed", event=EventFactory()
        )


def test_revisions_record_who_made_them(administrator, priority) -> None:
    revision = services.record_priority_revision(
        administrator, priority, date=JULY, status="agreed"
    )
    assert revision.history.get().history_user == administrator
    assert priority.history.latest().history_user == administrator


def test_saving_an_unchanged_strategy_writes_no_history(administrator) -> None:
    fields = {"slug": "scs-2011", "title": "Sustainable Community Strategy 2011"}
    strategy, first = services.save_strategy(administrator, administrator.partnership, **fields)
    _, second = services.save_strategy(administrator, administrator.partnership, **fields)
    assert (first, second) == (services.Outcome.CREATED, services.Outcome.UNCHANGED)
    assert strategy.history.count() == 1


def test_save_strategy_refuses_a_period_that_ends_before_it_starts(administrator) -> None:
    with pytest.raises(ValidationError):
        services.save_strategy(
            administrator,
            administrator.partnership,
            slug="laa",
            title="LAA",
            start_year=2011,
            end_year=2008,
        )


def test_save_strategy_refuses_another_partnerships_slug(administrator) -> None:
    StrategyFactory(slug="laa-2008")
    with pytest.raises(ValidationError):
        services.save_strategy(
            administrator, administrator.partnership, slug="laa-2008", title="LAA"
        )


def test_target_areas_are_recorded_in_history(administrator, priority) -> None:
    church_street = AreaFactory(name="Church Street")
    services.set_priority_target_areas(administrator, priority, [church_street])
    assert list(priority.target_areas.all()) == [church_street]
    count = priority.history.count()
    services.set_priority_target_areas(administrator, priority, [church_street])
    assert priority.history.count() == count


def test_an_objective_belongs_to_a_priority_or_a_value(administrator, strategy) -> None:
    with pytest.raises(ValidationError):
        services.save_objective(administrator, strategy, text="Something")
