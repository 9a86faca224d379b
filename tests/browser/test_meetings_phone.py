"""The meetings pages a secretary and a member use on a phone: their record tables
stack (each row a block, its cells labelled; `rt-table--stack`) instead of cutting
off columns at the screen's edge. At 375 px the agenda editor hid each item's Edit,
Add a sub-item and Remove links off the screen, and My Roundtable's actions, the
actions log and the meetings list hid their Status column."""

from __future__ import annotations

import datetime

import pytest

from roundtable.accounts.choices import Role
from roundtable.meetings.choices import AgendaStatus
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.test_demo_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LONG = (
    "Write to local schools, colleges and housing associations asking for details of "
    "their property strategies and property disposals policies"
)


@pytest.fixture
def board_papers():
    """A board, its secretary and a member (who owns two open actions), a meeting to
    come with two agenda items and a meeting held."""
    from django.utils import timezone

    from roundtable.meetings.tests.factories import (
        ActionFactory,
        AgendaItemFactory,
        MeetingFactory,
    )

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    board = BodyFactory(partnership=partnership, name="LSP Executive Board", slug="lsp-exec")
    users = {}
    for username, role in (("secretary", MembershipRole.SECRETARIAT), ("chair", "chair")):
        person = PersonFactory(
            partnership=partnership, organisation=council, given_name="Julian", family_name="Bell"
        )
        MembershipFactory(
            body=board, partnership=partnership, person=person, organisation=council, role=role
        )
        users[username] = UserFactory(
            username=username, role=Role.MEMBER, partnership=partnership, person=person
        )
    now = timezone.now()
    coming = MeetingFactory(body=board, start=now + datetime.timedelta(days=10))
    held = MeetingFactory(
        body=board, start=now - datetime.timedelta(days=20), agenda_status=AgendaStatus.PUBLISHED
    )
    for title in ("Southall regeneration prospectus and the partners' contributions", "AOB"):
        AgendaItemFactory(meeting=coming, title=title)
    for n in range(2):
        ActionFactory(
            meeting=held,
            description=f"{LONG} ({n})",
            owner_person=users["chair"].person,
            owner_organisation=council,
            due=timezone.localdate(now) - datetime.timedelta(days=3),
        )
    return coming, users


def _sign_in(page, username: str) -> None:
    sign_in(page, username, "correct-horse-battery")


def _stacks_within_the_screen(page, labels: tuple[str, ...], rows: int) -> None:
    width = page.evaluate("window.innerWidth")
    table = page.locator("main table.rt-table--stack").first
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
    for label in labels:
        cells = table.locator(f"td[data-label='{label}']")
        assert cells.count() == rows, label
        box = cells.first.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, f"{label} runs off the screen"
        assert cells.first.evaluate("c => getComputedStyle(c, '::before').content") == f'"{label}"'
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_agenda_editor_keeps_each_items_changes_on_a_phone(page, board_papers):
    coming, _users = board_papers
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, "secretary")
    page.goto(f"/ealing/meetings/{coming.pk}/agenda/")
    _stacks_within_the_screen(page, ("Papers", "Order"), rows=2)
    width = page.evaluate("window.innerWidth")
    for name in ("Edit item 1", "Add a sub-item to item 1", "Remove item 1", "Edit item 2"):
        link = page.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert box["x"] + box["width"] <= width, f"{name} is off the screen"


def test_my_actions_show_their_status_on_a_phone(page, board_papers):
    page.set_viewport_size({"width": 375, "height": 800})
    from django.utils import timezone

    from roundtable.meetings.models import Action

    _sign_in(page, "chair")
    due = Action.objects.values_list("due", flat=True).first()  # 3 days before the fixture's today
    before = (timezone.localdate() - due).days  # 3, or 4 after midnight struck since
    page.goto("/ealing/my/")
    _stacks_within_the_screen(page, ("Owner", "Due", "Status"), rows=2)
    text = page.locator("main td[data-label='Status']").first.inner_text()
    after = (timezone.localdate() - due).days
    assert any(f"Overdue by {days} days" in text for days in {before, after}), text


def test_the_actions_log_shows_its_status_on_a_phone(page, board_papers):
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, "secretary")  # who sees the actions of minutes not yet approved
    page.goto("/ealing/meetings/actions/")
    _stacks_within_the_screen(page, ("Owner", "Due", "Status"), rows=2)


def test_the_meetings_list_shows_its_status_on_a_phone(page, board_papers):
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, "secretary")
    page.goto("/ealing/meetings/")
    _stacks_within_the_screen(page, ("Body", "Venue", "Status"), rows=1)
    # the held meeting's status, what is still to record and its links, in one block
    held = page.locator("main td[data-label='Status']").nth(1)
    box = held.bounding_box()
    assert box["x"] + box["width"] <= page.evaluate("window.innerWidth")
    assert "Held" in held.inner_text()


def test_the_tables_stay_tables_on_a_desktop(page, board_papers):
    coming, _users = board_papers
    page.set_viewport_size({"width": 1280, "height": 800})
    _sign_in(page, "secretary")
    for address in (f"/ealing/meetings/{coming.pk}/agenda/", "/ealing/meetings/actions/"):
        page.goto(address)
        table = page.locator("main table.rt-table--stack").first
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        assert table.locator("thead").is_visible()
