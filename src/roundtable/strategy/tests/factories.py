"""Factories for strategy records. Each builds a valid object with no arguments.

Partnerships and organisations come from the partnership app's factories; the user
factories here set no password (hashing one is slow and these tests never sign in
with a password).
"""

from __future__ import annotations

import datetime

import factory

from roundtable.accounts.choices import Role
from roundtable.accounts.models import User
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.strategy.choices import EventKind, RevisionStatus, StrategyKind
from roundtable.strategy.models import (
    Approach,
    Event,
    Objective,
    Priority,
    PriorityRevision,
    Strategy,
    Theme,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.MEMBER
    partnership = factory.SubFactory(PartnershipFactory)


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR


class EditorFactory(UserFactory):
    role = Role.EDITOR
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E0500{n:04d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    area_type = AreaType.WARD


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Local Area Agreement {n}")
    slug = factory.Sequence(lambda n: f"laa-{n}")
    kind = StrategyKind.LOCAL_AREA_AGREEMENT
    start_year = 2008
    end_year = 2011


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    order = factory.Sequence(lambda n: n)
    partnership = factory.SelfAttribute("strategy.partnership")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Summer workshop {n}")
    date = datetime.date(2007, 7, 11)
    kind = EventKind.WORKSHOP


class PriorityFactory(factory.django.DjangoModelFactory):
    """A priority with no revisions; use `services.add_priority` for one with history."""

    class Meta:
        model = Priority

    strategy = factory.SubFactory(StrategyFactory)
    theme = factory.SubFactory(ThemeFactory, strategy=factory.SelfAttribute("..strategy"))
    ref = factory.Sequence(lambda n: f"P-{n}")
    wording = "To increase housing supply"
    status = RevisionStatus.DRAFT
    order = factory.Sequence(lambda n: n)
    partnership = factory.SelfAttribute("strategy.partnership")


class PriorityRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityRevision

    priority = factory.SubFactory(PriorityFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2007, 7, 11)
    status = RevisionStatus.DRAFT
    wording = factory.SelfAttribute("priority.wording")
    partnership = factory.SelfAttribute("priority.partnership")


class ApproachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approach

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Value {n}")
    partnership = factory.SelfAttribute("strategy.partnership")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    priority = factory.SubFactory(PriorityFactory)
    strategy = factory.SelfAttribute("priority.strategy")
    text = factory.Sequence(lambda n: f"Objective {n}")
    partnership = factory.SelfAttribute("strategy.partnership")
