"""Strategy API: /api/v1/strategies and /api/v1/priorities."""

from __future__ import annotations

import pytest

from roundtable.strategy.tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def test_strategies_lists_every_strategy(client, strategy):
    StrategyFactory()
    response = client.get("/api/v1/strategies")
    assert response.status_code == 200
    assert len(response.json()) == 2


def test_strategies_filters_by_partnership(client, strategy):
    StrategyFactory()
    body = client.get("/api/v1/strategies", {"partnership": "westminster"}).json()
    assert [s["slug"] for s in body] == ["wcp-laa"]
    assert body[0]["period"] == "2008–11"
    assert body[0]["partnership"] == "westminster"


def test_strategies_with_an_unknown_partnership_is_404(client, strategy):
    assert client.get("/api/v1/strategies", {"partnership": "nowhere"}).status_code == 404


def test_strategy_has_themes_priorities_and_values(client, priority):
    body = client.get("/api/v1/strategies/wcp-laa").json()
    theme = body["themes"][0]
    assert theme["name"] == "Community Safety"
    assert theme["priorities"][0] == {
        "id": priority.pk,
        "ref": "CS-1",
        "wording": "To increase community confidence in public services",
        "status": "refined",
        "theme": "Community Safety",
        "target_areas": ["E05013794"],
        "objectives": ["Focus on the most vulnerable groups"],
        "url": priority.get_absolute_url(),
    }
    assert body["values"] == [
        {"name": "Narrowing the gaps", "description": "", "objectives": ["Close the gap"]}
    ]
    assert body["unthemed_priorities"] == []


def test_unknown_strategy_is_404(client, partnership):
    assert client.get("/api/v1/strategies/nope").status_code == 404


def test_priority_has_revisions_and_target_areas(client, priority, workshop):
    body = client.get(f"/api/v1/priorities/{priority.pk}").json()
    assert body["strategy"] == "wcp-laa"
    assert body["target_areas"] == [{"code": "E05013794", "name": "Church Street"}]
    assert [r["status"] for r in body["revisions"]] == ["draft", "refined"]
    first, second = body["revisions"]
    assert first["wording"] == "To increase feelings of public safety"
    assert second["event"] == {
        "id": workshop.pk,
        "name": "Summer Workshop",
        "date": "2007-07-11",
        "kind": "workshop",
    }
    assert second["note"] == "Suggested focus on reassurance wards"


def test_unknown_priority_is_404(client, partnership):
    assert client.get("/api/v1/priorities/999999").status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_strategy_endpoint_uses_constant_queries(
    client, strategy, workshop, count, django_assert_num_queries
):
    from roundtable.strategy import services
    from roundtable.strategy.tests.conftest import JULY
    from roundtable.strategy.tests.factories import ThemeFactory

    theme = ThemeFactory(strategy=strategy)
    for n in range(count):
        services.add_priority(None, strategy, ref=f"P{n}", wording="x", date=JULY, theme=theme)
    # strategy, themes, their priorities, areas, objectives, unthemed priorities, values
    # (none, so no query for their objectives), events, the partnership's slug (addresses)
    with django_assert_num_queries(9):
        body = client.get("/api/v1/strategies/wcp-laa").json()
    assert len(body["themes"][0]["priorities"]) == count
