"""The LIS map in Chromium: open it, switch indicator, click an LSOA, land on its
profile; hover and keyboard focus describe an area; axe-core finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from roundtable.core.testing import fresh_statistics
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.services import load_local_authority
from roundtable.geography.sources import Sources
from roundtable.geography.tests.factories import (
    AreaFactory,
    LocalAuthorityFactory,
    PostcodeFactory,
)
from roundtable.lis.boundary_store import default_store
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.partnership.models import Partnership
from roundtable.partnership.tests.factories import PartnershipFactory
from roundtable.performance.tests.factories import IndicatorFactory
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

EALING = "E09000009"
MAP = f"/ealing/lis/map/?indicator=STR1&area_type=lsoa&within={EALING}&period=2011"


@pytest.fixture
def stroke_and_residents(settings, tmp_path):
    """Ealing's 196 LSOAs with two indicators: stroke admissions (lower is better,
    against Ealing's value) and residents (no judgement: quintiles)."""
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    load_local_authority(EALING, Sources.mini())
    dataset = DatasetFactory(partnership=partnership, slug="stroke", title="Stroke")
    stroke = IndicatorFactory(
        partnership=partnership, code="STR1", name="Stroke admissions", polarity="lower",
        value_type="rate", in_report=False, on_lis=True, decimals=1,
    )  # fmt: skip
    residents = IndicatorFactory(
        partnership=partnership, code="RES1", name="Residents", polarity="none",
        value_type="count", in_report=False, on_lis=True,
    )  # fmt: skip
    lsoas = list(Area.objects.filter(area_type="lsoa").order_by("code"))
    for n, lsoa in enumerate(lsoas):
        value = 50.0 + n
        ObservationFactory(
            dataset=dataset, indicator=stroke, area=lsoa, value=value,
            lower_ci_95=value - 20, upper_ci_95=value + 20,
        )  # fmt: skip
        ObservationFactory(dataset=dataset, indicator=residents, area=lsoa, value=1000.0 + n)
    ObservationFactory(
        dataset=dataset, indicator=stroke, area=Area.objects.get(code=EALING), value=150.0
    )
    _fresh_statistics()
    return {lsoa.code for lsoa in lsoas}


def _fresh_statistics() -> None:
    """On PostgreSQL, statistics of the rows just made. Late in a full run the
    tables' statistics are those of earlier tests' rows (a flush TRUNCATEs the rows,
    not the statistics), and with them the map's query of its figures once ran for
    over 48 s (the stuck-test dump: `maps._figures`, active, blocked by nobody) where
    it takes 2 ms. With statistics of a big table since emptied, the planner put the
    recursive "areas inside" subquery at 33 million rows (259 real) and chose nested
    loops; over PostgreSQL's JIT threshold, compiling alone took 0.5 s until settings
    turned JIT off (`DATABASE_JIT`). Fresh statistics keep the estimate honest, as a
    site's autovacuum does."""
    fresh_statistics()


def _drawn(page, indicator: str) -> None:
    page.wait_for_selector(f'#lis-map[data-state="drawn"][data-indicator="{indicator}"]')


def test_open_the_map_switch_indicator_and_click_an_lsoa(page, stroke_and_residents):
    page.goto(MAP)
    _drawn(page, "STR1")
    assert page.locator("#lis-map canvas").count() == 2  # the areas, the highlight
    assert "Compared with Ealing" in page.locator("#map-table thead").inner_text()
    legend = page.locator("#map-legend").inner_text()
    assert "Better" in legend
    assert "Worse" in legend

    page.select_option("#map-indicator", "RES1")
    _drawn(page, "RES1")
    assert page.locator("h1").inner_text() == "Map: Residents"
    assert "Quintile 1 (lowest)" in page.locator("#map-legend").inner_text()
    assert "indicator=RES1" in page.url
    assert page.locator("#map-rows tr").count() == 196

    # In view first: the map's middle was 18 px above the window's foot, and a
    # summary a line longer put it below (the mouse then hovers nothing).
    page.locator("#lis-map").scroll_into_view_if_needed()
    box = page.locator("#lis-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.getElementById('lis-map-info').textContent.length > 0")
    # Its figure in its unit (the factory's "count"), as "My area" says it.
    assert re.match(
        r"Ealing \d{3}[A-Z]: [\d,.]+ count \(Quintile \d\)", page.inner_text("#lis-map-info")
    )
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    found = re.search(r"/ealing/lis/areas/(E01\d{6})/$", page.url)
    assert found, page.url
    assert found.group(1) in stroke_and_residents


def test_a_postcode_outside_the_map_names_its_area(page, stroke_and_residents):
    """A postcode in another borough: its area is not on Ealing's map, and the map
    says which area it is by name and code, not by its code alone."""
    westminster = LocalAuthorityFactory(code="E09000033", name="Westminster")
    lsoa = AreaFactory(
        code="E01004736", name="Westminster 018C", area_type=AreaType.LSOA, parent=westminster
    )
    PostcodeFactory(postcode="SW1A 1AA", local_authority=westminster, lsoa=lsoa)
    page.goto(f"{MAP}&postcode=SW1A1AA")
    _drawn(page, "STR1")
    assert page.inner_text("#lis-map-info") == "Westminster 018C (E01004736): not on this map"
    assert page.inner_text("#map-found").startswith("SW1A 1AA is in Westminster 018C")


def test_switching_to_an_indicator_kept_for_boroughs_shows_the_boroughs(page, stroke_and_residents):
    """A performance indicator kept for the borough alone drew an empty map of LSOAs
    when chosen on an LSOA map; the map moves to local authorities and says so."""
    ealing = Area.objects.get(code=EALING)
    dataset = DatasetFactory(partnership=Partnership.objects.get(slug="ealing"), slug="boro")
    boro = IndicatorFactory(
        partnership=dataset.partnership, code="BORO", name="Borough figure", polarity="higher",
        value_type="proportion", in_report=False, on_lis=True,
    )  # fmt: skip
    ObservationFactory(dataset=dataset, indicator=boro, area=ealing, period="2012", value=44.8)
    page.goto(MAP)
    _drawn(page, "STR1")
    page.select_option("#map-indicator", "BORO")
    _drawn(page, "BORO")
    assert page.locator("#map-area_type").input_value() == "local_authority"
    assert page.locator("#map-within").input_value() == (
        ealing.parent.code if ealing.parent else ""
    )
    assert page.locator("#map-period").input_value() == "2012"
    assert page.inner_text("#map-summary").startswith(
        "Borough figure has no figures for lower layer super output areas (LSOAs), so the map "
        "shows local authorities instead."
    )
    assert page.locator("#map-rows tr", has_text="Ealing").count() == 1
    assert "area_type=local_authority" in page.url
    assert "so the map shows local authorities" in page.inner_text("#lis-map-info")
    # The note was about that map: the next one clears it.
    page.select_option("#map-indicator", "STR1")
    _drawn(page, "STR1")
    assert page.inner_text("#lis-map-info") == ""


def test_an_answer_that_comes_after_a_later_choice_is_dropped(page, stroke_and_residents):
    """Choosing indicators quickly: an earlier choice's answer arriving last drew its
    map, table and heading under the later choice (and put its period in the address)."""
    page.goto(MAP)
    _drawn(page, "STR1")
    # Which answers the page has read, in the order it read them.
    page.evaluate(
        """() => {
             const json = Response.prototype.json;
             window.answersRead = [];
             Response.prototype.json = function () {
               const url = this.url;
               return json.call(this).then((value) => {
                 window.answersRead.push(url);
                 return value;
               });
             };
           }"""
    )
    held = []  # RES1's answer is held back until STR1's map is drawn
    page.route("**/lis/map/data.json?indicator=RES1*", lambda route: held.append(route))
    with page.expect_request("**/lis/map/data.json?indicator=RES1*"):
        page.select_option("#map-indicator", "RES1")
    page.select_option("#map-indicator", "STR1")
    _drawn(page, "STR1")
    while not held:  # the route's handler runs on Playwright's next message
        page.wait_for_timeout(10)
    with page.expect_event("requestfinished", lambda r: "indicator=RES1" in r.url):
        held[0].continue_()
    # The slow answer for RES1 has come and been read (the page's own handling of it
    # follows in the same task), and a frame has passed (the map marks what it drew
    # in the next one).
    page.wait_for_function("() => window.answersRead.some((url) => url.includes('indicator=RES1'))")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    assert "indicator=RES1" in page.evaluate("() => window.answersRead.at(-1)")  # read last
    assert page.locator("#lis-map").get_attribute("data-indicator") == "STR1"
    assert page.locator("h1").inner_text() == "Map: Stroke admissions"
    assert "indicator=STR1" in page.url
    assert "Compared with Ealing" in page.locator("#map-table thead").inner_text()


def test_choosing_local_authorities_inside_a_borough_shows_those_around_it(
    page, stroke_and_residents
):
    ealing = Area.objects.get(code=EALING)
    page.goto(MAP)
    _drawn(page, "STR1")
    page.select_option("#map-area_type", "local_authority")
    page.wait_for_selector('#lis-map[data-state="drawn"]')
    page.wait_for_function("!location.search.includes('area_type=lsoa')")
    assert page.locator("#map-within").input_value() == (
        ealing.parent.code if ealing.parent else ""
    )
    assert page.locator("#map-rows tr", has_text="Ealing").count() == 1


def test_a_map_opened_with_no_areas_is_drawn_and_says_why(page, stroke_and_residents):
    """Local authorities inside Ealing: none. The map had no view to fit and Leaflet
    failed ("Set map center and zoom first"); it now opens on England and Wales, with
    the summary saying what to choose instead."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/ealing/lis/map/?indicator=STR1&area_type=local_authority&within={EALING}")
    _drawn(page, "STR1")
    assert page.locator("#map-rows tr", has_text="No published figures").count() == 1
    assert "Choose another period" in page.inner_text("#map-summary")
    assert "could not be drawn" not in page.inner_text("#lis-map-info")
    assert errors == []


def test_keyboard_focus_on_a_row_describes_its_area(page, stroke_and_residents):
    page.goto(MAP)
    _drawn(page, "STR1")
    first = page.locator("#map-rows tr").first
    name = first.locator("a").inner_text()
    first.locator("a").focus()
    info = page.inner_text("#lis-map-info")
    assert info.startswith(f"{name}: ")
    assert "95% confidence interval" in info


def test_an_areas_description_names_the_unit_after_its_figure(page, stroke_and_residents):
    """Hover and keyboard focus described an area as "Ealing 001A: 50.0 (95%
    confidence interval ...)", a bare number, read aloud too (the line beside the map
    is polite live text); the unit follows the figure, as "My area" says it, and a
    percentage's "%" is glued to it."""
    from roundtable.performance.models import Indicator

    Indicator.objects.filter(code="STR1").update(unit="per 100,000 person-years", multiplier=100000)
    page.goto(MAP)
    _drawn(page, "STR1")
    first = page.locator("#map-rows tr").first
    name = first.locator("a").inner_text()
    first.locator("a").focus()
    info = page.inner_text("#lis-map-info")
    assert re.match(
        rf"{name}: [\d,.]+ per 100,000 person-years \(95% confidence interval [\d,.]+ to ", info
    ), info
    Indicator.objects.filter(code="STR1").update(unit="%", multiplier=1)
    page.goto(MAP)
    _drawn(page, "STR1")
    page.locator("#map-rows tr").first.locator("a").focus()
    assert re.match(rf"{name}: [\d,.]+% \(95%", page.inner_text("#lis-map-info"))


def test_an_areas_description_puts_money_before_its_figure(page, stroke_and_residents):
    """A "£" unit was said after the figure, "Ealing 001A: 50.0 £ (95% ..."; money's
    symbol goes before it, "£50.0", and a scale after it, "£50.0 million"."""
    from roundtable.performance.models import Indicator

    for unit, after in (("£", ""), ("£ million", " million")):
        Indicator.objects.filter(code="STR1").update(unit=unit, multiplier=1)
        page.goto(MAP)
        _drawn(page, "STR1")
        first = page.locator("#map-rows tr").first
        name = first.locator("a").inner_text()
        first.locator("a").focus()
        info = page.inner_text("#lis-map-info")
        assert re.match(rf"{re.escape(name)}: £[\d,.]+{after} \(95% confidence", info), info
        assert not re.search(r"\d £", info), info  # not "50.0 £"


def test_the_table_is_ordered_again_in_place_and_the_address_follows(page, stroke_and_residents):
    """Stroke admissions rise with the LSOA's code (50.0 for the first): ordered by the
    highest value, the last code comes first; the download links and the address say
    so; a new indicator's table keeps the order chosen."""
    page.goto(MAP)
    _drawn(page, "STR1")
    codes = sorted(stroke_and_residents)
    assert page.locator("#map-rows tr").first.get_attribute("data-area") == codes[0]
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.select_option("#map-order", "highest")
    expect(page.locator("#map-rows tr").first).to_have_attribute("data-area", codes[-1])
    assert not [url for url in asked if "/map/data" in url]  # no trip to the server
    assert "order=highest" in page.url
    assert "order=highest" in page.get_attribute("#map-download-csv", "href")
    page.select_option("#map-indicator", "RES1")
    _drawn(page, "RES1")
    assert page.locator("#map-rows tr").first.get_attribute("data-area") == codes[-1]
    page.reload()
    _drawn(page, "RES1")
    assert page.locator("#map-rows tr").first.get_attribute("data-area") == codes[-1]
    assert page.locator("#map-order").input_value() == "highest"


def test_the_map_page_has_no_axe_violations(page, stroke_and_residents):
    page.goto(MAP)
    _drawn(page, "STR1")
    assert axe_violations(page) == []
    page.goto("/ealing/lis/map/?indicator=NOPE")
    assert axe_violations(page) == []


def test_tab_to_an_area_read_its_tooltip_and_open_its_profile(page, stroke_and_residents):
    """The map is one tab stop: focused, it is on an area and says so (the same text
    as hover, in the tooltip and the live region); the arrows move between areas and
    Enter opens the profile of the area the keyboard is on."""
    page.goto(MAP)
    _drawn(page, "STR1")
    page.focus("#map-form button")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lis-map"
    tooltip = page.locator(".lis-map-tooltip")
    tooltip.wait_for(state="visible")
    first = tooltip.inner_text()
    assert re.match(
        r"Ealing \d{3}[A-Z]: [\d,.]+ count \(95% confidence interval [\d,.]+ to [\d,.]+\) \((Better|Similar|Worse)",
        first,
    ), first
    assert page.inner_text("#lis-map-info") == first

    page.keyboard.press("ArrowRight")
    moved = tooltip.inner_text()
    assert moved != first
    assert page.inner_text("#lis-map-info") == moved
    name = moved.split(":")[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    found = re.search(r"/ealing/lis/areas/(E01\d{6})/$", page.url)
    assert found, page.url
    assert found.group(1) in stroke_and_residents
    assert name in page.locator("h1").inner_text()


def test_compare_an_area_with_its_statistical_neighbours(page, stroke_and_residents):
    """The map of one LSOA and its five nearest by stroke admissions: the table lists
    the six, the choice stays in the address when the indicator changes, and the
    page passes axe with the neighbours' choices open."""
    first = min(stroke_and_residents)
    page.goto(f"{MAP}&compare=neighbours&area={first}&n=5")
    _drawn(page, "STR1")
    assert page.get_attribute("#lis-map", "data-compare") == "neighbours"
    assert page.locator("#map-rows tr").count() == 6
    assert page.locator("#map-rows tr").first.get_attribute("data-area") == first
    assert "and its 5 statistical neighbours" in page.inner_text("#map-summary")
    assert axe_violations(page) == []

    page.select_option("#map-indicator", "RES1")
    _drawn(page, "RES1")
    assert page.locator("#map-rows tr").count() == 6
    assert f"compare=neighbours&area={first}&by=STR1&n=5" in page.url
    assert "and its 5 statistical neighbours" in page.inner_text("#map-summary")

    page.select_option("#map-compare", "england")
    page.wait_for_selector('#lis-map[data-state="drawn"][data-compare="england"]')
    assert page.locator("#map-rows tr").count() == 196
    assert "compare=england" in page.url


def test_a_boroughs_map_is_drawn_from_the_page_without_fetching(page, stroke_and_residents):
    """Its boundaries built, a borough's map comes with its data and boundaries in the
    page and is drawn with no request for either; a later choice fetches them (the
    boundaries packed) and the keyboard still finds an area on the map."""
    default_store().build(["lsoa"], [12])
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(MAP)
    _drawn(page, "STR1")
    assert not [url for url in asked if "/map/data.json" in url or "/boundaries/" in url]
    assert page.locator("script#lis-map-first-data").count() == 0  # read once, then gone
    box = page.locator("#lis-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#lis-map-info")).to_have_text(re.compile(r"^Ealing \d{3}[A-Z]: "))

    page.select_option("#map-within", "")
    page.wait_for_selector('#lis-map[data-state="drawn"]')
    page.wait_for_function("location.search.indexOf('within=') < 0")
    assert any("/boundaries/lsoa.json" in url and "format=packed" in url for url in asked)
    page.mouse.move(0, 0)
    page.focus("#lis-map")  # the keyboard's area: the one nearest the middle
    expect(page.locator("#lis-map-info")).to_have_text(re.compile(r"^.+ \d{3}[A-Z]: "))


def test_the_map_is_painted_before_gov_uk_frontend_starts(page, stroke_and_residents):
    """A borough's map, which comes with its page, is drawn in the page's first
    frame; GOV.UK Frontend's components start after it (init.js, data-after-paint),
    and htmx, which the page does not use, is not loaded."""
    default_store().build(["lsoa"], [12])
    page.add_init_script(
        """new MutationObserver((changes, observer) => {
             if (document.querySelector("[data-govuk-button-init]")) {
               window.startedAt = performance.now();
               observer.disconnect();
             }
           }).observe(document, {attributes: true, subtree: true});"""
    )
    page.goto(MAP)
    _drawn(page, "STR1")
    page.wait_for_function("window.startedAt !== undefined")
    drawn = page.evaluate("performance.getEntriesByName('lis-map-drawn')[0].startTime")
    assert page.evaluate("window.startedAt") > drawn
    assert page.evaluate("typeof window.htmx") == "undefined"


def test_nearest_by_follows_the_areas_chosen(page, stroke_and_residents):
    """ "Nearest by" lists the indicators with figures for the map's type of area:
    choosing another type shows its own and unticks the others (an area's neighbours
    cannot be found by an indicator without figures for its type: a 400 under the
    map). "Areas" and "Inside" offer only what has figures."""
    dataset = DatasetFactory(partnership=Partnership.objects.get(slug="ealing"), slug="boro")
    boro = IndicatorFactory(
        partnership=dataset.partnership, code="BORO", name="Borough figure", polarity="higher",
        value_type="proportion", in_report=False, on_lis=True,
    )  # fmt: skip
    ObservationFactory(
        dataset=dataset, indicator=boro, area=Area.objects.get(code=EALING), value=44.8
    )
    page.goto(MAP)
    _drawn(page, "STR1")
    assert page.locator("#map-area_type option").evaluate_all(
        "options => options.map(o => o.value)"
    ) == ["lsoa", "local_authority"]
    page.locator("#map-neighbours summary").click()

    def shown() -> list[str]:
        return page.locator("#map-neighbours .govuk-checkboxes__input:visible").evaluate_all(
            "boxes => boxes.map(b => b.value)"
        )

    assert shown() == ["RES1", "STR1"]
    page.check("#map-neighbours input[value='RES1']")
    page.select_option("#map-area_type", "local_authority")
    expect(page).to_have_url(re.compile(r"area_type=local_authority"))
    assert shown() == ["BORO", "STR1"]
    assert not page.is_checked("#map-neighbours input[value='RES1']")
    assert page.locator("#map-by-none").is_hidden()
    assert axe_violations(page) == []


def test_a_figures_note_is_pointed_to_from_the_table_and_said_on_hover(page, stroke_and_residents):
    from roundtable.lis.models import Observation

    first, second = sorted(stroke_and_residents)[:2]
    Observation.objects.filter(indicator__code="STR1", area__code__in=[first, second]).update(
        note="Provisional figure"
    )
    page.goto(MAP)
    _drawn(page, "STR1")
    rows = page.locator("#map-rows tr")
    assert rows.nth(0).inner_text().count("[note 1]") == 1
    assert rows.nth(1).inner_text().count("[note 1]") == 1
    assert "[note" not in rows.nth(2).inner_text()
    notes = page.locator("#map-notes li")
    expect(notes).to_have_count(1)
    assert notes.first.inner_text() == "[note 1] Provisional figure"
    rows.nth(0).locator("a").first.focus()
    assert page.inner_text("#lis-map-info").endswith(". Provisional figure")
    # Another indicator without notes leaves none behind.
    page.select_option("#map-indicator", "RES1")
    _drawn(page, "RES1")
    expect(page.locator("#map-notes li")).to_have_count(0)


def test_the_maps_form_fits_a_phone_with_a_long_indicator_name(page, stroke_and_residents):
    """On a phone 375 px wide no list of the map's form runs past the screen's edge,
    nor does the page, whatever its longest option (an indicator named in 140
    characters here), with the statistical neighbours' choices open (#12)."""
    dataset = DatasetFactory(partnership=Partnership.objects.get(slug="ealing"), slug="long")
    long = IndicatorFactory(
        partnership=dataset.partnership, code="LONG1", in_report=False, on_lis=True,
        name="Emergency hospital admissions for intentional self-harm, directly "
        "age-standardised rate per 100,000 population, all ages, persons, 2011",
    )  # fmt: skip
    ObservationFactory(dataset=dataset, indicator=long, area=Area.objects.get(code=EALING))
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{MAP}&compare=neighbours&area={min(stroke_and_residents)}")
    _drawn(page, "STR1")
    assert page.locator("#map-neighbours").get_attribute("open") is not None
    assert page.locator("#map-indicator option[value='LONG1']").count() == 1
    selects = page.locator("#map-indicator, #map-form select").evaluate_all(
        "lists => lists.map(l => [l.id, l.getBoundingClientRect().right])"
    )
    assert [name for name, _ in selects] == [
        "map-indicator", "map-area_type", "map-within", "map-period", "map-compare",
        "map-order",
    ]  # fmt: skip
    assert [name for name, right in selects if right > 375] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_script_drawn_table_names_the_unit_and_writes_a_suppression_reason_once(
    page, stroke_and_residents
):
    """Switching indicators redraws the table in the page: its "Value" heading names
    the new indicator's unit, and a suppressed area's row says "Suppressed [note 1]"
    with the reason written once below, as the page the server sends does."""
    from roundtable.lis.models import Observation
    from roundtable.performance.models import Indicator

    Indicator.objects.filter(code="STR1").update(unit="per 100,000", multiplier=100000)
    first, second = sorted(stroke_and_residents)[:2]
    Observation.objects.filter(indicator__code="STR1", area__code__in=[first, second]).update(
        value=None, lower_ci_95=None, upper_ci_95=None, suppressed=True
    )
    page.goto(MAP.replace("STR1", "RES1"))
    _drawn(page, "RES1")
    page.select_option("#map-indicator", "STR1")
    _drawn(page, "STR1")
    assert page.locator("#map-table thead th").nth(1).inner_text() == "Value (per 100,000)"
    rows = page.locator("#map-rows tr")
    assert rows.nth(0).locator("td").nth(1).inner_text() == "Suppressed [note 1]"
    assert rows.nth(1).locator("td").nth(1).inner_text() == "Suppressed [note 1]"
    assert "Suppressed to protect" not in page.inner_text("#map-rows")
    notes = page.locator("#map-notes li")
    expect(notes).to_have_count(1)
    assert notes.first.inner_text().startswith("[note 1] Suppressed to protect confidentiality")
    assert "(2 areas)" in page.inner_text("#map-legend")


def test_not_compared_is_hatched_on_the_map_in_its_key_and_in_the_table(page, stroke_and_residents):
    """ "Not compared" was a white square with a border, like an empty checkbox: it
    is hatched (grey lines on white) on the map's areas, in its key and beside each
    row of the table alike."""
    page.goto(MAP + "&compare=england")  # England has no figure: nothing is compared
    _drawn(page, "STR1")
    for swatch in (".lis-map-legend .lis-class-not-compared", "td .lis-class-not-compared"):
        image = page.locator(swatch).first.evaluate("e => getComputedStyle(e).backgroundImage")
        assert "repeating-linear-gradient" in image, swatch
    # The map's canvas: in its middle, white areas with outlines were nearly all
    # white; hatched, a good part is the grey of the lines.
    white = page.evaluate(
        """() => {
             const canvas = document.querySelector("#lis-map canvas");
             const c = canvas.getContext("2d");
             const x = Math.floor(canvas.width / 2) - 30, y = Math.floor(canvas.height / 2) - 30;
             const data = c.getImageData(x, y, 60, 60).data;
             let white = 0;
             for (let i = 0; i < data.length; i += 4) {
               if (data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250) white += 1;
             }
             return white / (data.length / 4);
           }"""
    )
    assert 0.3 < white < 0.78, white


def test_on_a_phone_the_table_is_folded_under_the_map_and_opens(page, stroke_and_residents):
    """At 375 px the table of every area followed the map, 196 rows and some 20,000
    px of page; it is folded under its summary (GOV.UK details), the map and its
    key first, and opens with a tap or Enter. A screen reader hears the summary
    and "collapsed". Wide, it is open as before."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(MAP)
    _drawn(page, "STR1")
    figures = page.locator("#map-figures")
    assert figures.evaluate("d => d.open") is False
    assert not page.locator("#map-table").is_visible()
    assert page.locator("#map-rows tr").count() == 196  # there, folded
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    map_box = page.locator("#lis-map").bounding_box()
    summary = page.locator("#map-figures summary")
    assert summary.bounding_box()["y"] > map_box["y"] + map_box["height"]
    assert summary.inner_text() == "Figures for each area as a table"
    assert axe_violations(page) == []
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map-table")).to_be_visible()
    assert page.locator("#map-rows tr").first.is_visible()
    # Widening the window opens it (a folded table on a wide screen hides it).
    page.locator("#map-figures summary").click()
    assert figures.evaluate("d => d.open") is False
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator("#map-table")).to_be_visible()


def test_on_a_wide_screen_the_table_is_open(page, stroke_and_residents):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(MAP)
    _drawn(page, "STR1")
    assert page.locator("#map-figures").evaluate("d => d.open") is True
    expect(page.locator("#map-table")).to_be_visible()


def test_areas_with_a_figure_but_no_boundary_are_said_under_the_map(page, stroke_and_residents):
    """An area with a figure but no boundary (loaded without LSOAs and not among the
    local authorities shipped in lis/data/) is said under the map, not silently
    dropped; a shipped authority loaded without LSOAs (Brent) is drawn."""
    from roundtable.lis.models import Dataset
    from roundtable.performance.models import Indicator

    london = Area.objects.get(code="E12000007")
    stroke = {
        "dataset": Dataset.objects.get(slug="stroke"),
        "indicator": Indicator.objects.get(code="STR1"),
    }
    brent = AreaFactory(
        code="E09000005", name="Brent", area_type=AreaType.LOCAL_AUTHORITY, parent=london
    )
    ObservationFactory(**stroke, area=brent, value=120.0)
    london_map = "/ealing/lis/map/?indicator=STR1&area_type=local_authority&within=E12000007"
    page.goto(london_map + "&period=2011")
    _drawn(page, "STR1")
    expect(page.locator("#map-undrawn")).to_be_hidden()  # Brent from the shipped shapes
    nowhere = AreaFactory(
        code="E09999990", name="Nowhere", area_type=AreaType.LOCAL_AUTHORITY, parent=london
    )
    ObservationFactory(**stroke, area=nowhere, value=110.0)
    page.goto(london_map + "&period=2011&order=name")  # another address: not the kept page
    _drawn(page, "STR1")
    note = page.locator("#map-undrawn")
    expect(note).to_be_visible()
    assert note.inner_text() == (
        "1 area has a figure but no boundary to draw on this map; it is in the table."
    )
    page.goto(MAP)  # every LSOA of Ealing is drawn
    _drawn(page, "STR1")
    expect(page.locator("#map-undrawn")).to_be_hidden()
