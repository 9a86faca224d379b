"""A partnership's administrators manage its accounts: the Accounts pages, and the
services that enforce who may change which account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.accounts.choices import Role
from roundtable.accounts.models import User
from roundtable.core.testing import under
from roundtable.partnership import services
from roundtable.partnership.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/accounts/people/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def person(partnership, council):
    return PersonFactory(
        partnership=partnership, organisation=council, given_name="Julian", family_name="Bell"
    )


@pytest.fixture
def elsewhere(other_partnership):
    organisation = OrganisationFactory(partnership=other_partnership, name="Warwick Police")
    return organisation, PersonFactory(partnership=other_partnership, organisation=organisation)


def invite(actor, partnership, **overrides):
    arguments = {"email": "new.person@example.org", "role": Role.MEMBER, **overrides}
    return services.invite_account(actor, partnership, **arguments)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# -- Inviting ----------------------------------------------------------------------


def test_an_administrator_invites_someone_who_gets_a_link(
    administrator, partnership, council, person, committed
):
    with committed():
        account = invite(
            administrator, partnership, role=Role.EDITOR, organisation=council, person=person
        )
    account.refresh_from_db()
    assert account.username == "new.person"
    assert (account.role, account.partnership, account.organisation, account.person) == (
        Role.EDITOR,
        partnership,
        council,
        person,
    )
    assert not account.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "invited you to Ealing Local Strategic Partnership" in message.subject
    assert "as an organisation editor." in message.body
    assert "site administrator" not in message.body
    path = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    assert path.startswith("/ealing/accounts/password-reset/")


def test_an_invitation_is_refused_naming_each_field(
    administrator, partnership, board_member, elsewhere
):
    board_member.email = "taken@example.org"
    board_member.save()
    organisation, person = elsewhere
    with pytest.raises(ValidationError) as excinfo:
        invite(
            administrator,
            partnership,
            email="Taken@example.org",
            role=Role.EDITOR,
            person=person,
        )
    errors = errors_of(excinfo)
    assert errors["email"] == ["email: there is already an account for taken@example.org"]
    assert errors["organisation"][0].startswith("organisation: an organisation editor needs")
    assert errors["person"] == ["person: choose a person of Ealing Local Strategic Partnership"]
    with pytest.raises(ValidationError) as excinfo:
        invite(administrator, partnership, username="member", organisation=organisation)
    errors = errors_of(excinfo)
    assert errors["username"] == ["username: member is taken; choose another username"]
    assert errors["organisation"] == [
        "organisation: choose an organisation of Ealing Local Strategic Partnership"
    ]
    with pytest.raises(ValidationError) as excinfo:
        invite(administrator, partnership, role="owner")
    assert "role" in errors_of(excinfo)
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_person_already_linked_to_an_account_is_refused(administrator, partnership, person):
    UserFactory(partnership=partnership, person=person, username="julian")
    with pytest.raises(ValidationError) as excinfo:
        invite(administrator, partnership, person=person)
    assert "already has an account (julian)" in errors_of(excinfo)["person"][0]


def test_a_suggested_username_that_is_taken_becomes_the_email(administrator, partnership):
    UserFactory(username="new.person", partnership=partnership)
    assert invite(administrator, partnership).username == "new.person@example.org"


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_only_the_partnership_administrators_invite(who, request, partnership):
    with pytest.raises(PermissionDenied):
        invite(request.getfixturevalue(who), partnership)


def test_a_site_administrator_invites_in_any_partnership(superuser, other_partnership):
    assert invite(superuser, other_partnership).partnership == other_partnership


# -- Changing, deactivating ----------------------------------------------------------


def test_an_administrator_changes_role_organisation_and_person(
    administrator, board_member, council, person
):
    services.change_account(
        administrator, board_member, role=Role.EDITOR, organisation=council, person=person
    )
    board_member.refresh_from_db()
    assert (board_member.role, board_member.organisation, board_member.person) == (
        Role.EDITOR,
        council,
        person,
    )


def test_a_change_to_another_partnerships_organisation_or_person_is_refused(
    administrator, board_member, elsewhere
):
    organisation, person = elsewhere
    with pytest.raises(ValidationError) as excinfo:
        services.change_account(
            administrator, board_member, role=Role.MEMBER, organisation=organisation, person=person
        )
    assert set(errors_of(excinfo)) == {"organisation", "person"}
    board_member.refresh_from_db()
    assert board_member.organisation is None


def test_an_administrator_cannot_demote_or_deactivate_themselves(administrator):
    with pytest.raises(ValidationError) as excinfo:
        services.change_account(
            administrator, administrator, role=Role.MEMBER, organisation=None, person=None
        )
    assert "you cannot change your own role" in errors_of(excinfo)["role"][0]
    with pytest.raises(ValidationError, match="cannot deactivate your own account"):
        services.set_account_active(administrator, administrator, False)
    administrator.refresh_from_db()
    assert (administrator.role, administrator.is_active) == (Role.ADMINISTRATOR, True)


def test_an_administrator_never_touches_a_superuser_staff_or_other_partnership_account(
    administrator, partnership, other_partnership_officer
):
    superuser = UserFactory(partnership=partnership, is_superuser=True, is_staff=True)
    staff = UserFactory(partnership=partnership, is_staff=True)
    for account in (superuser, staff, other_partnership_officer):
        with pytest.raises(PermissionDenied):
            services.change_account(
                administrator, account, role=Role.MEMBER, organisation=None, person=None
            )
        with pytest.raises(PermissionDenied):
            services.set_account_active(administrator, account, False)
        with pytest.raises(PermissionDenied):
            services.resend_invitation(administrator, account)
        account.refresh_from_db()
        assert account.is_active


def test_deactivate_reactivate_and_resend(administrator, partnership, committed):
    account = invite(administrator, partnership)
    mail.outbox.clear()
    with committed():
        services.resend_invitation(administrator, account)
    assert len(mail.outbox) == 1
    services.set_account_active(administrator, account, False)
    account.refresh_from_db()
    assert not account.is_active
    with pytest.raises(ValidationError, match="no invitation to send"):
        services.resend_invitation(administrator, account)
    services.set_account_active(administrator, account, True)
    account.refresh_from_db()
    assert account.is_active


# -- The pages ------------------------------------------------------------------------


def test_the_list_shows_the_partnerships_accounts_only(
    client, administrator, partnership, board_member, other_partnership_officer
):
    board_member.email = "member@example.org"
    board_member.save()
    client.force_login(administrator)
    response = client.get(under(partnership, LIST))
    page = response.content.decode()
    assert response.status_code == 200
    assert "member@example.org" in page
    assert "Board member" in page
    assert other_partnership_officer.username not in page
    assert f'href="/ealing{LIST}{board_member.pk}/"' in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 403), ("board_member", 403), ("other_partnership_officer", 403), (None, 302)],
)
def test_everyone_else_is_refused_the_pages(
    who, status, request, client, partnership, administrator
):
    if who:
        client.force_login(request.getfixturevalue(who))
    for path in (LIST, f"{LIST}invite/", f"{LIST}{administrator.pk}/"):
        response = client.get(under(partnership, path))
        assert response.status_code == status, path
        if status == 302:
            assert "/accounts/sign-in/" in response["Location"]
    response = client.post(under(partnership, f"{LIST}{administrator.pk}/active/"), {"active": "0"})
    assert response.status_code == status
    administrator.refresh_from_db()
    assert administrator.is_active


def test_an_administrator_is_refused_a_superusers_page(client, administrator, partnership):
    superuser = UserFactory(partnership=partnership, is_superuser=True, is_staff=True)
    client.force_login(administrator)
    assert client.get(under(partnership, f"{LIST}{superuser.pk}/")).status_code == 403
    response = client.post(under(partnership, f"{LIST}{superuser.pk}/"), {"role": Role.MEMBER})
    assert response.status_code == 403
    assert "Site administrator" in client.get(under(partnership, LIST)).content.decode()


def test_the_invite_form_names_each_refused_field(
    client, administrator, partnership, board_member, elsewhere
):
    organisation, person = elsewhere
    board_member.email = "taken@example.org"
    board_member.save()
    client.force_login(administrator)
    response = client.post(
        under(partnership, f"{LIST}invite/"),
        {
            "email": "taken@example.org",
            "role": Role.EDITOR,
            "organisation": organisation.pk,
            "person": person.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "Select an organisation of Ealing Local Strategic Partnership from the list" in page
    assert "Select a person of Ealing Local Strategic Partnership from the list" in page
    response = client.post(
        under(partnership, f"{LIST}invite/"), {"email": "taken@example.org", "role": Role.EDITOR}
    )
    page = response.content.decode()
    assert "Select the organisation whose records an organisation editor edits" in page
    response = client.post(
        under(partnership, f"{LIST}invite/"), {"email": "taken@example.org", "role": Role.MEMBER}
    )
    assert "Email address: there is already an account for taken@example.org" in (
        response.content.decode()
    )


def test_invite_change_and_deactivate_on_the_pages(
    client, administrator, partnership, council, committed
):
    client.force_login(administrator)
    with committed():
        response = client.post(
            under(partnership, f"{LIST}invite/"),
            {
                "email": "ada@example.org",
                "first_name": " Ada ",
                "last_name": "Lovelace",
                "role": Role.MEMBER,
            },
        )
    assert response.status_code == 302
    account = User.objects.get(email="ada@example.org")
    # Named from the start: the list shows who was invited before they sign in.
    assert (account.first_name, account.last_name) == ("Ada", "Lovelace")
    assert "Ada Lovelace" in client.get(under(partnership, LIST)).content.decode()
    assert len(mail.outbox) == 1
    response = client.post(
        under(partnership, f"{LIST}{account.pk}/"),
        {"email": "ada@example.org", "role": Role.EDITOR, "organisation": council.pk},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.role, account.organisation) == (Role.EDITOR, council)
    response = client.post(under(partnership, f"{LIST}{account.pk}/active/"), {"active": "0"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_active


def test_self_demotion_and_deactivation_on_the_pages_are_refused(
    client, administrator, partnership
):
    client.force_login(administrator)
    response = client.post(under(partnership, f"{LIST}{administrator.pk}/"), {"role": Role.MEMBER})
    assert response.status_code == 400
    assert "Role: you cannot change your own role" in response.content.decode()
    response = client.post(under(partnership, f"{LIST}{administrator.pk}/active/"), {"active": "0"})
    assert response.status_code == 400
    assert "You cannot deactivate your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert (administrator.role, administrator.is_active) == (Role.ADMINISTRATOR, True)


def test_a_cross_partnership_organisation_in_a_change_is_refused(
    client, administrator, partnership, board_member, elsewhere
):
    organisation, person = elsewhere
    client.force_login(administrator)
    response = client.post(
        under(partnership, f"{LIST}{board_member.pk}/"),
        {"role": Role.MEMBER, "organisation": organisation.pk, "person": person.pk},
    )
    assert response.status_code == 400
    board_member.refresh_from_db()
    assert (board_member.organisation_id, board_member.person_id) == (None, None)


@pytest.mark.parametrize("query", ["", "?q=example.org&role=editor&status=active"])
@pytest.mark.parametrize("count", [2, 20])
def test_the_list_reads_a_fixed_number_of_queries(
    client, administrator, partnership, council, count, query
):
    for n in range(count):
        UserFactory(
            partnership=partnership,
            role=Role.EDITOR,
            organisation=council,
            person=PersonFactory(partnership=partnership, organisation=council),
            email=f"p{n}@example.org",
        )
    client.force_login(administrator)
    client.get(under(partnership, LIST))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(under(partnership, LIST + query))
    assert response.status_code == 200
    assert response.content.decode().count("@example.org") >= count
    assert len(queries) == QUERIES, [q["sql"] for q in queries]


# The partnership, the session, the signed-in user, the count, the page of accounts
# (the search and filters are conditions of the last two, not queries of their own).
QUERIES = 5


@pytest.fixture
def accounts(partnership, council, administrator, board_member, officer):
    """Accounts to find: Julian Bell (an editor, by his person), an invited member,
    a deactivated member and a site administrator, beside the fixtures' own."""
    julian = UserFactory(
        username="jbell",
        email="julian.bell@example.org",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        person=PersonFactory(partnership=partnership, given_name="Julian", family_name="Bell"),
    )
    invited = UserFactory(username="newcomer", email="ada@example.org", partnership=partnership)
    invited.set_unusable_password()
    invited.save()
    gone = UserFactory(username="gone", first_name="Gone", is_active=False, partnership=partnership)
    site = UserFactory(username="siteadmin", partnership=partnership, is_staff=True)
    return {"julian": julian, "invited": invited, "gone": gone, "site": site}


def listed(client, partnership, query: str) -> set[str]:
    page = client.get(under(partnership, f"{LIST}?{query}")).text
    return set(
        re.findall(r'<th scope="row" class="govuk-table__header">(?:<a[^>]*>)?([^<]+)', page)
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=julian+bell", {"jbell"}),  # by the linked person's name, every word
        ("q=BELL@EXAMPLE", {"jbell"}),  # by email, whatever the case
        ("q=newcom", {"newcomer"}),  # by username
        ("q=gone", {"gone"}),  # by the account's own name
        ("q=julian+ada", set()),
        ("role=editor", {"jbell", "officer"}),
        ("role=member", {"member", "newcomer", "gone"}),  # not the site's own account
        ("role=site", {"siteadmin"}),
        ("status=invited", {"newcomer"}),
        ("status=deactivated", {"gone"}),
        ("status=active", {"jbell", "admin", "member", "officer", "siteadmin"}),
        ("role=member&status=active", {"member"}),
        (
            "role=nonsense&status=nonsense",
            {"jbell", "admin", "member", "officer", "newcomer", "gone", "siteadmin"},
        ),
    ],
)
def test_the_list_is_searched_and_filtered(
    client, administrator, partnership, accounts, query, expected
):
    client.force_login(administrator)
    assert listed(client, partnership, query) == expected


def test_a_search_never_finds_another_partnerships_account(
    client, administrator, partnership, other_partnership_officer
):
    client.force_login(administrator)
    assert listed(client, partnership, "q=warwick") == set()


def test_the_filters_show_what_was_asked_and_offer_to_clear_them(
    client, administrator, partnership, accounts
):
    client.force_login(administrator)
    page = client.get(under(partnership, f"{LIST}?q=julian&role=editor&status=active")).text
    assert 'value="julian"' in page
    assert '<option value="editor" selected>' in page
    assert '<option value="active" selected>' in page
    assert "1 account found" in page
    assert f'href="/ealing{LIST}">Clear filters</a>' in page
    page = client.get(under(partnership, f"{LIST}?q=nobody")).text
    assert "No accounts match your search and filters" in page
    assert "Clear filters" not in client.get(under(partnership, LIST)).text


def test_the_pages_of_a_filtered_list_keep_the_filters(client, administrator, partnership):
    for n in range(55):
        UserFactory(username=f"reader{n:02}", partnership=partnership)
    client.force_login(administrator)
    page = client.get(under(partnership, f"{LIST}?q=reader&status=active")).text
    assert "55 accounts found" in page
    assert "?q=reader&amp;status=active&amp;page=2" in page


def test_the_accounts_page_is_linked_for_administrators_only(
    client, administrator, board_member, partnership
):
    link = f'href="/ealing{LIST}"'
    client.force_login(administrator)
    assert link in client.get(under(partnership, "/")).content.decode()  # the setup checklist
    assert link in client.get(under(partnership, "/partnership/people/")).content.decode()
    assert link in client.get(under(partnership, "/accounts/")).content.decode()  # Your account
    client.force_login(board_member)
    assert link not in client.get(under(partnership, "/partnership/people/")).content.decode()
    assert link not in client.get(under(partnership, "/accounts/")).content.decode()


def test_reactivate_and_resend_on_the_pages(client, administrator, partnership, committed):
    account = invite(administrator, partnership)
    client.force_login(administrator)
    mail.outbox.clear()
    with committed():
        response = client.post(under(partnership, f"{LIST}{account.pk}/invitation/"))
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    client.post(under(partnership, f"{LIST}{account.pk}/active/"), {"active": "0"})
    response = client.post(under(partnership, f"{LIST}{account.pk}/invitation/"))
    assert response.status_code == 400
    assert "no invitation to send" in response.content.decode()
    client.post(under(partnership, f"{LIST}{account.pk}/active/"), {"active": "1"})
    account.refresh_from_db()
    assert account.is_active


def test_another_partnerships_account_is_refused_on_the_pages(
    client, administrator, partnership, other_partnership, other_partnership_officer
):
    client.force_login(administrator)
    target = other_partnership_officer
    for slug in (partnership, other_partnership):
        assert client.get(under(slug, f"{LIST}{target.pk}/")).status_code == 403
        response = client.post(under(slug, f"{LIST}{target.pk}/"), {"role": Role.MEMBER})
        assert response.status_code == 403
        response = client.post(under(slug, f"{LIST}{target.pk}/active/"), {"active": "0"})
        assert response.status_code == 403
    target.refresh_from_db()
    assert (target.role, target.is_active) == (Role.ADMINISTRATOR, True)
