"""The performance pages, as a resident, a board member and a council officer use them.

Loads the demo (the same loader as ``manage.py demo_load``) into the live server's
database and walks the pages by following their links (no database ids here):

* the public: the indicator list, an indicator (NI 123), the report for 2011/12 Q2
  and its PDF and XLSX downloads, the data issues log; the dashboard asks them to
  sign in;
* demo-admin (administrator): the report's internal version, the returns dashboard,
  Ealing Council's return for 2012/13 Q3 (empty, with a bad figure saved through
  htmx, with a bad upload), submitting it, returning it with no reason, and
  re-opening an approved return (2011/12 Q2) with no reason. (The demo's returns
  up to 2012/13 Q2 are approved and locked, so Q3 is the first that can be edited.)
* demo-editor (Ealing Council's editor): the same return, empty, with a bad figure
  and with a bad upload;
* demo-member (the board's chair): the indicators, the internal report and the
  dashboard, but not an agency's return (403).

On every page (and after every htmx swap) the checks of ``test_demo_pages``: no
axe-core violations, exactly one h1, a title naming the page that starts with
"Error:" exactly when an error summary shows, and focus on that summary. The
public must never see "Internal version".

Set ROUNDTABLE_SCREENSHOTS to a directory to save screenshots of the report, the
dashboard and the return at 1200 and 375 pixels wide.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import download, follow, htmx_swap
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("ROUNDTABLE_SCREENSHOTS")
REPORT = "/performance/report/?period=2011/12%20Q2"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def demo(transactional_db):
    from roundtable.demo.testing import load_demo_for_test

    load_demo_for_test()


class PerformanceAudit(Audit):
    """Audit, and for the public: "Internal version" is never shown."""

    public = True

    def check(self, label: str, **kwargs) -> None:
        super().check(label, **kwargs)
        if self.public and "Internal version" in self.page.locator("body").inner_text():
            self.problems.setdefault(label, []).append("the public sees 'Internal version'")

    def screenshot(self, name: str) -> None:
        if not SCREENSHOTS:
            return
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        size = self.page.viewport_size or {"width": 1280, "height": 720}
        for width in (1200, 375):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size(size)

    def downloads(self, label: str) -> None:
        """The report's PDF and XLSX links answer 200 with their content types."""
        for name, expected in (("PDF", "application/pdf"), ("XLSX", XLSX)):
            link = self.page.locator(".rt-report-downloads a", has_text=name)
            if not link.count():
                self.problems.setdefault(label, []).append(f"no {name} download link")
                continue
            response = download(self.page.request, link.first.get_attribute("href"))
            kind = response.headers.get("content-type", "").split(";")[0]
            if response.status != 200 or kind != expected or not response.body():
                self.problems.setdefault(label, []).append(
                    f"{name} download: HTTP {response.status}, {kind!r} (expected {expected})"
                )


def return_from_dashboard(audit: PerformanceAudit, agency: str, quarter: str) -> str:
    """The href of an agency's return on the dashboard, moving to the quarter (as
    "2011/12 Q2") by the Previous and Next quarter links."""
    page = audit.page
    year, index = re.fullmatch(r"(\d{4}/\d{2}) Q(\d)", quarter).groups()
    wanted = (year, index)
    for _ in range(12):
        found = re.search(r"Quarter (\d) (\d{4}/\d{2})", page.locator("h1").inner_text())
        current = (found.group(2), found.group(1))
        if current == wanted:
            break
        direction = "Next quarter" if wanted > current else "Previous quarter"
        follow(page, page.get_by_role("link", name=re.compile(direction)))
    else:
        raise AssertionError(f"could not reach {quarter} from the dashboard")
    return page.get_by_role("link", name=re.compile(f"^{agency} figures")).get_attribute("href")


def save_bad_figure(audit: PerformanceAudit, label: str) -> None:
    """Put "lots" in the first actual, save through htmx, and check the swapped page."""
    page = audit.page
    page.locator("#agency-return input[name$='_actual']").first.fill("lots")
    htmx_swap(page, page.get_by_role("button", name="Save figures and commentary"))
    audit.check(label, errors=True)
    if "lots" not in page.locator(".govuk-error-summary").inner_text() and not (
        page.locator(".govuk-error-summary a").count()
    ):
        audit.problems.setdefault(label, []).append("the error summary does not link the field")


def upload_bad_file(audit: PerformanceAudit, label: str) -> None:
    page = audit.page
    page.get_by_label("Upload a CSV or Excel file of figures").set_input_files(
        {
            "name": "figures.csv",
            "mimeType": "text/csv",
            "buffer": b"code,period,actual\nZZ 999,2012/13 Q3,lots\n",
        }
    )
    audit.follow(
        page.get_by_role("button", name="Upload", exact=True), label, expect_status=400, errors=True
    )


def test_public_performance_pages(page, demo):
    audit = PerformanceAudit(page)
    audit.visit("/performance/?partnership=ealing", "indicator list")
    page.get_by_role("link", name=re.compile("^Read the performance report")).wait_for()
    ni123 = page.locator("tr", has_text="NI 123").get_by_role("link").first.get_attribute("href")
    audit.visit(ni123, "indicator NI 123")
    audit.visit(REPORT, "report 2011/12 Q2 (public)")
    if "Public version" not in page.locator("main").inner_text():
        audit.problems.setdefault("report 2011/12 Q2 (public)", []).append("not the public version")
    audit.downloads("report 2011/12 Q2 (public)")
    audit.visit("/performance/data-issues/", "data issues (public)")
    page.goto("/performance/dashboard/")
    if "/accounts/sign-in/" not in page.url:
        audit.problems["dashboard (public)"] = [f"not asked to sign in: {page.url}"]
    assert audit.problems == {}, audit.report()


def test_administrator_dashboard_return_and_sign_off(page, demo):
    audit = PerformanceAudit(page)
    audit.public = False
    page.goto("/performance/?partnership=ealing")
    sign_in(page, "demo-admin")
    audit.visit(REPORT, "report 2011/12 Q2 (internal)")
    if "Internal version" not in page.locator("main").inner_text():
        audit.problems.setdefault("report 2011/12 Q2 (internal)", []).append(
            "not the internal version"
        )
    audit.downloads("report 2011/12 Q2 (internal)")
    audit.screenshot("report-admin")
    audit.visit("/performance/data-issues/", "data issues (signed in)")
    audit.visit("/performance/dashboard/", "dashboard")
    audit.screenshot("dashboard")

    # An approved (locked) return: re-open it with no reason.
    approved = return_from_dashboard(audit, "Ealing Council", "2011/12 Q2")
    audit.visit(approved, "Ealing Council 2011/12 Q2 (approved)")
    page.get_by_text("Re-open for correction", exact=True).first.click()
    htmx_swap(page, page.get_by_role("button", name="Re-open for correction"))
    audit.check("re-open with no reason (htmx)", errors=True)

    # A return still to make: empty, a bad figure, a bad upload, submitted, returned.
    page.goto("/performance/dashboard/")
    draft = return_from_dashboard(audit, "Ealing Council", "2012/13 Q3")
    audit.visit(draft, "Ealing Council 2012/13 Q3 (admin, empty)")
    audit.screenshot("entry-admin")
    save_bad_figure(audit, "Ealing Council 2012/13 Q3 (admin, 'lots' saved, htmx)")
    audit.screenshot("entry-admin-errors")
    audit.visit(draft, "Ealing Council 2012/13 Q3 (admin, again)")
    upload_bad_file(audit, "Ealing Council 2012/13 Q3 (admin, bad upload)")

    audit.visit(draft, "Ealing Council 2012/13 Q3 (before submitting)")
    # An empty return cannot be submitted: enter one figure first.
    page.locator("#agency-return input[name$='_actual']").first.fill("5")
    htmx_swap(page, page.get_by_role("button", name="Save figures and commentary"))
    audit.check("a figure saved (htmx)")
    htmx_swap(page, page.get_by_role("button", name="Submit for approval"))
    audit.check("missing figures listed (htmx)")
    # The other figures are missing: give a reason for them all and confirm (issue 11).
    page.get_by_label("Reason for every missing figure").select_option("not_yet_available")
    page.get_by_label("I confirm these figures are missing").check()
    htmx_swap(page, page.get_by_role("button", name="Submit without the missing figures"))
    audit.check("submitted for approval (htmx)")
    page.get_by_role("button", name="Return for changes").wait_for()
    htmx_swap(page, page.get_by_role("button", name="Return for changes"))
    audit.check("return with no reason (htmx)", errors=True)
    # Without htmx (full page), the same.
    audit.visit(draft, "Ealing Council 2012/13 Q3 (submitted)")
    # htmx has bound the forms: put plain copies in their place, as without JavaScript.
    page.evaluate(
        """() => document.querySelectorAll('form[hx-post]').forEach(form => {
            const plain = form.cloneNode(true);
            ['hx-post', 'hx-target', 'hx-swap'].forEach(name => plain.removeAttribute(name));
            form.replaceWith(plain);
        })"""
    )
    audit.follow(
        page.get_by_role("button", name="Return for changes"),
        "return with no reason (full page)",
        expect_status=400,
        errors=True,
    )
    assert audit.problems == {}, audit.report()


def test_agency_editor_return(page, demo):
    audit = PerformanceAudit(page)
    audit.public = False
    page.goto("/performance/?partnership=ealing")
    sign_in(page, "demo-editor")
    audit.visit("/performance/dashboard/", "dashboard (editor)")
    draft = return_from_dashboard(audit, "Ealing Council", "2012/13 Q3")
    audit.visit(draft, "Ealing Council 2012/13 Q3 (editor, empty)")
    audit.screenshot("entry-editor")
    save_bad_figure(audit, "Ealing Council 2012/13 Q3 (editor, 'lots' saved, htmx)")
    audit.visit(draft, "Ealing Council 2012/13 Q3 (editor, again)")
    upload_bad_file(audit, "Ealing Council 2012/13 Q3 (editor, bad upload)")
    audit.screenshot("entry-editor-upload-errors")
    assert audit.problems == {}, audit.report()


def test_board_member_reads_the_internal_pages(page, demo):
    """demo-member (the board's chair) reads the internal report and the dashboard,
    but may not open an agency's return."""
    audit = PerformanceAudit(page)
    audit.public = False
    page.goto("/performance/?partnership=ealing")
    sign_in(page, "demo-member")
    audit.visit("/performance/", "indicator list (board member)")
    ni123 = page.locator("tr", has_text="NI 123").get_by_role("link").first.get_attribute("href")
    audit.visit(ni123, "indicator NI 123 (board member)")
    audit.visit(REPORT, "report 2011/12 Q2 (board member)")
    audit.visit("/performance/dashboard/", "dashboard (board member)")
    # The dashboard does not link returns a board member may not open ...
    assert page.get_by_role("link", name=re.compile(r"^Ealing Council figures")).count() == 0
    # ... and typing the address is refused.
    from roundtable.partnership.models import Organisation

    council = Organisation.objects.get(partnership__slug="ealing", name="Ealing Council")
    audit.visit(
        f"/performance/entry/{council.pk}/2011-12-Q2/",
        "Ealing Council's return (board member, refused)",
        expect_status=403,
    )
    assert audit.problems == {}, audit.report()


def test_the_public_opens_the_latest_report_picks_a_quarter_and_its_red_rows(page, demo):
    """Journey (a) of issue 11: the report opens on a quarter with approved figures,
    the picker moves to Quarter 2 2011/12 without JavaScript's help, and the red
    count leads to the red rows only."""
    audit = PerformanceAudit(page)
    audit.visit("/performance/report/?partnership=ealing", "report (public, no period)")
    picker = page.get_by_label("Period")
    selected = picker.locator("option:checked").inner_text()
    assert page.locator("h1").inner_text() == f"Performance report: {selected}"
    summary = page.locator(".rt-summary-table .rt-total-row")
    assessed = summary.locator("a:not([href*='status=grey'])")
    assert assessed.count(), "the latest public quarter has no assessed figures"

    picker.select_option(label="Quarter 2 2011/12")
    audit.follow(
        page.get_by_role("button", name="Show report"), "report (public, Quarter 2 2011/12 picked)"
    )
    assert urlsplit(page.url).path == "/ealing/performance/report/2011-12-q2/"
    assert page.locator("h1").inner_text() == "Performance report: Quarter 2 2011/12"
    pdf = page.locator(".rt-report-downloads a", has_text="PDF").get_attribute("href")
    assert "period=2011%2F12+Q2" in pdf

    audit.follow(
        summary.locator("a[href*='status=red']"), "report (public, red rows of Quarter 2 2011/12)"
    )
    assert "status=red" in page.url
    filtered = page.locator("#report-results").inner_text()
    assert re.search(r"Showing only the 3 of \d+ indicators", filtered), filtered
    statuses = page.locator(".rt-theme tr.rt-row .rt-rag").all_inner_texts()
    assert statuses == ["Performance below target"] * 3, statuses
    follow(page, page.get_by_role("link", name="show all indicators"))
    assert "status=" not in page.url
    assert audit.problems == {}, audit.report()
