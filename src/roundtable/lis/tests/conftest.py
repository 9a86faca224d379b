"""Fixtures shared by the LIS tests."""

from __future__ import annotations

import pytest

from roundtable.lis.tests.factories import make_places


@pytest.fixture
def places():
    """England > London > Ealing, Brent and Harrow; two LSOAs of Ealing."""
    return make_places()
