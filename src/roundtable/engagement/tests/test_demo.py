"""Westminster's demo register and ZSL's illustrative contact log."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from roundtable.engagement.demo import STAKEHOLDERS, ZSL_CONTACTS, load_demo_engagement
from roundtable.engagement.models import Contact, Stakeholder
from roundtable.engagement.queries import contacts_of, most_contacted
from roundtable.partnership.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_demo_shows_zsls_fatigue_and_loads_again_without_duplicates(partnership):
    council = OrganisationFactory(
        partnership=partnership, name="Westminster City Council", short_name="WCC"
    )
    for _, unit, _, _ in ZSL_CONTACTS:
        UnitFactory(organisation=council, name=unit)
    PersonFactory(partnership=partnership, organisation=council, family_name="Beasley")
    load_demo_engagement(partnership)
    load_demo_engagement(partnership)
    assert Stakeholder.objects.count() == len(STAKEHOLDERS)
    assert Contact.objects.count() == len(ZSL_CONTACTS)
    assert all(c.is_illustrative for c in Contact.objects.all())
    superuser = UserFactory(is_superuser=True)
    [top] = most_contacted(
        contacts_of(superuser, partnership.pk),
        on=datetime.date(2026, 3, 10),
        window_days=30,
        threshold=3,
    )
    assert top.stakeholder == "Zoological Society of London"
    assert top.fatigue.sentence == "5 contacts from 5 teams in 1 organisation in the last 30 days"


def test_demo_loads_nothing_where_there_is_no_westminster_council(partnership):
    assert load_demo_engagement(partnership) == []
