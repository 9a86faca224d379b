"""The factories build the same records on every run: nothing random."""

from __future__ import annotations

import datetime

import pytest

from roundtable.recommendations.tests.factories import ProgressUpdateFactory


@pytest.mark.django_db
def test_a_progress_update_is_dated_the_same_day_on_every_run():
    dates = {ProgressUpdateFactory().date for _ in range(5)}
    assert dates == {datetime.date(2011, 11, 14)}
