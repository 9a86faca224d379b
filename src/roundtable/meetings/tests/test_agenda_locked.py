"""Approved minutes record the agenda: its items and papers cannot be added, changed,
reordered or removed afterwards (`rules.agenda_refusal`, enforced in the services),
and the pages offer only what may still change: who can see each item."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from roundtable.meetings import rules, services
from roundtable.meetings.choices import MinutesStatus, RestrictionCategory
from roundtable.meetings.models import AgendaItem, Meeting, Paper
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import pdf_with_text, upload

LOCKED = "The minutes are approved and the agenda's items and papers are part of them"
PERSONAL = RestrictionCategory.INDIVIDUAL


# -- The rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "refused"),
    [("not_started", False), ("draft", False), ("circulated", False), ("approved", True)],
)
def test_only_approved_minutes_lock_the_agenda(minutes, refused):
    assert bool(rules.agenda_refusal(minutes)) is refused
    assert rules.agenda_refusal(minutes).startswith(LOCKED) is refused


def test_a_locked_record_is_said_once():
    words = rules.why_not_changeable(
        "approved", rules.move_refusal("approved"), "The meeting took place, so no"
    )
    assert words.startswith("The minutes are approved, so the meeting's record is locked")
    assert words.count("The minutes are approved") == 1
    assert "Who can see each item may still change." in words


def test_otherwise_each_refusal_is_a_sentence():
    assert rules.why_not_changeable("draft", "", "It cannot be cancelled") == (
        "It cannot be cancelled."
    )
    assert rules.why_not_changeable("not_started", "", "") == ""


# -- The services -------------------------------------------------------------------


@pytest.fixture
def approved(board):
    return MeetingFactory(body=board, minutes_status=MinutesStatus.APPROVED)


@pytest.fixture
def item(approved):
    return AgendaItemFactory(meeting=approved, title="Performance report")


@pytest.fixture
def paper(secretary, item, settings, tmp_path):
    """A paper the meeting took: added while its minutes were a draft."""
    settings.MEDIA_ROOT = tmp_path
    meeting = item.meeting
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.DRAFT)
    meeting.refresh_from_db()
    paper = services.add_paper(
        secretary, item, title="PI report", upload=upload("r.pdf", pdf_with_text("Q2"))
    )
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.APPROVED)
    meeting.refresh_from_db()
    return paper


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda who, item: services.add_agenda_item(who, item.meeting, title="Late item"),
        lambda who, item: services.add_agenda_item(
            who, item.meeting, title="Late sub-item", parent=item
        ),
        lambda who, item: services.change_agenda_item(who, item, title="Renamed"),
        lambda who, item: services.remove_agenda_item(who, item),
        lambda who, item: services.reorder_agenda(who, item.meeting, [item.pk]),
        lambda who, item: services.draft_agenda_from_plan(who, item.meeting),
        lambda who, item: services.add_paper(
            who, item, title="Late paper", upload=upload("l.pdf", pdf_with_text("late"))
        ),
    ],
    ids=["add", "add-sub-item", "change", "remove", "reorder", "from-plan", "add-paper"],
)
def test_the_services_refuse_to_change_an_approved_agenda(secretary, item, change):
    before = list(AgendaItem.objects.values_list("pk", "title", "position"))
    with pytest.raises(ValidationError, match=LOCKED):
        change(secretary, item)
    assert list(AgendaItem.objects.values_list("pk", "title", "position")) == before
    assert not Paper.objects.exists()


@pytest.mark.django_db
def test_a_paper_the_meeting_took_gets_no_new_version(secretary, paper):
    with pytest.raises(ValidationError, match=LOCKED):
        services.replace_paper(secretary, paper, upload("v2.pdf", pdf_with_text("v2")))
    assert paper.versions.count() == 1


@pytest.mark.django_db
def test_before_approval_the_agenda_still_changes(secretary, board):
    circulated = MeetingFactory(body=board, minutes_status=MinutesStatus.CIRCULATED)
    item = services.add_agenda_item(secretary, circulated, title="Item")
    assert services.change_agenda_item(secretary, item, title="Renamed").title == "Renamed"


@pytest.mark.django_db
def test_who_can_see_an_item_still_changes(secretary, item):
    sub_item = AgendaItemFactory(meeting=item.meeting, parent=item, position=1)
    action = ActionFactory(meeting=item.meeting, item=item)
    services.change_item_restriction(
        secretary, item, restricted=True, restriction_category=PERSONAL
    )
    item.refresh_from_db(), sub_item.refresh_from_db(), action.refresh_from_db()
    assert (item.restricted, item.restriction_category) == (True, PERSONAL)
    assert (sub_item.restricted, action.restricted) == (True, True)
    assert item.history.first().history_change_reason == "Restricted"

    services.change_item_restriction(secretary, item, restricted=False)
    item.refresh_from_db(), sub_item.refresh_from_db(), action.refresh_from_db()
    assert (item.restricted, item.restriction_category) == (False, "")
    assert item.history.first().history_change_reason == "Opened"
    assert action.restricted is False
    assert sub_item.restricted is True  # opened on its own, when someone chooses to


@pytest.mark.django_db
def test_the_same_restriction_again_writes_nothing(secretary, item):
    services.change_item_restriction(secretary, item, restricted=False)
    assert item.history.count() == 1


@pytest.mark.django_db
def test_a_restriction_needs_its_reason(secretary, item):
    with pytest.raises(ValidationError, match="Select why the item is restricted"):
        services.change_item_restriction(secretary, item, restricted=True)
    item.refresh_from_db()
    assert item.restricted is False


@pytest.mark.django_db
def test_a_sub_item_of_a_restricted_item_stays_restricted(secretary, item):
    services.change_item_restriction(
        secretary, item, restricted=True, restriction_category=PERSONAL
    )
    sub_item = AgendaItem.objects.get(pk=AgendaItemFactory(meeting=item.meeting, parent=item).pk)
    services.change_item_restriction(secretary, sub_item, restricted=False)
    sub_item.refresh_from_db()
    assert (sub_item.restricted, sub_item.restriction_category) == (True, PERSONAL)


@pytest.mark.django_db
def test_only_the_secretariat_changes_who_can_see_an_item(member, item):
    with pytest.raises(PermissionDenied):
        services.change_item_restriction(
            member, item, restricted=True, restriction_category=PERSONAL
        )


# -- The pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meeting_page_offers_what_may_still_change(client, secretary, item):
    client.force_login(secretary)
    text = client.get(item.meeting.get_absolute_url()).text
    assert "Edit the agenda" not in text
    assert "Change who can see the items" in text
    assert "Record attendance</a>" not in text  # the record is on the page, locked
    assert 'id="attendance"' in text
    assert escape(rules.why_not_changeable("approved", "", "")) in text


@pytest.mark.django_db
def test_an_open_meeting_page_still_offers_the_editor(client, secretary, board):
    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    client.force_login(secretary)
    text = client.get(meeting.get_absolute_url()).text
    assert "Edit the agenda" in text
    assert "Record attendance" in text
    assert "Change who can see the items" not in text


@pytest.mark.django_db
def test_the_locked_editor_offers_only_who_can_see(client, secretary, item, paper):
    client.force_login(secretary)
    text = client.get(reverse("meetings:agenda-edit", args=[item.meeting_id])).text
    assert 'id="agenda-locked"' in text
    assert escape(LOCKED) in text
    for gone in ("Add an item", "Add a paper", "New version", ">Up<", ">Down<", "Remove<"):
        assert gone not in text, gone
    assert "Change who can see it" in text
    assert reverse("meetings:item-edit", args=[item.pk]) in text


@pytest.mark.django_db
def test_each_change_link_says_which_item_to_a_screen_reader(client, secretary, item):
    """Not only its number: "Change who can see it: item 2, Community safety"."""
    AgendaItemFactory(
        meeting=item.meeting, title="Community safety & crime", position=item.position + 1
    )
    client.force_login(secretary)
    text = client.get(reverse("meetings:agenda-edit", args=[item.meeting_id])).text
    said = 'Change who can see it<span class="govuk-visually-hidden">: item {}</span>'
    assert said.format("1, Performance report") in text
    assert said.format("2, Community safety &amp; crime") in text


@pytest.mark.django_db
def test_the_item_form_asks_only_who_can_see(client, secretary, item):
    client.force_login(secretary)
    url = reverse("meetings:item-edit", args=[item.pk])
    text = client.get(url).text
    assert "Who can see" in text
    assert 'name="restricted"' in text
    assert 'name="title"' not in text
    assert "Why it is restricted</label>" in text
    assert "Required when the item is restricted</div>" in text
    response = client.post(url, {"restricted": "on", "restriction_category": ""})
    assert response.status_code == 400
    assert '<a href="#id_restriction_category">Select why the item is restricted</a>' in (
        response.text
    )
    response = client.post(url, {"restricted": "on", "restriction_category": PERSONAL})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.restricted) == ("Performance report", True)
    assert client.post(url, {"title": "Renamed"}).status_code == 302  # only who can see
    item.refresh_from_db()
    assert (item.title, item.restricted) == ("Performance report", False)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["item-add", "item-remove", "paper-add"])
def test_the_change_forms_go_back_saying_why(client, secretary, item, route):
    client.force_login(secretary)
    target = item.meeting_id if route == "item-add" else item.pk
    response = client.get(reverse(f"meetings:{route}", args=[target]), follow=True)
    assert response.redirect_chain[-1][0] == item.meeting.get_absolute_url()
    assert escape(LOCKED) in response.text


@pytest.mark.django_db
def test_a_new_version_form_goes_back_saying_why(client, secretary, paper):
    client.force_login(secretary)
    response = client.get(reverse("meetings:paper-replace", args=[paper.pk]), follow=True)
    assert response.redirect_chain[-1][0] == paper.item.meeting.get_absolute_url()
    assert escape(LOCKED) in response.text


@pytest.mark.django_db
def test_moving_an_item_is_refused_with_the_reason(client, secretary, item):
    second = AgendaItemFactory(meeting=item.meeting, title="Second")
    client.force_login(secretary)
    url = reverse("meetings:item-move", args=[second.pk, "up"])
    response = client.post(url, headers={"HX-Request": "true"})
    editor = reverse("meetings:agenda-edit", args=[item.meeting_id])
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith(editor)
    response = client.post(url, follow=True)
    assert escape(LOCKED) in response.text
    assert list(AgendaItem.objects.order_by("position").values_list("pk", flat=True)) == [
        item.pk,
        second.pk,
    ]


@pytest.mark.django_db
def test_the_forward_plan_is_not_added_to_an_approved_agenda(client, secretary, item, board):
    services.plan_item(None, board, title="Annual report", meeting=item.meeting)
    client.force_login(secretary)
    url = reverse("meetings:agenda-from-plan", args=[item.meeting_id])
    response = client.post(url, follow=True)
    assert escape(LOCKED) in response.text
    assert list(item.meeting.items.values_list("title", flat=True)) == ["Performance report"]
