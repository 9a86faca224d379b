"""`roundtable engagement agreement-reminders`: a month before an agreement's review,
its lead organisation's editors and the partnership's administrators are emailed,
once per review date."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from roundtable.accounts.choices import Role
from roundtable.engagement.models import AgreementReminder
from roundtable.engagement.tests.factories import SharingAgreementFactory
from roundtable.partnership.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def keepers(partnership, council, police, other_partnership):
    return {
        "editor": UserFactory(
            role=Role.EDITOR,
            partnership=partnership,
            organisation=council,
            email="editor@ealing.example",
        ),
        "admin": UserFactory(
            role=Role.ADMINISTRATOR, partnership=partnership, email="admin@ealing.example"
        ),
        # Not told: an editor of another party, a member, another partnership's
        # administrator, an inactive editor and one without an email address.
        "police": UserFactory(
            role=Role.EDITOR, partnership=partnership, organisation=police, email="p@met.example"
        ),
        "member": UserFactory(role=Role.MEMBER, partnership=partnership, email="m@ealing.example"),
        "other": UserFactory(
            role=Role.ADMINISTRATOR, partnership=other_partnership, email="w@warwick.example"
        ),
        "inactive": UserFactory(
            role=Role.EDITOR,
            partnership=partnership,
            organisation=council,
            email="gone@ealing.example",
            is_active=False,
        ),
        "no_email": UserFactory(
            role=Role.EDITOR, partnership=partnership, organisation=council, email=""
        ),
    }


@pytest.fixture
def due(partnership, council, police):
    return SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=council,
        parties=[police],
        title="Community safety data sharing",
        review_date=D(2026, 4, 30),
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("engagement_agreement_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_lead_organisations_editors_and_administrators_are_reminded_a_month_before(
    mailoutbox, keepers, due
):
    out = run("--on", "2026-03-30")
    assert sorted(m.to[0].split("<")[1].rstrip(">") for m in mailoutbox) == [
        "admin@ealing.example",
        "editor@ealing.example",
    ]
    assert mailoutbox[0].subject == "Review is due 30 April 2026: Community safety data sharing"
    assert f"/ealing/engagement/agreements/{due.pk}/" in mailoutbox[0].body
    assert "2 review reminders sent; 0 already sent" in out


def test_a_rerun_the_same_day_or_later_sends_nothing_twice(mailoutbox, keepers, due):
    run("--on", "2026-03-30")
    out = run("--on", "2026-03-30")
    assert "0 review reminders sent; 2 already sent for the same review date" in out
    run("--on", "2026-04-02")
    assert len(mailoutbox) == 2
    assert AgreementReminder.objects.count() == 2


def test_a_new_review_date_is_reminded_afresh(mailoutbox, keepers, due):
    run("--on", "2026-03-30")
    due.review_date = D(2027, 4, 30)
    due.save()
    run("--on", "2027-04-01")
    assert len(mailoutbox) == 4
    assert "Review is due 30 April 2027" in mailoutbox[-1].subject


def test_nothing_is_sent_more_than_a_month_before(mailoutbox, keepers, due):
    assert "0 review reminders sent" in run("--on", "2026-03-29")
    assert mailoutbox == []


def test_an_overdue_review_is_reminded_as_overdue(mailoutbox, keepers, due):
    run("--on", "2026-05-02")
    assert mailoutbox[0].subject.startswith("Review was due 30 April 2026")


@pytest.mark.parametrize("status", ["draft", "ended"])
def test_drafts_and_ended_agreements_are_not_reminded(mailoutbox, keepers, due, status):
    due.status = status
    due.save()
    run("--on", "2026-04-30")
    assert mailoutbox == []


def test_a_dry_run_sends_and_records_nothing(mailoutbox, keepers, due):
    out = run("--on", "2026-03-30", "--dry-run")
    assert "Would send to" in out
    assert "2 review reminders would be sent" in out
    assert mailoutbox == []
    assert not AgreementReminder.objects.exists()


def test_partnership_narrows_the_run(mailoutbox, keepers, due, other_partnership):
    run("--on", "2026-03-30", "--partnership", other_partnership.slug)
    assert mailoutbox == []


def test_bad_arguments_are_refused_with_the_fix(keepers, due):
    with pytest.raises(CommandError, match="--on '2026-02-30' is not a date"):
        run("--on", "2026-02-30")
    with pytest.raises(CommandError):
        run("--partnership", "nowhere")


def test_a_keeper_is_greeted_by_the_person_their_account_is_linked_to(
    mailoutbox, keepers, due, partnership
):
    editor = keepers["editor"]
    editor.person = PersonFactory(partnership=partnership, given_name="Sam", family_name="Keeper")
    editor.save()
    run("--on", "2026-03-30")
    (message,) = (m for m in mailoutbox if "editor@ealing.example" in m.to[0])
    assert message.to == ["Sam Keeper <editor@ealing.example>"]
    assert message.body.startswith("Dear Sam Keeper,")
    assert "<p>Dear Sam Keeper,</p>" in message.alternatives[0][0]


def test_an_agreement_nobody_can_be_reminded_of_is_named_with_why(partnership, due):
    # Its keepers have no email address: the run said "0 review reminders sent" only.
    UserFactory(role=Role.EDITOR, partnership=partnership, organisation=due.lead_organisation)
    out = run("--on", "2026-03-30")
    assert (
        "Nobody to remind of Community safety data sharing (review 30 April 2026): no active "
        f"editor of {due.lead_organisation.name} or administrator of {partnership.name} has "
        "an email address."
    ) in out
    assert "0 review reminders sent" in out


def test_an_agreement_someone_is_reminded_of_is_not_named_as_unreachable(keepers, due):
    assert "Nobody to remind" not in run("--on", "2026-03-30")


def test_a_run_reads_the_same_number_of_queries_for_2_or_20_agreements(
    mailoutbox, keepers, partnership, council, police
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roundtable.engagement.reminders import review_reminders

    def plant(count):
        for n in range(count):
            SharingAgreementFactory(
                partnership=partnership,
                lead_organisation=police if n % 2 else council,
                parties=[council, police],
                review_date=D(2026, 4, 1 + n),
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            found = review_reminders(D(2026, 3, 30), dry_run=True)
        return len(captured), found

    plant(2)
    two, found = queries()
    assert len(found.reminders) == 4  # each agreement: the administrator, its lead's editor
    assert len(found.unreachable) == 0
    plant(18)
    twenty, found = queries()
    assert len(found.reminders) == 40
    assert twenty == two == 3
    # Sending adds the record and the email of each reminder, nothing more to read.
    assert len(review_reminders(D(2026, 3, 30)).reminders) == 40
    assert len(mailoutbox) == 40
