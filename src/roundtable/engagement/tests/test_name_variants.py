"""Finding, exporting and erasing the variants of a name the administrator ticks
(issue 13, item 7): offered, never included unticked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.engagement import services
from roundtable.engagement.models import Contact
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
NAME = "Jane Keeper"


@pytest.fixture
def log(partnership, council):
    org = OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False)
    zsl = StakeholderFactory(partnership=partnership, organisation=org)

    def entry(**fields):
        return ContactFactory(stakeholder=zsl, from_organisation=council, **fields)

    return {
        "exact": entry(stakeholder_person=NAME, topic="Zoo lates"),
        "initial": entry(stakeholder_person="J. Keeper", topic="Licensing"),
        "surname_first": entry(topic="Call with Keeper, Jane about events"),
        "email": entry(topic="Parking", outcome="Wrote to jane.keeper@zsl.org"),
        "other": entry(stakeholder_person="J. Keeperson", topic="Keeperson's hours"),
    }


def _page(client, user, **query):
    client.force_login(user)
    return client.get(reverse("engagement:personal-data"), query)


def test_the_variants_in_the_log_are_offered_unticked(client, administrator, log):
    page = _page(client, administrator, name=NAME, match="exact").content.decode()
    assert "Other ways the log may name them" in page
    for offered in ("J. Keeper", "Keeper, Jane", "jane.keeper@zsl.org"):
        assert f'value="{offered}"' in page
    assert 'value="J. Keeperson"' not in page
    assert " checked" not in page.split("Other ways the log may name them")[1].split("</form>")[0]
    assert "1 entry naming Jane Keeper<" in page
    assert "Licensing" not in page


def test_ticked_variants_are_found_and_exported(client, administrator, log):
    query = {"name": NAME, "match": "exact", "variant": ["J. Keeper", "jane.keeper@zsl.org"]}
    page = _page(client, administrator, **query).content.decode()
    assert "3 entries naming Jane Keeper or J. Keeper, jane.keeper@zsl.org" in page
    assert "Licensing" in page
    assert "variant=J.+Keeper" in page  # the export and erase links keep them
    export = client.get(reverse("engagement:personal-data-export", args=["csv"]), query)
    text = export.content.decode()
    assert "Licensing" in text
    assert "jane.keeper@zsl.org" in text
    assert "Call with Keeper, Jane" not in text


def test_a_crafted_variant_is_refused_and_nothing_is_erased(client, administrator, log):
    client.force_login(administrator)
    response = client.post(
        reverse("engagement:personal-data-erase"),
        {"name": NAME, "match": "exact", "variant": ["Sam Other"]},
    )
    assert response.status_code == 302  # back to the search, which names the problem
    assert not Contact.objects.filter(stakeholder_person="[erased]").exists()
    page = _page(client, administrator, name=NAME, variant="Sam Other").content.decode()
    assert "&#x27;Sam Other&#x27; is not a variant of Jane Keeper" in page


def test_erasing_scrubs_the_ticked_variants_and_leaves_the_unticked(client, administrator, log):
    client.force_login(administrator)
    client.post(
        reverse("engagement:personal-data-erase"),
        {"name": NAME, "match": "exact", "variant": ["J. Keeper", "jane.keeper@zsl.org"]},
    )
    get = lambda key: Contact.objects.get(pk=log[key].pk)  # noqa: E731
    assert get("exact").stakeholder_person == "[erased]"
    assert get("initial").stakeholder_person == "[erased]"
    assert get("email").outcome == "Wrote to [erased]"
    assert get("surname_first").topic == "Call with Keeper, Jane about events"  # unticked
    assert get("other").stakeholder_person == "J. Keeperson"
    assert get("other").topic == "Keeperson's hours"
    history = Contact.history.model.objects.filter(pk__in=[log["initial"].pk, log["email"].pk])
    for row in history.values_list("stakeholder_person", "outcome"):
        assert "J. Keeper" not in row
        assert "jane.keeper" not in " ".join(row)


def test_the_service_refuses_a_variant_it_did_not_offer(administrator, partnership, log):
    with pytest.raises(ValidationError) as raised:
        services.erase_personal_data(
            administrator, partnership, name=NAME, variants=["a.jones@zsl.org"]
        )
    assert "variants" in raised.value.message_dict
    assert not Contact.objects.filter(stakeholder_person="[erased]").exists()


def test_only_administrators_are_offered_variants(client, board_member, log):
    response = _page(client, board_member, name=NAME)
    assert response.status_code in (403, 404)
    assert b"J. Keeper" not in response.content


def test_a_variant_in_an_earlier_version_only_is_still_erased(client, administrator, log):
    contact = log["other"]
    contact.outcome = "Spoke to J. Keeper"
    contact.save()
    contact.outcome = ""
    contact.save()
    client.force_login(administrator)
    client.post(
        reverse("engagement:personal-data-erase"),
        {"name": NAME, "variant": ["J. Keeper"]},
    )
    outcomes = Contact.history.model.objects.filter(id=contact.pk).values_list("outcome", flat=True)
    assert "Spoke to [erased]" in outcomes
