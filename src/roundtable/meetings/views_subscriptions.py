"""Email updates about a body's meetings, for anyone (`subscriptions`): ask on the
body's meetings page, confirm and stop from the links the emails carry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from roundtable.core.pages import form_page
from roundtable.meetings import subscriptions
from roundtable.meetings.forms import SubscribeForm
from roundtable.meetings.models import Subscription
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.permissions import get_body_for_user

DONE = "meetings/subscription_done.html"


def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    back = reverse("meetings:body-meetings", args=[body.slug])
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subscriptions.subscribe(body, form.cleaned_data["email"])
        # The same answer whether or not the address was there already.
        return render(
            request,
            DONE,
            {
                "title": "Check your email",
                "lines": [
                    f"If {form.cleaned_data['email']} does not get emails about the "
                    f"{body.name}'s meetings yet, we have sent it a link to confirm.",
                    f"The link works for {subscriptions.CONFIRM_DAYS} days. Nothing else is "
                    "sent to the address until it is confirmed.",
                ],
                "back_url": back,
                "back_text": f"Back to the {body.name}'s meetings",
            },
        )
    return form_page(
        request,
        form,
        "meetings/form.html",
        title="Get emails about these meetings",
        caption=body.name,
        intro=(
            f"One email when the {body.name} publishes an agenda, and one when the minutes "
            "of a meeting are approved, with the items anyone may read. Every email has "
            "a link to stop them."
        ),
        button="Send me a link to confirm",
        cancel_text="Cancel",
        back_url=back,
    )


def _link_page(request: HttpRequest, token: str, purpose: str) -> Subscription | HttpResponse:
    """The subscription a link names, or the page that says why the link does not work."""
    try:
        subscription = subscriptions.subscription_for(token, purpose)
    except subscriptions.BadLink as bad:
        lines = (
            [
                "This link has expired: a confirming link works for "
                f"{subscriptions.CONFIRM_DAYS} days.",
                "Ask again from the meetings page of the board or group you want emails about.",
            ]
            if bad.expired
            else [
                "This link is not complete or has been changed. Copy the whole link from "
                "the email into your browser's address bar."
            ]
        )
        context = {"title": "This link does not work", "lines": lines}
        return render(request, DONE, context, status=400)
    if subscription is None:
        return render(
            request,
            DONE,
            {
                "title": "You do not get these emails",
                "lines": [
                    "This address's emails were stopped, so the link no longer works. To get "
                    "them again, ask from the meetings page of the board or group."
                ],
            },
            status=404,
        )
    show_partnership(request, subscription.partnership)
    return subscription


@dataclass(frozen=True)
class LinkWords:
    """What a link's page asks before its button, and says after it: `{email}` and
    `{body}` are filled in."""

    question: str
    text: str
    button: str
    done: str
    done_text: str
    warning: bool = False


CONFIRMING = LinkWords(
    question="Get emails about the {body}'s meetings?",
    text="Confirm that {email} should get them.",
    button="Confirm",
    done="You will get emails about these meetings",
    done_text=(
        "{email} will get an email when the {body} publishes an agenda, and when the "
        "minutes of a meeting are approved. Each has a link to stop them."
    ),
)
STOPPING = LinkWords(
    question="Stop emails about the {body}'s meetings?",
    text="{email} will get no more of them.",
    button="Stop the emails",
    done="Emails stopped",
    done_text=(
        "{email} will get no more emails about the {body}'s meetings, and the address is deleted."
    ),
    warning=True,
)


def _link_action(
    request: HttpRequest,
    token: str,
    purpose: str,
    words: LinkWords,
    act: Callable[[Subscription], object],
) -> HttpResponse:
    """A link's page: its question and button (GET, so opening the link changes
    nothing), then `act` and what was done (POST)."""
    found = _link_page(request, token, purpose)
    if isinstance(found, HttpResponse):
        return found
    names = {"email": found.email, "body": found.body.name}
    meetings = reverse("meetings:body-meetings", args=[found.body.slug])
    if request.method == "POST":
        act(found)
        return render(
            request,
            DONE,
            {
                "title": words.done,
                "lines": [words.done_text.format(**names)],
                "back_url": meetings,
                "back_text": f"The {found.body.name}'s meetings",
            },
        )
    return render(
        request,
        "meetings/confirm.html",
        {
            "title": words.question.format(**names),
            "text": words.text.format(**names),
            "button": words.button,
            "warning": words.warning,
            "back_url": meetings,
        },
    )


def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _link_action(request, token, subscriptions.CONFIRM, CONFIRMING, subscriptions.confirm)


def subscription_stop(request: HttpRequest, token: str) -> HttpResponse:
    return _link_action(request, token, subscriptions.STOP, STOPPING, subscriptions.stop)
