"""Writing needs assessment pages: who may, slugs, and the versions kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.lis import needs_queries, needs_services
from roundtable.lis.needs_models import NeedsPage, NeedsStatus, working_text
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
    assert reasons(page) == [
        "Created",
        "Published",
        "Draft of the next edition saved: changed the theme and text",
        "Taken back to draft",
    ]
    assert {v.history_user for v in page.history.all()} == {actor}
    assert (page.theme, page.body, page.has_draft) == ("H", "More", False)


def reasons(page):
    return list(
        page.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    )


NEXT = needs_services.PageText("Health, second", "Health", "Newer", "Second edition words")


@pytest.fixture
def published(partnership, officer):
    page = needs_services.create_needs_page(
        officer, partnership, needs_services.PageText("Health", "Health", "", "First words")
    )
    return needs_services.publish_needs_page(officer, page)


def test_editing_a_published_page_saves_a_draft_the_public_does_not_read(
    partnership, published, administrator
):
    first_published = published.published_at
    needs_services.update_needs_page(administrator, published, NEXT)
    stored = NeedsPage.objects.get()
    assert (stored.status, stored.title, stored.body) == ("published", "Health", "First words")
    assert stored.published_at == first_published
    assert stored.has_draft
    assert working_text(stored) == NEXT
    assert reasons(stored)[-1] == (
        "Draft of the next edition saved: changed the title, summary and text"
    )
    assert stored.history.latest().history_user == administrator
    public = NeedsPage.objects.visible_to(AnonymousUser()).get()
    assert "Second edition words" not in (public.title, public.summary, public.body)
    assert len(needs_queries.published_editions(stored)) == 1


def test_publishing_the_draft_makes_a_new_edition_and_keeps_the_one_before(
    partnership, published, officer
):
    needs_services.update_needs_page(officer, published, NEXT)
    needs_services.publish_needs_page(officer, published)
    stored = NeedsPage.objects.get()
    assert (stored.title, stored.body, stored.has_draft) == (
        "Health, second",
        "Second edition words",
        False,
    )
    assert reasons(stored)[-1] == ("Published a new edition: changed the title, summary and text")
    newest, older = needs_queries.published_editions(stored)
    assert (newest.body, older.body) == ("Second edition words", "First words")
    assert newest.published_at > older.published_at


def test_publishing_a_published_page_with_no_draft_changes_nothing(published, officer):
    before = published.history.count()
    needs_services.publish_needs_page(officer, published)
    assert published.history.count() == before
    assert len(needs_queries.published_editions(published)) == 1


def test_a_draft_the_same_as_the_published_text_is_no_draft(published, officer):
    needs_services.update_needs_page(officer, published, NEXT)
    as_published = needs_services.PageText("Health", "Health", "", "First words")
    needs_services.update_needs_page(officer, published, as_published)
    assert not NeedsPage.objects.get().has_draft
    assert reasons(published)[-1].startswith("Draft put back to the published text")


def test_a_draft_with_a_bad_embed_is_refused_and_the_page_unchanged(published, officer):
    text = needs_services.PageText("Health", "Health", "", "{{ chart indicator=X }}")
    with pytest.raises(ValidationError):
        needs_services.update_needs_page(officer, published, text)
    assert not NeedsPage.objects.get().has_draft


def test_discarding_the_draft_keeps_its_text_in_the_history(published, officer):
    needs_services.update_needs_page(officer, published, NEXT)
    needs_services.discard_needs_draft(officer, published)
    stored = NeedsPage.objects.get()
    assert (stored.body, stored.has_draft) == ("First words", False)
    assert reasons(stored)[-1] == "Draft of the next edition discarded"
    kept = [working_text(v).body for v in stored.history.all()]
    assert "Second edition words" in kept


def test_taking_a_page_back_to_draft_keeps_the_draft_of_its_next_edition(published, officer):
    needs_services.update_needs_page(officer, published, NEXT)
    needs_services.unpublish_needs_page(officer, published)
    stored = NeedsPage.objects.get()
    assert (stored.status, stored.body, stored.has_draft) == (
        "draft",
        "Second edition words",
        False,
    )


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_only_editors_save_publish_or_discard_a_published_pages_draft(
    published, officer, who, request
):
    needs_services.update_needs_page(officer, published, NEXT)
    actor = request.getfixturevalue(who) if who else AnonymousUser()
    page = NeedsPage.objects.get()
    other = needs_services.PageText("Hijacked", "Health", "", "Hijacked words")
    with pytest.raises(PermissionDenied):
        needs_services.update_needs_page(actor, page, other)
    for write in (needs_services.publish_needs_page, needs_services.discard_needs_draft):
        with pytest.raises(PermissionDenied):
            write(actor, page)
    stored = NeedsPage.objects.get()
    assert (stored.body, working_text(stored)) == ("First words", NEXT)


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
