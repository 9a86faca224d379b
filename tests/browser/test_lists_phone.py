"""On a phone the project portfolio, the commitments, the consultations and the
stakeholder register stack (`rt-table--stack`): each record a block, each field
beside its label. They scrolled sideways, the status and RAG out of sight."""

from __future__ import annotations

import datetime

import pytest

from tests.browser.test_demo_pages import sign_in
from tests.browser.test_registers_phone import stacked

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.demo.loader import DEMO_PASSWORD
    from roundtable.engagement import services
    from roundtable.engagement.tests.factories import (
        ConsultationFactory,
        SharingAgreementFactory,
        StakeholderFactory,
    )
    from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
    from roundtable.projects.tests.factories import MilestoneFactory, ProjectFactory
    from roundtable.projects.tests.factories_commitments import (
        CommitmentActionFactory,
        CommitmentFactory,
    )

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    project = ProjectFactory(
        partnership=partnership, title="Community Budgets", lead_organisation=council
    )
    MilestoneFactory(project=project, title="Business case agreed", due=datetime.date(2012, 1, 31))
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    CommitmentActionFactory(commitment=commitment, owner_organisation=council)
    ConsultationFactory(partnership=partnership, lead_organisation=council)
    SharingAgreementFactory(partnership=partnership, lead_organisation=council)
    stakeholder = StakeholderFactory(partnership=partnership)
    services.record_assessment(
        None,
        stakeholder,
        interest=4,
        influence=2,
        assessed_on=datetime.date(2026, 1, 15),
        why="Illustrative, for the test.",
        check=False,
    )
    user = User.objects.create(
        username="member", role=Role.MEMBER, partnership=partnership, first_name="Board"
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return commitment, stakeholder


def test_lists_stack_on_a_phone_each_field_labelled(page, world):
    commitment, stakeholder = world
    sign_in(page, "member")
    seen = stacked(page, "/ealing/projects/", ("Lead", "Status", "Latest RAG", "Next milestone"))
    assert "Lead: Ealing Council" in seen
    stacked(page, "/ealing/projects/commitments/", ("Kind", "Status", "Owners", "Review date"))
    stacked(page, commitment.get_absolute_url(), ("Owner", "Due", "State"))
    # An action not done yet: its "Done" label, with nothing beside it, is not shown.
    assert page.locator("td[data-label='Done']").first.is_hidden()
    stacked(page, "/ealing/engagement/consultations/", ("Led by", "Opens", "Closes", "Status"))
    stacked(page, "/ealing/engagement/agreements/", ("Parties", "Status", "Review"))
    stacked(page, "/ealing/engagement/", ("Sector", "Interest", "Influence", "Strategy"))
    stacked(page, "/ealing/engagement/grid/", ("Interest", "Influence", "Strategy"))
    stacked(page, stakeholder.get_absolute_url(), ("Interest", "Influence", "Why"))
