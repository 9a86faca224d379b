"""A partnership's administrator on its Accounts pages: finds an invited account by
search and filter, corrects its email (and is offered the invitation again), and
reads its History tab, at 1280 px and on a phone, where the history's changes stack
instead of scrolling the value after a change off the screen; axe-core finds no
violations on the way."""

from __future__ import annotations

import pytest

from roundtable.accounts.choices import Role
from roundtable.partnership.tests.factories import PartnershipFactory, UserFactory
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def accounts():
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    UserFactory(username="admin", role=Role.ADMINISTRATOR, partnership=partnership)
    UserFactory(username="member", partnership=partnership, email="member@example.org")
    invited = UserFactory(username="ada", partnership=partnership, email="ada.newcomer@example.org")
    invited.set_unusable_password()
    invited.save()
    return invited


def _sign_in(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_administrator_finds_corrects_and_reads_an_invited_account(page, accounts, width):
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, "admin")
    page.goto("/ealing/accounts/people/")
    assert axe_violations(page) == []
    page.get_by_label("Search by name, username or email").fill("newcomer")
    page.get_by_label("Status").select_option("invited")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("caption").filter(has_text="1 account found").wait_for()
    page.get_by_role("link", name="ada", exact=True).click()

    email = page.get_by_label("Email address")
    email.fill("member@example.org")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("another account already uses member@example.org").first.wait_for()
    assert axe_violations(page) == []
    email.fill("ada.lovelace@example.org")
    page.get_by_label("First name").fill("Ada")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("email changed to ada.lovelace@example.org").wait_for()
    assert page.get_by_role("button", name="Send the invitation again").is_visible()

    page.get_by_role("link", name="History").click()
    page.get_by_role("heading", name="History").wait_for()
    assert axe_violations(page) == []
    main = page.locator("main")
    assert "Changed" in main.inner_text()
    assert "ada.newcomer@example.org" in main.inner_text()
    after = page.locator("td[data-label='After']", has_text="ada.lovelace@example.org")
    box = after.bounding_box()
    assert box["x"] + box["width"] <= width, "the value after the change is off the screen"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
