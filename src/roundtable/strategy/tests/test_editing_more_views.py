"""The pages that add and edit events, values and approaches, and objectives: for the
partnership's administrators (who else is refused: test_editing_views); linked where
an administrator looks. And the strategy list, which stacks on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.strategy.models import Approach, Event, Priority
from roundtable.strategy.tests.conftest import JULY, editing_pages
from roundtable.strategy.tests.factories import (
    ApproachFactory,
    EventFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

NOT_ALLOWED = ["editor", "board_member", "other_partnership_administrator"]
ADD_EVENT = under("westminster", reverse("strategy:event-add"))
STRATEGIES = under("westminster", reverse("strategy:strategy-list"))

EVENT_POST = {
    "name": "Partnership board",
    "date": "2007-09-12",
    "kind": "board_meeting",
    "description": "Agreed the LAA priorities",
    "source": "Board minutes, 12 September 2007",
}


def _approach(priority: Priority) -> Approach:
    return priority.strategy.approaches.get()  # Narrowing the gaps, with "Close the gap"


#: The pages this module's links are checked for (who may open them: test_editing_views).
PAGES = (
    "event-add",
    "event-edit",
    "approach-add",
    "approach-edit",
    "priority-objective-add",
    "approach-objective-add",
    "objective-edit",
)


def _urls(priority: Priority) -> dict[str, str]:
    return {name: url for name, url in editing_pages(priority).items() if name in PAGES}


# Events -----------------------------------------------------------------------


def test_administrator_adds_an_event(client, administrator, partnership):
    client.force_login(administrator)
    response = client.post(ADD_EVENT, EVENT_POST)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert (event.partnership, event.date, event.kind) == (
        partnership,
        datetime.date(2007, 9, 12),
        "board_meeting",
    )
    assert event.history.get().history_user == administrator


def test_a_new_partnership_adds_an_event_from_the_priority_form_and_chooses_it(
    client, administrator, strategy
):
    # A partnership set up from nothing had no event to choose on the priority form.
    client.force_login(administrator)
    priority_add = under("westminster", reverse("strategy:priority-add", args=[strategy.slug]))
    form = client.get(priority_add).content.decode()
    assert f'href="{ADD_EVENT}?strategy={strategy.slug}"' in form
    response = client.post(f"{ADD_EVENT}?strategy={strategy.slug}", EVENT_POST)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{priority_add}?event={event.pk}"
    html = client.get(response["Location"]).content.decode()
    assert (
        f'<option value="{event.pk}" selected>Partnership board, 12 September 2007</option>' in html
    )
    assert "Partnership board added" in html


def test_an_event_added_from_the_revision_form_comes_back_chosen(client, administrator, priority):
    # Recording a revision at a workshop not yet listed meant leaving the form.
    client.force_login(administrator)
    revision_add = under("westminster", reverse("strategy:revision-add", args=[priority.pk]))
    form = client.get(revision_add).content.decode()
    assert f'href="{ADD_EVENT}?priority={priority.pk}"' in form
    assert f'href="{revision_add}" class="govuk-back-link"' in client.get(
        f"{ADD_EVENT}?priority={priority.pk}"
    ).content.decode().replace("\n", "")
    response = client.post(f"{ADD_EVENT}?priority={priority.pk}", EVENT_POST)
    event = Event.objects.get(name="Partnership board")
    assert response["Location"] == f"{revision_add}?event={event.pk}"
    html = client.get(response["Location"]).content.decode()
    assert (
        f'<option value="{event.pk}" selected>Partnership board, 12 September 2007</option>' in html
    )


def test_the_event_form_goes_back_to_no_other_partnerships_priority(client, administrator):
    other = StrategyFactory(partnership=PartnershipFactory(slug="elsewhere"), slug="other")
    theirs = PriorityFactory(strategy=other)
    client.force_login(administrator)
    response = client.post(f"{ADD_EVENT}?priority={theirs.pk}", EVENT_POST)
    assert response["Location"] == Event.objects.get().get_absolute_url()
    response = client.post(f"{ADD_EVENT}?priority=nonsense", EVENT_POST | {"name": "Another"})
    assert response.status_code == 302


def test_the_event_form_goes_back_to_no_other_partnerships_strategy(client, administrator):
    other = StrategyFactory(partnership=PartnershipFactory(slug="elsewhere"), slug="other")
    client.force_login(administrator)
    response = client.post(f"{ADD_EVENT}?strategy={other.slug}", EVENT_POST)
    assert response["Location"] == Event.objects.get().get_absolute_url()


def test_an_event_form_with_errors_names_each_field(client, administrator, partnership):
    client.force_login(administrator)
    html = client.get(ADD_EVENT).content.decode()
    assert '<option value="" selected>Choose a kind of event</option>' in html
    response = client.post(ADD_EVENT, EVENT_POST | {"name": "", "date": "July", "kind": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Add an event" in html
    assert '<a href="#id_name">Enter the name of the event</a>' in html
    assert 'href="#id_date">Date must be a real date' in html
    assert '<a href="#id_kind">Select the kind of event</a>' in html
    assert not Event.objects.exists()


def test_an_event_with_the_same_name_and_date_is_refused_at_the_name(
    client, administrator, workshop
):
    client.force_login(administrator)
    post = EVENT_POST | {"name": "Summer Workshop", "date": JULY.isoformat()}
    response = client.post(ADD_EVENT, post)
    assert response.status_code == 400
    assert (
        '<a href="#id_name">The partnership already has an event with this name on this date.</a>'
        in response.content.decode()
    )
    assert Event.objects.count() == 1


def test_administrator_edits_an_event(client, administrator, workshop):
    client.force_login(administrator)
    url = reverse("strategy:event-edit", args=[workshop.pk])
    assert 'value="Summer Workshop"' in client.get(url).content.decode()
    response = client.post(url, EVENT_POST | {"name": "Summer Workshop, Marylebone"})
    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    workshop.refresh_from_db()
    assert (workshop.name, workshop.kind) == ("Summer Workshop, Marylebone", "board_meeting")
    assert workshop.history.latest().history_user == administrator


def test_renaming_an_event_to_anothers_name_and_date_is_refused_at_the_name(
    client, administrator, workshop
):
    EventFactory(partnership=workshop.partnership, name="Board", date=JULY)
    client.force_login(administrator)
    url = reverse("strategy:event-edit", args=[workshop.pk])
    post = EVENT_POST | {"name": "Board", "date": JULY.isoformat()}
    response = client.post(url, post)
    assert response.status_code == 400
    assert 'href="#id_name">The partnership already has an event' in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.name == "Summer Workshop"


# Values and approaches ---------------------------------------------------------


def test_administrator_adds_a_value(client, administrator, strategy):
    client.force_login(administrator)
    url = reverse("strategy:approach-add", args=[strategy.slug])
    assert 'name="order"' not in client.get(url).content.decode()  # after the others
    response = client.post(url, {"name": "Equality and fairness", "description": ""})
    approach = strategy.approaches.get()
    assert response.status_code == 302
    assert response["Location"] == approach.get_absolute_url()
    assert approach.history.get().history_user == administrator


def test_a_value_name_the_strategy_has_is_refused_at_the_name(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:approach-add", args=[priority.strategy.slug])
    response = client.post(url, {"name": "Narrowing the gaps"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_name">This strategy already has a value or approach' in html
    response = client.post(url, {"name": ""})
    assert '<a href="#id_name">Enter the name of the value or approach</a>' in (
        response.content.decode()
    )


def test_administrator_edits_a_value(client, administrator, priority):
    approach = _approach(priority)
    ApproachFactory(strategy=priority.strategy, name="Equality")
    client.force_login(administrator)
    url = reverse("strategy:approach-edit", args=[approach.pk])
    refused = client.post(url, {"name": "Equality", "description": "", "order": "2"})
    assert refused.status_code == 400
    assert 'href="#id_name">This strategy already has a value' in refused.content.decode()
    response = client.post(url, {"name": "Closing the gaps", "description": "", "order": "2"})
    assert response.status_code == 302
    approach.refresh_from_db()
    assert (approach.name, approach.order) == ("Closing the gaps", 2)
    assert approach.history.latest().history_user == administrator


# Objectives ------------------------------------------------------------------


def test_administrator_adds_an_objective_to_a_priority(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:priority-objective-add", args=[priority.pk])
    assert priority.wording in client.get(url).content.decode()
    response = client.post(url, {"text": "Halve repeat burglary"})
    assert response.status_code == 302
    assert response["Location"] == priority.get_absolute_url()
    objectives = list(priority.objectives.order_by("order").values_list("text", flat=True))
    assert objectives == ["Focus on the most vulnerable groups", "Halve repeat burglary"]
    added = priority.objectives.get(text="Halve repeat burglary")
    assert added.history.get().history_user == administrator


def test_administrator_adds_an_objective_to_a_value(client, administrator, priority):
    approach = _approach(priority)
    client.force_login(administrator)
    url = reverse("strategy:approach-objective-add", args=[approach.pk])
    response = client.post(url, {"text": "Report on the gap each year"})
    assert response.status_code == 302
    assert response["Location"] == approach.get_absolute_url()
    assert approach.objectives.count() == 2


def test_an_objective_its_priority_has_is_refused_at_the_text(client, administrator, priority):
    client.force_login(administrator)
    url = reverse("strategy:priority-objective-add", args=[priority.pk])
    response = client.post(url, {"text": "Focus on the most vulnerable groups"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_text">This priority already has this objective.</a>' in html
    response = client.post(url, {"text": "  "})
    assert '<a href="#id_text">Enter the objective</a>' in response.content.decode()
    assert priority.objectives.count() == 1


def test_administrator_edits_an_objective(client, administrator, priority):
    objective = priority.objectives.get()
    client.force_login(administrator)
    url = reverse("strategy:objective-edit", args=[objective.pk])
    assert "Focus on the most vulnerable groups</textarea>" in client.get(url).content.decode()
    response = client.post(url, {"text": "Focus on the most vulnerable people", "order": "2"})
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.text, objective.order) == ("Focus on the most vulnerable people", 2)
    assert objective.history.latest().history_user == administrator


# Links ------------------------------------------------------------------------


@pytest.mark.parametrize("user", [None, "editor", "board_member"])
def test_others_get_no_links_to_add_or_edit(client, priority, user, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    event = priority.revisions.first().event
    pages = [
        client.get(STRATEGIES),
        client.get(priority.strategy.get_absolute_url()),
        client.get(priority.get_absolute_url()),
        client.get(event.get_absolute_url()),
    ]
    html = "".join(page.content.decode() for page in pages)
    for url in _urls(priority).values():
        assert url.removeprefix("/westminster") not in html, url
    assert "Add an event" not in html
    assert "Edit event" not in html


def test_an_administrator_gets_the_links_where_they_look(client, administrator, priority):
    client.force_login(administrator)
    urls = _urls(priority)
    strategies = client.get(STRATEGIES).content.decode()
    assert f'href="{ADD_EVENT}"' in strategies
    event = priority.revisions.first().event
    assert f'href="{event.get_absolute_url()}"' in strategies  # the partnership's events
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{under("westminster", urls["event-edit"])}"' in event_page
    page = client.get(priority.strategy.get_absolute_url()).content.decode()
    for name in ["approach-add", "approach-edit", "approach-objective-add"]:
        assert f'href="{under("westminster", urls[name])}"' in page, name
    approach_objective = _approach(priority).objectives.get()
    assert reverse("strategy:objective-edit", args=[approach_objective.pk]) in page
    detail = client.get(priority.get_absolute_url()).content.decode()
    for name in ["priority-objective-add", "objective-edit"]:
        assert f'href="{under("westminster", urls[name])}"' in detail, name


def test_an_administrator_is_offered_values_and_objectives_before_there_are_any(
    client, administrator, strategy
):
    client.force_login(administrator)
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert "No values or cross-cutting approaches have been recorded." in page
    assert reverse("strategy:approach-add", args=[strategy.slug]) in page


def test_the_strategy_list_stacks_on_a_phone(client, strategy):
    html = client.get(STRATEGIES).content.decode()
    assert '<table class="govuk-table rt-table--stack">' in html
    for label in ["Period", "Status", "Themes", "Priorities"]:
        assert f'data-label="{label}"' in html, label


def test_an_events_table_of_changes_stacks_on_a_phone(client, priority):
    html = client.get(priority.revisions.first().event.get_absolute_url()).content.decode()
    assert '<table class="govuk-table rt-table--stack">' in html
    assert 'data-label="What happened"' in html
