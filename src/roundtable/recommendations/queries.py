"""Reusable reads for the recommendations tracker: the filtered table, summaries, exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet

from roundtable.partnership.models import Body, Unit
from roundtable.performance.models import Indicator
from roundtable.recommendations import rules
from roundtable.recommendations.choices import (
    RESPONSE_COLOURS,
    STATUS_COLOURS,
    Response,
    ResponseState,
    Status,
)
from roundtable.recommendations.models import Recommendation, Review
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

SORTS = {
    "number": ("review__order", "review__title", "order", "number"),
    "review": ("review__title", "order"),
    "response": ("response", "review__order", "order"),
    "status": ("status", "review__order", "order"),
    "lead": ("lead_organisation__name", "review__order", "order"),
    "updated": ("-last_update_on", "review__order", "order"),
    "due": ("next_update_due", "review__order", "order"),
}

# Colours of the summary chart's bars (GOV.UK palette), by category.
HEX = {
    "green": "#00703c",
    "turquoise": "#28a197",
    "yellow": "#ffdd00",
    "blue": "#1d70b8",
    "red": "#d4351c",
    "grey": "#505a5f",
    "purple": "#4c2c92",
}


@dataclass
class TrackerFilters:
    """The tracker's filters, shared by the web table, the API and the benchmarks."""

    review: int | None = None
    section: int | None = None
    response: str = ""
    status: str = ""
    lead: int | None = None
    theme: int | None = None
    overdue: bool = False
    q: str = ""
    sort: str = "number"

    @classmethod
    def from_query(cls, params: Any) -> TrackerFilters:
        def number(name: str) -> int | None:
            value = str(params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        response = params.get("response") or ""
        status = params.get("status") or ""
        sort = params.get("sort") or "number"
        return cls(
            review=number("review"),
            section=number("section"),
            response=response if response in Response.values else "",
            status=status if status in Status.values else "",
            lead=number("lead"),
            theme=number("theme"),
            overdue=str(params.get("overdue") or "") in {"1", "true", "on", "yes"},
            q=str(params.get("q") or "").strip()[:200],
            sort=sort if sort in SORTS else "number",
        )


def with_links(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Everything a row of the tracker shows, in a fixed number of queries."""
    return queryset.select_related("review", "section", "lead_organisation").prefetch_related(
        Prefetch("lead_units", queryset=Unit.objects.only("id", "name", "short_name")),
        Prefetch("supporting_units", queryset=Unit.objects.only("id", "name", "short_name")),
        "supporting_organisations",
    )


def tracker(
    user: Any, partnership: Partnership, filters: TrackerFilters, today: datetime.date
) -> QuerySet[Recommendation]:
    """The tracker's rows for `user`, filtered and sorted (links prefetched)."""
    rows = Recommendation.objects.visible_to(user, partnership.pk)
    if filters.review:
        rows = rows.filter(review_id=filters.review)
    if filters.section:
        rows = rows.filter(section_id=filters.section)
    if filters.response:
        rows = rows.filter(response=filters.response)
        if not _internal(user, partnership):
            rows = rows.filter(response_state=ResponseState.PUBLISHED)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.lead:
        rows = rows.filter(lead_units__id=filters.lead)
    if filters.theme:
        rows = rows.filter(review__themes__id=filters.theme)
    if filters.overdue:
        rows = rows.filter(next_update_due__lt=today)
    if filters.q:
        rows = rows.filter(Q(text__icontains=filters.q) | Q(number__iexact=filters.q))
    if filters.lead or filters.theme:
        rows = rows.distinct()
    return with_links(rows.order_by(*SORTS[filters.sort]))


def _internal(user: Any, partnership: Partnership) -> bool:
    from roundtable.recommendations.permissions import sees_internal_recommendations

    return sees_internal_recommendations(user, partnership.pk)


def visible_reviews(user: Any, partnership: Partnership) -> QuerySet[Review]:
    reviews = Review.objects.filter(partnership=partnership)
    if not _internal(user, partnership):
        reviews = reviews.filter(is_published=True)
    return reviews.annotate(count=Count("recommendations")).select_related("parent")


def lead_label(recommendation: Recommendation) -> str:
    """ "I&C / ASCH", or the lead organisation's name when no unit leads (prefetched)."""
    units = [u.short_name or u.name for u in recommendation.lead_units.all()]
    if units:
        return " / ".join(units)
    return recommendation.lead_organisation.name if recommendation.lead_organisation else ""


def supporting_names(recommendation: Recommendation) -> list[str]:
    names = [u.short_name or u.name for u in recommendation.supporting_units.all()]
    names += [o.name for o in recommendation.supporting_organisations.all()]
    if recommendation.supported_by_all_units:
        names.append("All directorates")
    return names


def summary_for(
    rows: QuerySet[Recommendation], today: datetime.date, *, public: bool
) -> rules.Summary:
    """Counts by response and by status (one query); the public count unpublished
    responses as "No response yet"."""
    values = rows.order_by().values_list("response", "response_state", "status", "next_update_due")
    return rules.summarise(
        (
            (
                Response.NONE if public and state != ResponseState.PUBLISHED else response,
                status,
                rules.is_overdue(due, today),
            )
            for response, state, status, due in values
        ),
        responses=Response.values,
        statuses=Status.values,
    )


@dataclass
class Chart:
    """A summary chart's bars, drawn as inline SVG by partials/_chart.html."""

    title: str
    bars: list[rules.Bar]
    height: int
    description: str


def charts(summary: rules.Summary) -> list[Chart]:
    made = []
    for title, counts, labels, colours in (
        ("By response", summary.by_response, dict(Response.choices), RESPONSE_COLOURS),
        ("By status", summary.by_status, dict(Status.choices), STATUS_COLOURS),
    ):
        rows = [(labels[k], n, HEX[colours[k]]) for k, n in counts.items()]
        bars, height = rules.bar_chart(rows)
        words = ", ".join(f"{label} {n}" for label, n, _ in rows)
        made.append(Chart(title, bars, height, f"{title}: {words}."))
    return made


class ExportRow(TypedDict):
    review: str
    section: str
    number: str
    text: str
    response: str
    outline_response: str
    lead: str
    supporting: list[str]
    status: str
    last_update: str | None
    # Extra fields beyond the contract's: what the recommendation concerns.
    priorities: list[str]
    indicators: list[str]
    bodies: list[str]


def export_rows(
    partnership: Partnership, review_title: str | None = None, *, public: bool = False
) -> list[ExportRow]:
    """The export contract: one dict per recommendation, labels not codes."""
    rows = Recommendation.objects.filter(partnership=partnership)
    if public:
        rows = rows.filter(review__is_published=True)
    if review_title:
        rows = rows.filter(review__title__iexact=review_title)
    labels, statuses = dict(Response.choices), dict(Status.choices)
    result: list[ExportRow] = []
    indicators = Indicator.objects.filter(is_public=True) if public else Indicator.objects.all()
    rows = with_links(rows.order_by(*SORTS["number"])).prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("ref")),
        Prefetch("indicators", queryset=indicators),
        Prefetch("bodies", queryset=Body.objects.order_by("name")),
    )
    for rec in rows:
        hidden = public and rec.response_state != ResponseState.PUBLISHED
        result.append(
            ExportRow(
                review=rec.review.title,
                section=rec.section.title if rec.section else "",
                number=rec.number,
                text=rec.text,
                response=labels[Response.NONE if hidden else rec.response],
                outline_response="" if hidden else rec.outline_response,
                lead=lead_label(rec),
                supporting=supporting_names(rec),
                status=statuses[rec.status],
                last_update=rec.last_update_on.isoformat() if rec.last_update_on else None,
                priorities=[p.ref for p in rec.priorities.all()],
                indicators=sorted(i.code for i in rec.indicators.all()),
                bodies=[b.name for b in rec.bodies.all()],
            )
        )
    return result


@dataclass
class Links:
    """What a recommendation concerns, as far as the reader may see it."""

    priorities: list[Any]
    indicators: list[Any]
    bodies: list[Any]

    def __bool__(self) -> bool:
        return bool(self.priorities or self.indicators or self.bodies)


def visible_links(user: Any, recommendation: Recommendation) -> Links:
    """The priorities, indicators and bodies a recommendation concerns that `user` may
    see (`can(user, VIEW, …)`): an indicator not marked public is hidden from the
    public, its name included."""
    from roundtable.core.permissions import Action, can

    def shown(items: Any) -> list[Any]:
        return [item for item in items if can(user, Action.VIEW, item)]

    return Links(
        priorities=shown(recommendation.priorities.order_by("ref")),
        indicators=shown(recommendation.indicators.order_by("code")),
        bodies=shown(recommendation.bodies.order_by("name")),
    )


@dataclass
class TrackerRow:
    """One row of the tracker table as the viewer may see it."""

    recommendation: Recommendation
    lead: str
    response: str
    response_colour: str
    overdue: bool


def shown_response(recommendation: Recommendation, *, internal: bool) -> tuple[str, str]:
    """The response label and colour the viewer sees (the public: published only)."""
    if internal or recommendation.response_state == ResponseState.PUBLISHED:
        return recommendation.get_response_display(), recommendation.response_colour
    return "Response not yet published", "grey"


def tracker_rows(recommendations: Any, today: datetime.date, *, internal: bool) -> list[TrackerRow]:
    rows = []
    for rec in recommendations:
        label, colour = shown_response(rec, internal=internal)
        rows.append(
            TrackerRow(
                rec, lead_label(rec), label, colour, rules.is_overdue(rec.next_update_due, today)
            )
        )
    return rows


@dataclass
class SectionRows:
    title: str
    rows: list[TrackerRow]


def sections_with_rows(
    review: Review, today: datetime.date, *, internal: bool
) -> list[SectionRows]:
    """A review's recommendations grouped by section, in order (one query plus prefetches)."""
    grouped: dict[str, list[TrackerRow]] = {}
    rows = with_links(review.recommendations.order_by("order", "number"))
    for row in tracker_rows(rows, today, internal=internal):
        section = row.recommendation.section
        grouped.setdefault(section.title if section else "", []).append(row)
    return [SectionRows(title, items) for title, items in grouped.items()]


@dataclass
class Event:
    """One entry on a recommendation's timeline."""

    date: datetime.date | None
    kind: str
    title: str
    text: str = ""
    links: list[str] | None = None
    status: str = ""
    status_colour: str = ""
    rag: str = ""
    rag_colour: str = ""
    author: str = ""
    illustrative: bool = False
    files: list[Any] | None = None


def timeline(
    recommendation: Recommendation, *, internal: bool, updates: bool = True
) -> list[Event]:
    """Everything that happened to a recommendation, newest first: progress updates
    with their evidence files (when `updates`: see `permissions.sees_updates`), the
    response being agreed and published, the review's publication, and (for the
    partnership's own people) comments."""
    review = recommendation.review
    events: list[Event] = []
    shown = recommendation.updates.select_related("author").prefetch_related("files")
    for update in shown if updates else []:
        events.append(
            Event(
                date=update.date,
                kind="update",
                title="Progress update",
                text=update.narrative,
                links=update.evidence_links,
                status=update.get_status_display(),
                status_colour=update.status_colour,
                rag=update.get_rag_display() if update.rag else "",
                rag_colour=update.rag_colour,
                author=update.author.get_full_name() if update.author else "",
                illustrative=update.is_illustrative,
                files=list(update.files.all()),
            )
        )
    if recommendation.agreed_on and (internal or recommendation.response_is_public):
        by = f" by {recommendation.agreed_by}" if recommendation.agreed_by else ""
        events.append(
            Event(
                recommendation.agreed_on,
                "agreed",
                f"Response agreed{by}",
                recommendation.agreed_resolution,
            )
        )
    if recommendation.published_on and recommendation.response_is_public:
        events.append(Event(recommendation.published_on, "published", "Response published"))
    if review.published_on:
        events.append(Event(review.published_on, "review", f"{review.title} published"))
    if internal:
        for comment in recommendation.comments.select_related("author"):
            events.append(
                Event(
                    comment.created_at.date(),
                    "comment",
                    "Comment",
                    comment.text,
                    author=comment.author.get_full_name() or comment.author.username
                    if comment.author
                    else "",
                )
            )
    events.sort(key=lambda e: e.date or datetime.date.min, reverse=True)
    return events
