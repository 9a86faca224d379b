"""The demo's needs assessment page for Ealing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis.needs_demo import HEALTH_SLUG, SLUG, load_demo_needs
from roundtable.lis.needs_models import NeedsPage
from roundtable.lis.needs_queries import check_embeds
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.lis.tests.test_needs_views import borough, census  # noqa: F401 (fixtures)
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ealing(partnership, borough):  # noqa: F811 (the fixture imported above)
    partnership.area = borough
    partnership.save()
    return partnership


@pytest.fixture
def stroke(ealing, borough):  # noqa: F811
    indicator = IndicatorFactory(
        partnership=ealing,
        code="STROKE-ADM",
        name="Stroke admissions",
        value_type="rate",
        multiplier=100000,
        decimals=1,
        in_report=False,
        on_lis=True,
        is_public=True,
    )
    dataset = DatasetFactory(partnership=ealing, slug="stroke")
    for area, count in ((borough, 1427), (LsoaFactory(code="E01001269", parent=borough), 7)):
        ObservationFactory(
            dataset=dataset,
            indicator=indicator,
            area=area,
            period="2017 - 19",
            count=count,
            denominator=1015347,
            value=count / 1015347 * 100000,
        )
    return indicator


def test_ealing_publishes_an_illustrative_page_with_live_census_figures(client, ealing, census):  # noqa: F811
    assert load_demo_needs(ealing) == [
        "needs assessment page “Who lives in Ealing” created",
        "needs assessment page “Stroke admissions in Ealing” created",
    ]
    page = NeedsPage.objects.get(slug=SLUG)
    assert page.status == "published"
    assert check_embeds(page.body, ealing) == []
    content = client.get(under(ealing, reverse("lis:needs-page", args=[page.slug]))).content
    text = content.decode()
    assert "Illustrative" in text
    assert "in place of a document" in text
    assert "338,449" in text
    assert "These figures cannot be shown" not in text


def test_ealing_publishes_a_health_page_with_live_stroke_figures(client, ealing, census, stroke):  # noqa: F811
    load_demo_needs(ealing)
    page = NeedsPage.objects.get(slug=HEALTH_SLUG)
    assert (page.theme, page.status) == ("Health", "published")
    assert check_embeds(page.body, ealing) == []
    text = client.get(under(ealing, reverse("lis:needs-page", args=[page.slug]))).content.decode()
    assert "Illustrative" in text
    assert "Improve public health" in text
    assert "140.5" in text  # 1,427 admissions per 1,015,347 person-years, per 100,000
    assert "These figures cannot be shown" not in text


def test_loading_the_demo_pages_twice_changes_nothing(ealing, census):  # noqa: F811
    load_demo_needs(ealing)
    versions = sorted(p.history.count() for p in NeedsPage.objects.all())
    assert load_demo_needs(ealing) == []
    assert sorted(p.history.count() for p in NeedsPage.objects.all()) == versions


def test_other_places_get_no_needs_page(other_partnership, borough):  # noqa: F811
    other_partnership.area = borough
    other_partnership.save()
    assert load_demo_needs(other_partnership) == []
    assert not NeedsPage.objects.exists()
