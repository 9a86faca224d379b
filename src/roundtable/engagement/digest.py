"""The weekly digest: one email to each relationship manager about their stakeholders.

`roundtable engagement digest` (run weekly from cron) writes to every person who
is the relationship manager of at least one stakeholder, listing:

- the contacts with their stakeholders dated in the last `days` days (7 unless
  set) up to the digest's date, done and planned, each with who made it (person,
  unit, organisation), the method and the topic;
- their stakeholders at or over the partnership's fatigue threshold in its
  fatigue window ending on the same date.

Each digest reads the log as the recipient's own account would (`visible_to`), so
it holds only what they may see on the pages: a manager with no active account
(or an account of another partnership) sees nothing and is sent nothing. The
named person at the stakeholder (`stakeholder_person`) is left out: a name in an
email cannot be erased later (see "Personal data" in docs/engagement.md).

People are written to at their Person email, or else at their account's. Each
digest is recorded (`meetings.SentNotification`, kind `engagement_digest`, on the
Monday of the week of the digest's date) inside the transaction that sends it, so
running again in the same week sends nothing twice, and a failed send is tried
again next run. Nobody with nothing to report gets an email.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from roundtable.engagement import queries, rules
from roundtable.engagement.models import Contact
from roundtable.meetings.models import SentNotification
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.models import Person

if TYPE_CHECKING:
    from roundtable.accounts.models import User

KIND = "engagement_digest"
DEFAULT_DAYS = 7


def site_link(path: str) -> str:
    """A full web address under ROUNDTABLE_SITE_URL (the digest has no request)."""
    return settings.ROUNDTABLE_SITE_URL.rstrip("/") + path


def week_of(on: datetime.date) -> datetime.date:
    """The Monday of the ISO week holding `on`: a digest is sent once a week."""
    return on - datetime.timedelta(days=on.weekday())


@dataclass(frozen=True)
class DigestContact:
    """A contact as the digest lists it."""

    date: datetime.date
    planned: bool
    stakeholder: str
    path: str  # the stakeholder's page, on this site
    organisation: str
    unit: str
    person: str
    method: str
    topic: str
    is_illustrative: bool

    @property
    def link(self) -> str:
        """The stakeholder's page as a full address, for the email."""
        return site_link(self.path)


@dataclass(frozen=True)
class DigestFatigue:
    """A stakeholder of the manager's at or over the fatigue threshold."""

    stakeholder: str
    path: str
    sentence: str

    @property
    def link(self) -> str:
        return site_link(self.path)


@dataclass
class Digest:
    """One relationship manager's weekly email."""

    person: Person
    email: str
    start: datetime.date
    end: datetime.date
    contacts: list[DigestContact] = field(default_factory=list)
    fatigued: list[DigestFatigue] = field(default_factory=list)
    already_sent: bool = False

    @property
    def subject(self) -> str:
        n = len(self.contacts)
        return f"Your stakeholders this week: {n} contact{'s' if n != 1 else ''}" + (
            f", {len(self.fatigued)} at the fatigue threshold" if self.fatigued else ""
        )

    @property
    def has_news(self) -> bool:
        return bool(self.contacts or self.fatigued)

    def describe(self) -> str:
        return f"{self.person.name} <{self.email or 'no email address'}>: {self.subject}"


def _accounts(people: list[Person]) -> dict[int, User]:
    """Each person's active account, by person id."""
    rows = get_user_model().objects.filter(person_id__in=[p.pk for p in people], is_active=True)
    return {user.person_id: user for user in rows}


def _contacts(user: User, person: Person, start: datetime.date, end: datetime.date) -> list:
    rows = (
        Contact.objects.visible_to(user)
        .filter(stakeholder__relationship_manager=person, date__gte=start, date__lte=end)
        .select_related(
            "stakeholder__organisation", "from_organisation", "from_unit", "from_person"
        )
        .order_by("date", "stakeholder__organisation__name", "pk")
    )
    return [
        DigestContact(
            date=c.date,
            planned=c.planned,
            stakeholder=str(c.stakeholder),
            path=c.stakeholder.get_absolute_url(),
            organisation=c.from_organisation.name,
            unit=c.from_unit.name if c.from_unit else "",
            person=c.from_person.name if c.from_person else "",
            method=c.get_method_display(),
            topic=c.topic,
            is_illustrative=c.is_illustrative,
        )
        for c in rows
    ]


def _fatigued(user: User, person: Person, on: datetime.date) -> list[DigestFatigue]:
    found = queries.settings_for(person.partnership_id)
    # Every contact the recipient may see counts, from any partner; only their
    # own stakeholders are listed.
    rows = queries.most_contacted(
        Contact.objects.visible_to(user).filter(stakeholder__relationship_manager=person),
        on=on,
        window_days=found.fatigue_window_days,
        threshold=found.fatigue_threshold,
    )
    return [
        DigestFatigue(
            stakeholder=row.stakeholder,
            path=partnership_reverse(
                person.partnership_id, "engagement:stakeholder-detail", args=[row.stakeholder_id]
            ),
            sentence=row.fatigue.sentence,
        )
        for row in rows
    ]


def _digest(user: User, person: Person, on: datetime.date, days: int) -> Digest:
    start, end = rules.window(on, days)
    return Digest(
        person=person,
        email=person.email or user.email,
        start=start,
        end=end,
        contacts=_contacts(user, person, start, end),
        fatigued=_fatigued(user, person, on),
    )


def digest_for(user: User, on: datetime.date, *, days: int = DEFAULT_DAYS) -> Digest | None:
    """The digest `user` would be sent for the `days` days ending `on`, as the page
    "Your weekly digest" shows it; None when their person manages no stakeholder
    (or they have no person). Built exactly as the email's (`weekly_digests`)."""
    person = user.person if user.person_id else None
    if person is None or not person.stakeholders_managed.exists():
        return None
    return _digest(user, person, on, days)


def weekly_digests(
    on: datetime.date,
    *,
    days: int = DEFAULT_DAYS,
    partnership_id: int | None = None,
    dry_run: bool = False,
) -> list[Digest]:
    """Email each relationship manager their digest for the `days` days ending `on`,
    once a week; with `dry_run`, only say what would be sent. Returns the digests of
    the managers with something to report (sent, already sent or unreachable)."""
    people = Person.objects.filter(stakeholders_managed__isnull=False).distinct()
    if partnership_id is not None:
        people = people.filter(partnership_id=partnership_id)
    people = list(people.order_by("family_name", "given_name", "pk"))
    accounts = _accounts(people)
    week = week_of(on)
    sent = set(
        SentNotification.objects.filter(
            kind=KIND, day=week, person_id__in=[p.pk for p in people]
        ).values_list("person_id", flat=True)
    )
    digests = []
    for person in people:
        user = accounts.get(person.pk)
        if user is None:
            continue  # no account: sees nothing of the log, so has nothing to report
        digest = _digest(user, person, on, days)
        digest.already_sent = person.pk in sent
        if not digest.has_news:
            continue
        digests.append(digest)
        if dry_run or not digest.email or digest.already_sent:
            continue
        _send_digest(digest, week)
    return digests


def _message(digest: Digest) -> EmailMultiAlternatives:
    context = {
        "digest": digest,
        "subject": digest.subject,
        "service": settings.ROUNDTABLE_SERVICE_NAME,
        "dashboard": site_link(
            partnership_reverse(digest.person.partnership_id, "engagement:dashboard")
        ),
    }
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=render_to_string("engagement/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{digest.person.name} <{digest.email}>"],
    )
    message.attach_alternative(
        render_to_string("engagement/email/digest.html", context), "text/html"
    )
    return message


def _send_digest(digest: Digest, week: datetime.date) -> None:
    """Record the digest, then send it, in one transaction: if another run recorded it
    first, nothing is sent; if sending fails, the record is undone for the next run."""
    try:
        with transaction.atomic():
            SentNotification.objects.create(
                kind=KIND,
                person=digest.person,
                day=week,
                subject=digest.subject,
                count=len(digest.contacts),
            )
            get_connection().send_messages([_message(digest)])
    except IntegrityError:
        digest.already_sent = True
