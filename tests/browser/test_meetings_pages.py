"""The meetings pages in a browser: a secretary drafts and publishes an agenda with a
restricted paper; an anonymous visitor sees the public agenda only.

Builds a small partnership (a board with a secretary and a meeting) in the live
server's database, then:

* the secretary signs in, opens the meeting, adds two items, submits a restricted
  item without its reason (a form error), fixes it, uploads a PDF paper to it,
  moves an item down (htmx), and publishes the agenda after confirming;
* an anonymous visitor reads the meeting page: the two open items are there, the
  restricted item and its paper are not, and the paper's address answers 404.

Every page is checked as in ``test_demo_pages`` (axe-core, one h1, a title naming
the page, "Error:" and focus with an error summary): the meeting page, the agenda
editor (also with the form error) and the actions log.
"""

from __future__ import annotations

import datetime
import io

import pytest
from playwright.sync_api import expect

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import follow, htmx_swap
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_bytes(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def meeting(transactional_db):
    from django.utils import timezone

    from roundtable.accounts.choices import Role
    from roundtable.meetings.tests.factories import MeetingFactory
    from roundtable.partnership.choices import MembershipRole
    from roundtable.partnership.tests.factories import (
        BodyFactory,
        MembershipFactory,
        OrganisationFactory,
        PartnershipFactory,
        PersonFactory,
        UserFactory,
    )

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    board = BodyFactory(partnership=partnership, name="LSP Executive", slug="lsp-executive")
    person = PersonFactory(partnership=partnership, organisation=council, family_name="Clerk")
    MembershipFactory(
        body=board,
        partnership=partnership,
        person=person,
        organisation=council,
        role=MembershipRole.SECRETARIAT,
    )
    secretary = UserFactory(
        username="secretary", role=Role.MEMBER, partnership=partnership, person=person
    )
    secretary.set_password(DEMO_PASSWORD)
    secretary.save()
    from roundtable.performance.tests.factories import IndicatorFactory

    IndicatorFactory(partnership=partnership, code="NI 20", name="Assault", theme="Safety")
    IndicatorFactory(partnership=partnership, code="NI 8", name="Adult sport", theme="Health")
    start = timezone.now() + datetime.timedelta(days=30)
    return MeetingFactory(body=board, start=start, end=start + datetime.timedelta(hours=1))


def add_item(page, title: str, purpose: str) -> None:
    follow(page, page.get_by_role("link", name="Add an item"))
    page.get_by_label("Title").fill(title)
    page.get_by_label(purpose).check()
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_role("heading", name="Edit the agenda").wait_for()


def test_a_secretary_publishes_an_agenda_and_the_public_sees_only_open_items(
    page, browser, live_server, meeting, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    audit = Audit(page)
    sign_in(page, "secretary")
    audit.visit(meeting.get_absolute_url(), "meeting page (draft, secretary)")
    audit.follow(page.get_by_role("link", name="Edit the agenda"), "agenda editor (empty)")

    add_item(page, "Welcome and apologies", "For information")
    # The indicators come by theme, a details component each: opened to tick one.
    follow(page, page.get_by_role("link", name="Add an item"))
    page.get_by_label("Title").fill("Performance report")
    page.get_by_label("For discussion").check()
    page.get_by_text("Safety (1)").click()
    page.get_by_label("NI 20").check()
    audit.check("add an item, a theme of indicators opened")
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_role("heading", name="Edit the agenda").wait_for()

    follow(page, page.get_by_role("link", name="Add an item"))
    page.get_by_label("Title").fill("Contract for the new depot")
    page.get_by_label("For decision").check()
    page.get_by_label("Restricted: only the body's members see this item").check()
    audit.follow(
        page.get_by_role("button", name="Save"),
        "add an item, restricted without a reason",
        expect_status=400,
        errors=True,
    )
    page.get_by_label("Why it is restricted").select_option("financial")
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_role("heading", name="Edit the agenda").wait_for()

    follow(page, page.get_by_role("link", name="Add a paper to item 3"))
    page.get_by_label("Title").fill("Depot tender evaluation")
    page.get_by_label("Paper", exact=True).set_input_files(
        {"name": "tender.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(3)}
    )
    follow(page, page.get_by_role("button", name="Upload"))
    page.get_by_role("heading", name="Edit the agenda").wait_for()
    paper_href = page.get_by_role("link", name="Depot tender evaluation", exact=True).get_attribute(
        "href"
    )

    response = htmx_swap(page, page.get_by_role("button", name="move item 1 down"))
    assert "/move/down/" in response.url
    # (The response is in before htmx swaps the table in: htmx_swap waits for the swap.)
    expect(page.locator("#agenda-editor tbody tr").first).to_contain_text("Performance report")
    rows = page.locator("#agenda-editor tbody tr").all_inner_texts()
    assert "Performance report" in rows[0]
    assert "Welcome and apologies" in rows[1]
    audit.check("agenda editor (three items, after an htmx move)")

    follow(page, page.get_by_role("link", name="Publish the agenda"))
    follow(page, page.get_by_role("button", name="Publish the agenda"))
    page.get_by_text("The agenda is published").wait_for()
    audit.check("meeting page (published, secretary)")
    assert "3. Contract for the new depot" in page.locator("main").inner_text()

    audit.visit("/meetings/actions/", "actions log (secretary)")

    context = browser.new_context(base_url=live_server.url)
    public = context.new_page()
    public_audit = Audit(public)
    public_audit.visit(meeting.get_absolute_url(), "meeting page (public)")
    text = public.locator("main").inner_text()
    assert "Welcome and apologies" in text
    assert "Performance report" in text
    assert "Contract for the new depot" not in text
    assert "Depot tender evaluation" not in text
    assert public.request.get(paper_href).status == 404
    public_audit.visit("/meetings/actions/", "actions log (public)")
    context.close()

    problems = {**audit.problems, **public_audit.problems}
    assert not problems, problems


def test_the_meetings_filters_fit_a_phone(page, meeting):
    """A body with a long name made the body filter's select, and so the page, wider
    than a 375-pixel screen; the actions log's filters, side by side, must still wrap."""
    from roundtable.partnership.tests.factories import BodyFactory

    BodyFactory(
        partnership=meeting.partnership,
        name="Strategic Needs Assessment and Joint Commissioning Group",
        slug="sna",
    )
    page.set_viewport_size({"width": 375, "height": 800})
    for address in ("/ealing/meetings/", "/ealing/meetings/actions/"):
        page.goto(address)
        scrolled, shown = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scrolled <= shown, address
