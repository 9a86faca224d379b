"""`{{ label|period_name }}`: a period as it reads on a page ("June 2012" for the
label "2012-06"; `periods.period_name`). Option values, files and the APIs keep
the label."""

from __future__ import annotations

from django import template

from roundtable.lis import periods

register = template.Library()


@register.filter
def period_name(label: str) -> str:
    return periods.period_name(str(label))
