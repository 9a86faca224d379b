"""Pages whose behaviour or looks moved into static files still work under the CSP.

The `page` fixture fails a test on any message in which Chromium reports that the
Content-Security-Policy refused something; these tests check that what the
policy allows is enough: GOV.UK Frontend starts, the report's stylesheet
applies, the print button prints, and the API docs (Swagger UI) draw.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import govuk_frontend_started

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    from roundtable.demo.testing import load_demo_for_test

    load_demo_for_test()


def test_govuk_frontend_starts_from_its_static_file(page, demo):
    page.goto("/?partnership=ealing")
    body_class = page.locator("body").get_attribute("class")
    assert "js-enabled" in body_class
    assert "govuk-frontend-supported" in body_class
    # initAll() ran: the service navigation's menu toggle is wired up.
    page.set_viewport_size({"width": 375, "height": 800})
    # initAll() runs once GOV.UK Frontend's module is in, which can be after the load
    # event: a click before then would find no toggle wired up.
    govuk_frontend_started(page.locator("[data-module='govuk-service-navigation']"))
    toggle = page.get_by_role("button", name="Menu")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"


def test_the_report_takes_its_colours_from_its_stylesheet(page, demo):
    page.goto("/performance/report/?partnership=ealing")
    red = page.locator(".rt-rag--red").first
    assert red.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(212, 53, 28)"


def test_the_print_button_on_the_structure_chart_prints(page, demo):
    page.goto("/partnership/structure/?partnership=ealing")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print this chart").click()
    assert page.evaluate("() => window.printed") == 1


def test_the_api_docs_draw_from_our_own_files(page, demo):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert [url for url in requests if not url.startswith(page.url.split("/api/")[0])] == []
