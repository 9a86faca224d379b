"""The information-sharing agreements in a browser: the register, an agreement's
page and its form pass the audit of ``test_demo_pages`` (axe-core, one h1, a title
naming the page), for the public and for an editor."""

from __future__ import annotations

import pytest

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agreement(transactional_db):
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.engagement.tests.factories import SharingAgreementFactory
    from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    police = OrganisationFactory(partnership=partnership, name="Metropolitan Police")
    found = SharingAgreementFactory(
        partnership=partnership,
        lead_organisation=council,
        parties=[police],
        title="Community safety information sharing",
        special_category=False,
        criminal_offence=True,
        is_illustrative=True,
    )
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
    return found


def test_agreement_pages_pass_the_audit(page, agreement):
    audit = Audit(page)
    page.goto("/ealing/engagement/agreements/")
    audit.visit("/ealing/engagement/agreements/", "agreements")
    audit.visit(agreement.get_absolute_url(), "agreement")
    sign_in(page, "lbe-editor")
    audit.visit("/ealing/engagement/agreements/?status=in_force", "agreements, signed in")
    audit.visit(agreement.get_absolute_url(), "agreement, signed in")
    audit.visit("/ealing/engagement/agreements/new/", "agreement form")
    audit.visit(f"/ealing/engagement/agreements/{agreement.pk}/edit/", "agreement edit")
    assert audit.problems == {}
