"""The meetings rules, without a database."""

from __future__ import annotations

import datetime

import pytest

from roundtable.meetings import rules
from roundtable.meetings.rules import ItemPlace, Rate, Repeat, Seat

D = datetime.date


def test_items_are_numbered_as_the_ealing_minutes_number_them():
    # Minutes of 24 October 2011: 5. LSP Project 2011 Updates, 5a Joint Assets, 5b Southall…
    items = [
        ItemPlace(10, None, 1),
        ItemPlace(11, None, 2),
        ItemPlace(12, None, 5),  # a gap in positions leaves no gap in numbers
        ItemPlace(20, 12, 1),
        ItemPlace(21, 12, 2),
    ]
    assert rules.item_numbers(items) == {10: "1", 11: "2", 12: "3", 20: "3a", 21: "3b"}


def test_sub_items_past_z_continue_with_two_letters():
    items = [ItemPlace(1, None, 1)] + [ItemPlace(100 + n, 1, n + 1) for n in range(28)]
    numbers = rules.item_numbers(items)
    assert numbers[100] == "1a"
    assert numbers[125] == "1z"
    assert numbers[126] == "1aa"
    assert numbers[127] == "1ab"


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "i"), (2, "ii"), (3, "iii"), (4, "iv"), (9, "ix"), (14, "xiv")]
)
def test_resolution_parts_use_roman_numerals(n, expected):
    assert rules.roman(n) == expected
    assert rules.resolution_reference("3", n) == f"3 ({expected})"


def test_roman_numerals_start_at_one():
    with pytest.raises(ValueError, match="start at 1"):
        rules.roman(0)


def test_a_quarterly_series_keeps_the_third_monday():
    # Ealing's 2012 meetings: 16 January, 16 April, 16 July — third Mondays.
    dates = rules.series_dates(D(2012, 1, 16), Repeat.QUARTERLY_BY_WEEKDAY, 4)
    assert dates == [D(2012, 1, 16), D(2012, 4, 16), D(2012, 7, 16), D(2012, 10, 15)]
    assert {d.weekday() for d in dates} == {0}


def test_a_monthly_series_on_a_fifth_weekday_stays_on_the_last():
    # 31 October 2011 was the fifth (last) Monday; November has four.
    dates = rules.series_dates(D(2011, 10, 31), Repeat.MONTHLY_BY_WEEKDAY, 3)
    assert dates == [D(2011, 10, 31), D(2011, 11, 28), D(2011, 12, 26)]


def test_a_monthly_series_crosses_the_year():
    dates = rules.series_dates(D(2011, 11, 7), Repeat.MONTHLY_BY_WEEKDAY, 3)
    assert dates == [D(2011, 11, 7), D(2011, 12, 5), D(2012, 1, 2)]


def test_weekly_and_fortnightly_series():
    assert rules.series_dates(D(2012, 1, 2), Repeat.WEEKLY, 2) == [D(2012, 1, 2), D(2012, 1, 9)]
    assert rules.series_dates(D(2012, 1, 2), Repeat.FORTNIGHTLY, 2) == [
        D(2012, 1, 2),
        D(2012, 1, 16),
    ]


@pytest.mark.parametrize("count", [0, rules.MAX_SERIES + 1])
def test_a_series_has_a_sensible_length(count):
    with pytest.raises(ValueError, match="at (least|most)"):
        rules.series_dates(D(2012, 1, 2), Repeat.WEEKLY, count)


def test_a_move_is_any_change_of_time_or_place():
    start = datetime.datetime(2012, 4, 16, 17)
    assert not rules.has_moved((start, None, "Room 5.12"), (start, None, "Room 5.12"))
    assert rules.has_moved((start, None, "Room 5.12"), (start, None, "Room 2.1"))


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("not_started", "draft", True),
        ("draft", "circulated", True),
        ("circulated", "approved", True),
        ("circulated", "draft", True),
        ("draft", "approved", False),
        ("approved", "draft", False),
        ("approved", "circulated", False),
    ],
)
def test_minutes_move_draft_circulated_approved(current, target, allowed):
    assert rules.minutes_may_move(current, target) is allowed


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        ("draft", ""),
        ("not_started", "The minutes are not started: take the minutes before circulating them"),
        ("circulated", "The minutes are already circulated to the members"),
        ("approved", "The minutes are approved and locked"),
    ],
)
def test_only_draft_minutes_may_be_circulated_and_the_refusal_says_why(status, refusal):
    assert rules.circulation_refusal(status) == refusal


def test_attendance_and_minutes_are_recorded_from_the_meetings_day_on():
    day = D(2012, 1, 16)
    assert not rules.may_record(day, D(2012, 1, 15))
    assert rules.may_record(day, day)
    assert rules.may_record(day, D(2013, 1, 16))
    assert (
        rules.too_early("Attendance", "16 January 2012")
        == "Attendance can be recorded from the day of the meeting, 16 January 2012"
    )


def test_only_draft_minutes_are_editable():
    assert rules.minutes_editable("draft")
    assert rules.minutes_editable("not_started")
    assert not rules.minutes_editable("circulated")
    assert not rules.minutes_editable("approved")


def test_a_substitute_fills_the_seat_of_the_member_they_stand_in_for():
    records = [
        Seat(1, "member", "present"),
        Seat(2, "member", "apologies"),
        Seat(3, "substitute", "present", substitute_for_id=2),
        Seat(4, "in_attendance", "present"),
        Seat(5, "member", "absent"),
    ]
    assert rules.seats_present(records) == 2


def test_a_member_and_their_substitute_fill_one_seat():
    records = [Seat(1, "member", "present"), Seat(3, "substitute", "present", substitute_for_id=1)]
    assert rules.seats_present(records) == 1


def test_quorum_is_met_or_not_and_says_so():
    records = [Seat(n, "member", "present") for n in range(1, 7)]
    assert rules.quorum(records, 5).met is True
    assert rules.quorum(records, 7).met is False
    assert rules.quorum(records, 7).describe() == "6 of the 7 members needed present: not quorate."
    assert rules.quorum(records, None).met is None
    assert "no quorum" in rules.quorum(records, None).describe()


def test_until_attendance_is_recorded_the_quorum_says_what_is_needed_not_who_came():
    assert rules.quorum([], 4).describe() == "4 members"
    assert rules.quorum([], 1).describe() == "1 member"
    assert rules.quorum([], 4).met is False  # nobody is recorded present
    assert rules.quorum([], None).describe() == "The terms of reference set no quorum."
    # Once anything is recorded, even only apologies, the count is what was recorded.
    apologies = [Seat(1, "member", "apologies")]
    assert (
        rules.quorum(apologies, 4).describe() == "0 of the 4 members needed present: not quorate."
    )
    assert rules.quorum(apologies, None).describe() == (
        "0 members present; the terms of reference set no quorum."
    )


def test_attendance_rates_count_substitutes_and_skip_cancelled_meetings():
    meetings = [(1, False), (2, False), (3, True), (4, False)]
    # The police (org 7) had a seat at every meeting; the college (org 8) too.
    seats = [(m, org) for m, _ in meetings for org in (7, 8)]
    records = [
        (1, Seat(70, "member", "present", organisation_id=7)),
        (2, Seat(71, "substitute", "present", substitute_for_id=70, organisation_id=7)),
        (3, Seat(70, "member", "present", organisation_id=7)),  # cancelled: ignored
        (4, Seat(70, "member", "apologies", organisation_id=7)),
        (1, Seat(80, "member", "apologies", organisation_id=8)),
        (2, Seat(80, "member", "apologies", organisation_id=8)),
    ]
    rates = rules.organisation_rates(meetings, seats, records)
    assert rates[7] == Rate(expected=3, attended=2, apologies=1, no_one=0)
    assert rates[7].percent == 67
    assert rates[8] == Rate(expected=3, attended=0, apologies=2, no_one=1)
    assert rules.fatigue(rates[8])
    assert not rules.fatigue(rates[7])


def test_fatigue_needs_enough_meetings_to_judge():
    assert not rules.fatigue(Rate(expected=2, attended=0, apologies=2, no_one=0))
    assert rules.fatigue(Rate(expected=3, attended=1, apologies=2, no_one=0))


def test_no_seats_means_no_rate():
    assert Rate(0, 0, 0, 0).rate is None
    assert Rate(0, 0, 0, 0).percent is None


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (D(2012, 1, 15), "open", True),
        (D(2012, 1, 15), "in_progress", True),
        (D(2012, 1, 16), "open", False),
        (D(2012, 1, 15), "done", False),
        (D(2012, 1, 15), "dropped", False),
        (None, "open", False),
    ],
)
def test_overdue_actions(due, status, overdue):
    assert rules.is_overdue(due, status, D(2012, 1, 16)) is overdue
    assert rules.days_overdue(due, status, D(2012, 1, 16)) == (1 if overdue else 0)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
LIMIT = 10 * 1024 * 1024


def _office(part: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def test_good_papers_pass():
    assert rules.check_paper_upload("Report.pdf", len(PDF), PDF, LIMIT) == []
    docx = _office("word/document.xml")
    assert rules.check_paper_upload("Minutes.DOCX", len(docx), docx, LIMIT) == []
    xlsx = _office("xl/workbook.xml")
    assert rules.check_paper_upload("Tracker.xlsx", len(xlsx), xlsx, LIMIT) == []


@pytest.mark.parametrize(
    ("name", "content", "size", "message"),
    [
        ("report.exe", b"MZ", 2, "must be a PDF, DOCX, XLSX, ODT, ODS or ODP"),
        ("report", b"%PDF-", 5, "must be a PDF, DOCX, XLSX, ODT, ODS or ODP"),
        ("report.pdf", b"<html>", 6, "is not a PDF"),
        ("report.docx", PDF, len(PDF), "is not a Word document"),
        ("report.xlsx", _office("word/document.xml"), 100, "is not an Excel workbook"),
        ("../../etc/passwd.pdf", PDF, len(PDF), "is not allowed"),
        ("C:\\papers\\report.pdf", PDF, len(PDF), "is not allowed"),
        ("report.pdf", b"", 0, "is empty"),
        ("report.pdf", PDF, LIMIT + 1, "smaller than 10 MB"),
    ],
)
def test_bad_papers_are_refused_with_a_reason(name, content, size, message):
    problems = rules.check_paper_upload(name, size, content, LIMIT)
    assert any(message in p for p in problems), problems


# -- Meeting status as time passes (#11) --------------------------------------

_UTC = datetime.UTC
_START = datetime.datetime(2012, 1, 16, 17, 0, tzinfo=_UTC)
_END = datetime.datetime(2012, 1, 16, 18, 30, tzinfo=_UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2012, 1, 9, 12, 0, tzinfo=_UTC), "scheduled"),
        # Under way: not held until it has ended.
        (datetime.datetime(2012, 1, 16, 17, 30, tzinfo=_UTC), "scheduled"),
        (_END, "held"),
        (datetime.datetime(2026, 12, 2, 9, 0, tzinfo=_UTC), "held"),
    ],
)
def test_a_scheduled_meeting_is_held_once_it_has_ended(now, expected):
    assert rules.shown_status("scheduled", _START, _END, now) == expected


def test_a_meeting_with_no_end_time_is_held_once_it_has_started():
    before = datetime.datetime(2012, 1, 16, 16, 59, tzinfo=_UTC)
    after = datetime.datetime(2012, 1, 16, 17, 1, tzinfo=_UTC)
    assert rules.shown_status("scheduled", _START, None, before) == "scheduled"
    assert rules.shown_status("scheduled", _START, None, after) == "held"


@pytest.mark.parametrize("days", [-30, 0, 30, 5000])
def test_a_cancelled_meeting_stays_cancelled_before_and_after_its_date(days):
    now = _START + datetime.timedelta(days=days)
    assert rules.shown_status("cancelled", _START, _END, now) == "cancelled"


# -- What is still to record of a held meeting ---------------------------------

_NONE = {"attendance": False, "decisions": False, "actions": False}


def test_a_held_meeting_with_nothing_recorded_says_so():
    assert rules.to_record("held", "not_started", **_NONE) == rules.ToRecord.NOTHING
    assert rules.ToRecord.NOTHING.label == "Nothing recorded yet"


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        ("not_started", ""),
        ("draft", "Minutes being drafted"),
        ("circulated", "Minutes circulated to members"),
        ("approved", "Minutes approved"),
    ],
)
def test_a_held_meeting_says_how_far_its_minutes_have_got(minutes, said):
    assert rules.minutes_progress("held", minutes) == said


@pytest.mark.parametrize("shown", ["scheduled", "cancelled"])
def test_minutes_progress_is_said_of_held_meetings_only(shown):
    assert rules.minutes_progress(shown, "approved") == ""


@pytest.mark.parametrize("fact", ["attendance", "decisions", "actions"])
def test_a_held_meeting_with_something_recorded_but_no_minutes_has_minutes_to_start(fact):
    found = rules.to_record("held", "not_started", **{**_NONE, fact: True})
    assert found == rules.ToRecord.MINUTES
    assert found.label == "Minutes not started"


@pytest.mark.parametrize("minutes", ["draft", "circulated", "approved"])
def test_a_held_meeting_whose_minutes_are_under_way_lacks_nothing_to_say(minutes):
    assert rules.to_record("held", minutes, **_NONE) is None


@pytest.mark.parametrize("shown", ["scheduled", "cancelled"])
def test_a_meeting_to_come_or_cancelled_lacks_nothing_to_say(shown):
    assert rules.to_record(shown, "not_started", **_NONE) is None
    assert not rules.record_may_lack(shown, "not_started")


@pytest.mark.parametrize(
    ("paper", "item", "parent", "expected"),
    [
        (False, False, False, False),
        (True, False, False, True),
        (False, True, False, True),
        (False, False, True, True),
    ],
)
def test_a_paper_is_restricted_on_its_own_or_with_its_item_or_the_items_item(
    paper, item, parent, expected
):
    assert rules.paper_restricted(paper=paper, item=item, parent=parent) is expected


# -- Naming a meeting ----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "number", "heading"),
    [
        ("", None, "Ealing LSP Executive, 5 December 2026"),
        ("", 30, "Ealing LSP Executive, meeting 30, 5 December 2026"),
        ("Budget workshop", 30, "Ealing LSP Executive: Budget workshop, 5 December 2026"),
        ("  Budget workshop ", None, "Ealing LSP Executive: Budget workshop, 5 December 2026"),
        ("ealing LSP Executive away day", None, "ealing LSP Executive away day, 5 December 2026"),
    ],
)
def test_a_meeting_is_titled_by_its_body_its_own_title_or_number_and_its_day(
    title, number, heading
):
    assert rules.meeting_heading("Ealing LSP Executive", title, number, "5 December 2026") == (
        heading
    )


def test_a_meetings_name_is_its_heading_without_the_day():
    assert rules.meeting_name("Ealing LSP Executive", "", None) == "Ealing LSP Executive"
    assert rules.meeting_name("LSP Executive", "AGM", None) == "LSP Executive: AGM"


@pytest.mark.parametrize(
    ("status", "lacking", "step", "state"),
    [
        ("not_started", rules.ToRecord.NOTHING, rules.MinutesStep.TAKE, "Nothing recorded yet"),
        ("not_started", rules.ToRecord.MINUTES, rules.MinutesStep.TAKE, "Minutes not started"),
        ("draft", None, rules.MinutesStep.TAKE, "Minutes being drafted"),
        ("circulated", None, rules.MinutesStep.APPROVE, "Minutes circulated to members"),
    ],
)
def test_minutes_not_yet_approved_wait_to_be_taken_or_approved(status, lacking, step, state):
    assert rules.minutes_step(status) is step
    assert rules.record_state("held", status, lacking) == state


def test_a_record_state_is_said_of_held_meetings_only():
    assert rules.record_state("scheduled", "not_started", None) == ""
    assert rules.record_state("held", "approved", None) == "Minutes approved"


def test_approved_minutes_wait_for_nothing():
    assert rules.minutes_step("approved") is None


# Search ranking (SQLite): from the record alone.


def test_a_search_rank_grows_with_matches_and_never_passes_its_ceiling():
    ranks = [rules.search_rank(n, 100) for n in range(1, 50)]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)
    assert ranks[-1] < rules.SATURATION + 1


def test_the_shorter_of_two_records_with_as_many_matches_ranks_higher():
    assert rules.search_rank(2, 40) > rules.search_rank(2, 400) > rules.search_rank(2, 4000)


def test_a_title_outranks_a_word_said_several_times_deep_in_minutes():
    title = rules.search_rank(1, len("Allotments waiting list"))
    minutes = rules.search_rank(5, 3000)
    assert title > minutes > 0


def test_a_record_without_a_match_ranks_nowhere():
    assert rules.search_rank(0, 10) == 0.0
    assert rules.search_rank(1, 0) > 0


# -- Minutes to record: held over a year ago ---------------------------------


@pytest.mark.parametrize(
    ("today", "year_before"),
    [
        (datetime.date(2026, 12, 6), datetime.date(2025, 12, 6)),
        (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28)),
        (datetime.date(2027, 1, 1), datetime.date(2026, 1, 1)),
    ],
)
def test_a_year_before_is_the_same_day_a_year_earlier(today, year_before):
    assert rules.a_year_before(today) == year_before


@pytest.mark.parametrize(
    ("held_on", "long_ago"),
    [
        (datetime.date(2025, 12, 5), True),
        (datetime.date(2025, 12, 6), False),  # a year ago to the day: not over a year
        (datetime.date(2026, 11, 16), False),
    ],
)
def test_a_meeting_held_over_a_year_ago_is_long_ago(held_on, long_ago):
    assert rules.held_long_ago(held_on, datetime.date(2026, 12, 6)) is long_ago


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("Southall prospectus.pdf", "Southall prospectus"),
        ("Item 4 - PI report Q2 2011.12.docx", "Item 4 - PI report Q2 2011.12"),
        ("C:\\Papers\\Budget.xlsx", "Budget"),
        ("README", "README"),
        (".pdf", ".pdf"),
        ("", "Paper"),
        ("Minutes v2. final draft", "Minutes v2. final draft"),  # not an extension
        ("Budget v2.1", "Budget v2.1"),
        ("Budget.PDF", "Budget"),
    ],
)
def test_a_papers_title_from_its_file_leaves_out_the_extension(filename, title):
    assert rules.paper_title_from_file(filename) == title


def test_minutes_are_approved_at_a_meeting_from_its_day_on():
    today = datetime.date(2026, 12, 6)
    assert rules.approval_refusal(datetime.date(2026, 12, 6), today, "6 December 2026") == ""
    assert rules.approval_refusal(datetime.date(2026, 11, 2), today, "2 November 2026") == ""
    assert rules.approval_refusal(datetime.date(2026, 12, 7), today, "7 December 2026") == (
        "The meeting of 7 December 2026 is still to come: record the approval of the "
        "minutes once it has met"
    )


def test_a_meeting_is_held_recently_for_six_weeks():
    today = datetime.date(2026, 12, 6)
    assert rules.held_recently(datetime.date(2026, 10, 25), today)  # 42 days
    assert not rules.held_recently(datetime.date(2026, 10, 24), today)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, ""),
        (1, "Overdue by 1 day"),
        (48, "Overdue by 48 days"),
        (56, "Overdue by 56 days"),
        (57, "Overdue by 2 months"),
        (400, "Overdue by 13 months"),
        (729, "Overdue by 23 months"),
        (730, "Overdue by 2 years"),
        # An action of January 2012 on the demo's actions log read "Overdue by 5395 days".
        (5395, "Overdue by 14 years"),
    ],
)
def test_an_overdue_action_says_how_late_in_days_then_months_then_years(days, words):
    assert rules.overdue_by(days) == words


def test_an_items_performance_report_is_named_as_the_report_names_itself():
    # The meeting page said "Performance report, 2011/12 Q2"; the report it opens is
    # headed "Performance report: Quarter 2 2011/12".
    assert rules.report_title("2011/12 Q2") == "Performance report: Quarter 2 2011/12"
    assert rules.report_title("2012/13") == "Performance report: 2012/13"
    assert rules.report_title("not a period") == "Performance report: not a period"
