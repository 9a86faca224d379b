"""A place's page lists the partnership's priorities that target it
(`place_sections.py`): those whose target areas are the place, an area inside it or
a custom area including one. Priorities are public from their first draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
)
from roundtable.strategy.choices import RevisionStatus
from roundtable.strategy.tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():
    return LocalAuthorityFactory(code="E09000033", name="Westminster")


@pytest.fixture
def church_street(borough):
    return AreaFactory(code="E05013794", name="Church Street", parent=borough)


@pytest.fixture
def strategy(partnership):
    return StrategyFactory(partnership=partnership, title="City Plan 2007")


def place(client, partnership, area):
    return client.get(under(partnership, reverse("geography:area-detail", args=[area.code])))


def test_a_priority_for_a_ward_and_one_for_a_group_of_wards_show_on_the_ward_and_borough(
    client, partnership, strategy, borough, church_street
):
    reassurance = CustomAreaFactory(
        code="westminster-reassurance-wards", name="Reassurance wards", partnership=partnership
    )
    reassurance.components.set([church_street])
    for_ward = PriorityFactory(
        strategy=strategy, ref="HC-1", wording="Early intervention", status=RevisionStatus.AGREED
    )
    for_ward.target_areas.set([church_street])
    for_group = PriorityFactory(strategy=strategy, ref="CS-1", wording="Reassurance")
    for_group.target_areas.set([reassurance])
    for area in (church_street, borough):
        page = place(client, partnership, area).content.decode()
        assert "Priorities for this place" in page
        assert f'href="{for_ward.get_absolute_url()}">HC-1: Early intervention</a>' in page
        assert "CS-1: Reassurance" in page
        assert "Agreed" in page  # its status
        assert "From City Plan 2007" in page
        assert "targets Church Street" in page
        assert "targets Reassurance wards" in page


def test_a_borough_wide_priority_is_not_on_each_wards_page(
    client, partnership, strategy, borough, church_street
):
    PriorityFactory(strategy=strategy, ref="ALL-1").target_areas.set([borough])
    assert "ALL-1" in place(client, partnership, borough).content.decode()
    assert "Priorities for this place" not in place(client, partnership, church_street).text


def test_a_draft_priority_is_public_and_shows_to_anyone(
    client, partnership, strategy, church_street, other_partnership_officer
):
    """Strategies are published from their first draft (`Priority.visibility`)."""
    PriorityFactory(strategy=strategy, ref="D-1", status=RevisionStatus.DRAFT).target_areas.set(
        [church_street]
    )
    assert "D-1" in place(client, partnership, church_street).content.decode()
    client.force_login(other_partnership_officer)
    assert "D-1" in place(client, partnership, church_street).content.decode()


def test_only_the_partnership_in_view_lists_its_priorities(
    client, partnership, other_partnership, church_street
):
    theirs = StrategyFactory(partnership=other_partnership)
    PriorityFactory(strategy=theirs, ref="WAR-1").target_areas.set([church_street])
    assert "WAR-1" not in place(client, partnership, church_street).content.decode()
    assert "WAR-1" in place(client, other_partnership, church_street).content.decode()


def test_no_section_when_nothing_targets_the_place(client, partnership, strategy, church_street):
    PriorityFactory(strategy=strategy)
    assert "Priorities for this place" not in place(client, partnership, church_street).text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_place_page_reads_the_same_queries_however_many_priorities(
    client, partnership, strategy, borough, church_street, django_assert_num_queries, rows
):
    for priority in PriorityFactory.create_batch(rows, strategy=strategy):
        priority.target_areas.set([church_street, borough])
    # The page's own five, the partnership, the LIS's figures, the projects' and
    # consultations' (none), then the priorities and their target areas.
    with django_assert_num_queries(10):
        page = place(client, partnership, borough).content.decode()
    assert "Priorities for this place" in page
