"""Stakeholder engagement in a browser: the fatigue warning appears (htmx) as the
stakeholder is chosen on the contact form, and the app's pages pass the audit of
``test_demo_pages`` (axe-core, one h1, a title naming the page)."""

from __future__ import annotations

import datetime

import pytest

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    from django.utils import timezone

    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.engagement.tests.factories import (
        AssessmentFactory,
        ContactFactory,
        StakeholderFactory,
    )
    from roundtable.partnership.tests.factories import (
        OrganisationFactory,
        PartnershipFactory,
        PersonFactory,
        UnitFactory,
    )

    partnership = PartnershipFactory(name="Westminster Partnership", slug="westminster")
    council = OrganisationFactory(partnership=partnership, name="Westminster City Council")
    manager = PersonFactory(
        partnership=partnership, organisation=council, given_name="Fran", family_name="Beasley"
    )
    zsl = StakeholderFactory(
        partnership=partnership,
        organisation=OrganisationFactory(
            partnership=partnership, name="Zoological Society of London", is_partner=False
        ),
        relationship_manager=manager,
        interest=3,
        influence=3,
    )
    AssessmentFactory(stakeholder=zsl, interest=3, influence=3)
    other = StakeholderFactory(partnership=partnership)
    today = timezone.localdate()
    for days, unit in ((1, "Public Health"), (4, "Communities"), (8, "Transportation")):
        ContactFactory(
            stakeholder=zsl,
            from_organisation=council,
            from_unit=UnitFactory(organisation=council, name=unit),
            date=today - datetime.timedelta(days=days),
            topic=f"Request from {unit}",
        )
    user = User.objects.create(
        username="wcc-editor",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        first_name="Test",
        last_name="Officer",
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    admin = User.objects.create(
        username="wcc-admin", role=Role.ADMINISTRATOR, partnership=partnership, first_name="Ad"
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    ContactFactory(
        stakeholder=other,
        from_organisation=council,
        date=today - datetime.timedelta(days=2),
        stakeholder_person="Jane Keeper",
        topic="Call with Jane Keeper",
    )
    return zsl


def test_fatigue_warning_appears_as_the_stakeholder_is_chosen(page, world):
    sign_in(page, "wcc-editor")
    page.goto("/westminster/engagement/contacts/new/")
    warning = page.locator("#fatigue-warning")
    assert "Zoological" not in warning.inner_text()
    page.get_by_label("Stakeholder", exact=True).select_option(label="Zoological Society of London")
    warning.get_by_text("3 contacts from 3 teams in 1 organisation in the last 30 days").wait_for()
    assert "Coordinate with Fran Beasley, Westminster City Council" in warning.inner_text()
    assert "Request from Public Health" in warning.inner_text()


def test_the_interest_and_influence_grid_fits_a_phone(page, world):
    sign_in(page, "wcc-editor")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/westminster/engagement/grid/")
    scrolled, shown = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scrolled <= shown
    box = page.locator("svg.rt-engagement-grid").bounding_box()
    assert box["width"] == box["height"]  # shrunk, not squashed


def test_engagement_pages_pass_the_audit(page, world):
    sign_in(page, "wcc-editor")
    audit = Audit(page)
    audit.visit("/westminster/engagement/", "register")
    audit.visit("/westminster/engagement/grid/", "grid")
    audit.visit("/westminster/engagement/most-contacted/", "most contacted")
    audit.visit(world.get_absolute_url(), "stakeholder")
    audit.visit("/westminster/engagement/contacts/new/", "contact form")
    assert audit.problems == {}


def test_personal_data_pages_pass_the_audit(page, world):
    sign_in(page, "wcc-admin")
    audit = Audit(page)
    audit.visit("/westminster/engagement/personal-data/", "personal data")
    audit.visit("/westminster/engagement/personal-data/?name=Jane+Keeper", "personal data found")
    audit.visit("/westminster/engagement/personal-data/?name=J", "personal data, name too short")
    audit.visit("/westminster/engagement/personal-data/erase/?name=Jane+Keeper", "erase")
    assert audit.problems == {}
