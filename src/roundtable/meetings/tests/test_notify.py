"""Emails about meetings reach the right people, once, and never leak restricted items."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from roundtable.accounts.choices import Role
from roundtable.meetings import notify, services
from roundtable.meetings.models import SentNotification
from roundtable.meetings.tests.factories import ActionFactory
from roundtable.partnership.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# The examples in messages are worked out from this day: the 16th of last month
# (2026-11-16), of next month for dates planned ahead (2027-01-16).
TODAY_FROZEN = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)

TODAY = datetime.date(2012, 2, 1)


@pytest.fixture
def emails(secretary, member, outsider):
    """Give the secretary, the member and the outsider email addresses."""
    for user, address in (
        (secretary, "secretary@example.org"),
        (member, "member@example.org"),
        (outsider, "outsider@example.org"),
    ):
        user.person.email = address
        user.person.save()
    return secretary, member, outsider


def to(message) -> str:
    return message.to[0].split("<")[1].rstrip(">")


def everything(message) -> str:
    return message.body + message.alternatives[0][0]


def test_publishing_an_agenda_emails_members_and_managers(
    django_capture_on_commit_callbacks, mailoutbox, emails, meeting, agenda, administrator
):
    administrator.email = "admin@example.org"
    administrator.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(None, meeting)
    assert sorted(to(m) for m in mailoutbox) == [
        "admin@example.org",
        "member@example.org",
        "secretary@example.org",
    ]
    message = mailoutbox[0]
    assert message.subject == "Agenda published: LSP Executive on 16 January 2012"
    assert "1. Equality Objectives" in message.body
    assert "2. Partners' property information [restricted: members only]" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "Property schedule" in message.alternatives[0][0]


def test_an_administrator_is_greeted_by_the_person_their_account_is_linked_to(
    django_capture_on_commit_callbacks, mailoutbox, emails, meeting, agenda, administrator
):
    administrator.email = "admin@example.org"
    administrator.person = PersonFactory(
        partnership=administrator.partnership, given_name="Ann", family_name="Ode"
    )
    administrator.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(None, meeting)
    (message,) = (m for m in mailoutbox if to(m) == "admin@example.org")
    assert message.to == ["Ann Ode <admin@example.org>"]
    assert message.body.startswith("Dear Ann Ode,")


def test_emails_link_to_the_meeting_under_the_site_address(
    django_capture_on_commit_callbacks, mailoutbox, emails, meeting, agenda, settings
):
    settings.ROUNDTABLE_SITE_URL = "https://roundtable.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(None, meeting)
    assert f"https://roundtable.example.org/ealing/meetings/{meeting.pk}/" in mailoutbox[0].body


def test_an_agenda_email_to_someone_outside_the_body_has_no_restricted_items(agenda):
    lines = notify.public_lines(notify.agenda_lines(agenda.meeting))
    assert [line.title for line in lines] == ["Equality Objectives"]
    assert all(not line.papers for line in lines)


def test_an_agenda_that_fails_to_publish_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox, emails, meeting
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="item"):
        services.publish_agenda(None, meeting)
    assert mailoutbox == []


def test_circulated_minutes_go_to_members_only(
    django_capture_on_commit_callbacks, mailoutbox, emails, meeting, agenda, administrator
):
    administrator.email = "admin@example.org"
    administrator.save()
    services.save_item_minutes(None, agenda, "Discussed in private.")
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(None, meeting)
    assert sorted(to(m) for m in mailoutbox) == ["member@example.org", "secretary@example.org"]
    assert mailoutbox[0].subject.startswith("Draft minutes for comment: LSP Executive")


def test_an_action_owner_is_told_of_their_action(
    django_capture_on_commit_callbacks, mailoutbox, emails, board, meeting
):
    _, member, _ = emails
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action(
            None,
            board,
            description="Circulate the Southall prospectus",
            meeting=meeting,
            owner_person=member.person,
            due=datetime.date(2012, 4, 16),
        )
    (message,) = mailoutbox
    assert to(message) == "member@example.org"
    assert "Circulate the Southall prospectus" in message.body
    assert "Due: 16 April 2012" in message.body


def test_an_action_without_an_owner_person_emails_nobody(
    django_capture_on_commit_callbacks, mailoutbox, emails, board, meeting, police
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action(None, board, description="Reply", owner_organisation=police)
    assert mailoutbox == []


def test_an_owner_outside_the_body_is_not_told_the_restricted_item(
    django_capture_on_commit_callbacks, mailoutbox, emails, board, agenda
):
    _, _, outsider = emails
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action(
            None, board, description="Send the schedule", item=agenda, owner_person=outsider.person
        )
    (message,) = mailoutbox
    assert "Send the schedule" in message.body
    assert "property" not in everything(message).lower()


def test_an_owner_on_the_body_is_told_the_restricted_item(
    django_capture_on_commit_callbacks, mailoutbox, emails, board, agenda
):
    _, member, _ = emails
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action(
            None, board, description="Send the schedule", item=agenda, owner_person=member.person
        )
    assert "2. Partners' property information" in mailoutbox[0].body


def test_an_account_email_is_used_when_the_person_has_none(
    django_capture_on_commit_callbacks, mailoutbox, partnership, board, meeting, council
):
    person = PersonFactory(partnership=partnership, organisation=council)
    UserFactory(
        username="owner",
        role=Role.MEMBER,
        partnership=partnership,
        person=person,
        email="owner@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action(None, board, description="Reply", meeting=meeting, owner_person=person)
    assert [to(m) for m in mailoutbox] == ["owner@example.org"]


# -- Overdue reminders -------------------------------------------------------------


@pytest.fixture
def overdue(emails, board, meeting, agenda):
    """Two overdue actions for the member, one for the outsider (under the restricted item),
    one not yet due, one done."""
    _, member, outsider = emails
    make = ActionFactory
    make(
        meeting=meeting, owner_person=member.person, description="A", due=datetime.date(2012, 1, 20)
    )
    make(
        meeting=meeting, owner_person=member.person, description="B", due=datetime.date(2012, 1, 30)
    )
    make(
        meeting=meeting,
        owner_person=outsider.person,
        description="C",
        item=agenda,
        restricted=True,
        due=datetime.date(2012, 1, 31),
    )
    make(
        meeting=meeting, owner_person=member.person, description="D", due=datetime.date(2012, 3, 1)
    )
    make(
        meeting=meeting,
        owner_person=member.person,
        description="E",
        due=datetime.date(2012, 1, 1),
        status="done",
    )
    return member, outsider


def test_each_owner_gets_one_email_listing_their_overdue_actions(mailoutbox, overdue):
    notify.overdue_reminders(TODAY)
    by_address = {to(m): m for m in mailoutbox}
    assert sorted(by_address) == ["member@example.org", "outsider@example.org"]
    member_email = by_address["member@example.org"]
    assert member_email.subject == "2 overdue actions for you"
    assert "- A\n" in member_email.body
    assert "- B\n" in member_email.body
    assert "(overdue by 12 days)" in member_email.body
    assert "- D\n" not in member_email.body
    assert "- E\n" not in member_email.body


def test_an_action_overdue_for_years_says_so_in_years_not_thousands_of_days(mailoutbox, overdue):
    notify.overdue_reminders(datetime.date(2026, 2, 1))
    (message,) = (m for m in mailoutbox if to(m) == "member@example.org")
    assert "(overdue by 14 years)" in message.body
    assert "(overdue by 14 years)" in message.alternatives[0][0]
    assert "days overdue" not in everything(message)


def test_an_overdue_reminder_does_not_name_a_restricted_item_to_a_non_member(mailoutbox, overdue):
    notify.overdue_reminders(TODAY)
    outsider_email = next(m for m in mailoutbox if to(m) == "outsider@example.org")
    assert "- C\n" in outsider_email.body
    assert "property" not in everything(outsider_email).lower()


def test_overdue_reminders_go_once_a_day(mailoutbox, overdue):
    notify.overdue_reminders(TODAY)
    notify.overdue_reminders(TODAY)
    assert len(mailoutbox) == 2
    notify.overdue_reminders(TODAY + datetime.timedelta(days=1))
    assert len(mailoutbox) == 4


def test_a_dry_run_sends_and_records_nothing(mailoutbox, overdue):
    reminders = notify.overdue_reminders(TODAY, dry_run=True)
    assert len(reminders) == 2
    assert mailoutbox == []
    assert not SentNotification.objects.exists()


def test_notify_overdue_command_reports_and_is_idempotent(mailoutbox, overdue):
    out = io.StringIO()
    call_command("meetings_notify_overdue", "--date", "2012-02-01", stdout=out)
    call_command("meetings_notify_overdue", "--date", "2012-02-01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == (
        "1 February 2012: 0 reminders sent; 2 already sent today; 0 owners with no email address."
    )
    assert "1 February 2012: 2 reminders sent; 0 already sent today" in out.getvalue()
    assert len(mailoutbox) == 2


def test_notify_overdue_dry_run_prints_what_would_be_sent(mailoutbox, overdue):
    out = io.StringIO()
    call_command("meetings_notify_overdue", "--dry-run", "--date", "2012-02-01", stdout=out)
    text = out.getvalue()
    assert "Would send to Given" in text
    assert "member@example.org>: 2 overdue actions for you" in text
    assert "  - A (due 20 January 2012)" in text
    assert mailoutbox == []


def test_notify_overdue_names_owners_it_cannot_reach(mailoutbox, board, meeting, partnership):
    person = PersonFactory(partnership=partnership, given_name="Ann", family_name="Griffiths")
    ActionFactory(meeting=meeting, owner_person=person, due=datetime.date(2012, 1, 2))
    out = io.StringIO()
    call_command("meetings_notify_overdue", "--date", "2012-02-01", stdout=out)
    assert "Not sent (no email address): Ann Griffiths <no email address>" in out.getvalue()
    assert mailoutbox == []


@time_machine.travel(TODAY_FROZEN, tick=False)
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--date", "1 Feb"], "--date '1 Feb' is not a date; enter a date like 2026-11-16"),
        (["--partnership", "nowhere"], "nowhere"),
    ],
)
def test_the_overdue_command_refuses_a_bad_day_or_partnership_and_sends_nothing(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("meetings_notify_overdue", *arguments, stdout=io.StringIO())
    assert mail.outbox == []
