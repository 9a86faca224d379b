"""A table wider than a phone scrolls inside its own box, and shows that it does: a
shadow at the edge where columns are out of view (frontend/roundtable.scss,
`rt-scroll-shadows`), as the performance report's tables do."""

from __future__ import annotations

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
