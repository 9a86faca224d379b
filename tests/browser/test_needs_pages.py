"""Needs assessment pages in a browser: axe-clean (with a drawn map, and a published
page's draft of its next edition), and the preview in place (htmx)."""

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
from tests.browser.conftest import axe_violations, follow, htmx_swap
from tests.browser.test_demo_pages import sign_in as demo_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CHART = "{{ chart indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}"
MAP = "{{ map indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}"
#: LSOAs of Ealing whose outlines are in the demo's boundaries (`lis/data/`).
LSOAS = ("E01001195", "E01001196", "E01001197")


@pytest.fixture
def needs(db, settings, tmp_path):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
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
            area=LsoaFactory(code=LSOAS[number], parent=borough),
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
        body=f"# Residents\n\nText.\n\n{CHART}\n\n{MAP}\n\n"
        "{{ figure indicator=CEN-RES area=E01001195 period=2011 }}",
    )


def test_needs_pages_have_no_axe_violations(page, needs):
    problems = {}
    for url in ["/ealing/lis/needs/", "/ealing/lis/needs/who-lives-here/"]:
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    assert page.locator("svg.rt-chart rect").count() == 3
    assert page.locator("svg.rt-choropleth path").count() == 3
    assert problems == {}


def sign_in(page):
    demo_sign_in(page, "admin", "correct-horse-battery")


def test_an_editor_saves_a_draft_of_the_next_edition_and_publishes_it(page, needs):
    sign_in(page)
    page.goto("/ealing/lis/needs/who-lives-here/edit/")
    assert "the public keeps seeing the published page" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Body").fill("Second edition words")
    follow(page, page.get_by_role("button", name="Save draft"))
    assert "Draft saved" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Second edition words" not in page.locator("main").inner_text()
    problems = {"page": axe_violations(page)}
    follow(page, page.get_by_role("link", name="Read the draft"))
    assert "Second edition words" in page.locator("main").inner_text()
    problems["draft"] = axe_violations(page)
    follow(page, page.get_by_role("button", name="Publish the draft"))
    assert "Second edition words" in page.locator("main").inner_text()
    page.goto("/ealing/lis/needs/who-lives-here/history/")
    problems["history"] = axe_violations(page)
    assert problems == {"page": [], "draft": [], "history": []}


def test_a_printed_page_shows_its_map(page, needs):
    page.goto("/ealing/lis/needs/who-lives-here/")
    page.emulate_media(media="print")
    drawing = page.locator("svg.rt-choropleth")
    assert drawing.is_visible()
    assert drawing.bounding_box()["height"] > 100
    assert not page.get_by_text("Show the figures as a table").is_visible()


def test_an_editor_previews_a_page_in_place_and_sees_a_bad_embed(page, needs):
    sign_in(page)
    page.goto("/ealing/lis/needs/add/")
    page.get_by_label("Title").fill("Health")
    page.get_by_label("Theme").fill("Health")
    page.get_by_label("Body").fill(
        f"Intro\n\n{CHART}\n\n{{{{ table indicator=NOPE area_type=lsoa }}}}"
    )
    page.evaluate("() => { window.stillHere = true; }")
    htmx_swap(page, page.get_by_role("button", name="Preview"))
    preview = page.locator("#needs-preview")
    preview.locator("svg.rt-chart").wait_for()
    assert page.evaluate("() => window.stillHere === true")  # swapped in place, not reloaded
    assert "Line 5: there is no indicator “NOPE”" in preview.inner_text()
    assert page.url.endswith("/ealing/lis/needs/add/")
    assert axe_violations(page) == []
    assert follow(page, page.get_by_role("button", name="Save draft")).status == 400
    assert "Line 5: there is no indicator" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []


def test_on_a_phone_a_chart_keeps_readable_labels_and_scrolls_in_its_box(page, needs):
    """A bar chart shrank to the phone's width (660 units in 343 px), so its
    labels and figures were about 6 px high; it keeps 560 px at least, in a box
    that scrolls sideways (a focusable region), and the page does not."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/ealing/lis/needs/who-lives-here/")
    box = page.locator(".rt-needs-chart").first
    chart = box.locator("svg.rt-chart")
    assert chart.bounding_box()["width"] >= 560
    label = chart.locator("text").first.bounding_box()
    assert label["height"] >= 9
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
