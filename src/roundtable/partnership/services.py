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
from roundtable.core.permissions import refuse
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
from roundtable.partnership.permissions import (
    account_facts,
    require_create_partnership,
    require_manage_account,
    require_manage_accounts,
    require_seat_change,
)
from roundtable.partnership.rules import (
    account_change_refusals,
    body_slug,
    email_change_refusal,
    slugify_name,
    username_from_email,
)
from roundtable.partnership.rules import may_manage_account as rules_may_manage_account

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
    base = body_slug(name, partnership.slug, (partnership.name, partnership.short_name), 110)
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_partnership(actor: User | None, partnership: Partnership) -> Partnership:
    return _save(actor, partnership)


# -- A new partnership -------------------------------------------------------------

# What the apps above this one set up for a new partnership, by app (`register_setup`).
NewPartnershipStep = Callable[["User | None", Partnership], object]
_SETUP_STEPS: dict[str, NewPartnershipStep] = {}


def register_setup(key: str, step: NewPartnershipStep) -> None:
    """An app above this one (performance: its settings, reporting from the quarter
    the partnership is set up in) registers what it sets up for a new partnership,
    from its `AppConfig.ready`; this app never imports it. `create_partnership` calls
    each step with the actor and the saved partnership, inside its transaction.
    Registering a key again replaces its step. Only `create_partnership` runs them:
    a partnership loaded from files (the demo) is not a new one."""
    _SETUP_STEPS[key] = step


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
    if email and not is_email_address(email):
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
        for step in _SETUP_STEPS.values():
            step(actor, partnership)
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
            save_with_history(administrator, actor, INVITED, validate=True)
            invited = administrator
            transaction.on_commit(
                lambda: send_invitation(actor, invited, partnership, setting_up=True)
            )
    return NewPartnership(partnership, administrator, loaded)


def is_email_address(value: str) -> bool:
    """Whether Django's EmailField would take `value` (the form's, the API's and the
    import's checks agree)."""
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


def send_invitation(
    actor: User | None, user: User, partnership: Partnership, *, setting_up: bool = False
) -> int:
    """Email `user` a link to set their password: a new partnership's first
    administrator (`setting_up`), or anyone a partnership's administrator invites."""
    who = actor.display_name if actor is not None else "Roundtable"
    service = settings.ROUNDTABLE_SERVICE_NAME
    role = Role(user.role).label.lower() if user.role in Role.values else user.role
    if setting_up:
        opening = (
            f"{who} has set up {partnership.name} on {service} and made you its administrator."
        )
        subject = f"You are the administrator of {partnership.name} on {service}"
        after = (
            "Once signed in, the partnership's home page lists what to set up: "
            "organisations, boards, people, terms of reference, strategy and indicators, "
            "each added on its page or imported from a spreadsheet template. You invite "
            "the partnership's other people on its Accounts page."
        )
    else:
        opening = f"{who} invited you to {partnership.name} on {service} as {_a(role)}."
        subject = f"{who} invited you to {partnership.name} on {service}"
        after = (
            "Your account is managed by the partnership's administrators; ask them if "
            "your role or organisation should change."
        )
    lines = [
        opening,
        "",
        "Open this link to choose your password (it works once, for "
        f"{settings.PASSWORD_RESET_TIMEOUT // 86400} days):",
        invitation_link(user, partnership),
        "",
        f"Your username is {user.get_username()}. {after}",
        "",
        "If the link has expired, use 'Forgotten your password?' on the sign-in page.",
    ]
    message = EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    return message.send()


def _a(words: str) -> str:
    return f"an {words}" if words[:1] in "aeiou" else f"a {words}"


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


# -- Accounts a partnership's administrator manages -------------------------------
#
# These functions are the only writes to accounts outside the admin site and the
# owner's own password: each checks the rules in `rules.account_change_refusals` and
# `rules.may_manage_account`, and leaves a history entry naming the actor (the
# account's History tab; `accounts.models.User.history` leaves out the password hash
# and the last sign-in).

#: The reasons an account's history gives for its invitations.
INVITED = "Invited by email"
INVITED_AGAIN = "Invitation sent again"


def _refuse_account(
    actor: User, before: User | None, account: User, partnership: Partnership
) -> None:
    """Raise the refusal for `account` as it is to be saved (`before`: as stored, None
    when new): PermissionDenied when `actor` may not touch it, else a ValidationError
    naming each field that is wrong. The actor is read as stored too: `account` may be
    the very object `actor` is (an administrator changing their own account)."""
    acting = account_facts(before if before is not None and before.pk == actor.pk else actor)
    after = account_facts(account)
    allowed = (
        rules_may_manage_account(acting, account_facts(before) if before is not None else after)
        and rules_may_manage_account(acting, after)
        and (acting.is_superuser or acting.partnership_id == partnership.pk)
    )
    if not allowed:
        raise refuse(actor)
    refusals = account_change_refusals(
        acting,
        account_facts(before) if before is not None else None,
        after,
        organisation=account.organisation_id is not None,
    )
    if account.organisation_id is not None and account.organisation.partnership_id != (
        partnership.pk
    ):
        refusals["organisation"] = f"organisation: choose an organisation of {partnership.name}"
    if account.person_id is not None:
        if account.person.partnership_id != partnership.pk:
            refusals["person"] = f"person: choose a person of {partnership.name}"
        else:
            linked = get_user_model().objects.filter(person_id=account.person_id)
            if account.pk is not None:
                linked = linked.exclude(pk=account.pk)
            other = linked.only("username").first()
            if other is not None:
                refusals["person"] = (
                    f"person: {account.person.name} already has an account "
                    f"({other.username}); choose someone else or change that account"
                )
    if refusals.get(""):
        raise ValidationError(refusals.pop(""))
    if refusals:
        raise ValidationError({field: [message] for field, message in refusals.items()})


def invite_account(
    actor: User,
    partnership: Partnership,
    *,
    email: str,
    username: str = "",
    role: str,
    organisation: Organisation | None = None,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Make an account in `partnership` (named, when its names are given) with no
    password and email its owner a link
    to choose one (`send_invitation`, once the account is saved). Refused (naming the
    field) for an email or username already used, an editor without an organisation,
    an organisation or person of another partnership, a role Roundtable has not."""
    require_manage_accounts(actor, partnership)
    email = email.strip().lower()
    users = get_user_model().objects
    username = username.strip()[:150]
    if not username:
        suggested = username_from_email(email)
        taken = not suggested or users.filter(username__iexact=suggested).exists()
        username = email[:150] if taken else suggested
    errors: dict[str, list[str]] = {}
    if not is_email_address(email):
        errors["email"] = [
            "email: enter an email address in the correct format, like name@example.org"
        ]
    elif users.filter(models.Q(email__iexact=email) | models.Q(username__iexact=email)).exists():
        errors["email"] = [f"email: there is already an account for {email}"]
    if users.filter(username__iexact=username).exists() and "email" not in errors:
        errors["username"] = [f"username: {username} is taken; choose another username"]
    account = users.model(
        username=username,
        email=email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        role=role,
        partnership=partnership,
        organisation=organisation,
        person=person,
    )
    try:
        _refuse_account(actor, None, account, partnership)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    account.set_unusable_password()
    with transaction.atomic():
        save_with_history(account, actor, INVITED, validate=True)
        transaction.on_commit(lambda: send_invitation(actor, account, partnership))
    return account


def change_account(
    actor: User,
    account: User,
    *,
    role: str,
    organisation: Organisation | None,
    person: Person | None,
    email: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> User:
    """Change an account's role, organisation and linked person, and (unless None) its
    email and names. Refused as the other changes are (`_refuse_account`), and, naming
    the field, for an email another account uses or that is not an email address."""
    users = get_user_model().objects
    before = users.get(pk=account.pk)
    partnership = before.partnership
    if partnership is None:
        # A site administrator's own, or one set up in the admin site without one.
        raise refuse(actor)
    account.role = role
    account.organisation = organisation
    account.person = person
    if email is not None:
        account.email = email.strip().lower()
    if first_name is not None:
        account.first_name = " ".join(first_name.split())
    if last_name is not None:
        account.last_name = " ".join(last_name.split())
    errors: dict[str, list[str]] = {}
    try:
        _refuse_account(actor, before, account, partnership)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors.update(error.message_dict)
    if email is not None and (account.email != before.email.lower() or not account.email):
        address = account.email
        others = users.exclude(pk=account.pk)
        refusal = email_change_refusal(
            address,
            valid=is_email_address(address) if address else True,
            taken=bool(address)
            and others.filter(
                models.Q(email__iexact=address) | models.Q(username__iexact=address)
            ).exists(),
            invited=may_resend_invitation(before),
        )
        if refusal:
            errors.setdefault("email", []).append(refusal)
    if errors:
        raise ValidationError(errors)
    fields = ["role", "organisation", "person", "email", "first_name", "last_name"]
    return save_with_history(account, actor, validate=True, update_fields=fields)


def set_account_active(actor: User, account: User, active: bool) -> User:
    """Deactivate an account (it can no longer sign in or use its API tokens) or
    reactivate it. Nobody deactivates their own."""
    before = get_user_model().objects.get(pk=account.pk)
    if before.partnership is None:
        raise refuse(actor)
    account.is_active = active
    _refuse_account(actor, before, account, before.partnership)
    return save_with_history(account, actor, update_fields=["is_active"])


def may_resend_invitation(account: User) -> bool:
    """An invitation is sent again to an active account whose owner has not chosen a
    password yet."""
    return account.is_active and not account.has_usable_password() and bool(account.email)


def resend_invitation(actor: User, account: User) -> int:
    """Email the invitation again, with a new link (the old one still works until
    the password is chosen or it expires)."""
    require_manage_account(actor, account)
    if account.partnership is None:
        raise refuse(actor)
    require_manage_accounts(actor, account.partnership)
    if not may_resend_invitation(account):
        raise ValidationError(
            f"{account.username} has chosen a password already or is deactivated: no "
            "invitation to send. They can use 'Forgotten your password?' on the sign-in page."
        )
    with transaction.atomic():
        # Nothing of the account changes: its history notes the invitation alone.
        type(account).history.bulk_history_create(
            [account], update=True, default_user=actor, default_change_reason=INVITED_AGAIN
        )
    return send_invitation(actor, account, account.partnership)
