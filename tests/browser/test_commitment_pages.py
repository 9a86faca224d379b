"""Commitment pages in a browser: the list, a commitment's page (with actions,
evidence and signatories), the form, the evidence and signing forms and the
performance report's equality objectives pass the audit of ``test_demo_pages``
(axe-core, one h1, a title naming the page), for the public and for an editor; so
do the pages changing and deleting a commitment's parts and its History tab, and an
editor deletes an action after confirming."""

from __future__ import annotations

import datetime

import pytest

from roundtable.demo.loader import DEMO_PASSWORD
from tests.browser.test_demo_pages import Audit, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
    from roundtable.projects import services_commitments as services
    from roundtable.projects.tests.factories_commitments import (
        CommitmentActionFactory,
        CommitmentFactory,
        SignatoryFactory,
    )

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    commitment = CommitmentFactory(
        partnership=partnership,
        owners=[council],
        title="Foster good relations",
        review_on=datetime.date(2012, 4, 30),
        progress="Community cohesion plans are under way.",
        progress_on=datetime.date(2012, 1, 16),
    )
    CommitmentActionFactory(commitment=commitment, action="Agree measures")
    SignatoryFactory(commitment=commitment, organisation=council, signed_by="Martin Smith")
    services.add_evidence(
        None, commitment, title="Equality data", link="https://example.org/eq", check=False
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
    return commitment


def test_commitment_pages_pass_the_audit(page, world):
    audit = Audit(page)
    page.goto("/ealing/projects/commitments/")
    audit.visit("/ealing/projects/commitments/", "commitments")
    audit.visit(world.get_absolute_url(), "commitment")
    audit.visit("/ealing/performance/report/2011-12-q2/", "performance report")
    assert "Community cohesion plans are under way." in page.content()
    sign_in(page, "lbe-editor")
    audit.visit("/ealing/projects/commitments/?kind=equality_objective", "commitments, signed in")
    audit.visit(world.get_absolute_url(), "commitment, signed in")
    audit.visit("/ealing/projects/commitments/new/", "commitment form")
    audit.visit(f"/ealing/projects/commitments/{world.pk}/edit/", "commitment edit")
    audit.visit(f"/ealing/projects/commitments/{world.pk}/evidence/new/", "evidence form")
    audit.visit(f"/ealing/projects/commitments/{world.pk}/sign/", "sign form")
    assert audit.problems == {}


def test_an_editor_deletes_an_action_after_confirming(page, world):
    action = world.actions.get()
    evidence = world.evidence.get()
    signatory = world.signatories.get()
    audit = Audit(page)
    sign_in(page, "lbe-editor")
    page.goto(world.get_absolute_url())
    audit.visit(f"/ealing/projects/commitments/actions/{action.pk}/edit/", "action edit")
    audit.visit(f"/ealing/projects/commitments/evidence/{evidence.pk}/edit/", "evidence edit")
    audit.visit(f"/ealing/projects/commitments/signatories/{signatory.pk}/edit/", "signature edit")
    audit.visit(f"/ealing/projects/commitments/evidence/{evidence.pk}/delete/", "evidence delete")
    audit.visit(
        f"/ealing/projects/commitments/signatories/{signatory.pk}/delete/", "signature delete"
    )
    page.goto(world.get_absolute_url())
    audit.follow(
        page.get_by_role("link", name="Delete the action: Agree measures"), "action delete"
    )
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Are you sure you want to delete this action?"
    )
    page.get_by_role("button", name="Delete the action").click()
    page.get_by_text("Action deleted").wait_for()
    assert page.url.endswith(world.get_absolute_url())
    assert "Agree measures" not in page.locator("main").inner_text()
    audit.follow(page.get_by_role("link", name="History"), "history")
    assert "Action 'Agree measures': deleted" in page.locator("main").inner_text()
    assert audit.problems == {}
