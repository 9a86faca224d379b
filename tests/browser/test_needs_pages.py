"""Needs assessment pages in a browser: axe-clean, and the preview in place (htmx)."""

from __future__ import annotations

import pytest

from roundtable.accounts.choices import Role
from roundtable.geography.tests.factories import LocalAuthorityFactory
from roundtable.lis.tests.factories import (
    DatasetFactory,
    LsoaFactory,
    NeedsPageFactory,
    ObservationFactory,
)
from roundtable.partnership.tests.factories import PartnershipFactory, UserFactory
from roundtable.performance.tests.factories import IndicatorFactory
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CHART = "{{ chart indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}"


@pytest.fixture
def needs(db):
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    indicator = IndicatorFactory(
        partnership=partnership, code="CEN-RES", name="Usual residents", on_lis=True
    )
    dataset = DatasetFactory(partnership=partnership, slug="census")
    for number, value in enumerate((1612, 1480, 1733)):
        ObservationFactory(
            dataset=dataset,
            indicator=indicator,
            area=LsoaFactory(code=f"E0100000{number}", parent=borough),
            value=value,
            count=value,
            lower_ci_95=value - 80,
            upper_ci_95=value + 80,
        )
    UserFactory(username="admin", role=Role.ADMINISTRATOR, partnership=partnership)
    return NeedsPageFactory(
        partnership=partnership,
        slug="who-lives-here",
        title="Who lives here",
        status="published",
        body=f"# Residents\n\nText.\n\n{CHART}\n\n"
        "{{ figure indicator=CEN-RES area=E01000000 period=2011 }}",
    )


def test_needs_pages_have_no_axe_violations(page, needs):
    problems = {}
    for url in ["/ealing/lis/needs/", "/ealing/lis/needs/who-lives-here/"]:
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    assert page.locator("svg.rt-chart rect").count() == 3
    assert problems == {}


def test_an_editor_previews_a_page_in_place_and_sees_a_bad_embed(page, needs):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/ealing/lis/needs/add/")
    page.get_by_label("Title").fill("Health")
    page.get_by_label("Theme").fill("Health")
    page.get_by_label("Body").fill(
        f"Intro\n\n{CHART}\n\n{{{{ table indicator=NOPE area_type=lsoa }}}}"
    )
    page.evaluate("() => { window.stillHere = true; }")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#needs-preview")
    preview.locator("svg.rt-chart").wait_for()
    assert page.evaluate("() => window.stillHere === true")  # swapped in place, not reloaded
    assert "Line 5: there is no indicator “NOPE”" in preview.inner_text()
    assert page.url.endswith("/ealing/lis/needs/add/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save as a draft").click()
    assert "Line 5: there is no indicator" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
