"""The Details and History tabs of a record's page, and History links elsewhere.

A History link is shown only to those who may follow it: `render_history` refuses
everyone else (`Action.VIEW_HISTORY`), and anonymous readers would be sent to sign
in, so the tab and the `may_see_history` filter ask the same rule.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from roundtable.core.permissions import Action, can

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user") or AnonymousUser()


@register.filter
def may_see_history(user: Any, record: Any) -> bool:
    """Whether `user` may open `record`'s History tab:
    `{% if request.user|may_see_history:theme %}`."""
    return can(user or AnonymousUser(), Action.VIEW_HISTORY, record)


@register.inclusion_tag("core/partials/_record_tabs.html", takes_context=True)
def record_tabs(
    context: template.Context,
    record: Any,
    details_url: str,
    history_url: str,
    active: str = "details",
) -> dict[str, str]:
    """`{% record_tabs indicator details_url=request.path history_url=history_url %}`:
    the Details tab, and the History tab when the reader may see the history."""
    shown = history_url if may_see_history(_user(context), record) else ""
    return {"details_url": details_url, "history_url": shown, "active": active}
