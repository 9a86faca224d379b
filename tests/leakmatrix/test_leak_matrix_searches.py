"""The leak matrix's searches: the site's search and the meetings' search, for a word
of each canary, as every role (`test_leak_matrix.py` checks every other route; these
take half the matrix's time, so they are a file a second test process can take)."""

from __future__ import annotations

import pytest

from tests.leakmatrix.test_leak_matrix import SEARCHES, check_web_route, web_routes

pytestmark = pytest.mark.django_db


def test_the_searches_are_routes_that_exist():
    assert set(SEARCHES) <= set(web_routes())


@pytest.mark.parametrize("route", SEARCHES)
def test_search_shows_no_canary_to_a_role_that_may_not_see_it(route, world):
    check_web_route(route, world)
