"""Strategy pages: what everyone sees, and who may record a revision."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.core.dates import example_date_text
from roundtable.core.testing import clear_cache, under
from roundtable.strategy import services
from roundtable.strategy.models import PriorityRevision
from roundtable.strategy.tests.conftest import JULY
from roundtable.strategy.tests.factories import EventFactory, StrategyFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def add_url(priority) -> str:
    return reverse("strategy:revision-add", args=[priority.pk])


def test_strategy_list_shows_the_partnerships_strategies(client, strategy):
    StrategyFactory(title="Someone else's strategy")
    response = client.get(reverse("strategy:strategy-list"), {"partnership": "westminster"})
    assert response.status_code == 200
    assert "Local Area Agreement 2008-11" in response.content.decode()
    assert "Someone else" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_strategy_list_uses_constant_queries(client, partnership, count, django_assert_num_queries):
    StrategyFactory.create_batch(count, partnership=partnership)
    EventFactory.create_batch(count, partnership=partnership)
    client.get(reverse("strategy:strategy-list"), {"partnership": "westminster"})
    clear_cache()  # count the page made afresh: a kept one takes no query at all
    # the partnership by its slug in the address (no session), strategies with counts,
    # the partnership's events
    with django_assert_num_queries(3):
        client.get(under("westminster", reverse("strategy:strategy-list")))


def test_strategy_page_shows_themes_priorities_status_areas_and_values(client, priority):
    response = client.get(priority.strategy.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Community Safety" in html
    assert "To increase community confidence in public services" in html
    assert "govuk-tag--blue" in html
    assert ">Refined<" in html
    assert "Church Street" in html
    assert "Narrowing the gaps" in html
    assert "Close the gap" in html
    assert "Summer Workshop" in html
    # On a phone the priorities stack, each cell under its heading, not a table to scroll.
    assert '<table class="govuk-table rt-table--stack">' in html
    assert 'data-label="Focus areas">Church Street' in html


@pytest.mark.parametrize("count", [2, 20])
def test_strategy_page_uses_constant_queries(
    client, strategy, workshop, count, django_assert_num_queries
):
    theme = ThemeFactory(strategy=strategy)
    for n in range(count):
        services.add_priority(
            None, strategy, ref=f"P{n}", wording="x", date=JULY, theme=theme, event=workshop
        )
    url = strategy.get_absolute_url()
    # current partnership, strategy, themes, their priorities, their areas, their objectives,
    # unthemed priorities, values (none, so no query for their objectives), events, and
    # the indicators linked to the values' objectives (`performance`'s section)
    with django_assert_num_queries(10):
        client.get(url)


def test_priority_page_shows_the_wording_timeline(client, priority):
    response = client.get(priority.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del" in html
    assert "To increase feelings of public safety</del>" in html
    assert "To increase community confidence in public services</ins>" in html
    assert "11 July 2007" in html
    assert "Summer Workshop" in html
    assert "Suggested focus on reassurance wards" in html
    assert "E05013794" in html
    assert "Record a revision" not in html


def test_administrator_sees_the_record_a_revision_button(client, administrator, priority):
    client.force_login(administrator)
    assert "Record a revision" in client.get(priority.get_absolute_url()).content.decode()


def test_board_member_sees_a_priority_history(client, board_member, priority):
    client.force_login(board_member)
    response = client.get(reverse("strategy:priority-history", args=[priority.pk]))
    assert response.status_code == 200
    assert "To increase feelings of public safety" in response.content.decode()


def test_board_member_sees_strategy_theme_value_and_event_history(
    client, board_member, priority, workshop
):
    client.force_login(board_member)
    theme = priority.theme
    approach = priority.strategy.approaches.get()
    for url in [
        reverse("strategy:strategy-history", args=[priority.strategy.slug]),
        reverse("strategy:theme-history", args=[theme.pk]),
        reverse("strategy:approach-history", args=[approach.pk]),
        reverse("strategy:event-history", args=[workshop.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_anonymous_cannot_see_history(client, priority):
    response = client.get(reverse("strategy:priority-history", args=[priority.pk]))
    assert response.status_code in (302, 403)


def _history_links(strategy, priority) -> list[str]:
    theme, approach = priority.theme, strategy.approaches.get()
    return [
        reverse("strategy:strategy-history", args=[strategy.slug]),
        reverse("strategy:theme-history", args=[theme.pk]),
        reverse("strategy:approach-history", args=[approach.pk]),
    ]


def test_the_public_strategy_page_offers_no_history_links(client, priority):
    html = client.get(priority.strategy.get_absolute_url()).content.decode()
    assert [u for u in _history_links(priority.strategy, priority) if u in html] == []
    assert reverse("strategy:priority-history", args=[priority.pk]) not in (
        client.get(priority.get_absolute_url()).content.decode()
    )


def test_a_board_member_gets_the_strategy_pages_history_links(client, board_member, priority):
    client.force_login(board_member)
    html = client.get(priority.strategy.get_absolute_url()).content.decode()
    assert [u for u in _history_links(priority.strategy, priority) if u not in html] == []


def test_event_page_lists_what_changed(client, priority, workshop):
    response = client.get(reverse("strategy:event-detail", args=[workshop.pk]))
    assert response.status_code == 200
    assert "CS-1" in response.content.decode()


def test_unknown_strategy_is_404(client, partnership):
    assert client.get(reverse("strategy:strategy-detail", args=["nope"])).status_code == 404


# Recording a revision -----------------------------------------------------


def valid_post(workshop) -> dict:
    return {
        "status": "agreed",
        "date": "2007-09-01",
        "event": workshop.pk,
        "wording": "To increase community confidence in public services",
        "note": "Agreed by the board",
    }


def test_anonymous_is_sent_to_sign_in_for_the_revision_form(client, priority):
    response = client.get(add_url(priority))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_cannot_post_a_revision(client, priority, workshop):
    response = client.post(add_url(priority), valid_post(workshop))
    assert response.status_code == 302
    assert priority.revisions.count() == 2


@pytest.mark.parametrize("user", ["editor", "board_member", "other_partnership_administrator"])
def test_only_the_partnerships_administrators_may_open_the_revision_form(
    client, priority, user, request
):
    client.force_login(request.getfixturevalue(user))
    assert client.get(add_url(priority)).status_code == 403


@pytest.mark.parametrize("user", ["editor", "board_member", "other_partnership_administrator"])
def test_organisation_editor_cannot_record_a_revision(client, priority, workshop, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.post(add_url(priority), valid_post(workshop)).status_code == 403
    assert priority.revisions.count() == 2


def test_administrator_sees_the_revision_form(client, administrator, priority):
    client.force_login(administrator)
    response = client.get(add_url(priority))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'class="govuk-radios__input"' in html
    assert 'value="new"' not in html  # a live priority cannot be recorded as New


def test_administrator_records_a_revision(client, administrator, priority, workshop):
    client.force_login(administrator)
    response = client.post(add_url(priority), valid_post(workshop))
    assert response.status_code == 302
    assert response["Location"] == priority.get_absolute_url()
    revision = priority.revisions.last()
    assert (revision.status, revision.note, revision.sequence) == (
        "agreed",
        "Agreed by the board",
        3,
    )
    assert revision.wording == ""  # unchanged wording is kept, not repeated
    priority.refresh_from_db()
    assert priority.status == "agreed"
    assert revision.history.get().history_user == administrator


def test_revision_form_reports_rule_errors_in_govuk_style(
    client, administrator, priority, workshop
):
    client.force_login(administrator)
    data = valid_post(workshop) | {"status": "refined", "date": "2007-07-01"}
    response = client.post(add_url(priority), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The wording has not changed" in html
    assert "This is before the last revision (11 July 2007)" in html
    assert PriorityRevision.objects.filter(priority=priority).count() == 2


def test_revision_form_needs_merged_into_for_a_merge(client, administrator, priority, workshop):
    client.force_login(administrator)
    response = client.post(add_url(priority), valid_post(workshop) | {"status": "merged"})
    assert "Choose the priority this one was merged into" in response.content.decode()


def test_htmx_get_returns_the_form_partial(client, administrator, priority):
    client.force_login(administrator)
    response = client.get(add_url(priority), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="revision-form"' in html


def test_htmx_post_with_errors_returns_the_form_partial(client, administrator, priority, workshop):
    client.force_login(administrator)
    data = valid_post(workshop) | {"date": "not a date"}
    response = client.post(add_url(priority), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert (
        f"Date must be a real date, like {example_date_text(timezone.localdate(), past=True)}"
        in html
    )


def test_htmx_post_that_succeeds_redirects_the_page(client, administrator, priority, workshop):
    client.force_login(administrator)
    response = client.post(add_url(priority), valid_post(workshop), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == priority.get_absolute_url()


# Focus areas ---------------------------------------------------------------


def areas_url(priority) -> str:
    return reverse("strategy:target-areas-change", args=[priority.pk])


def test_administrator_changes_the_focus_areas(client, administrator, priority):
    from roundtable.strategy.tests.factories import AreaFactory

    AreaFactory(code="westminster-reassurance-wards", name="Reassurance wards")
    client.force_login(administrator)
    assert "E05013794" in client.get(areas_url(priority)).content.decode()
    response = client.post(areas_url(priority), {"codes": "westminster-reassurance-wards"})
    assert response.status_code == 302
    assert [a.code for a in priority.target_areas.all()] == ["westminster-reassurance-wards"]
    assert priority.history.latest().history_user == administrator


def test_focus_areas_form_names_an_unknown_code(client, administrator, priority):
    client.force_login(administrator)
    response = client.post(areas_url(priority), {"codes": "E05013794; E05999999"})
    assert "There is no area with code E05999999" in response.content.decode()
    assert [a.code for a in priority.target_areas.all()] == ["E05013794"]


def test_anonymous_is_sent_to_sign_in_for_the_focus_areas_form(client, priority):
    assert client.post(areas_url(priority), {"codes": ""}).status_code == 302
    assert priority.target_areas.count() == 1


@pytest.mark.parametrize("user", ["editor", "board_member", "other_partnership_administrator"])
def test_only_administrators_may_change_focus_areas(client, priority, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(areas_url(priority)).status_code == 403
    assert client.post(areas_url(priority), {"codes": ""}).status_code == 403
    assert priority.target_areas.count() == 1


def test_revision_form_reports_a_missing_date_and_a_missing_merge_together(
    client, administrator, priority
):
    client.force_login(administrator)
    response = client.post(add_url(priority), {"status": "merged", "date": ""})
    html = response.content.decode()
    assert "Enter the date of the revision" in html
    assert "Choose the priority this one was merged into" in html
    assert "Enter the date of the revision, like" not in html


def test_a_revision_is_dated_in_words(client, administrator, priority, workshop):
    client.force_login(administrator)
    data = valid_post(workshop) | {"date": "1 September 2007"}
    response = client.post(add_url(priority), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    revision = PriorityRevision.objects.filter(priority=priority).latest("pk")
    assert revision.date == datetime.date(2007, 9, 1)


def test_priority_page_title_gives_its_wording_not_its_code_alone(client, priority):
    # The browser tab and history read "Priority CS-1", a code only insiders know.
    html = client.get(priority.get_absolute_url()).content.decode()
    assert "<title>CS-1: To increase community confidence in public services –" in html
