"""The co-location finder in a browser: the map draws the groups from the page
(no inline script, the CSP holds), a group is saved as an opportunity and turned
into a project, and the pages pass the audit of ``test_demo_pages`` (axe-core,
one h1, a title naming the page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import follow
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.assets.tests.factories import AssetFactory
    from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    police = OrganisationFactory(partnership=partnership, name="Metropolitan Police Service")
    AssetFactory(
        partnership=partnership,
        owner=council,
        name="Perceval House",
        utilisation=Decimal("35"),
        operating_cost=Decimal("400000"),
        is_illustrative=True,
    )
    AssetFactory(
        partnership=partnership,
        owner=police,
        name="Ealing Police Station",
        latitude=51.5139,
        longitude=-0.3040,
    )
    user = User.objects.create(
        username="lbe-editor", role=Role.EDITOR, partnership=partnership, organisation=council
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return partnership


def test_a_group_is_mapped_saved_and_made_a_project(page, world):
    from roundtable.projects.models import Project

    sign_in(page, "lbe-editor")
    audit = Audit(page)
    audit.visit("/ealing/assets/colocation/", "co-location finder")
    # One filled circle, one ring, and the line between them.
    expect(page.locator("#colocation-map path.leaflet-interactive")).to_have_count(2)
    assert "Could be left: Perceval House" in page.locator("#group-1").inner_text()
    page.get_by_role("button", name="Save as an opportunity (group 1)").click()
    page.get_by_text(
        "Saved \u201cMove out of Perceval House into Ealing Police Station\u201d as an opportunity"
    ).wait_for()
    audit.check("opportunity")
    audit.visit("/ealing/assets/opportunities/", "opportunities")
    page.get_by_role("link", name="Move out of Perceval House into Ealing Police Station").click()
    page.get_by_role("button", name="Turn into a project").click()
    page.get_by_text("(unpublished)").wait_for()
    project = Project.objects.get()
    assert (project.lead_organisation.name, project.is_published) == ("Ealing Council", False)
    follow(page, page.get_by_role("link", name="Change this opportunity"))
    page.get_by_label("Title").fill("")
    audit.follow(
        page.get_by_role("button", name="Save"),
        "opportunity form with errors",
        expect_status=400,
        errors=True,
    )
    audit.visit("/ealing/assets/colocation/?within_m=far", "finder with errors", errors=True)
    assert audit.problems == {}


def test_the_groups_are_drawn_over_the_partnerships_borough(page, world, settings, tmp_path):
    """No outside tiles (the CSP): without a ground the groups float in an empty box.
    The finder draws the asset map's ground, Ealing's outline and its MSOAs, under them."""
    from roundtable.geography.models import Area
    from roundtable.geography.services import load_local_authority
    from roundtable.geography.sources import Sources

    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    load_local_authority("E09000009", Sources.mini())
    world.area = Area.objects.get(code="E09000009")
    world.save()

    sign_in(page, "lbe-editor")
    page.goto("/ealing/assets/colocation/")
    page.wait_for_selector('#colocation-map[data-outline-drawn="1"]')
    page.wait_for_selector("#colocation-map[data-inner-outlines-drawn]")
    assert page.locator("#colocation-map path.rt-asset-outline").count() == 1
    assert page.locator("#colocation-map path.rt-asset-inner-outline").count() > 10
    # The groups are still drawn, over the ground, and still open their rows.
    assert page.locator("#colocation-map path.leaflet-interactive").count() == 2
