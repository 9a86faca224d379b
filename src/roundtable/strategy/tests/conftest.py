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
