"""axe-core finds no violations on the LIS area pages: profile, compare, overview
(tartan rug), statistical neighbours and the area chooser (#12)."""

from __future__ import annotations

import pytest

from roundtable.lis import intervals
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory, make_places
from roundtable.partnership.tests.factories import PartnershipFactory
from roundtable.performance.tests.factories import IndicatorFactory
from tests.browser.conftest import axe_violations, follow, govuk_frontend_started

pytestmark = pytest.mark.django_db(transaction=True)


def observe(dataset, indicator, area, period, count, denominator):
    limits = intervals.confidence_limits(
        "proportion", count=count, denominator=denominator, multiplier=100
    )
    ObservationFactory(
        dataset=dataset,
        indicator=indicator,
        area=area,
        period=period,
        value=count / denominator * 100,
        count=count,
        denominator=denominator,
        lower_ci_95=limits.lower_95,
        upper_ci_95=limits.upper_95,
        lower_ci_99_8=limits.lower_99_8,
        upper_ci_99_8=limits.upper_99_8,
        ci_method=limits.method,
    )


@pytest.fixture
def statistics(db):
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    places = make_places()
    england, london, ealing, brent = (places[k] for k in ("england", "london", "ealing", "brent"))
    lsoas = places["lsoas"]
    dataset = DatasetFactory(partnership=partnership, slug="health")
    smoking = IndicatorFactory(
        partnership=partnership,
        code="SMK",
        name="Smoking prevalence",
        polarity="lower",
        value_type="proportion",
        multiplier=100,
        decimals=1,
        on_lis=True,
        in_report=False,
    )
    for n, year in enumerate(range(2015, 2020)):
        observe(dataset, smoking, ealing, str(year), 200 + 30 * n, 1000)
        observe(dataset, smoking, brent, str(year), 180, 1000)
        observe(dataset, smoking, london, str(year), 20_000, 100_000)
        observe(dataset, smoking, england, str(year), 180_000, 1_000_000)
    for n, lsoa in enumerate(lsoas):
        observe(dataset, smoking, lsoa, "2019", 100 + 150 * n, 600)
    return partnership


AREA_PAGES = [
    "/ealing/lis/areas/",
    "/ealing/lis/areas/E09000009/",
    "/ealing/lis/areas/E09000009/?benchmark=neighbours&by=SMK&n=1",
    "/ealing/lis/areas/compare/?area=E09000009&area=E09000005",
    "/ealing/lis/areas/compare/",
    "/ealing/lis/areas/E09000009/overview/?area_type=lsoa",
    "/ealing/lis/areas/E09000009/neighbours/?indicator=SMK&n=5",
    # England's figures on their own, and a region compared with England once.
    "/ealing/lis/areas/E92000001/",
    "/ealing/lis/areas/E12000007/",
    # London has no other region with figures: no neighbours, nothing compared.
    "/ealing/lis/areas/E12000007/neighbours/?indicator=SMK&n=5",
    "/ealing/lis/areas/E12000007/?benchmark=neighbours&by=SMK&n=5",
]


def test_lis_area_pages_have_no_axe_violations(page, statistics):
    problems = {}
    for url in AREA_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    assert problems == {}


def test_the_neighbours_form_sent_with_no_indicator_names_the_field(page, statistics):
    """The form sent with nothing ticked: an error summary linking to the first
    indicator, the message on the field, the title starting "Error: "."""
    page.goto("/ealing/lis/areas/E09000009/neighbours/")
    follow(page, page.get_by_role("button", name="Find neighbours"))
    assert page.title().startswith("Error: Ealing: statistical neighbours")
    summary = page.locator(".govuk-error-summary")
    assert "Choose at least one indicator to find neighbours by" in summary.inner_text()
    govuk_frontend_started(summary)  # it moves the focus to the field its link names
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "indicator-1"
    assert axe_violations(page) == []


def test_a_bad_number_of_neighbours_is_named_on_its_field(page, statistics):
    """ "How many neighbours" that cannot be used: the form again, an error summary
    linking to that field, the range on it, what was typed kept."""
    page.goto("/ealing/lis/areas/E09000009/neighbours/")
    page.locator("#indicator-1").check()
    page.fill("#n", "500")
    follow(page, page.get_by_role("button", name="Find neighbours"))
    assert page.title().startswith("Error: Ealing: statistical neighbours")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a whole number from 1 to 50" in summary.inner_text()
    assert "Choose at least one indicator" not in summary.inner_text()
    govuk_frontend_started(summary)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "n"
    assert page.input_value("#n") == "500"
    assert page.locator("#indicator-1").is_checked()
    assert axe_violations(page) == []


def test_add_areas_to_a_comparison_and_remove_one(page, statistics):
    """From the area chooser to a comparison of two areas, by typing their names; a
    name that is not an area is named on the field; an area is removed."""
    page.goto("/ealing/lis/areas/")
    follow(page, page.get_by_role("link", name="compare areas"))
    page.fill("#compare-add", "Ealing")
    follow(page, page.get_by_role("button", name="Add area"))
    page.fill("#compare-add", "Narnia")
    follow(page, page.get_by_role("button", name="Add area"))
    assert "No area here is called “Narnia”" in page.inner_text(".govuk-error-summary")
    assert axe_violations(page) == []
    page.fill("#compare-add", "brent")
    follow(page, page.get_by_role("button", name="Add area"))
    assert page.url.endswith("/ealing/lis/areas/compare/?area=E09000009&area=E09000005")
    header = page.locator("table thead").inner_text()
    assert "Ealing" in header
    assert "Brent" in header
    follow(page, page.get_by_role("link", name="Remove Ealing"))
    assert page.url.endswith("?area=E09000005")
    assert "Ealing" not in page.locator("table thead").inner_text()


@pytest.mark.parametrize("query", ["", "?benchmark=neighbours&by=SMK&n=1"])
def test_the_trend_charts_arrive_after_the_page_in_their_places(page, statistics, query):
    """The page comes with each indicator's figures; its trend chart comes in one
    request once the Trends section nears the screen, into that indicator's slot."""
    page.goto(f"/ealing/lis/areas/E09000009/{query}")
    page.locator("#lis-trends").scroll_into_view_if_needed()
    page.wait_for_selector('#lis-trends[data-state="drawn"]')
    chart = page.locator('[data-trend-chart="SMK"] svg')
    assert chart.count() == 1
    assert chart.locator("title").text_content() == "Trend: Smoking prevalence"
    assert axe_violations(page) == []


def test_the_profile_table_and_its_spine_charts_fit_a_laptop_screen(page, statistics):
    """At 1280 pixels wide the profile's table, spine charts and all, fits its
    scrolling box: the charts are seen without scrolling sideways."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/ealing/lis/areas/E09000009/?benchmark=neighbours&by=SMK&n=1")
    box = page.locator(".rt-scroll-x").first
    scrolled, shown = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scrolled <= shown
    assert page.locator(".rt-scroll-x svg.rt-chart").first.is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_spine_charts_key_keeps_its_words_beside_their_icons(page, statistics, width):
    """At 375 pixels wide a key entry's words wrapped under its icon; each entry's
    words now start beside the icon and wrap under themselves, on a phone and on a
    laptop."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/ealing/lis/areas/E09000009/")
    items = page.locator("#spine-key li")
    assert items.count() >= 3
    for n in range(items.count()):
        icon = items.nth(n).locator("svg").bounding_box()
        lines = items.nth(n).evaluate(
            """li => {
              const range = document.createRange();
              range.selectNodeContents(li.querySelector('.lis-spine-key__words') || li);
              return Array.from(range.getClientRects(), r => [r.left, r.top, r.height]);
            }"""
        )
        assert lines, n
        right_of_icon = icon["x"] + icon["width"]
        # Every line of the words starts right of the icon, none under it.
        assert all(left >= right_of_icon for left, _, _ in lines), (width, n, lines)
        # And the icon sits on the first line, not above or below it.
        first_top, first_height = lines[0][1], lines[0][2]
        middle = icon["y"] + icon["height"] / 2
        assert first_top <= middle <= first_top + first_height, (width, n)
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
