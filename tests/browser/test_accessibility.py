"""axe-core finds no violations on the pages people use most."""

from __future__ import annotations

import pytest

from roundtable.accounts.choices import Role
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    TermsOfReferenceFactory,
    UserFactory,
)
from tests.browser.conftest import axe_violations, follow
from tests.browser.test_demo_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(db):
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    board = BodyFactory(partnership=partnership, name="LSP Executive Board", slug="ealing-exec")
    TermsOfReferenceFactory(body=board)
    person = PersonFactory(partnership=partnership, organisation=council, family_name="Bell")
    MembershipFactory(body=board, person=person, organisation=council, role="chair")
    UserFactory(username="admin", role=Role.ADMINISTRATOR, partnership=partnership)
    return {"board": board, "council": council, "person": person}


PUBLIC_PAGES = [
    "/?partnership=ealing",
    "/partnership/structure/",
    "/partnership/bodies/",
    "/partnership/bodies/ealing-exec/",
    "/partnership/bodies/ealing-exec/terms-of-reference/",
    "/partnership/organisations/",
    "/partnership/people/",
    "/search/?q=ealing",
    "/accounts/sign-in/",
    "/places/",
    "/strategy/",
]


def test_public_pages_have_no_axe_violations(page, records):
    page.goto("/?partnership=ealing")
    problems = {}
    for url in [
        *PUBLIC_PAGES,
        records["council"].get_absolute_url(),
        records["person"].get_absolute_url(),
    ]:
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    assert problems == {}


def test_forms_with_errors_have_no_axe_violations(page, records):
    page.goto("/accounts/sign-in/")
    follow(page, page.get_by_role("button", name="Sign in"))
    assert page.locator(".govuk-error-summary").count() == 1
    assert axe_violations(page) == []
    sign_in(page, "admin", "correct-horse-battery")
    for url in [
        "/my/",
        "/partnership/bodies/ealing-exec/members/add/",
        "/partnership/organisations/add/",
        "/partnership/import/",
        "/accounts/",
        "/performance/indicators/add/",
        "/performance/settings/",
        "/performance/data-issues/add/",
    ]:
        page.goto(url)
        assert axe_violations(page) == [], url
    for url in ("/partnership/organisations/add/", "/performance/indicators/add/"):
        page.goto(url)
        follow(page, page.get_by_role("button", name="Save"))
        assert page.locator(".govuk-error-summary").count() == 1, url
        assert axe_violations(page) == [], url
