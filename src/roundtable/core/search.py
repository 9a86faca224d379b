"""Site search: one box that finds what a reader may see in every app.

Core knows no app, so each app registers what it searches (`register`, from its
`AppConfig.ready()`): a section with a heading and a `find(query, user, limit,
partnership_id)` that returns the hits, read through the `visible_to` queryset of
each record type like every other output. The search page (`core.views.search`)
asks every section in order and shows each one's hits under its heading; a section
may name a page of its own that searches deeper (the meetings' full-text search).

The search under a partnership's address searches that partnership; searching every
partnership is the reader's choice (`?scope=all`, `search_scope`). Either way a
reader finds only what they may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_QUERY = 100
PER_SECTION = 20
#: The `scope` that searches every partnership instead of the one looked at.
ALL_PARTNERSHIPS = "all"


@dataclass(frozen=True)
class Hit:
    """One thing found: its name, address and a line saying what and whose it is."""

    title: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Section:
    """What one app searches: `find(query, user, limit, partnership_id)` gives at most
    `limit` hits the user may see, of that partnership (of every partnership when it
    is None); `more_url(query, partnership_id)`, when given, is a page that searches
    deeper, in the same place."""

    key: str
    heading: str
    order: int
    find: Callable[[str, Any, int, int | None], list[Hit]]
    more_url: Callable[[str, int | None], str] | None = None


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


@dataclass(frozen=True)
class Scope:
    """Where a search looks: in `partnership` (the one looked at), or in every
    partnership when `everywhere` (the reader's choice, or no partnership is
    looked at)."""

    partnership: Any
    everywhere: bool

    @property
    def partnership_id(self) -> int | None:
        return None if self.everywhere else self.partnership.pk

    @property
    def place(self) -> str:
        """Where, in words: "Ealing Partnership", "all partnerships"."""
        return "all partnerships" if self.everywhere else self.partnership.name


def search_scope(raw: str, partnership: Any) -> Scope:
    """Where to search, from the page's `scope` and the partnership looked at: that
    partnership unless `scope` is `ALL_PARTNERSHIPS`. Any other `scope` means the
    default: it only comes from the page's own radios."""
    return Scope(partnership, everywhere=partnership is None or raw == ALL_PARTNERSHIPS)


def search(
    query: str, user: Any, per_section: int = PER_SECTION, *, partnership_id: int | None
) -> list[Found]:
    """Every section's hits for `query` that `user` may see, at most `per_section`
    each, in the partnership `partnership_id` (in every partnership when None);
    sections with none are left out."""
    query = clean_query(query)
    if not query:
        return []
    found = []
    for section in sections():
        hits = section.find(query, user, per_section + 1, partnership_id)
        if not hits:
            continue
        more = section.more_url(query, partnership_id) if section.more_url is not None else None
        found.append(Found(section, hits[:per_section], len(hits) > per_section, more))
    return found
