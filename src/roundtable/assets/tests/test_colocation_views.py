"""The co-location finder page and the opportunity pages."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from roundtable.assets.models_colocation import Opportunity, OpportunityStatus
from roundtable.assets.tests.factories import AssetFactory
from roundtable.assets.tests.factories_colocation import OpportunityFactory
from roundtable.core.dates import example_date_text
from roundtable.core.testing import found_in, under
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.projects.models import Project

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 31)
STEP = 0.01  # degrees of latitude between groups: about 1.1 km


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 31, 12, 0), tick=False):
        yield


def _groups(partnership, council, police, n=1):
    """`n` pairs 110 m apart, each an under-used council building with a police one."""
    pairs = []
    for i in range(n):
        hall = AssetFactory(
            partnership=partnership,
            owner=council,
            name=f"Council building {i:02d}",
            latitude=51.5 + i * STEP,
            utilisation=Decimal("35"),
            operating_cost=Decimal(100000 + i),
        )
        station = AssetFactory(
            partnership=partnership,
            owner=police,
            name=f"Police building {i:02d}",
            latitude=51.501 + i * STEP,
            lease_end=TODAY.replace(year=2030),
        )
        pairs.append((hall, station))
    return pairs


def _finder(**query):
    return under("ealing", reverse("assets:colocation")) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def test_a_member_sees_the_groups_ranked_with_the_saving(
    client, board_member, partnership, council, police
):
    _groups(partnership, council, police, n=2)
    client.force_login(board_member)
    page = client.get(_finder()).content.decode()
    assert "2 groups among 4 assets: within 500 metres" in page
    assert page.index("Council building 01") < page.index("Council building 00")
    assert "£100,001" in page
    assert "Could be left:" in page
    assert "Save as an opportunity" not in page  # members only read


def test_the_map_gets_the_groups_from_the_page_without_inline_script(
    client, board_member, partnership, council, police
):
    _groups(partnership, council, police)
    client.force_login(board_member)
    page = client.get(_finder()).content.decode()
    data = re.search(r'<script id="colocation-data" type="application/json">(.*?)</script>', page)
    groups = json.loads(data.group(1))
    assert [s["name"] for s in groups[0]["sites"]] == ["Council building 00", "Police building 00"]
    assert groups[0]["sites"][0]["vacate"] is True
    assert "assets/colocation.js" in page
    assert "leaflet/leaflet.js" in page


def test_the_thresholds_change_the_groups(client, board_member, partnership, council, police):
    _groups(partnership, council, police)
    client.force_login(board_member)
    assert "1 group among" in client.get(_finder(within_m=200)).content.decode()
    assert "0 groups among" in client.get(_finder(within_m=100)).content.decode()
    page = client.get(_finder(utilisation_below=30)).content.decode()
    assert "No group of buildings" in page


def test_bad_thresholds_name_the_field_and_the_fix(client, board_member, partnership):
    client.force_login(board_member)
    page = client.get(_finder(within_m="far", utilisation_below=120, on="2026-02-30"))
    text = page.content.decode()
    assert "There is a problem" in text
    assert "Within: enter a whole number of metres, like 500" in text
    assert "Utilisation below: enter a percentage from 0 to 100, like 50" in text
    assert (
        f"Counting leases from must be a real date, like {example_date_text(timezone.localdate())}"
        in text
    )
    assert "groups among" not in text


def test_the_public_is_asked_to_sign_in_and_sees_nothing(client, partnership, council, police):
    _groups(partnership, council, police)
    response = client.get(_finder())
    assert response.status_code in (302, 403)
    assert b"Council building" not in response.content
    opportunities = client.get(under("ealing", reverse("assets:opportunities")))
    assert opportunities.status_code in (302, 403)


def test_another_partnerships_people_are_refused(
    client, other_partnership_officer, partnership, council, police
):
    hall, station = _groups(partnership, council, police)[0]
    opportunity = OpportunityFactory(partnership=partnership, assets=[hall, station])
    client.force_login(other_partnership_officer)
    assert client.get(_finder()).status_code == 403
    assert client.get(under("ealing", reverse("assets:opportunities"))).status_code == 403
    assert client.get(opportunity.get_absolute_url()).status_code == 404
    edit = reverse("assets:opportunity-edit", args=[opportunity.pk])
    assert client.get(under("ealing", edit)).status_code == 404
    made = client.post(
        under("ealing", reverse("assets:opportunity-project", args=[opportunity.pk]))
    )
    assert made.status_code == 404
    assert not Project.objects.exists()


def test_an_editor_saves_a_group_from_the_table(client, officer, partnership, council, police):
    hall, station = _groups(partnership, council, police)[0]
    client.force_login(officer)
    page = client.get(_finder(within_m=300)).content.decode()
    assert "Save as an opportunity" in page
    form = {
        "assets": [hall.pk, station.pk],
        "within_m": "300",
        "utilisation_below": "50",
        "lease_months": "12",
        "on": "2026-03-31",
    }
    response = client.post(under("ealing", reverse("assets:opportunity-add")), form)
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response.url == opportunity.get_absolute_url()
    assert opportunity.within_m == 300
    assert opportunity.saving == Decimal("100000")
    detail = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Move out of Council building 00 into " in detail
    # In whole pounds, as the finder and the register show it (it read £100,000.00).
    assert "£100,000, the operating cost of Council building 00" in detail
    assert "Turn into a project" in detail


def test_saving_a_group_that_no_longer_holds_goes_back_with_the_reason(
    client, officer, partnership, council, police
):
    hall, station = _groups(partnership, council, police)[0]
    client.force_login(officer)
    form = {"assets": [hall.pk, station.pk], "within_m": "50", "on": "2026-03-31"}
    response = client.post(under("ealing", reverse("assets:opportunity-add")), form, follow=True)
    assert "These assets no longer make a group with these options" in response.content.decode()
    assert "within_m=50" in response.redirect_chain[0][0]
    assert not Opportunity.objects.exists()


def test_a_member_cannot_save_a_group(client, board_member, partnership, council, police):
    hall, station = _groups(partnership, council, police)[0]
    client.force_login(board_member)
    form = {"assets": [hall.pk, station.pk], "on": "2026-03-31"}
    response = client.post(under("ealing", reverse("assets:opportunity-add")), form)
    assert response.status_code == 403
    assert not Opportunity.objects.exists()


def test_saving_is_a_post(client, officer, partnership):
    client.force_login(officer)
    assert client.get(under("ealing", reverse("assets:opportunity-add"))).status_code == 405


def test_an_editor_turns_an_opportunity_into_a_project(
    client, officer, partnership, council, police
):
    hall, station = _groups(partnership, council, police)[0]
    opportunity = OpportunityFactory(partnership=partnership, assets=[hall, station], vacate=hall)
    client.force_login(officer)
    assert "Turn into a project" in client.get(opportunity.get_absolute_url()).content.decode()
    url = under("ealing", reverse("assets:opportunity-project", args=[opportunity.pk]))
    response = client.post(url, follow=True)
    project = Project.objects.get()
    assert (project.lead_organisation, project.is_published) == (council, False)
    page = response.content.decode()
    assert f"Made the project \u201c{project.title}\u201d (unpublished)" in page
    assert "Becoming a project" in page
    assert "Turn into a project" not in page


def test_a_member_sees_an_opportunity_but_cannot_change_it(
    client, board_member, partnership, council, police
):
    hall, station = _groups(partnership, council, police)[0]
    opportunity = OpportunityFactory(partnership=partnership, assets=[hall, station])
    client.force_login(board_member)
    page = client.get(opportunity.get_absolute_url()).content.decode()
    assert opportunity.title in page
    assert "Turn into a project" not in page
    edit = under("ealing", reverse("assets:opportunity-edit", args=[opportunity.pk]))
    assert client.get(edit).status_code == 403
    made = under("ealing", reverse("assets:opportunity-project", args=[opportunity.pk]))
    assert client.post(made).status_code == 403
    assert not Project.objects.exists()


def test_an_editor_closes_an_opportunity(client, officer, partnership, council, police):
    hall, station = _groups(partnership, council, police)[0]
    opportunity = OpportunityFactory(partnership=partnership, assets=[hall, station])
    client.force_login(officer)
    edit = under("ealing", reverse("assets:opportunity-edit", args=[opportunity.pk]))
    response = client.post(edit, {"title": "Later", "notes": "Lease renewed", "status": "closed"})
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CLOSED
    empty = client.post(edit, {"title": " ", "status": "open"})
    assert empty.status_code == 400
    assert "Enter a title" in empty.content.decode()


def test_the_list_filters_by_status(client, board_member, partnership, council, police):
    hall, station = _groups(partnership, council, police)[0]
    OpportunityFactory(partnership=partnership, assets=[hall, station], title="Open one")
    OpportunityFactory(
        partnership=partnership, assets=[hall], title="Closed one", status=OpportunityStatus.CLOSED
    )
    client.force_login(board_member)
    url = under("ealing", reverse("assets:opportunities"))
    page = client.get(url).content.decode()
    assert "Open one" in page
    assert "Closed one" in page
    assert "Council building 00 (Ealing Council)" in page
    page = client.get(url, {"status": "closed"}).content.decode()
    assert "Open one" not in page
    assert "Closed one" in page


def test_an_asset_not_public_of_another_partnership_never_joins_a_group(
    client, board_member, partnership, other_partnership, council
):
    AssetFactory(partnership=partnership, owner=council, utilisation=Decimal(10), name="Ours")
    AssetFactory(
        partnership=other_partnership,
        owner=OrganisationFactory(partnership=other_partnership),
        name="Theirs",
        is_public=False,
    )
    client.force_login(board_member)
    page = client.get(_finder()).content.decode()
    assert "0 groups among 1 asset:" in page
    assert not found_in(page, "Theirs")


@pytest.mark.parametrize("n", [2, 20])
def test_the_finder_page_uses_constant_queries(
    client, board_member, partnership, council, police, django_assert_num_queries, n
):
    _groups(partnership, council, police, n=n)
    client.force_login(board_member)
    url = _finder()
    client.get(url)
    # partnership (from the address), session, user, the assets (one query)
    with django_assert_num_queries(4):
        response = client.get(url)
    assert f"{n} groups among" in response.content.decode()


@pytest.mark.parametrize("n", [2, 20])
def test_the_opportunities_list_uses_constant_queries(
    client, board_member, partnership, council, police, django_assert_num_queries, n
):
    for hall, station in _groups(partnership, council, police, n=n):
        OpportunityFactory(partnership=partnership, assets=[hall, station])
    client.force_login(board_member)
    url = under("ealing", reverse("assets:opportunities"))
    client.get(url)
    # partnership, session, user, opportunities (with vacate, project), their assets
    with django_assert_num_queries(5):
        response = client.get(url)
    assert f"{n} opportunities" in response.content.decode()


def test_an_editor_of_another_partner_is_told_who_may_make_the_project(
    client, partnership, council, police
):
    from roundtable.accounts.choices import Role
    from roundtable.partnership.tests.factories import UserFactory

    police_editor = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    hall, station = _groups(partnership, council, police)[0]
    opportunity = OpportunityFactory(partnership=partnership, assets=[hall, station], vacate=hall)
    client.force_login(police_editor)
    url = under("ealing", reverse("assets:opportunity-project", args=[opportunity.pk]))
    # The page offers no button it would refuse, and says who may.
    before = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Turn into a project" not in before
    assert "Only the editors of the organisation that would lead it" in before
    page = client.post(url, follow=True).content.decode()
    assert "The project would be led by Ealing Council" in page
    assert not Project.objects.exists()
