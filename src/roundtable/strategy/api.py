"""Strategy API: /api/v1/strategies, /api/v1/strategies/{slug}, /api/v1/priorities/{id}.

Read-only and public, like the strategy pages; built from the same queries and
access helpers.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router

from roundtable.partnership.models import Partnership
from roundtable.strategy import queries
from roundtable.strategy.models import Priority, Strategy
from roundtable.strategy.permissions import get_priority_for_user, get_strategy_for_user
from roundtable.strategy.schemas import PriorityDetail, StrategyDetail, StrategySummary

router = Router(tags=["strategy"])


def _summary(strategy: Strategy) -> dict:
    return {
        "slug": strategy.slug,
        "title": strategy.title,
        "short_title": strategy.short_title,
        "kind": strategy.kind,
        "status": strategy.status,
        "start_year": strategy.start_year,
        "end_year": strategy.end_year,
        "period": strategy.period,
        "partnership": strategy.partnership.slug,
        "url": strategy.get_absolute_url(),
    }


def _priority(priority: Priority, theme: str | None) -> dict:
    return {
        "id": priority.pk,
        "ref": priority.ref,
        "wording": priority.wording,
        "status": priority.status,
        "theme": theme,
        "target_areas": [area.code for area in priority.target_areas.all()],
        "objectives": [objective.text for objective in priority.objectives.all()],
        "url": priority.get_absolute_url(),
    }


@router.get("/strategies", response=list[StrategySummary], summary="List strategies")
def list_strategies(request: HttpRequest, partnership: str | None = None) -> list[dict]:
    """Every strategy, or one partnership's (`?partnership=<slug>`)."""
    chosen = None
    if partnership:
        chosen = Partnership.objects.filter(slug=partnership).first()
        if chosen is None:
            raise Http404(f"There is no partnership '{partnership}'")
    return [_summary(s) for s in queries.strategies(chosen)]


@router.get("/strategies/{slug}", response=StrategyDetail, summary="A strategy in full")
def get_strategy(request: HttpRequest, slug: str) -> dict:
    """A strategy with its themes and their priorities, and its values with their objectives."""
    strategy = get_strategy_for_user(request.user, slug)
    page = queries.strategy_page(strategy)
    return {
        **_summary(strategy),
        "description": strategy.description,
        "source": strategy.source,
        "themes": [
            {
                "name": theme.name,
                "description": theme.description,
                "priorities": [_priority(p, theme.name) for p in theme.priorities.all()],
            }
            for theme in page.themes
        ],
        "unthemed_priorities": [_priority(p, None) for p in page.unthemed],
        "values": [
            {
                "name": approach.name,
                "description": approach.description,
                "objectives": [o.text for o in approach.objectives.all()],
            }
            for approach in page.approaches
        ],
    }


@router.get("/priorities/{priority_id}", response=PriorityDetail, summary="A priority's history")
def get_priority(request: HttpRequest, priority_id: int) -> dict:
    """A priority with its wording revisions (oldest first) and the areas it focuses on."""
    priority = get_priority_for_user(request.user, priority_id)
    page = queries.priority_page(priority)
    return {
        "id": priority.pk,
        "ref": priority.ref,
        "wording": priority.wording,
        "status": priority.status,
        "strategy": priority.strategy.slug,
        "theme": priority.theme.name if priority.theme else None,
        "target_areas": [{"code": a.code, "name": a.name} for a in page.target_areas],
        "objectives": [o.text for o in page.objectives],
        "revisions": [
            {
                "sequence": entry.revision.sequence,
                "date": entry.revision.date,
                "status": entry.revision.status,
                "wording": entry.wording,
                "note": entry.revision.note,
                "event": (
                    {
                        "id": entry.revision.event.pk,
                        "name": entry.revision.event.name,
                        "date": entry.revision.event.date,
                        "kind": entry.revision.event.kind,
                    }
                    if entry.revision.event
                    else None
                ),
                "merged_into": entry.revision.merged_into.ref
                if entry.revision.merged_into
                else None,
            }
            for entry in page.timeline
        ],
        "url": priority.get_absolute_url(),
    }
