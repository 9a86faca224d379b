"""Fixtures of the assets tests: real Ealing postcodes with their OS grid references
(ONS/OS Code-Point Open, as `geography load` stores them)."""

from __future__ import annotations

import pytest

#: postcode -> (eastings, northings), from the committed Ealing postcode data.
REAL = {
    "W5 2HL": (517446, 180732),  # Perceval House
    "UB1 3HA": (512935, 180397),  # Southall Town Hall
    "UB1 3HG": (513072, 180378),  # Southall Police Station
    "W3 6NE": (520308, 180030),  # Acton Town Hall
}


@pytest.fixture
def postcodes(db):
    from roundtable.geography.tests.factories import LocalAuthorityFactory, PostcodeFactory

    ealing = LocalAuthorityFactory(code="E09000009", name="Ealing")
    found = {
        code: PostcodeFactory(postcode=code, local_authority=ealing, eastings=east, northings=north)
        for code, (east, north) in REAL.items()
    }
    # A postcode the data holds without a grid reference.
    found["W5 9ZZ"] = PostcodeFactory(postcode="W5 9ZZ", local_authority=ealing)
    return found
