"""Shared fixtures for strategy tests: users named by role, and a small strategy."""

from __future__ import annotations

import datetime

import pytest

from roundtable.strategy import services
from roundtable.strategy.models import Priority, Strategy
from roundtable.strategy.tests.factories import (
    AdministratorFactory,
    ApproachFactory,
    AreaFactory,
    EditorFactory,
    EventFactory,
    ObjectiveFactory,
    PartnershipFactory,
    StrategyFactory,
    ThemeFactory,
    UserFactory,
)

JULY = datetime.date(2007, 7, 11)


def editing_pages(priority: Priority) -> dict[str, str]:
    """Every page that adds or edits a strategy record, by route name, each with a
    record of the `priority` fixture's partnership (Westminster)."""
    from django.urls import reverse

    from roundtable.core.testing import under

    strategy = priority.strategy
    approach = strategy.approaches.get()  # Narrowing the gaps, with "Close the gap"
    return {
        "strategy-add": under("westminster", reverse("strategy:strategy-add")),
        "strategy-edit": reverse("strategy:strategy-edit", args=[strategy.slug]),
        "theme-add": reverse("strategy:theme-add", args=[strategy.slug]),
        "theme-edit": reverse("strategy:theme-edit", args=[priority.theme_id]),
        "priority-add": reverse("strategy:priority-add", args=[strategy.slug]),
        "priority-edit": reverse("strategy:priority-edit", args=[priority.pk]),
        "event-add": under("westminster", reverse("strategy:event-add")),
        "event-edit": reverse("strategy:event-edit", args=[priority.revisions.first().event_id]),
        "approach-add": reverse("strategy:approach-add", args=[strategy.slug]),
        "approach-edit": reverse("strategy:approach-edit", args=[approach.pk]),
        "priority-objective-add": reverse("strategy:priority-objective-add", args=[priority.pk]),
        "approach-objective-add": reverse("strategy:approach-objective-add", args=[approach.pk]),
        "objective-edit": reverse("strategy:objective-edit", args=[priority.objectives.get().pk]),
    }


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="westminster", name="Westminster City Partnership")


@pytest.fixture
def administrator(partnership):
    return AdministratorFactory(partnership=partnership)


@pytest.fixture
def editor(partnership):
    return EditorFactory(partnership=partnership)


@pytest.fixture
def board_member(partnership):
    return UserFactory(partnership=partnership)


@pytest.fixture
def other_partnership_administrator():
    return AdministratorFactory(partnership=PartnershipFactory(slug="elsewhere"))


@pytest.fixture
def strategy(partnership) -> Strategy:
    return StrategyFactory(
        partnership=partnership, title="Local Area Agreement 2008-11", slug="wcp-laa"
    )


@pytest.fixture
def workshop(partnership):
    return EventFactory(partnership=partnership, name="Summer Workshop", date=JULY)


@pytest.fixture
def priority(strategy, workshop) -> Priority:
    """CS-1: drafted, then refined at the workshop, focused on a reassurance ward."""
    theme = ThemeFactory(strategy=strategy, name="Community Safety")
    priority = services.add_priority(
        None,
        strategy,
        ref="CS-1",
        wording="To increase feelings of public safety",
        date=JULY,
        theme=theme,
        event=workshop,
    )
    services.record_priority_revision(
        None,
        priority,
        date=JULY,
        status="refined",
        wording="To increase community confidence in public services",
        event=workshop,
        note="Suggested focus on reassurance wards",
    )
    services.set_priority_target_areas(
        None, priority, [AreaFactory(code="E05013794", name="Church Street")]
    )
    ObjectiveFactory(priority=priority, text="Focus on the most vulnerable groups")
    approach = ApproachFactory(strategy=strategy, name="Narrowing the gaps")
    ObjectiveFactory(priority=None, approach=approach, strategy=strategy, text="Close the gap")
    priority.refresh_from_db()
    return priority
