"""Attendance per organisation: counted as the rules say, in constant queries, shown
only to the chair, vice-chair, secretariat and administrators."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.meetings import rules
from roundtable.meetings.analytics import body_attendance
from roundtable.meetings.models import Attendance
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.access import may_see_attendance_analytics
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2012, 1, 31)


def seat(partnership, board, organisation, role=MembershipRole.MEMBER, **dates):
    person = PersonFactory(partnership=partnership, organisation=organisation)
    MembershipFactory(
        body=board,
        partnership=partnership,
        person=person,
        organisation=organisation,
        role=role,
        **dates,
    )
    return person


def held(board, day: datetime.date, **fields):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    return MeetingFactory(body=board, start=start, **fields)


def attend(meeting, person, status="present", capacity="member", **fields):
    return Attendance.objects.create(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        person=person,
        status=status,
        capacity=capacity,
        **fields,
    )


@pytest.fixture
def chair(partnership, board, council):
    person = seat(partnership, board, council, MembershipRole.CHAIR)
    return UserFactory(username="chair", role=Role.MEMBER, partnership=partnership, person=person)


@pytest.fixture
def hospital(partnership):
    return OrganisationFactory(partnership=partnership, name="Ealing Hospital")


def rates(page):
    return {
        row.organisation.name: (
            row.rate.expected,
            row.rate.attended,
            row.rate.apologies,
            row.rate.no_one,
            row.fatigued,
        )
        for row in page.rows
    }


def test_twelve_months_before_keeps_the_day():
    assert rules.a_year_before(datetime.date(2012, 1, 16)) == datetime.date(2011, 1, 16)
    assert rules.a_year_before(datetime.date(2012, 2, 29)) == datetime.date(2011, 2, 28)


def test_a_substitute_fills_the_seat_and_apologies_differ_from_nobody_coming(
    partnership, board, council, police, hospital
):
    lead = seat(partnership, board, council)
    officer = seat(partnership, board, police)
    doctor = seat(partnership, board, hospital)
    stand_in = PersonFactory(partnership=partnership, organisation=police)
    first, second = (
        held(board, datetime.date(2011, 10, 24)),
        held(board, datetime.date(2012, 1, 16)),
    )
    attend(first, lead)
    attend(first, officer, status="apologies")
    attend(first, stand_in, capacity="substitute", substitute_for=officer)
    attend(first, doctor, status="apologies")
    attend(second, lead)
    # The hospital neither came nor sent apologies to the second meeting.
    page = body_attendance(board, UNTIL)
    assert rates(page) == {
        "Ealing Council": (2, 2, 0, 0, False),
        "Metropolitan Police Service": (2, 1, 0, 1, False),
        "Ealing Hospital": (2, 0, 1, 1, False),
    }
    assert page.overall.percent == 50


def test_cancelled_meetings_and_meetings_without_attendance_do_not_count(
    partnership, board, council
):
    lead = seat(partnership, board, council)
    attend(held(board, datetime.date(2011, 10, 24)), lead)
    cancelled = held(board, datetime.date(2011, 11, 24), status="cancelled")
    attend(cancelled, lead, status="apologies")
    held(board, datetime.date(2012, 1, 16))
    held(board, datetime.date(2010, 10, 24))  # before the window
    page = body_attendance(board, UNTIL)
    assert (len(page.counted), page.cancelled, page.unrecorded) == (1, 1, 1)
    assert rates(page) == {"Ealing Council": (1, 1, 0, 0, False)}


def test_seats_are_those_held_at_each_meetings_date(partnership, board, council, police):
    lead = seat(partnership, board, council)
    seat(partnership, board, police, start_date=datetime.date(2011, 12, 1))
    attend(held(board, datetime.date(2011, 10, 24)), lead)
    attend(held(board, datetime.date(2012, 1, 16)), lead)
    assert rates(body_attendance(board, UNTIL))["Metropolitan Police Service"][:2] == (1, 0)


def test_people_also_attending_fill_no_seat(partnership, board, council, police):
    seat(partnership, board, police)
    officer = PersonFactory(partnership=partnership, organisation=police)
    meeting = held(board, datetime.date(2011, 10, 24))
    attend(meeting, officer, capacity="in_attendance", organisation=police)
    assert rates(body_attendance(board, UNTIL))["Metropolitan Police Service"][1] == 0


def test_repeat_absence_is_flagged(partnership, board, council, hospital):
    lead = seat(partnership, board, council)
    doctor = seat(partnership, board, hospital)
    for month in (3, 6, 9):
        meeting = held(board, datetime.date(2011, month, 1))
        attend(meeting, lead)
        attend(meeting, doctor, status="apologies")
    page = body_attendance(board, UNTIL)
    assert [row.organisation.name for row in page.fatigued] == ["Ealing Hospital"]
    assert page.rows[0].organisation.name == "Ealing Hospital"  # the lowest rate first


def _meetings(partnership, board, council, police, n: int):
    lead, officer = seat(partnership, board, council), seat(partnership, board, police)
    for i in range(n):
        meeting = held(board, datetime.date(2011, 2, 1) + datetime.timedelta(days=15 * i))
        attend(meeting, lead)
        attend(meeting, officer, status="apologies" if i % 2 else "present")


@pytest.mark.parametrize("n", [2, 20])
def test_attendance_takes_four_queries_however_many_meetings(
    django_assert_num_queries, partnership, board, council, police, n
):
    _meetings(partnership, board, council, police, n)
    # meetings, attendance records, memberships, organisations
    with django_assert_num_queries(4):
        page = body_attendance(board, UNTIL)
    assert len(page.counted) == n


def test_the_page_takes_as_many_queries_for_20_meetings_as_for_2(
    client, partnership, board, council, police, secretary
):
    client.force_login(secretary)
    path = reverse("meetings_analytics:body-attendance", args=[board.slug])
    url = under(partnership, path) + "?until=2012-01-31"
    counts = []
    for n in (2, 18):
        _meetings(partnership, board, council, police, n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# -- Who may see it ------------------------------------------------------------------


def url(board) -> str:
    return reverse("meetings_analytics:body-attendance", args=[board.slug])


def test_the_chair_sees_the_attendance_page_with_the_flag(
    client, partnership, board, chair, hospital
):
    doctor = seat(partnership, board, hospital)
    for month in (3, 6, 9):
        meeting = held(board, datetime.date(2011, month, 1))
        attend(meeting, chair.person)
        attend(meeting, doctor, status="apologies")
    client.force_login(chair)
    response = client.get(url(board), {"until": "2012-01-31"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Repeated absence" in text
    assert "Ealing Hospital" in text
    assert "3 meetings counted" in text


@pytest.mark.parametrize("role", [MembershipRole.VICE_CHAIR, MembershipRole.SECRETARIAT])
def test_the_vice_chair_and_the_secretariat_may_see_it(client, partnership, board, council, role):
    person = seat(partnership, board, council, role)
    user = UserFactory(username="seat", role=Role.MEMBER, partnership=partnership, person=person)
    client.force_login(user)
    assert client.get(url(board)).status_code == 200


def test_administrators_may_see_it(client, board, administrator):
    client.force_login(administrator)
    assert client.get(url(board)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, board):
    response = client.get(url(board))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_a_plain_member_of_the_body_may_not_see_it(client, board, member):
    client.force_login(member)
    assert client.get(url(board)).status_code == 403


def test_someone_not_on_the_body_may_not_see_it(client, board, outsider, officer):
    for user in (outsider, officer):
        client.force_login(user)
        assert client.get(url(board)).status_code == 403


def test_another_partnerships_administrator_may_not_see_it(
    client, board, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    assert client.get(url(board)).status_code == 403
    assert not may_see_attendance_analytics(other_partnership_officer, board)


def test_a_former_chair_may_not_see_it(client, partnership, board, council):
    person = seat(
        partnership, board, council, MembershipRole.CHAIR, end_date=datetime.date(2011, 1, 1)
    )
    user = UserFactory(username="former", role=Role.MEMBER, partnership=partnership, person=person)
    client.force_login(user)
    assert client.get(url(board)).status_code == 403


def test_an_unknown_body_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get("/meetings/bodies/nowhere/attendance/").status_code == 404


def test_a_bad_date_is_named_and_today_is_used(client, board, administrator):
    client.force_login(administrator)
    response = client.get(url(board), {"until": "last year"})
    assert response.status_code == 200
    assert "Enter the last day of the twelve months as a date" in response.content.decode()


def test_the_date_hint_gives_a_near_future_example_the_field_accepts(client, board, chair):
    """It said "For example, 2012-01-16", a date from the demo's papers, written unlike
    the rest of the service's dates."""
    import time_machine

    with time_machine.travel(timezone.make_aware(datetime.datetime(2030, 1, 5, 12)), tick=False):
        client.force_login(chair)
        text = client.get(url(board)).content.decode()
        assert '<div id="until-hint" class="govuk-hint">For example, 16 February 2030</div>' in text
        assert 'value="5 January 2030"' in text  # today, written as the example is
        suggested = client.get(url(board), {"until": "16 February 2030"}).content.decode()
    assert "Enter the last day" not in suggested
    assert "to 16 February 2030" in suggested


def test_a_bad_date_is_refused_with_the_same_example(client, board, chair):
    import time_machine

    with time_machine.travel(timezone.make_aware(datetime.datetime(2030, 1, 5, 12)), tick=False):
        client.force_login(chair)
        text = client.get(url(board), {"until": "last year"}).content.decode()
    assert "Enter the last day of the twelve months as a date, like 16 February 2030" in text
