"""The site's icon: every page names it, and /favicon.ico answers."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ICONS = ("core/favicon.ico", "core/favicon.svg", "core/icon-180.png")


def test_the_icons_are_static_files() -> None:
    for name in ICONS:
        assert finders.find(name), name


def test_every_page_names_the_icons(client, partnership) -> None:
    html = client.get("/ealing/search/").text
    assert '<link rel="icon" sizes="48x48" href="/static/core/favicon.ico">' in html
    assert 'href="/static/core/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/static/core/icon-180.png">' in html


def test_favicon_ico_goes_to_the_static_icon_under_no_partnership(
    client, partnership, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):  # no partnership is looked up for it
        response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/core/favicon.ico"
