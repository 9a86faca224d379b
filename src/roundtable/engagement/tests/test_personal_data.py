"""Personal data of a named contact: find, export and erase (administrators only)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from roundtable.core.testing import found_in, under
from roundtable.engagement import services
from roundtable.engagement.models import Contact, PersonalDataErasure
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
NAME = "Jane Keeper"


@pytest.fixture
def zsl(partnership):
    org = OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False)
    return StakeholderFactory(partnership=partnership, organisation=org)


@pytest.fixture
def log(zsl, council):
    """Entries naming Jane Keeper in each way, and one that does not."""
    return {
        "named": ContactFactory(
            stakeholder=zsl,
            from_organisation=council,
            stakeholder_person="jane  keeper",
            topic="Zoo lates licensing",
            outcome="Jane Keeper will write to us",
            follow_up=datetime.date(2026, 3, 20),
            date=datetime.date(2026, 3, 1),
        ),
        "in_topic": ContactFactory(
            stakeholder=zsl,
            from_organisation=council,
            topic="Call with JANE KEEPER about events",
            date=datetime.date(2026, 3, 2),
        ),
        "titled": ContactFactory(
            stakeholder=zsl,
            from_organisation=council,
            stakeholder_person="Dr Jane Keeper",
            topic="Animal welfare",
            date=datetime.date(2026, 3, 3),
        ),
        "other": ContactFactory(
            stakeholder=zsl,
            from_organisation=council,
            stakeholder_person="Sam Other",
            topic="Parking",
            date=datetime.date(2026, 3, 4),
        ),
    }


def _page(client, user, **query):
    client.force_login(user)
    return client.get(reverse("engagement:personal-data"), query)


# -- Finding ---------------------------------------------------------------------


def test_administrator_finds_every_entry_naming_the_person_in_any_case(client, administrator, log):
    page = _page(client, administrator, name="jane keeper").content.decode()
    assert "2 entries naming jane keeper" in page
    assert "Zoo lates licensing" in page
    assert "Call with JANE KEEPER about events" in page
    assert "Animal welfare" not in page  # "Dr Jane Keeper" is not the exact name
    assert not found_in(page, "Parking")


def test_contains_also_finds_names_containing_it(client, administrator, log):
    page = _page(client, administrator, name=NAME, match="contains").content.decode()
    assert "3 entries naming Jane Keeper" in page
    assert "Animal welfare" in page


def test_an_entry_naming_the_person_only_in_an_earlier_version_is_found(client, administrator, log):
    contact = log["other"]
    contact.stakeholder_person = NAME
    contact.save()
    contact.stakeholder_person = "Sam Other"
    contact.save()
    page = _page(client, administrator, name=NAME).content.decode()
    assert "Parking" in page


def test_a_one_letter_name_is_refused_with_the_field_named(client, administrator, log):
    page = _page(client, administrator, name="J").content.decode()
    assert "at least 2 letters" in page
    assert "Zoo lates" not in page


def test_search_costs_the_same_queries_however_many_entries(
    client, administrator, zsl, council, django_assert_num_queries
):
    client.force_login(administrator)
    url = under("ealing", reverse("engagement:personal-data"))
    counts = []
    for n in (2, 20):
        ContactFactory.create_batch(
            n - Contact.objects.count(),
            stakeholder=zsl,
            from_organisation=council,
            stakeholder_person=NAME,
        )
        with django_assert_num_queries(7) as captured:
            # partnership (from the address), session, user, the entries (with
            # stakeholder, organisation, team and person; earlier versions in a
            # subquery), the texts mentioning the surname now and in earlier
            # versions (where variants of the name are looked for), the erasures
            response = client.get(url, {"name": NAME})
        assert response.content.decode().count('<tr class="govuk-table__row">') >= n
        counts.append(len(captured))
    assert counts[0] == counts[1]


# -- Who may ---------------------------------------------------------------------


@pytest.mark.parametrize("route", ["personal-data", "personal-data-erase"])
@pytest.mark.parametrize("who", ["board_member", "officer", "other_partnership_officer"])
def test_only_the_partnerships_administrators_may_use_the_pages(request, client, log, who, route):
    client.force_login(request.getfixturevalue(who))
    url = under("ealing", reverse(f"engagement:{route}"))
    response = client.get(url, {"name": NAME})
    assert response.status_code == 403
    assert NAME not in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("who", ["board_member", "officer", "other_partnership_officer"])
def test_only_the_partnerships_administrators_may_export(request, client, log, who, fmt):
    client.force_login(request.getfixturevalue(who))
    url = under("ealing", reverse("engagement:personal-data-export", args=[fmt]))
    response = client.get(url, {"name": NAME})
    assert response.status_code == 403
    assert not found_in(response.content, "Keeper")


def test_the_public_is_sent_to_sign_in(client, log):
    response = client.get(under("ealing", reverse("engagement:personal-data")), {"name": NAME})
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    assert b"Keeper" not in response.content


@pytest.mark.parametrize("who", ["board_member", "officer", "other_partnership_officer"])
def test_nobody_but_an_administrator_may_erase(request, client, log, who):
    client.force_login(request.getfixturevalue(who))
    url = under("ealing", reverse("engagement:personal-data-erase"))
    response = client.post(url, {"name": NAME, "match": "contains"})
    assert response.status_code == 403
    assert Contact.objects.filter(stakeholder_person="Dr Jane Keeper").exists()
    assert not PersonalDataErasure.objects.exists()


def test_the_service_refuses_a_member(board_member, partnership, log):
    with pytest.raises(PermissionDenied):
        services.erase_personal_data(board_member, partnership, name=NAME)
    with pytest.raises(PermissionDenied):
        services.erase_personal_data(None, partnership, name=NAME)


# -- Export ----------------------------------------------------------------------


def test_export_as_csv_gives_each_entry_with_its_fields(client, administrator, log, council):
    client.force_login(administrator)
    url = reverse("engagement:personal-data-export", args=["csv"])
    response = client.get(url, {"name": NAME})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="personal-data.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["topic"] for r in rows] == [
        "Zoo lates licensing",
        "Call with JANE KEEPER about events",
    ]
    first = rows[0]
    assert first["date"] == "2026-03-01"
    assert first["stakeholder"] == "ZSL"
    assert first["named_person"] == "jane  keeper"
    assert first["from"] == "Ealing Council"
    assert first["method"] == "Meeting"
    assert first["outcome"] == "Jane Keeper will write to us"
    assert first["follow_up"] == "2026-03-20"


def test_export_as_json_gives_the_same_entries(client, administrator, log):
    client.force_login(administrator)
    url = reverse("engagement:personal-data-export", args=["json"])
    rows = json.loads(client.get(url, {"name": NAME, "match": "contains"}).content)
    assert len(rows) == 3
    assert set(rows[0]) == {
        "date",
        "stakeholder",
        "named_person",
        "from",
        "method",
        "topic",
        "outcome",
        "follow_up",
        "planned",
    }


# -- Erasure ---------------------------------------------------------------------


def _erase(client, administrator, **data):
    client.force_login(administrator)
    return client.post(reverse("engagement:personal-data-erase"), data)


def test_erasing_anonymises_the_entries_and_keeps_them(client, administrator, log):
    response = _erase(client, administrator, name=NAME, match="contains")
    assert response.status_code == 302
    named = Contact.objects.get(pk=log["named"].pk)
    assert named.stakeholder_person == "[erased]"
    assert named.outcome == "[erased] will write to us"
    assert Contact.objects.get(pk=log["in_topic"].pk).topic == "Call with [erased] about events"
    assert Contact.objects.get(pk=log["titled"].pk).stakeholder_person == "[erased]"
    assert Contact.objects.get(pk=log["other"].pk).stakeholder_person == "Sam Other"
    assert Contact.objects.count() == 4


def test_erasing_the_exact_name_leaves_other_names_containing_it(client, administrator, log):
    _erase(client, administrator, name=NAME, match="exact")
    assert Contact.objects.get(pk=log["titled"].pk).stakeholder_person == "Dr Jane Keeper"
    assert Contact.objects.get(pk=log["named"].pk).stakeholder_person == "[erased]"


def test_erasure_scrubs_every_earlier_version(client, administrator, log):
    contact = log["other"]
    contact.stakeholder_person = NAME
    contact.save()
    contact.stakeholder_person = "Sam Other"
    contact.save()
    _erase(client, administrator, name=NAME, match="contains")
    history = Contact.history.model.objects.all()
    assert history.exists()
    for row in history.values("stakeholder_person", "topic", "outcome", "history_change_reason"):
        assert "keeper" not in json.dumps(row, default=str).lower()


def test_erasure_is_recorded_without_the_name(client, administrator, log):
    _erase(client, administrator, name=NAME, match="contains")
    erasure = PersonalDataErasure.objects.get()
    assert erasure.erased_by == administrator
    assert erasure.entries == 3
    assert erasure.history_rows >= 3
    values = PersonalDataErasure.objects.values().get()
    assert "keeper" not in json.dumps(values, default=str).lower()
    page = _page(client, administrator).content.decode()
    assert "Erasures" in page
    assert ">3<" in page


def test_after_erasure_the_name_appears_nowhere(
    client, administrator, log, zsl, partnership, tmp_path
):
    _erase(client, administrator, name=NAME, match="contains")
    client.force_login(administrator)
    outputs = [
        client.get(reverse("engagement:stakeholder-detail", args=[zsl.pk])),
        client.get(reverse("engagement:register")),
        client.get(reverse("engagement:dashboard")),
        client.get(reverse("engagement:fatigue"), {"stakeholder": zsl.pk, "date": "2026-03-04"}),
        client.get("/api/v1/engagement/contacts", {"partnership": partnership.slug}),
        client.get(
            reverse("engagement:personal-data-export", args=["csv"]),
            {"name": "keeper", "match": "contains"},
        ),
        client.get(
            reverse("engagement:personal-data-export", args=["json"]),
            {"name": "erased", "match": "contains"},
        ),
    ]
    for response in outputs:
        assert response.status_code == 200, response
        assert not found_in(response.content, "keeper", ignore_case=True), response.request
    # The searches echo the word searched for, in their box; they find nothing.
    found = client.get(reverse("engagement:personal-data"), {"name": NAME, "match": "contains"})
    assert "No entry of the contact log names" in found.content.decode()
    found = client.get(reverse("engagement:personal-data"), {"name": "Keeper", "match": "contains"})
    assert "No entry of the contact log names" in found.content.decode()
    found = client.get(reverse("search"), {"q": "Keeper"})
    assert not found_in(found.content, "jane", ignore_case=True)
    out = tmp_path / "fatigue.json"
    call_command(
        "engagement_fatigue",
        "--format",
        "json",
        "--on",
        "2026-03-04",
        "--threshold",
        "1",
        "--output",
        str(out),
        stderr=io.StringIO(),
    )
    assert "ZSL" in out.read_text()
    assert "keeper" not in out.read_text().lower()
    history = Contact.history.model.objects.values_list("stakeholder_person", "topic", "outcome")
    assert "keeper" not in json.dumps(list(history)).lower()


def test_erasure_leaves_another_partnerships_log_alone(
    client, administrator, log, other_partnership
):
    theirs = ContactFactory(
        stakeholder=StakeholderFactory(partnership=other_partnership), stakeholder_person=NAME
    )
    _erase(client, administrator, name=NAME, match="contains")
    theirs.refresh_from_db()
    assert theirs.stakeholder_person == NAME


def test_erase_page_asks_before_erasing(client, administrator, log):
    client.force_login(administrator)
    page = client.get(reverse("engagement:personal-data-erase"), {"name": NAME}).content.decode()
    assert "This cannot be undone" in page
    assert "Erase from 2 entries" in page
    assert Contact.objects.get(pk=log["named"].pk).stakeholder_person == "jane  keeper"


def test_long_topics_stay_within_their_length_after_erasure(administrator, partnership, zsl):
    contact = ContactFactory(stakeholder=zsl, topic=("Al " * 100)[:300])
    services.erase_personal_data(administrator, partnership, name="Al", contains=True)
    contact.refresh_from_db()
    assert len(contact.topic) <= 300
    assert "Al " not in contact.topic


# -- The command line ------------------------------------------------------------


def test_command_exports_json_to_standard_output(log, capsysbinary):
    call_command("engagement_personal_data", "export", "--name", NAME, "--partnership", "ealing")
    rows = json.loads(capsysbinary.readouterr().out)
    assert [r["topic"] for r in rows] == [
        "Zoo lates licensing",
        "Call with JANE KEEPER about events",
    ]


def test_command_exports_csv_to_a_file(log, tmp_path):
    out = tmp_path / "jane.csv"
    call_command(
        "engagement_personal_data",
        "export",
        "--name",
        NAME,
        "--contains",
        "--output",
        str(out),
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 3


def test_command_erases_only_with_yes(log):
    out = io.StringIO()
    call_command("engagement_personal_data", "erase", "--name", NAME, stdout=out)
    assert "Would erase 'Jane Keeper' from 2 entries" in out.getvalue()
    assert Contact.objects.get(pk=log["named"].pk).stakeholder_person == "jane  keeper"
    call_command("engagement_personal_data", "erase", "--name", NAME, "--yes", stdout=out)
    assert Contact.objects.get(pk=log["named"].pk).stakeholder_person == "[erased]"
    erasure = PersonalDataErasure.objects.get()
    assert erasure.erased_by is None
    assert erasure.entries == 2


def test_command_refuses_a_one_letter_name(log):
    with pytest.raises(CommandError, match="name: enter the person's name"):
        call_command("engagement_personal_data", "export", "--name", "J", stdout=io.StringIO())


@pytest.mark.parametrize("route", ["register", "grid", "dashboard", "agreements"])
def test_every_engagement_page_links_an_administrator_to_personal_data(
    client, administrator, route
):
    client.force_login(administrator)
    page = client.get(under("ealing", reverse(f"engagement:{route}"))).content.decode()
    link = f'href="{under("ealing", reverse("engagement:personal-data"))}"'
    assert link in page
    assert f'href="{under("ealing", reverse(f"engagement:{route}"))}" aria-current="page"' in page


@pytest.mark.parametrize("route", ["register", "grid", "dashboard", "agreements"])
def test_no_engagement_page_links_an_officer_to_personal_data(client, officer, route):
    client.force_login(officer)
    page = client.get(under("ealing", reverse(f"engagement:{route}"))).content.decode()
    assert "Register</a>" in page
    assert "Personal data" not in page
