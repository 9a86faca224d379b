"""The recommendations tracker in a browser: the public tracker, and a Westminster
City Council officer adding a progress update through htmx.

Loads the demo into the live server's database and walks the pages by following
their links. On every page (and after every htmx swap) the checks of
``test_demo_pages``: no axe-core violations, exactly one h1, a title naming the page
that starts with "Error:" exactly when an error summary shows, and focus on that
summary. The public must never see a draft's outline response.
"""

from __future__ import annotations

import re

import pytest

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import download, follow, htmx_swap
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TRACKER = "/recommendations/?partnership=westminster"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def demo(transactional_db):
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.demo.testing import load_demo_for_test
    from roundtable.partnership.models import Organisation

    load_demo_for_test()
    council = Organisation.objects.get(name="Westminster City Council")
    # A Westminster City Council editor for this test (the demo's accounts are Ealing's).
    user = User.objects.create(
        username="wcc-editor",
        role=Role.EDITOR,
        partnership=council.partnership,
        organisation=council,
        first_name="Test",
        last_name="Officer",
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    admin = User.objects.create(
        username="wcc-admin", role=Role.ADMINISTRATOR, partnership=council.partnership
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_public_tracker_review_and_one_year_on(page, demo):
    audit = Audit(page)
    audit.visit(TRACKER, "tracker (public)")
    # Every count on the summary charts is drawn inside its chart, not cut off at the edge.
    cut_off = page.evaluate(
        """() => [...document.querySelectorAll('.rt-rec-chart text')]
            .filter(t => { const box = t.getBBox();
                return box.x + box.width > t.ownerSVGElement.viewBox.baseVal.width; })
            .map(t => t.textContent)"""
    )
    if cut_off:
        audit.problems["tracker charts (public)"] = [f"cut off: {cut_off}"]
    # On a phone the charts' words are drawn at a readable size (the wide drawing,
    # shrunk to the screen, drew them about 10 px high), every one of them shown.
    page.set_viewport_size({"width": 375, "height": 800})
    heights = page.evaluate(
        """() => [...document.querySelectorAll('.rt-rec-chart text')]
            .map(t => t.getBoundingClientRect())
            .filter(box => box.height > 0).map(box => box.height)"""
    )
    assert len(heights) == page.locator(".rt-rec-chart--narrow text").count() > 0
    assert min(heights) >= 13, heights
    # ... and the filters fold under their summary, the recommendations first on screen.
    page.reload()
    assert page.locator("#tracker-filters").evaluate("d => d.open") is False
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ recommendations"))
    assert heading.bounding_box()["y"] < 900
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.locator("#tracker-filters").evaluate("d => d.open") is True
    audit.follow(page.get_by_role("link", name="Next page"), "tracker page 2 (public)")
    page.locator("#id_response").select_option(label="Agree")
    audit.follow(
        page.get_by_role("button", name="Apply filters"), "tracker filtered by response (public)"
    )
    audit.visit("/recommendations/reviews/", "reviews (public)")
    audit.follow(
        page.get_by_role("link", name="Fairness and Equality Review"),
        "Fairness and Equality Review (public)",
    )
    review_url = page.url
    audit.follow(
        page.get_by_role("link", name="One year on report", exact=True), "one year on (public)"
    )
    body = page.locator("main").inner_text()
    if "Illustrative" not in body:
        audit.problems["one year on (public)"] = ["illustrative updates are not labelled"]
    for name, expected in (("Download as PDF", "application/pdf"), ("spreadsheet", XLSX)):
        href = page.get_by_role("link", name=name).first.get_attribute("href")
        response = download(page.request, href)
        if response.status != 200 or response.headers["content-type"] != expected:
            audit.problems[f"{name} download"] = [response.status, response.headers]
    page.goto(review_url)
    audit.follow(page.locator("table a").first, "a recommendation (public)")
    if page.get_by_text("Add a progress update").count():
        audit.problems["a recommendation (public)"] = ["the public may add progress"]
    assert audit.problems == {}, audit.report()


def test_lead_officer_adds_a_progress_update_through_htmx(page, demo, media, tmp_path):
    audit = Audit(page)
    page.goto(TRACKER)
    sign_in(page, "wcc-editor")
    page.goto(TRACKER)
    page.get_by_label("Search").fill("Core Grants")
    follow(page, page.get_by_role("button", name="Apply filters"))
    page.get_by_label("Search").fill("core funding programme")
    audit.follow(page.get_by_role("button", name="Apply filters"), "tracker search (officer)")
    audit.follow(page.locator("table a").first, "recommendation 10 (officer)")
    page.get_by_text("Add a progress update").click()
    form = page.locator("#progress form").first
    # A blank update first: the errors come back in the swapped partial.
    form.get_by_label("Date of the update").fill("")
    htmx_swap(page, page.get_by_role("button", name="Add update"))
    audit.check("blank progress update (htmx)", errors=True)
    page.get_by_label("Date of the update").fill("2024-09-30")
    page.get_by_label("Status").select_option(label="At risk")
    page.get_by_label("RAG rating").select_option(label="Amber")
    page.get_by_label("What has been done").fill("Second round of core grants delayed.")
    evidence = tmp_path / "Grants panel note.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    page.get_by_label("Evidence file").set_input_files(str(evidence))
    htmx_swap(page, page.get_by_role("button", name="Add update"))
    audit.check("progress update added (htmx)")
    progress = page.locator("#progress").inner_text()
    if "Progress update added" not in progress or "Second round of core grants" not in progress:
        audit.problems["progress update added (htmx)"] = ["the new update is not shown"]
    link = page.locator("#progress").get_by_role("link", name="Grants panel note.pdf")
    if not link.count():
        audit.problems["progress update added (htmx)"] = ["the evidence file is not linked"]
    else:
        response = download(page.request, link.first.get_attribute("href"))
        if response.status != 200 or response.headers["content-type"] != "application/pdf":
            audit.problems["evidence download"] = [response.status, response.headers]
    if "/progress/" in page.url:
        audit.problems["progress update added (htmx)"] = [f"the page navigated: {page.url}"]
    page.reload()
    if "At risk" not in page.locator("#progress").inner_text():
        audit.problems["after reload"] = ["the status did not change"]
    assert audit.problems == {}, audit.report()


def test_administrator_edits_reviews_sections_and_links(page, demo):
    audit = Audit(page)
    page.goto(TRACKER)
    sign_in(page, "wcc-admin")
    audit.visit("/recommendations/reviews/", "reviews (administrator)")
    audit.follow(page.get_by_role("link", name="Add a review"), "add a review")
    audit.follow(
        page.get_by_role("button", name="Save"),
        "add a review with errors",
        expect_status=400,
        errors=True,
    )
    page.get_by_label("Title").fill("Illustrative scrutiny review of parks")
    page.get_by_label("Scrutiny committee").check()
    page.get_by_label("Date published (optional)").fill("2014-05-01")
    audit.follow(page.get_by_role("button", name="Save"), "the new review")
    audit.follow(page.get_by_role("link", name="Edit the review"), "edit a review")
    follow(page, page.get_by_role("link", name="Back"))
    audit.follow(page.get_by_role("link", name="Add a section"), "add a section")
    page.get_by_label("Title").fill("Green spaces")
    audit.follow(page.get_by_role("button", name="Save"), "the review with a section")
    if "Green spaces" not in page.locator("main").inner_text():
        audit.problems["the review with a section"] = ["the section is not listed"]
    page.goto(TRACKER)
    follow(page, page.locator("table a").first)
    audit.follow(
        page.get_by_role("link", name="Edit what it concerns"),
        "edit what a recommendation concerns",
    )
    page.get_by_role("group", name="Bodies").get_by_role("checkbox").first.check()
    audit.follow(page.get_by_role("button", name="Save"), "a recommendation with links")
    assert audit.problems == {}, audit.report()
