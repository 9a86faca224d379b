"""A partnership's home page leads a visitor to what the partnership does, not only
to who it is: the question a resident brings ("which indicators are red?") starts
here."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_links_to_the_report_meetings_tracker_and_data(client, partnership):
    html = client.get(f"/{partnership.slug}/").content.decode()
    for href, text in (
        (f"/{partnership.slug}/performance/report/", "Performance report"),
        (f"/{partnership.slug}/meetings/", "Meetings"),
        (f"/{partnership.slug}/recommendations/", "Recommendations tracker"),
        (f"/{partnership.slug}/lis/", "Local data"),
    ):
        assert f'href="{href}">{text}</a>' in html
