from __future__ import annotations

import pytest

from roundtable.geography.sources import LocalAuthorityData, Sources, read_local_authority

EALING = "E09000009"


@pytest.fixture(scope="session")
def ealing_data() -> LocalAuthorityData:
    """Ealing as read from the committed mini wheels (read once per test run)."""
    return read_local_authority(Sources.mini(), EALING)


@pytest.fixture
def ealing(db, ealing_data):
    """Ealing loaded into the test database; returns the load report."""
    from roundtable.geography.services import write_local_authority

    return write_local_authority(ealing_data)
