"""Writing needs assessment pages: who may, slugs, and the versions kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.lis import needs_services
from roundtable.lis.needs_models import NeedsPage, NeedsStatus
from roundtable.lis.tests.factories import NeedsPageFactory

pytestmark = pytest.mark.django_db

TEXT = needs_services.PageText(title="Health", theme="Health", summary="", body="Words")


@pytest.mark.parametrize("who", ["board_member", "other_partnership_officer"])
def test_only_the_partnerships_administrators_and_editors_may_write(partnership, who, request):
    actor = request.getfixturevalue(who)
    page = NeedsPageFactory(partnership=partnership)
    with pytest.raises(PermissionDenied):
        needs_services.create_needs_page(actor, partnership, TEXT)
    for write in (needs_services.publish_needs_page, needs_services.unpublish_needs_page):
        with pytest.raises(PermissionDenied):
            write(actor, page)
    with pytest.raises(PermissionDenied):
        needs_services.update_needs_page(actor, page, TEXT)
    page.refresh_from_db()
    assert (page.status, page.title, NeedsPage.objects.count()) == ("draft", page.title, 1)


@pytest.mark.parametrize("who", ["administrator", "officer"])
def test_administrators_and_editors_write_publish_and_take_back(partnership, who, request):
    actor = request.getfixturevalue(who)
    page = needs_services.create_needs_page(actor, partnership, TEXT)
    needs_services.publish_needs_page(actor, page)
    assert page.status == NeedsStatus.PUBLISHED
    needs_services.update_needs_page(
        actor, page, needs_services.PageText("Health", "H", "", "More")
    )
    needs_services.unpublish_needs_page(actor, page)
    reasons = list(
        page.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == ["Created", "Published", "Edited", "Taken back to draft"]
    assert {v.history_user for v in page.history.all()} == {actor}


def test_a_slug_is_made_from_the_title_and_never_taken_twice(partnership, officer):
    first = needs_services.create_needs_page(officer, partnership, TEXT)
    second = needs_services.create_needs_page(officer, partnership, TEXT)
    assert (first.slug, second.slug) == ("health", "health-2")


def test_a_title_that_would_take_a_pages_address_gets_another_slug(partnership, officer):
    text = needs_services.PageText(title="Add", theme="Health", summary="", body="")
    assert needs_services.create_needs_page(officer, partnership, text).slug == "add-page"


def test_a_page_with_a_bad_embed_is_refused_naming_the_line(partnership, officer):
    text = needs_services.PageText("Health", "Health", "", "Hi\n\n{{ chart indicator=X }}")
    with pytest.raises(ValidationError) as refused:
        needs_services.create_needs_page(officer, partnership, text)
    assert refused.value.message_dict["body"][0].startswith("Line 3: a chart needs area_type")
    assert not NeedsPage.objects.exists()
