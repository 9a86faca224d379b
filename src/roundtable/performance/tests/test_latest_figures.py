"""Where the figures are while a return has none: a first return says what to do,
and a partnership whose figures a higher app explains (the demo's are years old)
points to the latest quarter with figures (`returns_queries.latest_figures`)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.partnership.tests.factories import UserFactory
from roundtable.performance import figures_notes
from roundtable.performance.periods import Period
from roundtable.performance.returns_queries import latest_figures, years_words
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

Q3 = Period.quarter(2011, 3)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2012, 1, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def explained():
    """A note as the demo registers one, for the partnership called "ealing" only."""

    def note(partnership, years):
        return f"Figures of {years} from old papers" if partnership.slug == "ealing" else ""

    figures_notes.register_figures_note("test", note)
    yield
    figures_notes._NOTES.pop("test")


@pytest.fixture
def editor(partnership, council):
    return UserFactory(role=Role.EDITOR, partnership=partnership, organisation=council)


def entry_page(client, user, organisation, quarter="2011-12-Q3"):
    client.force_login(user)
    url = reverse("performance_entry:entry", args=[organisation.pk, quarter])
    response = client.get(under(organisation.partnership, url))
    assert response.status_code == 200
    return response.content.decode()


def test_years_in_words():
    assert years_words(Period.for_year(2011), Period.for_year(2011)) == "2011/12"
    assert years_words(Period.for_year(2011), Period.for_year(2012)) == "2011/12 and 2012/13"
    assert years_words(Period.for_year(2010), Period.for_year(2012)) == "2010/11 to 2012/13"


def test_none_while_the_quarter_or_a_later_one_has_figures(partnership, council):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2011/12 Q3", actual=5)
    assert latest_figures(partnership, Q3, council) is None
    assert latest_figures(partnership, Period.quarter(2011, 2), council) is None


def test_the_latest_quarter_with_figures_and_the_years_they_span(partnership, council):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council, frequency="annual")
    IndicatorValueFactory(indicator=indicator, period="2008/09", actual=5)
    IndicatorValueFactory(indicator=indicator, period="2009/10", actual=6)
    IndicatorValueFactory(indicator=indicator, period="2010/11", actual=None, target=7)
    found = latest_figures(partnership, Q3, council)
    # An annual figure is collected by the year's fourth quarter's return.
    assert found.quarter == Period.quarter(2009, 4)
    assert found.years == "2008/09 and 2009/10"
    assert found.url == reverse("performance_entry:entry", args=[council.pk, "2009-10-Q4"])
    assert found.note == ""
    every = latest_figures(partnership, Q3)
    assert every.what == "returns"
    assert "period=2009-10-Q4" in every.url


def test_an_agency_without_figures_makes_its_first_return(partnership, council, police):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    other = IndicatorFactory(partnership=partnership, lead_agency=police)
    IndicatorValueFactory(indicator=other, period="2011/12 Q1", actual=5)
    assert latest_figures(partnership, Q3, council).first_return
    assert not latest_figures(partnership, Q3, police).first_return


def test_a_first_return_says_what_to_do(client, editor, partnership, council):
    IndicatorFactory(partnership=partnership, lead_agency=council)
    html = entry_page(client, editor, council)
    assert "This is Ealing Council's first return" in html
    assert "no direction of travel until the next quarter" in html
    assert reverse("performance:import") in html


def test_a_return_with_figures_before_it_says_nothing_of_them(client, editor, partnership, council):
    """A live partnership's new quarter has no figures until they are entered: that
    is no news, and the page says nothing of where the last quarter's are."""
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=5)
    html = entry_page(client, editor, council)
    assert "first return" not in html
    assert "rt-latest-figures" not in html


def test_explained_figures_are_pointed_to_from_an_empty_return(
    client, editor, partnership, council, explained
):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2009/10 Q2", actual=5)
    html = entry_page(client, editor, council)
    assert "Figures of 2009/10 from old papers, so this return has none." in html
    url = reverse("performance_entry:entry", args=[council.pk, "2009-10-Q2"])
    assert f'href="{under(partnership, url)}">see Quarter 2 2009/10\'s return' in html
    # The return of that quarter has its figures, and says nothing more.
    assert "rt-latest-figures" not in entry_page(client, editor, council, "2009-10-Q2")


def test_my_returns_points_to_explained_figures(client, editor, partnership, council, explained):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2009/10 Q2", actual=5)
    client.force_login(editor)
    html = client.get(under(partnership, reverse("performance_entry:my-returns"))).content.decode()
    assert "Figures of 2009/10 from old papers, so the returns below have none." in html


def test_a_partnership_no_note_explains_points_nowhere(client, editor, other_partnership):
    council = other_partnership.organisations.create(
        name="Council", slug="council", sector="public"
    )
    user = UserFactory(role=Role.EDITOR, partnership=other_partnership, organisation=council)
    indicator = IndicatorFactory(partnership=other_partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2009/10 Q2", actual=5)
    assert "rt-latest-figures" not in entry_page(client, user, council)
