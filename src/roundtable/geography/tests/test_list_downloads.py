"""The Places list as CSV and XLSX (issue 11, item 7): its filters kept, and never
another partnership's custom areas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
)

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _url(partnership, fmt: str = "csv") -> str:
    return under(partnership, reverse("geography:area-list-download", args=[fmt]))


@pytest.fixture
def ealing(partnership):
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    partnership.area = borough
    partnership.save()
    return borough


def test_the_places_download_keeps_the_type_and_search(client, partnership, ealing):
    AreaFactory(code="E05013537", name="Southall Broadway", parent=ealing, population=15000)
    AreaFactory(code="E05013538", name="Southall Green", parent=ealing)
    AreaFactory(code="E05013539", name="Hanwell Broadway", parent=ealing)

    rows = _csv(client.get(_url(partnership), {"type": AreaType.WARD, "q": "southall"}))

    assert [(r["Name"], r["Code"], r["Part of"], r["Part of (code)"]) for r in rows] == [
        ("Southall Broadway", "E05013537", "Ealing", "E09000009"),
        ("Southall Green", "E05013538", "Ealing", "E09000009"),
    ]
    assert rows[0]["Population"] == "15000"


def test_another_partnerships_custom_area_is_not_in_the_download(
    client, partnership, other_partnership, ealing
):
    CustomAreaFactory(partnership=partnership, name="Southall priority area")
    CustomAreaFactory(partnership=other_partnership, name="Warwick priority area")

    rows = _csv(client.get(_url(partnership), {"type": AreaType.CUSTOM}))

    assert [r["Name"] for r in rows] == ["Southall priority area"]


def test_the_places_page_links_its_downloads_with_its_filters(client, partnership, ealing):
    AreaFactory(name="Southall Broadway", parent=ealing)
    page = client.get(under(partnership, reverse("geography:area-list")), {"q": "southall"})
    assert 'href="/ealing/places/areas.csv?q=southall"' in page.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_download_uses_constant_queries(
    client, partnership, ealing, count, django_assert_num_queries
):
    AreaFactory.create_batch(count, parent=ealing)
    # the partnership by its slug, its place's ancestors, the areas with their parent
    with django_assert_num_queries(3):
        response = client.get(_url(partnership, "xlsx"))
    # the wards and Ealing itself
    assert load_workbook(io.BytesIO(response.content)).active.max_row == count + 2
