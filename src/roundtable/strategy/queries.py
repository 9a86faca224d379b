"""Reusable reads for strategy pages and the API. Each declares its own joins."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Prefetch, QuerySet

from roundtable.geography.models import Area
from roundtable.geography.queries import shown_on_page_of
from roundtable.strategy.models import (
    Approach,
    Event,
    Objective,
    Priority,
    PriorityRevision,
    Strategy,
    Theme,
)
from roundtable.strategy.rules import next_wording

if TYPE_CHECKING:
    from roundtable.core.sections import PageSection
    from roundtable.partnership.models import Partnership


def strategies(partnership: Partnership | None = None) -> QuerySet[Strategy]:
    """Strategies (of one partnership, if given) with their number of priorities."""
    queryset = Strategy.objects.select_related("partnership").annotate(
        priority_count=Count("priorities", distinct=True),
        theme_count=Count("themes", distinct=True),
    )
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    return queryset.order_by("partnership__name", "-start_year", "title")


def _priorities() -> QuerySet[Priority]:
    return Priority.objects.prefetch_related(
        Prefetch("target_areas"),
        Prefetch("objectives", queryset=Objective.objects.order_by("order", "pk")),
    ).order_by("order", "ref")


@dataclass
class StrategyPage:
    """Everything the strategy page shows."""

    strategy: Strategy
    themes: list[Theme]
    unthemed: list[Priority]
    approaches: list[Approach]
    events: list[Event]
    can_edit: bool = False
    #: What apps above add, as the viewer may see it (`page_sections.STRATEGY_SECTIONS`).
    sections: list[PageSection] = field(default_factory=list)


def strategy_page(
    strategy: Strategy, *, can_edit: bool = False, sections: list[PageSection] | None = None
) -> StrategyPage:
    """Themes with their priorities (and each priority's areas and objectives), values with
    their objectives, and the events where the wording changed: a fixed number of queries."""
    themes = list(
        strategy.themes.prefetch_related(
            Prefetch("priorities", queryset=_priorities().filter(strategy=strategy))
        ).order_by("order", "name")
    )
    unthemed = list(_priorities().filter(strategy=strategy, theme__isnull=True))
    approaches = list(
        strategy.approaches.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("order", "pk"))
        ).order_by("order", "name")
    )
    events = list(
        Event.objects.filter(revisions__priority__strategy=strategy).distinct().order_by("date")
    )
    return StrategyPage(strategy, themes, unthemed, approaches, events, can_edit, sections or [])


@dataclass
class TimelineEntry:
    """One revision, with the wording it replaced when the wording changed."""

    revision: PriorityRevision
    wording: str
    replaced: str = ""


@dataclass
class PriorityPage:
    priority: Priority
    timeline: list[TimelineEntry]
    target_areas: list
    objectives: list[Objective]
    merged_from: list[PriorityRevision] = field(default_factory=list)
    can_edit: bool = False
    #: What serves the priority, as the viewer may see it (`page_sections`).
    sections: list[PageSection] = field(default_factory=list)

    @property
    def lists_nothing(self) -> bool:
        """No section lists anything (a section may only offer a link to add)."""
        return all(section.offer_only for section in self.sections)


def timeline(revisions: list[PriorityRevision]) -> list[TimelineEntry]:
    """Revisions oldest first, each with its resulting wording and the wording it replaced."""
    entries: list[TimelineEntry] = []
    wording = ""
    for revision in revisions:
        new = next_wording(wording, revision.wording)
        replaced = wording if wording and new != wording else ""
        entries.append(TimelineEntry(revision, new, replaced))
        wording = new
    return entries


def priority_revisions(priority: Priority) -> QuerySet[PriorityRevision]:
    return priority.revisions.select_related("event", "merged_into").order_by("sequence")


def priority_page(
    priority: Priority, *, can_edit: bool = False, sections: list[PageSection] | None = None
) -> PriorityPage:
    return PriorityPage(
        priority=priority,
        timeline=timeline(list(priority_revisions(priority))),
        target_areas=list(priority.target_areas.order_by("name")),
        objectives=list(priority.objectives.order_by("order", "pk")),
        merged_from=list(
            PriorityRevision.objects.filter(merged_into=priority).select_related("priority")
        ),
        can_edit=can_edit,
        sections=sections or [],
    )


def event_revisions(event: Event) -> QuerySet[PriorityRevision]:
    return event.revisions.select_related("priority__strategy", "priority__theme").order_by(
        "priority__strategy__title", "priority__order", "sequence"
    )


def taken_slugs() -> set[str]:
    """Every strategy's slug, of every partnership (a slug is unique everywhere; a
    site holds tens of strategies, not thousands)."""
    return set(Strategy.objects.values_list("slug", flat=True))


def strategy_themes(strategy: Strategy) -> QuerySet[Theme]:
    """The strategy's themes in their order, as a form offers them."""
    return strategy.themes.order_by("order", "name")


def partnership_events(partnership_id: int) -> QuerySet[Event]:
    """The partnership's events, newest first, as a form offers them."""
    return Event.objects.filter(partnership_id=partnership_id).order_by("-date", "name")


def next_order(siblings: QuerySet) -> int:
    """The position after the last of `siblings` (a strategy's themes, priorities or
    values, a priority's objectives), for a record added at the end."""
    return (siblings.aggregate(last=Max("order"))["last"] or 0) + 1


def objective_text_taken(objective: Objective) -> bool:
    """Whether another objective of the same priority (or value) has this text."""
    return (
        Objective.objects.filter(
            priority_id=objective.priority_id,
            approach_id=objective.approach_id,
            text=objective.text,
        )
        .exclude(pk=objective.pk)
        .exists()
    )


def partnership_strategy(partnership: Partnership, slug: str) -> Strategy | None:
    """The partnership's strategy with this slug, or None (another partnership's too)."""
    return Strategy.objects.filter(partnership=partnership, slug=slug).first() if slug else None


def partnership_priority(partnership: Partnership, pk: str) -> Priority | None:
    """The partnership's priority with this id (as given in an address), or None
    (another partnership's too, or not a number)."""
    if not pk.isdigit():
        return None
    return Priority.objects.filter(strategy__partnership=partnership, pk=int(pk)).first()


def priorities_targeting(partnership: Partnership, area: Area) -> list[Priority]:
    """The partnership's priorities whose target areas are shown on `area`'s page
    (`geography.queries.shown_on_page_of`: the place, the areas inside it and the
    custom areas that include one of them), by strategy then order, with their
    strategy, theme and target areas (two queries; one when there are none).
    Priorities are public from their first draft (`Priority.visibility`): every
    reader sees the same list."""
    through = Priority.target_areas.through
    return list(
        Priority.objects.filter(
            partnership=partnership,
            pk__in=through.objects.filter(area_id__in=shown_on_page_of(area)).values("priority_id"),
        )
        .select_related("strategy", "theme")
        .prefetch_related(Prefetch("target_areas", queryset=Area.objects.order_by("name", "pk")))
        .order_by("strategy__title", "strategy_id", "order", "ref")
    )
