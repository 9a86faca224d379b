"""Writes to meetings: who may make them and what they leave behind."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roundtable.meetings import services
from roundtable.meetings.choices import (
    ActionStatus,
    AgendaStatus,
    Capacity,
    MeetingStatus,
    MinutesStatus,
    Repeat,
)
from roundtable.meetings.models import Attendance, Meeting, Paper, PaperVersion
from roundtable.meetings.services import AttendanceEntry
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def pdf_bytes(pages: int = 2) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_secretariat_schedules_a_meeting(secretary, board):
    meeting = services.schedule_meeting(
        secretary, board, start=at(2012, 1, 16, 17), end=at(2012, 1, 16, 18, 30), venue="Room 5.12"
    )
    assert meeting.partnership_id == board.partnership_id
    assert meeting.history.first().history_user == secretary


@pytest.mark.parametrize("who", ["member", "outsider", "officer", "other_partnership_officer"])
def test_nobody_else_schedules_meetings(request, who, board):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(user, board, start=at(2012, 1, 16, 17))
    assert not Meeting.objects.exists()


def test_administrators_schedule_meetings_too(administrator, board):
    assert services.schedule_meeting(administrator, board, start=at(2012, 1, 16, 17)).pk


def test_a_meeting_must_end_after_it_starts(secretary, board):
    with pytest.raises(ValidationError, match="end after it starts"):
        services.schedule_meeting(
            secretary, board, start=at(2012, 1, 16, 17), end=at(2012, 1, 16, 16)
        )


def test_a_series_is_scheduled_on_the_third_monday(secretary, board):
    meetings = services.schedule_series(
        secretary,
        board,
        first=datetime.date(2012, 1, 16),
        start_time=datetime.time(17),
        end_time=datetime.time(18, 30),
        repeat=Repeat.QUARTERLY_BY_WEEKDAY,
        count=4,
        venue="Room 5.12",
    )
    assert [timezone.localtime(m.start).date().isoformat() for m in meetings] == [
        "2012-01-16",
        "2012-04-16",
        "2012-07-16",
        "2012-10-15",
    ]
    # 5pm stays 5pm across the clock change (April is BST).
    assert {timezone.localtime(m.start).hour for m in meetings} == {17}
    assert len({m.series for m in meetings}) == 1


def test_moving_a_meeting_raises_its_sequence_and_keeps_the_reason(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    moved = services.move_meeting(
        secretary,
        meeting,
        start=meeting.start + datetime.timedelta(days=7),
        end=None,
        venue=meeting.venue,
        reason="Clash with full Council",
    )
    assert moved.sequence == 1
    assert moved.history.first().history_change_reason == "Moved: Clash with full Council"


def test_a_move_needs_a_reason(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    with pytest.raises(ValidationError, match="why the meeting is moving"):
        services.move_meeting(
            secretary, meeting, start=meeting.start, end=None, venue="Elsewhere", reason=" "
        )


def test_cancelling_keeps_the_meeting_marked_cancelled(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    services.cancel_meeting(secretary, meeting, "Not enough business")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    with pytest.raises(ValidationError, match="cancelled meeting cannot be moved"):
        services.move_meeting(
            secretary, meeting, start=meeting.start, end=None, venue="", reason="Try again"
        )


def test_items_and_sub_items_are_placed_in_order(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    first = services.add_agenda_item(secretary, meeting, title="Welcome and Apologies")
    updates = services.add_agenda_item(secretary, meeting, title="LSP Project 2011 Updates")
    sub = services.add_agenda_item(secretary, meeting, title="Joint Assets", parent=updates)
    assert (first.position, updates.position, sub.position) == (1, 2, 1)
    with pytest.raises(ValidationError, match="sub-item goes under a top-level item"):
        services.add_agenda_item(secretary, meeting, title="Too deep", parent=sub)


def test_a_restricted_item_needs_its_reason(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    with pytest.raises(ValidationError, match="needs the reason"):
        services.add_agenda_item(secretary, meeting, title="Site purchase", restricted=True)


def test_reordering_and_removing_renumbers(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    a, b, c = (services.add_agenda_item(secretary, meeting, title=t) for t in "ABC")
    services.reorder_agenda(secretary, meeting, [c.pk, a.pk, b.pk])
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == list("CAB")
    services.remove_agenda_item(secretary, meeting.items.get(title="A"))
    assert list(meeting.items.order_by("position").values_list("title", "position")) == [
        ("C", 1),
        ("B", 2),
    ]
    with pytest.raises(ValidationError, match="every item"):
        services.reorder_agenda(secretary, meeting, [c.pk])


def test_publishing_needs_items_and_then_items_stay(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    with pytest.raises(ValidationError, match="at least one item"):
        services.publish_agenda(secretary, meeting)
    item = services.add_agenda_item(secretary, meeting, title="Welcome")
    services.publish_agenda(secretary, meeting)
    assert meeting.agenda_status == AgendaStatus.PUBLISHED
    assert meeting.agenda_published_at is not None
    with pytest.raises(ValidationError, match="published"):
        services.remove_agenda_item(secretary, item)


def test_members_do_not_publish_agendas(member, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    AgendaItemFactory(meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.publish_agenda(member, meeting)


def test_the_forward_plan_becomes_agenda_items_once(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    services.plan_item(
        secretary,
        board,
        title="External Funding Review and Income Generation Strategy",
        meeting=meeting,
    )
    created = services.draft_agenda_from_plan(secretary, meeting)
    assert [i.title for i in created] == ["External Funding Review and Income Generation Strategy"]
    assert services.draft_agenda_from_plan(secretary, meeting) == []


def test_a_plan_needs_a_meeting_or_a_rough_date(secretary, board):
    with pytest.raises(ValidationError, match="roughly when"):
        services.plan_item(secretary, board, title="Annual Performance Report")


def test_a_pdf_paper_is_stored_with_its_pages_and_versions(secretary, board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(meeting__body=board, meeting__partnership=board.partnership)
    upload = SimpleUploadedFile("Performance report.pdf", pdf_bytes(3), "application/pdf")
    paper = services.add_paper(secretary, item, title="PI report", upload=upload)
    version = paper.versions.get()
    assert (version.number, version.page_count, version.filename) == (
        1,
        3,
        "Performance report.pdf",
    )
    services.replace_paper(secretary, paper, SimpleUploadedFile("v2.pdf", pdf_bytes(4)))
    assert list(paper.versions.values_list("number", "page_count")) == [(2, 4), (1, 3)]


def test_a_paper_without_a_title_takes_its_files_name_without_the_extension(
    secretary, board, settings, tmp_path
):
    """It was titled "Performance report.pdf" on the agenda, the meeting page and in
    the board pack."""
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(meeting__body=board, meeting__partnership=board.partnership)
    upload = SimpleUploadedFile("Performance report.pdf", pdf_bytes(1), "application/pdf")
    paper = services.add_paper(secretary, item, title="  ", upload=upload)
    assert paper.title == "Performance report"
    assert paper.versions.get().filename == "Performance report.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<html>not a pdf</html>", "is not a PDF"),
        ("report.exe", b"MZ....", "must be a PDF, DOCX, XLSX, ODT, ODS or ODP"),
        ("report<v2>.pdf", None, "is not allowed"),
        ("report.pdf", b"%PDF-1.4 broken", "could not be read"),
    ],
)
def test_a_bad_paper_is_refused_and_nothing_is_saved(
    secretary, board, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(meeting__body=board, meeting__partnership=board.partnership)
    upload = SimpleUploadedFile(name, pdf_bytes() if content is None else content)
    with pytest.raises(ValidationError, match=message):
        services.add_paper(secretary, item, title="Report", upload=upload)
    assert not Paper.objects.exists()
    assert not PaperVersion.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_paper_over_the_limit_is_refused(secretary, board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ROUNDTABLE_MAX_UPLOAD_MB = 1
    item = AgendaItemFactory(meeting__body=board, meeting__partnership=board.partnership)
    big = pdf_bytes() + b"%" * (1024 * 1024)
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        services.add_paper(secretary, item, title="Big", upload=SimpleUploadedFile("b.pdf", big))


def test_attendance_records_substitutes_and_replaces_the_list(secretary, board, police):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    chief, deputy = (PersonFactory(organisation=police) for _ in range(2))
    clerk = PersonFactory(partnership=board.partnership)
    services.record_attendance(
        secretary,
        meeting,
        [
            AttendanceEntry(chief, status="apologies", organisation=police),
            AttendanceEntry(
                deputy, capacity=Capacity.SUBSTITUTE, substitute_for=chief, organisation=police
            ),
            AttendanceEntry(clerk, capacity=Capacity.IN_ATTENDANCE),
        ],
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    services.record_attendance(secretary, meeting, [AttendanceEntry(chief)])
    assert list(Attendance.objects.filter(meeting=meeting).values_list("person", "status")) == [
        (chief.pk, "present")
    ]
    with pytest.raises(ValidationError, match="is a substitute"):
        services.record_attendance(
            secretary, meeting, [AttendanceEntry(deputy, substitute_for=chief)]
        )
    with pytest.raises(ValidationError, match="listed twice"):
        services.record_attendance(
            secretary, meeting, [AttendanceEntry(chief), AttendanceEntry(chief)]
        )


def test_minutes_go_draft_circulated_approved_and_then_lock(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    later = MeetingFactory(body=board, partnership=board.partnership)
    item = AgendaItemFactory(meeting=meeting)
    services.save_item_minutes(secretary, item, "The Chair thanked Emily O'Hare for her report.")
    services.add_resolution(secretary, item, "That the Board note the report.", "noted")
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    with pytest.raises(ValidationError, match="cannot become approved"):
        services.approve_minutes(secretary, meeting, approved_at=later)
    services.circulate_minutes(secretary, meeting)
    with pytest.raises(ValidationError, match="return them to draft"):
        services.save_item_minutes(secretary, item, "Changed")
    services.approve_minutes(
        secretary,
        meeting,
        approved_at=later,
        amendments=["To record apologies from Andy Roper (Ealing CVS)."],
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED
    assert meeting.minutes_approved_at == later
    assert meeting.amendments.get().text.startswith("To record apologies")
    with pytest.raises(ValidationError, match="approved and locked"):
        services.add_resolution(secretary, item, "Another")
    with pytest.raises(ValidationError, match="cannot become draft"):
        services.return_minutes_to_draft(secretary, meeting, "Typo")


def test_minutes_are_approved_at_a_later_meeting_of_the_same_body(secretary, board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    earlier = MeetingFactory(
        body=board, partnership=board.partnership, start=meeting.start - datetime.timedelta(days=1)
    )
    services.save_item_minutes(secretary, AgendaItemFactory(meeting=meeting), "Noted.")
    services.circulate_minutes(secretary, meeting)
    with pytest.raises(ValidationError, match="later meeting of the same body"):
        services.approve_minutes(secretary, meeting, approved_at=earlier)


def test_minutes_are_not_approved_at_a_meeting_still_to_come_or_cancelled(secretary, board):
    """They were: the minutes were published as approved at a meeting that had not met."""
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    services.save_item_minutes(secretary, AgendaItemFactory(meeting=meeting), "Noted.")
    services.circulate_minutes(secretary, meeting)
    coming = MeetingFactory(body=board, start=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="is still to come: record the approval"):
        services.approve_minutes(secretary, meeting, approved_at=coming)
    cancelled = MeetingFactory(
        body=board, start=meeting.start + datetime.timedelta(days=7), status="cancelled"
    )
    with pytest.raises(ValidationError, match="was cancelled"):
        services.approve_minutes(secretary, meeting, approved_at=cancelled)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED


def test_resolutions_are_numbered_within_their_item(secretary, board):
    item = AgendaItemFactory(meeting__body=board, meeting__partnership=board.partnership)
    first = services.add_resolution(secretary, item, "That the Board note the briefing;")
    second = services.add_resolution(secretary, item, "That the Board notes the need…")
    assert (first.position, second.position) == (1, 2)
    services.remove_resolution(secretary, first)
    second.refresh_from_db()
    assert second.position == 1


def test_an_action_under_a_restricted_item_is_restricted(secretary, board, police):
    item = AgendaItemFactory(
        meeting__body=board,
        meeting__partnership=board.partnership,
        restricted=True,
        restriction_category="financial",
    )
    action = services.add_action(
        secretary, board, item=item, description="Value the site", owner_organisation=police
    )
    assert action.restricted
    assert action.meeting == item.meeting


def test_members_do_not_add_actions(member, board):
    with pytest.raises(PermissionDenied):
        services.add_action(member, board, description="Anything")


def test_an_owner_updates_their_own_action(member, board):
    action = ActionFactory(
        meeting__body=board, meeting__partnership=board.partnership, owner_person=member.person
    )
    update = services.update_action(member, action, status=ActionStatus.DONE, note="Circulated.")
    assert update.author == member
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_an_editor_of_the_owning_organisation_updates_its_actions(officer, council, board):
    action = ActionFactory(
        meeting__body=board, meeting__partnership=board.partnership, owner_organisation=council
    )
    services.update_action(officer, action, status=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


@pytest.mark.parametrize("who", ["member", "outsider", "board_member"])
def test_nobody_else_updates_an_action(request, who, board, police):
    action = ActionFactory(
        meeting__body=board, meeting__partnership=board.partnership, owner_organisation=police
    )
    user = request.getfixturevalue(who)
    if who == "member":  # the police's member may not act for another person's action…
        action.owner_organisation = None
        action.save()
    with pytest.raises(PermissionDenied):
        services.update_action(user, action, status=ActionStatus.DONE)


def test_anonymous_users_change_nothing(board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(AnonymousUser(), meeting, "No")


def test_an_update_must_say_something(secretary, board):
    action = ActionFactory(meeting__body=board, meeting__partnership=board.partnership)
    with pytest.raises(ValidationError, match="Enter an update"):
        services.update_action(secretary, action, status=action.status)


def test_two_items_cannot_share_a_place_on_the_agenda(board):
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory(body=board, partnership=board.partnership)
    top = AgendaItemFactory(meeting=meeting, position=1)
    AgendaItemFactory(meeting=meeting, position=1, parent=top)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=meeting, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=meeting, position=1, parent=top)
