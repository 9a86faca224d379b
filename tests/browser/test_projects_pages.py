"""Projects in a browser: the portfolio, a project's page, the update form and the
pages deleting a milestone, a risk and an update pass the audit of ``test_demo_pages`` (axe-core, one h1, a title naming the page), for
the public and an administrator; on a 1,280 px screen the sections' menu, with
"Projects" in it, keeps one line."""

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
    from roundtable.partnership.tests.factories import (
        BodyFactory,
        OrganisationFactory,
        PartnershipFactory,
    )
    from roundtable.projects.tests.factories import (
        MilestoneFactory,
        ProjectFactory,
        ProjectUpdateFactory,
        RiskFactory,
    )

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    council = OrganisationFactory(partnership=partnership, name="Ealing Council")
    project = ProjectFactory(
        partnership=partnership,
        lead_organisation=council,
        sponsor_body=BodyFactory(partnership=partnership, name="LSP Executive Board"),
        title="Southall",
        summary="The LSP's Southall project.",
    )
    MilestoneFactory(project=project, title="Charter complete", due=datetime.date(2012, 7, 31))
    RiskFactory(project=project, description="Funding ends")
    ProjectUpdateFactory(project=project, rag="", narrative="Urban Initiatives appointed.")
    user = User.objects.create(
        username="lbe-admin", role=Role.ADMINISTRATOR, partnership=partnership
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return project


def _rows(page, selector: str) -> set[int]:
    boxes = [item.bounding_box() for item in page.locator(selector).all()]
    return {round(box["y"]) for box in boxes if box is not None}


def test_projects_pages_pass_the_audit_and_the_menu_keeps_one_line(page, world):
    page.set_viewport_size({"width": 1280, "height": 900})
    audit = Audit(page)
    audit.visit("/ealing/projects/", "portfolio")
    assert len(_rows(page, "#navigation li")) == 1
    audit.visit(world.get_absolute_url(), "project")
    sign_in(page, "lbe-admin")
    audit.visit("/ealing/projects/", "portfolio, signed in")
    assert len(_rows(page, "#navigation li")) == 1
    assert len(_rows(page, "nav[aria-label='Your account'] li")) == 1
    audit.visit(world.get_absolute_url(), "project, signed in")
    audit.visit(f"/ealing/projects/{world.pk}/updates/new/", "update form")
    audit.visit("/ealing/projects/new/", "project form")
    for name, record in (
        ("milestones", world.milestones.get()),
        ("risks", world.risks.get()),
        ("updates", world.updates.get()),
    ):
        audit.visit(f"/ealing/projects/{name}/{record.pk}/delete/", f"delete one of the {name}")
    assert audit.problems == {}
