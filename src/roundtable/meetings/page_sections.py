"""Sections that apps above this one add to a meeting's page (after its minutes).

`meetings` never imports the apps that link records to a meeting (engagement's
consultations...). Those apps register a callable in their `AppConfig.ready()`::

    register_meeting_section("engagement", consultations_section)

Each callable takes the user and the meeting and returns a `MeetingSection` (a
title, the template that draws it and its context) or None when it has nothing to
show. It must read through the records' `visible_to(user)`: the meeting page shows
whatever the sections return, to whoever may see the meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.meetings.models import Meeting


@dataclass(frozen=True)
class MeetingSection:
    """A section of a meeting's page: its heading, template and the template's context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Section = Callable[["User | AnonymousUser", "Meeting"], MeetingSection | None]

_SECTIONS: dict[str, Section] = {}


def register_meeting_section(key: str, section: Section) -> None:
    """Add a section to every meeting's page (apps call this from `AppConfig.ready`);
    registering a key again replaces it."""
    _SECTIONS[key] = section


def meeting_sections(user: User | AnonymousUser, meeting: Meeting) -> list[MeetingSection]:
    """The sections with something to show for `user` on `meeting`'s page, in order."""
    found = [s for s in (section(user, meeting) for section in _SECTIONS.values()) if s]
    return sorted(found, key=lambda s: (s.order, s.title))
