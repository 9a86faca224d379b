"""Fixtures for the cross-app tests: the same client as the apps' tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def client():
    """Django's test client, following an old address to its partnership's page."""
    from roundtable.core.testing import AddressClient

    return AddressClient()
