"""Strategy files name each record once (issue #10, fault 15)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine

from roundtable.core.imports import ImportFailed
from roundtable.strategy.importers import import_strategy_file
from roundtable.strategy.models import Event, Strategy, Theme
from roundtable.strategy.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

# The examples in messages are worked out from this day: the 16th of last month
# (2026-11-16), of next month for dates planned ahead (2027-01-16).
TODAY_FROZEN = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)

STRATEGY = "laa-2008,Local Area Agreement 2008-11\n"


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="westminster", name="Westminster City Partnership")


def refusals(partnership, text: str, filename: str) -> list[str]:
    with pytest.raises(ImportFailed) as excinfo:
        import_strategy_file(io.BytesIO(text.encode()), partnership, filename=filename)
    return [str(e) for e in excinfo.value.errors]


def test_a_strategy_slug_given_twice_is_refused(partnership):
    found = refusals(
        partnership, "slug,title\n" + STRATEGY + "laa-2008,Another title\n", "strategies.csv"
    )
    assert found == ["strategies.csv: Row 3, slug: this is a duplicate of row 2; keep one"]
    assert not Strategy.objects.exists()


def test_a_theme_given_twice_for_one_strategy_is_refused(partnership):
    import_strategy_file(
        io.BytesIO(("slug,title\n" + STRATEGY).encode()), partnership, filename="strategies.csv"
    )
    found = refusals(
        partnership, "strategy,theme\nlaa-2008,Housing\nlaa-2008,housing\n", "themes.csv"
    )
    assert found == ["themes.csv: Row 3, theme: this is a duplicate of row 2; keep one"]
    assert not Theme.objects.exists()


def test_an_event_given_twice_is_refused(partnership):
    found = refusals(
        partnership,
        "name,date\nWorkshop,2007-07-11\nWorkshop,2007-07-11\nWorkshop,2007-08-01\n",
        "events.csv",
    )
    assert found == ["events.csv: Row 3, date: this is a duplicate of row 2; keep one"]
    assert not Event.objects.exists()


@time_machine.travel(TODAY_FROZEN, tick=False)
def test_a_date_with_an_impossible_time_is_refused(partnership):
    found = refusals(partnership, "name,date\nWorkshop,2011-10-24T25:61:00\n", "events.csv")
    assert found == [
        "events.csv: Row 2, date: '2011-10-24T25:61:00' is not a date; enter a date like 2026-11-16"
    ]
