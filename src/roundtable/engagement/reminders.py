"""Review reminders of information-sharing agreements, a month before the review date.

`roundtable engagement agreement-reminders` (run daily from cron) emails, for each
agreement in force or under review whose review date is at most a month away
(`rules.REVIEW_NOTICE_DAYS`) or past, the people who keep it: the active editors
of its lead organisation and the partnership's active administrators, each with
an email address, each their own message.

Each reminder is recorded (`AgreementReminder`) before it is sent, in the same
transaction: one per agreement, review date and recipient. A second run (the same
day or any later day) sends nothing again for that review date; a new review date
(after the review) is reminded afresh. If sending fails, the record is undone and
the next run tries again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string

from roundtable.accounts.choices import Role
from roundtable.engagement import rules
from roundtable.engagement.choices import AgreementStatus
from roundtable.engagement.models import AgreementReminder, SharingAgreement

if TYPE_CHECKING:
    from roundtable.accounts.models import User

TEMPLATES = "engagement/email"


@dataclass
class Reminder:
    """One recipient's email about one agreement's review."""

    agreement: SharingAgreement
    recipient: User
    today: datetime.date
    already_sent: bool = False

    @property
    def overdue(self) -> bool:
        return self.agreement.review_date < self.today

    @property
    def subject(self) -> str:
        when = "was due" if self.overdue else "is due"
        return f"Review {when} {self.agreement.review_date:%-d %B %Y}: {self.agreement.title}"

    def describe(self) -> str:
        return f"{self.recipient.display_name} <{self.recipient.email}>: {self.subject}"


def due_agreements(today: datetime.date, *, partnership_id: int | None = None) -> list:
    """Agreements in force or under review whose review is at most a month away, or
    past, soonest first."""
    horizon = today + datetime.timedelta(days=rules.REVIEW_NOTICE_DAYS)
    rows = SharingAgreement.objects.filter(
        status__in=(AgreementStatus.IN_FORCE, AgreementStatus.UNDER_REVIEW),
        review_date__lte=horizon,
    ).select_related("partnership", "lead_organisation")
    if partnership_id is not None:
        rows = rows.filter(partnership_id=partnership_id)
    return list(rows.order_by("review_date", "pk"))


def keepers(agreements: list[SharingAgreement]) -> dict[int, list[User]]:
    """Each agreement's recipients: its lead organisation's editors and its
    partnership's administrators (active, with an email), in one query."""
    users = (
        get_user_model()
        .objects.filter(
            Q(role=Role.EDITOR, organisation_id__in={a.lead_organisation_id for a in agreements})
            | Q(role=Role.ADMINISTRATOR),
            partnership_id__in={a.partnership_id for a in agreements},
            is_active=True,
            email__gt="",
        )
        .select_related("person")
        .order_by("username")
    )
    users = list(users)
    found: dict[int, list[User]] = {}
    for agreement in agreements:
        found[agreement.pk] = [
            u
            for u in users
            if u.partnership_id == agreement.partnership_id
            and (
                u.role == Role.ADMINISTRATOR or u.organisation_id == agreement.lead_organisation_id
            )
        ]
    return found


@dataclass
class ReviewRun:
    """What a run did: each keeper's reminder, and the agreements due for review that
    nobody can be reminded of (none of their lead organisation's editors or their
    partnership's administrators is active with an email address)."""

    reminders: list[Reminder]
    unreachable: list[SharingAgreement]


def review_reminders(
    today: datetime.date, *, partnership_id: int | None = None, dry_run: bool = False
) -> ReviewRun:
    """Email the keepers of each agreement due for review, once per review date;
    with `dry_run`, only say what would be sent. The agreements and their keepers
    are read once (two queries, and one for the reminders already sent)."""
    agreements = due_agreements(today, partnership_id=partnership_id)
    if not agreements:
        return ReviewRun([], [])
    sent = set(
        AgreementReminder.objects.filter(agreement__in=agreements).values_list(
            "agreement_id", "recipient_id", "review_date"
        )
    )
    reached = keepers(agreements)
    reminders = []
    for agreement in agreements:
        for user in reached[agreement.pk]:
            reminder = Reminder(
                agreement,
                user,
                today,
                already_sent=(agreement.pk, user.pk, agreement.review_date) in sent,
            )
            reminders.append(reminder)
            if not dry_run and not reminder.already_sent:
                _send(reminder)
    return ReviewRun(reminders, [a for a in agreements if not reached[a.pk]])


def _send(reminder: Reminder) -> None:
    """Record the reminder, then send it, in one transaction: if another run recorded it
    first, nothing is sent; if sending fails, the record is undone for the next run."""
    agreement, user = reminder.agreement, reminder.recipient
    context = {
        "agreement": agreement,
        "recipient": user,
        "overdue": reminder.overdue,
        "today": reminder.today,
        "link": settings.ROUNDTABLE_SITE_URL.rstrip("/") + agreement.get_absolute_url(),
        "service": settings.ROUNDTABLE_SERVICE_NAME,
    }
    try:
        with transaction.atomic():
            AgreementReminder.objects.create(
                agreement=agreement,
                recipient=user,
                review_date=agreement.review_date,
                day=reminder.today,
            )
            message = EmailMultiAlternatives(
                subject=reminder.subject,
                body=render_to_string(f"{TEMPLATES}/agreement_review.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[f"{user.display_name} <{user.email}>"],
            )
            message.attach_alternative(
                render_to_string(f"{TEMPLATES}/agreement_review.html", context), "text/html"
            )
            message.send()
    except IntegrityError:
        reminder.already_sent = True
