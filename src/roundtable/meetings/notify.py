"""Emails about meetings: agenda published, minutes circulated, action assigned, and a
daily reminder of overdue actions.

Who is told what:

- **agenda published**: the body's current members (any role) and its managers
  (the secretariat, and the partnership's administrators);
- **minutes circulated**: the body's current members;
- **action assigned**: the person who owns it;
- **overdue actions**: each owner, once a day, one email listing all their overdue
  actions (`roundtable meetings notify-overdue`, run from cron).

People are written to at their Person email, or else at the email of an active
account linked to them; people with neither are skipped. Each recipient gets
their own message (nobody sees the other addresses).

Restricted items and papers appear only in emails to people who may see them:
the agenda and minutes emails go only to members and managers, who see
everything on a published agenda; an action's owner who does not sit on the body
is told about their action but not the restricted item it was raised under.
The service functions call the `*_later` hooks, which send once the transaction
commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.meetings.models import Action, AgendaItem, Meeting, Paper, SentNotification
from roundtable.meetings.queries import numbers_for
from roundtable.partnership.models import Membership, Person

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

TEMPLATES = "meetings/email"
OVERDUE = "overdue_actions"


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    person_id: int | None = None
    sees_restricted: bool = False


@dataclass
class Line:
    """An agenda item as an email lists it."""

    number: str
    title: str
    lead: str
    restricted: bool
    papers: list[tuple[str, bool]] = field(default_factory=list)  # (title, restricted)
    sub_items: list[Line] = field(default_factory=list)


def site_link(obj: object) -> str:
    """The record's full web address under ROUNDTABLE_SITE_URL."""
    return settings.ROUNDTABLE_SITE_URL.rstrip("/") + obj.get_absolute_url()  # type: ignore[attr-defined]


def _addresses(people: Iterable[Person]) -> dict[int, str]:
    """Each person's address: their own email, else their active account's."""
    people = list(people)
    found = {p.pk: p.email for p in people if p.email}
    missing = [p.pk for p in people if not p.email]
    if missing:
        accounts = get_user_model().objects.filter(
            person_id__in=missing, is_active=True, email__gt=""
        )
        for person_id, email in accounts.values_list("person_id", "email"):
            found.setdefault(person_id, email)
    return found


def members_of(meeting: Meeting, *, managers: bool) -> list[Recipient]:
    """The body's current members (and, with `managers`, its administrators), each once."""
    today = timezone.localdate()
    memberships = (
        Membership.objects.current(today).filter(body_id=meeting.body_id).select_related("person")
    )
    people = {m.person_id: m.person for m in memberships}
    addresses = _addresses(people.values())
    recipients = {
        addresses[pk]: Recipient(p.name, addresses[pk], pk, sees_restricted=True)
        for pk, p in people.items()
        if pk in addresses
    }
    if managers:
        admins = (
            get_user_model()
            .objects.filter(
                role=Role.ADMINISTRATOR,
                partnership_id=meeting.partnership_id,
                is_active=True,
                email__gt="",
            )
            .select_related("person")
        )
        for user in admins:
            recipients.setdefault(
                user.email, Recipient(user.display_name, user.email, user.person_id, True)
            )
    return sorted(recipients.values(), key=lambda r: r.email)


def agenda_lines(meeting: Meeting) -> list[Line]:
    """Every item of the meeting with its papers, numbered: the members' view, for
    recipients who may see restricted items (`public_lines` drops those)."""
    numbers = numbers_for(meeting)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")
    papers: dict[int, list[Paper]] = {}
    for paper in Paper.objects.filter(item__meeting=meeting).order_by("position", "pk"):
        papers.setdefault(paper.item_id, []).append(paper)
    lines: dict[int, Line] = {}
    top: list[Line] = []
    for item in items:
        lines[item.pk] = Line(
            numbers[item.pk],
            item.title,
            item.lead_note,
            item.restricted,
            [(p.title, p.restricted) for p in papers.get(item.pk, [])],
        )
    for item in items:
        if item.parent_id is None:
            top.append(lines[item.pk])
        elif item.parent_id in lines:
            lines[item.parent_id].sub_items.append(lines[item.pk])
    return top


def public_lines(lines: list[Line]) -> list[Line]:
    """The same agenda without restricted items and papers."""
    kept = []
    for line in lines:
        if line.restricted:
            continue
        papers = [(title, False) for title, restricted in line.papers if not restricted]
        kept.append(
            Line(line.number, line.title, line.lead, False, papers, public_lines(line.sub_items))
        )
    return kept


def _send(
    messages: list[tuple[Recipient, str, str, dict]], connection: BaseEmailBackend | None = None
) -> int:
    emails = []
    for recipient, template, subject, context in messages:
        context = {**context, "recipient": recipient, "subject": subject}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{TEMPLATES}/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[f"{recipient.name} <{recipient.email}>"],
        )
        message.attach_alternative(
            render_to_string(f"{TEMPLATES}/{template}.html", context), "text/html"
        )
        emails.append(message)
    if not emails:
        return 0
    return (connection or get_connection()).send_messages(emails) or 0


def _meeting_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "body": meeting.body,
        "start": timezone.localtime(meeting.start),
        "link": site_link(meeting),
        "service": settings.ROUNDTABLE_SERVICE_NAME,
    }


# -- Agenda and minutes --------------------------------------------------------


def send_agenda_published(meeting: Meeting) -> int:
    """Tell the body's members and managers that the agenda is out; returns emails sent."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    lines = agenda_lines(meeting)
    subject = f"Agenda published: {meeting.body} on {timezone.localtime(meeting.start):%-d %B %Y}"
    messages = [
        (
            r,
            "agenda_published",
            subject,
            {
                **_meeting_context(meeting),
                "items": lines if r.sees_restricted else public_lines(lines),
            },
        )
        for r in members_of(meeting, managers=True)
    ]
    return _send(messages)


def send_minutes_circulated(meeting: Meeting) -> int:
    """Send the body's members word that the draft minutes are out for comment."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    subject = (
        f"Draft minutes for comment: {meeting.body} on "
        f"{timezone.localtime(meeting.start):%-d %B %Y}"
    )
    lines = agenda_lines(meeting)
    messages = [
        (r, "minutes_circulated", subject, {**_meeting_context(meeting), "items": lines})
        for r in members_of(meeting, managers=False)
        if r.sees_restricted
    ]
    return _send(messages)


# -- Actions -------------------------------------------------------------------


@dataclass
class ActionLine:
    """An action as its owner's email shows it."""

    description: str
    body: str
    meeting: str
    item: str
    due: datetime.date | None
    days_overdue: int
    status: str
    link: str


def _sits_on(person_ids: Iterable[int], body_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(person, body) pairs with a current membership: who may see restricted items."""
    today = timezone.localdate()
    return set(
        Membership.objects.current(today)
        .filter(person_id__in=set(person_ids), body_id__in=set(body_ids))
        .values_list("person_id", "body_id")
    )


def _action_line(
    action: Action, sees_restricted: bool, today: datetime.date, numbers: dict[int, str]
) -> ActionLine:
    item = ""
    if action.item_id is not None and (not _restricted(action.item) or sees_restricted):
        number = numbers.get(action.item_id, "")
        item = f"{number}. {action.item.title}" if number else action.item.title
    due = action.due
    return ActionLine(
        description=action.description,
        body=str(action.body),
        meeting=f"{timezone.localtime(action.meeting.start):%-d %B %Y}" if action.meeting else "",
        item=item,
        due=due,
        days_overdue=(today - due).days if due and due < today else 0,
        status=action.get_status_display(),
        link=site_link(action),
    )


def _restricted(item: AgendaItem) -> bool:
    """Restricted itself or as a sub-item of a restricted item (the rule of the
    `visible_to` methods); needs `item__parent` selected."""
    return item.restricted or (item.parent_id is not None and item.parent.restricted)


def _item_numbers(actions: Iterable[Action]) -> dict[int, str]:
    numbers: dict[int, str] = {}
    for meeting_id in {a.meeting_id for a in actions if a.item_id and a.meeting_id}:
        numbers.update(numbers_for(Meeting(pk=meeting_id)))
    return numbers


def send_action_assigned(action: Action) -> int:
    """Tell the owner what they have been asked to do."""
    action = Action.objects.select_related("body", "meeting", "item__parent", "owner_person").get(
        pk=action.pk
    )
    owner = action.owner_person
    if owner is None:
        return 0
    address = _addresses([owner]).get(owner.pk)
    if not address:
        return 0
    sees = (owner.pk, action.body_id) in _sits_on([owner.pk], [action.body_id])
    recipient = Recipient(owner.name, address, owner.pk, sees)
    line = _action_line(action, sees, timezone.localdate(), _item_numbers([action]))
    subject = f"Action for you from {action.body}"
    return _send([(recipient, "action_assigned", subject, {"action": line, "service": _service()})])


def _service() -> str:
    return settings.ROUNDTABLE_SERVICE_NAME


@dataclass
class Reminder:
    """One owner's daily email of overdue actions."""

    recipient: Recipient | None
    person: Person
    actions: list[ActionLine]
    already_sent: bool = False

    @property
    def subject(self) -> str:
        n = len(self.actions)
        return f"{n} overdue action{'s' if n != 1 else ''} for you"

    def describe(self) -> str:
        to = self.recipient.email if self.recipient else "no email address"
        return f"{self.person.name} <{to}>: {self.subject}"


def overdue_reminders(
    today: datetime.date, *, partnership_id: int | None = None, dry_run: bool = False
) -> list[Reminder]:
    """Email each owner their overdue actions, once a day; with `dry_run`, only say what
    would be sent. A reminder already sent today is not sent again."""
    actions = (
        Action.objects.overdue(today)
        .filter(owner_person__isnull=False)
        .select_related("body", "meeting", "item__parent", "owner_person")
        .order_by("owner_person_id", "due", "pk")
    )
    if partnership_id is not None:
        actions = actions.filter(partnership_id=partnership_id)
    actions = list(actions)
    by_owner: dict[int, list[Action]] = {}
    for action in actions:
        by_owner.setdefault(action.owner_person_id, []).append(action)
    owners = {a.owner_person_id: a.owner_person for a in actions}
    addresses = _addresses(owners.values())
    seats = _sits_on(owners, {a.body_id for a in actions})
    numbers = _item_numbers(actions)
    sent_today = set(
        SentNotification.objects.filter(kind=OVERDUE, day=today, person_id__in=owners).values_list(
            "person_id", flat=True
        )
    )
    reminders = []
    for person_id, owned in by_owner.items():
        person = owners[person_id]
        address = addresses.get(person_id)
        recipient = Recipient(person.name, address, person_id) if address else None
        lines = [_action_line(a, (person_id, a.body_id) in seats, today, numbers) for a in owned]
        reminder = Reminder(recipient, person, lines, already_sent=person_id in sent_today)
        reminders.append(reminder)
        if dry_run or recipient is None or reminder.already_sent:
            continue
        _send_reminder(reminder, today)
    return reminders


def _send_reminder(reminder: Reminder, today: datetime.date) -> None:
    """Record the reminder, then send it, in one transaction: if another run recorded it
    first, nothing is sent; if sending fails, the record is undone for the next run."""
    try:
        with transaction.atomic():
            SentNotification.objects.create(
                kind=OVERDUE,
                person=reminder.person,
                day=today,
                subject=reminder.subject,
                count=len(reminder.actions),
            )
            _send(
                [
                    (
                        reminder.recipient,
                        "actions_overdue",
                        reminder.subject,
                        {"actions": reminder.actions, "today": today, "service": _service()},
                    )
                ]
            )
    except IntegrityError:
        reminder.already_sent = True


# -- Hooks the services call -----------------------------------------------------


def agenda_published(meeting: Meeting) -> None:
    transaction.on_commit(lambda: send_agenda_published(meeting))


def minutes_circulated(meeting: Meeting) -> None:
    transaction.on_commit(lambda: send_minutes_circulated(meeting))


def action_assigned(action: Action) -> None:
    if action.owner_person_id is not None:
        transaction.on_commit(lambda: send_action_assigned(action))
