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


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_ealings_consultations_are_illustrative_and_overlap(partnership, council):
    from django.contrib.auth.models import AnonymousUser

    from roundtable.engagement import queries
    from roundtable.engagement.demo import CONSULTATIONS
    from roundtable.engagement.models import Consultation
    from roundtable.geography.tests.factories import (
        AreaFactory,
        CustomAreaFactory,
        LocalAuthorityFactory,
    )

    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    southall = CustomAreaFactory(partnership=partnership, code="ealing-southall")
    southall.components.set([AreaFactory(parent=borough)])
    assert load_demo_engagement(partnership) == ["4 consultations (illustrative dates)"]
    load_demo_engagement(partnership)
    assert Consultation.objects.count() == len(CONSULTATIONS)
    assert all(c.is_illustrative for c in Consultation.objects.all())
    public = queries.consultations(AnonymousUser(), partnership.pk)
    assert [c.title for c in public] == [
        "Southall Big Conversation: developing a Southall Charter",
        "Neighbourhood planning in Ealing",
    ]
    big = public[0]
    [found] = queries.overlaps(
        AnonymousUser(), partnership.pk, queries.scope_of(big), exclude_pk=big.pk
    )
    assert found.overlap.areas == (southall.name,)


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_demo_has_westminsters_information_sharing_protocol_due_for_review(partnership):
    from roundtable.engagement.demo import PROTOCOL
    from roundtable.engagement.models import SharingAgreement

    council = OrganisationFactory(
        partnership=partnership, name="Westminster City Council", short_name="WCC"
    )
    police = OrganisationFactory(partnership=partnership, name="Metropolitan Police")
    load_demo_engagement(partnership)
    load_demo_engagement(partnership)
    agreement = SharingAgreement.objects.get()
    assert agreement.title == PROTOCOL
    assert set(agreement.parties.all()) == {council, police}
    assert agreement.is_illustrative
    assert agreement.is_published
    assert agreement.review_due(datetime.date(2026, 3, 10))
