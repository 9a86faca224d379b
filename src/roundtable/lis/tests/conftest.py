"""Fixtures shared by the LIS tests."""

from __future__ import annotations

import pytest

from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory
from roundtable.lis.tests.factories import LsoaFactory


@pytest.fixture
def places():
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    london = AreaFactory(code="E12000007", name="London", area_type=AreaType.REGION, parent=england)
    ealing = AreaFactory(
        code="E09000009", name="Ealing", area_type=AreaType.LOCAL_AUTHORITY, parent=london
    )
    brent = AreaFactory(
        code="E09000005", name="Brent", area_type=AreaType.LOCAL_AUTHORITY, parent=london
    )
    harrow = AreaFactory(
        code="E09000015", name="Harrow", area_type=AreaType.LOCAL_AUTHORITY, parent=london
    )
    lsoas = [
        LsoaFactory(code="E01001234", name="Ealing 001A", parent=ealing),
        LsoaFactory(code="E01001235", name="Ealing 001B", parent=ealing),
    ]
    return {
        "england": england,
        "london": london,
        "ealing": ealing,
        "brent": brent,
        "harrow": harrow,
        "lsoas": lsoas,
    }
