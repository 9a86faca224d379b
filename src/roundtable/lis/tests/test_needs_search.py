"""The site search over needs assessment pages: everyone finds a published page by
its published text; only the people who may edit a page find its draft of the next
edition by the draft's words (a walk-through found editors could not), and nobody
else finds it, or sees its words, by them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis.needs_models import NeedsStatus
from roundtable.lis.needs_services import (
    PageText,
    create_needs_page,
    discard_needs_draft,
    publish_needs_page,
    update_needs_page,
)
from roundtable.lis.search import find_needs_pages
from roundtable.lis.tests.factories import NeedsPageFactory

pytestmark = pytest.mark.django_db

PUBLISHED = PageText("Air quality", "Environment", "How clean the air is", "Traffic fumes text")
#: The draft of the next edition: a title, theme and words the published page has not.
DRAFT = PageText("Clean air zones", "Transport", "Zones planned", "The quokkaberry scheme")


@pytest.fixture
def rewritten(partnership, officer):
    """A published page with a draft of its next edition (not yet published)."""
    page = create_needs_page(officer, partnership, PUBLISHED)
    page = publish_needs_page(officer, page)
    page = update_needs_page(officer, page, DRAFT)
    assert page.has_draft
    return page


def search(client, partnership, query: str) -> str:
    response = client.get(under(partnership, reverse("search")), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def results(page: str) -> str:
    """The page's results, after the search form (which repeats the query)."""
    return page.split('role="status"', 1)[1]


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
@pytest.mark.parametrize("query", ["quokkaberry", "clean air zones", "transport", "zones planned"])
def test_nobody_who_may_not_edit_the_page_finds_its_draft_by_the_drafts_words(
    client, partnership, rewritten, who, query, request
):
    user = request.getfixturevalue(who) if who else None
    if user is not None:
        client.force_login(user)
    found = results(search(client, partnership, query))
    assert 'id="results-needs"' not in found
    assert "Clean air zones" not in found
    assert "Transport" not in found
    assert rewritten.get_absolute_url() not in found
    assert "/draft/" not in found
    for where in (partnership.pk, None):  # this partnership, and every partnership
        assert find_needs_pages(query, user or AnonymousUser(), 10, where) == []


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_everyone_finds_the_published_page_by_its_published_words_only(
    client, partnership, rewritten, who, request
):
    if who:
        client.force_login(request.getfixturevalue(who))
    found = results(search(client, partnership, "traffic fumes"))
    assert f'<a class="govuk-link" href="{rewritten.get_absolute_url()}">Air quality</a>' in found
    assert "Needs assessment: Environment, Ealing Local Strategic Partnership" in found
    # The hit names the published page, never the draft's title or theme.
    assert "Clean air zones" not in found
    assert "Transport" not in found


@pytest.mark.parametrize("who", ["officer", "administrator", "superuser"])
def test_whoever_may_edit_the_page_finds_its_draft_by_the_drafts_words(
    client, partnership, rewritten, who, request
):
    client.force_login(request.getfixturevalue(who))
    draft = under(partnership, reverse("lis:needs-draft", args=[rewritten.slug]))
    for query in ("quokkaberry", "clean air zones", "zones planned"):
        found = results(search(client, partnership, query))
        assert f'<a class="govuk-link" href="{draft}">Clean air zones</a>' in found, query
        assert (
            "Needs assessment, draft of the next edition: Transport, "
            "Ealing Local Strategic Partnership" in found
        )
    assert "The quokkaberry scheme" in client.get(draft).content.decode()
    # By the published words, the published page, as everyone finds it.
    found = results(search(client, partnership, "traffic fumes"))
    assert f'href="{rewritten.get_absolute_url()}">Air quality</a>' in found


def test_the_drafts_words_are_everyones_once_published_and_nobodys_once_discarded(
    client, partnership, rewritten, officer
):
    other = create_needs_page(officer, partnership, PUBLISHED)
    other = update_needs_page(officer, publish_needs_page(officer, other), DRAFT)
    publish_needs_page(officer, rewritten)
    found = results(search(client, partnership, "quokkaberry"))
    assert f'href="{rewritten.get_absolute_url()}">Clean air zones</a>' in found
    assert other.get_absolute_url() not in found  # its draft is still a draft
    discard_needs_draft(officer, other)
    client.force_login(officer)
    found = results(search(client, partnership, "quokkaberry"))
    assert other.get_absolute_url() not in found
    assert f"{other.get_absolute_url()}draft/" not in found


def test_a_draft_page_is_found_by_its_editors_only_and_says_it_is_a_draft(
    client, partnership, officer, board_member
):
    page = NeedsPageFactory(partnership=partnership, title="Okapi needs", theme="Health")
    assert page.status == NeedsStatus.DRAFT
    assert 'id="results-needs"' not in results(search(client, partnership, "okapi"))
    client.force_login(board_member)
    assert 'id="results-needs"' not in results(search(client, partnership, "okapi"))
    client.force_login(officer)
    found = results(search(client, partnership, "okapi"))
    assert f'href="{page.get_absolute_url()}">Okapi needs</a>' in found
    assert "Needs assessment, draft: Health, Ealing Local Strategic Partnership" in found
