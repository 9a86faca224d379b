"""My Roundtable: what each user sees of their own, and what they never see."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.meetings import rules
from roundtable.meetings import services as meetings
from roundtable.meetings.choices import ActionStatus, MeetingStatus, MinutesStatus
from roundtable.meetings.queries import meetings_for_member
from roundtable.meetings.tests.factories import ActionFactory, MeetingFactory
from roundtable.meetings.tests.papers import build_agenda, pdf_with_text, upload
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from roundtable.performance.choices import Lifecycle, SubmissionState
from roundtable.performance.models import PerformanceSettings, Submission
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

# 10 January 2012: the board's meeting of 16 January is to come; the return being
# collected is 2011/12 Q3's, due by 31 January 2012.
NOW = timezone.make_aware(datetime.datetime(2012, 1, 10, 12, 0))
TODAY = NOW.date()
PAGE = "/my/"
SHOWN = rules.MINUTES_TO_RECORD_SHOWN


def at(hours: int = 0, days: int = 0) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days, hours=hours)


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive", slug="lsp-executive")


@pytest.fixture
def chair(partnership, board, council):
    person = PersonFactory(partnership=partnership, organisation=council, family_name="Bell")
    MembershipFactory(body=board, person=person, organisation=council, role=MembershipRole.CHAIR)
    return UserFactory(username="chair", role=Role.MEMBER, partnership=partnership, person=person)


@pytest.fixture
def editor(partnership, council):
    """An editor for Ealing Council, linked to a person in its policy unit."""
    unit = UnitFactory(organisation=council, name="Policy")
    person = PersonFactory(partnership=partnership, organisation=council, unit=unit)
    return UserFactory(
        username="editor",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        person=person,
    )


def page(client, user, partnership):
    client.force_login(user)
    response = client.get(under(partnership, PAGE))
    assert response.status_code == 200
    return response.content.decode()


# Signing in and out ---------------------------------------------------------------


def test_signing_in_lands_on_my_roundtable(chair):
    response = Client().post(
        reverse("login"), {"username": "chair", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ealing/my/"


def test_signing_in_lands_in_the_accounts_own_partnership_whatever_was_looked_at(
    chair, other_partnership
):
    browser = Client()
    browser.get(f"/{other_partnership.slug}/")
    response = browser.post(
        f"/{other_partnership.slug}/accounts/sign-in/",
        {"username": "chair", "password": "correct-horse-battery"},
    )
    assert response["Location"] == "/ealing/my/"


def test_signing_in_goes_where_next_says(chair):
    response = Client().post(
        f"{reverse('login')}?next=/ealing/meetings/",
        {"username": "chair", "password": "correct-horse-battery"},
    )
    assert response["Location"] == "/ealing/meetings/"


def test_signing_in_from_the_home_page_lands_on_my_roundtable_and_elsewhere_returns(
    client, partnership
):
    home = client.get(under(partnership, "/")).content.decode()
    assert 'href="/ealing/accounts/sign-in/">Sign in' in home
    meetings_page = client.get(under(partnership, "/meetings/")).content.decode()
    assert 'href="/ealing/accounts/sign-in/?next=/ealing/meetings/">Sign in' in meetings_page


def test_the_public_is_sent_to_sign_in(client, partnership):
    response = client.get(under(partnership, PAGE))
    assert response.status_code == 302
    assert response["Location"] == "/ealing/accounts/sign-in/?next=/ealing/my/"


def test_the_page_is_never_cached(client, chair, partnership):
    client.force_login(chair)
    response = client.get(under(partnership, PAGE))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_navigation_offers_my_roundtable_to_signed_in_users_only(client, chair, partnership):
    assert "My Roundtable" not in client.get(under(partnership, "/")).content.decode()
    client.force_login(chair)
    assert 'href="/ealing/my/"' in client.get(under(partnership, "/")).content.decode()


# Meetings -------------------------------------------------------------------------


def test_a_member_sees_the_next_meeting_with_its_pack_and_papers(client, chair, board, partnership):
    meeting = build_agenda(board, start=at(days=6))
    html = page(client, chair, partnership)
    assert meeting.get_absolute_url() in html
    assert reverse("meetings_outputs:meeting-pack", args=[meeting.pk]) in html
    assert "Performance report Q2" in html
    assert "Ward panel plan" in html  # a sub-item's paper, numbered 4a
    # A member sees the restricted papers of the body they sit on.
    assert "Depot valuation" in html
    assert "Recent meetings" not in html


def test_restricted_papers_are_marked_restricted_away_from_their_item(
    client, chair, board, partnership
):
    """My Roundtable lists papers without their items, so it says which ones only the
    body's members see: a paper restricted on its own, one of a restricted item, and
    one of a sub-item of a restricted item, which a member might otherwise forward."""
    from roundtable.meetings.models import AgendaItem

    meeting = build_agenda(board, start=at(days=6))
    estates = meeting.items.get(title="Estates disposal of Acton depot")
    annex = meetings.add_agenda_item(None, meeting, title="Depot tenders", parent=estates)
    meetings.add_paper(
        None, annex, title="Tender prices", upload=upload("tenders.pdf", pdf_with_text("Prices"))
    )
    # Stored open, as sub-items were before migration 0006: restricted with its item.
    AgendaItem.objects.filter(pk=annex.pk).update(restricted=False, restriction_category="")
    found = meetings_for_member(chair, partnership.pk, NOW).upcoming[0]
    marked = {listed.paper.title: listed.restricted for listed in found.papers}
    assert marked == {
        "Performance report Q2": False,
        "Depot valuation": True,  # its item is restricted
        "Tender prices": True,  # its item's item is restricted
        "Safer Ealing summary": False,
        "Informant list": True,  # restricted on its own
        "Ward panel plan": False,
    }
    html = page(client, chair, partnership)
    listed = html.split("Depot valuation</a>", 1)[1].split("</li>", 1)[0]
    assert "Restricted" in listed
    listed = html.split("Safer Ealing summary</a>", 1)[1].split("</li>", 1)[0]
    assert "Restricted" not in listed


def test_a_draft_agendas_papers_and_pack_are_not_offered(client, chair, board, partnership):
    meeting = build_agenda(board, start=at(days=6))
    meeting.agenda_status = "draft"
    meeting.save()
    html = page(client, chair, partnership)
    assert meeting.get_absolute_url() in html
    assert "The agenda has not been published yet" in html
    assert "pack.pdf" not in html
    assert "Performance report Q2" not in html


def test_a_draft_agendas_papers_are_not_read_even_for_a_member(chair, board, partnership):
    meeting = build_agenda(board, start=at(days=6))
    meeting.agenda_status = "draft"
    meeting.save()
    found = meetings_for_member(chair, partnership.pk, NOW)
    assert [m.meeting for m in found.upcoming] == [meeting]
    assert found.upcoming[0].papers == []


def test_held_meetings_with_papers_are_shown_when_none_is_to_come(
    client, chair, board, partnership
):
    held = build_agenda(board, start=at(days=-30))
    MeetingFactory(body=board, start=at(days=-10))  # a draft agenda: nothing to read
    html = page(client, chair, partnership)
    assert "You have no meetings coming up." in html
    assert "Recent meetings" in html
    assert held.get_absolute_url() in html
    assert reverse("meetings_outputs:meeting-pack", args=[held.pk]) in html


def test_the_meeting_just_held_is_shown_with_the_next_one(client, chair, board, partnership):
    """Once the next meeting was scheduled, the member lost the link to the papers and
    minutes of the meeting just held: held meetings were shown only when none was to
    come."""
    coming = MeetingFactory(body=board, start=at(days=20))
    held = build_agenda(board, start=at(days=-10))
    html = page(client, chair, partnership)
    assert coming.get_absolute_url() in html
    assert "Held recently" in html
    assert held.get_absolute_url() in html
    assert reverse("meetings_outputs:meeting-pack", args=[held.pk]) in html
    assert html.index(coming.get_absolute_url()) < html.index("Held recently")
    found = meetings_for_member(chair, partnership.pk, NOW)
    assert [m.meeting for m in found.upcoming] == [coming]
    assert [m.meeting for m in found.recent] == [held]


def test_a_meeting_held_long_ago_is_not_shown_beside_the_next_one(chair, board, partnership):
    coming = MeetingFactory(body=board, start=at(days=20))
    build_agenda(board, start=at(days=-60))
    found = meetings_for_member(chair, partnership.pk, NOW)
    assert [m.meeting for m in found.upcoming] == [coming]
    assert found.recent == []


@pytest.mark.parametrize("rows", [2, 20])
def test_my_meetings_take_the_same_queries_whatever_their_number(
    django_assert_num_queries, chair, board, partnership, rows
):
    for n in range(rows):
        build_agenda(board, start=at(days=6 + n))
        build_agenda(board, start=at(days=-1 - n))
    # the meetings of both lists, their visible items, papers, versions, item places
    with django_assert_num_queries(5):
        found = meetings_for_member(chair, partnership.pk, NOW)
        papers = [listed.paper.title for m in found.upcoming + found.recent for listed in m.papers]
    assert len(found.upcoming) == min(rows, 3)
    assert len(found.recent) == 1
    assert len(papers) == (len(found.upcoming) + 1) * 5


def test_cancelled_meetings_and_other_bodies_meetings_are_not_listed(
    client, chair, board, partnership
):
    cancelled = MeetingFactory(body=board, start=at(days=3), status=MeetingStatus.CANCELLED)
    elsewhere = MeetingFactory(body=BodyFactory(partnership=partnership), start=at(days=3))
    html = page(client, chair, partnership)
    assert cancelled.get_absolute_url() not in html
    assert elsewhere.get_absolute_url() not in html
    assert "You have no meetings coming up, and no recent meetings with papers." in html


def test_a_former_member_no_longer_sees_the_bodys_meetings(client, partnership, board, council):
    person = PersonFactory(partnership=partnership, organisation=council)
    MembershipFactory(body=board, person=person, end_date=TODAY - datetime.timedelta(days=1))
    former = UserFactory(partnership=partnership, person=person)
    build_agenda(board, start=at(days=6))
    html = page(client, former, partnership)
    assert "Depot valuation" not in html
    assert "Performance report Q2" not in html


def test_an_account_with_no_person_is_told_why_it_has_no_meetings(
    client, board_member, partnership
):
    html = page(client, board_member, partnership)
    assert "Your account is not linked to a person" in html


# Minutes to record ----------------------------------------------------------------


@pytest.fixture
def secretary(partnership, board, council):
    person = PersonFactory(partnership=partnership, organisation=council, family_name="Scribe")
    MembershipFactory(
        body=board, person=person, organisation=council, role=MembershipRole.SECRETARIAT
    )
    return UserFactory(
        username="secretary", role=Role.MEMBER, partnership=partnership, person=person
    )


def held(board, days: int, minutes: str = MinutesStatus.NOT_STARTED, **fields):
    return MeetingFactory(body=board, start=at(days=days), minutes_status=minutes, **fields)


def test_the_secretariat_is_given_the_meetings_held_whose_minutes_are_not_approved(
    client, secretary, board, partnership
):
    """The secretariat's start page said nothing of the meetings whose minutes were
    still to take: they were found only by opening each meeting."""
    not_started = held(board, -30)
    draft = held(board, -20, MinutesStatus.DRAFT)
    circulated = held(board, -10, MinutesStatus.CIRCULATED)
    html = page(client, secretary, partnership)
    assert '<h2 class="govuk-heading-l" id="minutes">Minutes to record</h2>' in html
    take = under(partnership, reverse("meetings:minutes-take", args=[not_started.pk]))
    assert f'<a class="govuk-link" href="{take}">Take the minutes<span' in html
    take = under(partnership, reverse("meetings:minutes-take", args=[draft.pk]))
    assert f'<a class="govuk-link" href="{take}">Take the minutes<span' in html
    approve = under(partnership, reverse("meetings:minutes-approve", args=[circulated.pk]))
    assert f'<a class="govuk-link" href="{approve}">Approve the minutes<span' in html
    section = html.split('id="minutes"')[1].split("</section>")[0]
    assert section.index(circulated.heading) < section.index(draft.heading)  # latest first
    assert "Nothing recorded yet" in section  # as the meetings list says it
    assert "Minutes being drafted" in section
    assert "Minutes circulated to members" in section


def test_minutes_to_record_word_a_meetings_record_as_the_meetings_list_does(
    client, secretary, board, partnership
):
    """My Roundtable said "Minutes not started" of a meeting the meetings list said
    "Nothing recorded yet" of."""
    nothing = held(board, -30)
    some = held(board, -20)
    ActionFactory(meeting=some, partnership=partnership)
    section = section_of(page(client, secretary, partnership), "minutes")
    listed = client.get(under(partnership, reverse("meetings:meeting-list"))).text
    for meeting, said in ((nothing, "Nothing recorded yet"), (some, "Minutes not started")):
        row = section.split(meeting.heading)[1].split("</tr>")[0]
        assert said in row
        assert said in listed.split(meeting.date_label)[1].split("</tr>")[0]


def section_of(html: str, key: str) -> str:
    return html.split(f'id="{key}"')[1].split("</section>")[0]


def test_the_secretariat_is_given_the_latest_few_with_a_count_and_a_link_to_all(
    client, secretary, board, partnership
):
    """Every meeting held whose minutes were not approved was listed, however many and
    however old: the demo's secretary saw every meeting of 2012 and 2013."""
    meetings = [held(board, -7 * n) for n in range(1, SHOWN + 4)]
    section = section_of(page(client, secretary, partnership), "minutes")
    for meeting in meetings[:SHOWN]:
        assert meeting.get_absolute_url() in section
    for meeting in meetings[SHOWN:]:
        assert meeting.get_absolute_url() not in section
    assert f"These are the latest {SHOWN} of {SHOWN + 3}." in section
    listed = under(partnership, reverse("meetings:meeting-list"))
    assert f'href="{listed}?minutes=not-approved&amp;body=lsp-executive"' in section
    assert f"See all {SHOWN + 3} meetings whose minutes are not yet approved" in section


def test_all_of_a_few_are_shown_with_no_link_to_more(client, secretary, board, partnership):
    held(board, -7)
    held(board, -14)
    section = section_of(page(client, secretary, partnership), "minutes")
    assert section.count("Take the minutes<span") == 2
    assert "See all" not in section


def test_meetings_held_over_a_year_ago_are_shown_apart_from_recent_ones(
    client, secretary, board, partnership
):
    """A meeting of two years ago whose minutes were never recorded is not this
    month's work: it is shown under its own caption, after the recent ones."""
    recent = held(board, -30)
    old = held(board, -400)
    section = section_of(page(client, secretary, partnership), "minutes")
    assert 'govuk-table__caption--s">Held in the last year</caption>' in section
    assert 'govuk-table__caption--s">Held over a year ago</caption>' in section
    last_year = section.index("Held in the last year")
    long_ago = section.index("Held over a year ago")
    assert last_year < section.index(recent.get_absolute_url()) < long_ago
    assert long_ago < section.index(old.get_absolute_url())


def test_recent_meetings_alone_are_not_captioned_as_recent(client, secretary, board, partnership):
    held(board, -30)
    section = section_of(page(client, secretary, partnership), "minutes")
    assert "Held in the last year" not in section
    assert "Held over a year ago" not in section


def test_the_count_says_how_many_were_held_over_a_year_ago(client, secretary, board, partnership):
    for n in range(SHOWN):
        held(board, -7 - n)
    for n in range(3):
        held(board, -400 - n)
    section = section_of(page(client, secretary, partnership), "minutes")
    assert "Held over a year ago" not in section.split("These are")[0]  # not among the 5
    assert (
        f"These are the latest {SHOWN} of {SHOWN + 3}; 3 of them were held over a year ago."
        in section
    )


def test_an_administrators_link_to_all_covers_every_body(client, board, partnership):
    admin = UserFactory(role=Role.ADMINISTRATOR, partnership=partnership)
    other = BodyFactory(partnership=partnership)
    for n in range(SHOWN + 1):
        held([board, other][n % 2], -7 - n)
    section = section_of(page(client, admin, partnership), "minutes")
    listed = under(partnership, reverse("meetings:meeting-list"))
    assert f'href="{listed}?minutes=not-approved"' in section


def test_approved_cancelled_upcoming_and_other_bodies_meetings_are_not_to_record(
    client, secretary, board, partnership
):
    approved = held(board, -30, MinutesStatus.APPROVED)
    cancelled = held(board, -20, status=MeetingStatus.CANCELLED)
    upcoming = held(board, 6)
    elsewhere = held(BodyFactory(partnership=partnership), -10)
    section = page(client, secretary, partnership).split('id="minutes"')[1]
    section = section.split("</section>")[0]
    for meeting in (approved, cancelled, upcoming, elsewhere):
        assert meeting.get_absolute_url() not in section
    assert "Every meeting held has its minutes approved." in section


def test_an_administrator_is_given_every_bodys_minutes_to_record(
    client, board, partnership, other_partnership
):
    admin = UserFactory(role=Role.ADMINISTRATOR, partnership=partnership)
    ours = held(BodyFactory(partnership=partnership), -10)
    theirs = held(BodyFactory(partnership=other_partnership), -10)
    html = page(client, admin, partnership)
    assert ours.get_absolute_url() in html
    assert theirs.get_absolute_url() not in html


def test_a_member_who_cannot_record_minutes_is_not_offered_the_list(
    client, chair, board, partnership
):
    meeting = held(board, -10)
    html = page(client, chair, partnership)
    assert "Minutes to record" not in html
    assert reverse("meetings:minutes-take", args=[meeting.pk]) not in html


def test_the_list_is_for_exactly_those_the_minutes_pages_let_in(
    client, secretary, chair, editor, board_member, board, partnership
):
    """The list's rule is the minutes pages' rule (`get_meeting_for_user` for a
    change), not one of its own."""
    from django.contrib.auth.models import AnonymousUser

    from roundtable.core.permissions import Action as Can
    from roundtable.core.permissions import can
    from roundtable.meetings.queries import minutes_to_finish

    meeting = held(board, -10)
    admin = UserFactory(role=Role.ADMINISTRATOR, partnership=partnership)
    for user in (secretary, chair, editor, board_member, admin, AnonymousUser()):
        listed = minutes_to_finish(user, partnership.pk, NOW)
        assert (listed is not None) is can(user, Can.CHANGE, meeting), user
        assert bool(listed) is can(user, Can.CHANGE, meeting), user


@pytest.mark.parametrize("rows", [2, 20])
def test_the_minutes_to_record_take_the_same_queries_whatever_their_number(
    client, django_assert_num_queries, secretary, board, partnership, rows
):
    from roundtable.meetings.queries import minutes_to_finish

    for n in range(rows):
        held(board, -1 - n, [MinutesStatus.NOT_STARTED, MinutesStatus.CIRCULATED][n % 2])
    # the bodies whose minutes the user records here; how many meetings there are (and
    # how many held over a year ago); the latest with their bodies; the partnership's
    # slug for the links (once: `partnership_reverse` keeps it)
    with django_assert_num_queries(4):
        found = minutes_to_finish(secretary, partnership.pk, NOW)
        html = "".join(row.meeting.heading + row.url for row in found.rows) + found.list_url
    assert found.total == rows
    assert len(found.rows) == min(rows, SHOWN)
    assert html.count("/minutes/") == min(rows, SHOWN)


# Actions --------------------------------------------------------------------------


def test_my_open_actions_are_listed_overdue_first(client, chair, board, partnership):
    person = chair.person
    later = ActionFactory(
        meeting__body=board, owner_person=person, due=TODAY + datetime.timedelta(days=9)
    )
    undated = ActionFactory(meeting__body=board, owner_person=person, due=None)
    late = ActionFactory(
        meeting__body=board, owner_person=person, due=TODAY - datetime.timedelta(days=3)
    )
    latest = ActionFactory(
        meeting__body=board, owner_person=person, due=TODAY - datetime.timedelta(days=1)
    )
    done = ActionFactory(meeting__body=board, owner_person=person, status=ActionStatus.DONE)
    theirs = ActionFactory(meeting__body=board, owner_person=PersonFactory(partnership=partnership))
    html = page(client, chair, partnership)
    order = [html.index(a.description) for a in (late, latest, later, undated)]
    assert order == sorted(order)
    assert "Overdue by 3 days" in html
    assert done.description not in html
    assert theirs.description not in html


def test_an_editor_sees_their_organisations_actions_but_not_restricted_ones(
    client, editor, board, council, partnership
):
    open_ = ActionFactory(meeting__body=board, owner_organisation=council)
    restricted = ActionFactory(meeting__body=board, owner_organisation=council, restricted=True)
    html = page(client, editor, partnership)
    assert open_.description in html
    assert restricted.description not in html


def test_a_member_is_not_given_their_organisations_actions(
    client, chair, board, council, partnership
):
    action = ActionFactory(meeting__body=board, owner_organisation=council)
    html = page(client, chair, partnership)
    assert action.description not in html
    assert "You have no open actions." in html


# Returns --------------------------------------------------------------------------


def test_an_editor_sees_their_agencys_return_due(client, editor, council, police, partnership):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorFactory(partnership=partnership, lead_agency=police)
    html = page(client, editor, partnership)
    entry = reverse("performance_entry:entry", args=[council.pk, "2011-12-Q3"])
    assert entry in html
    # 20 working days after the quarter ends (the default setting), as on "My returns".
    assert "27 January 2012" in html
    assert ">Due<" in html
    assert "Metropolitan Police Service" not in html


def test_the_due_date_follows_the_partnerships_setting(client, editor, council, partnership):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    PerformanceSettings.objects.create(partnership=partnership, return_deadline_days=5)
    html = page(client, editor, partnership)  # 10 January 2012
    assert "6 January 2012" in html
    assert ">Overdue<" in html


def test_a_return_not_made_by_its_deadline_is_overdue(client, editor, council, partnership):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    with time_machine.travel(at(days=25), tick=False):  # 4 February 2012
        html = page(client, editor, partnership)
    assert ">Overdue<" in html
    assert "Quarter 3 2011/12" in html


def test_an_earlier_return_sent_back_is_listed_too(client, editor, council, partnership):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    Submission.objects.create(
        partnership=partnership,
        organisation=council,
        period="2011/12 Q2",
        state=SubmissionState.RETURNED,
    )
    html = page(client, editor, partnership)
    assert reverse("performance_entry:entry", args=[council.pk, "2011-12-Q2"]) in html
    assert reverse("performance_entry:entry", args=[council.pk, "2011-12-Q3"]) in html


def test_a_performance_lead_sees_every_agencys_return_and_what_awaits_approval(
    client, council, police, partnership
):
    lead = UserFactory(username="lead", role=Role.MEMBER, partnership=partnership)
    PerformanceSettings.objects.create(partnership=partnership).performance_leads.add(lead)
    IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorFactory(partnership=partnership, lead_agency=police)
    retired = IndicatorFactory(partnership=partnership, lifecycle=Lifecycle.RETIRED)
    Submission.objects.create(
        partnership=partnership,
        organisation=police,
        period="2011/12 Q3",
        state=SubmissionState.SUBMITTED,
    )
    html = page(client, lead, partnership)
    assert "Ealing Council" in html
    assert "Awaiting your approval" in html
    assert retired.lead_agency.name not in html


def test_the_demos_empty_returns_point_to_its_figures(client, editor, council, partnership):
    """The demo's figures are years old, so this quarter's returns are empty: the
    section says so, and links to the latest return with figures."""
    from roundtable.demo.notes import demo_sources
    from roundtable.performance.tests.factories import IndicatorValueFactory

    partnership.source = demo_sources()["ealing"]
    partnership.save()
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2009/10 Q2", actual=5)
    html = page(client, editor, partnership)
    assert "This demo&#x27;s figures are for 2009/10" in html
    assert "so the returns below have none" in html
    assert reverse("performance_entry:entry", args=[council.pk, "2009-10-Q2"]) in html


def test_a_live_partnerships_returns_say_nothing_of_earlier_figures(
    client, editor, council, partnership
):
    from roundtable.performance.tests.factories import IndicatorValueFactory

    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2009/10 Q2", actual=5)
    html = page(client, editor, partnership)
    assert "rt-latest-figures" not in html


def test_a_board_member_has_no_returns(client, chair, council, partnership):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    html = page(client, chair, partnership)
    assert "You have no performance returns to make or approve." in html
    assert "/performance/entry/" not in html


# Recommendations -------------------------------------------------------------------


def test_an_editor_sees_their_organisations_recommendations_due_for_an_update(
    client, editor, council, partnership
):
    review = ReviewFactory(partnership=partnership)
    overdue = RecommendationFactory(
        review=review, lead_organisation=council, next_update_due=TODAY - datetime.timedelta(1)
    )
    soon = RecommendationFactory(
        review=review, lead_organisation=council, next_update_due=TODAY + datetime.timedelta(20)
    )
    later = RecommendationFactory(
        review=review, lead_organisation=council, next_update_due=TODAY + datetime.timedelta(60)
    )
    other = RecommendationFactory(
        review=review,
        lead_organisation=OrganisationFactory(partnership=partnership),
        next_update_due=TODAY,
    )
    html = page(client, editor, partnership)
    assert html.index(overdue.text) < html.index(soon.text)
    assert "Update overdue" in html
    assert f"{overdue.get_absolute_url()}#progress" in html
    assert later.text not in html
    assert other.text not in html


def test_a_unit_lead_sees_recommendations_their_unit_leads(client, partnership, council):
    unit = UnitFactory(organisation=council, name="Children's services")
    person = PersonFactory(partnership=partnership, organisation=council, unit=unit)
    officer = UserFactory(partnership=partnership, role=Role.MEMBER, person=person)
    led = RecommendationFactory(review__partnership=partnership, next_update_due=TODAY)
    led.lead_units.add(unit)
    by_organisation = RecommendationFactory(
        review__partnership=partnership, lead_organisation=council, next_update_due=TODAY
    )
    html = page(client, officer, partnership)
    assert led.text in html
    assert f"{led.get_absolute_url()}#progress" not in html  # only editors write updates
    assert by_organisation.text not in html


# Another partnership --------------------------------------------------------------


def test_another_partnerships_administrator_sees_none_of_this_partnerships_items(
    client, other_partnership_officer, partnership, chair, editor, board, council
):
    build_agenda(board, start=at(days=6))
    action = ActionFactory(meeting__body=board, owner_organisation=council, due=TODAY)
    IndicatorFactory(partnership=partnership, lead_agency=council)
    rec = RecommendationFactory(
        review__partnership=partnership, lead_organisation=council, next_update_due=TODAY
    )
    html = page(client, other_partnership_officer, partnership)
    for hidden in ("Depot valuation", "Performance report Q2", action.description, rec.text):
        assert hidden not in html
    assert "/performance/entry/" not in html
    assert "Your account is with Warwick Partnership" in html
    assert 'href="/warwick/my/"' in html


# Queries --------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_the_page_makes_the_same_queries_whatever_the_number_of_rows(
    client, django_assert_num_queries, editor, board, council, partnership, rows
):
    MembershipFactory(body=board, person=editor.person)
    meeting = build_agenda(board, start=at(days=6))
    item = meeting.items.get(title="Community safety update")
    for n in range(rows):
        MeetingFactory(body=board, start=at(days=10 + n))
        ActionFactory(meeting__body=board, owner_person=editor.person, due=TODAY)
        agency = OrganisationFactory(partnership=partnership)
        IndicatorFactory(partnership=partnership, lead_agency=agency)
        RecommendationFactory(
            review__partnership=partnership, lead_organisation=council, next_update_due=TODAY
        ).lead_units.add(editor.person.unit)
        Submission.objects.create(
            partnership=partnership,
            organisation=council,
            period=f"{2000 + n}/{(n + 1) % 100:02d} Q1",
            state=SubmissionState.RETURNED,
        )
        meetings.add_paper(
            None, item, title=f"Extra paper {n}", upload=upload("extra.pdf", pdf_with_text("x"))
        )
    IndicatorFactory(partnership=partnership, lead_agency=council)
    client.force_login(editor)
    # the partnership in the address, session, user; meetings: the next meetings, their
    # visible items, papers, paper versions, every item's place; whether the user
    # records any body's minutes (an editor does not: no list); actions; returns:
    # performance leads, lead agencies, the return settings, returns, the periods with
    # figures (`latest_figures`); recommendations, their lead units.
    with django_assert_num_queries(17):
        response = client.get(under(partnership, PAGE))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Overdue") + html.count("Update due") >= rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_secretariats_page_makes_the_same_queries_whatever_the_minutes_to_record(
    client, django_assert_num_queries, secretary, board, partnership, rows
):
    for n in range(rows):
        held(board, -1 - n, [MinutesStatus.DRAFT, MinutesStatus.CIRCULATED][n % 2])
    client.force_login(secretary)
    # the partnership in the address, session, user; meetings: the next and the last
    # held with a published agenda (none); minutes: whether the user records any
    # body's minutes here, how many meetings held there are, the latest with their
    # bodies; actions; returns: performance leads, lead agencies; recommendations.
    with django_assert_num_queries(11):
        response = client.get(under(partnership, PAGE))
    assert response.content.decode().count("the minutes<span") == min(rows, SHOWN)
