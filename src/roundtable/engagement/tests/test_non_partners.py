"""An organisation the partnership only engages stays off the partners' lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasury(partnership, council):
    return OrganisationFactory(partnership=partnership, name="HM Treasury", is_partner=False)


def test_partners_list_and_search_leave_non_partners_off(client, treasury):
    listed = client.get(reverse("partnership:organisation-list"), {"partnership": "ealing"})
    assert b"Ealing Council" in listed.content
    assert b"HM Treasury" not in listed.content
    found = client.get(reverse("search"), {"q": "Treasury", "partnership": "ealing"})
    assert b"HM Treasury" not in found.content


def test_organisations_api_and_popolo_leave_non_partners_off(client, treasury):
    listed = client.get("/api/v1/organisations", {"partnership": "ealing"}).json()
    assert [o["name"] for o in listed["items"]] == ["Ealing Council"]
    popolo = client.get("/api/v1/popolo.json", {"partnership": "ealing"}).json()
    assert [o["name"] for o in popolo["organizations"] if o["name"] == "HM Treasury"] == []


def test_home_page_counts_partners_only(client, treasury):
    page = client.get("/ealing/").content.decode()
    assert "Partner organisations</a> (1)" in page


def test_a_non_partners_page_and_api_record_are_for_its_partnership_only(
    client, treasury, board_member, django_user_model
):
    page = treasury.get_absolute_url()
    api = f"/api/v1/organisations/{treasury.pk}"
    # Anonymous: asked to sign in, as for any record not for the public.
    assert client.get(page).status_code == 302
    refused = client.get(api)
    assert refused.status_code in (401, 403, 404)
    assert b"HM Treasury" not in refused.content
    outsider = django_user_model.objects.create_user(
        "outsider", partnership=OrganisationFactory(name="Brent Council").partnership
    )
    client.force_login(outsider)
    assert client.get(page).status_code in (403, 404)
    assert b"HM Treasury" not in client.get(page).content
    client.force_login(board_member)
    assert client.get(page).status_code == 200
    assert b"HM Treasury" in client.get(page).content
