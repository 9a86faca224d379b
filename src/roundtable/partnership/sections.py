"""Sections that apps above this one add to a body's page.

`partnership` is a lower layer: it never imports the apps that own records a body
can own (consultations, information-sharing agreements...). Those apps register a
callable in their `AppConfig.ready()`::

    register_body_section(consultations_section)

Each callable takes the user and the body and returns a `BodySection` (a title,
the template that draws it and its context) or None when it has nothing to
show. It must read through the records' `visible_to(user)`: the body page shows
whatever the sections return, to whoever may see the body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body


@dataclass(frozen=True)
class BodySection:
    """A section of a body's page: its heading, template and the template's context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Section = Callable[["User | AnonymousUser", "Body"], BodySection | None]

_SECTIONS: dict[str, Section] = {}


def register_body_section(key: str, section: Section) -> None:
    """Add a section to every body's page (apps call this from `AppConfig.ready`);
    registering a key again replaces it."""
    _SECTIONS[key] = section


def body_sections(user: User | AnonymousUser, body: Body) -> list[BodySection]:
    """The sections with something to show for `user` on `body`'s page, in order."""
    found = [s for s in (section(user, body) for section in _SECTIONS.values()) if s is not None]
    return sorted(found, key=lambda s: (s.order, s.title))
