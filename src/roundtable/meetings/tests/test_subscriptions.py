"""Email updates about a body's meetings for anyone who asks: confirmed before anything
is sent, the public version only, stopped from every email, and nobody's address shown."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings import services, subscriptions
from roundtable.meetings.models import Subscription
from roundtable.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ADDRESS = "resident@example.org"
HELD = timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0))


@pytest.fixture
def ask(board):
    return under("ealing", reverse("meetings:subscribe", args=[board.slug]))


def _link(message, name: str) -> str:
    """The path of the link in `message` to the page `name` (confirm or stop)."""
    [url] = {u for u in re.findall(r"https?://\S+", message.body) if f"/emails/{name}/" in u}
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _subscribed(client, ask, mailoutbox, capture, address=ADDRESS) -> Subscription:
    with capture(execute=True):
        client.post(ask, {"email": address})
    with capture(execute=True):
        client.post(_link(mailoutbox[-1], "confirm"))
    return Subscription.objects.get(email=address)


def test_the_body_meetings_page_offers_the_emails(client, board, ask):
    page = client.get(under("ealing", reverse("meetings:body-meetings", args=[board.slug])))
    assert f'href="{ask}"' in page.content.decode()
    form = client.get(ask)
    assert form.status_code == 200
    assert "Get emails about these meetings" in form.content.decode()


def test_an_address_that_is_not_one_is_refused_at_its_field(client, ask, mailoutbox):
    response = client.post(ask, {"email": "resident@"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_asking_sends_a_link_to_confirm_and_nothing_else_until_it_is_used(
    client, ask, board, meeting, agenda, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask, {"email": " Resident@EXAMPLE.org "})
    assert "Check your email" in response.content.decode()
    [message] = mailoutbox
    assert message.to == ["Resident@example.org"]
    assert message.subject == "Confirm: emails about the LSP Executive's meetings"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(None, meeting)
    assert "Resident@example.org" not in [m.to[0] for m in mailoutbox[1:]]
    # Opening the link (a mail scanner does) changes nothing; the button confirms.
    confirm = _link(message, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirm that Resident@example.org should get them" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    done = client.post(confirm)
    assert "You will get emails about these meetings" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_asking_again_says_the_same_and_sends_at_most_one_link_an_hour(
    client, ask, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2026, 12, 6, 9, tzinfo=datetime.UTC)):
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                page = client.post(ask, {"email": ADDRESS}).content.decode()
            assert "we have sent it a link to confirm" in page
    assert len(mailoutbox) == 1
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 1, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(ask, {"email": ADDRESS})
    assert len(mailoutbox) == 2
    assert Subscription.objects.count() == 1


def test_an_address_never_confirmed_is_deleted_once_its_link_has_expired(
    client, ask, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask, {"email": ADDRESS})
        client.post(ask, {"email": "confirmed@example.org"})
    client.post(_link(mailoutbox[1], "confirm"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, hours=1)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(ask, {"email": "someone.else@example.org"})
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "someone.else@example.org",
    ]


def test_a_confirmed_address_asking_again_is_sent_nothing(
    client, ask, mailoutbox, django_capture_on_commit_callbacks
):
    _subscribed(client, ask, mailoutbox, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(ask, {"email": ADDRESS}).content.decode()
    assert "we have sent it a link to confirm" in page  # the same words: nothing told
    assert len(mailoutbox) == 1


def test_subscribers_get_the_public_agenda_and_the_approved_minutes_with_a_way_to_stop(
    client, ask, board, meeting, agenda, mailoutbox, django_capture_on_commit_callbacks, secretary
):
    _subscribed(client, ask, mailoutbox, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(None, meeting)
    [agenda] = [m for m in mailoutbox if m.to == [ADDRESS]]
    assert agenda.subject == "Agenda published: LSP Executive on 16 January 2012"
    text = agenda.body + agenda.alternatives[0][0]
    assert "Equality Objectives" in text
    assert "Partners' property information" not in text
    assert "Property schedule" not in text
    assert "/emails/stop/" in agenda.body
    assert agenda.extra_headers["List-Unsubscribe"].startswith("<http")

    later = MeetingFactory(body=board, start=HELD + datetime.timedelta(days=30))
    with time_machine.travel(HELD + datetime.timedelta(hours=3)):
        open_item = meeting.items.get(position=1)
        services.save_item_minutes(secretary, open_item, "The Board agreed the objectives.")
        services.circulate_minutes(secretary, meeting)
    mailoutbox.clear()
    with time_machine.travel(later.start + datetime.timedelta(hours=3)):
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_minutes(secretary, meeting, approved_at=later)
    [minutes] = [m for m in mailoutbox if m.to == [ADDRESS]]
    assert minutes.subject == "Minutes approved: LSP Executive on 16 January 2012"
    assert "Partners' property information" not in minutes.body + minutes.alternatives[0][0]


def test_the_stop_link_asks_then_forgets_the_address(
    client, ask, meeting, agenda, mailoutbox, django_capture_on_commit_callbacks
):
    subscription = _subscribed(client, ask, mailoutbox, django_capture_on_commit_callbacks)
    stop = under("ealing", reverse("meetings:subscription-stop", args=[
        subscriptions.token(subscription, subscriptions.STOP)
    ]))  # fmt: skip
    asking = html.unescape(client.get(stop).content.decode())
    assert "Stop emails about the LSP Executive's meetings?" in asking
    assert Subscription.objects.exists()
    assert "Emails stopped" in client.post(stop).content.decode()
    assert not Subscription.objects.exists()
    again = client.get(stop)
    assert again.status_code == 404
    assert "You do not get these emails" in again.content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(None, meeting)
    assert ADDRESS not in [m.to[0] for m in mailoutbox]


def test_a_changed_or_expired_link_says_so_and_does_nothing(
    client, ask, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask, {"email": ADDRESS})
    confirm = _link(mailoutbox[0], "confirm")
    changed = client.post(confirm.replace("/confirm/", "/confirm/x"))
    assert changed.status_code == 400
    assert "not complete or has been changed" in changed.content.decode()
    # A confirming link cannot stop the emails, nor a stopping link confirm them.
    as_stop = client.post(confirm.replace("/confirm/", "/stop/"))
    assert as_stop.status_code == 400
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        expired = client.post(confirm)
    assert expired.status_code == 400
    assert "This link has expired" in expired.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_only_the_bodys_managers_see_how_many_get_the_emails_and_nobody_the_addresses(
    client, ask, board, mailoutbox, django_capture_on_commit_callbacks, secretary, member
):
    _subscribed(client, ask, mailoutbox, django_capture_on_commit_callbacks)
    page = under("ealing", reverse("meetings:body-meetings", args=[board.slug]))
    assert "get emails about these meetings" not in client.get(page).content.decode()
    client.force_login(member)
    assert "1 address gets emails" not in client.get(page).content.decode()
    client.force_login(secretary)
    html = client.get(page).content.decode()
    assert "1 address gets emails about these meetings" in html
    assert ADDRESS not in html
    assert list(Subscription.objects.visible_to(member)) == []
    assert list(Subscription.objects.visible_to(secretary)) == list(Subscription.objects.all())
