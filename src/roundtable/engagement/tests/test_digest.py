"""The weekly digest to relationship managers (`roundtable engagement digest`)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from roundtable.accounts.choices import Role
from roundtable.engagement import digest
from roundtable.engagement.choices import Method
from roundtable.engagement.tests.factories import (
    ContactFactory,
    EngagementSettingsFactory,
    StakeholderFactory,
)
from roundtable.meetings.models import SentNotification
from roundtable.partnership.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 16)  # a Monday


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ROUNDTABLE_SITE_URL = "https://roundtable.example.org/"


@pytest.fixture
def manager(partnership, council):
    person = PersonFactory(
        partnership=partnership,
        organisation=council,
        given_name="Ada",
        family_name="Manager",
        email="ada@example.org",
    )
    UserFactory(role=Role.MEMBER, partnership=partnership, person=person, email="ada@login.org")
    return person


@pytest.fixture
def zsl(partnership, manager):
    org = OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False)
    return StakeholderFactory(
        partnership=partnership, organisation=org, relationship_manager=manager
    )


def _contact(stakeholder, days_ago, **kwargs):
    return ContactFactory(
        stakeholder=stakeholder, date=ON - datetime.timedelta(days=days_ago), **kwargs
    )


def test_manager_gets_one_email_listing_the_weeks_contacts_with_their_stakeholders(
    zsl, council, police
):
    parks = UnitFactory(organisation=council, name="Parks team")
    officer = PersonFactory(partnership=zsl.partnership, organisation=council, family_name="Okafor")
    _contact(
        zsl,
        0,
        from_organisation=council,
        from_unit=parks,
        from_person=officer,
        method=Method.CALL,
        topic="Zoo lates licensing",
    )
    _contact(zsl, 6, from_organisation=police, topic="Event security", planned=True)
    _contact(zsl, 7, from_organisation=police, topic="Too old for this week")
    other = StakeholderFactory(partnership=zsl.partnership)
    _contact(other, 1, from_organisation=council, topic="Someone else's stakeholder")

    digest.weekly_digests(ON)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Ada Manager <ada@example.org>"]
    body = message.body
    assert "Zoo lates licensing" in body
    assert "Call" in body
    assert "Parks team" in body
    assert "Ealing Council" in body
    assert officer.name in body
    assert "Event security" in body
    assert "(planned)" in body
    assert "Too old for this week" not in body
    assert "Someone else's stakeholder" not in body
    link = f"https://roundtable.example.org/ealing/engagement/stakeholders/{zsl.pk}/"
    assert link in body
    html = message.alternatives[0][0]
    assert f'href="{link}"' in html
    assert "Zoo lates licensing" in html


def test_digest_lists_the_managers_stakeholders_at_the_fatigue_threshold(zsl, council, police):
    EngagementSettingsFactory(
        partnership=zsl.partnership, fatigue_window_days=30, fatigue_threshold=3
    )
    for days in (10, 15, 20):
        _contact(zsl, days, from_organisation=police if days == 10 else council)

    digest.weekly_digests(ON)

    (message,) = mail.outbox
    assert "3 contacts from 2 teams in 2 organisations in the last 30 days" in message.body
    assert "at the fatigue threshold" in message.subject


def test_running_again_in_the_same_week_sends_nothing_twice(zsl, council):
    _contact(zsl, 1, from_organisation=council)
    digest.weekly_digests(ON)
    digest.weekly_digests(ON)
    digest.weekly_digests(ON + datetime.timedelta(days=3))
    assert len(mail.outbox) == 1
    assert SentNotification.objects.get().day == ON

    _contact(zsl, -5, from_organisation=council, topic="Next week's")
    digest.weekly_digests(ON + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2
    assert "Next week's" in mail.outbox[1].body


def test_nobody_with_nothing_to_report_gets_an_email(zsl, council, partnership):
    idle = PersonFactory(partnership=partnership, organisation=council, email="idle@example.org")
    UserFactory(partnership=partnership, person=idle)
    StakeholderFactory(partnership=partnership, relationship_manager=idle)
    _contact(zsl, 20, from_organisation=council)  # before the week, under the threshold

    assert digest.weekly_digests(ON) == []
    assert mail.outbox == []
    assert not SentNotification.objects.exists()


def test_manager_without_an_account_is_sent_nothing_of_the_internal_log(partnership, council):
    person = PersonFactory(partnership=partnership, organisation=council, email="p@example.org")
    stakeholder = StakeholderFactory(partnership=partnership, relationship_manager=person)
    _contact(stakeholder, 1, from_organisation=council)

    digest.weekly_digests(ON)

    assert mail.outbox == []


def test_manager_whose_account_is_in_another_partnership_sees_nothing(
    zsl, council, manager, other_partnership
):
    manager.user.partnership = other_partnership
    manager.user.save()
    _contact(zsl, 1, from_organisation=council, topic="Internal to Ealing")

    digest.weekly_digests(ON)

    assert mail.outbox == []


def test_digest_leaves_out_the_named_person_at_the_stakeholder(zsl, council):
    _contact(zsl, 1, from_organisation=council, stakeholder_person="Jane Keeper")
    digest.weekly_digests(ON)
    (message,) = mail.outbox
    assert "Jane Keeper" not in message.body
    assert "Jane Keeper" not in message.alternatives[0][0]


def test_account_email_is_used_when_the_person_has_none(zsl, council, manager):
    manager.email = ""
    manager.save()
    _contact(zsl, 1, from_organisation=council)
    digest.weekly_digests(ON)
    assert mail.outbox[0].to == ["Ada Manager <ada@login.org>"]


def test_dry_run_sends_and_records_nothing(zsl, council):
    _contact(zsl, 1, from_organisation=council)
    out = io.StringIO()
    call_command("engagement_digest", "--on", "2026-03-16", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert not SentNotification.objects.exists()
    assert "Would send to Ada Manager <ada@example.org>" in out.getvalue()


def test_command_sends_and_says_so(zsl, council):
    _contact(zsl, 1, from_organisation=council)
    out = io.StringIO()
    call_command("engagement_digest", "--on", "2026-03-16", "--partnership", "ealing", stdout=out)
    call_command("engagement_digest", "--on", "2026-03-16", stdout=out)
    assert len(mail.outbox) == 1
    text = out.getvalue()
    assert "Sent to Ada Manager" in text
    assert "Already sent this week: Ada Manager" in text


def test_days_widens_the_list(zsl, council):
    _contact(zsl, 10, from_organisation=council, topic="Ten days ago")
    call_command("engagement_digest", "--on", "2026-03-16", "--days", "14", stdout=io.StringIO())
    assert "Ten days ago" in mail.outbox[0].body


def test_partnership_limits_the_managers(zsl, council, other_partnership):
    _contact(zsl, 1, from_organisation=council)
    call_command(
        "engagement_digest", "--on", "2026-03-16", "--partnership", "warwick", stdout=io.StringIO()
    )
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "next week"], "--on 'next week' is not a date"),
        (["--days", "0"], "--days: enter a number of days of at least 1"),
        (["--partnership", "nowhere"], "No partnership 'nowhere'"),
    ],
)
def test_command_refuses_bad_options(partnership, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("engagement_digest", *args, stdout=io.StringIO())
