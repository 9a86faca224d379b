"""A new partnership on the web: who may set one up, its place, its first
administrator's invitation, and the CLI `roundtable partnership create`."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.accounts.models import User
from roundtable.geography.models import Area
from roundtable.geography.sources import MINI_WHEELS_DIR, SourceError
from roundtable.partnership import services
from roundtable.partnership.models import Partnership
from roundtable.partnership.tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EALING = "E09000009"
FORM = {
    "name": "Hounslow Together",
    "short_name": "Hounslow",
    "slug": "hounslow",
    "place": "",
    "local_authority": "",
    "administrator_name": "Ada Lovelace",
    "administrator_email": "Ada@example.org",
}


@pytest.fixture
def site_administrator(db):
    return UserFactory(username="site", is_superuser=True, is_staff=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the service leaves for after the commit (the invitation email)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def mini_geography(settings):
    """The loader reads the committed mini wheels: no download, no network."""
    settings.ROUNDTABLE_GEOGRAPHY_CACHE = MINI_WHEELS_DIR


def create(actor, **overrides):
    arguments = {
        "name": "Hounslow Together",
        "slug": "hounslow",
        "administrator_email": "ada@example.org",
        "administrator_name": "Ada Lovelace",
        **overrides,
    }
    return services.create_partnership(actor, **arguments)


def invitation_path(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


# -- The service ----------------------------------------------------------------------


def test_site_administrator_creates_a_partnership_and_invites_its_administrator(
    site_administrator, committed
):
    with committed():
        created = create(site_administrator)
    partnership = Partnership.objects.get(slug="hounslow")
    administrator = User.objects.get(email="ada@example.org")
    assert created.partnership == partnership
    assert (administrator.role, administrator.partnership) == (Role.ADMINISTRATOR, partnership)
    assert (administrator.first_name, administrator.last_name) == ("Ada", "Lovelace")
    assert not administrator.has_usable_password()
    assert partnership.history.get().history_user == site_administrator
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Hounslow Together" in message.subject
    assert invitation_path(message).startswith("/hounslow/accounts/password-reset/")
    # Who makes the other accounts: the administrator, on the partnership's Accounts page.
    assert "each added on its page or imported from a spreadsheet template" in message.body
    assert "You invite the partnership's other people on its Accounts page" in message.body
    assert "site administrator" not in message.body


@pytest.mark.parametrize(
    "who", ["other_partnership_administrator", "partnership_administrator", "editor", "anonymous"]
)
def test_only_site_administrators_may_create_a_partnership(
    who, partnership, administrator, officer, other_partnership_officer, committed
):
    actor = {
        "other_partnership_administrator": other_partnership_officer,
        "partnership_administrator": administrator,
        "editor": officer,
        "anonymous": AnonymousUser(),
    }[who]
    users = User.objects.count()
    with committed(), pytest.raises(PermissionDenied):
        create(actor)
    assert not Partnership.objects.filter(slug="hounslow").exists()
    assert User.objects.count() == users
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": "meetings"}, "slug", "“meetings” already begins other addresses"),
        ({"slug": "ealing"}, "slug", "already exists"),
        ({"name": "Ealing Local Strategic Partnership"}, "name", "already exists"),
        ({"administrator_email": "admin@example.org"}, "administrator_email", "already an"),
        # Addresses are case-sensitive: /North_Hounslow/ was set up, /north_hounslow/
        # was not found, and "Meetings" slipped past the reserved words.
        ({"slug": "North_Hounslow"}, "slug", "use only lower-case letters, numbers and hyphens"),
        ({"slug": "Meetings"}, "slug", "use only lower-case letters"),
        ({"slug": "north--hounslow"}, "slug", "use only lower-case letters"),
        # The command's bad email was found only inside the transaction, alone, as
        # "email: Enter a valid email address." (not named by its option).
        ({"administrator_email": "ada"}, "administrator_email", "in the correct format"),
    ],
)
def test_refused_partnerships_write_nothing(
    site_administrator, partnership, committed, overrides, field, message
):
    UserFactory(username="taken", email="admin@example.org")
    users = User.objects.count()
    with committed(), pytest.raises(ValidationError) as refused:
        create(site_administrator, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert Partnership.objects.count() == 1
    assert User.objects.count() == users
    assert mail.outbox == []


def test_every_problem_is_named_at_once(site_administrator):
    with pytest.raises(ValidationError) as refused:
        create(site_administrator, name="", slug="New_One", administrator_email="ada")
    assert set(refused.value.message_dict) == {"name", "slug", "administrator_email"}


def test_the_command_names_a_bad_email_by_its_option(site_administrator):
    with pytest.raises(CommandError) as refused:
        call_command("partnership_create", slug="hounslow", name="Hounslow", admin_email="ada")
    assert "--admin-email: Enter an email address in the correct format" in str(refused.value)
    assert not Partnership.objects.filter(slug="hounslow").exists()


def test_the_page_refuses_a_slug_that_is_not_lower_case_at_its_field(client, site_administrator):
    client.force_login(site_administrator)
    response = client.post(reverse("partnership:partnership-add"), {**FORM, "slug": "Hounslow"})
    assert response.status_code == 400
    assert "use only lower-case letters, numbers and hyphens" in response.text
    assert not Partnership.objects.exists()


def test_loading_the_local_authority_sets_the_area_and_place(site_administrator, mini_geography):
    created = create(site_administrator, load_local_authority=EALING)
    partnership = created.partnership
    assert partnership.area.code == EALING
    assert partnership.place == "Ealing"
    assert Area.objects.filter(parent__code=EALING, area_type="ward").exists()
    assert "Loaded Ealing (E09000009)" in created.loaded.summary()


def test_a_failed_load_writes_no_partnership(site_administrator, committed):
    def failing(code, actor):
        raise SourceError("Could not download the geography wheels with pip")

    with committed(), pytest.raises(ValidationError) as refused:
        create(site_administrator, load_local_authority=EALING, loader=failing)
    assert "could not be loaded: Could not download" in str(refused.value)
    assert not Partnership.objects.exists()
    assert not User.objects.filter(email="ada@example.org").exists()
    assert mail.outbox == []


# -- The page -------------------------------------------------------------------------


def test_an_empty_site_says_who_sets_up_a_partnership_and_how_to_become_them(client):
    # A fresh install (`migrate` only): the home page said "sign in as a site
    # administrator" with no link, and nothing of how such an account is made.
    page = client.get("/").text
    assert "No partnership has been set up yet." in page
    sign_in = f"{reverse('login')}?next={reverse('partnership:partnership-add')}"
    assert f'href="{sign_in}">Sign in as a site administrator</a>' in page
    assert "<code>roundtable createsuperuser</code>" in page


def test_an_empty_site_tells_a_signed_in_site_administrator_to_set_one_up(
    client, site_administrator
):
    client.force_login(site_administrator)
    page = client.get("/").text
    assert f'href="{reverse("partnership:partnership-add")}"' in page
    assert "Set up a partnership" in page


def test_a_site_administrator_signing_in_to_an_empty_site_lands_where_they_set_one_up(
    client, site_administrator
):
    # Signing in lands on My Roundtable, which has no partnership to be in on a new
    # installation: the first sign-in of all answered 404.
    site_administrator.set_password("a-long-password-1")
    site_administrator.save()
    response = client.post(reverse("login"), {"username": "site", "password": "a-long-password-1"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Set up a partnership" in client.get("/").text


def test_the_page_is_for_site_administrators_only(
    client, partnership, administrator, officer, other_partnership_officer
):
    url = reverse("partnership:partnership-add")
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    for user in (administrator, officer, other_partnership_officer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, FORM).status_code == 403
    assert not Partnership.objects.filter(slug="hounslow").exists()


def test_site_administrator_sets_up_a_partnership_and_reaches_its_checklist(
    client, partnership, site_administrator, committed
):
    client.force_login(site_administrator)
    assert client.get(reverse("partnership:partnership-add")).status_code == 200
    with committed():
        response = client.post(reverse("partnership:partnership-add"), FORM)
    assert response.status_code == 302
    assert response["Location"] == "/hounslow/"
    home = client.get("/hounslow/")
    assert "Set up Hounslow" in home.text
    assert "emailed ada@example.org" in home.text
    assert "You have completed 0 of 6 steps" in home.text
    assert User.objects.get(email="ada@example.org").partnership.slug == "hounslow"


def test_the_invited_administrator_sets_a_password_and_signs_in(
    client, site_administrator, committed
):
    with committed():
        create(site_administrator)
    path = invitation_path(mail.outbox[0])
    response = client.get(path)
    assert response.status_code == 302  # Django moves the token out of the address
    form = client.get(response["Location"])
    assert "New password" in form.text
    done = client.post(
        response["Location"],
        {"new_password1": "a-long-new-password-9", "new_password2": "a-long-new-password-9"},
    )
    assert done.status_code == 302
    signed_in = client.post(
        "/accounts/sign-in/",
        {"username": "ada@example.org", "password": "a-long-new-password-9"},
    )
    assert signed_in.status_code == 302
    assert client.get("/accounts/").context["user"].email == "ada@example.org"


def test_the_slug_is_checked_on_the_form(client, partnership, site_administrator):
    client.force_login(site_administrator)
    response = client.post(reverse("partnership:partnership-add"), {**FORM, "slug": "api"})
    assert response.status_code == 400
    assert "“api” already begins other addresses" in response.text
    assert not Partnership.objects.filter(slug="api").exists()


def test_a_loaded_local_authority_is_found_by_name(
    client, partnership, site_administrator, mini_geography
):
    services.create_partnership(None, name="Loader", slug="loader", load_local_authority=EALING)
    client.force_login(site_administrator)
    response = client.post(
        reverse("partnership:partnership-add"), {**FORM, "local_authority": "ealing"}
    )
    assert response.status_code == 302
    assert Partnership.objects.get(slug="hounslow").area.code == EALING


def test_an_unknown_name_or_an_unloaded_code_asks_what_to_do(
    client, partnership, site_administrator
):
    client.force_login(site_administrator)
    url = reverse("partnership:partnership-add")
    response = client.post(url, {**FORM, "local_authority": "Atlantis"})
    assert response.status_code == 400
    assert "No local authority called ‘Atlantis’ is loaded" in response.text
    response = client.post(url, {**FORM, "local_authority": EALING})
    assert "The areas of E09000009 are not loaded yet" in response.text
    response = client.post(url, {**FORM, "local_authority": "E05013520"})
    assert "E05013520 is not a local authority code" in response.text
    assert not Partnership.objects.filter(slug="hounslow").exists()


def test_an_unloaded_code_is_loaded_when_asked(
    client, partnership, site_administrator, mini_geography
):
    client.force_login(site_administrator)
    response = client.post(
        reverse("partnership:partnership-add"),
        {**FORM, "local_authority": EALING, "load_geography": "on"},
    )
    assert response.status_code == 302
    created = Partnership.objects.get(slug="hounslow")
    assert (created.area.code, created.place) == (EALING, "Ealing")


# -- The command ----------------------------------------------------------------------


def test_the_command_creates_a_partnership(capsys, mini_geography):
    services.create_partnership(None, name="Loader", slug="loader", load_local_authority=EALING)
    call_command(
        "partnership_create", "--slug", "hounslow", "--name", "Hounslow Together", "--la", EALING
    )
    assert "Created Hounslow Together at /hounslow/, for Ealing" in capsys.readouterr().out
    assert Partnership.objects.get(slug="hounslow").area.code == EALING


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--slug", "ealing"], "--slug: Partnership with this Slug already exists"),
        (["--slug", "static"], "--slug: “static” already begins other addresses"),
        (["--la", "E09999999"], "--la: E09999999 is not loaded; load it first with"),
        (["--la", "E05013520"], "--la: E05013520 is not a local authority code"),
        (["--la", "nonsense"], "--la: "),
    ],
)
def test_the_command_refuses_and_creates_nothing(partnership, arguments, message):
    before = Partnership.objects.count()
    base = {"--slug": "hounslow", "--name": "Hounslow Together"}
    base.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
    with pytest.raises(CommandError) as refused:
        call_command("partnership_create", *[x for pair in base.items() for x in pair])
    assert message in str(refused.value)
    assert Partnership.objects.count() == before


def test_the_command_reports_every_problem_at_once(partnership):
    PartnershipFactory(name="Taken", slug="taken")
    with pytest.raises(CommandError) as refused:
        call_command("partnership_create", "--slug", "ealing", "--name", "Taken")
    assert "--slug:" in str(refused.value)
    assert "--name:" in str(refused.value)
