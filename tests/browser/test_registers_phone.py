"""On a phone the budget, funding, contributions and asset registers' tables stack
(`rt-table--stack`, as a project's milestones and risks do): each row a block, each
figure beside its label, nothing off the screen's edge. They scrolled sideways."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.test_demo_pages import sign_in
from tests.browser.test_money_pages import world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def stacked(page, path: str, labels: tuple[str, ...]) -> list[str]:
    """Open `path` at 375 px; check every stacked table's labelled cells (and each
    label's own box) are on the screen and the page does not scroll sideways; return
    the label and value of each labelled cell as the reader sees them."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(path)
    tables = page.locator("main table.rt-table--stack")
    assert tables.count() >= 1, f"no stacked table on {path}"
    width = page.evaluate("window.innerWidth")
    seen = []
    for label in labels:
        cells = page.locator(f"main table.rt-table--stack td[data-label='{label}']")
        assert cells.count() >= 1, f"no cell labelled {label} on {path}"
        cell = cells.first
        box = cell.bounding_box()
        assert box["x"] >= 0, f"{label} starts off the screen"
        assert box["x"] + box["width"] <= width, f"{label} runs off the screen"
        # The label is drawn beside the figure, on the same line, not in a column head.
        before = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert before == f'"{label}"'
        seen.append(f"{label}: {cell.inner_text()}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    return seen


def test_a_projects_budget_and_funding_stack(page, world):  # noqa: F811
    project, _ = world
    sign_in(page, "lbe-editor")
    seen = stacked(
        page,
        f"/ealing/projects/{project.pk}/money/",
        ("Planned", "Committed", "Spent", "Partner", "Year", "Amount", "Status"),
    )
    assert "Partner: Ealing Council" in seen
    # A figure's label starts at the row's left edge, not pushed right with the figure.
    label_x = page.locator("td[data-label='Amount']").first.evaluate(
        "c => c.getBoundingClientRect().left"
    )
    row_x = page.locator("td[data-label='Partner']").first.evaluate(
        "c => c.getBoundingClientRect().left"
    )
    assert label_x == row_x
    status = page.locator("td[data-label='Status']").first
    # The status and when it was decided read as one block beside the label, not
    # squeezed into a column a letter wide.
    assert status.locator("span").first.bounding_box()["width"] > 100


def test_the_funding_pipeline_and_contributions_stack(page, world):  # noqa: F811
    _, pooled = world
    sign_in(page, "lbe-editor")
    stacked(page, "/ealing/projects/funding/", ("Source", "Partner", "Year", "Amount"))
    seen = stacked(page, pooled.get_absolute_url(), ("Total",))
    assert any(line.startswith("Total: £") for line in seen)
    years = page.locator("main table.rt-table--stack td[data-label*='/']")
    assert years.count() >= 2, "each contribution is labelled with its financial year"


@pytest.fixture
def register(transactional_db):
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User
    from roundtable.assets.tests.factories import AssetFactory
    from roundtable.demo.loader import DEMO_PASSWORD
    from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory

    partnership = PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")
    police = OrganisationFactory(partnership=partnership, name="Metropolitan Police Service")
    AssetFactory(
        partnership=partnership,
        owner=police,
        name="Acton Police Station",
        current_use="Police station",
        capacity=120,
        utilisation=Decimal("38"),
        operating_cost=Decimal("380000"),
        is_illustrative=True,
    )
    user = User.objects.create(username="admin", role=Role.ADMINISTRATOR, partnership=partnership)
    user.set_password(DEMO_PASSWORD)
    user.save()


def test_the_asset_register_stacks_each_figure_labelled(page, register):
    sign_in(page, "admin")
    seen = stacked(
        page,
        "/ealing/assets/",
        ("Owner", "Postcode", "Current use", "Capacity", "Utilisation", "Operating cost a year"),
    )
    assert "Owner: Metropolitan Police Service" in seen
    # A label breaks between words, never inside one ("Utilisatio/n").
    label = page.locator("td[data-label='Utilisation']").first
    assert label.evaluate("c => getComputedStyle(c, '::before').overflowWrap") == "normal"
    stacked(page, "/ealing/assets/coverage/", ("Assets", "Filled"))
