"""Pages of partners' asset strategies, and plans on the register: who sees what,
who may change what, errors named by field, and what the list costs."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roundtable.assets.models_strategies import AssetStrategy
from roundtable.assets.tests.factories import AssetFactory
from roundtable.assets.tests.factories_strategies import AssetStrategyFactory
from roundtable.core.testing import found_in, under
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = "assets:strategy-list"


@pytest.fixture
def published(partnership, council):
    return AssetStrategyFactory(
        partnership=partnership,
        organisation=council,
        listed_as="LBE",
        title="Property Strategy",
        published="2010",
        key_aims="Rationalisation of accommodation.\n• Seek opportunities to co-locate.",
        note="Internal note on the review",
    )


@pytest.fixture
def confidential(partnership, police):
    return AssetStrategyFactory(
        partnership=partnership,
        organisation=police,
        title="Draft Estate Strategy shared in confidence",
        is_public=False,
    )


def _page(client, name="strategy-list", *args):
    return client.get(reverse(f"assets:{name}", args=args)).content.decode()


def test_the_public_reads_public_strategies_but_not_notes_or_internal_ones(
    client, published, confidential
):
    page = _page(client)
    assert "Property Strategy (2010)" in page
    assert "Listed as" in page
    assert "LBE" in page
    assert "<li>Seek opportunities to co-locate.</li>" in page
    assert "review due" in page
    assert not found_in(page, "Internal note on the review", "shared in confidence")
    assert reverse("assets:strategy-history", args=[published.pk]) not in page
    assert reverse("assets:strategy-edit", args=[published.pk]) not in page
    assert "1 strategy of 1 organisation" in page


def test_members_read_every_strategy_with_notes_and_history(
    client, board_member, published, confidential
):
    client.force_login(board_member)
    page = _page(client)
    assert "Internal note on the review" in page
    assert "shared in confidence" in page
    assert "internal to the partnership" in page
    assert reverse("assets:strategy-history", args=[confidential.pk]) in page
    assert reverse("assets:strategy-edit", args=[published.pk]) not in page
    assert "2 strategies of 2 organisations" in page


def test_another_partnership_sees_none_of_the_internal_ones(
    client, other_partnership_officer, confidential
):
    client.force_login(other_partnership_officer)
    page = client.get(under("ealing", reverse(LIST))).content.decode()
    assert "shared in confidence" not in page
    assert client.get(reverse("assets:strategy-history", args=[confidential.pk])).status_code == 404
    assert client.get(reverse("assets:strategy-edit", args=[confidential.pk])).status_code == 404


def test_history_is_for_the_partnerships_own_people(client, board_member, published):
    response = client.get(reverse("assets:strategy-history", args=[published.pk]))
    assert response.status_code in (302, 403)
    client.force_login(board_member)
    response = client.get(reverse("assets:strategy-history", args=[published.pk]))
    assert response.status_code == 200


def _form(**changes):
    data = {
        "organisation": "",
        "listed_as": "",
        "title": "Property Strategy",
        "published": "2010",
        "year_from": "",
        "year_to": "",
        "url": "https://www.ealing.gov.uk/property-strategy",
        "key_aims": "Rationalisation of accommodation.",
        "last_reviewed": "16 January 2012",
        "note": "",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_an_editor_adds_a_strategy_of_their_organisation(client, officer, council):
    client.force_login(officer)
    page = _page(client, "strategy-add")
    assert "Metropolitan Police Service" not in page
    response = client.post(reverse("assets:strategy-add"), _form(organisation=council.pk))
    strategy = AssetStrategy.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#strategy-{strategy.pk}")
    assert (strategy.year_from, strategy.last_reviewed) == (2010, datetime.date(2012, 1, 16))
    assert strategy.history.get().history_user == officer


def test_an_editor_cannot_choose_another_organisation(client, officer, police):
    client.force_login(officer)
    response = client.post(reverse("assets:strategy-add"), _form(organisation=police.pk))
    assert response.status_code == 400
    assert "Choose an organisation you may add strategies for" in response.content.decode()
    assert not AssetStrategy.objects.exists()


def test_errors_are_named_by_their_field(client, administrator, police):
    client.force_login(administrator)
    response = client.post(reverse("assets:strategy-add"), _form(organisation=""))
    assert response.status_code == 400
    assert "Choose the organisation whose strategy it is" in response.content.decode()
    response = client.post(
        reverse("assets:strategy-add"),
        _form(organisation=police.pk, title="", year_from="20x0", url="not a link"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "From (year) must be a year, like 2010" in page
    assert "Link must be a web address" in page
    # The service's refusals land on their fields, named by their labels.
    response = client.post(
        reverse("assets:strategy-add"),
        _form(organisation=police.pk, title="", published="2014-2010"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Document: name the document" in page
    assert "To (year): the strategy ends (2010) before it starts (2014)" in page
    assert not AssetStrategy.objects.exists()


def test_board_members_and_the_public_cannot_add_or_edit(client, board_member, published):
    assert client.get(reverse("assets:strategy-add")).status_code in (302, 403)
    assert client.get(reverse("assets:strategy-edit", args=[published.pk])).status_code in (
        302,
        403,
    )
    client.force_login(board_member)
    assert client.get(reverse("assets:strategy-add")).status_code == 403
    assert client.get(reverse("assets:strategy-edit", args=[published.pk])).status_code == 403
    assert client.post(reverse("assets:strategy-add"), _form()).status_code == 403


def test_an_editor_edits_their_own_strategy_but_not_anothers(
    client, officer, published, confidential
):
    client.force_login(officer)
    url = reverse("assets:strategy-edit", args=[published.pk])
    assert "16 January 2012" in _page(client, "strategy-edit", published.pk)
    response = client.post(
        url, _form(organisation=published.organisation_id, published="2007?", note="Checked")
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.published, published.year_from, published.note) == ("2007?", None, "Checked")
    assert client.get(reverse("assets:strategy-edit", args=[confidential.pk])).status_code == 403
    page = _page(client)
    assert reverse("assets:strategy-edit", args=[published.pk]) in page
    assert reverse("assets:strategy-edit", args=[confidential.pk]) not in page


def test_the_public_gets_404_for_an_internal_strategy(client, confidential):
    assert client.get(reverse("assets:strategy-edit", args=[confidential.pk])).status_code == 404
    assert client.get(reverse("assets:strategy-history", args=[confidential.pk])).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_uses_constant_queries(
    client, board_member, partnership, django_assert_num_queries, n
):
    for i in range(n):
        organisation = OrganisationFactory(partnership=partnership, name=f"Partner {i:02}")
        AssetStrategyFactory(partnership=partnership, organisation=organisation)
    client.force_login(board_member)
    url = under("ealing", reverse(LIST))
    client.get(url)
    # partnership (from the address), session, user, the strategies with their organisations
    with django_assert_num_queries(4):
        response = client.get(url)
    assert f"{n} strategies of {n} organisations" in response.content.decode()


# -- Plans on the register ---------------------------------------------------


@pytest.fixture
def for_disposal(partnership, police):
    return AssetFactory(
        partnership=partnership,
        owner=police,
        name="Acton Police Station",
        plan="disposal",
        plan_expected=datetime.date(2027, 3, 31),
        plan_note="Moving to the town hall",
    )


@pytest.fixture
def kept(partnership, council):
    return AssetFactory(partnership=partnership, owner=council, name="Perceval House")


def test_the_public_sees_no_plans_and_cannot_filter_on_them(client, for_disposal, kept):
    page = _page(client, "asset-list")
    assert "Acton Police Station" in page
    assert not found_in(page, "Planned for disposal", "Moving to the town hall", 'name="plan"')
    # A crafted filter is not applied: it would tell which buildings are going.
    page = client.get(reverse("assets:asset-list"), {"plan": "disposal"}).content.decode()
    assert "Perceval House" in page
    detail = client.get(for_disposal.get_absolute_url()).content.decode()
    assert not found_in(detail, "Planned for disposal", "Moving to the town hall", "31 March 2027")


def test_members_see_plans_and_filter_on_them(client, board_member, for_disposal, kept):
    client.force_login(board_member)
    page = _page(client, "asset-list")
    assert "Planned for disposal" in page
    assert "by 31 Mar 2027" in page
    for plan in ("disposal", "any"):
        page = client.get(reverse("assets:asset-list"), {"plan": plan}).content.decode()
        assert "Acton Police Station" in page
        assert "Perceval House" not in page
    page = client.get(reverse("assets:asset-list"), {"plan": "review"}).content.decode()
    assert "No assets match these filters" in page
    detail = client.get(for_disposal.get_absolute_url()).content.decode()
    assert "Moving to the town hall" in detail
    assert "31 March 2027" in detail


def test_the_asset_form_refuses_a_plan_date_without_a_plan(client, officer, council, postcodes):
    client.force_login(officer)
    data = {
        "owner": council.pk,
        "name": "Acton Town Hall",
        "postcode": "W3 6NE",
        "current_use": "Civic centre",
        "tenure": "freehold",
        "plan": "",
        "plan_expected": "31 March 2027",
        "is_public": "on",
    }
    response = client.post(reverse("assets:asset-add"), data)
    assert response.status_code == 400
    assert "Plans: choose what is planned" in response.content.decode()
    data["plan"] = "disposal"
    assert client.post(reverse("assets:asset-add"), data).status_code == 302
