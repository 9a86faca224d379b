"""Site search: one box that finds what a reader may see in every app.

Core knows no app, so each app registers what it searches (`register`, from its
`AppConfig.ready()`): a section with a heading and a `find(query, user)` that
returns the hits, read through the `visible_to` queryset of each record type like
every other output. The search page (`core.views.search`) asks every section in
order and shows each one's hits under its heading; a section may name a page of
its own that searches deeper (the meetings' full-text search).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

MAX_QUERY = 100
PER_SECTION = 20


@dataclass(frozen=True)
class Hit:
    """One thing found: its name, address and a line saying what and whose it is."""

    title: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Section:
    """What one app searches: `find(query, user, limit)` gives at most `limit` hits
    the user may see; `more_url(query)`, when given, is a page that searches deeper."""

    key: str
    heading: str
    order: int
    find: Callable[[str, Any, int], list[Hit]]
    more_url: Callable[[str], str] | None = None


@dataclass(frozen=True)
class Found:
    """A section's hits; `truncated` when it has more than were shown, and `more` the
    page that searches deeper, if the section has one."""

    section: Section
    hits: list[Hit]
    truncated: bool
    more: str | None


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a section of the site search."""
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.heading))


def clean_query(raw: str) -> str:
    """The words of the query, single-spaced, at most MAX_QUERY characters."""
    return " ".join(raw.split())[:MAX_QUERY]


def search(query: str, user: User | AnonymousUser, per_section: int = PER_SECTION) -> list[Found]:
    """Every section's hits for `query` that `user` may see, at most `per_section`
    each; sections with none are left out."""
    query = clean_query(query)
    if not query:
        return []
    found = []
    for section in sections():
        hits = section.find(query, user, per_section + 1)
        if not hits:
            continue
        more = section.more_url(query) if section.more_url is not None else None
        found.append(Found(section, hits[:per_section], len(hits) > per_section, more))
    return found
