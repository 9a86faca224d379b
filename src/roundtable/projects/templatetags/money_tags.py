"""Template filters of projects' money: `{{ amount|money }}` writes £50,000 (or
£50,000.50), and `{{ project|project_url }}` links a project's page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from roundtable.projects.rules_money import format_amount

register = template.Library()


@register.filter
def money(amount: Decimal | int | None) -> str:
    return format_amount(amount)


@register.filter
def project_url(project: Any) -> str:
    """The project's page."""
    return project.get_absolute_url()
