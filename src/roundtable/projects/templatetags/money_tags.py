"""Template filters of projects' money: `{{ amount|money }}` writes £50,000 (or
£50,000.50), and `{{ project|project_url }}` links a project's page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import NoReverseMatch

from roundtable.projects.models_money import money_url
from roundtable.projects.rules_money import format_amount

register = template.Library()


@register.filter
def money(amount: Decimal | int | None) -> str:
    return format_amount(amount)


@register.filter
def project_url(project: Any) -> str:
    """The project's page; its money page where the project pages are not installed
    (the money app ships before them in some branches)."""
    try:
        return project.get_absolute_url()
    except NoReverseMatch:
        return money_url(project)
