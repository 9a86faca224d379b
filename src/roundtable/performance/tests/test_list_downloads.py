"""The indicator library and the data issues log as CSV and XLSX (issue 11, item
7): indicators not marked public, and the issues about them, are in the download
only for the partnership's own people, as on the pages."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roundtable.core.testing import under
from roundtable.performance.choices import IssueKind
from roundtable.performance.models import DataIssue
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _url(partnership, name: str, fmt: str = "csv") -> str:
    return under(partnership, reverse(name, args=[fmt]))


@pytest.fixture
def indicators(partnership, council):
    public = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 15", name="Serious violence"
    )
    hidden = IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        code="L 99",
        name="Zq internal only",
        is_public=False,
    )
    return public, hidden


def test_the_public_indicators_download_leaves_out_indicators_not_marked_public(
    client, partnership, indicators
):
    response = client.get(_url(partnership, "performance:indicator-list-download"))
    rows = _csv(response)
    assert [(r["Code"], r["Lead agency"], r["Public"]) for r in rows] == [
        ("NI 15", "Ealing Council", "Yes")
    ]
    assert "Zq internal only" not in response.content.decode()


def test_the_partnerships_own_people_download_every_indicator(
    client, partnership, indicators, officer
):
    client.force_login(officer)
    rows = _csv(client.get(_url(partnership, "performance:indicator-list-download")))
    assert sorted((r["Code"], r["Public"]) for r in rows) == [("L 99", "No"), ("NI 15", "Yes")]


def test_the_indicators_page_links_its_downloads(client, partnership, indicators):
    page = client.get(under(partnership, reverse("performance:indicator-list")))
    assert 'href="/ealing/performance/indicators.xlsx"' in page.content.decode()


def test_the_data_issues_download_hides_issues_on_indicators_not_marked_public(
    client, partnership, indicators, officer
):
    public, hidden = indicators
    DataIssue.objects.create(
        partnership=partnership,
        indicator=public,
        issue="-1 counted twice",
        kind=IssueKind.DEFINITION_CHANGED,
        raised_on=datetime.date(2011, 11, 2),
    )
    DataIssue.objects.create(
        partnership=partnership, indicator=hidden, issue="Zq hidden issue", kind=IssueKind.NO_DATA
    )
    url = _url(partnership, "performance_entry:data-issues-download")

    rows = _csv(client.get(url))
    assert [(r["Indicator code"], r["Issue"], r["Raised on"]) for r in rows] == [
        ("NI 15", "'-1 counted twice", "2011-11-02")
    ]

    client.force_login(officer)
    assert "Zq hidden issue" in client.get(url).content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_downloads_use_constant_queries(
    client, partnership, council, count, django_assert_num_queries
):
    for indicator in IndicatorFactory.create_batch(
        count, partnership=partnership, lead_agency=council
    ):
        DataIssue.objects.create(
            partnership=partnership, indicator=indicator, issue="Late", kind=IssueKind.NO_DATA
        )
    # the partnership by its slug; the indicators with their lead agency, and the
    # indicators that replace them (prefetched)
    with django_assert_num_queries(3):
        response = client.get(_url(partnership, "performance:indicator-list-download", "xlsx"))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == count + 1
    # the partnership by its slug; the issues with their indicator
    with django_assert_num_queries(2):
        response = client.get(_url(partnership, "performance_entry:data-issues-download"))
    assert len(_csv(response)) == count
