"""Fixtures for the cross-app tests: the same client as the apps' tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    from roundtable.core.testing import use_private_cache

    use_private_cache()


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Every test starts with no page kept from another (core.cache)."""
    from roundtable.core.testing import clear_cache

    clear_cache()


@pytest.fixture
def client():
    """Django's test client, following an old address to its partnership's page."""
    from roundtable.core.testing import AddressClient

    return AddressClient()
