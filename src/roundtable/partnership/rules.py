"""Partnership rules: plain functions, no database."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

HONORIFICS = (
    "Cllr Sir",
    "Cllr Dr",
    "Cllr",
    "Councillor",
    "Sir",
    "Dame",
    "Dr.",
    "Dr",
    "Commander",
    "Chief Superintendent",
    "Professor",
    "Prof",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
)


def slugify_name(name: str, max_length: int = 80) -> str:
    """'Ealing, Hammersmith & West London College' -> 'ealing-hammersmith-west-london-college'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:max_length].rstrip("-") or "item"


def body_slug(
    name: str,
    partnership_slug: str,
    partnership_names: tuple[str, ...] = (),
    max_length: int = 120,
) -> str:
    """The slug a new body is given (before a number is added to make it unique): the
    partnership's slug, then the body's name ('ealing', 'LSP Executive Board' ->
    'ealing-lsp-executive-board'); the name alone when it already begins with the
    partnership's slug, name or short name ('hounslow', 'Hounslow Together Board' ->
    'hounslow-together-board', not 'hounslow-hounslow-together-board')."""
    own = slugify_name(name, max_length)
    for prefix in (partnership_slug, *(slugify_name(n) for n in partnership_names if n)):
        if prefix and (own == prefix or own.startswith(f"{prefix}-")):
            return own
    return slugify_name(f"{partnership_slug}-{name}", max_length)


def dates_in_order(start: datetime.date | None, end: datetime.date | None) -> bool:
    """An end date may not come before the start date."""
    return start is None or end is None or end >= start


def name_key(text: str) -> str:
    """A forgiving key for matching names typed by people: case, spaces, '&'/'and', dots."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("'", "").replace(".", " ")
    return " ".join(text.split())


def split_person_name(full_name: str) -> tuple[str, str, str]:
    """'Cllr Julian Bell' -> ('Cllr', 'Julian', 'Bell'); 'Bell' -> ('', '', 'Bell')."""
    text = " ".join(full_name.split())
    honorific = ""
    for candidate in HONORIFICS:
        if text.lower().startswith(candidate.lower() + " "):
            honorific, text = text[: len(candidate)], text[len(candidate) + 1 :]
            break
    parts = text.rsplit(" ", 1)
    if len(parts) == 1:
        return honorific, "", parts[0]
    return honorific, parts[0], parts[1]


def is_current(start: datetime.date | None, end: datetime.date | None, day: datetime.date) -> bool:
    """Whether a dated membership or body is in force on `day`."""
    return (start is None or start <= day) and (end is None or end >= day)


def build_tree(
    items: list[tuple[int, int | None]],
) -> tuple[list[int], dict[int, list[int]]]:
    """Roots and children from (id, parent_id) pairs, in the order given.

    An item whose parent is missing, or that sits in a reporting loop, is
    treated as a root so that nothing disappears from the chart.
    """
    ids = {item_id for item_id, _ in items}
    parents = dict(items)
    children: dict[int, list[int]] = {item_id: [] for item_id, _ in items}
    roots: list[int] = []
    for item_id, parent_id in items:
        if parent_id is None or parent_id not in ids or _in_loop(item_id, parents):
            roots.append(item_id)
        else:
            children[parent_id].append(item_id)
    return roots, children


def _in_loop(item_id: int, parents: dict[int, int | None]) -> bool:
    seen = {item_id}
    current = parents.get(item_id)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


# -- Accounts a partnership's administrator manages ----------------------------------

#: The roles an account may have (`accounts.choices.Role`'s values), repeated here so
#: the rules below stay plain functions.
ACCOUNT_ROLES = ("administrator", "editor", "member")


@dataclass(frozen=True)
class AccountFacts:
    """What the account rules read of an account (the actor's, or the one changed)."""

    pk: int | None
    partnership_id: int | None
    role: str
    is_active: bool = True
    is_superuser: bool = False
    is_staff: bool = False


def may_manage_account(actor: AccountFacts, account: AccountFacts) -> bool:
    """Whether `actor` may invite, change, deactivate or reactivate `account` at all:
    a site administrator (active superuser) any; a partnership's active administrator
    the ordinary accounts of their own partnership: never a superuser's or a staff
    account (those belong to whoever runs the site), never another partnership's."""
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return (
        actor.role == "administrator"
        and actor.partnership_id is not None
        and account.partnership_id == actor.partnership_id
        and not account.is_superuser
        and not account.is_staff
    )


def account_change_refusals(
    actor: AccountFacts, before: AccountFacts | None, after: AccountFacts, *, organisation: bool
) -> dict[str, str]:
    """Why `actor` may not make `after` of `before` (None: a new account), by field
    ("" for the account as a whole); empty when they may. `organisation` says whether
    `after` has one. The caller checks `may_manage_account` first."""
    refusals: dict[str, str] = {}
    if after.role not in ACCOUNT_ROLES:
        refusals["role"] = "role: choose administrator, organisation editor or board member"
    if after.role == "editor" and not organisation:
        refusals["organisation"] = (
            "organisation: an organisation editor needs an organisation; choose the one "
            "whose records they edit"
        )
    if not actor.is_superuser and (after.is_superuser or after.is_staff):
        refusals[""] = "Only a site administrator can make a site administrator's account"
    if before is not None and before.pk is not None and before.pk == actor.pk:
        if after.role != before.role:
            refusals["role"] = (
                "role: you cannot change your own role; ask another administrator of the "
                "partnership"
            )
        if before.is_active and not after.is_active:
            refusals[""] = (
                "You cannot deactivate your own account; ask another administrator of the "
                "partnership"
            )
    return refusals


def email_change_refusal(email: str, *, valid: bool, taken: bool, invited: bool) -> str:
    """Why an account's email may not become `email` ("" when it may): `valid` says
    whether it is an email address, `taken` whether another account uses it (as its
    email or username), `invited` whether its owner has yet to choose a password (the
    invitation needs somewhere to go)."""
    if not email:
        if invited:
            return (
                "email: enter their email address; they have not chosen a password yet, "
                "and their invitation is sent there"
            )
        return ""
    if not valid:
        return "email: enter an email address in the correct format, like name@example.org"
    if taken:
        return f"email: another account already uses {email}; enter a different email address"
    return ""


def invitation_to_send_again(before: str, after: str, *, invited: bool) -> bool:
    """Whether to offer to send an invited account's invitation again after its email
    changed from `before` to `after` (the link sent to the old address no longer works)."""
    return invited and bool(after) and before.strip().lower() != after.strip().lower()


#: How the Accounts page filters accounts by role: the roles, and the site's own
#: accounts (superusers and staff, shown as "Site administrator" whatever their role).
ACCOUNT_ROLE_FILTERS = {
    "administrator": "Partnership administrator",
    "editor": "Organisation editor",
    "member": "Board member",
    "site": "Site administrator",
}

#: An account's status: active, invited (no password chosen yet) or deactivated.
ACCOUNT_STATUSES = {"active": "Active", "invited": "Invited", "deactivated": "Deactivated"}

#: At most this many words of a search are used (each must match).
ACCOUNT_SEARCH_WORDS = 10


def account_status(*, is_active: bool, password_usable: bool) -> str:
    """`ACCOUNT_STATUSES`' key for an account: deactivated whatever its password;
    else invited until its owner chooses a password, then active."""
    if not is_active:
        return "deactivated"
    return "active" if password_usable else "invited"


@dataclass(frozen=True)
class AccountFilters:
    """What the Accounts page is asked to show: accounts whose name, username or email
    holds every word of `words`, in the role filter `role` and the status `status`
    ("" for any)."""

    words: tuple[str, ...] = ()
    role: str = ""
    status: str = ""

    @property
    def any(self) -> bool:
        return bool(self.words or self.role or self.status)


def account_filters(query: Mapping[str, str]) -> AccountFilters:
    """The filters a query string asks for (`q`, `role`, `status`): a role or status
    Roundtable has not is ignored, as are words past `ACCOUNT_SEARCH_WORDS`."""
    words = tuple(dict.fromkeys(str(query.get("q") or "").split()))[:ACCOUNT_SEARCH_WORDS]
    role = str(query.get("role") or "")
    status = str(query.get("status") or "")
    return AccountFilters(
        words=words,
        role=role if role in ACCOUNT_ROLE_FILTERS else "",
        status=status if status in ACCOUNT_STATUSES else "",
    )


def username_from_email(email: str) -> str:
    """A username to suggest for an email address: the part before the @, in the
    characters a username may hold ('Ada.Lovelace+x@example.org' -> 'ada.lovelace+x')."""
    local = email.strip().split("@", 1)[0].lower()
    return re.sub(r"[^\w.@+-]", "", local)[:150]
