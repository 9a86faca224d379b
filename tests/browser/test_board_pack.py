"""The chair's journey to the board pack, in a real browser, on the demo: sign in,
open the LSP Executive's January 2012 meeting, download the pack, and find in it
the previous meeting's minutes and the performance report item 4 takes."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import download

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    from roundtable.demo.testing import load_demo_for_test

    load_demo_for_test()


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


def test_the_chair_downloads_a_pack_with_the_previous_minutes_and_the_report(page, demo):
    page.goto("/ealing/accounts/sign-in/")
    page.get_by_label("Username").fill("demo-member")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()

    page.goto("/ealing/meetings/bodies/ealing-lsp-executive/")
    page.get_by_role("link", name="16 January 2012").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("16 January 2012")
    link = page.get_by_role("link", name="Download the board pack (PDF)")
    response = download(page.context.request, link.get_attribute("href"))

    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    texts = [p.extract_text() for p in reader.pages]
    text = "\n".join(texts)
    assert "Members' pack" in texts[0]
    assert "Minutes of the meeting of 24 October 2011" in text
    assert "Community Budgets" in text  # an item minuted on 24 October 2011
    assert "Performance report: Quarter 2 2011/12" in texts[1]  # cited by the agenda
    assert "Internal version" in text
    titles = outline_titles(reader.outline)
    assert "Minutes of the meeting of 24 October 2011" in titles
    assert "Performance report: Quarter 2 2011/12" in titles
    assert len(reader.pages) > 10
