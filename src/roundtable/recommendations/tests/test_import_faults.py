"""Recommendation and review imports refuse a file with no rows and a review named
twice (issue #10, fault 15)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError

from roundtable.core.imports import ImportFailed, read_table
from roundtable.recommendations.imports import import_reviews
from roundtable.recommendations.models import Review
from roundtable.recommendations.tests.test_commands import HEADER, main

pytestmark = pytest.mark.django_db


def test_a_tracker_with_a_header_and_no_rows_is_refused(tmp_path, partnership):
    path = tmp_path / "tracker.csv"
    path.write_text(HEADER)
    with pytest.raises(CommandError) as excinfo:
        main(["recommendations", "import", str(path)])
    assert "tracker.csv has a header but no rows" in str(excinfo.value)


def test_a_reviews_file_with_a_header_and_no_rows_is_refused(partnership):
    table = read_table(io.BytesIO(b"title,author\n"), "reviews.csv")
    with pytest.raises(ImportFailed, match="reviews.csv has a header but no rows"):
        import_reviews(table, partnership, None)


def test_a_review_given_twice_is_refused(partnership):
    table = read_table(io.BytesIO(b"title\nHousing Review\nhousing  review\n"), "reviews.csv")
    with pytest.raises(ImportFailed) as excinfo:
        import_reviews(table, partnership, None)
    assert [str(e) for e in excinfo.value.errors] == [
        "Row 3, title: this is a duplicate of row 2; keep one"
    ]
    assert not Review.objects.exists()
