"""The rules for who may manage which account: plain functions, no database."""

from __future__ import annotations

from roundtable.partnership.rules import (
    ACCOUNT_SEARCH_WORDS,
    AccountFacts,
    AccountFilters,
    account_change_refusals,
    account_filters,
    account_status,
    email_change_refusal,
    invitation_to_send_again,
    may_manage_account,
    username_from_email,
)

ADMIN = AccountFacts(pk=1, partnership_id=10, role="administrator")
EDITOR = AccountFacts(pk=2, partnership_id=10, role="editor")
MEMBER = AccountFacts(pk=3, partnership_id=10, role="member")
OTHER_PARTNERSHIP = AccountFacts(pk=4, partnership_id=20, role="member")
SUPERUSER = AccountFacts(pk=5, partnership_id=10, role="member", is_superuser=True, is_staff=True)
STAFF = AccountFacts(pk=6, partnership_id=10, role="member", is_staff=True)


def test_an_administrator_manages_ordinary_accounts_of_their_partnership():
    assert may_manage_account(ADMIN, MEMBER)
    assert may_manage_account(ADMIN, EDITOR)
    assert may_manage_account(ADMIN, ADMIN)


def test_an_administrator_never_touches_another_partnership_superusers_or_staff():
    assert not may_manage_account(ADMIN, OTHER_PARTNERSHIP)
    assert not may_manage_account(ADMIN, SUPERUSER)
    assert not may_manage_account(ADMIN, STAFF)


def test_other_roles_and_inactive_administrators_manage_no_account():
    assert not may_manage_account(EDITOR, MEMBER)
    assert not may_manage_account(MEMBER, MEMBER)
    inactive = AccountFacts(pk=7, partnership_id=10, role="administrator", is_active=False)
    assert not may_manage_account(inactive, MEMBER)
    homeless = AccountFacts(pk=8, partnership_id=None, role="administrator")
    assert not may_manage_account(homeless, AccountFacts(pk=9, partnership_id=None, role="member"))


def test_a_site_administrator_manages_any_account():
    assert may_manage_account(SUPERUSER, OTHER_PARTNERSHIP)
    assert may_manage_account(SUPERUSER, STAFF)


def test_a_role_roundtable_does_not_have_is_refused():
    after = AccountFacts(pk=3, partnership_id=10, role="owner")
    assert set(account_change_refusals(ADMIN, MEMBER, after, organisation=False)) == {"role"}


def test_an_editor_needs_an_organisation():
    after = AccountFacts(pk=3, partnership_id=10, role="editor")
    refusals = account_change_refusals(ADMIN, MEMBER, after, organisation=False)
    assert refusals["organisation"].startswith("organisation: an organisation editor needs")
    assert account_change_refusals(ADMIN, MEMBER, after, organisation=True) == {}


def test_nobody_demotes_or_deactivates_themselves():
    demoted = AccountFacts(pk=1, partnership_id=10, role="member")
    assert "role" in account_change_refusals(ADMIN, ADMIN, demoted, organisation=False)
    deactivated = AccountFacts(pk=1, partnership_id=10, role="administrator", is_active=False)
    assert "" in account_change_refusals(ADMIN, ADMIN, deactivated, organisation=False)
    # Another administrator may be demoted and deactivated.
    other = AccountFacts(pk=11, partnership_id=10, role="administrator")
    assert account_change_refusals(ADMIN, other, demoted, organisation=False) == {}


def test_only_a_site_administrator_makes_a_superuser_or_staff_account():
    made = AccountFacts(pk=None, partnership_id=10, role="member", is_staff=True)
    assert "" in account_change_refusals(ADMIN, None, made, organisation=False)
    assert account_change_refusals(SUPERUSER, None, made, organisation=False) == {}


def test_a_username_suggested_from_an_email_address():
    assert username_from_email("Ada.Lovelace+x@Example.org") == "ada.lovelace+x"
    assert username_from_email("o'brien@example.org") == "obrien"


# -- Searching and filtering the Accounts page -----------------------------------------


def test_an_accounts_status_is_deactivated_invited_or_active():
    assert account_status(is_active=False, password_usable=True) == "deactivated"
    assert account_status(is_active=False, password_usable=False) == "deactivated"
    assert account_status(is_active=True, password_usable=False) == "invited"
    assert account_status(is_active=True, password_usable=True) == "active"


def test_the_filters_read_the_words_role_and_status_asked_for():
    filters = account_filters({"q": "  julian   Bell julian ", "role": "site", "status": "invited"})
    assert filters == AccountFilters(words=("julian", "Bell"), role="site", status="invited")
    assert filters.any


def test_a_role_or_status_roundtable_has_not_is_ignored():
    filters = account_filters({"q": "", "role": "superuser", "status": "banned"})
    assert filters == AccountFilters()
    assert not filters.any


def test_a_search_uses_at_most_ten_words():
    filters = account_filters({"q": " ".join(f"w{n}" for n in range(30))})
    assert len(filters.words) == ACCOUNT_SEARCH_WORDS == 10


# -- Changing an account's email -------------------------------------------------------


def test_an_email_must_be_an_address_no_other_account_uses():
    fine = {"valid": True, "taken": False, "invited": False}
    assert email_change_refusal("ada@example.org", **fine) == ""
    assert "correct format" in email_change_refusal("ada", **{**fine, "valid": False})
    assert email_change_refusal("ada@example.org", **{**fine, "taken": True}) == (
        "email: another account already uses ada@example.org; enter a different email address"
    )


def test_only_an_invited_account_needs_an_email():
    assert email_change_refusal("", valid=True, taken=False, invited=False) == ""
    assert "invitation" in email_change_refusal("", valid=True, taken=False, invited=True)


def test_the_invitation_is_offered_again_when_an_invited_accounts_email_changes():
    assert invitation_to_send_again("a@example.org", "b@example.org", invited=True)
    assert not invitation_to_send_again("a@example.org", "b@example.org", invited=False)
    assert not invitation_to_send_again("a@example.org", "A@Example.org ", invited=True)
    assert not invitation_to_send_again("a@example.org", "", invited=True)
