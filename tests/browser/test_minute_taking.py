"""Journey (d) of issue 11: the demo secretary minutes three items on one page and
circulates the minutes, in a real browser, on the demo."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from roundtable.meetings.choices import MinutesStatus
from roundtable.meetings.models import AgendaItem, Meeting
from tests.browser.conftest import follow
from tests.browser.test_demo_pages import Audit, demo, sign_in  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def item_section(page, number: str):
    """The minute-taking section of agenda item `number`."""
    heading = page.get_by_role("heading", name=re.compile(rf"^{re.escape(number)}\. "))
    return page.locator("section").filter(has=heading)


def test_the_secretary_minutes_three_items_on_one_page_and_circulates(page, demo):  # noqa: F811
    # The LSP Executive's meeting of 16 January 2012: agenda published, minutes not
    # started (the demo's approved minutes of October 2011 are locked).
    meeting = Meeting.objects.get(
        body__name="LSP Executive Board", body__partnership__slug="ealing", start__date="2012-01-16"
    )
    assert meeting.minutes_status == MinutesStatus.NOT_STARTED
    audit = Audit(page)
    sign_in(page, "demo-secretary")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Take the minutes").click()
    expect(page.get_by_role("heading", name="Take the minutes", level=1)).to_be_visible()
    audit.check("minute-taking page (demo secretary)")

    # Item 1: type and leave the box: it saves on change, with htmx.
    first = item_section(page, "1")
    first.get_by_label("Discussion of item 1").fill("Apologies were received from Ann Griffiths.")
    first.get_by_label("Discussion of item 1").press("Tab")
    expect(first.get_by_role("status")).to_contain_text(re.compile(r"Saved at \d\d:\d\d"))
    assert page.url.endswith(f"{meeting.pk}/minutes/take/")  # no page load

    # Item 3: "Save" keeps the keyboard where it was.
    third = item_section(page, "3")
    third.get_by_label("Discussion of item 3").fill("The chair reported the O&S feedback.")
    save = third.get_by_role("button", name="Save the discussion of item 3")
    save.focus()
    page.keyboard.press("Enter")
    expect(third.get_by_role("status")).to_contain_text("Saved at")
    expect(save).to_be_focused()

    # Item 5: the discussion, a resolution and an action, in place.
    fifth = item_section(page, "5")
    fifth.get_by_label("Discussion of item 5").fill("The Board discussed the equality objectives.")
    fifth.get_by_label("Discussion of item 5").press("Tab")
    expect(fifth.get_by_role("status")).to_contain_text("Saved at")
    fifth.get_by_label("Resolution").fill("That the Board agrees the equality objectives")
    fifth.get_by_label("Decision").select_option(label="Agreed")
    fifth.get_by_role("button", name="Add the resolution to item 5").click()
    expect(fifth.get_by_text("5 (i)")).to_be_visible()
    expect(fifth.get_by_role("status")).to_contain_text("Resolution added at")
    fifth.get_by_text("Add an action to item 5").click()
    fifth.get_by_label("Action").fill("Publish the equality objectives")
    fifth.get_by_label(re.compile("^Owner")).select_option(label="Ann Griffiths")
    fifth.get_by_role("button", name="Add the action to item 5").click()
    expect(fifth.get_by_role("link", name="Publish the equality objectives")).to_be_visible()
    expect(fifth.get_by_role("status")).to_contain_text("Action added at")
    audit.check("minute-taking page (after saving in place)")

    # "Next item" goes to the next item's anchor.
    first.get_by_role("link", name=re.compile("^Next item")).click()
    # Following a same-page link is asynchronous: wait for the address to change.
    second = AgendaItem.objects.get(meeting=meeting, title__startswith="Minutes and")
    expect(page).to_have_url(re.compile(f"#item-{second.pk}$"))

    # What was saved is there after a reload.
    page.reload()
    expect(item_section(page, "1").get_by_label("Discussion of item 1")).to_have_value(
        "Apologies were received from Ann Griffiths."
    )

    # Circulating warns about the items not minuted, and needs the box ticked.
    page.get_by_role("button", name="Circulate the minutes to members").click()
    expect(page.get_by_role("heading", name="Circulate the minutes?")).to_be_visible()
    expect(page.locator(".govuk-warning-text").last).to_contain_text(
        "10 items have no discussion minuted"
    )
    # No attendance is recorded either: that is said first, with the way to record it.
    expect(page.locator(".govuk-warning-text").first).to_contain_text(
        "No attendance is recorded for this meeting"
    )
    expect(page.get_by_role("link", name="Record attendance first")).to_be_visible()
    expect(page.get_by_role("link", name="2. Minutes and Matters Arising")).to_be_visible()
    audit.check("circulate the minutes (items not minuted)")
    audit.follow(
        page.get_by_role("button", name="Circulate the minutes"),
        "circulate the minutes (not confirmed)",
        expect_status=400,
        errors=True,
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    page.get_by_label(re.compile("^Circulate the minutes although")).check()
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.get_by_text("The minutes are circulated to the members")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    minuted = AgendaItem.objects.filter(meeting=meeting).exclude(minutes="")
    assert minuted.count() == 3
    assert audit.problems == {}, audit.report()


@pytest.fixture
def small_meeting(transactional_db):
    """A meeting held two days ago, of two items, and a board with a police member, built
    from factories: attendance and minutes are recorded from the meeting's day on."""
    from django.utils import timezone

    from roundtable.meetings.tests.factories import AgendaItemFactory
    from tests.browser.test_meetings_pages import meeting as build

    meeting = build.__wrapped__(transactional_db)
    meeting.start = timezone.now() - datetime.timedelta(days=2)
    meeting.end = meeting.start + datetime.timedelta(hours=1)
    meeting.save(update_fields=["start", "end"])
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome and apologies")
    AgendaItemFactory(meeting=meeting, position=2, title="Performance report")
    return meeting


def test_minute_taking_works_without_javascript(browser, live_server, small_meeting):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "secretary")
    page.goto(small_meeting.get_absolute_url())
    follow(page, page.get_by_role("link", name="Take the minutes"))
    second = item_section(page, "2")
    second.get_by_label("Discussion of item 2").fill("The Board noted the report.")
    follow(page, second.get_by_role("button", name="Save the discussion of item 2"))
    item = AgendaItem.objects.get(meeting=small_meeting, title="Performance report")
    assert page.url.endswith(f"?saved={item.pk}#item-{item.pk}")
    expect(item_section(page, "2").get_by_role("status")).to_contain_text("Saved at")
    second = item_section(page, "2")
    second.get_by_label("Resolution").fill("That the Board notes the report")
    follow(page, second.get_by_role("button", name="Add the resolution to item 2"))
    expect(item_section(page, "2").get_by_text("2 (i)")).to_be_visible()
    item.refresh_from_db()
    assert item.minutes == "The Board noted the report."
    context.close()


def test_also_attending_is_searchable(page, small_meeting):
    from roundtable.partnership.tests.factories import OrganisationFactory, PersonFactory

    police = OrganisationFactory(partnership=small_meeting.partnership, name="Met Police")
    PersonFactory(partnership=small_meeting.partnership, organisation=police, family_name="Lowe")
    sign_in(page, "secretary")
    page.goto(f"/meetings/{small_meeting.pk}/attendance/")
    search = page.get_by_label("Find people by name or organisation")
    search.fill("police")
    expect(page.get_by_label(re.compile("Lowe"))).to_be_visible()
    expect(page.get_by_label(re.compile("Clerk"))).to_be_hidden()
    expect(page.get_by_text("1 of 2 shown, 0 chosen")).to_be_visible()
    page.get_by_label(re.compile("Lowe")).check()
    search.fill("")
    expect(page.get_by_text("2 of 2 shown, 1 chosen")).to_be_visible()
    audit = Audit(page)
    audit.check("attendance (search typed)")
    assert audit.problems == {}, audit.report()
