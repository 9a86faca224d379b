"""A place's page lists the partnership's projects working there (`place_sections.py`):
those linked to the place or an area inside it, as the reader may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():
    return LocalAuthorityFactory(code="E09000009", name="Ealing")


@pytest.fixture
def ward(borough):
    return AreaFactory(code="E05013537", name="Southall Broadway", parent=borough)


def place(client, partnership, area):
    return client.get(under(partnership, reverse("geography:area-detail", args=[area.code])))


def test_a_project_in_a_ward_shows_on_the_ward_and_its_borough_not_the_other_way(
    client, partnership, borough, ward, council
):
    in_ward = ProjectFactory(partnership=partnership, lead_organisation=council, title="Youth hub")
    in_ward.areas.set([ward])
    borough_wide = ProjectFactory(partnership=partnership, title="Borough-wide")
    borough_wide.areas.set([borough])
    page = place(client, partnership, borough).content.decode()
    assert "Projects working here" in page
    assert f'href="{in_ward.get_absolute_url()}">Youth hub</a>' in page
    assert "Project led by Ealing Council, working in Southall Broadway" in page
    assert "Borough-wide" in page
    assert "to a place inside it" in page  # the rule, in the hint
    ward_page = place(client, partnership, ward).content.decode()
    assert "Youth hub" in ward_page
    assert "Borough-wide" not in ward_page


def test_no_section_when_no_project_works_there(client, partnership, borough):
    ProjectFactory(partnership=partnership).areas.set([AreaFactory(code="E05099998")])
    assert "Projects working here" not in place(client, partnership, borough).content.decode()


def test_an_unpublished_project_is_for_its_partnerships_people_only(
    client, partnership, ward, board_member, other_partnership_officer
):
    ProjectFactory(partnership=partnership, title="Quiet pilot", is_published=False).areas.set(
        [ward]
    )
    assert "Quiet pilot" not in place(client, partnership, ward).content.decode()
    assert "Projects working here" not in place(client, partnership, ward).content.decode()
    client.force_login(other_partnership_officer)
    assert "Quiet pilot" not in place(client, partnership, ward).content.decode()
    client.force_login(board_member)
    page = place(client, partnership, ward).content.decode()
    assert "Quiet pilot" in page
    assert "Not published" in page


def test_only_the_partnership_in_view_lists_its_projects(
    client, partnership, other_partnership, ward
):
    ProjectFactory(partnership=other_partnership, title="Warwick pilot").areas.set([ward])
    assert "Warwick pilot" not in place(client, partnership, ward).content.decode()
    assert "Warwick pilot" in place(client, other_partnership, ward).content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_place_page_reads_the_same_queries_however_many_projects(
    client, partnership, borough, ward, django_assert_num_queries, rows
):
    for project in ProjectFactory.create_batch(rows, partnership=partnership):
        project.areas.set([ward, borough])
    # The page's own five, the partnership, the LIS's figures, the strategy's and
    # consultations' (none), then the projects and their areas.
    with django_assert_num_queries(10):
        assert "Projects working here" in place(client, partnership, borough).content.decode()
