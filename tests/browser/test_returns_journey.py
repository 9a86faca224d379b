"""Issue 11 (b): an editor's return, in a real browser, on the demo.

demo-editor (Ealing Council) signs in, opens "My returns", opens a return, types
"8,7" and sees it refused as they type and on saving, saves a proper figure, submits
with figures missing, gives a reason for them and confirms; the return then shows as
submitted and locked.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_swap
from tests.browser.test_demo_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    from roundtable.demo.testing import load_demo_for_test

    load_demo_for_test()


def test_editor_submits_a_return_with_a_missing_figure_and_it_locks(page, demo):
    page.goto("/performance/?partnership=ealing")
    sign_in(page, "demo-editor")
    page.get_by_role("link", name="My returns").click()
    expect(page.get_by_role("heading", name="My returns", level=1)).to_be_visible()
    page.locator("table a.govuk-link").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Figures for"))).to_be_visible()

    actual = page.locator("#agency-return input[name$='_actual']").first
    key = actual.get_attribute("name").removesuffix("_actual")
    actual.fill("8,7")
    expect(page.locator(f"#status-{key}")).to_contain_text("use a full stop for decimals")
    htmx_swap(page, page.get_by_role("button", name="Save figures and commentary"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("use a full stop for decimals")

    page.locator(f"input[name='{key}_actual']").fill("8.7")
    htmx_swap(page, page.get_by_role("button", name="Save figures and commentary"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")

    htmx_swap(page, page.get_by_role("button", name="Submit for approval"))
    expect(page.locator("#missing-figures")).to_contain_text("missing")
    page.get_by_label("Reason for every missing figure").select_option("not_yet_available")
    page.get_by_label("I confirm these figures are missing").check()
    htmx_swap(page, page.get_by_role("button", name="Submit without the missing figures"))

    expect(page.locator("#agency-return .govuk-tag").first).to_have_text("Submitted for approval")
    expect(page.locator("#agency-return")).to_contain_text("submitted for approval and locked")
    expect(page.get_by_role("button", name="Save figures and commentary")).to_have_count(0)
    expect(page.get_by_role("button", name="Withdraw submission")).to_be_visible()
    expect(page.locator("#agency-return")).to_contain_text("Data not yet available")
