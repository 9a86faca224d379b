"""Sections that apps above this one add to a project's page.

`projects` never imports the apps that link records to a project (engagement's
consultations and contacts...). Those apps register a callable in their
`AppConfig.ready()`::

    register_project_section("engagement", engagement_section)

Each callable takes the user and the project and returns a `ProjectSection` (a
title, the template that draws it and its context) or None when it has nothing to
show. It must read through the records' `visible_to(user)`: the project page shows
whatever the sections return, to whoever may see the project.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.projects.models import Project


@dataclass(frozen=True)
class ProjectSection:
    """A section of a project's page: its heading, template and the template's context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Section = Callable[["User | AnonymousUser", "Project"], ProjectSection | None]

_SECTIONS: dict[str, Section] = {}


def register_project_section(key: str, section: Section) -> None:
    """Add a section to every project's page (apps call this from `AppConfig.ready`);
    registering a key again replaces it."""
    _SECTIONS[key] = section


def project_sections(user: User | AnonymousUser, project: Project) -> list[ProjectSection]:
    """The sections with something to show for `user` on `project`'s page, in order."""
    found = [s for s in (section(user, project) for section in _SECTIONS.values()) if s]
    return sorted(found, key=lambda s: (s.order, s.title))
