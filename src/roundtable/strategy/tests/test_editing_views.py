"""The pages that add and edit strategies, themes and priorities: for the partnership's
administrators, refused to everyone else (here for every page that adds or edits a
strategy record, events, values and objectives included); linked where an
administrator looks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.partnership.checklist import setup_checklist
from roundtable.strategy.models import Approach, Event, Objective, Priority, Strategy, Theme
from roundtable.strategy.tests.conftest import JULY, editing_pages
from roundtable.strategy.tests.factories import (
    PriorityFactory,
    StrategyFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

NOT_ALLOWED = ["editor", "board_member", "other_partnership_administrator"]
ADD_STRATEGY = under("westminster", reverse("strategy:strategy-add"))

STRATEGY_POST = {
    "title": "Westminster City Plan 2011",
    "short_title": "City Plan",
    "slug": "",
    "kind": "partnership_priorities",
    "start_year": "2011",
    "end_year": "2016",
    "status": "adopted",
    "description": "What the partnership agreed in 2011",
    "source": "City Plan 2011, board paper",
}


# Who may ---------------------------------------------------------------------


#: A post any of the pages would take, were it allowed.
ANY_POST = STRATEGY_POST | {
    "name": "X",
    "ref": "X-1",
    "date": "2007-09-12",
    "kind": "board_meeting",
    "text": "Reach 80%",
    "order": "1",
}


def _nothing_changed(priority: Priority) -> None:
    assert Strategy.objects.count() == 1
    assert list(Theme.objects.values_list("name", flat=True)) == ["Community Safety"]
    priority.refresh_from_db()
    assert priority.ref == "CS-1"
    assert list(Event.objects.values_list("name", flat=True)) == ["Summer Workshop"]
    assert list(Approach.objects.values_list("name", flat=True)) == ["Narrowing the gaps"]
    assert sorted(Objective.objects.values_list("text", flat=True)) == [
        "Close the gap",
        "Focus on the most vulnerable groups",
    ]


def test_anonymous_is_sent_to_sign_in_from_every_page(client, priority):
    for url in editing_pages(priority).values():
        for response in (client.get(url), client.post(url, ANY_POST)):
            assert response.status_code == 302, url
            assert reverse("login") in response["Location"], url
    _nothing_changed(priority)


@pytest.mark.parametrize("user", NOT_ALLOWED)
def test_everyone_but_the_partnerships_administrators_is_refused(client, priority, user, request):
    client.force_login(request.getfixturevalue(user))
    for name, url in editing_pages(priority).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, ANY_POST).status_code == 403, name
    _nothing_changed(priority)


def test_an_unknown_strategy_record_is_404(client, administrator, partnership):
    client.force_login(administrator)
    for url in [
        reverse("strategy:strategy-edit", args=["nope"]),
        reverse("strategy:theme-add", args=["nope"]),
        reverse("strategy:priority-add", args=["nope"]),
        reverse("strategy:theme-edit", args=[999999]),
        reverse("strategy:priority-edit", args=[999999]),
        reverse("strategy:event-edit", args=[999999]),
        reverse("strategy:approach-add", args=["nope"]),
        reverse("strategy:approach-edit", args=[999999]),
        reverse("strategy:priority-objective-add", args=[999999]),
        reverse("strategy:approach-objective-add", args=[999999]),
        reverse("strategy:objective-edit", args=[999999]),
    ]:
        assert client.get(url).status_code == 404, url


def test_administrator_sees_every_form(client, administrator, priority):
    client.force_login(administrator)
    for name, url in editing_pages(priority).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "<form" in response.content.decode(), name


# Strategies ------------------------------------------------------------------


def test_administrator_adds_a_strategy(client, administrator, partnership):
    client.force_login(administrator)
    response = client.post(ADD_STRATEGY, STRATEGY_POST)
    strategy = Strategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == strategy.get_absolute_url()
    assert (strategy.slug, strategy.partnership, strategy.period, strategy.kind) == (
        "westminster-city-plan-2011",
        partnership,
        "2011–16",
        "partnership_priorities",
    )
    assert strategy.history.get().history_user == administrator


def test_the_strategy_form_asks_for_a_kind_in_words(client, administrator, partnership):
    client.force_login(administrator)
    html = client.get(ADD_STRATEGY).content.decode()
    assert '<option value="" selected>Choose a kind of strategy</option>' in html
    assert "---------" not in html
    assert 'id="id_slug-hint"' in html


def test_a_strategy_form_with_errors_names_each_field(client, administrator, partnership):
    client.force_login(administrator)
    post = STRATEGY_POST | {"title": "", "kind": "", "start_year": "2011", "end_year": "2008"}
    response = client.post(ADD_STRATEGY, post | {"slug": "import"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Add a strategy" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_title">Enter the title of the strategy</a>' in html
    assert '<a href="#id_kind">Select the kind of strategy</a>' in html
    assert '<a href="#id_end_year">End year must be the same as or after the start year</a>' in html
    assert "Web address: &#x27;import&#x27; is used by Roundtable&#x27;s own pages" in html
    assert not Strategy.objects.exists()


def test_a_strategy_title_the_partnership_has_is_refused_at_the_title(
    client, administrator, strategy
):
    client.force_login(administrator)
    response = client.post(ADD_STRATEGY, STRATEGY_POST | {"title": strategy.title})
    assert response.status_code == 400
    assert (
        '<a href="#id_title">The partnership already has a strategy with this title.</a>'
        in response.content.decode()
    )
    assert Strategy.objects.count() == 1


def test_a_web_address_another_strategy_has_is_refused_at_the_field(
    client, administrator, partnership
):
    StrategyFactory(slug="city-plan")
    client.force_login(administrator)
    response = client.post(ADD_STRATEGY, STRATEGY_POST | {"slug": "city-plan"})
    assert response.status_code == 400
    assert "Another strategy already uses this web address" in response.content.decode()


def test_administrator_edits_a_strategy(client, administrator, strategy):
    client.force_login(administrator)
    url = reverse("strategy:strategy-edit", args=[strategy.slug])
    form = client.get(url).content.decode()
    assert 'value="Local Area Agreement 2008-11"' in form
    assert 'name="slug"' not in form  # the address people link to stays
    response = client.post(url, STRATEGY_POST)
    strategy.refresh_from_db()
    assert response.status_code == 302
    assert (strategy.title, strategy.slug, strategy.end_year) == (
        "Westminster City Plan 2011",
        "wcp-laa",
        2016,
    )
    assert strategy.history.latest().history_user == administrator


# Themes ----------------------------------------------------------------------


def test_administrator_adds_a_theme(client, administrator, strategy):
    client.force_login(administrator)
    url = reverse("strategy:theme-add", args=[strategy.slug])
    response = client.post(url, {"name": "Health", "description": "Living well"})
    theme = strategy.themes.get()
    assert response.status_code == 302
    assert response["Location"] == theme.get_absolute_url()
    assert theme.history.get().history_user == administrator


def test_a_theme_name_the_strategy_has_is_refused_at_the_name(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:theme-add", args=[priority.strategy.slug])
    response = client.post(url, {"name": "Community Safety"})
    assert response.status_code == 400
    assert (
        '<a href="#id_name">This strategy already has a theme with this name.</a>'
        in response.content.decode()
    )


def test_administrator_renames_a_theme(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:theme-edit", args=[priority.theme_id])
    response = client.post(url, {"name": "Safer Streets", "description": "", "order": "3"})
    assert response.status_code == 302
    priority.theme.refresh_from_db()
    assert (priority.theme.name, priority.theme.order) == ("Safer Streets", 3)
    assert priority.theme.history.latest().history_user == administrator


# Priorities ------------------------------------------------------------------


def _priority_post(**fields) -> dict:
    return {
        "ref": "CS-2",
        "wording": "To reduce reoffending",
        "theme": "",
        "status": "draft",
        "date": "2007-07-11",
        "event": "",
        "note": "",
    } | fields


def test_administrator_adds_a_priority_to_a_theme(client, administrator, priority, workshop):
    client.force_login(administrator)
    strategy, theme = priority.strategy, priority.theme
    url = reverse("strategy:priority-add", args=[strategy.slug])
    response = client.post(url, _priority_post(theme=theme.pk, event=workshop.pk))
    added = strategy.priorities.get(ref="CS-2")
    assert response.status_code == 302
    assert response["Location"] == added.get_absolute_url()
    assert (added.theme, added.status, added.wording) == (theme, "draft", "To reduce reoffending")
    revision = added.revisions.get()
    assert (revision.date, revision.event) == (JULY, workshop)
    assert added.history.get().history_user == administrator


def test_the_priority_form_chooses_the_theme_it_was_opened_from(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:priority-add", args=[priority.strategy.slug])
    html = client.get(url, {"theme": priority.theme_id}).content.decode()
    assert f'<option value="{priority.theme_id}" selected>Community Safety</option>' in html
    assert 'value="refined"' not in html  # a first revision is Draft, New or Agreed


def test_a_priority_form_with_errors_names_each_field(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:priority-add", args=[priority.strategy.slug])
    response = client.post(url, _priority_post(ref="CS-1", wording="", status="", date="July"))
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_ref">This strategy already has a priority with this reference.</a>' in html
    assert '<a href="#id_wording">Enter the wording of the priority</a>' in html
    assert '<a href="#id_status_0">Select how far the priority&#x27;s wording has got</a>' in html
    assert 'href="#id_date">Date must be a real date' in html
    assert priority.strategy.priorities.count() == 1


def test_administrator_edits_a_priority(client, administrator, priority):
    client.force_login(administrator)
    other = ThemeFactory(strategy=priority.strategy, name="Health")
    url = reverse("strategy:priority-edit", args=[priority.pk])
    form = client.get(url).content.decode()
    assert "recording a revision" in form
    response = client.post(url, {"ref": "CS-9", "theme": other.pk, "order": "4"})
    assert response.status_code == 302
    priority.refresh_from_db()
    assert (priority.ref, priority.theme, priority.order) == ("CS-9", other, 4)
    assert priority.revisions.count() == 2  # the wording's history is as it was
    assert priority.history.latest().history_user == administrator


def test_a_priority_reference_the_strategy_has_is_refused_at_the_reference(
    client, administrator, priority
):
    PriorityFactory(strategy=priority.strategy, ref="CS-2")
    client.force_login(administrator)
    url = reverse("strategy:priority-edit", args=[priority.pk])
    response = client.post(url, {"ref": "CS-2", "theme": "", "order": "1"})
    assert response.status_code == 400
    assert 'href="#id_ref">This strategy already has a priority' in response.content.decode()


# Links ------------------------------------------------------------------------


def test_an_administrators_empty_strategy_list_offers_to_add_or_import(
    client, administrator, partnership
):
    client.force_login(administrator)
    html = client.get(under("westminster", reverse("strategy:strategy-list"))).content.decode()
    assert "No strategies have been recorded yet" in html
    assert html.count(f'href="{ADD_STRATEGY}"') == 2  # the button and the empty state
    assert ">Add a strategy</a>" in html
    assert "import them from spreadsheets" in html


@pytest.mark.parametrize("user", [None, "editor", "board_member"])
def test_others_get_no_links_to_add_or_edit(client, priority, user, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    pages = [
        client.get(under("westminster", reverse("strategy:strategy-list"))),
        client.get(priority.strategy.get_absolute_url()),
        client.get(priority.get_absolute_url()),
    ]
    html = "".join(page.content.decode() for page in pages)
    for url in editing_pages(priority).values():
        assert url.removeprefix("/westminster") not in html, url
    assert "Add a strategy" not in html


def test_an_administrator_gets_the_links_where_they_look(client, administrator, priority):
    client.force_login(administrator)
    strategy, theme = priority.strategy, priority.theme
    listing = client.get(under("westminster", reverse("strategy:strategy-list")))
    assert ADD_STRATEGY in listing.content.decode()
    page = client.get(strategy.get_absolute_url()).content.decode()
    for path in [
        reverse("strategy:strategy-edit", args=[strategy.slug]),
        reverse("strategy:theme-add", args=[strategy.slug]),
        reverse("strategy:priority-add", args=[strategy.slug]),
        f"{reverse('strategy:priority-add', args=[strategy.slug])}?theme={theme.pk}",
        reverse("strategy:theme-edit", args=[theme.pk]),
    ]:
        assert f'href="{under("westminster", path)}"' in page, path
    detail = client.get(priority.get_absolute_url()).content.decode()
    assert reverse("strategy:priority-edit", args=[priority.pk]) in detail


def test_the_setup_checklist_offers_to_add_a_strategy_by_hand(partnership):
    row = next(row for row in setup_checklist(partnership) if row.step.key == "strategy")
    assert row.add_url == reverse("strategy:strategy-add")
    assert row.import_url == reverse("strategy:strategy-import")
