"""What projects give the lower apps' hooks (registered in `ProjectsConfig.ready`):

- the project updates on a meeting's agenda items, for `meetings.attachments` (the
  meeting page and the board pack), read through `ProjectUpdate.objects.visible_to`,
  so an update of a project the reader may not see is in neither;
- the projects serving a recommendation, for `recommendations.related` (its page),
  read through `Project.objects.visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from roundtable.meetings.attachments import Attachment
from roundtable.projects.queries import projects_for_recommendation, updates_on_items
from roundtable.recommendations.related import Related

if TYPE_CHECKING:
    from collections.abc import Iterator


def updates_on_agenda(reader: Any, item_ids: list[int]) -> Iterator[Attachment]:
    for update in updates_on_items(reader, item_ids):
        yield Attachment(
            item_id=update.agenda_item_id,
            title=f"Project update: {update.project.title}, {update.date:%-d %B %Y}",
            url=update.get_absolute_url(),
            html=render_to_string("projects/pack/_update.html", {"update": update}),
        )


def projects_serving(user: Any, recommendation: Any) -> Iterator[Related]:
    """The projects that serve a recommendation, for its page (`recommendations.related`)."""
    for project in projects_for_recommendation(user, recommendation.pk):
        yield Related(
            kind="Projects",
            label=project.title,
            url=project.get_absolute_url(),
            note=f"led by {project.lead_organisation.name}; {project.get_status_display()}",
        )
