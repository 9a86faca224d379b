"""A body's Atom feed of its published agendas and decisions, for residents to
subscribe to in a feed reader (`/<partnership>/meetings/bodies/<slug>/feed.atom`).

It is read as the public whoever asks (`queries.body_feed`), as the calendar feeds
are: a feed address is shared and subscribed to, and shows the same to everyone,
so a member who opens it sees no restricted item either. Each meeting with a
published agenda is an entry; once its minutes are approved, its public
resolutions are a second entry. Entry ids are `urn:uuid:` names made from the
meeting's `uid`, so they never change when the meeting moves or the site's
address does. See docs/meetings.md, "Feeds".
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from roundtable.meetings import queries
from roundtable.partnership.addresses import partnership_reverse, show_partnership
from roundtable.partnership.models import Body

if TYPE_CHECKING:
    from django.http import HttpRequest

    from roundtable.meetings.models import Meeting

AGENDA = "agenda"
DECISIONS = "decisions"


@dataclass(frozen=True)
class Entry:
    """One entry: a meeting's published agenda, or the decisions of its approved minutes."""

    kind: str
    shown: queries.FeedMeeting

    @property
    def meeting(self) -> Meeting:
        return self.shown.meeting

    @property
    def title(self) -> str:
        if self.kind == DECISIONS:
            return f"Decisions: {self.meeting.heading}"
        prefix = "Cancelled: " if self.meeting.is_cancelled else "Agenda: "
        return prefix + self.meeting.heading

    @property
    def anchor(self) -> str:
        return "#minutes" if self.kind == DECISIONS else "#agenda"

    @property
    def id(self) -> str:
        return uuid.uuid5(self.meeting.uid, self.kind).urn

    @property
    def published(self) -> datetime.datetime:
        """When the agenda was published; when the minutes were approved (the day, at
        midnight in London), for decisions."""
        meeting = self.meeting
        if self.kind == DECISIONS and meeting.minutes_approved_on is not None:
            midnight = datetime.datetime.combine(meeting.minutes_approved_on, datetime.time())
            return timezone.make_aware(midnight)
        return meeting.agenda_published_at or meeting.start


def entries(meetings: list[queries.FeedMeeting]) -> list[Entry]:
    """Each meeting's agenda, and its decisions when it has any the public may read,
    the latest published first."""
    found = []
    for shown in meetings:
        found.append(Entry(AGENDA, shown))
        if shown.decisions:
            found.append(Entry(DECISIONS, shown))
    return sorted(found, key=lambda entry: entry.published, reverse=True)


class BodyFeed(Feed):
    """The body's feed (Atom 1.0): Django's syndication view over `queries.body_feed`."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Body:
        body = get_object_or_404(Body.objects.select_related("partnership"), slug=slug)
        show_partnership(request, body.partnership)
        return body

    def title(self, obj: Body) -> str:
        return f"{obj.name}: agendas and decisions"

    def subtitle(self, obj: Body) -> str:
        return (
            f"The published agendas of {obj.name}'s meetings, and the decisions of its "
            f"approved minutes ({obj.partnership.name})"
        )

    def link(self, obj: Body) -> str:
        return partnership_reverse(obj.partnership, "meetings:body-meetings", args=[obj.slug])

    def feed_url(self, obj: Body) -> str:
        return partnership_reverse(obj.partnership, "meetings_outputs:body-feed", args=[obj.slug])

    def items(self, obj: Body) -> list[Entry]:
        return entries(queries.body_feed(obj))

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return render_to_string("meetings/feed_entry.html", {"entry": item})

    def item_link(self, item: Entry) -> str:
        return item.meeting.get_absolute_url() + item.anchor

    def item_guid(self, item: Entry) -> str:
        return item.id

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime.datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime.datetime:
        return item.published
