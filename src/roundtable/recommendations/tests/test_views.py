"""The tracker pages: public and internal views, filters, htmx progress, reports."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from roundtable.accounts.choices import Role
from roundtable.partnership.tests.factories import UnitFactory, UserFactory
from roundtable.recommendations.models import ProgressUpdate, Recommendation
from roundtable.recommendations.tests.factories import (
    ProgressUpdateFactory,
    RecommendationFactory,
    ReviewFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(partnership):
    return ReviewFactory(
        partnership=partnership, title="Housing Review", published_on=datetime.date(2023, 7, 1)
    )


@pytest.fixture
def published(review, council):
    rec = RecommendationFactory(
        review=review,
        number="1",
        text="Build more homes",
        outline_response="We agree and are building.",
        internal_note="Cabinet member unhappy",
        lead_organisation=council,
        section=SectionFactory(review=review, title="Supply"),
    )
    rec.lead_units.add(UnitFactory(organisation=council, name="GPH"))
    return rec


@pytest.fixture
def draft(review, council):
    return RecommendationFactory(
        review=review,
        number="2",
        text="Reuse empty offices",
        response="reject",
        outline_response="Secret draft wording",
        response_state="draft",
        lead_organisation=council,
    )


def login(client, user):
    client.force_login(user)
    client.get("/", {"partnership": user.partnership.slug})
    return client


def test_public_tracker_hides_draft_responses_and_internal_notes(session, published, draft):
    page = session.get(reverse("recommendations:tracker")).content.decode()
    assert "Build more homes" in page
    assert "Reuse empty offices" in page
    assert "Response not yet published" in page
    assert 'tag--red">Reject' not in page
    assert "Reject 0" in page
    detail = session.get(draft.get_absolute_url()).content.decode()
    assert "Secret draft wording" not in detail
    assert "has not been published yet" in detail
    detail = session.get(published.get_absolute_url()).content.decode()
    assert "We agree and are building." in detail
    assert "Cabinet member unhappy" not in detail


def test_public_tracker_hides_unpublished_reviews(session, partnership):
    hidden = RecommendationFactory(
        review=ReviewFactory(partnership=partnership, is_published=False), text="Hidden one"
    )
    assert "Hidden one" not in session.get(reverse("recommendations:tracker")).content.decode()
    assert session.get(hidden.get_absolute_url()).status_code == 404
    assert session.get(hidden.review.get_absolute_url()).status_code == 404


def test_public_cannot_filter_drafts_by_their_response(session, published, draft):
    page = session.get(reverse("recommendations:tracker"), {"response": "reject"})
    assert "Reuse empty offices" not in page.content.decode()


def test_partnership_people_see_drafts_and_notes(client, board_member, draft):
    login(client, board_member)
    detail = client.get(draft.get_absolute_url()).content.decode()
    assert "Secret draft wording" in detail
    assert "(not public yet)" in detail


def test_tracker_filters_by_status_and_overdue(session, review, published):
    late = RecommendationFactory(review=review, number="9", text="Late one")
    Recommendation.objects.filter(pk=late.pk).update(next_update_due=datetime.date(2000, 1, 1))
    page = session.get(reverse("recommendations:tracker"), {"overdue": "1"}).content.decode()
    assert "Late one" in page
    assert "Build more homes" not in page
    page = session.get(reverse("recommendations:tracker"), {"status": "complete"}).content.decode()
    assert "No recommendations match" in page


def test_tracker_paginates(session, review):
    RecommendationFactory.create_batch(55, review=review)
    page = session.get(reverse("recommendations:tracker")).content.decode()
    assert "Page 1 of 2" in page
    second = session.get(reverse("recommendations:tracker"), {"page": 2, "sort": "status"})
    assert second.status_code == 200


def _count_tracker_queries(session, review, n, django_assert_max_num_queries):
    RecommendationFactory.create_batch(n, review=review)
    # session, partnership, reviews (form), sections (form), units (form), themes (form),
    # count, rows, lead units, supporting units, supporting organisations, summary
    with django_assert_max_num_queries(14) as captured:
        assert session.get(reverse("recommendations:tracker")).status_code == 200
    return len(captured.captured_queries)


def test_tracker_uses_constant_queries(session, review, django_assert_max_num_queries):
    two = _count_tracker_queries(session, review, 2, django_assert_max_num_queries)
    twenty = _count_tracker_queries(session, review, 18, django_assert_max_num_queries)
    assert two == twenty


def test_lead_officer_adds_progress_via_htmx(client, officer, published):
    login(client, officer)
    response = client.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {"date": "2024-03-01", "status": "on_track", "rag": "green", "narrative": "Sites found"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="progress">')
    assert "Progress update added" in body
    assert "Sites found" in body
    published.refresh_from_db()
    assert published.status == "on_track"


def test_progress_form_errors_are_shown_in_the_partial(client, officer, published):
    login(client, officer)
    response = client.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {"date": "", "status": "on_track", "narrative": "", "evidence": "not a link"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Enter the date of the update" in body
    assert "Enter what has been done" in body
    assert "starting https://" in body
    assert not ProgressUpdate.objects.exists()


def test_progress_without_htmx_redirects(client, officer, published):
    login(client, officer)
    response = client.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {"date": "2024-03-01", "status": "complete", "narrative": "Done"},
    )
    assert response.status_code == 302


def test_lead_officer_of_another_organisation_cannot_post_progress(
    client, partnership, police, published
):
    other = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    login(client, other)
    response = client.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {"date": "2024-03-01", "status": "complete", "narrative": "Done"},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Add a progress update" not in page
    assert "Add comment" in page


def test_anonymous_visitor_cannot_post_progress(session, published):
    response = session.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {"date": "2024-03-01", "status": "complete", "narrative": "Done"},
    )
    assert response.status_code in (302, 403)
    assert not ProgressUpdate.objects.exists()


def test_comments_are_not_public(client, session, board_member, published):
    login(client, board_member)
    client.post(reverse("recommendations:comment-add", args=[published.pk]), {"text": "Why?"})
    assert "Why?" in client.get(published.get_absolute_url()).content.decode()
    client.logout()
    assert "Why?" not in client.get(published.get_absolute_url()).content.decode()


def test_editor_cannot_edit_the_response(client, officer, published):
    login(client, officer)
    url = reverse("recommendations:response-edit", args=[published.pk])
    assert client.get(url).status_code == 403


def test_administrator_records_agreement_and_publishes(client, administrator, draft):
    login(client, administrator)
    response = client.post(
        reverse("recommendations:response-edit", args=[draft.pk]),
        {
            "response": "consider",
            "outline_response": "We will look at it",
            "response_state": "published",
            "agreed_on": "2023-09-18",
            "agreed_resolution": "Cabinet, item 6",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.response, draft.response_state) == ("consider", "published")
    assert draft.agreed_resolution == "Cabinet, item 6"


def test_illustrative_updates_are_labelled(session, published):
    ProgressUpdateFactory(recommendation=published, is_illustrative=True, narrative="Made up")
    page = session.get(published.get_absolute_url()).content.decode()
    assert "Illustrative" in page


def test_review_page_has_a_summary_chart(session, review, published, draft):
    page = session.get(review.get_absolute_url()).content.decode()
    assert '<svg role="img"' in page
    assert "By response: Agree 1" in page
    assert "No response yet 1" in page


def test_one_year_on_html_pdf_and_xlsx(session, review, published, draft):
    ProgressUpdateFactory(recommendation=published, narrative="Homes built", is_illustrative=True)
    html = session.get(reverse("recommendations:one-year-on", args=[review.pk])).content.decode()
    assert "Homes built" in html
    assert "Secret draft wording" not in html
    pdf = session.get(reverse("recommendations:one-year-on-pdf", args=[review.pk]))
    assert pdf.content.startswith(b"%PDF")
    xlsx = session.get(reverse("recommendations:one-year-on-xlsx", args=[review.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][1] == "Number"
    numbers = [r[1] for r in rows[4:]]
    assert numbers == ["1", "2"]
    assert rows[4][10] == "Yes"
    assert "Secret draft wording" not in str(rows)


@pytest.fixture
def cabinet_resolution(partnership):
    from django.utils import timezone

    from roundtable.meetings.models import Resolution
    from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
    from roundtable.partnership.tests.factories import BodyFactory

    body = BodyFactory(partnership=partnership, name="Cabinet", slug="cabinet")
    start = timezone.make_aware(datetime.datetime(2012, 1, 16, 17))
    # Published: minutes of an unpublished agenda stay with its managers (#10).
    meeting = MeetingFactory(
        body=body, partnership=partnership, start=start, agenda_status="published"
    )
    item = AgendaItemFactory(meeting=meeting, title="Housing Review response", position=1)
    return Resolution.objects.create(
        partnership=partnership, item=item, position=2, text="That the responses be agreed."
    )


def test_agreement_links_the_meetings_resolution(client, administrator, draft, cabinet_resolution):
    from roundtable.meetings.choices import MinutesStatus

    login(client, administrator)
    form = client.get(reverse("recommendations:response-edit", args=[draft.pk])).text
    assert "Cabinet, 16 January 2012: Housing Review response (ii)" in form
    response = client.post(
        reverse("recommendations:response-edit", args=[draft.pk]),
        {"response": "agree", "response_state": "published", "agreed_at": cabinet_resolution.pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    meeting = cabinet_resolution.item.meeting
    assert draft.agreed_at == cabinet_resolution
    assert (draft.agreed_by, draft.agreed_on) == (meeting.body, datetime.date(2012, 1, 16))
    assert "Resolution 1 (ii) of Cabinet" in client.get(draft.get_absolute_url()).text
    # The public sees the link only once the minutes holding it are approved.
    client.logout()
    assert "Resolution 1 (ii)" not in client.get(draft.get_absolute_url()).text
    type(meeting).objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.APPROVED)
    assert "Resolution 1 (ii) of Cabinet" in client.get(draft.get_absolute_url()).text


def test_another_partnerships_resolution_is_refused(
    client, administrator, draft, other_partnership
):
    from roundtable.meetings.models import Resolution
    from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
    from roundtable.partnership.tests.factories import BodyFactory

    body = BodyFactory(partnership=other_partnership)
    item = AgendaItemFactory(meeting=MeetingFactory(body=body, partnership=other_partnership))
    theirs = Resolution.objects.create(
        partnership=other_partnership, item=item, position=1, text="Agreed."
    )
    login(client, administrator)
    response = client.post(
        reverse("recommendations:response-edit", args=[draft.pk]),
        {"response": "agree", "response_state": "agreed", "agreed_at": theirs.pk},
    )
    assert response.status_code != 302
    draft.refresh_from_db()
    assert draft.agreed_at is None


def test_tracker_and_recommendation_show_the_response_as_the_source_puts_it(session, published):
    Recommendation.objects.filter(pk=published.pk).update(
        response="work_in_progress", response_as_written="Work in progress Agree"
    )
    tracker = session.get(reverse("recommendations:tracker")).content.decode()
    assert "As the source paper puts it: “Work in progress Agree”" in tracker
    detail = session.get(published.get_absolute_url()).content.decode()
    assert "As the source paper puts it</dt>" in detail
    assert "“Work in progress Agree”" in detail


def test_the_public_does_not_see_the_source_cell_of_a_draft_response(session, draft):
    Recommendation.objects.filter(pk=draft.pk).update(response_as_written="Rejected outright")
    tracker = session.get(reverse("recommendations:tracker")).content.decode()
    assert "Rejected outright" not in tracker
    assert "Rejected outright" not in session.get(draft.get_absolute_url()).content.decode()


# The timeline shows changes to the response ------------------------------------------------


def test_the_timeline_shows_who_changed_the_response_and_when(
    client, administrator, board_member, published
):
    """The History tab has each change to the response; the timeline shows it too, as
    an event naming who made it and when, for the partnership's own people."""
    from roundtable.recommendations.services import set_response

    administrator.first_name, administrator.last_name = "Ada", "Khan"
    administrator.save()
    set_response(
        administrator,
        published,
        response="consider",
        outline_response="We will look at sites again.",
        internal_note=published.internal_note,
    )
    # A save that leaves the response alone is not a change to it.
    set_response(
        administrator,
        published,
        response="consider",
        outline_response="We will look at sites again.",
        internal_note="Noted",
    )
    page = login(client, board_member).get(published.get_absolute_url()).content.decode()
    timeline = page[page.index("Timeline") :]
    assert timeline.count("Response changed") == 1
    assert "From Agree to Consider in more detail." in timeline
    assert "Outline response: We will look at sites again." in timeline
    changed = timeline[timeline.index("Response changed") :]
    assert "Ada Khan" in changed[:600]
    assert f"{timezone.localdate():%-d %B %Y}" in changed[:600]


def test_response_changes_are_not_shown_to_those_who_may_not_see_them(
    client, session, administrator, other_partnership_officer, review, published, draft
):
    """The public sees the published response, not the changes before it (the
    History tab is the partnership's own too); someone who may not see the
    recommendation at all finds nothing."""
    from roundtable.recommendations.services import set_response

    for rec in (published, draft):
        set_response(
            administrator,
            rec,
            response=rec.response,
            outline_response="Zq changed wording",
            internal_note="",
        )
    page = session.get(published.get_absolute_url()).content.decode()
    assert page.count("Zq changed wording") == 1  # the published response itself
    assert "Response changed" not in page
    assert "admin" not in page[page.index("Timeline") :]
    review.is_published = False
    review.save()
    login(client, other_partnership_officer)
    for rec in (published, draft):
        response = client.get(rec.get_absolute_url())
        assert response.status_code == 404
        assert "Zq changed wording" not in response.content.decode()


def test_the_recommendation_page_reads_response_changes_in_one_query(
    client, administrator, board_member, published
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roundtable.recommendations.services import set_response

    login(client, board_member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(published.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    set_response(administrator, published, response="note", outline_response="One")
    queries()  # the first visit notes what later ones reuse
    one = queries()
    for wording in ("Two", "Three", "Four"):
        set_response(administrator, published, response="consider", outline_response=wording)
    assert queries() == one


def test_an_empty_tracker_says_nothing_is_tracked_yet_not_that_filters_match_nothing(
    session, partnership
):
    # Ealing's tracker, with no reviews, said "0 recommendations", drew two charts of
    # zeros and "No recommendations match these filters." when none had been chosen.
    page = session.get(reverse("recommendations:tracker")).content.decode()
    assert "No reviews' recommendations are being tracked yet" in page
    assert "match these filters" not in page
    assert "0 recommendations" not in page
    assert "rt-rec-chart" not in page
    assert "Apply filters" not in page  # nothing to filter
    filtered = session.get(reverse("recommendations:tracker"), {"q": "homes"}).content.decode()
    assert "No recommendations match these filters" in filtered
    assert "being tracked yet" not in filtered


def test_tracker_filters_know_when_they_leave_recommendations_out():
    from roundtable.recommendations.queries import TrackerFilters

    assert not TrackerFilters.from_query({}).narrowing
    assert not TrackerFilters.from_query({"sort": "status", "page": "2"}).narrowing
    assert TrackerFilters.from_query({"q": "homes"}).narrowing
    assert TrackerFilters.from_query({"overdue": "1"}).narrowing
    assert TrackerFilters.from_query({"review": "3"}).narrowing
