"""Which indicators measure a strategy priority or objective: set by the partnership's
administrators on the priority's (or objective's) Indicators page, listed on the
priority's page with how they stand (the theme's indicators when none is linked),
and linked back from each indicator's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.core.permissions import SignInRequired
from roundtable.partnership.addresses import partnership_reverse
from roundtable.performance import services
from roundtable.performance.models import Indicator
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory
from roundtable.strategy.choices import StrategyStatus
from roundtable.strategy.tests.factories import (
    ApproachFactory,
    ObjectiveFactory,
    PriorityFactory,
    StrategyFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

Q2 = "2011/12 Q2"


@pytest.fixture
def priority(partnership):
    strategy = StrategyFactory(partnership=partnership, title="Sustainable Community Strategy")
    theme = ThemeFactory(strategy=strategy, name="Safety")
    return PriorityFactory(strategy=strategy, theme=theme, ref="SAF", wording="Everyone is safe")


@pytest.fixture
def objective(priority):
    return ObjectiveFactory(priority=priority, text="Fewer burglaries")


def indicator(partnership, council, code, *, theme="Safety", public=True):
    """An indicator (higher is better) on target in 2011/12 Q2."""
    made = IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        code=code,
        name=f"{code} measure",
        theme=theme,
        is_public=public,
    )
    IndicatorValueFactory(indicator=made, period=Q2, actual=Decimal(60), target=Decimal(55))
    return made


def address(record, name):
    return partnership_reverse(record.partnership_id, name, args=[record.pk])


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# -- The service: who may, and what ---------------------------------------------------


def test_an_administrator_links_and_unlinks_indicators_with_history(
    partnership, council, priority, administrator
):
    first, second = indicator(partnership, council, "L 1"), indicator(partnership, council, "L 2")
    linked = services.set_measured_indicators(administrator, priority, [first, second])
    assert linked == [first, second]
    assert set(priority.indicators.all()) == {first, second}
    services.set_measured_indicators(administrator, priority, [second])
    assert list(priority.indicators.all()) == [second]
    # Each change is in the indicator's history, naming who made it.
    latest = first.history.latest()
    assert latest.history_user == administrator
    assert list(latest.priorities.values_list("priority_id", flat=True)) == []
    entries = list(first.history.order_by("history_date"))
    assert [list(e.priorities.values_list("priority_id", flat=True)) for e in entries][-2:] == [
        [priority.pk],
        [],
    ]


def test_setting_the_same_list_again_writes_nothing(partnership, council, priority, administrator):
    first = indicator(partnership, council, "L 1")
    services.set_measured_indicators(administrator, priority, [first])
    before = first.history.count()
    services.set_measured_indicators(administrator, priority, [first])
    assert first.history.count() == before


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_only_the_partnerships_administrators_may(partnership, council, priority, who, request):
    first = indicator(partnership, council, "L 1")
    with pytest.raises(PermissionDenied):
        services.set_measured_indicators(request.getfixturevalue(who), priority, [first])
    assert not priority.indicators.exists()


def test_nobody_signed_in_is_sent_to_sign_in(partnership, council, priority):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(SignInRequired):
        services.set_measured_indicators(AnonymousUser(), priority, [])


def test_another_partnerships_indicator_is_refused_at_indicators(
    partnership, other_partnership, council, priority, administrator
):
    theirs = IndicatorFactory(partnership=other_partnership, code="W 1")
    with pytest.raises(ValidationError) as refused:
        services.set_measured_indicators(administrator, priority, [theirs])
    assert "indicators" in refused.value.message_dict
    assert "W 1" in refused.value.message_dict["indicators"][0]
    assert not priority.indicators.exists()


def test_an_objective_names_its_indicators(partnership, council, objective, administrator):
    first = indicator(partnership, council, "L 1")
    services.set_measured_indicators(administrator, objective, [first])
    assert list(objective.indicators.all()) == [first]
    assert not Indicator.objects.filter(priorities__isnull=False).exists()


# -- The Indicators pages -------------------------------------------------------------


def test_the_priority_indicators_page_chooses_by_theme_and_saves(
    client, partnership, council, priority, administrator
):
    first = indicator(partnership, council, "L 1")
    indicator(partnership, council, "H 1", theme="Health")
    client.force_login(administrator)
    url = address(priority, "performance:priority-indicators")
    html = text(client, url)
    assert "Indicators of priority SAF" in html
    assert "Everyone is safe" in html
    assert 'type="checkbox"' in html
    assert "<select" not in html
    # Grouped by theme, themes A to Z.
    assert html.index("Health") < html.index("Safety", html.index("<form"))
    response = client.post(url, {"indicators": [first.pk]})
    assert response.status_code == 302
    assert list(priority.indicators.all()) == [first]
    assert "Indicators saved for priority SAF" in text(client, priority.get_absolute_url())


def test_a_choice_not_offered_is_refused_at_the_field(
    client, partnership, other_partnership, council, priority, administrator
):
    theirs = IndicatorFactory(partnership=other_partnership, code="W 1")
    client.force_login(administrator)
    url = address(priority, "performance:priority-indicators")
    response = client.post(url, {"indicators": [theirs.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_indicators' in html
    assert "is not one of the partnership&#x27;s indicators" in html
    assert not priority.indicators.exists()


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_the_pages_refuse_everyone_but_administrators(
    client, partnership, council, priority, objective, who, request
):
    first = indicator(partnership, council, "L 1")
    client.force_login(request.getfixturevalue(who))
    for url in (
        address(priority, "performance:priority-indicators"),
        address(objective, "performance:objective-indicators"),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"indicators": [first.pk]}).status_code == 403, url
    assert not first.priorities.exists()
    assert not first.objectives.exists()


def test_the_pages_send_nobody_signed_in_to_sign_in(client, priority, objective):
    for url in (
        address(priority, "performance:priority-indicators"),
        address(objective, "performance:objective-indicators"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "sign-in" in response["Location"]


def test_a_values_objective_has_its_page_too(client, partnership, council, administrator):
    strategy = StrategyFactory(partnership=partnership)
    value = ApproachFactory(strategy=strategy, name="Equality and fairness")
    objective = ObjectiveFactory(priority=None, approach=value, strategy=strategy)
    first = indicator(partnership, council, "L 1")
    client.force_login(administrator)
    url = address(objective, "performance:objective-indicators")
    assert "Indicators of an objective of Equality and fairness" in text(client, url)
    assert client.post(url, {"indicators": [first.pk]}).status_code == 302
    assert list(objective.indicators.all()) == [first]


# -- The priority's page --------------------------------------------------------------


def test_linked_indicators_are_listed_instead_of_the_themes(
    client, partnership, council, priority, administrator, board_member
):
    first = indicator(partnership, council, "L 1", theme="Health")
    indicator(partnership, council, "L 2")  # of the Safety theme, not linked
    services.set_measured_indicators(administrator, priority, [first])
    client.force_login(board_member)
    html = text(client, priority.get_absolute_url())
    assert "Indicators that measure this priority" in html
    assert "L 1 L 1 measure</a>" in html
    assert "Performance on/above target" in html
    assert "L 2 measure" not in html
    assert "Indicators of the Safety theme" not in html
    assert "Choose the indicators" not in html


def test_without_links_the_themes_indicators_are_the_fallback_and_it_says_so(
    client, partnership, council, priority, administrator
):
    indicator(partnership, council, "L 2")
    client.force_login(administrator)
    html = text(client, priority.get_absolute_url())
    assert "Indicators of the Safety theme" in html
    assert "No indicators have been linked to this priority, so these are the indicators" in html
    assert "L 2 L 2 measure</a>" in html
    assert "Choose the indicators that measure this priority" in html


def test_a_linked_indicator_not_marked_public_is_hidden_from_the_public(
    client, partnership, council, priority, administrator, other_partnership_officer
):
    hidden = indicator(partnership, council, "L 9", public=False)
    indicator(partnership, council, "L 2")  # the theme's: not shown instead
    services.set_measured_indicators(administrator, priority, [hidden])
    for who in (None, other_partnership_officer):
        if who:
            client.force_login(who)
        html = text(client, priority.get_absolute_url())
        assert "L 9" not in html
        assert "L 2 measure" not in html
        assert "Indicators of the Safety theme" not in html


def test_an_objectives_indicators_are_listed_as_the_reader_may_see_them(
    client, partnership, council, objective, administrator, board_member
):
    shown = indicator(partnership, council, "L 1")
    hidden = indicator(partnership, council, "L 9", public=False)
    services.set_measured_indicators(administrator, objective, [shown, hidden])
    html = text(client, objective.priority.get_absolute_url())
    assert "Indicators of its objectives" in html
    assert "L 1 L 1 measure</a>" in html
    assert "L 9" not in html
    client.force_login(board_member)
    assert "L 9 L 9 measure</a>" in text(client, objective.priority.get_absolute_url())


# The priority page's own reads (`strategy/tests/test_priority_delivery.py`), the
# linked indicators (1) and its objectives' (1), and the performance report's fixed
# number (periods, settings, indicators, figures...), however many are linked.
PRIORITY_PAGE_QUERIES = 23


@pytest.mark.parametrize("count", [2, 20])
def test_the_priority_page_takes_the_same_queries_for_2_or_20_linked_indicators(
    client,
    partnership,
    council,
    priority,
    objective,
    administrator,
    board_member,
    count,
    django_assert_num_queries,
):
    indicators = [indicator(partnership, council, f"L {n}") for n in range(count)]
    services.set_measured_indicators(administrator, priority, indicators)
    services.set_measured_indicators(administrator, objective, indicators)
    client.force_login(board_member)
    url = priority.get_absolute_url()
    client.get(url)  # the address's redirect and caches, once
    with django_assert_num_queries(PRIORITY_PAGE_QUERIES):
        html = text(client, url)
    assert html.count(" measure</a>") == 2 * count


# -- The indicator's page links back ----------------------------------------------------


def test_the_indicator_page_links_back_to_what_it_measures(
    client, partnership, council, priority, objective, administrator
):
    first = indicator(partnership, council, "L 1")
    services.set_measured_indicators(administrator, priority, [first])
    services.set_measured_indicators(administrator, objective, [first])
    html = text(client, first.get_absolute_url())
    assert "Measures priority SAF</a>: Everyone is safe" in html
    assert priority.get_absolute_url() in html
    assert "Fewer burglaries</a>" in html


def test_a_draft_strategys_priority_is_linked_back_as_strategies_are_published_from_draft(
    client, partnership, council, priority, administrator
):
    """Strategies, priorities and objectives are public drafts included
    (`Strategy.visibility`; docs/accounts.md): the back-link shows what the priority's
    own page shows anyone."""
    priority.strategy.status = StrategyStatus.DRAFT
    priority.strategy.save()
    first = indicator(partnership, council, "L 1")
    services.set_measured_indicators(administrator, priority, [first])
    assert "Measures priority SAF" in text(client, first.get_absolute_url())
    assert client.get(priority.get_absolute_url()).status_code == 200


def test_the_back_links_of_an_indicator_not_marked_public_are_not_given_away(
    client, partnership, council, priority, administrator, other_partnership_officer
):
    hidden = indicator(partnership, council, "L 9", public=False)
    services.set_measured_indicators(administrator, priority, [hidden])
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(other_partnership_officer)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_link_to_another_partnerships_priority_is_never_shown(
    client, partnership, other_partnership, council, administrator
):
    """Links are made within a partnership (the service refuses others); one made
    behind its back (a stray row) is not shown either."""
    theirs = PriorityFactory(
        strategy=StrategyFactory(partnership=other_partnership), ref="W-1", wording="Theirs"
    )
    first = indicator(partnership, council, "L 1")
    first.priorities.add(theirs)
    assert "W-1" not in text(client, first.get_absolute_url())


def test_the_strategy_page_lists_its_values_objectives_indicators(
    client, partnership, council, administrator
):
    strategy = StrategyFactory(partnership=partnership)
    value = ApproachFactory(strategy=strategy, name="Equality and fairness")
    measured = ObjectiveFactory(
        priority=None, approach=value, strategy=strategy, text="Good relations"
    )
    ObjectiveFactory(priority=None, approach=value, strategy=strategy, text="Evidence base")
    shown = indicator(partnership, council, "L 1")
    hidden = indicator(partnership, council, "L 9", public=False)
    services.set_measured_indicators(administrator, measured, [shown, hidden])
    html = text(client, strategy.get_absolute_url())
    assert "Indicators of the values&#x27; objectives" in html
    assert "L 1 L 1 measure</a>" in html
    assert "L 9" not in html
    # The public sees the objectives with indicators only.
    assert "Evidence base" not in html[html.index('id="objective-indicators"') :]
    assert "Choose<span" not in html
    client.force_login(administrator)
    html = text(client, strategy.get_absolute_url())
    assert "L 9 L 9 measure</a>" in html
    assert html.count("Choose<span") == 1
    # The objective with none, folded away, with the link to choose them.
    assert "Choose the indicators of another objective" in html
    assert "Evidence base</a>" in html[html.index('id="objective-indicators"') :]
