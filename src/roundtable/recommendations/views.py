"""Tracker pages: the table, a recommendation with its timeline, reviews and the
"one year on" report. The public see published reviews and published responses;
the partnership's own people also see drafts, internal notes and comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from roundtable.core.forms import add_service_errors, refuse_renamed_uploads
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for
from roundtable.meetings.models import Meeting, Resolution
from roundtable.meetings.queries import AgendaEntry, items_linked_to, numbers_for
from roundtable.meetings.rules import resolution_reference
from roundtable.meetings.services import link_items_to
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.recommendations import queries, services
from roundtable.recommendations.choices import AuthorKind
from roundtable.recommendations.forms import (
    CommentForm,
    LinksForm,
    ProgressUpdateForm,
    ResponseForm,
    ReviewForm,
    SectionForm,
    TrackerFilterForm,
)
from roundtable.recommendations.models import Recommendation, Review, Section
from roundtable.recommendations.permissions import (
    COMMENT,
    MANAGE,
    PROGRESS,
    get_evidence_for_user,
    get_recommendation_for_user,
    get_review_for_user,
    may_comment,
    may_manage_recommendations,
    may_write_progress,
    require_manage_recommendations,
    sees_internal_recommendations,
    sees_updates,
)
from roundtable.recommendations.related import Related, related_to
from roundtable.recommendations.report import build_one_year_on

PAGE_SIZE = 50


def tracker(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    today = timezone.localdate()
    internal = sees_internal_recommendations(request.user, partnership.pk)
    filters = queries.TrackerFilters.from_query(request.GET)
    reviews = queries.visible_reviews(request.user, partnership)
    form = TrackerFilterForm(request.GET or None, reviews=reviews, partnership_id=partnership.pk)
    rows = queries.tracker(request.user, partnership, filters, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = queries.summary_for(rows, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/tracker.html",
        {
            "form": form,
            "page": page,
            "rows": queries.tracker_rows(page.object_list, today),
            "summary": summary,
            "charts": queries.charts(summary),
            "query": query.urlencode(),
            "internal": internal,
            "filtered": filters.narrowing,
            "downloads": {
                fmt: reverse("recommendations:tracker-download", args=[fmt])
                + (f"?{query.urlencode()}" if query else "")
                for fmt in ("csv", "xlsx")
            },
        },
    )


@dataclass(frozen=True)
class AgreedAt:
    """The resolution that agreed the response, as the minutes cite it."""

    meeting: Meeting
    reference: str
    url: str


def _agreed_at(user: Any, recommendation: Recommendation) -> AgreedAt | None:
    """Only when the reader may see that resolution (its minutes approved, or theirs)."""
    if recommendation.agreed_at_id is None:
        return None
    resolution = (
        Resolution.objects.visible_to(user)
        .select_related("item__meeting__body")
        .filter(pk=recommendation.agreed_at_id)
        .first()
    )
    if resolution is None:
        return None
    item = resolution.item
    number = numbers_for(item.meeting).get(item.pk, "")
    return AgreedAt(
        meeting=item.meeting,
        reference=resolution_reference(number, resolution.position),
        url=f"{item.meeting.get_absolute_url()}#resolution-{resolution.pk}",
    )


@dataclass
class RecommendationPage:
    """Everything the recommendation page shows, and what the viewer may do there."""

    recommendation: Recommendation
    lead: str
    supporting: list[str]
    timeline: list[queries.Event]
    internal: bool
    overdue: bool
    can_progress: bool
    can_comment: bool
    can_manage: bool
    links: queries.Links
    agreed_at: AgreedAt | None = None
    discussed_at: list[AgendaEntry] = field(default_factory=list)
    # Records of higher apps that serve it (projects), from `related.py`'s providers.
    related: dict[str, list[Related]] = field(default_factory=dict)
    progress_form: ProgressUpdateForm | None = None
    comment_form: CommentForm | None = None
    notice: str = ""

    @property
    def has_errors(self) -> bool:
        return bool(
            (self.progress_form is not None and self.progress_form.errors)
            or (self.comment_form is not None and self.comment_form.errors)
        )


def _page(request: HttpRequest, recommendation: Recommendation, **parts: Any) -> RecommendationPage:
    user = request.user
    internal = sees_internal_recommendations(user, recommendation.partnership_id)
    can_progress = may_write_progress(user, recommendation)
    can_comment = may_comment(user, recommendation)
    linked = queries.with_links(Recommendation.objects.filter(pk=recommendation.pk)).get()
    due = recommendation.shown_next_update_due
    defaults: dict[str, Any] = {
        "progress_form": ProgressUpdateForm(initial={"date": timezone.localdate()})
        if can_progress
        else None,
        "comment_form": CommentForm() if can_comment else None,
    }
    return RecommendationPage(
        recommendation=recommendation,
        lead=queries.lead_label(linked),
        supporting=queries.supporting_names(linked),
        timeline=queries.timeline(
            recommendation, internal=internal, updates=sees_updates(user, recommendation)
        ),
        internal=internal,
        overdue=due is not None and due < timezone.localdate(),
        can_progress=can_progress,
        can_comment=can_comment,
        can_manage=may_manage_recommendations(user, recommendation.partnership_id),
        links=queries.visible_links(user, recommendation),
        discussed_at=items_linked_to(recommendation, user),
        related=related_to(user, recommendation),
        agreed_at=_agreed_at(user, recommendation) if recommendation.response_shown else None,
        **{**defaults, **parts},
    )


def _render(
    request: HttpRequest, page: RecommendationPage, *, invalid: bool = False
) -> HttpResponse:
    """The whole page, or for htmx the progress partial it is built from (htmx swaps
    only successful responses, so a form with errors is a 200 there)."""
    if request.htmx:
        return render(request, "recommendations/partials/_progress.html", {"page": page})
    status = 400 if invalid else 200
    return render(request, "recommendations/recommendation.html", {"page": page}, status=status)


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk)
    show_partnership(request, recommendation.partnership)
    return _render(request, _page(request, recommendation))


def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, action=PROGRESS)
    show_partnership(request, recommendation.partnership)
    if request.method != "POST":
        return redirect(recommendation)
    form = ProgressUpdateForm(request.POST, request.FILES)
    if not (refuse_renamed_uploads(request, form, "attachment") and form.is_valid()):
        return _render(request, _page(request, recommendation, progress_form=form), invalid=True)
    try:
        services.add_progress_update(request.user, recommendation, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render(request, _page(request, recommendation, progress_form=form), invalid=True)
    notice = "Progress update added"
    if request.htmx:
        fresh = get_recommendation_for_user(request.user, pk)
        return _render(request, _page(request, fresh, notice=notice))
    messages.success(request, notice)
    return redirect(recommendation)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, for whoever may see its progress update (404 for anyone else)."""
    attachment = get_evidence_for_user(request.user, pk)
    show_partnership(request, attachment.partnership)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.content_type.startswith(("application/pdf", "image/")),
        filename=attachment.filename,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, action=COMMENT)
    show_partnership(request, recommendation.partnership)
    if request.method != "POST":
        return redirect(recommendation)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render(request, _page(request, recommendation, comment_form=form), invalid=True)
    services.add_comment(request.user, recommendation, form.cleaned_data["text"])
    if request.htmx:
        return _render(request, _page(request, recommendation, notice="Comment added"))
    messages.success(request, "Comment added")
    return redirect(recommendation)


def response_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, action=MANAGE)
    show_partnership(request, recommendation.partnership)
    initial = {
        name: getattr(recommendation, name)
        for name in ResponseForm.base_fields
        if name not in {"agreed_by", "agreed_at"}
    }
    initial["agreed_by"] = recommendation.agreed_by_id
    initial["agreed_at"] = recommendation.agreed_at_id
    form = ResponseForm(
        request.POST or None, initial=initial, partnership_id=recommendation.partnership_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_response(request.user, recommendation, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Response saved")
            return redirect(recommendation)
    return form_page(
        request,
        form,
        "partnership/form.html",
        title=f"Response to recommendation {recommendation.number}",
        back_url=recommendation.get_absolute_url(),
    )


def links_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators choose the priorities, indicators and bodies a recommendation concerns."""
    recommendation = get_recommendation_for_user(request.user, pk, action=MANAGE)
    show_partnership(request, recommendation.partnership)
    initial = {
        "priorities": list(recommendation.priorities.values_list("pk", flat=True)),
        "indicators": list(recommendation.indicators.values_list("pk", flat=True)),
        "bodies": list(recommendation.bodies.values_list("pk", flat=True)),
        "agenda_items": [e.item.pk for e in items_linked_to(recommendation, request.user)],
    }
    form = LinksForm(
        request.POST or None, initial=initial, partnership_id=recommendation.partnership_id
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = data.pop("agenda_items", [])
        with transaction.atomic():
            services.set_links(request.user, recommendation, **data)
            link_items_to(request.user, recommendation, items)
        messages.success(request, "Links saved")
        return redirect(recommendation)
    return form_page(
        request,
        form,
        "partnership/form.html",
        title=f"What recommendation {recommendation.number} concerns",
        back_url=recommendation.get_absolute_url(),
    )


def review_list(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    reviews = queries.visible_reviews(request.user, partnership)
    can_manage = may_manage_recommendations(request.user, partnership.pk)
    return render(
        request,
        "recommendations/review_list.html",
        {"reviews": reviews, "can_manage": can_manage},
    )


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk)
    show_partnership(request, review.partnership)
    today = timezone.localdate()
    internal = sees_internal_recommendations(request.user, review.partnership_id)
    rows = Recommendation.objects.visible_to(request.user, review.partnership_id).filter(
        review=review
    )
    summary = queries.summary_for(rows, today)
    return render(
        request,
        "recommendations/review_detail.html",
        {
            "review": review,
            "summary": summary,
            "charts": queries.charts(summary),
            "sections": queries.sections_with_rows(review, request.user, today),
            "sub_reviews": review.sub_reviews.filter(is_published=True)
            if not internal
            else review.sub_reviews.all(),
            "internal": internal,
            "can_manage": may_manage_recommendations(request.user, review.partnership_id),
            "section_list": review.sections.all(),
            "themes": review.themes.select_related("strategy"),
        },
    )


def _review_form_page(
    request: HttpRequest, form: ReviewForm, title: str, back_url: str
) -> HttpResponse:
    return form_page(request, form, "partnership/form.html", title=title, back_url=back_url)


@opens_for(by_pk(may_manage_recommendations))
def review_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_manage_recommendations(request.user, partnership.pk)
    form = ReviewForm(
        request.POST or None,
        initial={"author_kind": AuthorKind.OTHER, "update_every_months": 3},
        partnership_id=partnership.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.save_review(
                request.user, Review(partnership=partnership), form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{review.title}' added")
            return redirect(review)
    back = reverse("recommendations:review-list")
    return _review_form_page(request, form, "Add a review", back)


def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk, action=MANAGE)
    show_partnership(request, review.partnership)
    initial = {name: getattr(review, name) for name in services.REVIEW_FIELDS}
    initial["parent"] = review.parent_id
    initial["themes"] = list(review.themes.values_list("pk", flat=True))
    form = ReviewForm(
        request.POST or None, initial=initial, partnership_id=review.partnership_id, review=review
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_review(request.user, review, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Review saved")
            return redirect(review)
    return _review_form_page(request, form, f"Edit '{review.title}'", review.get_absolute_url())


def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk, action=MANAGE)
    show_partnership(request, review.partnership)
    next_order = (review.sections.aggregate(Max("order"))["order__max"] or 0) + 1
    form = SectionForm(request.POST or None, initial={"order": next_order}, review=review)
    if request.method == "POST" and form.is_valid():
        services.save_section(request.user, Section(review=review), **form.cleaned_data)
        messages.success(request, f"Section '{form.cleaned_data['title']}' added")
        return redirect(review)
    return _review_form_page(
        request, form, f"Add a section to '{review.title}'", review.get_absolute_url()
    )


def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    review = get_review_for_user(request.user, section.review_id, action=MANAGE)
    show_partnership(request, review.partnership)
    form = SectionForm(
        request.POST or None,
        initial={"title": section.title, "order": section.order},
        review=review,
        section=section,
    )
    if request.method == "POST" and form.is_valid():
        services.save_section(request.user, section, **form.cleaned_data)
        messages.success(request, "Section saved")
        return redirect(review)
    return _review_form_page(
        request, form, f"Edit the section '{section.title}'", review.get_absolute_url()
    )


def review_publish(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk, action=MANAGE)
    if request.method == "POST":
        services.publish_review(request.user, review, published=not review.is_published)
        messages.success(request, "Review published" if review.is_published else "Review hidden")
    return redirect(review)


def _one_year_on(request: HttpRequest, pk: int) -> Any:
    review = get_review_for_user(request.user, pk)
    show_partnership(request, review.partnership)
    internal = sees_internal_recommendations(request.user, review.partnership_id)
    return build_one_year_on(review, timezone.localdate(), public=not internal)


def one_year_on(request: HttpRequest, pk: int) -> HttpResponse:
    report = _one_year_on(request, pk)
    return render(request, "recommendations/one_year_on.html", {"report": report})


def one_year_on_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from roundtable.recommendations.report import render_pdf

    report = _one_year_on(request, pk)
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.filename("pdf")}"'
    return response


def one_year_on_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from roundtable.recommendations.report import render_xlsx

    report = _one_year_on(request, pk)
    response = HttpResponse(
        render_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{report.filename("xlsx")}"'
    return response
