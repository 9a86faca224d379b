"""The setup checklist on a partnership's home, and the import templates it links to."""

from __future__ import annotations

import csv
import io
from html import unescape

import pytest
from django.urls import reverse

from roundtable.core.imports import read_table
from roundtable.core.testing import under
from roundtable.partnership.checklist import import_template, setup_checklist, steps
from roundtable.partnership.imports import IMPORTERS, detect_kind
from roundtable.partnership.tests.factories import (
    BodyFactory,
    OrganisationFactory,
    PersonFactory,
    TermsOfReferenceFactory,
)
from roundtable.performance import imports as performance_imports
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.strategy.importers import COLUMNS, file_kind
from roundtable.strategy.tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def fill(partnership, rows: int) -> None:
    for _ in range(rows):
        organisation = OrganisationFactory(partnership=partnership)
        body = BodyFactory(partnership=partnership)
        PersonFactory(partnership=partnership, organisation=organisation)
        TermsOfReferenceFactory(body=body)
        StrategyFactory(partnership=partnership)
        IndicatorFactory(partnership=partnership)


def columns_of(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode())))


def test_the_steps_are_the_six_of_the_issue_in_order():
    assert [step.key for step in steps()] == [
        "organisations",
        "bodies",
        "people",
        "terms_of_reference",
        "strategy",
        "indicators",
    ]


def test_an_organisation_the_partnership_only_engages_is_no_partner(partnership):
    OrganisationFactory(partnership=partnership, name="HM Treasury", is_partner=False)
    done = {row.step.key: (row.done, row.count) for row in setup_checklist(partnership)}
    assert done["organisations"] == (False, 0)


def test_each_step_is_done_once_it_has_a_record(partnership, other_partnership):
    OrganisationFactory(partnership=partnership)
    StrategyFactory(partnership=partnership)
    fill(other_partnership, 1)  # another partnership's records count for nothing here
    done = {row.step.key: (row.done, row.count) for row in setup_checklist(partnership)}
    assert done == {
        "organisations": (True, 1),
        "bodies": (False, 0),
        "people": (False, 0),
        "terms_of_reference": (False, 0),
        "strategy": (True, 1),
        "indicators": (False, 0),
    }


def test_administrators_see_the_checklist_with_links_to_imports_and_templates(
    client, partnership, administrator
):
    OrganisationFactory(partnership=partnership)
    client.force_login(administrator)
    page = client.get(under(partnership, reverse("home"))).text
    assert "You have completed 1 of 6 steps" in page
    assert 'href="/ealing/partnership/import/"' in page
    assert 'href="/ealing/strategy/import/"' in page
    assert 'href="/ealing/performance/import/"' in page
    assert 'href="/ealing/partnership/import/templates/organisations.csv"' in page
    assert 'href="/ealing/partnership/import/templates/strategy-priorities.csv"' in page
    assert 'href="/ealing/partnership/import/templates/indicators.csv"' in page
    assert "Done (1)" in page


def test_the_checklist_offers_the_pages_that_add_records_one_by_one(
    client, partnership, administrator
):
    # A council officer with four partners to add need not make a spreadsheet: the
    # checklist led only to the imports, though each of these has an add page.
    client.force_login(administrator)
    page = client.get(under(partnership, reverse("home"))).text
    assert "Add each record on its page, or many at once from a spreadsheet" in page
    for path in (
        "/ealing/partnership/organisations/add/",
        "/ealing/partnership/bodies/add/",
        "/ealing/partnership/people/add/",
        "/ealing/performance/indicators/add/",
        "/ealing/strategy/add/",
    ):
        assert f'href="{path}">Add them one by one' in page, path
    assert page.count(">Add them one by one<") == 5  # none for terms of reference


def test_my_roundtable_leads_a_new_partnerships_administrator_to_the_checklist(
    client, partnership, administrator, officer
):
    # Signing in lands on My Roundtable, which said nothing of the setup; the checklist
    # was only on the home page. (The officer's council is one step done.)
    my_roundtable = under(partnership, reverse("personal:home"))
    client.force_login(administrator)
    page = client.get(my_roundtable).text
    assert "is still being set up: 1 of 6 steps are done." in page
    assert 'href="/ealing/#setup-checklist">Carry on with the setup checklist</a>' in page
    client.force_login(officer)
    assert "still being set up" not in client.get(my_roundtable).text
    fill(partnership, 1)
    client.force_login(administrator)
    assert "still being set up" not in client.get(my_roundtable).text


def test_an_account_with_no_person_is_told_who_links_it(
    client, partnership, administrator, board_member
):
    # An administrator links accounts to people on the Accounts page, their own too:
    # "ask your partnership administrator" would send them to themselves.
    board_member.person = None
    board_member.save()
    client.force_login(administrator)
    page = unescape(client.get(under(partnership, reverse("personal:home"))).text)
    assert "Link it to your person on the partnership's Accounts page." in page
    assert "ask them to link yours" not in page
    client.force_login(board_member)
    page = unescape(client.get(under(partnership, reverse("personal:home"))).text)
    assert (
        "The partnership's administrators link accounts to people on its Accounts page: "
        "ask them to link yours." in page
    )


def test_nobody_else_sees_the_checklist(client, partnership, officer, board_member):
    assert "You have completed" not in client.get(under(partnership, "/")).text
    for user in (officer, board_member):
        client.force_login(user)
        assert "You have completed" not in client.get(under(partnership, "/")).text


def test_the_checklist_goes_once_every_step_is_done(client, partnership, administrator):
    fill(partnership, 1)
    client.force_login(administrator)
    assert "You have completed" not in client.get(under(partnership, "/")).text


def test_another_partnerships_administrator_does_not_see_its_checklist(
    client, partnership, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    assert "You have completed" not in client.get(under(partnership, "/")).text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_home_page_queries_do_not_grow_with_rows(
    client, partnership, administrator, django_assert_num_queries, rows
):
    fill(partnership, rows)
    IndicatorFactory.create_batch(rows, partnership=partnership)
    client.force_login(administrator)
    # partnership from the address, session, user; the six checklist counts (whose
    # organisations, bodies and people the page's links reuse); the front page's
    # parts (meetings 2, the report's quarters 3, recommendations, consultations 1
    # when there are none, datasets, needs pages, projects); partnerships list
    with django_assert_num_queries(20):
        response = client.get(under(partnership, reverse("home")))
    assert response.status_code == 200


def test_partnership_templates_have_the_importers_columns(client, partnership):
    for kind, importer in IMPORTERS.items():
        response = client.get(reverse("partnership:import-template", args=[f"{kind}.csv"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f'filename="{kind}.csv"' in response["Content-Disposition"]
        assert columns_of(response) == [*importer.required, *importer.optional]
        table = read_table(io.BytesIO(response.content), f"{kind}.csv")
        assert detect_kind(table) == kind


def test_strategy_templates_have_the_importers_columns_and_file_names(client, partnership):
    for kind, (required, optional) in COLUMNS.items():
        template = import_template(f"strategy-{kind}.csv")
        assert file_kind(template.filename) == kind
        response = client.get(template.get_absolute_url())
        assert columns_of(response) == [*required, *optional]


def test_performance_templates_have_the_importers_columns(client, partnership):
    for name, required, optional in (
        (
            "indicators",
            performance_imports.INDICATOR_COLUMNS,
            performance_imports.INDICATOR_OPTIONAL,
        ),
        ("indicator-values", performance_imports.VALUE_COLUMNS, performance_imports.VALUE_OPTIONAL),
        ("data-issues", performance_imports.ISSUE_COLUMNS, performance_imports.ISSUE_OPTIONAL),
    ):
        response = client.get(reverse("partnership:import-template", args=[f"{name}.csv"]))
        assert columns_of(response) == [*required, *optional]


def test_the_import_pages_say_which_columns_are_required(client, partnership, administrator):
    # "required ones first" did not say where they end: an indicators file with the
    # first six columns was refused for cumulative, lead_agency and tolerance.
    client.force_login(administrator)
    page = client.get(under(partnership, reverse("performance:import"))).text
    required = ", ".join(performance_imports.INDICATOR_COLUMNS)
    optional = ", ".join(performance_imports.INDICATOR_OPTIONAL)
    assert f"</a>: required {required}; optional {optional}</li>" in page
    page = client.get(under(partnership, reverse("partnership:import"))).text
    assert "</a>: required name, sector; optional short_name," in page


def test_an_unknown_template_is_not_found(client, partnership):
    for name in ("nothing.csv", "organisations.xlsx", "organisations"):
        response = client.get(reverse("partnership:import-template", args=[name]))
        assert response.status_code == 404
