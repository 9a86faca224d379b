"""The attendance page, with a flagged organisation and with a bad date, is axe-clean."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.choices import Role
from roundtable.meetings.models import Attendance
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board(db):
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    hospital = OrganisationFactory(partnership=partnership, name="Ealing Hospital")
    board = BodyFactory(partnership=partnership, name="LSP Executive Board", slug="ealing-exec")
    chair = PersonFactory(partnership=partnership, organisation=council, family_name="Bell")
    doctor = PersonFactory(partnership=partnership, organisation=hospital, family_name="Lowe")
    MembershipFactory(body=board, person=chair, organisation=council, role="chair")
    MembershipFactory(body=board, person=doctor, organisation=hospital, role="member")
    UserFactory(username="chair", role=Role.MEMBER, partnership=partnership, person=chair)
    for month in (3, 6, 9):
        start = timezone.make_aware(datetime.datetime(2011, month, 1, 17, 0))
        meeting = MeetingFactory(body=board, start=start)
        for person, status in ((chair, "present"), (doctor, "apologies")):
            Attendance.objects.create(
                partnership=partnership, meeting=meeting, person=person, status=status
            )
    return board


def test_the_chair_sees_an_axe_clean_attendance_page(page, board):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill("chair")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()
    page.goto("/meetings/bodies/ealing-exec/attendance/?until=2012-01-16")
    expect(page.get_by_role("heading", name="Attendance by organisation")).to_be_visible()
    expect(page.get_by_text("Repeated absence").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Last day of the twelve months").fill("soon")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []
