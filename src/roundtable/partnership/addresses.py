"""The partnership in every address.

A partnership's pages live under its slug: `/ealing/performance/report/2011-12-q2/`.
`PartnershipAddressMiddleware` reads the slug, sets `request.partnership`, strips
the slug from `request.path_info` (so the URLconf has no partnership parameter)
and sets the script prefix to `/<slug>/` for the rest of the request, so every
`reverse()` and `{% url %}` on the page names the same partnership. A shared
link therefore shows the same thing to everyone: the session no longer decides
what an address shows.

Addresses without a slug:
- `/static/`, `/media/`, `/api/`, `/admin/`, `/accounts/` and `/favicon.ico` are
  served as they are (the API filters by `?partnership=`, or by the slug when
  called under one);
- every other address that names a page is an old address: it redirects
  permanently to the same page under a partnership (`RedirectToPartnership` in
  `middleware.py`).

A record reached under another partnership's slug redirects to its own
(`show_partnership`; `308` for a form, which keeps its method and is then
checked there as anywhere), after the view has checked the user may see it,
so a redirect never tells anyone where a hidden record lives.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from asgiref.local import Local
from django.core.exceptions import ValidationError
from django.db.models.signals import post_delete, post_save
from django.urls import Resolver404, get_script_prefix, resolve, reverse, set_script_prefix

from roundtable.core.permissions import may_open

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

# First path segments served without a partnership (the ModernGov-compatible
# service too: partners' tools call it at a fixed address, like the API). A
# partnership's slug may not be one of these, nor the first segment of any route
# (see `reserved_slugs`).
UNSCOPED_ROOTS = (
    "static",
    "media",
    "api",
    "admin",
    "accounts",
    "mgWebService.asmx",
    "fingertips",
    "favicon.ico",
)
# The unscoped roots whose pages are drawn under the partnership looked at (the
# others answer for no partnership: `middleware.CurrentPartnershipMiddleware`).
SHOWN_UNDER_A_PARTNERSHIP = ("admin", "accounts")

# URL parameters that name no record, so the page is the same in another
# partnership ("switching partnership keeps you on the equivalent page").
# filename: an import template; code: an area's code (an LIS area profile is the
# same area in every partnership, with that partnership's statistics).
PORTABLE_KWARGS = frozenset({"period", "fmt", "filename", "code"})

_active = Local()


class RecordElsewhere(Exception):
    """A record was asked for under another partnership's address."""

    def __init__(self, partnership: Partnership) -> None:
        super().__init__(partnership.slug)
        self.partnership = partnership


def split_slug(path_info: str) -> tuple[str, str]:
    """`/ealing/meetings/` -> ("ealing", "/meetings/"); `/` -> ("", "/")."""
    head, _, rest = path_info.lstrip("/").partition("/")
    return head, "/" + rest


def reserved_slugs() -> frozenset[str]:
    """Words a partnership's slug may not be: they begin addresses of their own."""
    from django.urls import get_resolver

    words = set(UNSCOPED_ROOTS)
    for pattern in get_resolver().url_patterns:
        first = str(pattern.pattern).lstrip("^").split("/")[0]
        if first and "<" not in first:
            words.add(first.rstrip("$"))
    return frozenset(words)


def is_lower_slug(value: str) -> bool:
    """Lower-case letters, numbers and single hyphens between them: `hounslow`,
    `st-albans-2`. Addresses are case-sensitive, so `/North_Hounslow/` would not be
    found at `/north-hounslow/`, and `Meetings` would slip past the reserved words."""
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) is not None


def follows_slug_rule(value: str) -> bool:
    """Whether `validate_partnership_slug` takes `value`."""
    try:
        validate_partnership_slug(value)
    except ValidationError:
        return False
    return True


def validate_partnership_slug(value: str) -> None:
    """A partnership's slug begins its addresses, so it is lower-case letters, numbers
    and hyphens, and may not be a word that begins other addresses (`meetings`, `api`,
    `static`...)."""
    if not is_lower_slug(value):
        raise ValidationError(
            f"“{value}” cannot begin an address: use only lower-case letters, numbers "
            "and hyphens, like hounslow or north-hounslow"
        )
    if value in reserved_slugs():
        raise ValidationError(
            f"“{value}” already begins other addresses of this site; choose another slug"
        )


def is_unscoped(path_info: str) -> bool:
    return split_slug(path_info)[0] in UNSCOPED_ROOTS


# -- The active partnership ------------------------------------------------------


def begin_request() -> None:
    """Start a request with nothing remembered; the middleware's."""
    _active.base = None
    _active.partnership_id = None
    _active.slugs = {}


def end_request() -> None:
    deactivate()
    _active.slugs = {}


def activate(partnership: Partnership) -> None:
    """Make `reverse()` name `partnership` until `deactivate()`; the middleware's."""
    _active.base = get_script_prefix()
    _active.partnership_id = partnership.pk
    if getattr(_active, "slugs", None) is None:
        _active.slugs = {}
    _active.slugs[partnership.pk] = partnership.slug
    set_script_prefix(f"{_active.base}{partnership.slug}/")


def deactivate() -> None:
    base = getattr(_active, "base", None)
    if base is not None:
        set_script_prefix(base)
    _active.base = None
    _active.partnership_id = None


def _slug_of(partnership: Partnership | int) -> str:
    """The slug, remembered until a partnership is saved or deleted (so an e-mail
    or a report built out of a request asks once, not once a record)."""
    from roundtable.partnership.models import Partnership

    if isinstance(partnership, Partnership):
        return partnership.slug
    slugs = getattr(_active, "slugs", None)
    if slugs is None:
        slugs = _active.slugs = {}
    if partnership not in slugs:
        slugs[partnership] = Partnership.objects.values_list("slug", flat=True).get(pk=partnership)
    return slugs[partnership]


def _forget_slugs(**_: object) -> None:
    _active.slugs = {}


post_save.connect(_forget_slugs, sender="partnership.Partnership")
post_delete.connect(_forget_slugs, sender="partnership.Partnership")


def owner_of(record: object) -> Partnership | int | None:
    """The partnership a record belongs to, as `partnership_reverse` takes it: the
    object when it is already loaded (no query), else its id."""
    field = record._meta.get_field("partnership")  # type: ignore[attr-defined]
    if field.is_cached(record):
        return record.partnership  # type: ignore[attr-defined]
    return record.partnership_id  # type: ignore[attr-defined]


def partnership_reverse(
    partnership: Partnership | int | None,
    viewname: str,
    args: list | tuple | None = None,
    kwargs: dict | None = None,
) -> str:
    """`reverse()` under `partnership`'s slug, in a request or out of one (emails,
    feeds, commands). Costs no query for the partnership being looked at, nor
    for one passed as an object; an id of another costs one, once a request."""
    if partnership is None:
        return reverse(viewname, args=args, kwargs=kwargs)
    pk = partnership if isinstance(partnership, int) else partnership.pk
    if pk == getattr(_active, "partnership_id", None):
        return reverse(viewname, args=args, kwargs=kwargs)
    base = getattr(_active, "base", None) or get_script_prefix()
    slug = _slug_of(partnership)
    current = get_script_prefix()
    set_script_prefix(f"{base}{slug}/")
    try:
        return reverse(viewname, args=args, kwargs=kwargs)
    finally:
        set_script_prefix(current)


def address_in(partnership: Partnership, path_info: str, query: str = "") -> str:
    """The address of `path_info` (as the URLconf sees it) under `partnership`."""
    base = getattr(_active, "base", None) or get_script_prefix()
    address = f"{base}{partnership.slug}{path_info}"
    return f"{address}?{query}" if query else address


# -- Views -----------------------------------------------------------------------


def show_partnership(request: HttpRequest, partnership: Partnership) -> None:
    """A page about one of `partnership`'s records: under another partnership's
    address, send the visitor to the record's own (raises `RecordElsewhere`,
    which the middleware turns into a redirect). Call it once the record has
    been found among those the user may see."""
    shown = getattr(request, "address_partnership", None)
    if shown is not None and shown.pk != partnership.pk:
        raise RecordElsewhere(partnership)
    request.partnership = partnership


def equivalent_path(path_info: str) -> str:
    """The page of another partnership that matches `path_info`: the same page when
    it names no record (a list, a report period), else the nearest page above
    it that does not (`/meetings/12/agenda/` -> `/meetings/`)."""
    path = path_info if path_info.startswith("/") else "/" + path_info
    while True:
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        if match is not None and set(match.kwargs) <= PORTABLE_KWARGS and not match.args:
            return path
        if path == "/":
            return "/"
        path = path.rstrip("/").rsplit("/", 1)[0] + "/"


def switch_addresses(
    user: User | AnonymousUser, next_path: str, partnerships: Iterable[Partnership]
) -> list[tuple[Partnership, str]]:
    """Where "Change partnership" takes `user` in each partnership: the page that
    matches `next_path` (`equivalent_path`) where they may open it in that
    partnership (the page's `opens_for` rule, `core.permissions.may_open`), else
    that partnership's home page, never a page that would refuse them."""
    wanted = equivalent_path(next_path)
    view = resolve(wanted).func
    return [
        (partnership, address_in(partnership, wanted if may_open(view, user, partnership) else "/"))
        for partnership in partnerships
    ]
