"""Your weekly digest: the email a relationship manager would be sent, on a page."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 16)
PAGE = "/engagement/digest/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 12, 0), tick=False):
        yield


@pytest.fixture
def manager(partnership, council):
    person = PersonFactory(partnership=partnership, organisation=council, family_name="Manager")
    return UserFactory(role=Role.MEMBER, partnership=partnership, person=person)


@pytest.fixture
def zsl(partnership, manager):
    org = OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False)
    return StakeholderFactory(
        partnership=partnership, organisation=org, relationship_manager=manager.person
    )


def page(client, user, partnership):
    client.force_login(user)
    response = client.get(under(partnership, PAGE))
    assert response.status_code == 200
    return response.content.decode()


def test_a_relationship_manager_sees_what_the_digest_would_say(client, manager, zsl, council):
    ContactFactory(stakeholder=zsl, date=ON, from_organisation=council, topic="Zoo lates")
    ContactFactory(stakeholder=zsl, date=ON - datetime.timedelta(days=8), topic="Too old")
    html = page(client, manager, zsl.partnership)
    assert "Zoo lates" in html
    assert "Too old" not in html
    assert f'href="{zsl.get_absolute_url()}"' in html
    # The page links within the site, not to ROUNDTABLE_SITE_URL as the email does.
    assert 'data-label="Topic"' in html
    assert "cannot be sent" in html  # neither the person nor the account has an email


def test_a_week_with_nothing_says_no_email_is_sent(client, manager, zsl):
    html = page(client, manager, zsl.partnership)
    assert "No contacts with the stakeholders you manage" in html
    assert "no email is sent this week" in html


def test_someone_who_manages_no_stakeholder_is_told_who_gets_it(client, partnership, zsl):
    other = UserFactory(role=Role.ADMINISTRATOR, partnership=partnership)
    html = page(client, other, partnership)
    assert "You are not the relationship manager of any stakeholder" in html
    assert "ZSL" not in html


def test_a_manager_of_another_partnership_sees_nothing_of_it_here(
    client, manager, zsl, other_partnership
):
    manager.is_superuser = True  # may open every partnership's engagement pages
    manager.save()
    ContactFactory(stakeholder=zsl, date=ON, topic="Zoo lates")
    html = page(client, manager, other_partnership)
    assert "Zoo lates" not in html
    assert "You are not the relationship manager" in html


def test_the_public_may_not_open_it(client, partnership):
    response = client.get(under(partnership, PAGE))
    assert response.status_code in (302, 403)
