"""Sections that higher apps add to a lower app's page of one record.

A lower app never imports the apps above it, yet its pages may show what they link
to it (a body's page lists the consultations it owns, a project's page the
consultations serving it). The lower app keeps one `PageSections` per page, and
each higher app registers a callable in its `AppConfig.ready()`::

    BODY_SECTIONS.register("engagement", owned_section)

Each callable takes the user and the record and returns a `PageSection` (a title,
the template that draws it and its context) or None when it has nothing to show.
It must read through the records' `visible_to(user)`: the page shows whatever the
sections return, to whoever may see the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

R = TypeVar("R")


@dataclass(frozen=True)
class PageSection:
    """A section of a record's page: its heading, template and the template's context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    #: It lists nothing, only offers who may edit a way to add (the page still says
    #: that nothing is listed).
    offer_only: bool = False


def listing(title: str, template: str, order: int, **records: list[Any]) -> PageSection | None:
    """A section listing records, each list under its name in the template's context
    (`listing("Consultations", "…", 40, consultations=found)`); None when every list
    is empty, so the page leaves the section out."""
    if not any(records.values()):
        return None
    return PageSection(title=title, template=template, context=records, order=order)


class PageSections(Generic[R]):
    """The sections registered for one kind of page (a body's, a project's...)."""

    def __init__(self) -> None:
        self._sections: dict[str, Callable[[Any, R], PageSection | None]] = {}

    def register(self, key: str, section: Callable[[Any, R], PageSection | None]) -> None:
        """Add a section to every such page; registering a key again replaces it."""
        self._sections[key] = section

    def for_record(self, user: AbstractBaseUser | AnonymousUser, record: R) -> list[PageSection]:
        """The sections with something to show for `user` on `record`'s page, in order."""
        found = [s for s in (section(user, record) for section in self._sections.values()) if s]
        return sorted(found, key=lambda s: (s.order, s.title))
