"""Agenda items linked to the records they concern, shown only where visible."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.meetings import services
from roundtable.meetings.queries import links_for
from roundtable.meetings.tests.factories import AgendaItemFactory
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.strategy.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(board):
    return AgendaItemFactory(
        meeting__body=board,
        meeting__partnership=board.partnership,
        title="Community Strategy Performance",
    )


def test_an_item_links_to_indicators_and_priorities(item, secretary, partnership):
    indicator = IndicatorFactory(partnership=partnership, code="NI 8", name="Adult participation")
    priority = PriorityFactory(partnership=partnership, strategy__partnership=partnership)
    services.link_record(secretary, item, indicator)
    services.link_record(secretary, item, priority)
    services.link_record(secretary, item, indicator)  # twice is once
    shown = links_for([item], AnonymousUser())[item.pk]
    assert [link.kind for link in shown] == ["Indicator", "Priority"]
    assert shown[0].url == indicator.get_absolute_url()


def test_links_to_records_the_reader_may_not_see_are_left_out(item, secretary, partnership):
    hidden = IndicatorFactory(partnership=partnership, name="Internal only", is_public=False)
    services.link_record(secretary, item, hidden)
    assert links_for([item], AnonymousUser()) == {}
    assert [link.label for link in links_for([item], secretary)[item.pk]] == [str(hidden)]


def test_records_of_another_partnership_or_kind_are_refused(item, secretary, other_partnership):
    with pytest.raises(ValidationError, match="another partnership"):
        services.link_record(secretary, item, IndicatorFactory(partnership=other_partnership))
    with pytest.raises(ValidationError, match="cannot be linked"):
        services.link_record(secretary, item, item.body)


def test_members_do_not_link_records(item, member, partnership):
    with pytest.raises(PermissionDenied):
        services.link_record(member, item, IndicatorFactory(partnership=partnership))
