"""Every write to partnership records goes through these functions.

Each takes the acting user (None for system jobs such as the demo loader),
validates the record, saves it inside a transaction and leaves a history entry
naming who made the change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from roundtable.accounts.choices import Role
from roundtable.core.records import save_with_history
from roundtable.geography import services as geography_services
from roundtable.geography.sources import SourceError
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    TermsOfReference,
    Unit,
)
from roundtable.partnership.permissions import require_create_partnership, require_seat_change
from roundtable.partnership.rules import slugify_name

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.geography.models import Area
    from roundtable.geography.services import LoadReport

    LoadArea = Callable[[str, User | None], LoadReport]

M = TypeVar("M", bound=models.Model)


def _save(actor: User | None, obj: M, reason: str = "") -> M:
    return save_with_history(obj, actor, reason, validate=True)


def unique_organisation_slug(partnership: Partnership, name: str) -> str:
    """A slug for a new organisation, unique within its partnership."""
    base = slugify_name(name, 110)
    slug, n = base, 2
    while partnership.organisations.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_body_slug(partnership: Partnership, name: str) -> str:
    """A slug for a new body, unique everywhere (body URLs and feeds use it)."""
    base = slugify_name(f"{partnership.slug}-{name}", 110)
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_partnership(actor: User | None, partnership: Partnership) -> Partnership:
    return _save(actor, partnership)


# -- A new partnership -------------------------------------------------------------


@dataclass
class NewPartnership:
    """What `create_partnership` made."""

    partnership: Partnership
    administrator: User | None
    loaded: LoadReport | None  # the local authority's areas, when they were loaded


def create_partnership(
    actor: User | None,
    *,
    name: str,
    slug: str,
    short_name: str = "",
    place: str = "",
    area: Area | None = None,
    load_local_authority: str = "",
    administrator_email: str = "",
    administrator_name: str = "",
    loader: LoadArea | None = None,
) -> NewPartnership:
    """Set up a partnership: only site administrators (superusers; `actor` None is a
    command run on the server) may. All or nothing: every problem with the name, slug
    and administrator is reported at once, before anything is written.

    `load_local_authority` (a GSS code) loads that local authority's areas first, as
    `roundtable geography load --la CODE` does (`loader`, by default downloading the
    ONS data into `ROUNDTABLE_GEOGRAPHY_CACHE` when it is not there: slow the first
    time), and makes it the partnership's area. The administrator, when an email is
    given, gets an account for the new partnership with no password and an email
    with a link to set one (Django's password reset token).
    """
    if actor is not None:
        require_create_partnership(actor)
    partnership = Partnership(
        name=" ".join(name.split()),
        slug=slug.strip(),
        short_name=short_name.strip(),
        place=place.strip(),
    )
    errors: dict[str, list[str]] = {}
    try:
        partnership.full_clean(exclude=["area"])
    except ValidationError as error:
        errors.update(error.message_dict)
    email = administrator_email.strip().lower()
    users = get_user_model().objects
    taken = models.Q(email__iexact=email) | models.Q(username__iexact=email)
    if email and not _is_email(email):
        errors["administrator_email"] = [
            "Enter an email address in the correct format, like name@example.org"
        ]
    elif email and users.filter(taken).exists():
        errors["administrator_email"] = [
            f"There is already an account for {email}; invite someone else, or change "
            "that account's partnership and role in the admin"
        ]
    if errors:
        raise ValidationError(errors)
    loaded = None
    if load_local_authority:
        load = loader or geography_services.load_local_authority_from_cache
        try:
            loaded = load(load_local_authority, actor)
        except (ValueError, SourceError) as error:
            raise ValidationError(
                {
                    "local_authority": (
                        f"The areas of {load_local_authority} could not be loaded: {error}"
                    )
                }
            ) from None
        area = loaded.local_authority
    with transaction.atomic():
        partnership.area = area
        partnership.place = partnership.place or (area.name if area is not None else "")
        _save(actor, partnership, "Partnership created")
        administrator = None
        if email:
            given, _, family = " ".join(administrator_name.split()).partition(" ")
            administrator = users.model(
                username=email,
                email=email,
                first_name=given,
                last_name=family,
                role=Role.ADMINISTRATOR,
                partnership=partnership,
            )
            administrator.set_unusable_password()
            administrator.full_clean()
            administrator.save()
            invited = administrator
            transaction.on_commit(lambda: send_invitation(actor, invited, partnership))
    return NewPartnership(partnership, administrator, loaded)


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def invitation_link(user: User, partnership: Partnership) -> str:
    """The address where `user` sets their password: Django's password reset link,
    under the partnership's own slug."""
    path = partnership_reverse(
        partnership,
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.ROUNDTABLE_SITE_URL.rstrip("/") + path


def send_invitation(actor: User | None, user: User, partnership: Partnership) -> int:
    """Email a new partnership's administrator a link to set their password."""
    who = actor.display_name if actor is not None else "Roundtable"
    site_contact = f" ({actor.email})" if actor is not None and actor.email else ""
    service = settings.ROUNDTABLE_SERVICE_NAME
    lines = [
        f"{who} has set up {partnership.name} on {service} and made you its administrator.",
        "",
        "Open this link to choose your password (it works once, for "
        f"{settings.PASSWORD_RESET_TIMEOUT // 86400} days):",
        invitation_link(user, partnership),
        "",
        f"Your username is {user.get_username()}. Once signed in, the partnership's home "
        "page lists what to set up: organisations, boards, people, terms of reference, "
        "strategy and indicators, each added on its page or imported from a spreadsheet "
        "template. Accounts for the partnership's other people are made by a site "
        f"administrator{site_contact}.",
        "",
        "If the link has expired, use 'Forgotten your password?' on the sign-in page.",
    ]
    message = EmailMessage(
        subject=f"You are the administrator of {partnership.name} on {service}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    return message.send()


def save_organisation(actor: User | None, organisation: Organisation) -> Organisation:
    return _save(actor, organisation)


def save_unit(actor: User | None, unit: Unit) -> Unit:
    unit.partnership_id = unit.organisation.partnership_id
    return _save(actor, unit)


def save_person(actor: User | None, person: Person) -> Person:
    return _save(actor, person)


def save_body(actor: User | None, body: Body) -> Body:
    return _save(actor, body)


def save_terms_of_reference(actor: User | None, tor: TermsOfReference) -> TermsOfReference:
    tor.partnership_id = tor.body.partnership_id
    return _save(actor, tor)


def next_terms_of_reference_version(body: Body) -> int:
    latest = body.terms_of_reference.aggregate(models.Max("version"))["version__max"]
    return (latest or 0) + 1


# -- Memberships ---------------------------------------------------------------
#
# Every seat gives access to its body's restricted and draft papers (see
# `choices.ROLES_WITH_ACCESS`), so seats are granted, changed and ended only by the
# partnership's administrators and the body's secretariat, whichever way the change
# comes (web form or API); each change is in the membership's history, naming who
# made it, and is emailed to the body's secretariat and the partnership's
# administrators once it is saved.


def _require_seat_change(actor: User | None, membership: Membership) -> None:
    if actor is not None:
        require_seat_change(actor, membership)


@transaction.atomic
def add_membership(actor: User | None, membership: Membership) -> Membership:
    membership.partnership_id = membership.body.partnership_id
    _require_seat_change(actor, membership)
    _save(actor, membership, "Membership added")
    _seat_changed_later(actor, membership, "added")
    return membership


@transaction.atomic
def update_membership(actor: User | None, membership: Membership) -> Membership:
    """Change a seat; whoever changes it must be allowed to both as it was and as it
    will be (so an editor cannot turn a seat without access into one with)."""
    before = Membership.objects.select_related("body").get(pk=membership.pk)
    _require_seat_change(actor, before)
    _require_seat_change(actor, membership)
    _save(actor, membership, "Membership changed")
    _seat_changed_later(actor, membership, "changed")
    return membership


@transaction.atomic
def end_membership(
    actor: User | None, membership: Membership, end_date: datetime.date
) -> Membership:
    """Close a membership; it stays on the body page as past membership."""
    before = Membership.objects.select_related("body").get(pk=membership.pk)
    _require_seat_change(actor, before)
    membership.end_date = end_date
    _save(actor, membership, "Membership ended")
    _seat_changed_later(actor, membership, "ended")
    return membership


def seat_change_recipients(body: Body) -> dict[str, str]:
    """{email: name} of the body's current secretariat (at their person's email, else
    their active account's) and the partnership's active administrators."""
    today = timezone.localdate()
    secretariat = (
        Membership.objects.current(today)
        .filter(body=body, role=MembershipRole.SECRETARIAT)
        .select_related("person")
    )
    people = {m.person_id: m.person for m in secretariat}
    found = {p.email: p.name for p in people.values() if p.email}
    without = [pk for pk, p in people.items() if not p.email]
    accounts = get_user_model().objects.filter(is_active=True, email__gt="")
    for user in accounts.filter(person_id__in=without).select_related("person"):
        found.setdefault(user.email, user.display_name)
    admins = accounts.filter(role=Role.ADMINISTRATOR, partnership_id=body.partnership_id)
    for user in admins.select_related("person"):
        found.setdefault(user.email, user.display_name)
    return found


def send_seat_changed(actor: User | None, membership: Membership, change: str) -> int:
    """Email the body's secretariat and the partnership's administrators that a seat was
    added, changed or ended; returns the number of emails sent."""
    membership = Membership.objects.select_related("person", "body", "organisation").get(
        pk=membership.pk
    )
    body, person = membership.body, membership.person
    who = actor.display_name if actor is not None else "Roundtable"
    role = membership.get_role_display().lower()
    subject = f"Seat on {body.name} {change}: {person.name}, {role}"
    dates = ", ".join(
        f"{label} {day:%-d %B %Y}"
        for label, day in (("from", membership.start_date), ("until", membership.end_date))
        if day is not None
    )
    lines = [
        f"{who} {change} the seat of {person.name} on {body.name}.",
        "",
        f"Role: {membership.get_role_display()}",
        f"Organisation represented: {membership.organisation or 'none'}",
        f"Dates: {dates or 'not given'}",
        "",
        "Every seat gives access to the body's restricted and draft papers. If this change "
        "was not expected, check it on the membership's History tab:",
        settings.ROUNDTABLE_SITE_URL.rstrip("/")
        + reverse("partnership:membership-history", args=[membership.pk]),
    ]
    messages = [
        EmailMessage(
            subject=subject,
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[f"{name} <{email}>"],
        )
        for email, name in sorted(seat_change_recipients(body).items())
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def _seat_changed_later(actor: User | None, membership: Membership, change: str) -> None:
    """Send `send_seat_changed` once the transaction commits: a refused or rolled-back
    change sends nothing."""
    transaction.on_commit(lambda: send_seat_changed(actor, membership, change))
