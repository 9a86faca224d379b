"""Minute-taking mode: every item on one page, saved as you go; circulating minutes with
items not minuted; substitutes from the member's own organisation."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings import services
from roundtable.meetings.choices import Capacity, MinutesStatus
from roundtable.meetings.models import Action, AgendaItem, Attendance, Meeting, Resolution
from roundtable.meetings.services import AttendanceEntry
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
DENIED = ["member", "outsider", "other_partnership_officer"]


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture(autouse=True)
def on_the_meeting_day():
    """Attendance and minutes are recorded from the meeting's day on (`rules.may_record`):
    these tests run on the morning of the meeting, which is still to come."""
    with time_machine.travel(at(2030, 1, 16, 9), tick=False):
        yield


@pytest.fixture
def meeting(board):
    return MeetingFactory(body=board, start=at(2030, 1, 16, 17), end=at(2030, 1, 16, 18, 30))


@pytest.fixture
def items(meeting):
    """Items 1, 2 (restricted) with its sub-item 2a, and 3."""
    first = AgendaItemFactory(meeting=meeting, position=1, title="Welcome and apologies")
    second = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Contract for the new depot",
        restricted=True,
        restriction_category="financial",
    )
    sub = AgendaItemFactory(meeting=meeting, parent=second, position=1, title="Costs")
    third = AgendaItemFactory(meeting=meeting, position=3, title="Any other business")
    return [first, second, sub, third]


def take_url(meeting):
    return reverse("meetings:minutes-take", args=[meeting.pk])


def minutes_url(item):
    return reverse("meetings:item-minutes-take", args=[item.pk])


def resolution_url(item):
    return reverse("meetings:item-resolution-take", args=[item.pk])


def action_url(item):
    return reverse("meetings:item-action-take", args=[item.pk])


def locked(meeting, secretary, board):
    # approved at a later meeting that has met: that evening's
    later = MeetingFactory(body=board, start=at(2030, 1, 16, 19))
    services.save_item_minutes(secretary, meeting.items.first(), "Noted")
    services.circulate_minutes(secretary, meeting)
    services.approve_minutes(secretary, meeting, approved_at=later)


# The page ------------------------------------------------------------------------


def test_the_secretariat_sees_every_item_in_order_with_its_forms(client, secretary, items):
    client.force_login(secretary)
    page = client.get(take_url(items[0].meeting))
    assert page.status_code == 200
    text = page.text
    labels = [f"Discussion of item {n}" for n in ("1", "2", "2a", "3")]
    assert all(label in text for label in labels)
    assert [text.index(label) for label in labels] == sorted(text.index(lab) for lab in labels)
    # The restricted item is there for its managers, and each item links its neighbours.
    assert "Contract for the new depot" in text
    assert f'href="#item-{items[1].pk}">Next item' in text
    assert f'href="#item-{items[2].pk}">Previous item' in text
    assert 'role="status" aria-live="polite"' in text
    assert f'name="minutes-{items[0].pk}-minutes"' in text
    # Each item's three forms carry the CSRF token, so they post without JavaScript.
    assert text.count('name="csrfmiddlewaretoken"') >= 3 * len(items)


def test_the_meeting_and_attendance_pages_link_to_minute_taking(client, secretary, meeting):
    client.force_login(secretary)
    assert take_url(meeting) in client.get(meeting.get_absolute_url()).text
    attendance = client.get(reverse("meetings:attendance-edit", args=[meeting.pk]))
    assert take_url(meeting) in attendance.text


def test_members_see_no_link_to_minute_taking(client, member, meeting):
    client.force_login(member)
    assert take_url(meeting) not in client.get(meeting.get_absolute_url()).text


@pytest.mark.parametrize("who", DENIED)
def test_only_managers_open_minute_taking(client, request, meeting, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(take_url(meeting)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, meeting):
    response = client.get(take_url(meeting))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_page_uses_the_same_number_of_queries_for_2_or_20_items(
    client, secretary, meeting, django_assert_num_queries, rows, partnership
):
    for n in range(rows):
        item = AgendaItemFactory(meeting=meeting, position=n + 1, title=f"Item {n}")
        services.save_item_minutes(secretary, item, f"Discussed {n}")
        services.add_resolution(secretary, item, f"That the Board notes {n}")
        services.add_action(
            secretary, meeting.body, item=item, description=f"Do {n}", owner_person=secretary.person
        )
    client.force_login(secretary)
    url = under(partnership, take_url(meeting))
    client.get(url)  # warm the session
    # the partnership by its slug, meeting, session, user, whether they manage the body,
    # item numbers, items, their resolutions, their actions with owners, people and
    # organisations (the owner choices, read once for every form)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200


# Saving the discussion -------------------------------------------------------------


def test_saving_a_discussion_without_javascript_comes_back_to_the_item(client, secretary, items):
    item = items[1]
    client.force_login(secretary)
    response = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "Agreed the terms"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"{take_url(item.meeting)}?saved={item.pk}#item-{item.pk}")
    item.refresh_from_db()
    assert item.minutes == "Agreed the terms"
    assert item.meeting.minutes_status == MinutesStatus.DRAFT
    page = client.get(response["Location"])
    assert "Saved at" in page.text


def test_saving_a_discussion_with_htmx_answers_the_status_only(client, secretary, items):
    item = items[0]
    client.force_login(secretary)
    response = client.post(
        minutes_url(item), {f"minutes-{item.pk}-minutes": "Apologies noted"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response.text.strip().startswith("Saved at")
    assert "<html" not in response.text
    item.refresh_from_db()
    assert item.minutes == "Apologies noted"


def test_an_htmx_answer_gives_the_page_title_with_error_while_refused(client, secretary, items):
    """htmx takes a top-level <title> from the answer: "Error: " while the item's form
    refuses (as the whole page's title says), the plain title once it is saved."""
    item = items[3]
    title = f"Take the minutes: {item.meeting.heading}"
    client.force_login(secretary)
    refused = client.post(resolution_url(item), {f"resolution-{item.pk}-text": ""}, headers=HTMX)
    assert f"\n<title>Error: {title} – " in refused.text
    added = client.post(
        resolution_url(item),
        {
            f"resolution-{item.pk}-text": "That the Board notes it",
            f"resolution-{item.pk}-decision_type": "noted",
        },
        headers=HTMX,
    )
    assert f"\n<title>{title} – " in added.text
    refused = client.post(action_url(item), {f"action-{item.pk}-description": ""}, headers=HTMX)
    assert f"\n<title>Error: {title} – " in refused.text
    saved = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "Noted"}, headers=HTMX)
    assert f"\n<title>{title} – " in saved.text
    item.meeting.refresh_from_db()
    services.circulate_minutes(secretary, item.meeting)
    refused = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "x"}, headers=HTMX)
    assert f"\n<title>Error: {title} – " in refused.text


def test_saving_an_unchanged_discussion_writes_no_history(client, secretary, items):
    item = items[0]
    services.save_item_minutes(secretary, item, "Same")
    client.force_login(secretary)
    before = item.history.count()
    response = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "Same"}, headers=HTMX)
    assert "Saved at" in response.text
    assert item.history.count() == before


def test_circulated_minutes_refuse_a_discussion_and_say_why(client, secretary, items):
    item = items[0]
    services.save_item_minutes(secretary, item, "First draft")
    services.circulate_minutes(secretary, item.meeting)
    client.force_login(secretary)
    response = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "x"}, headers=HTMX)
    assert "return them to draft" in response.text
    plain = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "x"})
    assert plain.status_code == 400
    item.refresh_from_db()
    assert item.minutes == "First draft"


@pytest.mark.parametrize("who", DENIED)
def test_only_managers_save_a_discussion(client, request, items, who):
    item = items[0]
    client.force_login(request.getfixturevalue(who))
    response = client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "x"}, headers=HTMX)
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert item.minutes == ""


def test_anonymous_visitors_save_nothing(client, items):
    item = items[0]
    for url, data in (
        (minutes_url(item), {f"minutes-{item.pk}-minutes": "x"}),
        (resolution_url(item), {f"resolution-{item.pk}-text": "x"}),
        (action_url(item), {f"action-{item.pk}-description": "x"}),
    ):
        assert client.post(url, data).status_code in (302, 404)
    item.refresh_from_db()
    assert item.minutes == ""
    assert not Resolution.objects.exists()
    assert not Action.objects.exists()


def test_the_page_only_answers_get(client, secretary, meeting):
    client.force_login(secretary)
    assert client.post(take_url(meeting)).status_code == 405


# Resolutions and actions in place ---------------------------------------------------


def test_adding_a_resolution_with_htmx_swaps_the_items_resolutions(client, secretary, items):
    item = items[3]
    client.force_login(secretary)
    response = client.post(
        resolution_url(item),
        {
            f"resolution-{item.pk}-text": "That the Board notes the report",
            f"resolution-{item.pk}-decision_type": "noted",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert f'id="resolutions-{item.pk}"' in response.text
    assert "That the Board notes the report" in response.text
    assert "3 (i)" in response.text
    assert f'id="status-{item.pk}" hx-swap-oob="innerHTML"' in response.text
    assert "Resolution added at" in response.text
    assert item.resolutions.get().position == 1


def test_a_resolution_with_no_text_is_refused_in_place(client, secretary, items):
    item = items[3]
    client.force_login(secretary)
    response = client.post(resolution_url(item), {f"resolution-{item.pk}-text": ""}, headers=HTMX)
    assert "Enter the resolution" in response.text
    assert "Not saved" in response.text
    plain = client.post(resolution_url(item), {f"resolution-{item.pk}-text": ""})
    assert plain.status_code == 400
    assert "Enter the resolution" in plain.text
    assert not Resolution.objects.exists()


def test_adding_a_resolution_without_javascript_comes_back_to_the_item(client, secretary, items):
    item = items[0]
    client.force_login(secretary)
    response = client.post(
        resolution_url(item),
        {
            f"resolution-{item.pk}-text": "That apologies be noted",
            f"resolution-{item.pk}-decision_type": "noted",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert item.resolutions.get().text == "That apologies be noted"


def test_adding_an_action_with_htmx_swaps_the_items_actions(client, secretary, member, items):
    item = items[1]
    client.force_login(secretary)
    response = client.post(
        action_url(item),
        {
            f"action-{item.pk}-description": "Report the depot costs",
            f"action-{item.pk}-owner_person": member.person_id,
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert f'id="actions-{item.pk}"' in response.text
    assert "Report the depot costs" in response.text
    assert "Action added at" in response.text
    action = Action.objects.get()
    assert action.item == item
    # The service's rules still apply: an action of a restricted item is restricted.
    assert action.restricted


def test_an_action_with_no_owner_is_refused_in_place(client, secretary, items):
    item = items[0]
    client.force_login(secretary)
    response = client.post(action_url(item), {f"action-{item.pk}-description": "x"}, headers=HTMX)
    assert "Select who owns the action" in response.text
    plain = client.post(action_url(item), {f"action-{item.pk}-description": "x"})
    assert plain.status_code == 400
    assert not Action.objects.exists()


@pytest.mark.parametrize("who", DENIED)
def test_only_managers_add_resolutions_and_actions(client, request, member, items, who):
    item = items[0]
    client.force_login(request.getfixturevalue(who))
    assert client.post(
        resolution_url(item), {f"resolution-{item.pk}-text": "x"}, headers=HTMX
    ).status_code in (403, 404)
    assert client.post(
        action_url(item),
        {f"action-{item.pk}-description": "x", f"action-{item.pk}-owner_person": member.person_id},
        headers=HTMX,
    ).status_code in (403, 404)
    assert not Resolution.objects.exists()
    assert not Action.objects.exists()


def test_approved_minutes_are_locked_in_minute_taking(
    client, secretary, member, board, meeting, items
):
    locked(meeting, secretary, board)
    item = items[3]
    client.force_login(secretary)
    page = client.get(take_url(meeting))
    assert "The minutes are approved and locked" in page.text
    assert "Discussion of item" not in page.text
    assert client.post(minutes_url(item), {f"minutes-{item.pk}-minutes": "x"}).status_code == 400
    assert client.post(resolution_url(item), {f"resolution-{item.pk}-text": "x"}).status_code == 400
    response = client.post(
        action_url(item),
        {f"action-{item.pk}-description": "x", f"action-{item.pk}-owner_person": member.person_id},
    )
    assert response.status_code == 400
    assert "approved and locked" in response.text
    item.refresh_from_db()
    assert item.minutes == ""
    assert not item.resolutions.exists()
    assert not Action.objects.exists()


# Circulating with items not minuted --------------------------------------------------


def circulate_url(meeting):
    return reverse("meetings:minutes-circulate", args=[meeting.pk])


def test_circulating_lists_the_items_not_minuted(client, secretary, meeting, items):
    services.save_item_minutes(secretary, items[0], "Apologies noted")
    client.force_login(secretary)
    page = client.get(circulate_url(meeting))
    assert page.status_code == 200
    assert "3 items have no discussion minuted" in page.text
    for item in items[1:]:
        assert f"#item-{item.pk}" in page.text
    assert f"#item-{items[0].pk}" not in page.text


def test_circulating_with_items_not_minuted_changes_nothing_without_confirmation(
    client, secretary, meeting, items
):
    services.save_item_minutes(secretary, items[0], "Apologies noted")
    client.force_login(secretary)
    # The meeting page's button leads to the warning...
    first = client.post(circulate_url(meeting))
    assert first.status_code == 200
    assert "no discussion minuted" in first.text
    # ...and sending it without ticking the box is refused.
    refused = client.post(circulate_url(meeting), {"confirming": "1"})
    assert refused.status_code == 400
    assert "Confirm that the minutes go out with items not minuted" in refused.text
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    assert meeting.minutes_circulated_at is None


def test_circulating_with_items_not_minuted_after_confirmation(client, secretary, meeting, items):
    services.save_item_minutes(secretary, items[0], "Apologies noted")
    client.force_login(secretary)
    response = client.post(circulate_url(meeting), {"confirming": "1", "confirm_blank": "on"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED


def test_minutes_with_every_item_minuted_circulate_at_once(client, secretary, meeting, items):
    for item in items:
        services.save_item_minutes(secretary, item, "Discussed")
    client.force_login(secretary)
    response = client.post(circulate_url(meeting))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED


@pytest.mark.parametrize("who", DENIED)
def test_only_managers_see_the_circulation_warning(client, request, meeting, items, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(circulate_url(meeting)).status_code == 403
    assert (
        client.post(circulate_url(meeting), {"confirming": "1", "confirm_blank": "on"}).status_code
        == 403
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes_status == MinutesStatus.NOT_STARTED


# Substitutes from the member's own organisation ------------------------------------------


def test_the_substitute_picker_offers_only_the_members_organisation(
    client, secretary, member, meeting, partnership, police, council
):
    colleague = PersonFactory(partnership=partnership, organisation=police, family_name="Copper")
    stranger = PersonFactory(partnership=partnership, organisation=council, family_name="Clerk")
    client.force_login(secretary)
    page = client.get(reverse("meetings:attendance-edit", args=[meeting.pk])).text
    start = page.index(f'name="substitute_{member.person_id}"')
    picker = page[start : page.index("</select>", start)]
    assert colleague.name in picker
    assert stranger.name not in picker
    # Also attending is a list of checkboxes anyone can use without JavaScript.
    assert f'name="also_attending" type="checkbox" value="{stranger.pk}"' in page
    assert "meetings/attendance.js" in page


def test_a_substitute_from_another_organisation_is_refused(
    client, secretary, member, meeting, partnership, council
):
    stranger = PersonFactory(partnership=partnership, organisation=council, family_name="Clerk")
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:attendance-edit", args=[meeting.pk]),
        {f"status_{member.person_id}": "apologies", f"substitute_{member.person_id}": stranger.pk},
    )
    assert response.status_code == 400
    assert "choose someone from Metropolitan Police Service" in response.text
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_the_service_refuses_a_substitute_from_another_organisation(
    secretary, meeting, partnership, police, council
):
    chief = PersonFactory(partnership=partnership, organisation=police)
    clerk = PersonFactory(partnership=partnership, organisation=council)
    with pytest.raises(ValidationError, match="a substitute comes from Metropolitan Police"):
        services.record_attendance(
            secretary,
            meeting,
            [
                AttendanceEntry(chief, status="apologies", organisation=police),
                AttendanceEntry(clerk, capacity=Capacity.SUBSTITUTE, substitute_for=chief),
            ],
        )
    assert not Attendance.objects.exists()


def test_the_service_accepts_a_substitute_from_the_members_organisation(
    secretary, meeting, partnership, police
):
    chief, deputy = (PersonFactory(partnership=partnership, organisation=police) for _ in "ab")
    services.record_attendance(
        secretary,
        meeting,
        [
            AttendanceEntry(chief, status="apologies", organisation=police),
            AttendanceEntry(deputy, capacity=Capacity.SUBSTITUTE, substitute_for=chief),
        ],
    )
    assert AgendaItem.objects.count() == 0
    assert Attendance.objects.get(person=deputy).substitute_for == chief
