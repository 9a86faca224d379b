"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from roundtable.meetings.choices import ActionStatus
from roundtable.meetings.models import Action, AgendaItem, Meeting
from roundtable.partnership.tests.factories import BodyFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    # A day apart from 16 January 2012, 5pm: a whole test run makes a few thousand
    # meetings, which stay years in the past (a week apart, a run's 780th meeting fell
    # in 2027, and recording its actions was refused as too early: a test that passed
    # alone failed late in a run).
    start = factory.Sequence(
        lambda n: (
            timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)) + datetime.timedelta(days=n)
        )
    )
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(minutes=90))
    venue = "Perceval House, Room 5.12"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    body = factory.SelfAttribute("meeting.body")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    body = factory.SelfAttribute("meeting.body")
    partnership = factory.SelfAttribute("meeting.partnership")
    description = factory.Sequence(lambda n: f"Circulate the prospectus ({n})")
    status = ActionStatus.OPEN
