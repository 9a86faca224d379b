"""The performance section of a strategy priority's page (`strategy.page_sections`,
registered in `apps.py`): how the indicators of the priority's theme stand in the
quarterly report the reader would open (`queries.theme_glance`: public indicators and
approved figures unless they are one of the partnership's own people). The report
groups indicators by theme, and the Ealing report's themes are its strategy's, so a
priority's theme names its indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import slugify

from roundtable.partnership.addresses import partnership_reverse
from roundtable.performance.queries import theme_glance
from roundtable.strategy.page_sections import PrioritySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.strategy.models import Priority


def theme_indicators_section(
    user: User | AnonymousUser, priority: Priority
) -> PrioritySection | None:
    """The theme's indicators with their status and direction of travel, and a link
    to the theme's part of that report; nothing when the priority has no theme or
    the report none of its indicators the reader may see."""
    if priority.theme is None:
        return None
    partnership = priority.strategy.partnership
    glance = theme_glance(partnership, priority.theme.name, user)
    if glance is None:
        return None
    report = partnership_reverse(
        partnership.pk, "performance:report-period", args=[glance.period.slug]
    )
    return PrioritySection(
        title=f"Indicators of the {priority.theme.name} theme",
        template="performance/partials/_priority_section.html",
        context={
            "glance": glance,
            "report_url": f"{report}#theme-{slugify(glance.theme)}",
        },
        order=10,
    )
