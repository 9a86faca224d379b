"""A custom areas file with no rows is refused, not reported as imported (issue #10,
fault 15)."""

from __future__ import annotations

import io

import pytest

from roundtable.core.imports import ImportFailed, read_table
from roundtable.geography.models import Area
from roundtable.geography.services import import_custom_areas

pytestmark = pytest.mark.django_db


def test_an_areas_file_with_a_header_and_no_rows_is_refused(partnership):
    table = read_table(io.BytesIO(b"code,name,components\n"), "areas.csv")
    with pytest.raises(ImportFailed) as excinfo:
        import_custom_areas(table, partnership, None)
    assert [str(e) for e in excinfo.value.errors] == ["areas.csv has a header but no rows"]
    assert not Area.objects.filter(partnership=partnership).exists()
