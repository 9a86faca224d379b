"""The consultation register in a browser: the overlap warning appears (htmx) as
the dates and audience are entered, and the list, a consultation's page and the
form pass the audit of ``test_demo_pages`` (axe-core, one h1, a title naming the
page), for the public and for an editor."""

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
    from roundtable.engagement.tests.factories import ConsultationFactory
    from roundtable.geography.tests.factories import AreaFactory
    from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    today = timezone.localdate()
    open_one = ConsultationFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Southall Big Conversation",
        opens=today - datetime.timedelta(days=7),
        closes=today + datetime.timedelta(days=28),
        url="https://example.org/southall",
        is_illustrative=True,
    )
    open_one.areas.set([AreaFactory(name="Southall Broadway")])
    user = User.objects.create(
        username="lbe-editor",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        first_name="Test",
        last_name="Officer",
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return open_one


def test_overlap_warning_appears_as_the_audience_is_chosen(page, world):
    sign_in(page, "lbe-editor")
    page.goto("/ealing/engagement/consultations/new/")
    warning = page.locator("#overlap-warning")
    today = datetime.date.today()
    page.get_by_label("Opens").fill(today.isoformat())
    page.get_by_label("Closes").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Closes").dispatch_event("change")
    page.get_by_label("Residents").check()
    warning.get_by_text("Southall Big Conversation").wait_for()
    assert "Both are for Residents" in warning.inner_text()


def test_consultation_pages_pass_the_audit(page, world):
    audit = Audit(page)
    page.goto("/ealing/engagement/consultations/")
    audit.visit("/ealing/engagement/consultations/", "consultations")
    audit.visit(world.get_absolute_url(), "consultation")
    sign_in(page, "lbe-editor")
    audit.visit("/ealing/engagement/consultations/?show=all", "consultations, signed in")
    audit.visit("/ealing/engagement/consultations/new/", "consultation form")
    audit.visit(f"/ealing/engagement/consultations/{world.pk}/edit/", "consultation edit")
    assert audit.problems == {}
