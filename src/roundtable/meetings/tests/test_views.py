"""The meetings pages: what each reader sees, what managers change, and every denial."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import found_in, under
from roundtable.meetings import services
from roundtable.meetings.choices import (
    ActionStatus,
    AgendaStatus,
    AttendanceStatus,
    Capacity,
    MeetingStatus,
    MinutesStatus,
)
from roundtable.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    ForwardPlanItem,
    Meeting,
    Paper,
)
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import docx_bytes, odt_with_text
from roundtable.meetings.tests.test_services import pdf_bytes
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermsOfReferenceFactory,
)

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def meeting(board):
    return MeetingFactory(body=board, start=at(2030, 1, 16, 17), end=at(2030, 1, 16, 18, 30))


@pytest.fixture
def on_the_day():
    """The morning of the meeting, still to come: its attendance and minutes are
    recorded from its day on (`rules.may_record`)."""
    with time_machine.travel(at(2030, 1, 16, 9), tick=False):
        yield


@pytest.fixture
def published(meeting):
    open_item = AgendaItemFactory(meeting=meeting, position=1, title="Performance report")
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Contract for the new depot",
        restricted=True,
        restriction_category="financial",
    )
    AgendaItemFactory(meeting=meeting, position=3, title="Any other business")
    Meeting.objects.filter(pk=meeting.pk).update(agenda_status=AgendaStatus.PUBLISHED)
    meeting.refresh_from_db()
    return open_item


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def restricted_paper(secretary, meeting) -> Paper:
    item = AgendaItem.objects.get(meeting=meeting, restricted=True)
    return services.add_paper(
        secretary,
        item,
        title="Depot tender evaluation",
        upload=SimpleUploadedFile("tender.pdf", pdf_bytes(3)),
    )


# The schedule ------------------------------------------------------------------


def test_anyone_sees_the_partnerships_meetings_with_cancelled_ones_and_their_reason(
    session, meeting, board
):
    later = MeetingFactory(body=board, start=at(2030, 3, 1, 10))
    services.cancel_meeting(None, later, "Not quorate")
    response = session.get(reverse("meetings:meeting-list"))
    assert response.status_code == 200
    assert "Wednesday 16 January 2030, 5pm" in response.text
    assert "Cancelled" in response.text
    assert "Not quorate" in response.text


def test_the_meetings_list_filters_by_body(session, meeting, partnership):
    other = BodyFactory(partnership=partnership, name="Safer Ealing Partnership", slug="sep")
    MeetingFactory(body=other, start=at(2030, 2, 1, 10), venue="Police station")
    response = session.get(reverse("meetings:meeting-list"), {"body": "sep"})
    assert "Police station" in response.text
    assert "Perceval House" not in response.text


def test_the_meetings_list_links_each_body_to_its_page(session, meeting, board):
    """The body was plain text: its page (forward plan, actions, "Schedule a meeting")
    was reached only through one of its meetings or by filtering the list first."""
    response = session.get(reverse("meetings:meeting-list"))
    body_page = under(board.partnership, reverse("meetings:body-meetings", args=[board.slug]))
    assert (
        f'<a class="govuk-link" href="{body_page}">{board.name}'
        '<span class="govuk-visually-hidden">: all its meetings</span></a>'
    ) in response.text


def test_the_meetings_list_shows_only_the_current_partnerships_meetings(
    session, meeting, other_partnership
):
    MeetingFactory(body=BodyFactory(partnership=other_partnership), venue="Warwick Town Hall")
    response = session.get(reverse("meetings:meeting-list"))
    assert "Warwick Town Hall" not in response.text


def test_the_body_page_lists_its_upcoming_meetings(session, meeting, board):
    response = session.get(board.get_absolute_url())
    assert meeting.get_absolute_url() in response.text
    assert reverse("meetings:body-meetings", args=[board.slug]) in response.text


def test_a_new_meetings_page_is_titled_by_its_body_and_day(client, board):
    """It read "Meeting, 16 January 2030": the page named neither the body nor the
    meeting, and the browser's title said something else."""
    meeting = MeetingFactory(body=board, start=at(2030, 1, 16, 17))
    text = client.get(meeting.get_absolute_url()).text
    assert '<h1 class="govuk-heading-l">LSP Executive, 16 January 2030</h1>' in text
    assert "<title>LSP Executive, 16 January 2030 – " in text
    assert ">Meeting, 16 January 2030<" not in text


def test_a_meeting_with_its_own_title_is_titled_by_its_body_and_title(client, board):
    meeting = MeetingFactory(body=board, start=at(2030, 1, 16, 17), title="Budget workshop")
    text = client.get(meeting.get_absolute_url()).text
    assert (
        '<h1 class="govuk-heading-l">LSP Executive: Budget workshop, 16 January 2030</h1>' in text
    )
    assert "<title>LSP Executive: Budget workshop, 16 January 2030 – " in text


def test_the_pages_of_a_meetings_record_are_captioned_with_its_heading(
    client, secretary, board, on_the_day
):
    meeting = MeetingFactory(body=board, start=at(2030, 1, 16, 17), number=31)
    client.force_login(secretary)
    for route in ("agenda-edit", "attendance-edit", "minutes-take"):
        text = client.get(reverse(f"meetings:{route}", args=[meeting.pk])).text
        assert '<span class="govuk-caption-l">LSP Executive, meeting 31, 16 January 2030' in text
        assert ": LSP Executive, meeting 31, 16 January 2030 – " in text  # its <title>


def test_the_secretariat_schedules_a_quarterly_series(client, secretary, board):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:meeting-schedule", args=[board.slug]),
        {
            "date": "16/01/2012",
            "start_time": "17:00",
            "end_time": "18:30",
            "venue": "Perceval House",
            "online_link": "",
            "repeat": "quarterly_weekday",
            "count": "4",
        },
    )
    assert response.status_code == 302
    starts = [timezone.localtime(m.start) for m in Meeting.objects.filter(body=board)]
    assert [(s.day, s.month, s.hour) for s in starts] == [
        (16, 1, 17),
        (16, 4, 17),
        (16, 7, 17),
        (15, 10, 17),
    ]


def test_scheduling_a_meeting_links_to_it_from_the_success_banner(client, secretary, board):
    board.name = "Health & Wellbeing Board"
    board.save()
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:meeting-schedule", args=[board.slug]),
        {"date": "23/01/2030", "start_time": "17:00", "end_time": "", "repeat": "once"},
        follow=True,
    )
    meeting = Meeting.objects.get(body=board)
    assert "govuk-notification-banner--success" in response.text
    assert (
        "Meeting of Health &amp; Wellbeing Board scheduled for Wednesday 23 January 2030, 5pm. "
        f'<a class="govuk-notification-banner__link" href="{meeting.get_absolute_url()}">'
        "Go to the meeting of 23 January 2030</a>"
    ) in response.text


def test_scheduling_a_series_links_to_its_first_meeting(client, secretary, board):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:meeting-schedule", args=[board.slug]),
        {
            "date": "16/01/2030",
            "start_time": "17:00",
            "end_time": "18:30",
            "repeat": "monthly_weekday",
            "count": "3",
        },
        follow=True,
    )
    first = Meeting.objects.filter(body=board).order_by("start").first()
    assert (
        "3 meetings of LSP Executive scheduled, the first on Wednesday 16 January 2030, 5pm."
        in (response.text)
    )
    assert (
        f'<a class="govuk-notification-banner__link" href="{first.get_absolute_url()}">'
        "Go to the first meeting, of 16 January 2030</a>"
    ) in response.text


def test_scheduling_with_the_end_before_the_start_says_so(client, secretary, board):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:meeting-schedule", args=[board.slug]),
        {"date": "16/01/2012", "start_time": "17:00", "end_time": "16:00", "repeat": "once"},
    )
    assert response.status_code == 400
    assert "The end time must be after the start time" in response.text
    assert not Meeting.objects.exists()


def test_an_items_leads_priorities_and_indicators_are_ticked_not_ctrl_clicked(
    client, secretary, meeting
):
    client.force_login(secretary)
    text = client.get(reverse("meetings:item-add", args=[meeting.pk])).text
    for name in ("lead_people", "lead_organisations", "related_priorities", "related_indicators"):
        assert f'<select name="{name}"' not in text
    assert 'class="govuk-checkboxes__input" id="id_lead_people_0" name="lead_people"' in text
    assert "Hold Ctrl" not in text


def test_an_items_indicators_are_offered_in_themes_to_open_not_one_long_list(
    client, secretary, meeting, partnership
):
    """The agenda item form listed about 100 indicators as checkboxes: a very long page
    on a phone. They come in one details component a theme, closed until one of its
    indicators is chosen; they work without JavaScript (a details opens by itself)."""
    from roundtable.performance.tests.factories import IndicatorFactory

    safer = IndicatorFactory(partnership=partnership, code="NI 20", theme="Safer Ealing")
    IndicatorFactory(partnership=partnership, code="NI 8", theme="Healthier Ealing")
    IndicatorFactory(partnership=partnership, code="NI 195 d", theme="Safer Ealing")
    IndicatorFactory(partnership=partnership, code="Local 3", theme="")
    client.force_login(secretary)
    text = client.get(reverse("meetings:item-add", args=[meeting.pk])).text
    field = text.split('id="id_related_indicators-hint"')[1].split("</fieldset>\n</div>")[0]
    groups = field.split('<details class="govuk-details')[1:]
    themes = [g.split('summary-text">')[1].split(" <span")[0] for g in groups]
    assert themes == ["Healthier Ealing", "Safer Ealing", "Other indicators"]
    assert all(group.startswith(' govuk-!-margin-bottom-2">') for group in groups)  # closed
    assert "(2)" in groups[1]
    assert groups[1].index("NI 20") < groups[1].index("NI 195 d")  # by code as read
    assert 'id="id_related_indicators_1_0" name="related_indicators"' in groups[1]
    assert '<legend class="govuk-visually-hidden">Safer Ealing</legend>' in groups[1]

    fields = {"title": "Community safety", "purpose": "discussion"}
    url = reverse("meetings:item-add", args=[meeting.pk])
    response = client.post(url, {**fields, "related_indicators": [safer.pk]})
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    text = client.get(reverse("meetings:item-edit", args=[item.pk])).text
    field = text.split('id="id_related_indicators-hint"')[1].split("</fieldset>\n</div>")[0]
    groups = field.split('<details class="govuk-details')[1:]
    assert groups[1].startswith(' govuk-!-margin-bottom-2" open>')  # what is chosen shows
    assert "(2, 1 chosen)" in groups[1]
    assert f'value="{safer.pk}" checked>' in groups[1]
    assert not groups[0].startswith(' govuk-!-margin-bottom-2" open>')


def test_the_schedule_form_gives_an_end_time_example_after_the_start(client, secretary, board):
    client.force_login(secretary)
    text = client.get(reverse("meetings:meeting-schedule", args=[board.slug])).text
    assert "For example, 17:00" in text  # the start time's
    assert "For example, 18:30" in text  # the end time's


def test_the_schedule_forms_date_hint_gives_a_near_future_example_it_accepts(
    client, secretary, board
):
    """It said "for example 16/01/2012": a date fourteen years gone, for a meeting
    still to schedule."""
    address = reverse("meetings:meeting-schedule", args=[board.slug])
    with time_machine.travel(at(2030, 1, 5, 12), tick=False):
        client.force_login(secretary)
        text = client.get(address).text
        assert "Of the first meeting, for example 16 February 2030" in text
        assert "16/01/2012" not in text
        response = client.post(
            address, {"date": "16 February 2030", "start_time": "17:00", "repeat": "once"}
        )
    assert response.status_code == 302
    assert Meeting.objects.get(body=board).date_label == "16 February 2030"


def test_a_date_the_schedule_form_cannot_read_is_refused_with_the_same_example(
    client, secretary, board
):
    address = reverse("meetings:meeting-schedule", args=[board.slug])
    with time_machine.travel(at(2030, 1, 5, 12), tick=False):
        client.force_login(secretary)
        response = client.post(
            address, {"date": "next Tuesday", "start_time": "17:00", "repeat": "once"}
        )
    assert "Date must be a real date, like 16 February 2030" in response.text


def test_the_move_and_forward_plan_forms_give_the_same_example(client, secretary, meeting, board):
    with time_machine.travel(at(2030, 1, 5, 12), tick=False):
        client.force_login(secretary)
        move = client.get(reverse("meetings:meeting-move", args=[meeting.pk])).text
        plan = client.get(reverse("meetings:forward-plan", args=[board.slug])).text
    assert "For example, 16 February 2030" in move
    assert "If no meeting is chosen, for example 16 February 2030" in plan


def test_the_agenda_editor_says_who_sees_a_draft_agenda_in_a_sentence(client, secretary, meeting):
    client.force_login(secretary)
    text = client.get(reverse("meetings:agenda-edit", args=[meeting.pk])).text
    assert "Draft</strong> Only the secretariat sees it until you publish it." in text


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_only_managers_schedule_meetings(client, request, board, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("meetings:meeting-schedule", args=[board.slug]))
    assert response.status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in_to_schedule(client, board):
    response = client.get(reverse("meetings:meeting-schedule", args=[board.slug]))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_moving_a_meeting_needs_a_reason_and_records_it(client, secretary, meeting):
    client.force_login(secretary)
    url = reverse("meetings:meeting-move", args=[meeting.pk])
    data = {"date": "23/01/2030", "start_time": "17:00", "end_time": "", "venue": "Town Hall"}
    assert client.post(url, data).status_code == 400
    response = client.post(url, {**data, "reason": "Room unavailable"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.start).day == 23
    assert meeting.status_reason == "Room unavailable"
    assert meeting.sequence == 1


def test_cancelling_a_meeting_shows_it_cancelled_with_the_reason(client, secretary, meeting):
    client.force_login(secretary)
    client.post(reverse("meetings:meeting-cancel", args=[meeting.pk]), {"reason": "Not quorate"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    client.logout()
    response = client.get(meeting.get_absolute_url())
    assert "This meeting is cancelled" in response.text
    assert "Not quorate" in response.text


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_only_managers_move_or_cancel_a_meeting(client, request, meeting, who):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.post(
            reverse("meetings:meeting-cancel", args=[meeting.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


# The meeting page ----------------------------------------------------------------


def test_the_public_sees_the_published_agenda_without_restricted_items(client, published, meeting):
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "1. Performance report" in response.text
    assert "Contract for the new depot" not in response.text
    # Numbers are the same for everyone: the restricted item leaves a gap.
    assert "3. Any other business" in response.text


@pytest.mark.parametrize("who", ["outsider", "other_partnership_officer"])
def test_non_members_do_not_see_restricted_items(client, request, published, meeting, who):
    client.force_login(request.getfixturevalue(who))
    assert "Contract for the new depot" not in client.get(meeting.get_absolute_url()).text


def test_members_see_restricted_items_marked_with_their_category(
    client, member, published, meeting
):
    client.force_login(member)
    response = client.get(meeting.get_absolute_url())
    assert "2. Contract for the new depot" in response.text
    assert "Restricted" in response.text
    assert "Financial or business affairs" in response.text


def test_a_draft_agenda_is_hidden_from_the_public_and_shown_to_the_secretariat(
    client, secretary, meeting
):
    AgendaItemFactory(meeting=meeting, title="Draft item")
    assert "Draft item" not in client.get(meeting.get_absolute_url()).text
    client.force_login(secretary)
    assert "Draft item" in client.get(meeting.get_absolute_url()).text


def test_the_meeting_page_lists_papers_with_size_type_and_pages(
    client, secretary, published, meeting, media
):
    services.add_paper(
        secretary, published, title="PI report", upload=SimpleUploadedFile("pi.pdf", pdf_bytes(3))
    )
    response = client.get(meeting.get_absolute_url())
    assert "PI report" in response.text
    assert "PDF" in response.text
    assert "3 pages" in response.text


def test_approved_minutes_show_resolutions_actions_attendance_and_quorum(
    client, secretary, member, board, published, meeting, on_the_day
):
    TermsOfReferenceFactory(body=board, partnership=board.partnership, quorum=2)
    services.save_item_minutes(secretary, published, "The Board discussed the report.")
    services.add_resolution(secretary, published, "That the Board note the report")
    services.add_resolution(secretary, published, "That the chair write to the Home Office")
    services.add_action(
        secretary,
        board,
        item=published,
        description="Circulate the prospectus",
        owner_person=member.person,
    )
    services.record_attendance(
        secretary,
        meeting,
        [services.AttendanceEntry(member.person), services.AttendanceEntry(secretary.person)],
    )
    # a later meeting that has met: that evening's (one still to come cannot approve)
    later = MeetingFactory(body=board, start=at(2030, 1, 16, 19))
    services.circulate_minutes(secretary, meeting)
    services.approve_minutes(secretary, meeting, approved_at=later, amendments=["Add Cllr Bell"])
    response = client.get(meeting.get_absolute_url())
    assert "The Board discussed the report." in response.text
    assert "That the Board note the report" in response.text
    assert "(ii)" in response.text
    # Named as what it is: "(Agreed; 1 (ii))" left readers to guess what "1 (ii)" was.
    assert "(Agreed; resolution 1 (ii))" in response.text
    assert "Circulate the prospectus" in response.text
    assert member.person.name in response.text
    assert "2 of the 2 members needed present: quorate." in response.text
    assert "Add Cllr Bell" in response.text


def test_draft_minutes_are_not_shown_to_members_or_the_public(
    client, secretary, member, published, meeting, on_the_day
):
    services.save_item_minutes(secretary, published, "Secret discussion so far")
    assert "Secret discussion so far" not in client.get(meeting.get_absolute_url()).text
    client.force_login(member)
    assert "Secret discussion so far" not in client.get(meeting.get_absolute_url()).text
    client.force_login(secretary)
    assert "Secret discussion so far" in client.get(meeting.get_absolute_url()).text


def test_circulated_minutes_are_shown_to_members_only(
    client, secretary, member, outsider, published, meeting, on_the_day
):
    services.save_item_minutes(secretary, published, "Circulated discussion")
    services.circulate_minutes(secretary, meeting)
    client.force_login(member)
    assert "Circulated discussion" in client.get(meeting.get_absolute_url()).text
    client.force_login(outsider)
    assert "Circulated discussion" not in client.get(meeting.get_absolute_url()).text


def test_matters_arising_show_earlier_open_actions_with_overdue_highlighted(client, board, meeting):
    earlier = MeetingFactory(
        body=board,
        start=at(2011, 10, 24, 17),
        agenda_status=AgendaStatus.PUBLISHED,
        minutes_status=MinutesStatus.APPROVED,
    )
    ActionFactory(
        meeting=earlier, description="Map the youth services", due=datetime.date(2011, 12, 1)
    )
    ActionFactory(meeting=earlier, description="Already done", status=ActionStatus.DONE)
    response = client.get(meeting.get_absolute_url())
    assert "Map the youth services" in response.text
    assert "Overdue by" in response.text
    assert "Already done" not in response.text


# Agenda editing ----------------------------------------------------------------


def test_the_secretariat_adds_a_restricted_item_with_leads(
    client, secretary, meeting, council, partnership
):
    lead = PersonFactory(partnership=partnership, given_name="Guy", family_name="Boniface")
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:item-add", args=[meeting.pk]),
        {
            "title": "Depot contract",
            "purpose": "decision",
            "lead_people": [lead.pk],
            "lead_organisations": [council.pk],
            "lead_note": "Report by Guy Boniface",
            "restricted": "on",
            "restriction_category": "financial",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.restricted
    assert item.restriction_category == "financial"
    assert list(item.lead_people.all()) == [lead]


def test_the_add_item_form_says_optional_once(client, secretary, meeting):
    client.force_login(secretary)
    response = client.get(reverse("meetings:item-add", args=[meeting.pk]))
    assert "Performance report (optional)</label>" in response.text
    assert "(optional) (optional)" not in response.text


def test_the_reason_for_a_restriction_says_when_it_is_required(client, secretary, meeting):
    """Not "(optional)": the form asks for it whenever "Restricted" is ticked."""
    client.force_login(secretary)
    text = client.get(reverse("meetings:item-add", args=[meeting.pk])).text
    assert '<label class="govuk-label govuk-label--s" for="id_restriction_category">' in text
    assert "Why it is restricted</label>" in text
    assert "Why it is restricted (optional)" not in text
    assert (
        '<div id="id_restriction_category-hint" class="govuk-hint">'
        "Required when the item is restricted</div>"
    ) in text
    assert 'aria-describedby="id_restriction_category-hint"' in text


def test_a_restricted_item_without_a_reason_is_refused(client, secretary, meeting):
    """The error names the field, the summary links to it, and what was typed stays."""
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:item-add", args=[meeting.pk]),
        {"title": "Depot contract", "purpose": "decision", "restricted": "on"},
    )
    assert response.status_code == 400
    text = response.text
    assert '<a href="#id_restriction_category">Select why the item is restricted</a>' in text
    assert (
        '<p id="id_restriction_category-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Select why the item is restricted</p>'
    ) in text
    assert 'value="Depot contract"' in text
    assert not AgendaItem.objects.exists()


def test_an_item_not_restricted_needs_no_reason(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:item-add", args=[meeting.pk]),
        {"title": "Depot contract", "purpose": "decision", "restriction_category": ""},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.restricted, item.restriction_category) == (False, "")


def test_a_sub_item_is_numbered_under_its_parent(client, secretary, meeting):
    parent = AgendaItemFactory(meeting=meeting, position=1, title="Theme reports")
    client.force_login(secretary)
    client.post(
        reverse("meetings:item-add", args=[meeting.pk]) + f"?parent={parent.pk}",
        {"title": "Safer Ealing", "purpose": "information"},
    )
    response = client.get(reverse("meetings:agenda-edit", args=[meeting.pk]))
    assert "1a.</strong> Safer Ealing" in response.text


def test_moving_an_item_down_reorders_without_javascript(client, secretary, meeting):
    first = AgendaItemFactory(meeting=meeting, position=1, title="First")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Second")
    client.force_login(secretary)
    response = client.post(reverse("meetings:item-move", args=[first.pk, "down"]))
    assert response.status_code == 302
    assert list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("pk", flat=True)
    ) == [second.pk, first.pk]


def test_moving_an_item_with_htmx_returns_the_editor_partial(client, secretary, meeting):
    AgendaItemFactory(meeting=meeting, position=1, title="First")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Second")
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:item-move", args=[second.pk, "up"]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.startswith('<div id="agenda-editor">')
    assert response.text.index("Second") < response.text.index("First")


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_only_managers_edit_the_agenda(client, request, meeting, who):
    item = AgendaItemFactory(meeting=meeting, position=1)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("meetings:agenda-edit", args=[meeting.pk])).status_code == 403
    assert (
        client.post(
            reverse("meetings:item-add", args=[meeting.pk]), {"title": "x", "purpose": "decision"}
        ).status_code
        == 403
    )
    # A draft agenda's items are not even visible to them.
    assert client.post(reverse("meetings:item-remove", args=[item.pk])).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_member_cannot_edit_a_published_item(client, member, published):
    client.force_login(member)
    response = client.post(
        reverse("meetings:item-edit", args=[published.pk]), {"title": "x", "purpose": "decision"}
    )
    assert response.status_code == 403


def test_items_from_the_forward_plan_are_added_once(client, secretary, board, meeting):
    services.plan_item(None, board, title="Annual report", meeting=meeting)
    client.force_login(secretary)
    client.post(reverse("meetings:agenda-from-plan", args=[meeting.pk]))
    client.post(reverse("meetings:agenda-from-plan", args=[meeting.pk]))
    assert list(AgendaItem.objects.values_list("title", flat=True)) == ["Annual report"]


def test_publishing_asks_for_confirmation_then_publishes(client, secretary, meeting):
    AgendaItemFactory(meeting=meeting)
    client.force_login(secretary)
    response = client.get(reverse("meetings:agenda-publish", args=[meeting.pk]))
    assert "Publish the agenda?" in response.text
    client.post(reverse("meetings:agenda-publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.agenda_is_published


def test_an_empty_agenda_is_not_offered_for_publishing(client, secretary, meeting):
    """The editor offered "Publish the agenda" with no items, and publishing said to
    add one first."""
    client.force_login(secretary)
    url = reverse("meetings:agenda-edit", args=[meeting.pk])
    publish = reverse("meetings:agenda-publish", args=[meeting.pk])
    text = client.get(url).text
    assert "There are no items on the agenda yet." in text
    assert f'href="{under(meeting.partnership, publish)}"' not in text
    AgendaItemFactory(meeting=meeting)
    assert f'href="{under(meeting.partnership, publish)}"' in client.get(url).text


def test_publishing_an_empty_agenda_is_refused_with_a_message(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(reverse("meetings:agenda-publish", args=[meeting.pk]), follow=True)
    assert "Add at least one item before publishing the agenda" in response.text
    meeting.refresh_from_db()
    assert not meeting.agenda_is_published


# Papers ------------------------------------------------------------------------


def test_the_secretariat_uploads_a_paper_and_a_new_version(client, secretary, published, media):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:paper-add", args=[published.pk]),
        {"title": "PI report", "file": SimpleUploadedFile("pi.pdf", pdf_bytes(2))},
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    client.post(
        reverse("meetings:paper-replace", args=[paper.pk]),
        {"file": SimpleUploadedFile("pi-v2.pdf", pdf_bytes(4))},
    )
    assert sorted(paper.versions.values_list("number", "page_count")) == [(1, 2), (2, 4)]


@pytest.mark.parametrize(
    ("name", "mimetype"),
    [
        ("notes.odt", "application/vnd.oasis.opendocument.text"),
        ("budget.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("slides.odp", "application/vnd.oasis.opendocument.presentation"),
    ],
)
def test_the_secretariat_uploads_an_opendocument_paper(
    client, secretary, published, media, name, mimetype
):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:paper-add", args=[published.pk]),
        {"title": "", "file": SimpleUploadedFile(name, odt_with_text("Hi", mimetype=mimetype))},
    )
    assert response.status_code == 302
    assert Paper.objects.get().versions.get().content_type == mimetype


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "The paper must be a PDF, DOCX, XLSX, ODT, ODS or ODP file"),
        (
            "notes.odt",
            odt_with_text("Hi", mimetype="application/vnd.oasis.opendocument.spreadsheet"),
            "is not an OpenDocument text",
        ),
        ("notes.ods", docx_bytes(), "is not an OpenDocument spreadsheet"),
        ("report.pdf", b"not a pdf at all", "is not a PDF"),
    ],
)
def test_a_bad_paper_is_refused_with_a_clear_error(
    client, secretary, published, media, name, content, message
):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:paper-add", args=[published.pk]),
        {"title": "", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert not Paper.objects.exists()


def test_the_reason_a_paper_is_restricted_says_when_it_is_required(client, secretary, published):
    client.force_login(secretary)
    text = client.get(reverse("meetings:paper-add", args=[published.pk])).text
    assert "Why it is restricted</label>" in text
    assert "Why it is restricted (optional)" not in text
    assert "Required when the paper is restricted</div>" in text


def test_a_restricted_paper_without_a_reason_is_refused(client, secretary, published, media):
    """And the page asks for the file again by name: a browser cannot be handed a file
    back, and the error page said nothing of it, so the next "Upload" was refused for a
    file the secretary had chosen."""
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:paper-add", args=[published.pk]),
        {
            "title": "Depot tenders",
            "file": SimpleUploadedFile("tenders.pdf", pdf_bytes(1)),
            "restricted": "on",
        },
    )
    assert response.status_code == 400
    text = response.text
    assert '<a href="#id_restriction_category">Select why the paper is restricted</a>' in text
    assert "Error:</span> Select why the paper is restricted</p>" in text
    assert 'value="Depot tenders"' in text
    assert not Paper.objects.exists()
    again = "Select ‘tenders.pdf’ again: a file is not kept when something else on the form"
    assert f'<a href="#id_file">{again}' in text
    assert f"Error:</span> {again}" in text


def test_a_missing_file_is_not_asked_for_again(client, secretary, published, media):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:paper-add", args=[published.pk]), {"title": "Depot tenders"}
    )
    assert response.status_code == 400
    assert "Select a paper to upload" in response.text
    assert not found_in(response.text, "again")


def test_a_paper_of_a_restricted_item_says_the_item_restricts_it(
    client, secretary, published, media
):
    """The box was unticked with nothing said, as if the paper would be public."""
    client.force_login(secretary)
    restricted = AgendaItem.objects.get(meeting=published.meeting, restricted=True)
    text = client.get(reverse("meetings:paper-add", args=[restricted.pk])).text
    assert (
        "‘Contract for the new depot’ is restricted, so only the body&#x27;s members see "
        "this paper while it is" in text
    )
    open_text = client.get(reverse("meetings:paper-add", args=[published.pk])).text
    assert "while it is" not in open_text


def test_a_paper_of_a_sub_item_of_a_restricted_item_names_the_item(
    client, secretary, published, media
):
    restricted = AgendaItem.objects.get(meeting=published.meeting, restricted=True)
    sub = services.add_agenda_item(
        secretary, published.meeting, title="Tender scoring", parent=restricted
    )
    # Stored open, as before migration 0006: still restricted with its item.
    AgendaItem.objects.filter(pk=sub.pk).update(restricted=False, restriction_category="")
    client.force_login(secretary)
    text = client.get(reverse("meetings:paper-add", args=[sub.pk])).text
    assert "‘Contract for the new depot’ is restricted" in text


def test_a_paper_over_the_size_limit_is_refused(client, secretary, published, media, settings):
    settings.ROUNDTABLE_MAX_UPLOAD_MB = 1
    client.force_login(secretary)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = client.post(
        reverse("meetings:paper-add", args=[published.pk]),
        {"file": SimpleUploadedFile("big.pdf", big)},
    )
    assert response.status_code in (400, 413)
    assert not Paper.objects.exists()


def test_a_paper_whose_name_had_path_characters_is_refused(client, secretary, published, media):
    client.force_login(secretary)
    boundary = "BoUnDaRy"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="../../etc/report.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body += pdf_bytes() + f"\r\n--{boundary}--\r\n".encode()
    response = client.generic(
        "POST",
        reverse("meetings:paper-add", args=[published.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert "is not allowed" in response.text
    assert not Paper.objects.exists()


def test_the_paper_download_serves_the_current_version_and_older_ones(
    client, secretary, published, media
):
    paper = services.add_paper(
        secretary, published, title="PI", upload=SimpleUploadedFile("pi v1.pdf", pdf_bytes(1))
    )
    services.replace_paper(secretary, paper, SimpleUploadedFile("pi v2.pdf", pdf_bytes(2)))
    response = client.get(reverse("meetings:paper-download", args=[paper.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="pi v2.pdf"' in response["Content-Disposition"]
    old = client.get(reverse("meetings:paper-download", args=[paper.pk]), {"version": "1"})
    assert 'filename="pi v1.pdf"' in old["Content-Disposition"]
    assert (
        client.get(
            reverse("meetings:paper-download", args=[paper.pk]), {"version": "9"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("who", [None, "outsider", "other_partnership_officer"])
def test_a_restricted_paper_is_404_to_anyone_who_may_not_see_it(
    client, request, secretary, published, meeting, media, who
):
    paper = restricted_paper(secretary, meeting)
    if who:
        client.force_login(request.getfixturevalue(who))
    url = reverse("meetings:paper-download", args=[paper.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"version": "1"}).status_code == 404
    assert client.get(reverse("meetings:paper-replace", args=[paper.pk])).status_code == 404


def test_a_member_downloads_a_restricted_paper_privately(
    client, secretary, member, published, meeting, media
):
    paper = restricted_paper(secretary, meeting)
    client.force_login(member)
    response = client.get(reverse("meetings:paper-download", args=[paper.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_paper_on_a_draft_agenda_is_404_to_the_public(client, secretary, meeting, media):
    item = AgendaItemFactory(meeting=meeting)
    paper = services.add_paper(
        secretary, item, title="Draft", upload=SimpleUploadedFile("d.pdf", pdf_bytes())
    )
    assert client.get(reverse("meetings:paper-download", args=[paper.pk])).status_code == 404


# Attendance --------------------------------------------------------------------


def test_attendance_records_members_substitutes_and_others(
    client, secretary, member, meeting, partnership, police, on_the_day
):
    stand_in = PersonFactory(partnership=partnership, organisation=police, family_name="Standin")
    guest = PersonFactory(partnership=partnership, family_name="Guest")
    client.force_login(secretary)
    url = reverse("meetings:attendance-edit", args=[meeting.pk])
    page = client.get(url)
    assert member.person.name in page.text
    response = client.post(
        url,
        {
            f"status_{member.person_id}": "apologies",
            f"substitute_{member.person_id}": stand_in.pk,
            f"note_{member.person_id}": "sent a report",
            "also_attending": [guest.pk, secretary.person_id],
        },
    )
    assert response.status_code == 302
    records = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert records[member.person_id].status == AttendanceStatus.APOLOGIES
    assert records[stand_in.pk].capacity == Capacity.SUBSTITUTE
    assert records[stand_in.pk].substitute_for_id == member.person_id
    assert records[guest.pk].capacity == Capacity.IN_ATTENDANCE
    assert records[member.person_id].note == "sent a report"
    # The secretariat is not a member's seat: they are recorded as also attending.
    assert records[secretary.person_id].capacity == Capacity.IN_ATTENDANCE


def test_no_member_is_offered_as_a_substitute(
    client, secretary, member, meeting, partnership, board, police, on_the_day
):
    # Two police members: neither may stand in for the other (each has a row of their
    # own), nor for themself; the police's other people may.
    colleague = PersonFactory(partnership=partnership, organisation=police, family_name="Colleague")
    MembershipFactory(body=board, partnership=partnership, person=colleague, organisation=police)
    stand_in = PersonFactory(partnership=partnership, organisation=police, family_name="Standin")
    client.force_login(secretary)
    url = reverse("meetings:attendance-edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    offered = [value for value, _ in form.fields[f"substitute_{member.person_id}"].choices]
    assert offered == ["", stand_in.pk]
    refused = client.post(
        url,
        {
            f"status_{member.person_id}": "apologies",
            f"substitute_{member.person_id}": colleague.pk,
            f"status_{colleague.pk}": "present",
        },
    )
    assert refused.status_code == 400
    assert "choose someone from" in refused.text


def test_listing_someone_twice_in_attendance_is_refused(
    client, secretary, member, meeting, on_the_day
):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:attendance-edit", args=[meeting.pk]),
        {
            f"status_{member.person_id}": "present",
            "also_attending": [member.person_id],
        },
    )
    assert response.status_code == 400
    assert "listed twice" in response.text


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_only_managers_record_attendance(client, request, meeting, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("meetings:attendance-edit", args=[meeting.pk])).status_code == 403


# Minutes -----------------------------------------------------------------------


def test_the_secretariat_minutes_an_item_with_resolutions_and_actions(
    client, secretary, member, published, on_the_day
):
    client.force_login(secretary)
    client.post(reverse("meetings:item-minutes", args=[published.pk]), {"minutes": "Noted."})
    client.post(
        reverse("meetings:resolution-add", args=[published.pk]),
        {"text": "That the Board note the report", "decision_type": "noted"},
    )
    client.post(
        reverse("meetings:action-add", args=[published.pk]),
        {"description": "Write to partners", "owner_person": member.person_id, "due": "01/03/2030"},
    )
    published.refresh_from_db()
    assert published.minutes == "Noted."
    assert published.resolutions.get().decision_type == "noted"
    action = Action.objects.get()
    assert action.owner_organisation_id == member.person.organisation_id
    resolution = published.resolutions.get()
    client.post(reverse("meetings:resolution-remove", args=[resolution.pk]))
    assert not published.resolutions.exists()


def test_an_actions_due_date_is_taken_in_words(client, secretary, member, published, on_the_day):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:action-add", args=[published.pk]),
        {
            "description": "Write to partners",
            "owner_person": member.person_id,
            "due": "16 March 2030",
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().due == datetime.date(2030, 3, 16)


def test_an_actions_due_date_that_is_not_one_is_named_with_a_near_future_example(
    client, secretary, member, published, on_the_day
):
    """On 16 January 2030 (`on_the_day`) an action is due next month, not in 2011."""
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:action-add", args=[published.pk]),
        {"description": "Write to partners", "owner_person": member.person_id, "due": "soon"},
    )
    assert response.status_code == 400
    assert "Due must be a real date, like 16 February 2030" in response.text
    assert not Action.objects.exists()


def test_an_action_without_an_owner_is_refused(client, secretary, published, on_the_day):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:action-add", args=[published.pk]), {"description": "Do it"}
    )
    assert response.status_code == 400
    assert "Select who owns the action" in response.text


def test_circulate_return_and_approve_with_amendments(
    client, secretary, board, published, meeting, on_the_day
):
    # a later meeting that has met: that evening's (one still to come cannot approve)
    later = MeetingFactory(body=board, start=at(2030, 1, 16, 19))
    services.save_item_minutes(secretary, published, "Draft")
    client.force_login(secretary)
    # Items 2 and 3 are not minuted: circulating them needs the confirmation.
    confirmed = {"confirming": "1", "confirm_blank": "on"}
    client.post(reverse("meetings:minutes-circulate", args=[meeting.pk]), confirmed)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    assert (
        client.post(
            reverse("meetings:minutes-return", args=[meeting.pk]), {"reason": ""}
        ).status_code
        == 400
    )
    client.post(reverse("meetings:minutes-return", args=[meeting.pk]), {"reason": "Typo"})
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    client.post(reverse("meetings:minutes-circulate", args=[meeting.pk]), confirmed)
    client.post(
        reverse("meetings:minutes-approve", args=[meeting.pk]),
        {"approved_at": later.pk, "amendments": "Add Cllr Bell's apologies\n\nCorrect item 3"},
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED
    assert list(meeting.amendments.values_list("text", flat=True)) == [
        "Add Cllr Bell's apologies",
        "Correct item 3",
    ]


def test_circulating_or_approving_minutes_with_no_attendance_warns_and_links_to_it(
    client, secretary, member, board, published, meeting, on_the_day
):
    services.save_item_minutes(secretary, published, "Noted")
    client.force_login(secretary)
    attendance = under(meeting.partnership, reverse("meetings:attendance-edit", args=[meeting.pk]))
    warning = "No attendance is recorded for this meeting"
    circulate = client.get(reverse("meetings:minutes-circulate", args=[meeting.pk])).text
    assert warning in circulate
    assert f'href="{attendance}">Record attendance first<' in circulate
    services.circulate_minutes(secretary, meeting)
    approve = client.get(reverse("meetings:minutes-approve", args=[meeting.pk])).text
    assert warning in approve
    assert f'href="{attendance}">Record attendance first<' in approve

    services.return_minutes_to_draft(secretary, meeting, "Attendance")
    services.record_attendance(secretary, meeting, [services.AttendanceEntry(member.person)])
    assert warning not in client.get(reverse("meetings:minutes-circulate", args=[meeting.pk])).text
    services.circulate_minutes(secretary, meeting)
    assert warning not in client.get(reverse("meetings:minutes-approve", args=[meeting.pk])).text


def test_approving_minutes_with_no_later_meeting_says_to_schedule_one_first(
    client, secretary, member, board, published, meeting, on_the_day
):
    """ "Approved at" listed no meeting, and its error could not be put right."""
    services.save_item_minutes(secretary, published, "Noted")
    services.record_attendance(secretary, meeting, [services.AttendanceEntry(member.person)])
    services.circulate_minutes(secretary, meeting)
    client.force_login(secretary)
    url = reverse("meetings:minutes-approve", args=[meeting.pk])
    schedule = under(meeting.partnership, reverse("meetings:meeting-schedule", args=[board.slug]))
    said = (
        f"Minutes are approved at a later meeting of {board.name}, and none is scheduled "
        "after 16 January 2030. Schedule the next meeting, then record the approval here."
    )
    for response in (client.get(url), client.post(url, {"amendments": "Correct item 2"})):
        assert said in response.text
        assert f'href="{schedule}">Schedule the next meeting<' in response.text
    assert "No attendance is recorded" not in response.text
    assert "Correct item 2" in response.text  # what was typed is kept

    april = MeetingFactory(body=board, start=at(2030, 4, 16, 17))
    text = client.get(url).text
    assert "none is scheduled" not in text
    # Scheduled, but still to come: it cannot be chosen, and the page says why.
    assert (
        f"Minutes are approved at a later meeting of {board.name}, and the next one, on "
        "16 April 2030, is still to come. Record the approval once it has met."
    ) in text
    assert f'<option value="{april.pk}"' not in text


def test_minutes_are_approved_only_at_a_later_meeting_that_has_met(
    client, secretary, member, board, published, meeting, on_the_day
):
    """The approval page offered a meeting still to come, and recording it published
    the minutes as approved at a meeting that had not met."""
    services.save_item_minutes(secretary, published, "Noted")
    services.circulate_minutes(secretary, meeting)
    client.force_login(secretary)
    url = reverse("meetings:minutes-approve", args=[meeting.pk])
    later_that_day = MeetingFactory(body=board, start=meeting.start + datetime.timedelta(hours=2))
    cancelled = MeetingFactory(
        body=board, start=meeting.start + datetime.timedelta(hours=3), status="cancelled"
    )
    tomorrow = MeetingFactory(body=board, start=meeting.start + datetime.timedelta(days=1))
    text = client.get(url).text
    assert f'<option value="{later_that_day.pk}" selected>' in text  # the only one
    assert f'<option value="{cancelled.pk}"' not in text
    assert f'<option value="{tomorrow.pk}"' not in text
    response = client.post(url, {"approved_at": tomorrow.pk})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED


def test_the_approval_form_chooses_the_meeting_when_only_one_can_be_chosen(
    client, secretary, member, board, published, meeting, on_the_day
):
    """With one meeting to choose, "Approved at" still asked to select it."""
    services.save_item_minutes(secretary, published, "Noted")
    services.circulate_minutes(secretary, meeting)
    client.force_login(secretary)
    url = reverse("meetings:minutes-approve", args=[meeting.pk])
    first = MeetingFactory(body=board, start=meeting.start + datetime.timedelta(hours=2))
    text = client.get(url).text
    assert f'<option value="{first.pk}" selected>' in text
    second = MeetingFactory(body=board, start=meeting.start + datetime.timedelta(hours=3))
    text = client.get(url).text
    assert f'<option value="{first.pk}">' in text  # two: the secretary chooses
    assert f'<option value="{second.pk}">' in text


def test_circulating_unconfirmed_puts_the_error_summary_at_the_top_of_the_page(
    client, secretary, published, meeting, on_the_day
):
    """The summary came after the warning and the list of items not minuted."""
    services.save_item_minutes(secretary, published, "Noted")
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:minutes-circulate", args=[meeting.pk]), {"confirming": "1"}
    )
    assert response.status_code == 400
    text = response.text
    assert text.count("govuk-error-summary__title") == 1
    heading = text.index("Circulate the minutes?</h1>")
    summary = text.index("govuk-error-summary")
    warning = text.index("have no discussion minuted")
    # At the top of the main container, above the heading, as on every form page.
    assert summary < heading < warning
    assert "Confirm that the minutes go out with items not minuted" in text[summary:warning]


def test_the_circulate_page_of_minutes_not_started_goes_back_to_the_meeting_saying_why(
    client, secretary, published, meeting, on_the_day
):
    client.force_login(secretary)
    url = reverse("meetings:minutes-circulate", args=[meeting.pk])
    for response in (client.get(url), client.post(url, {"confirming": "1"})):
        assert response.status_code == 302
        assert response["Location"] == meeting.get_absolute_url() + "#minutes"
    followed = client.get(url, follow=True).text
    assert "The minutes are not started: take the minutes before circulating them" in followed
    assert "Circulate the minutes?" not in followed
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.NOT_STARTED
    with pytest.raises(ValidationError, match="take the minutes before circulating them"):
        services.circulate_minutes(secretary, meeting)

    services.save_item_minutes(secretary, published, "Noted")
    assert "Circulate the minutes?" in client.get(url).text  # a draft: the page opens
    services.circulate_minutes(secretary, meeting)
    again = client.get(url, follow=True).text
    assert "The minutes are already circulated to the members" in again


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_others_are_refused_the_circulate_page_whatever_the_minutes(client, request, meeting, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("meetings:minutes-circulate", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_approved_minutes_are_locked(client, secretary, board, published, meeting, on_the_day):
    # a later meeting that has met: that evening's (one still to come cannot approve)
    later = MeetingFactory(body=board, start=at(2030, 1, 16, 19))
    services.save_item_minutes(secretary, published, "")
    services.circulate_minutes(secretary, meeting)
    services.approve_minutes(secretary, meeting, approved_at=later)
    client.force_login(secretary)
    page = client.get(reverse("meetings:item-minutes", args=[published.pk]))
    assert "The minutes are approved and locked" in page.text
    response = client.post(reverse("meetings:item-minutes", args=[published.pk]), {"minutes": "x"})
    assert response.status_code == 400
    assert "approved and locked" in response.text
    published.refresh_from_db()
    assert published.minutes == ""


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_only_managers_write_minutes(client, request, published, meeting, who):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.post(
            reverse("meetings:item-minutes", args=[published.pk]), {"minutes": "x"}
        ).status_code
        == 403
    )
    assert client.post(reverse("meetings:minutes-circulate", args=[meeting.pk])).status_code == 403


# Actions log -------------------------------------------------------------------


def test_the_actions_log_highlights_overdue_actions_with_days(client, member, board, meeting):
    ActionFactory(
        meeting=meeting,
        description="Late one",
        due=timezone.localdate() - datetime.timedelta(days=5),
    )
    client.force_login(member)
    response = client.get(reverse("meetings:action-list"))
    assert "Late one" in response.text
    assert "Overdue by 5 days" in response.text


def test_the_actions_log_filters_by_status_organisation_and_overdue(
    client, member, board, meeting, council, police
):
    today = timezone.localdate()
    ActionFactory(
        meeting=meeting,
        description="Council late",
        owner_organisation=council,
        due=today - datetime.timedelta(days=1),
    )
    ActionFactory(
        meeting=meeting,
        description="Police future",
        owner_organisation=police,
        due=today + datetime.timedelta(days=9),
    )
    ActionFactory(
        meeting=meeting,
        description="Council done",
        owner_organisation=council,
        status=ActionStatus.DONE,
    )
    client.force_login(member)
    url = reverse("meetings:action-list")
    text = client.get(url, {"organisation": council.pk}).text
    assert "Council late" in text
    assert "Police future" not in text
    assert "Council done" not in text
    text = client.get(url, {"status": "done"}).text
    assert "Council done" in text
    assert "Council late" not in text
    text = client.get(url, {"overdue": "on"}).text
    assert "Council late" in text
    assert "Police future" not in text


def test_the_public_sees_only_actions_of_approved_minutes(client, board, meeting):
    ActionFactory(meeting=meeting, description="Not yet public")
    approved = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    ActionFactory(meeting=approved, description="Public action")
    ActionFactory(meeting=approved, description="Restricted action", restricted=True)
    text = client.get(reverse("meetings:body-actions", args=[board.slug])).text
    assert "Public action" in text
    assert "Not yet public" not in text
    assert "Restricted action" not in text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_actions_log_uses_the_same_number_of_queries_for_2_or_20_actions(
    client, member, meeting, django_assert_num_queries, rows
):
    ActionFactory.create_batch(rows, meeting=meeting, owner_person=member.person)
    client.force_login(member)
    client.get(reverse("meetings:action-list"))  # warm the session and partnership
    # the partnership by its slug in the address, session, user, count,
    # the page of actions with their body, meeting and owners, organisations and
    # bodies (the filters' choices)
    with django_assert_num_queries(7):
        client.get(under(meeting.partnership, reverse("meetings:action-list")))


def test_the_owner_updates_an_action_and_the_list_swaps_with_htmx(client, member, meeting):
    action = ActionFactory(meeting=meeting, owner_person=member.person)
    client.force_login(member)
    response = client.post(
        reverse("meetings:action-detail", args=[action.pk]),
        {"status": "in_progress", "note": "Draft with partners"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.startswith('<div id="action-updates">')
    assert "Draft with partners" in response.text
    assert f"({member.person.name})" in response.text  # the person, not the account
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_an_update_swapped_with_htmx_changes_the_status_and_overdue_shown_above_it(
    client, member, meeting
):
    """The summary above the updates said "Open" and "Overdue" after "Done" was added."""
    action = ActionFactory(
        meeting=meeting, owner_person=member.person, due=datetime.date(2011, 12, 1)
    )
    client.force_login(member)
    page = client.get(reverse("meetings:action-detail", args=[action.pk])).text
    assert '<span id="action-status">Open</span>' in page
    assert "Overdue by" in page
    response = client.post(
        reverse("meetings:action-detail", args=[action.pk]),
        {"status": "done", "note": "Sent to partners"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert '<span id="action-status" hx-swap-oob="true">Done</span>' in response.text
    due = response.text.split('<span id="action-due" hx-swap-oob="true">', 1)[1]
    assert due.split("</span>", 1)[0].strip() == "1 December 2011"  # no longer overdue


def test_the_owning_organisations_editor_updates_an_action(client, officer, council, meeting):
    action = ActionFactory(meeting=meeting, owner_organisation=council)
    client.force_login(officer)
    response = client.post(
        reverse("meetings:action-detail", args=[action.pk]), {"status": "done", "note": "Sent"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_someone_else_cannot_update_an_action(client, outsider, board, police):
    approved = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    action = ActionFactory(meeting=approved, owner_organisation=police)
    client.force_login(outsider)
    page = client.get(reverse("meetings:action-detail", args=[action.pk]))
    assert page.status_code == 200
    assert "Add an update" not in page.text
    response = client.post(
        reverse("meetings:action-detail", args=[action.pk]), {"status": "done", "note": "x"}
    )
    assert response.status_code == 403


def test_an_action_the_user_may_not_see_is_404(client, meeting):
    action = ActionFactory(meeting=meeting)
    assert client.get(reverse("meetings:action-detail", args=[action.pk])).status_code == 404


def test_an_empty_update_is_refused(client, member, meeting):
    action = ActionFactory(meeting=meeting, owner_person=member.person)
    client.force_login(member)
    response = client.post(
        reverse("meetings:action-detail", args=[action.pk]), {"status": "open", "note": ""}
    )
    assert response.status_code == 400
    assert "Enter an update or change the status" in response.text


# Forward plan ------------------------------------------------------------------


def test_the_forward_plan_lists_items_by_meeting_and_managers_add_items(
    client, secretary, board, meeting
):
    client.force_login(secretary)
    url = reverse("meetings:forward-plan", args=[board.slug])
    response = client.post(
        url, {"title": "Annual report", "meeting": meeting.pk, "purpose": "decision"}
    )
    assert response.status_code == 302
    client.logout()
    text = client.get(url).text
    assert "Annual report" in text
    assert "Meeting of 16 January 2030" in text
    assert "Plan an item" not in text


@pytest.fixture
def held(board):
    """A meeting of the board already held, with an item planned for it."""
    held = MeetingFactory(body=board, start=at(2011, 10, 24, 17), end=at(2011, 10, 24, 18, 30))
    services.plan_item(None, board, meeting=held, title="Southall prospectus")
    return held


def test_the_forward_plan_shows_what_is_still_to_come(client, board, meeting, held):
    services.plan_item(None, board, meeting=meeting, title="Annual report")
    services.plan_item(
        None, board, planned_for=datetime.date(2011, 3, 1), title="Community budgets"
    )
    url = reverse("meetings:forward-plan", args=[board.slug])
    text = client.get(url).text
    assert "Annual report" in text
    assert "Community budgets" in text  # not yet placed at a meeting: still to come
    assert "Southall prospectus" not in text
    assert "Meeting of 24 October 2011" not in text
    assert (
        f'<a class="govuk-link" href="{under(board.partnership, url)}?held=1">'
        "Include meetings already held</a> (1 item)."
    ) in text

    every = client.get(url, {"held": "1"}).text
    assert "Southall prospectus" in every
    assert "Meeting of 24 October 2011</a> (held)" in every
    assert "Meeting of 16 January 2030</a></h2>" in every  # still to come: no "(held)"
    assert "Annual report" in every
    assert "Community budgets" in every
    assert "Show only meetings still to come" in every


def test_a_forward_plan_of_held_meetings_only_says_nothing_is_still_to_come(client, board, held):
    text = client.get(reverse("meetings:forward-plan", args=[board.slug])).text
    assert "Nothing is planned for meetings still to come." in text
    assert "Southall prospectus" not in text


def test_a_restricted_entry_of_a_held_meeting_stays_hidden_when_held_meetings_are_shown(
    client, member, board, held
):
    [planned] = services.draft_agenda_from_plan(None, held)
    services.change_agenda_item(None, planned, restricted=True, restriction_category="financial")
    services.publish_agenda(None, held)
    url = reverse("meetings:forward-plan", args=[board.slug])
    public = client.get(url, {"held": "1"}).text
    assert "Restricted item" in public
    assert "Southall prospectus" not in public
    client.force_login(member)
    assert "Southall prospectus" in client.get(url, {"held": "1"}).text


def test_a_planned_item_needs_a_meeting_or_a_date(client, secretary, board):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:forward-plan", args=[board.slug]),
        {"title": "Annual report", "purpose": "decision"},
    )
    assert response.status_code == 400
    assert "Choose a meeting or say roughly when" in response.text
    assert not ForwardPlanItem.objects.exists()


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_only_managers_plan_items(client, request, board, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("meetings:forward-plan", args=[board.slug]),
        {"title": "x", "planned_for": "01/03/2030", "purpose": "decision"},
    )
    assert response.status_code == 403
    assert not ForwardPlanItem.objects.exists()


def test_an_item_is_linked_to_indicators_and_priorities_and_shows_them(
    client, secretary, meeting, partnership
):
    from roundtable.performance.tests.factories import IndicatorFactory
    from roundtable.strategy.tests.factories import PriorityFactory

    shown = IndicatorFactory(partnership=partnership, code="NI 8", name="Adult participation")
    internal = IndicatorFactory(partnership=partnership, code="Local 99", is_public=False)
    priority = PriorityFactory(
        partnership=partnership, strategy__partnership=partnership, wording="Healthier Southall"
    )
    client.force_login(secretary)
    fields = {"title": "Community Strategy Performance", "purpose": "discussion"}
    response = client.post(
        reverse("meetings:item-add", args=[meeting.pk]),
        {**fields, "related_indicators": [shown.pk, internal.pk]},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    edit = reverse("meetings:item-edit", args=[item.pk])
    initial = client.get(edit).context["form"].initial["related_indicators"]
    assert initial == sorted([shown.pk, internal.pk])
    response = client.post(
        edit, {**fields, "related_indicators": [shown.pk], "related_priorities": [priority.pk]}
    )
    assert response.status_code == 302
    assert item.links.count() == 2
    Meeting.objects.filter(pk=meeting.pk).update(agenda_status=AgendaStatus.PUBLISHED)
    page = client.get(meeting.get_absolute_url()).text
    assert "Indicator: NI 8 Adult participation" in page
    assert "Priority:" in page
    client.logout()
    assert "Indicator: NI 8" in client.get(meeting.get_absolute_url()).text


def test_the_public_never_sees_a_link_to_an_internal_indicator(
    client, secretary, published, partnership
):
    from roundtable.performance.tests.factories import IndicatorFactory

    internal = IndicatorFactory(partnership=partnership, code="Local 99", name="Internal count")
    internal.is_public = False
    internal.save()
    services.link_record(secretary, published, internal)
    page = client.get(published.meeting.get_absolute_url()).text
    assert "Internal count" not in page
    client.force_login(secretary)
    assert "Internal count" in client.get(published.meeting.get_absolute_url()).text


def test_the_secretariat_reassigns_an_action_and_the_new_owner_is_told(
    client, secretary, board, police, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    action = ActionFactory(meeting__body=board, owner_organisation=police, due=None)
    deputy = PersonFactory(partnership=partnership, organisation=police, email="d@example.org")
    client.force_login(secretary)
    page = client.get(action.get_absolute_url()).text
    assert reverse("meetings:action-reassign", args=[action.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:action-reassign", args=[action.pk]),
            {
                "owner_person": deputy.pk,
                "due": "2030-03-31",
                "note": "Back from leave",
            },
        )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner_person, action.owner_organisation) == (deputy, police)
    assert action.due == datetime.date(2030, 3, 31)
    note = action.updates.get().note
    assert note.startswith(f"Reassigned to {deputy}")
    assert "Back from leave" in note
    assert [m.to[0].endswith("<d@example.org>") for m in mailoutbox] == [True]


@pytest.mark.parametrize("who", ["member", "officer", "outsider"])
def test_only_managers_reassign_actions(client, request, who, board, council):
    action = ActionFactory(meeting__body=board, owner_organisation=council)
    client.force_login(request.getfixturevalue(who))
    url = reverse("meetings:action-reassign", args=[action.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"owner_organisation": council.pk}).status_code in (403, 404)
    assert not action.updates.exists()


def test_reassigning_to_the_same_owner_is_refused(client, secretary, board, police):
    action = ActionFactory(meeting__body=board, owner_organisation=police, due=None)
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:action-reassign", args=[action.pk]), {"owner_organisation": police.pk}
    )
    assert response.status_code == 400
    assert "Change the owner or the due date" in response.text


def test_an_item_takes_a_performance_report_and_links_to_it(client, secretary, meeting):
    client.force_login(secretary)
    fields = {"title": "Community Strategy Performance", "purpose": "discussion"}
    url = reverse("meetings:item-add", args=[meeting.pk])
    response = client.post(url, {**fields, "performance_report": "2011/12 T2"})
    assert response.status_code == 400
    assert "A performance report is for a quarter or a year" in response.text
    response = client.post(url, {**fields, "performance_report": "2011/12 Q5"})
    assert "is not a period" in response.text
    response = client.post(url, {**fields, "performance_report": "2011/12 quarter 2"})
    assert response.status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).performance_report == "2011/12 Q2"
    page = client.get(meeting.get_absolute_url()).text
    assert "/performance/report/?period=2011/12%20Q2" in page


def test_the_meeting_page_offers_the_board_pack_and_says_what_the_public_pack_leaves_out(
    client, published, meeting, member
):
    pack = reverse("meetings_outputs:meeting-pack", args=[meeting.pk])
    page = client.get(meeting.get_absolute_url()).text
    assert pack in page
    assert "restricted items are left out" in page
    client.force_login(member)
    assert "restricted items are left out" not in client.get(meeting.get_absolute_url()).text


def test_approved_minutes_offer_no_editing(client, secretary, published, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.APPROVED)
    client.force_login(secretary)
    page = client.get(meeting.get_absolute_url()).text
    assert reverse("meetings:item-minutes", args=[published.pk]) not in page


def test_matters_arising_are_overdue_as_at_the_meeting(client, board, secretary):
    earlier = MeetingFactory(body=board, start=at(2011, 10, 24, 17))
    held = MeetingFactory(body=board, start=at(2012, 1, 16, 17))
    ActionFactory(
        meeting=earlier, description="Circulate the prospectus", due=datetime.date(2012, 1, 6)
    )
    client.force_login(secretary)
    page = client.get(held.get_absolute_url()).text
    assert "Overdue by 10 days" in page


def test_the_agenda_and_paper_forms_name_the_meeting_they_change(client, secretary, meeting):
    # "Add an agenda item" and "Add a paper to 'Finance'" said nothing of which meeting:
    # with two agendas in preparation, in two tabs, they read the same.
    item = AgendaItemFactory(meeting=meeting, title="Finance")
    client.force_login(secretary)
    named = str(meeting)
    assert "16 January 2030" in named
    for url in (
        reverse("meetings:item-add", args=[meeting.pk]),
        reverse("meetings:item-edit", args=[item.pk]),
        reverse("meetings:paper-add", args=[item.pk]),
    ):
        text = client.get(url).text
        assert f'<span class="govuk-caption-l">{named}</span>' in text, url
        assert f": {named} – " in text[text.index("<title>") : text.index("</title>")], url


def test_a_meeting_says_whose_minutes_were_approved_at_it(client, board):
    # The Ealing minutes begin with the last meeting's minutes agreed; the page of the
    # meeting that agreed them said nothing of it (only the earlier meeting's did).
    earlier = MeetingFactory(body=board, start=at(2011, 10, 24, 17))
    later = MeetingFactory(body=board, start=at(2012, 1, 16, 17))
    services.save_item_minutes(None, AgendaItemFactory(meeting=earlier), "Noted.")
    services.circulate_minutes(None, earlier)
    html = client.get(later.get_absolute_url()).text
    assert "Minutes approved at this meeting" not in html  # circulated, not yet approved
    services.approve_minutes(None, earlier, approved_at=later)
    html = client.get(later.get_absolute_url()).text
    row = html[html.index("Minutes approved at this meeting") :]
    assert f'href="{earlier.get_absolute_url()}"' in row[: row.index("</dd>")]
    assert earlier.heading in row[: row.index("</dd>")]
    assert "Minutes approved at this meeting" not in client.get(earlier.get_absolute_url()).text
