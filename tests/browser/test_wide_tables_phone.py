"""A table wider than a phone scrolls inside its own box, and shows that it does: a
shadow at the edge where columns are out of view (frontend/roundtable.scss,
`rt-scroll-shadows`), as the performance report's tables do."""

from __future__ import annotations

import datetime

import pytest

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def indicators():
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    for n in range(3):
        IndicatorFactory(
            partnership=partnership,
            lead_agency=council,
            is_public=True,
            name=f"Percentage of residents who feel they can influence decisions locally {n}",
        )


def test_a_table_wider_than_a_phone_scrolls_in_its_box_and_shows_it(page, indicators):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/ealing/performance/")
    table = page.locator("main table.govuk-table").first
    box = table.evaluate(
        """t => ({scrolls: t.scrollWidth > t.clientWidth,
                  overflow: getComputedStyle(t).overflowX,
                  background: getComputedStyle(t).backgroundImage,
                  attachment: getComputedStyle(t).backgroundAttachment})"""
    )
    assert box["overflow"] == "auto"
    assert box["scrolls"], "the table should be wider than the phone for this test to mean much"
    assert box["background"].count("radial-gradient") == 2
    assert box["attachment"].split(", ") == ["local", "local", "scroll", "scroll"]
    # The page itself does not scroll sideways: only the table does.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def matters_arising():
    """A board's meeting with two open actions from its meeting before, each with a
    long description and an owner named in full."""
    from django.utils import timezone

    from roundtable.meetings.choices import AgendaStatus, MinutesStatus
    from roundtable.meetings.tests.factories import ActionFactory, MeetingFactory
    from roundtable.partnership.tests.factories import BodyFactory, PersonFactory

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    board = BodyFactory(partnership=partnership, name="LSP Executive", slug="lsp-executive")
    jobcentre = OrganisationFactory(partnership=partnership, name="JobCentre Plus")
    owner = PersonFactory(
        partnership=partnership, organisation=jobcentre, given_name="Liz", family_name="Cierebiej"
    )
    earlier = MeetingFactory(
        body=board,
        start=timezone.make_aware(datetime.datetime(2011, 10, 24, 17)),
        agenda_status=AgendaStatus.PUBLISHED,
        minutes_status=MinutesStatus.APPROVED,
    )
    later = MeetingFactory(
        body=board,
        start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17)),
        agenda_status=AgendaStatus.PUBLISHED,
    )
    for n in range(2):
        ActionFactory(
            meeting=earlier,
            description=(
                f"Look at JobCentre Plus's own policies on data sharing, to see what exactly "
                f"it can and cannot share for Community Budgets ({n})"
            ),
            owner_person=owner,
            owner_organisation=jobcentre,
            due=datetime.date(2012, 1, 6),
        )
    return later


def test_matters_arising_stack_on_a_phone_with_every_column_in_view(page, matters_arising):
    """The meeting page's "Matters arising" (action, owner, due, status) cut off its
    Status column at 375 px: each action is now a block, its owner, due date and
    status labelled below it, and nothing scrolls sideways."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(matters_arising.get_absolute_url())
    table = page.locator("main table.rt-table--stack")
    assert table.count() == 1
    width = page.evaluate("window.innerWidth")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
    for label in ("Owner", "Due", "Status"):
        cells = table.locator(f"td[data-label='{label}']")
        assert cells.count() == 2
        box = cells.first.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, f"the {label} column runs off the screen"
        before = cells.first.evaluate("c => getComputedStyle(c, '::before').content")
        assert before == f'"{label}"'
    status = table.locator("td[data-label='Status']").first
    assert "Open" in status.inner_text()
    assert "Overdue by 10 days" in status.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_matters_arising_stay_a_table_on_a_desktop(page, matters_arising):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(matters_arising.get_absolute_url())
    table = page.locator("main table.rt-table--stack")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("thead").is_visible()
    assert table.locator("td[data-label='Status']").first.evaluate(
        "c => getComputedStyle(c, '::before').content"
    ) in ("none", "normal")


@pytest.fixture
def tracker():
    """A published review with two recommendations, one with a word longer than a
    phone's column (an address) and a lead named in full."""
    from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

    partnership = PartnershipFactory(name="Westminster City Partnership", slug="westminster")
    council = OrganisationFactory(partnership=partnership, name="Westminster City Council")
    review = ReviewFactory(
        partnership=partnership, title="Future of Westminster Commission: recommendations"
    )
    RecommendationFactory(
        review=review,
        lead_organisation=council,
        text="Publish the programme at https://www.westminster.gov.uk/futureofwestminstercommission",
    )
    RecommendationFactory(review=review, lead_organisation=council)
    return partnership


def test_the_recommendations_tracker_stacks_on_a_phone_and_long_words_wrap(page, tracker):
    """The tracker's table (review, number, recommendation, response, lead, status,
    latest update) scrolled sideways with its Status out of view; stacked, a long
    word pushed the page past the screen's edge until cells wrapped it."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/westminster/recommendations/")
    table = page.locator("main table.rt-table--stack")
    assert table.count() == 1
    width = page.evaluate("window.innerWidth")
    for label in ("Recommendation", "Response", "Lead", "Status"):
        cell = table.locator(f"td[data-label='{label}']").first
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= width, f"the {label} cell runs off the screen"
    assert "Agree" in table.locator("td[data-label='Response']").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def long_theme():
    """Indicators under a theme whose name is longer than a phone is wide: the
    indicator list's table has it as its caption."""
    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    for n in range(3):
        IndicatorFactory(
            partnership=partnership,
            lead_agency=council,
            is_public=True,
            theme="Health and wellbeing of residents in every neighbourhood of the borough",
            name=f"Percentage of residents who feel they can influence decisions locally {n}",
        )


def test_a_scrolling_tables_caption_wraps_on_the_screen(page, long_theme):
    """A wide table's caption ran off the screen's edge with the columns, read only by
    scrolling the table; it now wraps within the screen and stays put as the columns
    scroll. (The pooled budget's table, the example before, now stacks on a phone.)"""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/ealing/performance/")
    table = page.locator("main table.govuk-table").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "the table should scroll"
    caption = table.locator("caption")
    assert "every neighbourhood of the borough" in caption.inner_text()
    width = page.evaluate("window.innerWidth")
    box = caption.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width, "the caption runs off the screen"
    table.evaluate("t => { t.scrollLeft = t.scrollWidth; }")
    # Within a pixel: the sticky caption may land on a fraction of one.
    moved = caption.bounding_box()["x"]
    assert moved == pytest.approx(box["x"], abs=1), "the caption scrolled away with the columns"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
