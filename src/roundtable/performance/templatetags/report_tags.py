"""Template filters of the performance report."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django import template

from roundtable.performance.svg import format_number

if TYPE_CHECKING:
    from roundtable.performance.models import Indicator

register = template.Library()


@register.filter
def zip_with(items: Iterable[object], labels: Iterable[object]) -> list[tuple[object, object]]:
    """Pairs of (item, label), for
    `{% for cell, month in view.months|zip_with:headings.month_headings %}`."""
    return list(zip(items, labels, strict=False))


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    """A figure as the report prints it: to the indicator's decimals, in its unit
    ("98.80%", "1,964", "£21,500"), so a page and the report show it alike."""
    return format_number(value, indicator.decimals, indicator.unit)
