"""Records whose slugs were made before slugs had to be lower case (`North_Hounslow`,
a body's `Ealing-Exec`) are edited without being told to fix a slug nobody touched;
a new or changed slug still follows the rule."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership import services
from roundtable.partnership.imports import import_partnership_row, import_table
from roundtable.partnership.models import Body, Partnership
from roundtable.partnership.tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def older(db):
    """A partnership set up before its slug had to be lower case (saved unchecked)."""
    return Partnership.objects.create(name="North Hounslow Together", slug="North_Hounslow")


def table(text: str, name: str = "upload.csv"):
    return read_table(io.BytesIO(text.encode()), name)


def test_an_older_partnership_with_a_capitalised_slug_is_renamed(older):
    older = Partnership.objects.get(pk=older.pk)
    older.name = "North Hounslow Partnership"
    services.save_partnership(None, older)
    older.refresh_from_db()
    assert (older.name, older.slug) == ("North Hounslow Partnership", "North_Hounslow")


def test_an_older_partnership_whose_slug_is_now_a_reserved_word_is_renamed(db):
    # "meetings" begins other addresses now; a partnership may have had it before.
    older = Partnership.objects.create(name="Meetings Partnership", slug="meetings")
    older = Partnership.objects.get(pk=older.pk)
    older.description = "A partnership of meeting places"
    services.save_partnership(None, older)
    older.refresh_from_db()
    assert older.description == "A partnership of meeting places"


def test_changing_a_slug_to_one_that_is_not_lower_case_is_still_refused(older):
    older = Partnership.objects.get(pk=older.pk)
    older.slug = "North_Hounslow_2"
    with pytest.raises(ValidationError) as refused:
        services.save_partnership(None, older)
    assert "use only lower-case letters" in str(refused.value.message_dict["slug"])
    fresh = Partnership(name="Camden Together", slug="Camden")
    with pytest.raises(ValidationError):
        services.save_partnership(None, fresh)


def test_the_admin_site_renames_an_older_partnership_without_touching_its_slug(client, older):
    client.force_login(UserFactory(username="site", is_superuser=True, is_staff=True))
    url = reverse("admin:partnership_partnership_change", args=[older.pk])
    response = client.post(
        url, {"name": "North Hounslow Partnership", "slug": "North_Hounslow", "description": ""}
    )
    assert response.status_code == 302, response.text
    older.refresh_from_db()
    assert (older.name, older.slug) == ("North Hounslow Partnership", "North_Hounslow")


def test_its_partnership_csv_updates_it_by_its_slug(older):
    text = "name,slug,description\nNorth Hounslow Together,North_Hounslow,Our partnership\n"
    import_partnership_row(table(text, "partnership.csv"), None)
    older.refresh_from_db()
    assert (older.slug, older.description) == ("North_Hounslow", "Our partnership")


def test_a_body_with_a_capitalised_slug_is_imported_again_by_its_slug(partnership):
    BodyFactory(partnership=partnership, name="LSP Executive Board", slug="Ealing-Exec")
    text = "name,slug,kind,description\nLSP Executive Board,Ealing-Exec,executive_board,Ours\n"
    import_table("bodies", table(text), partnership, None)
    body = Body.objects.get()
    assert (body.slug, body.description) == ("Ealing-Exec", "Ours")
    # A file without the slug column keeps it too.
    text = "name,kind,description\nLSP Executive Board,executive_board,Still ours\n"
    import_table("bodies", table(text), partnership, None)
    body.refresh_from_db()
    assert (body.slug, body.description) == ("Ealing-Exec", "Still ours")


def test_a_new_body_with_a_capitalised_slug_is_still_refused(partnership):
    BodyFactory(partnership=partnership, name="LSP Executive Board", slug="Ealing-Exec")
    text = "name,slug,kind\nLSP Executive Board,Ealing-Exec,executive_board\n"
    text += "Safer Ealing,Safer-Ealing,theme_partnership\n"
    with pytest.raises(ImportFailed) as refused:
        import_table("bodies", table(text), partnership, None)
    assert [str(e) for e in refused.value.errors] == [
        "Row 3, slug: 'Safer-Ealing' can only have lower-case letters, numbers and hyphens"
    ]
