"""Email updates about a body's meetings, for anyone who asks: an email when the body
publishes an agenda and when minutes are approved, with what the public may see
(restricted items and papers left out, as on the public pages).

- **Asking** (`subscribe`) records the address unconfirmed and emails it a link to
  confirm; nothing else is sent until it is confirmed, so nobody can sign somebody
  else up. The page that asks says the same whether or not the address was already
  there, so it tells nobody who follows what.
- **Confirming** and **stopping** are links in the emails, signed (`TOKEN_SALTS`):
  the link itself shows a page with a button, and only the button (a POST) acts, so a
  mail scanner that opens links changes nothing. A confirming link lasts
  CONFIRM_DAYS; a stopping link, in every email, lasts as long as the subscription.
- Who follows a body is personal data: see `models.Subscription`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from roundtable.meetings.models import Meeting, Subscription
from roundtable.meetings.notify import agenda_lines, public_lines, site_link
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from roundtable.partnership.models import Body

TEMPLATES = "meetings/email"
CONFIRM_DAYS = 7
#: An address asked for again is sent the confirming link again after this, not
#: sooner: asking over and over for someone else's address cannot flood their inbox.
ASK_AGAIN_AFTER = datetime.timedelta(hours=1)
CONFIRM, STOP = "confirm", "stop"
TOKEN_SALTS = {
    CONFIRM: "roundtable.meetings.subscription.confirm",
    STOP: "roundtable.meetings.subscription.stop",
}


class BadLink(Exception):
    """A confirming or stopping link that was altered, or has expired."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "not valid")
        self.expired = expired


def token(subscription: Subscription, purpose: str) -> str:
    """The signed part of a confirming or stopping link: the subscription and its
    address, so a link stops working for an address that subscribes again."""
    return signing.dumps(
        {"s": subscription.pk, "e": subscription.email}, salt=TOKEN_SALTS[purpose], compress=True
    )


def subscription_for(value: str, purpose: str) -> Subscription | None:
    """The subscription a link names, or None when it has ended since (it was
    stopped). Raises BadLink for a link that was altered or (to confirm) expired."""
    max_age = datetime.timedelta(days=CONFIRM_DAYS) if purpose == CONFIRM else None
    try:
        data = signing.loads(value, salt=TOKEN_SALTS[purpose], max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink(expired=False) from error
    return (
        Subscription.objects.select_related("body", "partnership")
        .filter(pk=data.get("s"), email=data.get("e"))
        .first()
    )


def normalised(email: str) -> str:
    """One address however it was typed: without spaces, its domain in lower case."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


def _link(subscription: Subscription, name: str, purpose: str) -> str:
    path = partnership_reverse(
        subscription.partnership_id, name, kwargs={"token": token(subscription, purpose)}
    )
    return settings.ROUNDTABLE_SITE_URL.rstrip("/") + path


def stop_link(subscription: Subscription) -> str:
    return _link(subscription, "meetings:subscription-stop", STOP)


# -- Services --------------------------------------------------------------------


@transaction.atomic
def subscribe(body: Body, email: str) -> Subscription:
    """Record `email` for the body's updates and send it the confirming link, unless
    it is confirmed already or was sent one within ASK_AGAIN_AFTER; once committed,
    so a rolled-back request sends nothing. Addresses never confirmed are deleted
    once their link has expired (whenever anyone asks)."""
    now = timezone.now()
    # Addresses never confirmed whose last link has expired are kept no longer.
    Subscription.objects.filter(
        confirmed_at__isnull=True, asked_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    ).delete()
    subscription, _ = Subscription.objects.select_for_update().get_or_create(
        body=body, email=normalised(email), defaults={"partnership_id": body.partnership_id}
    )
    asked = subscription.asked_at
    if subscription.confirmed_at is None and (asked is None or now - asked >= ASK_AGAIN_AFTER):
        subscription.asked_at = now
        subscription.save(update_fields=["asked_at"])
        transaction.on_commit(lambda: send_confirmation(subscription))
    return subscription


def confirm(subscription: Subscription) -> Subscription:
    """Start sending to the subscription (again confirming changes nothing)."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def stop(subscription: Subscription) -> None:
    """End the subscription: its address is forgotten."""
    subscription.delete()


# -- Emails ----------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    subscription: Subscription
    template: str
    subject: str
    context: dict


def _message(letter: Letter) -> EmailMultiAlternatives:
    stop_url = stop_link(letter.subscription)
    context = {
        **letter.context,
        "body": letter.subscription.body,
        "subject": letter.subject,
        "stop_link": stop_url,
        "service": settings.ROUNDTABLE_SERVICE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=letter.subject,
        body=render_to_string(f"{TEMPLATES}/{letter.template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[letter.subscription.email],
        headers={"List-Unsubscribe": f"<{stop_url}>"},
    )
    message.attach_alternative(
        render_to_string(f"{TEMPLATES}/{letter.template}.html", context), "text/html"
    )
    return message


def _send(letters: list[Letter]) -> int:
    if not letters:
        return 0
    return get_connection().send_messages([_message(letter) for letter in letters]) or 0


def send_confirmation(subscription: Subscription) -> int:
    """Email the confirming link to an address that asked."""
    link = _link(subscription, "meetings:subscription-confirm", CONFIRM)
    subject = f"Confirm: emails about the {subscription.body}'s meetings"
    return _send(
        [
            Letter(
                subscription,
                "subscription_confirm",
                subject,
                {"confirm_link": link, "days": CONFIRM_DAYS},
            )
        ]
    )


def _confirmed_of(meeting: Meeting) -> list[Subscription]:
    return list(
        Subscription.objects.confirmed()
        .filter(body_id=meeting.body_id)
        .select_related("body")
        .order_by("email")
    )


def _send_about(meeting: Meeting, template: str, news: str) -> int:
    """Write to the body's confirmed subscribers about `meeting` ("<news>: <body> on
    <date>"), with its public items only; nothing while its agenda is not public."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if not meeting.agenda_is_published:
        return 0
    subscribers = _confirmed_of(meeting)
    if not subscribers:
        return 0
    start = timezone.localtime(meeting.start)
    context = {
        "meeting": meeting,
        "start": start,
        "link": site_link(meeting),
        "items": public_lines(agenda_lines(meeting)),
    }
    subject = f"{news}: {meeting.body} on {start:%-d %B %Y}"
    return _send([Letter(s, template, subject, context) for s in subscribers])


def send_agenda_published(meeting: Meeting) -> int:
    """Tell the body's confirmed subscribers that the agenda is out: its public items."""
    return _send_about(meeting, "subscriber_agenda", "Agenda published")


def send_minutes_approved(meeting: Meeting) -> int:
    """Tell the body's confirmed subscribers that a meeting's minutes are approved
    (and so public, with its public items), when its agenda is public too."""
    return _send_about(meeting, "subscriber_minutes", "Minutes approved")


def agenda_published(meeting: Meeting) -> None:
    """The hook the agenda's publishing calls: subscribers are written to once the
    change is committed."""
    transaction.on_commit(lambda: send_agenda_published(meeting))


def minutes_approved(meeting: Meeting) -> None:
    transaction.on_commit(lambda: send_minutes_approved(meeting))
