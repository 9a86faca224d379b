"""Reusable reads for the recommendations tracker: the filtered table, summaries, exports.

Every read starts from `Recommendation.objects.visible_to(user)` (or `public()` /
`everything()` for the command line's exports) and reads, filters, counts and sorts
by its `shown_*` annotations, never by the stored response, status, RAG or dates:
for those who may not see a response, a recommendation behaves as one with none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.partnership.models import Body, Unit
from roundtable.performance.models import Indicator
from roundtable.performance.rules import in_code_order
from roundtable.recommendations import rules
from roundtable.recommendations.choices import (
    RESPONSE_COLOURS,
    STATUS_COLOURS,
    Response,
    Status,
)
from roundtable.recommendations.models import ProgressUpdate, Recommendation, Review
from roundtable.recommendations.permissions import may_write_progress
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

# Sorted by the values the viewer may see (`visible_to`'s `shown_*` annotations);
# missing dates last on every database.
SORTS: dict[str, tuple[Any, ...]] = {
    "number": ("review__order", "review__title", "order", "number"),
    "review": ("review__title", "order"),
    "response": ("shown_response", "review__order", "order"),
    "status": ("shown_status", "review__order", "order"),
    "lead": ("lead_organisation__name", "review__order", "order"),
    "updated": (F("shown_last_update_on").desc(nulls_last=True), "review__order", "order"),
    "due": (F("shown_next_update_due").asc(nulls_last=True), "review__order", "order"),
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

    @property
    def narrowing(self) -> bool:
        """Whether any filter leaves recommendations out (the order leaves none out)."""
        return any(
            (self.review, self.section, self.response, self.status, self.lead, self.theme)
        ) or bool(self.overdue or self.q)


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
    """The tracker's rows for `user`, filtered and sorted (links prefetched): by the
    response, status and dates `user` may see, so a hidden response never matches."""
    rows = Recommendation.objects.visible_to(user, partnership.pk)
    if filters.review:
        rows = rows.filter(review_id=filters.review)
    if filters.section:
        rows = rows.filter(section_id=filters.section)
    if filters.response:
        rows = rows.filter(shown_response=filters.response)
    if filters.status:
        rows = rows.filter(shown_status=filters.status)
    if filters.lead:
        rows = rows.filter(lead_units__id=filters.lead)
    if filters.theme:
        rows = rows.filter(review__themes__id=filters.theme)
    if filters.overdue:
        rows = rows.filter(shown_next_update_due__lt=today)
    if filters.q:
        rows = rows.filter(Q(text__icontains=filters.q) | Q(number__iexact=filters.q))
    if filters.lead or filters.theme:
        rows = rows.distinct()
    return with_links(rows.order_by(*SORTS[filters.sort]))


def visible_reviews(user: Any, partnership: Partnership) -> QuerySet[Review]:
    reviews = Review.objects.visible_to(user).filter(partnership=partnership)
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


def summary_for(rows: QuerySet[Recommendation], today: datetime.date) -> rules.Summary:
    """Counts by response and by status (one query) of rows from `visible_to`, as
    the viewer sees them: a hidden response counts as "No response yet"."""
    values = rows.order_by().values_list("shown_response", "shown_status", "shown_next_update_due")
    return rules.summarise(
        ((response, status, rules.is_overdue(due, today)) for response, status, due in values),
        responses=Response.values,
        statuses=Status.values,
    )


def tracker_summary(user: Any, partnership: Partnership, today: datetime.date) -> rules.Summary:
    """The whole tracker's counts as `user` sees it (the partnership's front page)."""
    return summary_for(Recommendation.objects.visible_to(user, partnership.pk), today)


@dataclass(frozen=True)
class Drawing:
    """One layout of a summary chart: its bars and the viewBox they fill."""

    bars: list[rules.Bar]
    width: int
    height: int


@dataclass
class Chart:
    """A summary chart, drawn as inline SVG by partials/_chart.html: `wide` beside
    the other chart on a wide screen, `narrow` (each label above its bar) on a phone."""

    title: str
    wide: Drawing
    narrow: Drawing
    description: str


def _drawing(rows: list[tuple[str, int, str]], layout: rules.ChartLayout) -> Drawing:
    bars, height = rules.bar_chart(rows, layout=layout)
    return Drawing(bars, layout.width, height)


def charts(summary: rules.Summary) -> list[Chart]:
    made = []
    for title, counts, labels, colours in (
        ("By response", summary.by_response, dict(Response.choices), RESPONSE_COLOURS),
        ("By status", summary.by_status, dict(Status.choices), STATUS_COLOURS),
    ):
        rows = [(labels[k], n, HEX[colours[k]]) for k, n in counts.items()]
        words = ", ".join(f"{label} {n}" for label, n, _ in rows)
        wide, narrow = _drawing(rows, rules.WIDE), _drawing(rows, rules.NARROW)
        made.append(Chart(title, wide, narrow, f"{title}: {words}."))
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
    """The export contract: one dict per recommendation, labels not codes; `public`
    as the public sees them (`Recommendation.objects.public()`)."""
    chosen = Recommendation.objects.filter(partnership=partnership)
    rows = chosen.public() if public else chosen.everything()
    if review_title:
        rows = rows.filter(review__title__iexact=review_title)
    labels, statuses = dict(Response.choices), dict(Status.choices)
    result: list[ExportRow] = []
    indicators = Indicator.objects.public() if public else Indicator.objects.all()
    rows = with_links(rows.order_by(*SORTS["number"])).prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("ref")),
        Prefetch("indicators", queryset=indicators),
        Prefetch("bodies", queryset=Body.objects.order_by("name")),
    )
    for rec in rows:
        last_update = rec.shown_last_update_on
        result.append(
            ExportRow(
                review=rec.review.title,
                section=rec.section.title if rec.section else "",
                number=rec.number,
                text=rec.text,
                response=labels[rec.shown_response],
                outline_response=rec.outline_response if rec.response_shown else "",
                lead=lead_label(rec),
                supporting=supporting_names(rec),
                status=statuses[rec.shown_status],
                last_update=last_update.isoformat() if last_update else None,
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
        indicators=in_code_order(shown(recommendation.indicators.order_by("code"))),
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


def shown_response(recommendation: Recommendation) -> tuple[str, str]:
    """The response label and colour the viewer sees, from `visible_to`'s annotations
    (the public: published responses only)."""
    if recommendation.response_shown:
        return recommendation.get_response_display(), recommendation.response_colour
    return "Response not yet published", "grey"


def tracker_rows(recommendations: Any, today: datetime.date) -> list[TrackerRow]:
    """Rows of `Recommendation.objects.visible_to(user)` as that user sees them."""
    rows = []
    for rec in recommendations:
        label, colour = shown_response(rec)
        overdue = rules.is_overdue(rec.shown_next_update_due, today)
        rows.append(TrackerRow(rec, lead_label(rec), label, colour, overdue))
    return rows


@dataclass
class SectionRows:
    title: str
    rows: list[TrackerRow]


def sections_with_rows(review: Review, user: Any, today: datetime.date) -> list[SectionRows]:
    """A review's recommendations as `user` sees them, grouped by section, in order
    (one query plus prefetches)."""
    grouped: dict[str, list[TrackerRow]] = {}
    visible = Recommendation.objects.visible_to(user, review.partnership_id)
    rows = with_links(visible.filter(review=review).order_by("order", "number"))
    for row in tracker_rows(rows, today):
        section = row.recommendation.section
        grouped.setdefault(section.title if section else "", []).append(row)
    return [SectionRows(title, items) for title, items in grouped.items()]


@dataclass(frozen=True)
class EvidenceLink:
    """A line of evidence; `href` only when it is a web address (http or https), so
    a stored `javascript:` or `data:` line is shown as text, never made a link."""

    text: str
    href: str = ""


def evidence_links(update: ProgressUpdate) -> list[EvidenceLink]:
    return [
        EvidenceLink(link, link if rules.is_web_link(link) else "")
        for link in update.evidence_links
    ]


@dataclass
class Event:
    """One entry on a recommendation's timeline."""

    date: datetime.date | None
    kind: str
    title: str
    text: str = ""
    links: list[EvidenceLink] | None = None
    status: str = ""
    status_colour: str = ""
    rag: str = ""
    rag_colour: str = ""
    author: str = ""
    illustrative: bool = False
    files: list[Any] | None = None


def _who(user: Any) -> str:
    """Who made a change, as the History tab names them."""
    if user is None:
        return "System (import or command)"
    return user.display_name


def response_changes(recommendation: Recommendation) -> list[Event]:
    """Each change to the response (its category, its wording as written, its
    outline) after it was first recorded, newest first, with who made it and when, from the
    recommendation's history as its History tab shows it (one query). For the
    partnership's own people only, as the History tab is: it shows draft wording."""
    records = list(
        recommendation.history.select_related("history_user__person").order_by(
            "history_date", "history_id"
        )
    )

    def version(record: Any) -> rules.ResponseVersion:
        return rules.ResponseVersion(
            Response(record.response).label if record.response in Response.values else "",
            record.response_as_written,
            record.outline_response,
        )

    events = []
    for before, after in zip(records, records[1:], strict=False):
        change = rules.response_change(version(before), version(after))
        if change:
            events.append(
                Event(
                    timezone.localtime(after.history_date).date(),
                    "response",
                    "Response changed",
                    change,
                    author=_who(after.history_user),
                )
            )
    return events[::-1]


def timeline(
    recommendation: Recommendation, *, internal: bool, updates: bool = True
) -> list[Event]:
    """Everything that happened to a recommendation, newest first: progress updates
    with their evidence files (when `updates`: see `permissions.sees_updates`), the
    response being agreed and published, the review's publication, and (for the
    partnership's own people) changes to the response and comments."""
    review = recommendation.review
    events: list[Event] = []
    shown = recommendation.updates.select_related("author__person").prefetch_related("files")
    for update in shown if updates else []:
        events.append(
            Event(
                date=update.date,
                kind="update",
                title="Progress update",
                text=update.narrative,
                links=evidence_links(update),
                status=update.get_status_display(),
                status_colour=update.status_colour,
                rag=update.get_rag_display() if update.rag else "",
                rag_colour=update.rag_colour,
                author=update.author.display_name if update.author else "",
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
        events.extend(response_changes(recommendation))
        for comment in recommendation.comments.select_related("author__person"):
            events.append(
                Event(
                    comment.created_at.date(),
                    "comment",
                    "Comment",
                    comment.text,
                    author=comment.author.display_name if comment.author else "",
                )
            )
    events.sort(key=lambda e: e.date or datetime.date.min, reverse=True)
    return events


# -- My Roundtable ----------------------------------------------------------------

# A progress update is "to do" on someone's own page from this many days before it is due.
DUE_SOON_DAYS = 30


@dataclass
class ToUpdate:
    """A recommendation its lead owes a progress update on."""

    recommendation: Recommendation
    lead: str
    due: datetime.date
    overdue: bool
    may_update: bool


def recommendations_to_update(
    user: Any, partnership: Partnership, today: datetime.date
) -> list[ToUpdate]:
    """The recommendations the user leads whose next progress update is due within
    `DUE_SOON_DAYS` or overdue, earliest first: those led by their person's unit,
    and for an organisation editor those led by their organisation (whose updates
    they write, `permissions.may_write_progress`). Read through `visible_to(user)`'s
    `shown_next_update_due`, so a date that follows from a response the user may not
    see never counts. Two queries: the recommendations, their lead units."""
    if not user.is_authenticated:
        return []
    led = Q(pk__in=[])
    if user.person_id is not None:
        by_unit = Recommendation.lead_units.through.objects.filter(unit__people__id=user.person_id)
        led |= Q(pk__in=by_unit.values("recommendation_id"))
    if user.role == Role.EDITOR and user.organisation_id is not None:
        led |= Q(lead_organisation_id=user.organisation_id)
    rows = (
        Recommendation.objects.visible_to(user, partnership.pk)
        .filter(led, shown_next_update_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("review", "lead_organisation")
        .prefetch_related(
            Prefetch("lead_units", queryset=Unit.objects.only("id", "name", "short_name"))
        )
        .order_by("shown_next_update_due", "review__order", "order")
    )
    return [
        ToUpdate(
            recommendation=rec,
            lead=lead_label(rec),
            due=rec.shown_next_update_due,
            overdue=rules.is_overdue(rec.shown_next_update_due, today),
            may_update=may_write_progress(user, rec),
        )
        for rec in rows
    ]
