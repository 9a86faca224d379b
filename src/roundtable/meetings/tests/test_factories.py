"""The test factories' meetings stay in the past however many a run makes: recording a
meeting's actions, attendance or minutes is refused before its day, so a factory
meeting that fell in the future made tests that pass alone fail late in a run."""

from __future__ import annotations

import pytest
from django.utils import timezone

from roundtable.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_made_late_in_a_long_run_is_still_in_the_past():
    MeetingFactory.reset_sequence(1500)  # more meetings than a whole run makes
    assert MeetingFactory().start < timezone.now()
