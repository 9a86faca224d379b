"""Template filters of the performance report."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

register = template.Library()


@register.filter
def zip_with(items: Iterable[object], labels: Iterable[object]) -> list[tuple[object, object]]:
    """Pairs of (item, label), for
    `{% for cell, month in view.months|zip_with:headings.month_headings %}`."""
    return list(zip(items, labels, strict=False))
