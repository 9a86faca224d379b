"""Finding, exporting and erasing the variants of a name the administrator ticks
(issue 13, item 7): offered, never included unticked."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
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


# -- The command line: the same variants, chosen with --variant --------------------


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("engagement_personal_data", *args, "--name", NAME, stdout=out)
    return out.getvalue()


def test_command_lists_the_variants_the_page_offers_with_their_counts(log):
    ContactFactory(
        stakeholder=log["initial"].stakeholder,
        from_organisation=log["initial"].from_organisation,
        outcome="J. Keeper to reply",
    )
    listed = _command("--list-variants")
    assert "  J. Keeper  (2 entries)" in listed
    assert "  Keeper, Jane  (1 entry)" in listed
    assert "  jane.keeper@zsl.org  (1 entry)" in listed
    assert "Keeperson" not in listed  # not the name as a whole
    assert "Keeper, J." not in listed  # a form of the name the log does not write


def test_command_says_when_the_log_writes_no_variant(partnership):
    assert "writes no other form of 'Jane Keeper'" in _command("--list-variants")


def test_command_exports_the_name_and_the_chosen_variant_only(log, capsysbinary):
    call_command("engagement_personal_data", "export", "--name", NAME, "--variant", "j.  keeper")
    topics = {row["topic"] for row in json.loads(capsysbinary.readouterr().out)}
    assert topics == {"Zoo lates", "Licensing"}  # not the unchosen "Keeper, Jane" entry


def test_command_erases_the_chosen_variant_and_leaves_the_unchosen(log):
    said = _command("erase", "--variant", "J. Keeper", "--variant", "jane.keeper@zsl.org")
    assert "Would erase 'Jane Keeper' and its variants 'J. Keeper', 'jane.keeper@zsl.org'" in said
    assert Contact.objects.get(pk=log["initial"].pk).stakeholder_person == "J. Keeper"
    _command("erase", "--variant", "J. Keeper", "--variant", "jane.keeper@zsl.org", "--yes")
    get = lambda key: Contact.objects.get(pk=log[key].pk)  # noqa: E731
    assert get("exact").stakeholder_person == "[erased]"
    assert get("initial").stakeholder_person == "[erased]"
    assert get("email").outcome == "Wrote to [erased]"
    assert get("surname_first").topic == "Call with Keeper, Jane about events"  # unchosen
    assert get("other").stakeholder_person == "J. Keeperson"


def test_command_refuses_a_variant_the_log_does_not_write_naming_it(log):
    with pytest.raises(CommandError, match="'Keeper, J.' is not one of the variants") as raised:
        _command("erase", "--variant", "J. Keeper", "--variant", "Keeper, J.", "--yes")
    assert "choose from: J. Keeper; Keeper, Jane; jane.keeper@zsl.org" in str(raised.value)
    assert not Contact.objects.filter(stakeholder_person="[erased]").exists()


def test_command_refuses_to_run_without_an_action(log):
    with pytest.raises(CommandError, match="Say export or erase"):
        _command()
