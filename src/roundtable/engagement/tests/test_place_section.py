"""A place's page lists the partnership's consultations about it (`place_sections.py`):
those linked to the place, an area inside it or a custom area including one, as the
reader may see them (a planned one for the partnership's own people only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement.choices import ConsultationStatus
from roundtable.engagement.tests.factories import ConsultationFactory
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():
    return LocalAuthorityFactory(code="E09000009", name="Ealing")


@pytest.fixture
def ward(borough):
    return AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)


def place(client, partnership, area):
    return client.get(under(partnership, reverse("geography:area-detail", args=[area.code])))


def test_a_consultation_about_a_group_of_places_shows_on_each_and_on_the_borough(
    client, partnership, borough, ward, council
):
    southall = CustomAreaFactory(code="ealing-southall", name="Southall", partnership=partnership)
    southall.components.set([ward])
    consultation = ConsultationFactory(
        partnership=partnership, lead_organisation=council, title="Southall market"
    )
    consultation.areas.set([southall])
    for area in (southall, ward, borough):
        page = place(client, partnership, area).content.decode()
        assert "Consultations about this place" in page
        assert f'href="{consultation.get_absolute_url()}">Southall market</a>' in page
        assert "Consultation led by Ealing Council, 2 Mar 2026 to 26 Apr 2026, about Southall" in (
            page
        )
        assert "Open" in page


def test_a_borough_wide_consultation_is_not_on_each_wards_page(client, partnership, borough, ward):
    ConsultationFactory(partnership=partnership, title="Budget").areas.set([borough])
    assert "Budget" in place(client, partnership, borough).content.decode()
    assert "Consultations about this place" not in place(client, partnership, ward).content.decode()


def test_a_planned_consultation_is_for_its_partnerships_people_only(
    client, partnership, ward, board_member, other_partnership_officer
):
    ConsultationFactory(
        partnership=partnership, title="Not yet open", status=ConsultationStatus.PLANNED
    ).areas.set([ward])
    assert "Consultations about this place" not in place(client, partnership, ward).content.decode()
    client.force_login(other_partnership_officer)
    assert "Not yet open" not in place(client, partnership, ward).content.decode()
    client.force_login(board_member)
    page = place(client, partnership, ward).content.decode()
    assert "Not yet open" in page
    assert "Internal until it opens" in page


def test_only_the_partnership_in_view_lists_its_consultations(
    client, partnership, other_partnership, ward
):
    ConsultationFactory(partnership=other_partnership, title="Warwick survey").areas.set([ward])
    assert "Warwick survey" not in place(client, partnership, ward).content.decode()
    assert "Warwick survey" in place(client, other_partnership, ward).content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_place_page_reads_the_same_queries_however_many_consultations(
    client, partnership, borough, ward, django_assert_num_queries, rows
):
    for consultation in ConsultationFactory.create_batch(rows, partnership=partnership):
        consultation.areas.set([ward, borough])
    # The page's own five, the partnership, the LIS's figures, the strategy's and
    # projects' (none), then the consultations and their areas.
    with django_assert_num_queries(10):
        page = place(client, partnership, borough).content.decode()
    assert "Consultations about this place" in page
