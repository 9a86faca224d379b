"""Template tags of the engagement pages."""

from __future__ import annotations

from typing import Any

from django import template

from roundtable.engagement.permissions import may_manage_personal_data

register = template.Library()


@register.simple_tag(takes_context=True)
def manages_personal_data(context: Any) -> bool:
    """Whether the visitor may open the personal data page of the partnership they are
    viewing, for the engagement pages' links: asked here, so no page that draws the
    links can forget to ask (`permissions.may_manage_personal_data` decides)."""
    request = context["request"]
    partnership = getattr(request, "partnership", None)
    return partnership is not None and may_manage_personal_data(request.user, partnership.pk)
