"""The performance section of a strategy priority's page (`strategy.page_sections`,
registered in `apps.py`): the indicators that measure the priority, as linked on its
"Indicators" page (`services.set_measured_indicators`), with how they stand in the
quarterly report the reader would open (public indicators and approved figures
unless they are one of the partnership's own people); and the indicators linked to
its objectives.

A priority with no linked indicator keeps what the page showed before links existed:
the indicators of its theme (`queries.theme_glance`; the report groups indicators
by theme, and the Ealing report's themes are its strategy's), and says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import slugify

from roundtable.core.permissions import Action, can
from roundtable.core.sections import PageSection
from roundtable.partnership.addresses import partnership_reverse
from roundtable.performance.queries import objective_indicators, priority_measures
from roundtable.strategy.models import Objective
from roundtable.strategy.page_sections import PrioritySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.strategy.models import Priority, Strategy


def theme_indicators_section(
    user: User | AnonymousUser, priority: Priority
) -> PrioritySection | None:
    """The linked indicators (else the theme's) with their status and direction of
    travel, a link to the report, and each objective's indicators; for who may edit
    the priority, the links to choose them. Nothing when there is nothing to show."""
    partnership = priority.strategy.partnership
    may_edit = can(user, Action.CHANGE, priority)
    measures = priority_measures(priority, user)
    linked = objective_indicators(priority, user)
    if may_edit:  # every objective, for the links to choose its indicators
        objectives = [(o, linked.get(o, [])) for o in priority.objectives.order_by("order", "pk")]
    else:
        objectives = list(linked.items())
    if measures is None and not objectives and not may_edit:
        return None
    report_url = ""
    if measures is not None and measures.period is not None:
        report_url = partnership_reverse(
            partnership.pk, "performance:report-period", args=[measures.period.slug]
        )
        if measures.theme:
            report_url += f"#theme-{slugify(measures.report_theme)}"
    if measures is not None and measures.theme:
        title = f"Indicators of the {measures.theme} theme"
    else:
        title = "Indicators that measure this priority"
    return PrioritySection(
        title=title,
        template="performance/partials/_priority_section.html",
        context={
            "measures": measures,
            "report_url": report_url,
            "objectives": objectives,
            "choose_url": (
                partnership_reverse(
                    partnership.pk, "performance:priority-indicators", args=[priority.pk]
                )
                if may_edit
                else ""
            ),
            "may_edit": may_edit,
        },
        order=10,
        offer_only=measures is None and not any(found for _, found in objectives),
    )


def value_objectives_section(user: User | AnonymousUser, strategy: Strategy) -> PageSection | None:
    """On a strategy's page, the indicators linked to the objectives of its values and
    approaches (Ealing's equality objectives), as `user` may see them; for who may edit
    the strategy, every such objective with the link to choose its indicators."""
    linked = objective_indicators(None, user, strategy=strategy)
    may_edit = can(user, Action.CHANGE, strategy)
    others = []
    if may_edit:  # the rest, folded away, each with the link to choose its indicators
        others = [
            o
            for o in Objective.objects.filter(strategy=strategy, approach__isnull=False)
            .select_related("approach")
            .order_by("approach__order", "approach__name", "order", "pk")
            if o not in linked
        ]
    if not linked and not others:
        return None
    return PageSection(
        title="Indicators of the values' objectives",
        template="performance/partials/_value_objectives_section.html",
        context={"objectives": list(linked.items()), "others": others, "may_edit": may_edit},
        order=10,
    )
