"""The tracker as CSV and XLSX (issue 11, item 7): the page's filters and order
kept, every matching row (not one page), as the reader sees it."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roundtable.core.testing import under
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnership=partnership, title="Housing Review")


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_tracker_downloads_the_rows_its_filters_choose(client, partnership, review):
    RecommendationFactory(review=review, number="1", text="Build homes", response="agree")
    RecommendationFactory(review=review, number="2", text="Close the gap", response="reject")
    url = under(partnership, reverse("recommendations:tracker-download", args=["csv"]))
    rows = _csv(client.get(url, {"response": "agree"}))
    assert [(r["Number"], r["Recommendation"], r["Response"]) for r in rows] == [
        ("1", "Build homes", "Agree")
    ]
    assert rows[0]["Review"] == "Housing Review"
    assert rows[0]["Address"].endswith(
        f"/ealing/recommendations/{review.recommendations.get(number='1').pk}/"
    )


def test_the_tracker_page_links_its_downloads_with_its_filters(client, partnership, review):
    RecommendationFactory(review=review)
    page = client.get(
        under(partnership, reverse("recommendations:tracker")), {"response": "agree"}
    ).content.decode()
    assert 'href="/ealing/recommendations/tracker.csv?response=agree"' in page
    assert 'href="/ealing/recommendations/tracker.xlsx?response=agree"' in page


def test_the_tracker_download_holds_every_row_not_one_page(client, partnership, review):
    RecommendationFactory.create_batch(60, review=review)
    url = under(partnership, reverse("recommendations:tracker-download", args=["xlsx"]))
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Recommendations"
    assert [c.value for c in sheet[1]][:4] == ["Review", "Section", "Number", "Recommendation"]
    assert sheet.max_row == 61


def test_the_public_download_hides_an_unpublished_response(client, partnership, review):
    RecommendationFactory(
        review=review, number="1", response="reject", response_state="agreed", text="Secret"
    )
    url = under(partnership, reverse("recommendations:tracker-download", args=["csv"]))
    [row] = _csv(client.get(url))
    assert row["Response"] == "Response not yet published"
    assert "Reject" not in client.get(url).content.decode()
    assert _csv(client.get(url, {"response": "reject"})) == []


def test_the_download_keeps_the_source_wording_only_where_the_response_shows(
    client, partnership, review
):
    RecommendationFactory(
        review=review,
        number="1",
        response="work_in_progress",
        response_as_written="Work in progress Agree",
    )
    RecommendationFactory(
        review=review,
        number="2",
        response="reject",
        response_as_written="Rejected outright",
        response_state="agreed",
    )
    url = under(partnership, reverse("recommendations:tracker-download", args=["csv"]))
    rows = {r["Number"]: r for r in _csv(client.get(url))}
    assert rows["1"]["Response as the source paper puts it"] == "Work in progress Agree"
    assert rows["2"]["Response as the source paper puts it"] == ""
    assert "Rejected outright" not in client.get(url).content.decode()


def test_a_review_the_public_may_not_see_is_not_in_the_download(client, partnership):
    hidden = ReviewFactory(partnership=partnership, is_published=False, title="Draft review")
    RecommendationFactory(review=hidden, text="Zqhiddenrecommendation")
    url = under(partnership, reverse("recommendations:tracker-download", args=["csv"]))
    assert "Zqhiddenrecommendation" not in client.get(url).content.decode()


def test_only_csv_and_xlsx_are_offered(client, partnership):
    assert client.get(f"/{partnership.slug}/recommendations/tracker.pdf").status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_download_uses_constant_queries(
    client, partnership, review, rows, django_assert_num_queries
):
    RecommendationFactory.create_batch(rows, review=review)
    url = under(partnership, reverse("recommendations:tracker-download", args=["csv"]))
    # the partnership by its slug, the rows with review, section and lead organisation,
    # their lead units, supporting units and supporting organisations
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
