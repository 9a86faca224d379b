"""Meetings on other apps' pages: a body's page shows its upcoming meetings.

A template tag rather than a context variable, so the partnership app (which
the meetings app depends on) never imports the meetings app.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import template
from django.utils import timezone

from roundtable.meetings import rules
from roundtable.meetings.models import Meeting

if TYPE_CHECKING:
    from roundtable.partnership.models import Body

register = template.Library()

UPCOMING_SHOWN = 3


@register.inclusion_tag("meetings/partials/_body_summary.html")
def body_meetings_summary(body: Body) -> dict[str, Any]:
    """The body's next few meetings (the schedule is public) and links to the rest."""
    upcoming = Meeting.objects.filter(body=body).upcoming(timezone.now()).order_by("start")
    return {"body": body, "upcoming": list(upcoming[:UPCOMING_SHOWN])}


@register.filter
def clock(value: datetime.datetime | None) -> str:
    """A time as GOV.UK writes it, in Europe/London: 5pm, 5:30pm."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def when(value: datetime.datetime | None) -> str:
    """A meeting's start as GOV.UK writes it: Monday 16 January 2012, 5pm."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%A} {local.day} {local:%B %Y}, {clock(local)}"


@register.filter
def overdue_by(days: int | None) -> str:
    """An action's lateness in words (`rules.overdue_by`): "Overdue by 5 months"."""
    return rules.overdue_by(days or 0)


@register.filter
def report_title(period: str) -> str:
    """An item's performance report as the report names itself (`rules.report_title`)."""
    return rules.report_title(period)
