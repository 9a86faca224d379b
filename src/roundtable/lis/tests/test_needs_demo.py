"""The demo's needs assessment page for Ealing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis.needs_demo import load_demo_needs
from roundtable.lis.needs_models import NeedsPage
from roundtable.lis.needs_queries import check_embeds
from roundtable.lis.tests.test_needs_views import borough, census  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ealing(partnership, borough):  # noqa: F811 (the fixture imported above)
    partnership.area = borough
    partnership.save()
    return partnership


def test_ealing_publishes_an_illustrative_page_with_live_census_figures(client, ealing, census):  # noqa: F811
    assert load_demo_needs(ealing) == ["needs assessment page “Who lives in Ealing” created"]
    page = NeedsPage.objects.get()
    assert page.status == "published"
    assert check_embeds(page.body, ealing) == []
    content = client.get(under(ealing, reverse("lis:needs-page", args=[page.slug]))).content
    text = content.decode()
    assert "Illustrative" in text
    assert "in place of a document" in text
    assert "338,449" in text
    assert "These figures cannot be shown" not in text


def test_loading_the_demo_page_twice_changes_nothing(ealing, census):  # noqa: F811
    load_demo_needs(ealing)
    versions = NeedsPage.objects.get().history.count()
    assert load_demo_needs(ealing) == []
    assert NeedsPage.objects.get().history.count() == versions


def test_other_places_get_no_needs_page(other_partnership, borough):  # noqa: F811
    other_partnership.area = borough
    other_partnership.save()
    assert load_demo_needs(other_partnership) == []
    assert not NeedsPage.objects.exists()
