"""Journeys a person makes, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from roundtable.accounts.choices import Role
from roundtable.partnership.tests.factories import (
    BodyFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ealing(db):
    from roundtable.partnership.tests.factories import PartnershipFactory

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    board = BodyFactory(partnership=partnership, name="LSP Executive Board", slug="ealing-exec")
    BodyFactory(partnership=partnership, name="Southall Project Board", parent=board)
    PersonFactory(
        partnership=partnership,
        organisation=council,
        honorific="Cllr",
        given_name="Julian",
        family_name="Bell",
    )
    UserFactory(username="admin", role=Role.ADMINISTRATOR, partnership=partnership)
    return board


def sign_in(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def test_administrator_adds_a_chair_in_place_and_sees_it_on_the_chart(page, ealing):
    sign_in(page, "admin")
    page.goto(f"/partnership/bodies/{ealing.slug}/")
    page.get_by_role("link", name="Add a member").click()
    # The form swaps into the page (htmx): the address does not change.
    expect(page.get_by_role("heading", name="Add a member to LSP Executive Board")).to_be_visible()
    assert page.url.endswith(f"/partnership/bodies/{ealing.slug}/")
    page.get_by_label("Person").select_option(label="Cllr Julian Bell")
    page.get_by_label("Role").select_option(label="Chair")
    page.get_by_label("Organisation represented").select_option(label="Ealing Council")
    page.get_by_label("Title on this body").fill("Leader of London Borough of Ealing")
    page.get_by_role("button", name="Add member").click()
    members = page.locator("#current-members")
    expect(members).to_contain_text("Cllr Julian Bell")
    expect(members).to_contain_text("Chair")
    expect(page.get_by_text("Cllr Julian Bell added as chair")).to_be_visible()
    page.goto("/partnership/structure/")
    expect(page.get_by_text("Chair: Cllr Julian Bell (Ealing Council)")).to_be_visible()


def test_membership_form_errors_show_in_place(page, ealing):
    sign_in(page, "admin")
    page.goto(f"/partnership/bodies/{ealing.slug}/")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the person")


def test_anonymous_user_is_refused_the_edit_page(page, ealing):
    page.goto(f"/partnership/bodies/{ealing.slug}/edit/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next="))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_structure_chart_reads_without_javascript(browser, live_server, ealing):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/partnership/structure/?partnership=ealing")
    expect(page.get_by_role("link", name="Southall Project Board")).to_be_visible()
    context.close()


def test_site_administrator_sets_up_a_partnership_and_reaches_its_checklist(page, ealing, settings):
    """Issue 11, journey (e): a new partnership on the web, with its place loaded
    (from the committed mini wheels: no download) and its administrator invited."""
    from django.core import mail

    from roundtable.geography.sources import MINI_WHEELS_DIR
    from tests.browser.conftest import axe_violations

    settings.ROUNDTABLE_GEOGRAPHY_CACHE = MINI_WHEELS_DIR
    UserFactory(username="site", is_superuser=True, is_staff=True)
    sign_in(page, "site")
    page.goto("/partnership/partnerships/")
    page.get_by_role("link", name="Set up a partnership").click()
    expect(page.get_by_role("heading", name="Set up a partnership")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Name", exact=True).fill("Westminster City Partnership")
    page.get_by_label("Short name").fill("Westminster")
    page.get_by_label("Address (slug)").fill("static")
    page.get_by_label("Local authority").fill("E09000033")
    page.get_by_label("Administrator's full name").fill("Ada Lovelace")
    page.get_by_label("Administrator's email address").fill("ada@example.org")
    page.get_by_role("button", name="Set up the partnership").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("“static” already begins other addresses")
    expect(summary).to_contain_text("The areas of E09000033 are not loaded yet")
    page.get_by_label("Address (slug)").fill("westminster")
    page.get_by_label("Load its areas now if they are not loaded yet").check()
    # This submission loads Westminster's 13,000 postcodes inside the request: 3 s on an
    # idle machine, beyond the 10 s default when CI's two cores run the suite beside it.
    page.get_by_role("button", name="Set up the partnership").click(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/westminster/$"))
    expect(page.get_by_text("we have emailed ada@example.org")).to_be_visible()
    checklist = page.locator("#setup-checklist").locator("..")
    expect(checklist).to_contain_text("You have completed 0 of 6 steps")
    for step in ("Partner organisations", "Boards and groups", "Terms of reference"):
        expect(checklist.get_by_role("link", name=step, exact=True)).to_be_visible()
    assert axe_violations(page) == []
    assert len(mail.outbox) == 1
    assert "/westminster/accounts/password-reset/" in mail.outbox[0].body
    # exact: the step's "Add them one by one" link names it too, for screen readers.
    checklist.get_by_role("link", name="Partner organisations", exact=True).click()
    expect(page).to_have_url(re.compile(r"/westminster/partnership/import/$"))
    expect(page.get_by_role("link", name="Organisations template (CSV)")).to_be_visible()
