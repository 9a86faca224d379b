"""My Roundtable in a browser, on the demo: the chair signs in and reaches their pack."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, download

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    from roundtable.demo.testing import load_demo_for_test

    load_demo_for_test()


def test_the_chair_signs_in_to_my_roundtable_and_reaches_the_meeting_and_its_pack(page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/warwick/")  # looking at another partnership first changes nothing
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("demo-member")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/ealing/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My Roundtable")
    current = page.locator(".govuk-service-navigation__link[aria-current=page]")
    expect(current).to_have_text("My Roundtable")
    # On a 1280 px screen the user's own links share the service name's row and the
    # sections' menu keeps one line below it.
    for links in ("nav[aria-label='Your account'] li", "#navigation li"):
        tops = {round(box["y"]) for box in _boxes(page, links)}
        assert len(tops) == 1, (links, tops)
    assert axe_violations(page) == []

    # The demo's meetings are in 2011-12: none is to come, so the last ones are shown.
    expect(page.get_by_text("You have no meetings coming up.")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent meetings")).to_be_visible()
    meeting = page.get_by_role("link", name="LSP Executive Board, 16 January 2012", exact=True)
    pack = page.get_by_role(
        "link", name="Board pack (PDF) for LSP Executive Board, 16 January 2012"
    )
    pack_address = pack.get_attribute("href")
    assert re.fullmatch(r"/ealing/meetings/\d+/pack\.pdf", pack_address)
    response = download(page.request, pack_address)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    meeting.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("16 January 2012")
    expect(page.get_by_role("link", name="Download the board pack (PDF)")).to_have_attribute(
        "href", pack_address
    )


def _boxes(page, selector: str) -> list[dict]:
    return [
        box
        for box in (item.bounding_box() for item in page.locator(selector).all())
        if box is not None
    ]
