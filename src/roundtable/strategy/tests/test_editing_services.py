"""Adding and editing strategies, themes, priorities, events, values and objectives by hand: the services the web
forms call. Only the partnership's administrators may, whoever calls the service."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.strategy import services
from roundtable.strategy.choices import StrategyKind, StrategyStatus
from roundtable.strategy.models import Approach, Objective, Strategy, Theme
from roundtable.strategy.tests.factories import (
    ApproachFactory,
    EventFactory,
    ObjectiveFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

JULY = datetime.date(2007, 7, 11)
NOT_ALLOWED = ["editor", "board_member", "other_partnership_administrator"]


def _add_strategy(actor, partnership, **fields) -> Strategy:
    values = {"title": "Sustainable Community Strategy 2011", "kind": StrategyKind.OTHER}
    return services.add_strategy(actor, partnership, **(values | fields))


# Strategies -----------------------------------------------------------------


def test_a_strategy_added_by_hand_takes_its_slug_from_its_title(administrator, partnership):
    strategy = _add_strategy(
        administrator,
        partnership,
        start_year=2011,
        end_year=2026,
        status=StrategyStatus.DRAFT,
        short_title="SCS 2011",
    )
    assert strategy.slug == "sustainable-community-strategy-2011"
    assert (strategy.partnership, strategy.period, strategy.status) == (
        partnership,
        "2011–26",
        "draft",
    )
    assert strategy.history.get().history_user == administrator


def test_a_strategy_added_by_hand_keeps_the_slug_given(administrator, partnership):
    assert _add_strategy(administrator, partnership, slug="scs-2011").slug == "scs-2011"


def test_the_same_title_in_another_partnership_gets_the_next_free_slug(administrator, partnership):
    StrategyFactory(slug="sustainable-community-strategy-2011")
    strategy = _add_strategy(administrator, partnership)
    assert strategy.slug == "sustainable-community-strategy-2011-2"


def test_adding_a_strategy_refuses_a_title_the_partnership_has(administrator, strategy):
    with pytest.raises(ValidationError) as caught:
        _add_strategy(administrator, strategy.partnership, title=strategy.title)
    assert caught.value.message_dict == {
        "title": ["The partnership already has a strategy with this title."]
    }


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("wcp-laa", "Another strategy already uses the slug 'wcp-laa'"),
        ("add", "'add' is used by Roundtable's own pages; choose another slug"),
    ],
)
def test_adding_a_strategy_refuses_a_slug_taken_or_reserved(administrator, strategy, slug, message):
    with pytest.raises(ValidationError) as caught:
        _add_strategy(administrator, strategy.partnership, title="Another", slug=slug)
    assert caught.value.message_dict == {"slug": [message]}
    assert Strategy.objects.count() == 1


def test_adding_a_strategy_refuses_a_period_that_ends_before_it_starts(administrator, partnership):
    with pytest.raises(ValidationError) as caught:
        _add_strategy(administrator, partnership, start_year=2011, end_year=2008)
    assert list(caught.value.message_dict) == ["end_year"]


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_add_a_strategy(partnership, user, request):
    with pytest.raises(PermissionDenied):
        _add_strategy(request.getfixturevalue(user), partnership)
    assert not Strategy.objects.exists()


def test_editing_a_strategy_changes_it_and_keeps_its_slug(administrator, strategy):
    updated = services.update_strategy(
        administrator, strategy, title="LAA 2008-11 (refreshed)", end_year=2012
    )
    strategy.refresh_from_db()
    assert (strategy.title, strategy.end_year, strategy.slug) == (
        "LAA 2008-11 (refreshed)",
        2012,
        "wcp-laa",
    )
    assert updated.history.latest().history_user == administrator


def test_editing_a_strategy_without_a_change_writes_no_history(administrator, strategy):
    services.update_strategy(administrator, strategy, title=strategy.title)
    assert strategy.history.count() == 1


def test_editing_a_strategy_refuses_another_strategys_title(administrator, strategy):
    StrategyFactory(partnership=strategy.partnership, title="Health Plan")
    StrategyFactory(title="Safety Plan")  # of another partnership: free here
    services.update_strategy(administrator, strategy, title="Safety Plan")
    with pytest.raises(ValidationError) as caught:
        services.update_strategy(administrator, strategy, title="Health Plan")
    assert list(caught.value.message_dict) == ["title"]


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_edit_a_strategy(strategy, user, request):
    with pytest.raises(PermissionDenied):
        services.update_strategy(request.getfixturevalue(user), strategy, title="Renamed")
    strategy.refresh_from_db()
    assert strategy.title == "Local Area Agreement 2008-11"


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_save_strategy_refuses_everyone_but_the_administrators(partnership, user, request):
    with pytest.raises(PermissionDenied):
        services.save_strategy(request.getfixturevalue(user), partnership, slug="x", title="X")


# Themes ---------------------------------------------------------------------


def test_a_theme_added_by_hand_comes_after_the_others(administrator, strategy):
    ThemeFactory(strategy=strategy, order=4)
    theme = services.add_theme(administrator, strategy, name="Health", description="Living well")
    assert (theme.order, theme.partnership_id, theme.description) == (
        5,
        strategy.partnership_id,
        "Living well",
    )
    assert theme.history.get().history_user == administrator


def test_adding_a_theme_refuses_a_name_the_strategy_has(administrator, strategy):
    ThemeFactory(strategy=strategy, name="Health")
    with pytest.raises(ValidationError) as caught:
        services.add_theme(administrator, strategy, name="Health")
    assert caught.value.message_dict == {
        "name": ["This strategy already has a theme with this name."]
    }
    other = StrategyFactory(partnership=strategy.partnership)
    assert services.add_theme(administrator, other, name="Health")  # free in another strategy


def test_renaming_a_theme_keeps_it_and_its_priorities(administrator, strategy):
    theme = ThemeFactory(strategy=strategy, name="Helth")
    priority = PriorityFactory(strategy=strategy, theme=theme)
    services.update_theme(administrator, theme, name="Health", description="", order=2)
    priority.refresh_from_db()
    assert (priority.theme.name, priority.theme.order) == ("Health", 2)
    assert Theme.objects.count() == 1
    assert theme.history.latest().history_user == administrator


def test_renaming_a_theme_refuses_another_themes_name(administrator, strategy):
    ThemeFactory(strategy=strategy, name="Health")
    theme = ThemeFactory(strategy=strategy, name="Safety")
    with pytest.raises(ValidationError) as caught:
        services.update_theme(administrator, theme, name="Health", description="", order=1)
    assert list(caught.value.message_dict) == ["name"]


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_add_or_edit_a_theme(strategy, user, request):
    actor = request.getfixturevalue(user)
    theme = ThemeFactory(strategy=strategy, name="Health")
    with pytest.raises(PermissionDenied):
        services.add_theme(actor, strategy, name="Safety")
    with pytest.raises(PermissionDenied):
        services.update_theme(actor, theme, name="Renamed", description="", order=0)
    with pytest.raises(PermissionDenied):
        services.save_theme(actor, strategy, name="Safety")
    assert list(Theme.objects.values_list("name", flat=True)) == ["Health"]


# Priorities -----------------------------------------------------------------


def test_a_priority_added_by_hand_comes_after_the_others(administrator, strategy):
    PriorityFactory(strategy=strategy, order=7)
    priority = services.add_priority(
        administrator, strategy, ref="HC-1", wording="To reduce obesity", date=JULY
    )
    assert priority.order == 8
    assert priority.revisions.get().history.get().history_user == administrator


def test_adding_a_priority_refuses_a_reference_the_strategy_has(administrator, strategy):
    PriorityFactory(strategy=strategy, ref="HC-1")
    with pytest.raises(ValidationError) as caught:
        services.add_priority(administrator, strategy, ref="HC-1", wording="x", date=JULY)
    assert caught.value.message_dict == {
        "ref": ["This strategy already has a priority with this reference."]
    }


def test_adding_a_priority_refuses_another_partnerships_event(administrator, strategy):
    event = EventFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError) as caught:
        services.add_priority(
            administrator, strategy, ref="HC-1", wording="x", date=JULY, event=event
        )
    assert list(caught.value.message_dict) == ["event"]


def test_editing_a_priority_changes_its_reference_theme_and_position(administrator, strategy):
    priority = PriorityFactory(strategy=strategy, ref="HC-1")
    theme = ThemeFactory(strategy=strategy, name="Health")
    services.update_priority(administrator, priority, ref="HC-2", theme=theme, order=3)
    priority.refresh_from_db()
    assert (priority.ref, priority.theme, priority.order) == ("HC-2", theme, 3)
    assert priority.history.latest().history_user == administrator


def test_editing_a_priority_refuses_another_priorities_reference(administrator, strategy):
    PriorityFactory(strategy=strategy, ref="HC-1")
    priority = PriorityFactory(strategy=strategy, ref="HC-2")
    with pytest.raises(ValidationError) as caught:
        services.update_priority(administrator, priority, ref="HC-1", theme=priority.theme, order=1)
    assert list(caught.value.message_dict) == ["ref"]


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_add_edit_or_revise_a_priority(
    strategy, user, request
):
    actor = request.getfixturevalue(user)
    priority = PriorityFactory(strategy=strategy, ref="HC-1")
    with pytest.raises(PermissionDenied):
        services.add_priority(actor, strategy, ref="HC-2", wording="x", date=JULY)
    with pytest.raises(PermissionDenied):
        services.update_priority(actor, priority, ref="HC-9", theme=None, order=0)
    with pytest.raises(PermissionDenied):
        services.record_priority_revision(actor, priority, date=JULY, status="agreed")
    with pytest.raises(PermissionDenied):
        services.set_priority_target_areas(actor, priority, [])
    priority.refresh_from_db()
    assert (priority.ref, priority.revisions.count(), strategy.priorities.count()) == (
        "HC-1",
        0,
        1,
    )


# Events ---------------------------------------------------------------------

AUGUST = datetime.date(2007, 8, 1)


def test_an_event_added_by_hand_is_the_partnerships(administrator, partnership):
    event = services.add_event(
        administrator, partnership, name=" Partnership board ", date=JULY, kind="board_meeting"
    )
    assert (event.partnership, event.name, event.date, event.kind) == (
        partnership,
        "Partnership board",
        JULY,
        "board_meeting",
    )
    assert event.history.get().history_user == administrator


def test_adding_an_event_refuses_the_same_name_on_the_same_date(administrator, workshop):
    with pytest.raises(ValidationError) as caught:
        services.add_event(administrator, workshop.partnership, name=workshop.name, date=JULY)
    assert caught.value.message_dict == {
        "name": ["The partnership already has an event with this name on this date."]
    }
    assert services.add_event(administrator, workshop.partnership, name=workshop.name, date=AUGUST)
    assert services.add_event(None, PartnershipFactory(), name=workshop.name, date=JULY)


def test_editing_an_event_changes_it_and_keeps_its_revisions(administrator, priority, workshop):
    services.update_event(
        administrator, workshop, name="Summer Workshop (Marylebone)", date=AUGUST, kind="other"
    )
    workshop.refresh_from_db()
    assert (workshop.name, workshop.date, workshop.kind) == (
        "Summer Workshop (Marylebone)",
        AUGUST,
        "other",
    )
    assert workshop.revisions.count() == 2
    assert workshop.history.latest().history_user == administrator


def test_editing_an_event_without_a_change_writes_no_history(administrator, workshop):
    services.update_event(administrator, workshop, name=workshop.name, date=workshop.date)
    assert workshop.history.count() == 1


def test_editing_an_event_refuses_another_events_name_and_date(administrator, workshop):
    EventFactory(partnership=workshop.partnership, name="Board", date=JULY)
    with pytest.raises(ValidationError) as caught:
        services.update_event(administrator, workshop, name="Board")
    assert list(caught.value.message_dict) == ["name"]
    workshop.refresh_from_db()
    assert workshop.name == "Summer Workshop"


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_add_or_edit_an_event(workshop, user, request):
    actor, partnership = request.getfixturevalue(user), workshop.partnership
    with pytest.raises(PermissionDenied):
        services.add_event(actor, partnership, name="Board", date=JULY)
    with pytest.raises(PermissionDenied):
        services.update_event(actor, workshop, name="Renamed")
    with pytest.raises(PermissionDenied):
        services.save_event(actor, partnership, name="Board", date=JULY)
    assert list(partnership.strategy_events.values_list("name", flat=True)) == ["Summer Workshop"]


# Values and approaches ------------------------------------------------------


def test_a_value_added_by_hand_comes_after_the_others(administrator, strategy):
    ApproachFactory(strategy=strategy, order=3)
    approach = services.add_approach(administrator, strategy, name=" Equality ", description="x")
    assert (approach.name, approach.order, approach.partnership_id) == (
        "Equality",
        4,
        strategy.partnership_id,
    )
    assert approach.history.get().history_user == administrator


def test_adding_a_value_refuses_a_name_the_strategy_has(administrator, strategy):
    ApproachFactory(strategy=strategy, name="Equality")
    with pytest.raises(ValidationError) as caught:
        services.add_approach(administrator, strategy, name="Equality")
    assert caught.value.message_dict == {
        "name": ["This strategy already has a value or approach with this name."]
    }
    other = StrategyFactory(partnership=strategy.partnership)
    assert services.add_approach(administrator, other, name="Equality")


def test_renaming_a_value_keeps_its_objectives(administrator, strategy):
    approach = ApproachFactory(strategy=strategy, name="Equalty")
    ObjectiveFactory(priority=None, approach=approach, strategy=strategy)
    services.update_approach(administrator, approach, name="Equality", description="", order=2)
    approach.refresh_from_db()
    assert (approach.name, approach.order, approach.objectives.count()) == ("Equality", 2, 1)
    assert approach.history.latest().history_user == administrator


def test_renaming_a_value_refuses_another_values_name(administrator, strategy):
    ApproachFactory(strategy=strategy, name="Equality")
    approach = ApproachFactory(strategy=strategy, name="Fairness")
    with pytest.raises(ValidationError) as caught:
        services.update_approach(administrator, approach, name="Equality", description="", order=0)
    assert list(caught.value.message_dict) == ["name"]


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_add_or_edit_a_value(strategy, user, request):
    actor = request.getfixturevalue(user)
    approach = ApproachFactory(strategy=strategy, name="Equality")
    with pytest.raises(PermissionDenied):
        services.add_approach(actor, strategy, name="Fairness")
    with pytest.raises(PermissionDenied):
        services.update_approach(actor, approach, name="Renamed", description="", order=0)
    with pytest.raises(PermissionDenied):
        services.save_approach(actor, strategy, name="Fairness")
    assert list(Approach.objects.values_list("name", flat=True)) == ["Equality"]


# Objectives -----------------------------------------------------------------


def test_an_objective_added_to_a_priority_comes_after_its_others(administrator, strategy):
    priority = PriorityFactory(strategy=strategy)
    ObjectiveFactory(priority=priority, order=5)
    ObjectiveFactory(order=9)  # of another priority
    objective = services.add_objective(administrator, priority=priority, text=" Reach 80% ")
    assert (objective.text, objective.order, objective.strategy, objective.approach) == (
        "Reach 80%",
        6,
        strategy,
        None,
    )
    assert objective.history.get().history_user == administrator


def test_an_objective_added_to_a_value_is_listed_under_it(administrator, strategy):
    approach = ApproachFactory(strategy=strategy)
    objective = services.add_objective(administrator, approach=approach, text="Close the gap")
    assert (objective.approach, objective.priority, objective.order) == (approach, None, 1)
    assert objective.get_absolute_url().endswith(f"#value-{approach.pk}")


def test_an_objective_belongs_to_a_priority_or_a_value(administrator, strategy):
    with pytest.raises(ValidationError):
        services.add_objective(administrator, text="Orphan")
    with pytest.raises(ValidationError):
        services.add_objective(
            administrator,
            text="Both",
            priority=PriorityFactory(strategy=strategy),
            approach=ApproachFactory(strategy=strategy),
        )


def test_adding_an_objective_refuses_text_its_priority_has(administrator, strategy):
    priority = PriorityFactory(strategy=strategy)
    ObjectiveFactory(priority=priority, text="Reach 80%")
    with pytest.raises(ValidationError) as caught:
        services.add_objective(administrator, priority=priority, text="Reach 80%")
    assert caught.value.message_dict == {"text": ["This priority already has this objective."]}
    other = PriorityFactory(strategy=strategy)
    assert services.add_objective(administrator, priority=other, text="Reach 80%")


def test_editing_an_objective_rewords_and_moves_it(administrator, strategy):
    objective = ObjectiveFactory(priority=PriorityFactory(strategy=strategy), text="Reach 80")
    services.update_objective(administrator, objective, text="Reach 80%", order=3)
    objective.refresh_from_db()
    assert (objective.text, objective.order) == ("Reach 80%", 3)
    assert objective.history.latest().history_user == administrator


def test_editing_an_objective_refuses_text_another_of_its_value_has(administrator, strategy):
    approach = ApproachFactory(strategy=strategy)
    ObjectiveFactory(priority=None, approach=approach, strategy=strategy, text="Close the gap")
    objective = ObjectiveFactory(priority=None, approach=approach, strategy=strategy)
    with pytest.raises(ValidationError) as caught:
        services.update_objective(administrator, objective, text="Close the gap", order=0)
    assert caught.value.message_dict == {
        "text": ["This value or approach already has this objective."]
    }


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_only_the_partnerships_administrators_add_or_edit_an_objective(strategy, user, request):
    actor = request.getfixturevalue(user)
    priority = PriorityFactory(strategy=strategy)
    objective = ObjectiveFactory(priority=priority, text="Reach 80%")
    with pytest.raises(PermissionDenied):
        services.add_objective(actor, priority=priority, text="Reach 90%")
    with pytest.raises(PermissionDenied):
        services.update_objective(actor, objective, text="Reworded", order=0)
    with pytest.raises(PermissionDenied):
        services.save_objective(actor, strategy, priority=priority, text="Reach 90%")
    assert list(Objective.objects.values_list("text", flat=True)) == ["Reach 80%"]
